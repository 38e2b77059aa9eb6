"""Labelled data: read CSV or JSONL files of ``text,label`` and refuse bad rows.

Every problem names its file and line, and all problems are found before any
training starts, so a bad file never leaves a half-trained model behind.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import LABELS
from .errors import DataError, InputError
from .textio import open_text

_MAX_REPORTED = 5


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled statement, and the file and line it came from."""

    text: str
    label: str
    source: str
    file: str
    line: int


def normalise(text: str) -> str:
    """The key under which two texts count as the same statement."""
    return " ".join(text.split())


def text_fingerprint(text: str) -> str:
    """A short hash of a statement, so a model can remember what it was trained on."""
    return hashlib.sha1(normalise(text).encode("utf-8")).hexdigest()[:16]


def _rows_csv(handle, path: Path):
    reader = csv.DictReader(handle, strict=True)
    try:
        fields = reader.fieldnames or []
    except csv.Error as exc:
        raise DataError(f"{path}:1: malformed CSV header ({exc})") from None
    if not fields:
        raise DataError(f"{path}: empty file; expected a header line with text,label")
    missing = [name for name in ("text", "label") if name not in fields]
    if missing:
        raise DataError(
            f"{path}:1: missing column {', '.join(repr(m) for m in missing)} (header: {','.join(fields) or 'empty'})"
        )
    while True:
        start = reader.line_num + 1  # a quoted cell may span lines: report where the row began
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            hint = "; is a quote left open?" if "end of data" in str(exc) or "quote" in str(exc) else ""
            raise DataError(f"{path}:{start}: malformed CSV ({exc}){hint}") from None
        if None in row:
            raise DataError(f"{path}:{start}: more cells than columns")
        yield start, row


def _rows_jsonl(handle, path: Path):
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise DataError(f"{path}:{number}: expected a JSON object with text and label")
        for name in ("text", "label"):
            if name not in row:
                raise DataError(f"{path}:{number}: missing field {name!r}")
        yield number, row


def read_labelled(path: Path | str, labels: Sequence[str] = LABELS) -> list[Example]:
    """Read one labelled file, checking every row.

    Raises DataError naming the first bad lines: unknown label, empty text,
    missing column, the same text with two labels, or an exact duplicate row.
    A text may repeat with the same label when each row names a different
    ``source`` (a document that says the same thing twice).
    """
    path = Path(path)
    is_jsonl = path.suffix.lower() in (".jsonl", ".ndjson", ".json")
    examples: list[Example] = []
    problems: list[str] = []
    seen: dict[str, Example] = {}
    try:
        with open_text(path) as handle:
            rows = _rows_jsonl(handle, path) if is_jsonl else _rows_csv(handle, path)
            for line, row in rows:
                text = row.get("text")
                label = row.get("label")
                text = text.strip() if isinstance(text, str) else ""
                label = label.strip().lower() if isinstance(label, str) else label
                if not text:
                    problems.append(f"{path}:{line}: empty text")
                    continue
                if label not in labels:
                    problems.append(
                        f"{path}:{line}: unknown label {label!r} (expected one of {', '.join(labels)})"
                    )
                    continue
                given_source = str(row.get("source") or "").strip()
                key = normalise(text)
                first = seen.get(key)
                if first is not None and first.label != label:
                    problems.append(
                        f"{path}:{line}: same text labelled {first.label!r} at line {first.line}"
                    )
                    continue
                if first is not None and (not given_source or given_source == first.source):
                    problems.append(f"{path}:{line}: duplicate of line {first.line}")
                    continue
                example = Example(text, label, given_source or f"{path.name}:{line}", str(path), line)
                seen.setdefault(key, example)
                examples.append(example)
    except InputError as exc:
        raise DataError(str(exc)) from None
    except UnicodeError as exc:
        raise DataError(f"{path}: cannot decode ({exc})") from None
    if problems:
        more = len(problems) - _MAX_REPORTED
        message = "; ".join(problems[:_MAX_REPORTED])
        raise DataError(message + (f" (and {more} more)" if more > 0 else ""))
    if not examples:
        raise DataError(f"{path}: no labelled rows")
    return examples


@dataclass(frozen=True)
class MergedData:
    examples: list[Example]
    overridden: int


def merge(base: Iterable[Example], updates: Iterable[Example]) -> MergedData:
    """Bundled rows plus new ones; a new row replaces a bundled row with the same text."""
    merged: dict[str, Example] = {normalise(e.text): e for e in base}
    overridden = 0
    for example in updates:
        key = normalise(example.text)
        if key in merged and merged[key].file != example.file:
            overridden += 1
        merged[key] = example
    return MergedData(list(merged.values()), overridden)


def read_many(paths: Iterable[Path | str], labels: Sequence[str] = LABELS) -> MergedData:
    """Read several files in order; later files override earlier ones on the same text."""
    merged = MergedData([], 0)
    for path in paths:
        step = merge(merged.examples, read_labelled(path, labels))
        merged = MergedData(step.examples, merged.overridden + step.overridden)
    return merged
