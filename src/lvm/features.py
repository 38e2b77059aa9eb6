"""Concept-cue features: what a statement is about, beyond its exact words.

TF-IDF only knows words seen in training.  These counts group words into the
concepts of the labelling guide (management cues, leadership cues, naming
either role, contrast, relation, negation), so a statement about "payroll" or
"storytelling" is recognised even when the training data never used them.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin

from .boilerplate import boilerplate_kind


def _words(*stems: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(stems) + r")", re.IGNORECASE)


CUES: dict[str, re.Pattern[str]] = {
    "management_role": _words(
        r"manag(?:e|es|ed|er|ers|ement|ing|erial)\b", r"boss", r"supervis", r"administ",
        r"bureaucra", r"foreman", r"overseer",
    ),
    "leadership_role": _words(
        r"lead(?:s|er|ers|ership|ing)?\b(?!\s+to\b)", r"led\b", r"visionar", r"follower",
    ),
    "management_cue": _words(
        r"plan(?:s|ned|ning)?\b", r"budget", r"organi[sz]", r"staff", r"control", r"process",
        r"system", r"rules?\b", r"efficien", r"tasks?\b", r"checklist", r"schedul", r"deadline",
        r"reports?\b", r"reporting", r"metric", r"kpis?\b", r"headcount", r"payroll", r"procure",
        r"audit", r"complian", r"workflow", r"sops?\b", r"procedur", r"resource", r"allocat",
        r"coordinat", r"monitor", r"measur", r"targets?\b", r"quota", r"operation", r"execut",
        r"implement", r"invoice", r"inventor", r"forecast", r"roster", r"rota\b", r"rotas\b",
        r"timesheet", r"paperwork", r"spreadsheet", r"polic(?:y|ies)", r"approv", r"stabil",
        r"order and discipline", r"short[- ]term", r"day[- ]to[- ]day", r"routine", r"detail", r"cost",
        r"deliverables?", r"productiv", r"assign", r"delegat", r"administ", r"logistic",
        r"expense", r"shifts?\b", r"predictab", r"bottom line", r"on time", r"on budget",
    ),
    "leadership_cue": _words(
        r"vision", r"inspir", r"motivat", r"influenc", r"trust", r"chang", r"innovat",
        r"purpose", r"mission", r"values\b", r"culture", r"empower", r"mentor", r"coach",
        r"courag", r"story", r"storie", r"believ", r"belief", r"followers?\b", r"follow (?:them|him|her|you|us|willingly)", r"direction", r"future",
        r"long[- ]term", r"big[- ]picture", r"by example", r"an example", r"passion", r"energ", r"enthusias",
        r"align", r"rally", r"charism", r"relationship", r"listen", r"transform",
        r"dream", r"strateg", r"emotion", r"hearts?\b", r"encourag",
        r"potential", r"loyal", r"respect", r"integrity", r"humil", r"authentic",
        r"team spirit", r"risk-taking", r"opportunit", r"mobili[sz]", r"rall(?:y|ies)",
    ),
    "contrast": _words(
        r"while\b", r"whereas", r"but\b", r"however", r"on the other hand", r"versus", r"vs\b",
        r"unlike", r"rather than", r"instead", r"by contrast", r"in contrast", r"contrary",
        r"differ", r"distinct", r"the former", r"the latter", r"the other\b", r"the others\b",
    ),
    "relation": _words(
        r"both\b", r"the two\b", r"interchang", r"complement", r"same thing", r"together",
        r"each other", r"confus", r"balanc", r"alike", r"as well as",
        r"combin", r"hand in hand", r"without (?:proper |good |some )?(?:management|leadership)",
    ),
    "negation": _words(r"not\b", r"\w+n't\b", r"never\b", r"no\b", r"without\b", r"nobody", r"nothing"),
    "semicolon": re.compile(r";"),
    # The words in senses that are not about leading or managing people.
    "other_sense": re.compile(
        r"\b(?:lead (?:paint|pipes?|poisoning|levels?|content|exposure|singer|actor|actress|guitarist|vocals?|story|"
        r"role|character|investigator|author|time|generation)"
        r"|(?:an?|the|early|narrow|commanding|slim|big|healthy|[0-9]+-point) lead\b(?! (?:by|from|people|teams?|others)\b)"
        r"|leads? to\b|led to\b|leading to\b|leading (?:cause|brand|provider|supplier|expert|role)"
        r"|market leaders?|(?:league|race|world|brand|industry|category) leaders?"
        r"|manag(?:e|ed|es|ing) to\b|(?:anger|waste|pain|weight|stress|time|password|diabetes|asset|wealth|"
        r"property|content|file|data|database|disease|symptom|energy|water|traffic) management"
        r"|(?:password|file|package|download|task|window|project) manager\b)",
        re.IGNORECASE,
    ),
}

NAMES = tuple(CUES) + (
    "both_roles", "both_cues", "contrast_and_roles", "boilerplate", "heading", "title_case", "words",
)
# Positions of the counts the combined cues read, looked up once, not per text.
_MROLE, _LROLE, _MCUE, _LCUE, _CONTRAST, _SEMICOLON, _OTHER = (
    list(CUES).index(name)
    for name in ("management_role", "leadership_role", "management_cue", "leadership_cue",
                 "contrast", "semicolon", "other_sense")
)
_FINAL = re.compile(r"[.!?:;…\"'”’)]\s*$")


# While training, every fold analyses the same texts again; memoising the pure
# per-text work then saves most of the search time.  Off at prediction time,
# so tagging a huge file does not fill memory with a cache.
_memo: dict | None = None


@contextmanager
def memoised():
    """Cache per-text features for the duration of a training run."""
    global _memo
    previous, _memo = _memo, {} if _memo is None else _memo
    try:
        yield
    finally:
        _memo = previous


def _remember(kind: str, text: str, compute):
    if _memo is None:
        return compute(text)
    key = (kind, text)
    value = _memo.get(key)
    if value is None:
        value = _memo[key] = compute(text)
    return value


class CharNgrams:
    """sklearn's ``char_wb`` analyzer (lower-cased n-grams inside word boundaries), memoisable.

    Identical output to ``TfidfVectorizer(analyzer="char_wb")``; a test checks it.
    """

    def __init__(self, min_n: int = 2, max_n: int = 5) -> None:
        self.min_n = min_n
        self.max_n = max_n

    def __call__(self, text: str) -> list[str]:
        return _remember(("char", self.min_n, self.max_n), text, self._ngrams)

    def _ngrams(self, text: str) -> list[str]:
        out: list[str] = []
        for word in text.lower().split():
            padded = f" {word} "
            size = len(padded)
            for n in range(self.min_n, self.max_n + 1):
                if size <= n:
                    out.append(padded)
                    break
                out.extend([padded[i : i + n] for i in range(size - n + 1)])
        return out

    def __eq__(self, other) -> bool:
        return isinstance(other, CharNgrams) and (self.min_n, self.max_n) == (other.min_n, other.max_n)

    def __repr__(self) -> str:
        return f"CharNgrams({self.min_n}, {self.max_n})"


def cue_counts(text: str) -> tuple[float, ...]:
    return _remember("cues", text, _cue_counts)


def _cue_counts(text: str) -> tuple[float, ...]:
    counts = [len(pattern.findall(text)) for pattern in CUES.values()]
    # A role word used in another sense ("lead paint", "managed to") does not name a role.
    counts[_MROLE] = max(0, counts[_MROLE] - counts[_OTHER])
    counts[_LROLE] = max(0, counts[_LROLE] - counts[_OTHER])
    management = counts[_MROLE] + counts[_MCUE]
    leadership = counts[_LROLE] + counts[_LCUE]
    words = text.split()
    capitalised = sum(1 for w in words if w[:1].isupper())
    counts += [
        float(counts[_MROLE] > 0 and counts[_LROLE] > 0),
        float(management > 0 and leadership > 0),
        float(counts[_CONTRAST] + counts[_SEMICOLON] > 0 and management > 0 and leadership > 0),
        float(boilerplate_kind(text) is not None),
        float(len(words) <= 12 and not _FINAL.search(text)),
        capitalised / max(len(words), 1),
        len(words),
    ]
    return tuple(counts)


class CueFeatures(TransformerMixin, BaseEstimator):
    """log(1 + count) of each concept cue, as a sparse matrix for a FeatureUnion."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        rows = np.array([cue_counts(text) for text in X], dtype=np.float64)
        return sparse.csr_matrix(np.log1p(rows))

    def get_feature_names_out(self, input_features=None):
        return np.array([f"cue:{name}" for name in NAMES], dtype=object)
