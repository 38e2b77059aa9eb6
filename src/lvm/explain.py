"""Why the model chose a label: each feature's pull, from coefficients times feature values.

For a multinomial logistic regression the probability of a label depends on
its score minus the others', so a feature's pull towards label k is
value * (coef[k] - mean of coef over labels).  Positive pulls push towards
the label, negative ones against it; together with the intercept they add
up to the label's centred score exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import LABELS


@dataclass
class Explanation:
    text: str
    label: str
    probabilities: dict[str, float]
    towards: list[tuple[str, float]]
    against: list[tuple[str, float]]

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "label": self.label,
            "scores": self.probabilities,
            "towards": [{"feature": f, "weight": w} for f, w in self.towards],
            "against": [{"feature": f, "weight": w} for f, w in self.against],
        }


def _readable(name: str) -> str:
    """'word__lead people' -> 'word: lead people'; char n-grams keep their spaces visible."""
    kind, _, feature = name.partition("__")
    if kind == "char":
        return f"chars: {feature.replace(' ', '·')}"
    if kind == "cues":
        return f"cue: {feature.removeprefix('cue:')}"
    return f"{kind}: {feature}"


def explain(pipeline, text: str, label: str | None = None, top: int = 8) -> Explanation:
    features = pipeline.named_steps["features"]
    clf = pipeline.named_steps["clf"]
    from .predict import MAX_CHARS

    row = features.transform([text[:MAX_CHARS]]).tocsr()
    classes = list(clf.classes_)
    probabilities = clf.predict_proba(row)[0]
    by_label = {name: round(float(probabilities[classes.index(name)]), 4) for name in LABELS}
    chosen = label or max(by_label, key=by_label.get)
    k = classes.index(chosen)
    centred = clf.coef_[k] - clf.coef_.mean(axis=0)
    names = features.get_feature_names_out()
    columns = row.indices
    pulls = row.data * centred[columns]
    order = np.argsort(pulls)
    towards = [(_readable(names[columns[i]]), round(float(pulls[i]), 4)) for i in order[::-1][:top] if pulls[i] > 0]
    against = [(_readable(names[columns[i]]), round(float(pulls[i]), 4)) for i in order[:top] if pulls[i] < 0]
    return Explanation(text, chosen, by_label, towards, against)
