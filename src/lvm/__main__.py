from lvm.cli import main

main()
