"""Honest scores: every number comes from predictions on data the scored model never saw.

Three protocols, each printed beside the keyword baseline on the same items:
- a labelled file scored by a trained model (`lvm evaluate FILE`);
- stratified k-fold cross-validation, with the settings searched again inside
  every training fold (nested), so the choice of settings never sees the test fold;
- leave one source out: train without one source document (or without the
  written set), test on it: the closest proxy for a new author's text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from . import LABELS
from .baseline import keyword_labels
from .dataset import Example


def metrics(y_true: Sequence[str], y_pred: Sequence[str], labels: Sequence[str] = LABELS) -> dict[str, Any]:
    """Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix."""
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

    labels = list(labels)
    present = [label for label in labels if label in set(y_true) | set(y_pred)]
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, zero_division=0
    )
    per_class = {
        label: {
            "precision": float(precision[i]),
            "recall": float(recall[i]),
            "f1": float(f1[i]),
            "support": int(support[i]),
        }
        for i, label in enumerate(labels)
    }
    # Macro-F1 over the labels that occur at all, so a file without `both`
    # is not punished for a class it cannot contain.
    scored = [label for label in present if per_class[label]["support"] > 0] or present
    return {
        "n": len(y_true),
        "accuracy": float(accuracy_score(y_true, y_pred)) if len(y_true) else 0.0,
        "f1_macro": float(np.mean([per_class[label]["f1"] for label in scored])) if scored else 0.0,
        "per_class": per_class,
        "labels": labels,
        "confusion": confusion_matrix(y_true, y_pred, labels=labels).tolist() if len(y_true) else [],
    }


def compare(y_true: Sequence[str], y_pred: Sequence[str], texts: Sequence[str]) -> dict[str, Any]:
    """Model and keyword baseline on the same items."""
    return {"model": metrics(y_true, y_pred), "baseline": metrics(y_true, keyword_labels(texts))}


def group_of(example: Example) -> str:
    """The source an example came from: a document, the written set, or a user file."""
    if "#" in example.source:
        return example.source.split("#", 1)[0]
    if example.source == "written":
        return "written"
    return example.source.rsplit(":", 1)[0]


def _search_and_predict(texts, labels, train_idx, test_idx, seed, inner_folds):
    from .train import search

    result = search([texts[i] for i in train_idx], [labels[i] for i in train_idx], seed=seed, folds=inner_folds)
    return test_idx, result.pipeline.predict([texts[i] for i in test_idx]), result.settings


def cross_validate(
    examples: Sequence[Example], seed: int = 0, folds: int = 5, inner_folds: int = 3, n_jobs: int = 1
) -> dict[str, Any]:
    """Nested stratified k-fold: search inside each training fold, score on its test fold."""
    from joblib import Parallel, delayed
    from sklearn.model_selection import StratifiedKFold

    texts = [e.text for e in examples]
    labels = [e.label for e in examples]
    predicted = np.empty(len(texts), dtype=object)
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    runs = Parallel(n_jobs=n_jobs)(
        delayed(_search_and_predict)(texts, labels, tr, te, seed, inner_folds)
        for tr, te in splitter.split(texts, labels)
    )
    chosen = []
    for test_idx, fold_predictions, settings in runs:
        predicted[test_idx] = fold_predictions
        chosen.append(settings)
    return {"folds": folds, "settings_chosen": chosen, **compare(labels, list(predicted), texts)}


def leave_one_source_out(
    examples: Sequence[Example], seed: int = 0, inner_folds: int = 3, n_jobs: int = 1
) -> dict[str, Any]:
    """Train without each source in turn (settings searched on the rest), test on it."""
    from joblib import Parallel, delayed

    texts = [e.text for e in examples]
    labels = [e.label for e in examples]
    groups = np.array([group_of(e) for e in examples])
    names = sorted(set(groups))
    runs = Parallel(n_jobs=n_jobs)(
        delayed(_search_and_predict)(
            texts, labels, np.where(groups != name)[0], np.where(groups == name)[0], seed, inner_folds
        )
        for name in names
    )
    predicted = np.empty(len(texts), dtype=object)
    per_source = {}
    for name, (test_idx, fold_predictions, _settings) in zip(names, runs):
        predicted[test_idx] = fold_predictions
        per_source[name] = compare([labels[i] for i in test_idx], list(fold_predictions), [texts[i] for i in test_idx])
    documents = np.where(groups != "written")[0]
    return {
        "sources": per_source,
        "documents_pooled": compare(
            [labels[i] for i in documents], [predicted[i] for i in documents], [texts[i] for i in documents]
        ),
        "all_pooled": compare(labels, list(predicted), texts),
    }


def evaluate_file(model, examples: Sequence[Example]) -> dict[str, Any]:
    """Score a trained model on the statements of a labelled file it was not trained on.

    Statements the model was trained on are left out and counted, so the
    score is never inflated by data the model has seen.
    """
    from .dataset import text_fingerprint
    from .errors import DataError

    seen = getattr(model.pipeline, "lvm_trained_on_", frozenset())
    unseen = [e for e in examples if text_fingerprint(e.text) not in seen]
    if not unseen:
        raise DataError(
            f"{examples[0].file}: every statement was in this model's training data; "
            "nothing is left to score honestly (use `lvm evaluate --cv`)"
        )
    texts = [e.text for e in unseen]
    predictions = [p.label for p in model.predict(texts)]
    return {**compare([e.label for e in unseen], predictions, texts), "excluded_as_trained_on": len(examples) - len(unseen)}
