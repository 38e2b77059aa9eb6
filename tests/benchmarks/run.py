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


class Bench:
    """Collects rows of the result table and the raw figures."""

    def __init__(self, args) -> None:
        self.args = args
        self.work = Path(tempfile.mkdtemp(prefix="lvm-bench-"))
        self.env = {**os.environ, "LVM_HOME": str(self.work / "home")}
        self.rows: list[tuple[str, ...]] = []
        self.figures: dict[str, float] = {}

    def add(self, name, value, reference, ratio, target, met: bool) -> None:
        row = (name, value, reference, ratio, f"{target}: {'met' if met else 'MISSED'}")
        self.rows.append(row)
        print("  " + " | ".join(row), file=sys.stderr, flush=True)

    def startup(self) -> None:
        print("start-up ...", file=sys.stderr)
        repeat, env = self.args.repeat, self.env
        sample = self.work / "sample.txt"
        sample.write_text("Managers plan budgets. Leaders inspire people.\n" * 20, encoding="utf-8")
        floor = median_time([PYTHON, "-c", "import sklearn"], repeat, env)
        self.figures["floor_import_sklearn_s"] = floor
        for name, command in (
            ("lvm --help", [LVM, "--help"]),
            ("lvm --version", [LVM, "--version"]),
            ("lvm statements (small file)", [LVM, "statements", str(sample)]),
        ):
            seconds = median_time(command, repeat, env)
            self.figures[name] = seconds
            self.add(name, f"{seconds:.3f} s", f"{floor:.3f} s import sklearn", f"{seconds / floor:.2f} x", "<= 0.3 s", seconds <= 0.3)
        seconds = median_time([LVM, "classify", "Managers draw up budgets."], repeat, env)
        self.figures["lvm classify"] = seconds
        self.add("lvm classify (cold)", f"{seconds:.3f} s", f"{floor:.3f} s import sklearn", f"{seconds / floor:.2f} x", "<= 1.3 x", seconds / floor <= 1.3)

    def throughput(self) -> None:
        count = self.args.small
        print(f"throughput on {count:,} lines ...", file=sys.stderr)
        small = self.work / "small.txt"
        write_lines(small, count)
        code = (
            "import sys, time\nfrom lvm.predict import Classifier\n"
            "texts = [l.strip() for l in open(sys.argv[1], encoding='utf-8') if l.strip()]\n"
            "pipe = Classifier.load().pipeline\n"
            "t = time.perf_counter(); pipe.predict_proba(texts); print(time.perf_counter() - t)\n"
        )
        in_process = statistics.median(
            float(subprocess.run([PYTHON, "-c", code, str(small)], capture_output=True, text=True, env=self.env, check=True).stdout)
            for _ in range(self.args.repeat)
        )
        runs = [timed([LVM, "tag", str(small), "--lines", "--format", "jsonl"], self.env) for _ in range(self.args.repeat)]
        end_to_end = statistics.median(r[0] for r in runs)
        self.figures.update(tag_small_s=end_to_end, predict_proba_small_s=in_process, rss_small_kib=statistics.median(r[1] for r in runs))
        rate, reference = count / end_to_end, count / in_process
        self.add("lvm tag --lines --format jsonl", f"{rate:,.0f} stmt/s", f"{reference:,.0f} stmt/s predict_proba", f"{rate / reference:.2f} x", ">= 0.6 x", rate / reference >= 0.6)

    def memory(self) -> None:
        count = self.args.large
        print(f"memory and parallelism on {count:,} lines (minutes) ...", file=sys.stderr)
        large = self.work / "large.txt"
        write_lines(large, count)
        rss_small = self.figures.get("rss_small_kib")
        if rss_small is None:
            small = self.work / "small.txt"
            write_lines(small, self.args.small)
            rss_small = timed([LVM, "tag", str(small), "--lines", "--format", "jsonl"], self.env)[1]
        one_seconds, rss_large = timed([LVM, "tag", str(large), "--lines", "--format", "jsonl"], self.env)
        self.figures.update(tag_large_jobs1_s=one_seconds, rss_large_kib=rss_large)
        self.add(f"peak RSS, tag --lines {count:,}", f"{rss_large / 1024:.0f} MiB", f"{rss_small / 1024:.0f} MiB at {self.args.small:,}", f"{rss_large / rss_small:.2f} x", "<= 1.2 x", rss_large / rss_small <= 1.2)
        two_seconds, _ = timed([LVM, "tag", str(large), "--lines", "--format", "jsonl", "--jobs", "2"], self.env)
        self.figures["tag_large_jobs2_s"] = two_seconds
        self.add(f"tag --jobs 2 on {count:,}", f"{two_seconds:.1f} s", f"{one_seconds:.1f} s with --jobs 1", f"{one_seconds / two_seconds:.2f} x faster", ">= 1.5 x", one_seconds / two_seconds >= 1.5)

    def train(self) -> None:
        print("training ...", file=sys.stderr)
        seconds = median_time([LVM, "train", "--out", str(self.work / "model"), "--no-backup"], self.args.repeat, self.env)
        self.figures["train_s"] = seconds
        self.add("lvm train (bundled data, search included)", f"{seconds:.1f} s", "10 s target", f"{seconds / 10:.2f} x", "< 10 s", seconds < 10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--small", type=int, default=200_000)
    parser.add_argument("--large", type=int, default=2_000_000)
    parser.add_argument("--parts", default="startup,throughput,memory,train",
                        help="comma-separated subset of: startup, throughput, memory, train")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    if not Path(LVM).exists():
        raise SystemExit(f"no lvm console script beside {PYTHON}; pip install . first")
    bench = Bench(args)
    try:
        for part in ("startup", "throughput", "memory", "train"):
            if part in args.parts.split(","):
                getattr(bench, part)()
    finally:
        shutil.rmtree(bench.work, ignore_errors=True)
    cpu = platform.processor() or platform.machine()
    print(f"\nlvm benchmark: {platform.system()} {platform.machine()} ({cpu}), {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {args.repeat} runs each (the {args.large:,}-line runs once)\n")
    print("| measurement | lvm | reference (same run) | ratio | target |")
    print("|---|---|---|---|---|")
    for row in bench.rows:
        print("| " + " | ".join(row) + " |")
    if args.json:
        args.json.write_text(json.dumps(bench.figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
