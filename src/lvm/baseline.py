"""The keyword rule every model score is printed beside.

lead* alone -> leadership, manag* alone -> management, both -> both,
neither -> neither.  If a model cannot beat this, it is not worth shipping.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_LEAD = re.compile(r"\blead", re.IGNORECASE)
_MANAGE = re.compile(r"\bmanag", re.IGNORECASE)


def keyword_label(text: str) -> str:
    lead = bool(_LEAD.search(text))
    manage = bool(_MANAGE.search(text))
    if lead and manage:
        return "both"
    if lead:
        return "leadership"
    if manage:
        return "management"
    return "neither"


def keyword_labels(texts: Iterable[str]) -> list[str]:
    return [keyword_label(t) for t in texts]
