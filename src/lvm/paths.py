"""Where lvm keeps things: bundled data and model, and the user's own folder.

The user's folder holds retrained models, backups and caches; it is the
platform's app-data directory for lvm unless LVM_HOME says otherwise, so tests
and shared machines can point it elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

CARD_FILE = "model.json"


def user_home() -> Path:
    override = os.environ.get("LVM_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("lvm", appauthor=False))


def user_model_dir() -> Path:
    """The model `lvm train` writes and every command prefers to the bundled one."""
    return user_home() / "models"


def cache_model_dir() -> Path:
    """A default model rebuilt for this scikit-learn, when the bundled one does not match it."""
    return user_home() / "cache"


def _bundled(name: str, folder: str) -> Path:
    """A folder installed inside the package, or the checkout's own in an editable install.

    pyproject.toml installs the repository's models/ and data/ as lvm/_models
    and lvm/_data; an editable install leaves them where they are.
    """
    here = Path(__file__).resolve().parent
    installed = here / name
    return installed if installed.is_dir() else here.parents[1] / folder


def bundled_model_dir() -> Path:
    return _bundled("_models", "models")


def bundled_data_dir() -> Path:
    return _bundled("_data", "data")


def bundled_labelled_files() -> list[Path]:
    return sorted((bundled_data_dir() / "labelled").glob("*.csv"))


def bundled_sources_dir() -> Path:
    return bundled_data_dir() / "sources"
