"""Statements with provenance, from strings, files, streams and folders."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import IO

from .boilerplate import boilerplate_kind
from .errors import InputError
from .segment import iter_spans
from .textio import iter_lines, open_text

# Flush a chunk to the splitter at the first blank line after this many
# characters (paragraphs never span blank lines, so results are unchanged),
# or anyway at this many characters.
_CHUNK = 1 << 18
_HARD_CHUNK = 1 << 22


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement and where it came from: ``source[start:end] == text``."""

    text: str
    doc: str
    index: int
    start: int
    end: int
    boilerplate: bool = False

    def to_dict(self) -> dict:
        """Provenance first, then the text: the column order of every output."""
        return {
            "doc": self.doc,
            "index": self.index,
            "start": self.start,
            "end": self.end,
            "boilerplate": self.boilerplate,
            "text": self.text,
        }


def _flag(text: str, offset: int, doc: str, first_index: int) -> Iterator[Statement]:
    """Split one chunk, flagging boilerplate.

    A legal notice runs for a whole paragraph, so one legal sentence flags its
    paragraph; other kinds flag only the statement that matches.
    """
    index = first_index
    for _, group in groupby(iter_spans(text), key=lambda s: s.paragraph):
        spans = list(group)
        kinds = [boilerplate_kind(text[s.start : s.end]) for s in spans]
        legal = "legal" in kinds
        for span, kind in zip(spans, kinds):
            yield Statement(
                text=text[span.start : span.end],
                doc=doc,
                index=index,
                start=offset + span.start,
                end=offset + span.end,
                boilerplate=legal or kind is not None,
            )
            index += 1


def iter_statements(text: str, doc: str = "<text>") -> Iterator[Statement]:
    """Split ``text`` into statements; offsets index into ``text`` itself."""
    yield from _flag(text, 0, doc, 0)


def _chunks(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    buffer: list[str] = []
    size = offset = 0
    for line in lines:
        blank = not line.strip()
        if buffer and ((blank and size >= _CHUNK) or size >= _HARD_CHUNK):
            chunk = "".join(buffer)
            yield offset, chunk
            offset += len(chunk)
            buffer, size = [], 0
        buffer.append(line)
        size += len(line)
    if buffer:
        yield offset, "".join(buffer)


def iter_stream_statements(handle: IO[str], doc: str) -> Iterator[Statement]:
    """Split a text stream chunk by chunk, so memory stays flat for any file size."""
    index = 0
    for offset, chunk in _chunks(iter_lines(handle)):
        for statement in _flag(chunk, offset, doc, index):
            yield statement
            index = statement.index + 1


def iter_file_statements(path: Path | str) -> Iterator[Statement]:
    """Stream the statements of a file, or of stdin when ``path`` is "-"."""
    doc = "<stdin>" if str(path) == "-" else Path(path).name
    with open_text(path) as handle:
        try:
            yield from iter_stream_statements(handle, doc)
        except OSError as exc:
            raise InputError(f"{path}: {exc.strerror or exc}") from None


def load_document(path: Path | str) -> list[Statement]:
    return list(iter_file_statements(path))


def load_corpus(directory: Path | str) -> list[Statement]:
    """All statements of every ``.txt`` file in ``directory``, files in name order."""
    directory = Path(directory)
    if not directory.exists():
        raise InputError(f"{directory}: no such directory")
    if not directory.is_dir():
        raise InputError(f"{directory}: not a directory")
    statements: list[Statement] = []
    for path in sorted(directory.glob("*.txt")):
        statements.extend(load_document(path))
    return statements
