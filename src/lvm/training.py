"""Train a model from labelled files and describe it in a card.

This is the library behind `lvm train`: read and check every file first
(nothing is written if any row is bad), search the settings by
cross-validation, refit, and save with a card that says what went in and
how well it did on data it did not see.
"""

from __future__ import annotations

import hashlib
import platform
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import LABELS, __version__
from .checksum import sha256
from .dataset import MergedData, read_many, text_fingerprint
from .errors import DataError
from .paths import bundled_data_dir, bundled_labelled_files

DEFAULT_JOBS = 2


@dataclass
class TrainResult:
    pipeline: Any
    card: dict[str, Any]
    overridden: int
    seconds: float


def _describe_files(paths: Sequence[Path], data: MergedData) -> list[dict[str, Any]]:
    bundled = bundled_data_dir().resolve()
    rows = Counter(Path(e.file).resolve() for e in data.examples)
    described = []
    for path in paths:
        resolved = Path(path).resolve()
        try:
            name = str(resolved.relative_to(bundled))
            origin = "bundled"
        except ValueError:
            name, origin = str(resolved), "user"
        described.append({"file": name, "origin": origin, "sha256": sha256(resolved), "rows_used": rows[resolved]})
    return described


def load_training_data(extra: Sequence[str | Path] = (), replace: bool = False) -> tuple[list[Path], MergedData]:
    """Bundled files (unless ``replace``) then ``extra``, later rows overriding earlier."""
    paths = ([] if replace else bundled_labelled_files()) + [Path(p) for p in extra]
    if not paths:
        raise DataError("no training data: give at least one --data file with --replace")
    return paths, read_many(paths)


def train(
    extra: Sequence[str | Path] = (),
    replace: bool = False,
    seed: int = 0,
    n_jobs: int = DEFAULT_JOBS,
    loaded: tuple[list[Path], MergedData] | None = None,
) -> TrainResult:
    """Read (unless ``loaded`` is given), search, refit; return the pipeline and its card (not yet saved)."""
    from sklearn import __version__ as sklearn_version

    from .evaluate import compare
    from .train import search

    began = time.perf_counter()
    paths, data = loaded or load_training_data(extra, replace)
    texts = [e.text for e in data.examples]
    labels = [e.label for e in data.examples]
    result = search(texts, labels, seed=seed, n_jobs=n_jobs)
    # Kept inside the model so `lvm evaluate` can refuse to score these texts.
    result.pipeline.lvm_trained_on_ = frozenset(text_fingerprint(t) for t in texts)
    files = _describe_files(paths, data)
    combined = hashlib.sha256("".join(f["sha256"] for f in files).encode()).hexdigest()
    card = {
        "labels": list(LABELS),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "lvm_version": __version__,
        "sklearn_version": sklearn_version,
        "python_version": platform.python_version(),
        "seed": seed,
        "data": files,
        "data_sha256": combined,
        "rows": len(texts),
        "rows_per_label": {label: labels.count(label) for label in LABELS},
        "rows_overridden": data.overridden,
        "settings": {k: list(v) if isinstance(v, tuple) else v for k, v in result.settings.items()},
        "search": [
            {"settings": {k: list(v) if isinstance(v, tuple) else v for k, v in s["settings"].items()},
             "f1_macro": round(s["f1_macro"], 4)}
            for s in result.scores
        ],
        "cv": {
            "protocol": f"stratified {result.folds}-fold, out-of-fold predictions of the chosen settings",
            **compare(labels, result.oof_predictions, texts),
        },
    }
    return TrainResult(result.pipeline, card, data.overridden, time.perf_counter() - began)


def train_default(folder: Path, keep_backup: bool = True, seed: int = 0) -> TrainResult:
    """Train on the bundled data and save into ``folder``."""
    from .modelstore import save_model

    result = train(seed=seed)
    save_model(result.pipeline, result.card, folder, keep_backup=keep_backup)
    return result
