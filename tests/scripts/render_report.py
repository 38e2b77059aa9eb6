"""Render `lvm report --html` in headless Chromium to a PNG, to look at it as a reader would.

Run:  python tests/scripts/render_report.py [OUT.png]
Needs Debian's chromium (apt-get install chromium); nothing is fetched.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--window-size=1200,3200",
]


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "report.png").resolve()
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        raise SystemExit("chromium not found: apt-get install chromium")
    with tempfile.TemporaryDirectory() as work:
        page = Path(work) / "report.html"
        subprocess.run([sys.executable, "-m", "lvm", "report", "--html", str(page), "--format", "json"],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([browser, *FLAGS, f"--user-data-dir={work}/profile", f"--screenshot={out}", page.as_uri()],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
