"""What a corpus says and how far to trust the model, as one plain dictionary.

The CLI prints it as tables or JSON; :mod:`lvm.html` renders it as a page.
Every statement is tagged exactly as `lvm tag` tags it, so the numbers agree.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from . import LABELS
from .errors import InputError
from .tagging import tag_file

TOP_STATEMENTS = 3
LEAST_SURE = 8
TOP_TERMS = 10


def input_files(paths: Sequence[str | Path]) -> list[Path]:
    """Files named, and the .txt files of folders named, in order."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(path.glob("*.txt"))
            if not found:
                raise InputError(f"{path}: no .txt files in this folder")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    return files


def _margin(scores: dict[str, float]) -> float:
    top, second = heapq.nlargest(2, scores.values())
    return top - second


def top_terms(pipeline, count: int = TOP_TERMS) -> dict[str, list[dict[str, Any]]]:
    """The words and cues with the largest coefficients for each label (relative to the others)."""
    from .explain import _readable

    clf = pipeline.named_steps["clf"]
    names = pipeline.named_steps["features"].get_feature_names_out()
    centred = clf.coef_ - clf.coef_.mean(axis=0)
    out = {}
    for k, label in enumerate(clf.classes_):
        keep = [i for i in centred[k].argsort()[::-1] if not names[i].startswith("char__")][:count]
        out[str(label)] = [{"term": _readable(names[i]), "weight": round(float(centred[k][i]), 3)} for i in keep]
    return {label: out[label] for label in LABELS}


def build_report(paths: Sequence[str | Path], classifier, top: int = TOP_STATEMENTS, least_sure: int = LEAST_SURE) -> dict[str, Any]:
    documents = []
    best: dict[str, list] = {label: [] for label in LABELS}
    unsure: list = []
    counter = 0
    for path in input_files(paths):
        counts = {label: 0 for label in LABELS}
        boilerplate = total = 0
        for record in tag_file(path, classifier):
            total += 1
            if record["boilerplate"]:
                boilerplate += 1
                continue
            label = record["label"]
            counts[label] = counts.get(label, 0) + 1
            counter += 1
            brief = {k: record[k] for k in ("doc", "index", "text", "label", "confidence", "scores")}
            if label in best:
                heapq.heappush(best[label], (record["confidence"], -counter, brief))
                if len(best[label]) > top:
                    heapq.heappop(best[label])
            heapq.heappush(unsure, (-_margin(record["scores"]), -counter, brief))
            if len(unsure) > least_sure:
                heapq.heappop(unsure)
        content = sum(counts.values())
        documents.append(
            {
                "doc": path.name,
                "path": str(path),
                "statements": content,
                "boilerplate": boilerplate,
                "counts": counts,
                "shares": {k: (v / content if content else 0.0) for k, v in counts.items()},
            }
        )
    totals = {label: sum(d["counts"][label] for d in documents) for label in LABELS}
    card = classifier.loaded.card
    return {
        "documents": documents,
        "totals": {"statements": sum(d["statements"] for d in documents), "boilerplate": sum(d["boilerplate"] for d in documents), "counts": totals},
        "most_confident": {label: [item[2] for item in sorted(best[label], reverse=True)] for label in LABELS},
        "least_sure": [dict(item[2], margin=round(-item[0], 4)) for item in sorted(unsure, reverse=True)],
        "top_terms": top_terms(classifier.pipeline),
        "model": {
            "card": str(classifier.loaded.card_path),
            "origin": classifier.loaded.origin,
            "created": card.get("created"),
            "rows": card.get("rows"),
            "rows_per_label": card.get("rows_per_label"),
            "settings": card.get("settings"),
            "lvm_version": card.get("lvm_version"),
            "sklearn_version": card.get("sklearn_version"),
            "cv": card.get("cv"),
        },
    }
