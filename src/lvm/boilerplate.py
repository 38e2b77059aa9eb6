"""Recognise site boilerplate: comment forms, legal notices, share widgets, bylines.

Statements are flagged, never dropped, so a caller can count or keep them.
Each pattern was written against a real occurrence in the bundled sources.
"""

from __future__ import annotations

import re

_FLAGS = re.IGNORECASE

# Each entry: (kind, pattern matched against the whole statement).
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, _FLAGS))
    for kind, pattern in (
        # Comment forms.
        ("comment-form", r"^leave a (reply|comment)\b.{0,20}$"),
        ("comment-form", r"^fill in your details below"),
        ("comment-form", r"^you are commenting using your .{1,40} account"),
        ("comment-form", r"\blog ?out\b.{0,5}/?\s*change\s*\)?$"),
        ("comment-form", r"^connecting to %s$"),
        ("comment-form", r"^(notify me of|post comment|cancel reply|save my name)"),
        ("comment-form", r"^(wordpress\.com|google\+?|twitter|facebook)( logo| photo| picture)$"),
        ("comment-form", r"^\d+ (responses?|comments?|replies) to\b"),
        # Legal notices.
        ("legal", r"©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved"),
        ("legal", r"\b(privacy|cookie) policy\b|^terms of (use|service)$"),
        ("legal", r"\bmay not be (reproduced|republished|distributed)\b"),
        ("legal", r"\b(trademark|noncommercial use|professional advice)\b"),
        ("legal", r"\bnot (engaged in rendering|responsible for (any|their))\b"),
        # Share and related-post widgets.
        ("share", r"^(share|tweet|pin|email|print)( this( post| article| page)?)?:?$"),
        ("share", r"^(you (might|may) also like|related (posts|articles)|read more|like this:?)\b.{0,30}$"),
        ("share", r"^(click|tap) (here )?to (share|email|print|tweet)"),
        # Bylines, datelines, comment headers.
        ("byline", r"^on \d{1,2}/\d{1,2}/\d{2,4},? \d{1,2}:\d{2}\s*([ap]\.?m\.?)?,? .{1,80}\b(wrote|added|said|replied)\b.{0,40}:$"),
        ("byline", r"^[\w.'’ -]{1,40} (says|said|wrote|replied):?$"),
        ("byline", r"^(posted|published|written) (by|on|in)\b.{0,60}$"),
        ("byline", r"^(january|february|march|april|may|june|july|august|september|october|november|december) \d{1,2},? \d{4}(\s+\d+ comments?)?$"),
        ("byline", r"^\d{1,2}/\d{1,2}/\d{2,4}$"),
        ("byline", r"^(private note|reply|permalink):?$"),
    )
)


def boilerplate_kind(statement: str) -> str | None:
    """Return the kind of boilerplate ``statement`` is, or None for real content."""
    text = " ".join(statement.split())
    for kind, pattern in PATTERNS:
        if pattern.search(text):
            return kind
    return None

