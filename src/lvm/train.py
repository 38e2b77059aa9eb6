"""Build, search and fit the model: one scikit-learn Pipeline, chosen by cross-validation.

Features: word n-grams and character n-grams (TF-IDF) plus concept-cue counts
(:mod:`lvm.features`) in one FeatureUnion; a four-class logistic regression on
top.  The grid is searched inside stratified k-fold CV.  Each fold fits each
feature setting once and then every C on the same matrix, and the out-of-fold
predictions of every grid point are kept, so the chosen setting's
cross-validated report costs nothing extra.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import LABELS
from .errors import DataError

DEFAULT_SEED = 0
DEFAULT_FOLDS = 5

# Settings that change the features (each fitted once per fold) ...
FEATURE_GRID: dict[str, list[Any]] = {
    "char": ["char_wb(2,5)", "off"],
    "word_ngrams": [(1, 2)],
    "stop_words": [None],
}
# ... and settings of the classifier alone (refitted on the same matrix).
CLASSIFIER_GRID: dict[str, list[Any]] = {
    "C": [3.0, 10.0, 30.0],
    "class_weight": ["balanced"],
}


def build_features(char="char_wb(2,5)", word_ngrams=(1, 2), stop_words=None):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import MaxAbsScaler

    from .features import CharNgrams, CueFeatures

    parts = [
        ("word", TfidfVectorizer(ngram_range=tuple(word_ngrams), sublinear_tf=True, stop_words=stop_words, min_df=2)),
        ("cues", Pipeline([("count", CueFeatures()), ("scale", MaxAbsScaler())])),
    ]
    if char != "off":
        parts.insert(
            1,
            ("char", TfidfVectorizer(analyzer=CharNgrams(2, 5), sublinear_tf=True, min_df=2)),
        )
    return FeatureUnion(parts)


def build_classifier(seed: int = DEFAULT_SEED, C: float = 10.0, class_weight="balanced"):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(
        C=C,
        class_weight=class_weight,
        solver="newton-cg",
        tol=1e-3,
        max_iter=1000,
        random_state=seed,
    )


def build_pipeline(settings: dict[str, Any] | None = None, seed: int = DEFAULT_SEED):
    """The model's Pipeline for one grid point (lvm's defaults where unset)."""
    from sklearn.pipeline import Pipeline

    settings = settings or {}
    feature_args = {k: v for k, v in settings.items() if k in FEATURE_GRID}
    classifier_args = {k: v for k, v in settings.items() if k in CLASSIFIER_GRID}
    return Pipeline(
        [("features", build_features(**feature_args)), ("clf", build_classifier(seed, **classifier_args))]
    )


def grid() -> list[dict[str, Any]]:
    from sklearn.model_selection import ParameterGrid

    return [
        {**f, **c} for f in ParameterGrid(FEATURE_GRID) for c in ParameterGrid(CLASSIFIER_GRID)
    ]


@dataclass
class SearchResult:
    """The refitted pipeline, the chosen settings, and every grid point's CV score."""

    pipeline: Any
    settings: dict[str, Any]
    oof_predictions: list[str]
    oof_probabilities: np.ndarray
    scores: list[dict[str, Any]] = field(default_factory=list)
    folds: int = DEFAULT_FOLDS


def check_labels(labels: Sequence[str]) -> None:
    present = set(labels)
    missing = [label for label in LABELS if label not in present]
    if missing:
        raise DataError(f"training data has no examples of {', '.join(missing)}; every label needs some")


def _fold(texts, labels, train_idx, test_idx, seed):
    """Fit each feature block once on the training part, then every classifier on it.

    Feature settings share blocks (the word and cue blocks do not change when
    character n-grams are switched on or off), so each distinct block is
    fitted once per fold and the matrices are stacked per setting.
    """
    from scipy import sparse
    from sklearn.model_selection import ParameterGrid

    out = []
    train_texts = [texts[i] for i in train_idx]
    test_texts = [texts[i] for i in test_idx]
    train_labels = [labels[i] for i in train_idx]
    fitted: dict[str, tuple] = {}
    for feature_settings in ParameterGrid(FEATURE_GRID):
        train_blocks, test_blocks = [], []
        for name, block in build_features(**feature_settings).transformer_list:
            key = f"{name}:{sorted(block.get_params().items(), key=str)}"
            if key not in fitted:
                fitted[key] = (block.fit_transform(train_texts), block.transform(test_texts))
            train_blocks.append(fitted[key][0])
            test_blocks.append(fitted[key][1])
        train_matrix = sparse.hstack(train_blocks, format="csr")
        test_matrix = sparse.hstack(test_blocks, format="csr")
        # C ascends through the grid; each fit starts from the last one's
        # coefficients, which makes the whole path cost about one cold fit.
        clf = build_classifier(seed).set_params(warm_start=True)
        for classifier_settings in ParameterGrid(CLASSIFIER_GRID):
            clf.set_params(**classifier_settings).fit(train_matrix, train_labels)
            out.append(clf.predict_proba(test_matrix)[:, _order(clf.classes_)])
    return test_idx, out


def _order(classes) -> list[int]:
    """Column indices that put predict_proba's columns in LABELS order."""
    index = {label: i for i, label in enumerate(classes)}
    return [index[label] for label in LABELS]


def search(
    texts: Sequence[str],
    labels: Sequence[str],
    seed: int = DEFAULT_SEED,
    folds: int = DEFAULT_FOLDS,
    n_jobs: int = 1,
) -> SearchResult:
    """Choose the grid point with the best cross-validated macro-F1, then refit on all data."""
    from sklearn.model_selection import StratifiedKFold

    from .features import memoised

    texts, labels = list(texts), list(labels)
    check_labels(labels)
    counts = np.unique(labels, return_counts=True)[1]
    folds = max(2, min(folds, int(counts.min())))
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    points = grid()
    with memoised():
        return _search(texts, labels, seed, folds, n_jobs, splitter, points)


def _warm(texts: Sequence[str]) -> None:
    from sklearn.model_selection import ParameterGrid

    for settings in ParameterGrid(FEATURE_GRID):
        for _, block in build_features(**settings).transformer_list:
            analyzer = getattr(block, "analyzer", None)
            if callable(analyzer):
                for text in texts:
                    analyzer(text)
    from .features import cue_counts

    for text in texts:
        cue_counts(text)


def _search(texts, labels, seed, folds, n_jobs, splitter, points) -> SearchResult:
    from joblib import Parallel, delayed
    from sklearn.metrics import f1_score

    probabilities = np.zeros((len(points), len(texts), len(LABELS)))
    backend, limits = None, contextlib.nullcontext()
    if n_jobs != 1 and "fork" in multiprocessing.get_all_start_methods():
        # Analyse every text once here; forked workers inherit the memo, so
        # no fold repeats the n-gram and cue work.  One BLAS thread per
        # worker: two workers with two threads each ran 2.5x slower.
        from threadpoolctl import threadpool_limits

        _warm(texts)
        backend, limits = "multiprocessing", threadpool_limits(1)
    with limits:
        parts = Parallel(n_jobs=n_jobs, backend=backend)(
            delayed(_fold)(texts, labels, train_idx, test_idx, seed)
            for train_idx, test_idx in splitter.split(texts, labels)
        )
    for test_idx, per_point in parts:
        for p, proba in enumerate(per_point):
            probabilities[p, test_idx] = proba
    label_array = np.array(LABELS)
    scores = []
    for p, settings in enumerate(points):
        predicted = label_array[probabilities[p].argmax(axis=1)]
        scores.append({"settings": settings, "f1_macro": float(f1_score(labels, predicted, average="macro"))})
    best = max(range(len(points)), key=lambda p: (round(scores[p]["f1_macro"], 10), -p))
    pipeline = build_pipeline(points[best], seed).fit(texts, labels)
    return SearchResult(
        pipeline=pipeline,
        settings=points[best],
        oof_predictions=list(label_array[probabilities[best].argmax(axis=1)]),
        oof_probabilities=probabilities[best],
        scores=scores,
        folds=folds,
    )
