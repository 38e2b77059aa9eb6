"""Compare lvm's splitter with pysbd and syntok on the bundled sources.

Run: python tests/benchmarks/segmenters.py   (needs: pip install pysbd syntok)

All three see the same paragraphs (lvm's line/paragraph units), so only the
sentence splitting differs.  Prints counts, time, and every paragraph where a
library disagrees with lvm, for a person to judge.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from lvm.segment import _sentences, _units
from lvm.textio import read_text

SOURCES = Path(__file__).resolve().parents[2] / "data" / "sources"


def lvm_split(paragraph: str) -> list[str]:
    return [paragraph[s.start : s.end] for u in _units(paragraph) for s in _sentences(paragraph, u)]


def main() -> int:
    import pysbd
    import syntok.segmenter as syntok_segmenter

    pysbd_seg = pysbd.Segmenter(language="en", clean=False)

    def pysbd_split(paragraph: str) -> list[str]:
        return [s.strip() for s in pysbd_seg.segment(paragraph) if s.strip()]

    def syntok_split(paragraph: str) -> list[str]:
        out = []
        for para in syntok_segmenter.analyze(paragraph):
            for sentence in para:
                tokens = list(sentence)
                start, end = tokens[0].offset, tokens[-1].offset + len(tokens[-1].value)
                out.append(paragraph[start:end].strip())
        return out

    paragraphs = []
    for path in sorted(SOURCES.glob("*.txt")):
        text = read_text(path)
        paragraphs += [text[u.start : u.end] for u in _units(text)]
    splitters = {"lvm": lvm_split, "pysbd": pysbd_split, "syntok": syntok_split}
    results = {}
    for name, split in splitters.items():
        began = time.perf_counter()
        results[name] = [split(p) for p in paragraphs]
        elapsed = time.perf_counter() - began
        count = sum(len(r) for r in results[name])
        print(f"{name:7} {count:5d} sentences  {elapsed * 1000:8.1f} ms")
    for name in ("pysbd", "syntok"):
        differ = [i for i, p in enumerate(paragraphs) if results[name][i] != results["lvm"][i]]
        print(f"\n=== {name}: {len(differ)} paragraphs split differently from lvm")
        for i in differ:
            print("--- lvm:  ", results["lvm"][i])
            print("    " + name + ":", results[name][i])
    return 0


if __name__ == "__main__":
    sys.exit(main())
