"""Where lvm keeps things: bundled data and model, and the user's own folder.

The user's folder holds retrained models, backups and caches; it is the
platform's app-data directory for lvm unless LVM_HOME says otherwise, so tests
and shared machines can point it elsewhere.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

MODEL_FILE = "model.joblib"
CARD_FILE = "model.json"


def user_home() -> Path:
    override = os.environ.get("LVM_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("lvm", appauthor=False))


def user_model_path() -> Path:
    """The model `lvm train` writes and every command prefers to the bundled one."""
    return user_home() / "models" / MODEL_FILE


def cache_model_path() -> Path:
    """A default model rebuilt for this scikit-learn, when the bundled one is too old."""
    return user_home() / "cache" / MODEL_FILE


def bundled_model_path() -> Path:
    return Path(str(files("lvm._models").joinpath(MODEL_FILE)))


def bundled_data_dir() -> Path:
    return Path(str(files("lvm._data")))


def bundled_labelled_files() -> list[Path]:
    return sorted((bundled_data_dir() / "labelled").glob("*.csv"))


def bundled_sources_dir() -> Path:
    return bundled_data_dir() / "sources"


def card_path(model_path: Path) -> Path:
    """The JSON card that sits beside a model file."""
    return model_path.with_suffix(".json")
