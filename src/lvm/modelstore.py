"""Save and load models safely, with a JSON card beside each model file.

Layout of a model folder::

    model.json                 the card: labels, data, settings, metrics, versions,
                               and the name and SHA-256 of the model file
    model-<sha12>.joblib       the fitted Pipeline
    backup.json                the previous card (its model file is kept too)

The card is the commit point.  A new model file gets a new name, so writing
it never touches the model in use; only then is the card swapped in with
``os.replace``.  A crash at any moment leaves either the old card or the new
one, each pointing at a complete file.  Temp files start with ``.tmp-`` and
are swept under the lock by the next save.

joblib files run code when loaded, so lvm loads only a model whose card it
finds and whose bytes match the card's SHA-256: a file it wrote, or one the
user names explicitly with its card beside it.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import LABELS, __version__
from .checksum import sha256
from .console import say
from .errors import ModelError
from .paths import CARD_FILE, bundled_model_dir, cache_model_dir, user_model_dir

BACKUP_CARD = "backup.json"
FORMAT = "lvm-model/1"
LOCK_TIMEOUT = 60.0


@dataclass
class LoadedModel:
    pipeline: Any
    card: dict[str, Any]
    card_path: Path
    origin: str  # "--model", "LVM_MODEL", "user", "bundled" or "cache"

    @property
    def model_path(self) -> Path:
        return self.card_path.parent / self.card["model_file"]

    @property
    def labels(self) -> list[str]:
        return list(self.card["labels"])


# --- writing ----------------------------------------------------------------


class _Packed:
    """Pickles its object as one bytes blob, so joblib.load hands it to C pickle.

    joblib's unpickler is pure Python and spent 0.1 s of every start-up on
    the vectorisers' vocabularies; the C unpickler takes 0.02 s.  The file is
    still a joblib file and loads as the Pipeline itself.
    """

    def __init__(self, obj: Any) -> None:
        self.obj = obj

    def __reduce__(self):
        import pickle

        return (pickle.loads, (pickle.dumps(self.obj, protocol=5),))



def _write_atomic(path: Path, write: Callable[[Any], None], binary: bool) -> None:
    from .atomic import atomic_write  # imported when saving only: loading stays lean

    with atomic_write(path, binary=binary) as handle:
        write(handle)


def write_json(path: Path, data: dict[str, Any]) -> None:
    _write_atomic(path, lambda h: json.dump(data, h, indent=2, sort_keys=True, default=str), binary=False)


@contextmanager
def locked(folder: Path, timeout: float = LOCK_TIMEOUT):
    """One writer at a time per model folder; a second waits, then fails clearly."""
    from filelock import FileLock, Timeout

    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / ".lock"), timeout=timeout)
    try:
        with lock:
            yield
    except Timeout:
        raise ModelError(
            f"{folder}: another lvm train is writing this model folder; try again when it ends"
        ) from None


def _sweep(folder: Path) -> None:
    """Remove temp files and model files no card points at (left by a killed save)."""
    from .atomic import TEMP_PREFIX
    keep = set()
    for card_name in (CARD_FILE, BACKUP_CARD):
        try:
            keep.add(json.loads((folder / card_name).read_text(encoding="utf-8"))["model_file"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
    for path in folder.iterdir():
        stray_temp = path.name.startswith(TEMP_PREFIX)
        orphan = path.name.startswith("model-") and path.suffix == ".joblib" and path.name not in keep
        if stray_temp or orphan:
            try:
                path.unlink()
            except OSError:
                pass


def save_model(pipeline: Any, card: dict[str, Any], folder: Path, keep_backup: bool = True) -> Path:
    """Save ``pipeline`` and its card into ``folder``; return the card's path."""
    import joblib

    folder = Path(folder)
    with locked(folder):
        _sweep(folder)
        from .atomic import TEMP_PREFIX

        staging = folder / f"{TEMP_PREFIX}{os.getpid()}.joblib"
        try:
            _write_atomic(staging, lambda h: joblib.dump(_Packed(pipeline), h, compress=3), binary=True)
            digest = sha256(staging)
            model_file = f"model-{digest[:12]}.joblib"
            os.replace(staging, folder / model_file)
        finally:
            if staging.exists():
                staging.unlink()
        card = {**card, "format": FORMAT, "model_file": model_file, "model_sha256": digest}
        current = folder / CARD_FILE
        if keep_backup and current.exists():
            previous = current.read_text(encoding="utf-8")
            _write_atomic(folder / BACKUP_CARD, lambda h: h.write(previous), binary=False)
        write_json(current, card)
        _sweep(folder)
    return current


def rollback(folder: Path) -> dict[str, Any] | None:
    """Swap the current model with the backup one; return the card now in use.

    With no backup, the first model trained here is set aside (kept as the
    backup, so a second rollback brings it back) and None is returned: the
    bundled model is in use again.
    """
    folder = Path(folder)
    with locked(folder):
        backup = folder / BACKUP_CARD
        current = folder / CARD_FILE
        if not backup.exists():
            if not current.exists():
                raise ModelError(f"{folder}: no model of yours to roll back")
            os.replace(current, backup)
            return None
        previous = backup.read_text(encoding="utf-8")
        restored = _read_card(backup)
        _check_file(folder, restored, backup)
        now = current.read_text(encoding="utf-8") if current.exists() else None
        _write_atomic(current, lambda h: h.write(previous), binary=False)
        if now is not None:
            _write_atomic(backup, lambda h: h.write(now), binary=False)
        else:
            backup.unlink()
        return restored


# --- reading ----------------------------------------------------------------


def _read_card(card_path: Path) -> dict[str, Any]:
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{card_path}: no such model card") from None
    except (OSError, UnicodeError, ValueError) as exc:
        raise ModelError(f"{card_path}: not a valid lvm model card ({exc})") from None
    if not isinstance(card, dict) or card.get("format") != FORMAT or "model_file" not in card:
        raise ModelError(f"{card_path}: not an lvm model card")
    if sorted(card.get("labels") or []) != sorted(LABELS):
        raise ModelError(
            f"{card_path}: model has labels {card.get('labels')}, lvm needs {list(LABELS)}"
        )
    return card


def _check_file(folder: Path, card: dict[str, Any], card_path: Path) -> Path:
    model_path = folder / Path(card["model_file"]).name
    if not model_path.is_file():
        raise ModelError(f"{model_path}: model file named by {card_path.name} is missing")
    if sha256(model_path) != card.get("model_sha256"):
        raise ModelError(
            f"{model_path}: does not match its card {card_path.name} (truncated, changed or not lvm's); refusing to load"
        )
    return model_path


def find_card(path: Path) -> Path:
    """A model path may name a card, a model file, or a folder holding model.json."""
    path = Path(path).expanduser()
    if path.is_dir():
        return path / CARD_FILE
    if path.suffix == ".json":
        return path
    if path.suffix == ".joblib":
        for candidate in sorted(path.parent.glob("*.json")):
            try:
                if json.loads(candidate.read_text(encoding="utf-8")).get("model_file") == path.name:
                    return candidate
            except (OSError, ValueError, AttributeError):
                continue
        raise ModelError(f"{path}: no lvm model card beside it names this file; refusing to load")
    if not path.exists():
        raise ModelError(f"{path}: no such model")
    raise ModelError(f"{path}: not an lvm model (expected a .json card, a .joblib file or a folder)")


def read_card(path: Path) -> dict[str, Any]:
    return _read_card(find_card(path))


def load_from(path: Path, origin: str) -> LoadedModel:
    """Load and verify one model; any damage is a ModelError, never a traceback."""
    import joblib

    card_path = find_card(path)
    card = _read_card(card_path)
    model_path = _check_file(card_path.parent, card, card_path)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            pipeline = joblib.load(model_path)
    except Exception as exc:  # a pickle can fail in any way
        raise ModelError(f"{model_path}: cannot load model ({type(exc).__name__}: {exc})") from None
    if not hasattr(pipeline, "predict_proba") or sorted(getattr(pipeline, "classes_", [])) != sorted(LABELS):
        raise ModelError(f"{model_path}: not an lvm model (wrong type or label set)")
    if any("version" in str(w.message).lower() for w in caught):
        say(
            f"warning: {model_path.name} was saved with scikit-learn {card.get('sklearn_version')}; "
            "retrain it with `lvm train` if predictions look wrong"
        )
    return LoadedModel(pipeline, card, card_path, origin)


# --- which model is in use --------------------------------------------------


def resolve(explicit: str | os.PathLike | None = None) -> tuple[Path, str]:
    """The card to use and why: --model, then LVM_MODEL, then the user's, then bundled."""
    if explicit:
        return find_card(Path(explicit)), "--model"
    env = os.environ.get("LVM_MODEL")
    if env:
        return find_card(Path(env)), "LVM_MODEL"
    user = user_model_dir() / CARD_FILE
    if user.exists():
        return user, "user"
    return bundled_model_dir() / CARD_FILE, "bundled"


def installed_sklearn() -> str:
    # Unpickling needs scikit-learn anyway; importlib.metadata would add 15 ms.
    import sklearn

    return sklearn.__version__


def load_model(explicit: str | os.PathLike | None = None) -> LoadedModel:
    """Load the model in use.

    The bundled model is only trusted with the scikit-learn that built it; with
    any other version it is rebuilt from the bundled data once, cached in the
    user's folder, and the user is told.
    """
    card_path, origin = resolve(explicit)
    if origin != "bundled":
        return load_from(card_path, origin)
    card = _read_card(card_path)
    if card.get("sklearn_version") == installed_sklearn():
        return load_from(card_path, origin)
    cached = cache_model_dir() / CARD_FILE
    if cached.exists():
        try:
            cached_card = _read_card(cached)
            if cached_card.get("sklearn_version") == installed_sklearn() and cached_card.get(
                "data_sha256"
            ) == card.get("data_sha256"):
                return load_from(cached, "cache")
        except ModelError:
            pass
    say(
        f"the bundled model was built with scikit-learn {card.get('sklearn_version')}, "
        f"this is {installed_sklearn()}: rebuilding it from the bundled data (once; cached in {cache_model_dir()})"
    )
    from .training import train_default

    train_default(cache_model_dir(), keep_backup=False)
    return load_from(cached, "cache")


def describe_active_model() -> str:
    """One line for `lvm --version`, read from the card alone (no scikit-learn import)."""
    card_path, origin = resolve()
    card = _read_card(card_path)
    return f"model: {card.get('created', '?')} ({origin}, {card_path})"
