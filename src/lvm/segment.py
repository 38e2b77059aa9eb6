"""Split plain text into statements, keeping character offsets into the original.

Lines are the first unit because the texts lvm reads (web pages saved as text,
notes, lists) put one paragraph, heading or list item per line; hard-wrapped
lines are joined back.  Each unit is then cut into sentences by a small rule
set tuned for English business prose (abbreviations, initials, quotes,
ellipses).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple


class Span(NamedTuple):
    start: int
    end: int


class Sentence(NamedTuple):
    start: int
    end: int
    paragraph: int


# Line breaks in any convention, so Windows and old-Mac files split alike.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")

# A list marker at the start of a line: bullets, dashes, "1." / "1)" / "a)".
_BULLET = re.compile(
    r"[ \t]*(?:[•◦▪▫‣∙●○■□➢➤►▶✓✔\-*–—·]|\(?(?:\d{1,3}|[a-zA-Z])[.)])[ \t]+(?=\S)"
)

# Abbreviations whose final period is not a sentence end even before a capital.
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt rev gen col capt lt sgt hon gov sen rep pres
    messrs mme mlle fr
    e.g i.e a.k.a vs v cf al approx fig figs no nos vol pp ch sec dept est
    inc ltd co corp bros u.s u.k u.n u.s.a e.u ph.d m.d b.a m.a m.b.a
    jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun
    """.split()
)

# Candidate sentence end: terminal punctuation, optional closing quotes or
# brackets, then whitespace.
_END = re.compile(r"(?:[.!?]+|…)[\"'”’)\]»]*(?=\s)")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")
_NEXT_START = re.compile(r"\s+([\"'“‘(\[«]*)(\S)")
_HAS_WORD = re.compile(r"\w")
# A word that starts lower case but is a name: "thoughtLEADERS", "iPhone".
_BRAND = re.compile(r"[a-z]+[A-Z]\w*")
_TERMINAL = re.compile(r"[.!?:;…\"'”’)]$")


def _lines(text: str) -> Iterator[Span]:
    """Yield each line's span without its line break."""
    for match in _LINE.finditer(text):
        if match.start() == match.end():
            break
        line = match.group()
        yield Span(match.start(), match.start() + len(line.rstrip("\r\n")))


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _units(text: str) -> Iterator[Span]:
    """Yield paragraphs, list items and standalone lines.

    A line continues the previous one only when the previous one looks
    hard-wrapped: long, no final punctuation, and this line starts in lower
    case.  Everything else (headings, list lines, bylines) stands alone.
    """
    current: Span | None = None
    for line in _lines(text):
        start, end = _strip(text, *line)
        if start == end:
            if current is not None:
                yield current
                current = None
            continue
        bullet = _BULLET.match(text, line.start, end)
        if bullet:
            if current is not None:
                yield current
            current = Span(bullet.end(), end)
            continue
        if current is not None:
            previous = text[current.start : current.end]
            wrapped = (
                len(previous) >= 40
                and not _TERMINAL.search(previous)
                and text[start].islower()
            )
            if wrapped:
                current = Span(current.start, end)
                continue
            yield current
        current = Span(start, end)
    if current is not None:
        yield current


def _is_boundary(text: str, end_match: re.Match[str], unit_end: int) -> bool:
    """Decide whether a candidate end really closes a sentence."""
    punct = end_match.group()
    nxt = _NEXT_START.match(text, end_match.end(), unit_end)
    if nxt is None:
        return False
    opener, first = nxt.groups()
    if first.islower() and not opener and not _BRAND.match(text, nxt.start(2), unit_end):
        return False  # "etc. and", "... and so on"; but "herein. iPhone sales"
    if punct.startswith(".") and not punct.startswith(".."):
        window = max(0, end_match.start() - 40)
        word = _WORD_BEFORE.search(text, window, end_match.start() + 1)
        if word:
            token = word.group(1).lower()
            if token in _ABBREVIATIONS:
                return False
            if len(token) == 1 and token.isalpha():
                return False  # an initial: "John F. Kennedy"
            if re.fullmatch(r"(?:[a-z]\.)+[a-z]", token):
                return False  # dotted acronyms: "U.S.", "a.k.a."
    return True


def _sentences(text: str, unit: Span) -> Iterator[Span]:
    start = unit.start
    for match in _END.finditer(text, unit.start, unit.end):
        if _is_boundary(text, match, unit.end):
            yield _strip(text, start, match.end())
            start = match.end()
    yield _strip(text, start, unit.end)


def _split_doubled(text: str, span: Span) -> Iterator[Span]:
    """Split a heading pasted twice with no gap ("TitleTitle"), a scraping artefact."""
    length = span.end - span.start
    half = length // 2
    if length >= 16 and length % 2 == 0:
        first = text[span.start : span.start + half]
        if first == text[span.start + half : span.end] and " " in first:
            yield Span(span.start, span.start + half)
            yield Span(span.start + half, span.end)
            return
    yield span


def iter_spans(text: str) -> Iterator[Sentence]:
    """Yield each statement's start, end and paragraph number, in order."""
    for paragraph, unit in enumerate(_units(text)):
        for sentence in _sentences(text, unit):
            for span in _split_doubled(text, sentence):
                if span.start < span.end and _HAS_WORD.search(text, span.start, span.end):
                    yield Sentence(span.start, span.end, paragraph)
