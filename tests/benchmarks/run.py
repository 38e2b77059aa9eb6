"""lvm's benchmark: start-up, batch throughput, streaming memory, parallelism, training.

Run:  python tests/benchmarks/run.py [--repeat 3] [--small 200000] [--large 2000000]

It makes its own input, runs each measurement several times (the 2M-line
runs once each: they take minutes), and prints medians beside a reference
measured in the same run, as ratios, with each target.  Not collected by
pytest: timings belong here, not in unit tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PYTHON = sys.executable
LVM = str(Path(sys.executable).with_name("lvm"))
VOCABULARY = (
    "managers plan budgets leaders inspire people vision the team and a to of quarterly targets trust "
    "culture process staff schedule direction change we our meeting office report coach purpose while "
    "whereas but not every week"
).split()


def make_statements(count: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return [
        " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(4, 24))).capitalize() + "."
        for _ in range(count)
    ]


def write_lines(path: Path, count: int) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for start in range(0, count, 100_000):
            handle.write("\n".join(make_statements(min(100_000, count - start), seed=start)) + "\n")


def timed(command: list[str], env=None, stdout=subprocess.DEVNULL) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one command, measured by a wrapper process."""
    wrapper = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter()\n"
        "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
        "dt = time.perf_counter() - t\n"
        "print(json.dumps([dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc]))\n"
    )
    out = subprocess.run([PYTHON, "-c", wrapper, *command], capture_output=True, text=True, env=env, check=True)
    seconds, rss, rc = json.loads(out.stdout.strip().splitlines()[-1])
    if rc != 0:
        raise SystemExit(f"benchmark command failed ({rc}): {' '.join(command)}")
    return seconds, rss


def median_time(command, repeat, env=None) -> float:
    return statistics.median(timed(command, env)[0] for _ in range(repeat))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--small", type=int, default=200_000)
    parser.add_argument("--large", type=int, default=2_000_000)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    if not Path(LVM).exists():
        raise SystemExit(f"no lvm console script beside {PYTHON}; pip install . first")

    work = Path(tempfile.mkdtemp(prefix="lvm-bench-"))
    env = {**os.environ, "LVM_HOME": str(work / "home")}
    rows: list[tuple[str, str, str, str, str]] = []
    figures: dict[str, float] = {}

    def add(name, value, reference, ratio, target):
        rows.append((name, value, reference, ratio, target))
        print(f"  {name}: {value} | ref {reference} | {ratio} | {target}", file=sys.stderr, flush=True)

    try:
        print("start-up ...", file=sys.stderr)
        sample = work / "sample.txt"
        sample.write_text("Managers plan budgets. Leaders inspire people.\n" * 20, encoding="utf-8")
        floor = median_time([PYTHON, "-c", "import sklearn"], args.repeat, env)
        figures["floor_import_sklearn_s"] = floor
        for name, command in (
            ("lvm --help", [LVM, "--help"]),
            ("lvm --version", [LVM, "--version"]),
            ("lvm statements (small file)", [LVM, "statements", str(sample)]),
        ):
            seconds = median_time(command, args.repeat, env)
            figures[name] = seconds
            add(name, f"{seconds:.3f} s", f"{floor:.3f} s import sklearn", f"{seconds / floor:.2f} x", f"<= 0.3 s: {'met' if seconds <= 0.3 else 'MISSED'}")
        seconds = median_time([LVM, "classify", "Managers draw up budgets."], args.repeat, env)
        figures["lvm classify"] = seconds
        add("lvm classify (cold)", f"{seconds:.3f} s", f"{floor:.3f} s import sklearn", f"{seconds / floor:.2f} x", f"<= 1.3 x: {'met' if seconds / floor <= 1.3 else 'MISSED'}")

        print(f"throughput on {args.small:,} lines ...", file=sys.stderr)
        small = work / "small.txt"
        write_lines(small, args.small)
        code = (
            "import sys, time\nfrom lvm.predict import Classifier\n"
            "texts = [l.strip() for l in open(sys.argv[1], encoding='utf-8') if l.strip()]\n"
            "pipe = Classifier.load().pipeline\n"
            "t = time.perf_counter(); pipe.predict_proba(texts); print(time.perf_counter() - t)\n"
        )
        in_process = statistics.median(
            float(subprocess.run([PYTHON, "-c", code, str(small)], capture_output=True, text=True, env=env, check=True).stdout)
            for _ in range(args.repeat)
        )
        runs = [timed([LVM, "tag", str(small), "--lines", "--format", "jsonl"], env) for _ in range(args.repeat)]
        end_to_end = statistics.median(r[0] for r in runs)
        rss_small = statistics.median(r[1] for r in runs)
        rate_e2e, rate_ref = args.small / end_to_end, args.small / in_process
        figures.update(tag_small_s=end_to_end, predict_proba_small_s=in_process, rss_small_kib=rss_small)
        add("lvm tag --lines --format jsonl", f"{rate_e2e:,.0f} stmt/s", f"{rate_ref:,.0f} stmt/s predict_proba", f"{rate_e2e / rate_ref:.2f} x", f">= 0.6 x: {'met' if rate_e2e / rate_ref >= 0.6 else 'MISSED'}")

        print(f"memory and parallelism on {args.large:,} lines (minutes) ...", file=sys.stderr)
        large = work / "large.txt"
        write_lines(large, args.large)
        one_seconds, rss_large = timed([LVM, "tag", str(large), "--lines", "--format", "jsonl"], env)
        figures.update(tag_large_jobs1_s=one_seconds, rss_large_kib=rss_large)
        add(f"peak RSS, tag --lines {args.large:,}", f"{rss_large / 1024:.0f} MiB", f"{rss_small / 1024:.0f} MiB at {args.small:,}", f"{rss_large / rss_small:.2f} x", f"<= 1.2 x: {'met' if rss_large / rss_small <= 1.2 else 'MISSED'}")
        two_seconds, _ = timed([LVM, "tag", str(large), "--lines", "--format", "jsonl", "--jobs", "2"], env)
        figures["tag_large_jobs2_s"] = two_seconds
        add(f"tag --jobs 2 on {args.large:,}", f"{two_seconds:.1f} s", f"{one_seconds:.1f} s with --jobs 1", f"{one_seconds / two_seconds:.2f} x faster", f">= 1.5 x: {'met' if one_seconds / two_seconds >= 1.5 else 'MISSED'}")

        print("training ...", file=sys.stderr)
        train = median_time([LVM, "train", "--out", str(work / "model"), "--no-backup"], args.repeat, env)
        figures["train_s"] = train
        add("lvm train (bundled data, search included)", f"{train:.1f} s", "10 s target", f"{train / 10:.2f} x", f"< 10 s: {'met' if train < 10 else 'MISSED'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    cpu = platform.processor() or platform.machine()
    print(f"\nlvm benchmark: {platform.system()} {platform.machine()} ({cpu}), {os.cpu_count()} cores, Python {platform.python_version()}, {args.repeat} runs each (the {args.large:,}-line runs once)\n")
    print("| measurement | lvm | reference (same run) | ratio | target |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
