"""The labelling loop's library: which statements to ask about, in what order, and the answer file.

Most useful first means least certain first: the smallest margin between the
model's two most probable labels.  Every answer is appended and fsynced at
once, so a crash or Ctrl-C loses nothing, and a later session skips what is
already answered.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import LABELS
from .atomic import atomic_write
from .dataset import normalise, read_labelled
from .errors import DataError
from .loader import iter_file_statements
from .tagging import iter_file_lines

HEADER = ["text", "label", "source"]


@dataclass
class Candidate:
    text: str
    doc: str
    index: int
    before: str = ""
    after: str = ""
    guess: str = ""
    scores: dict[str, float] = field(default_factory=dict)
    margin: float = 1.0

    @property
    def source(self) -> str:
        return f"{self.doc}#{self.index}"


def known_texts(paths: Iterable[Path]) -> set[str]:
    """Normalised texts already labelled in these files (missing files are skipped)."""
    known: set[str] = set()
    for path in paths:
        if Path(path).exists() and Path(path).stat().st_size > 0:
            try:
                known.update(normalise(e.text) for e in read_labelled(path))
            except DataError as exc:
                if "no labelled rows" not in str(exc):
                    raise
    return known


def candidates(path: str | Path, lines: bool, skip: set[str]) -> list[Candidate]:
    """Statements of the input, boilerplate and already-labelled ones dropped, with neighbours."""
    items = list(iter_file_lines(path) if lines else iter_file_statements(path))
    out = []
    for i, item in enumerate(items):
        if item.boilerplate or normalise(item.text) in skip:
            continue
        before = items[i - 1].text if i > 0 else ""
        after = items[i + 1].text if i + 1 < len(items) else ""
        out.append(Candidate(item.text, item.doc, item.index, before, after))
    return out


def rank(queue: list[Candidate], classifier) -> list[Candidate]:
    """Guess each statement and order the queue least certain first (stable on ties)."""
    for candidate, prediction in zip(queue, classifier.predict([c.text for c in queue])):
        ordered = sorted(prediction.scores.values(), reverse=True)
        candidate.guess = prediction.label
        candidate.scores = prediction.scores
        candidate.margin = round(ordered[0] - ordered[1], 4)
    return sorted(queue, key=lambda c: c.margin)


class AnswerFile:
    """The --out CSV: appended one durable row at a time; the last row can be taken back."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.exists() and self.path.stat().st_size > 0:
            with open(self.path, newline="", encoding="utf-8") as handle:
                header = next(csv.reader(handle), [])
            if header[:2] != HEADER[:2]:
                raise DataError(f"{self.path}:1: not an lvm labels file (header {','.join(header)})")

    def append(self, candidate: Candidate, label: str) -> None:
        new = not self.path.exists() or self.path.stat().st_size == 0
        with open(self.path, "a", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            if new:
                writer.writerow(HEADER)
            writer.writerow([candidate.text, label, candidate.source])
            handle.flush()
            os.fsync(handle.fileno())

    def remove_last(self) -> None:
        with open(self.path, newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        with atomic_write(self.path) as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows[:-1])

    def rows(self) -> list[list[str]]:
        if not self.path.exists():
            return []
        with open(self.path, newline="", encoding="utf-8") as handle:
            return list(csv.reader(handle))[1:]


def summary(added: Sequence[str]) -> dict[str, int]:
    return {label: sum(1 for a in added if a == label) for label in LABELS}
