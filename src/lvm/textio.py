"""Open text files whatever their encoding, and refuse what is not text.

Order of trust: a byte-order mark, then strict UTF-8, then cp1252 (Windows
"ANSI", the usual culprit) and latin-1, each fallback with a warning, because a
wrong guess garbles quotes and dashes and the user should know.
"""

from __future__ import annotations

import codecs
import io
import os
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import InputError, LvmWarning

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SNIFF = 8192
_SCAN = 1 << 20


def _check_path(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a text file")
    if not os.access(path, os.R_OK):
        raise InputError(f"{path}: permission denied")


def _valid_utf8(handle: IO[bytes]) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while block := handle.read(_SCAN):
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _valid(handle: IO[bytes], encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        while block := handle.read(_SCAN):
            decoder.decode(block)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(path: Path) -> str:
    """Return the encoding to read ``path`` with; raise InputError for binary files."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF)
            for bom, encoding in _BOMS:
                if head.startswith(bom):
                    return encoding
            if b"\x00" in head:
                raise InputError(f"{path}: looks like a binary file (NUL bytes), not text")
            handle.seek(0)
            if _valid_utf8(handle):
                return "utf-8"
            handle.seek(0)
            encoding = "cp1252" if _valid(handle, "cp1252") else "latin-1"
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None
    warnings.warn(f"{path}: not valid UTF-8, read as {encoding}", LvmWarning, stacklevel=2)
    return encoding


def open_text(path: Path | str) -> IO[str]:
    """Open a file (or "-" for stdin) as text, keeping line endings for offsets."""
    if str(path) == "-":
        return io.TextIOWrapper(
            sys.stdin.buffer, encoding="utf-8-sig", errors="replace", newline=""
        )
    path = Path(path)
    _check_path(path)
    encoding = detect_encoding(path)
    try:
        return open(path, encoding=encoding, errors="replace", newline="")
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None


def read_text(path: Path | str) -> str:
    """Read a whole file (or stdin) as text."""
    with open_text(path) as handle:
        try:
            return handle.read()
        except OSError as exc:
            raise InputError(f"{path}: {exc.strerror or exc}") from None


def iter_lines(handle: IO[str], limit: int = 1 << 20) -> Iterator[str]:
    """Yield lines with their endings, cutting any line longer than ``limit``.

    A 50 MB file with no newline then streams in pieces instead of landing in
    memory whole.
    """
    while line := handle.readline(limit):
        yield line
