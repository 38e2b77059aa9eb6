"""Tag statements with a loaded model: labels, confidence and every label's probability."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from . import LABELS

UNCERTAIN = "uncertain"
BATCH = 2048
# A statement is a sentence or a list item; the model reads at most this many
# characters of one, so a 50 MB "statement" costs what a long paragraph does.
MAX_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Prediction:
    text: str
    label: str
    confidence: float
    scores: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "label": self.label, "confidence": self.confidence, "scores": self.scores}


class Classifier:
    """A loaded model with lvm's conventions: label order, rounding, threshold."""

    def __init__(self, loaded, threshold: float | None = None) -> None:
        self.loaded = loaded
        self.pipeline = loaded.pipeline
        self.threshold = threshold
        classes = list(self.pipeline.classes_)
        self._columns = [classes.index(label) for label in LABELS]

    @classmethod
    def load(cls, model: str | None = None, threshold: float | None = None) -> Classifier:
        from .modelstore import load_model

        return cls(load_model(model), threshold)

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        if not texts:
            return []
        probabilities = self.pipeline.predict_proba([text[:MAX_CHARS] for text in texts])[:, self._columns]
        out = []
        for text, row in zip(texts, probabilities):
            best = int(row.argmax())
            confidence = float(row[best])
            label = LABELS[best]
            if self.threshold is not None and confidence < self.threshold:
                label = UNCERTAIN
            scores = {name: round(float(p), 4) for name, p in zip(LABELS, row)}
            out.append(Prediction(text, label, round(confidence, 4), scores))
        return out

    def iter_predict(self, texts: Iterable[str], batch: int = BATCH) -> Iterator[Prediction]:
        """Predict a stream in batches, so memory stays flat for any input size."""
        iterator = iter(texts)
        while chunk := list(islice(iterator, batch)):
            yield from self.predict(chunk)


def classify(statements: str | Iterable[str], model: str | None = None, threshold: float | None = None) -> list[dict]:
    """Tag statements with the model in use; one dict per statement, in order.

    >>> classify(["Managers draw up budgets."])[0]["label"]
    'management'
    """
    if isinstance(statements, str):
        statements = [statements]
    return [p.to_dict() for p in Classifier.load(model, threshold).predict(list(statements))]
