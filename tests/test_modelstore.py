"""Model files: saved atomically, verified on load, damaged ones refused with a clear error."""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path

import pytest

from lvm import modelstore
from lvm.errors import ModelError
from lvm.modelstore import load_from, load_model, read_card, resolve, rollback, save_model


@pytest.fixture
def model_dir(small_model, tmp_path) -> Path:
    folder = tmp_path / "model"
    shutil.copytree(small_model, folder)
    return folder


def _card(folder: Path) -> dict:
    return json.loads((folder / "model.json").read_text())


def _model_file(folder: Path) -> Path:
    return folder / _card(folder)["model_file"]


def test_round_trip(model_dir):
    loaded = load_from(model_dir, "test")
    assert loaded.card["model_sha256"] and loaded.model_path.exists()
    assert sorted(loaded.pipeline.classes_) == sorted(loaded.labels)


@pytest.mark.parametrize("how", ["card", "joblib", "folder"])
def test_a_model_can_be_named_three_ways(model_dir, how):
    target = {"card": model_dir / "model.json", "joblib": _model_file(model_dir), "folder": model_dir}[how]
    assert load_from(target, "--model").card_path == model_dir / "model.json"


def test_missing_model(tmp_path):
    with pytest.raises(ModelError, match="nothing: no such model"):
        load_from(tmp_path / "nothing", "--model")
    with pytest.raises(ModelError, match="no such model card"):
        load_from(tmp_path / "nothing.json", "--model")
    with pytest.raises(ModelError, match="model card"):
        load_from(tmp_path, "--model")


def test_empty_model_file(model_dir):
    _model_file(model_dir).write_bytes(b"")
    with pytest.raises(ModelError, match="does not match its card"):
        load_from(model_dir, "test")


def test_truncated_model_file(model_dir):
    path = _model_file(model_dir)
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(ModelError, match="does not match its card"):
        load_from(model_dir, "test")


def test_random_pickle_with_a_matching_card_is_still_refused(model_dir):
    from lvm.checksum import sha256

    path = _model_file(model_dir)
    path.write_bytes(pickle.dumps({"not": "a model"}))
    card = _card(model_dir)
    card["model_sha256"] = sha256(path)
    (model_dir / "model.json").write_text(json.dumps(card))
    with pytest.raises(ModelError, match="not an lvm model"):
        load_from(model_dir, "test")


def test_garbage_with_a_matching_card_is_refused(model_dir):
    from lvm.checksum import sha256

    path = _model_file(model_dir)
    path.write_bytes(os.urandom(256))
    card = _card(model_dir)
    card["model_sha256"] = sha256(path)
    (model_dir / "model.json").write_text(json.dumps(card))
    with pytest.raises(ModelError, match="cannot load model"):
        load_from(model_dir, "test")


def test_joblib_without_a_card_is_refused(model_dir, tmp_path):
    alone = tmp_path / "alone.joblib"
    shutil.copy(_model_file(model_dir), alone)
    with pytest.raises(ModelError, match="no lvm model card beside it"):
        load_from(alone, "--model")


def test_card_that_is_not_json(model_dir):
    (model_dir / "model.json").write_text("{not json")
    with pytest.raises(ModelError, match="not a valid lvm model card"):
        load_from(model_dir, "test")


def test_card_of_another_program(model_dir):
    (model_dir / "model.json").write_text(json.dumps({"hello": "world"}))
    with pytest.raises(ModelError, match="not an lvm model card"):
        load_from(model_dir, "test")


def test_model_with_another_label_set(model_dir):
    card = _card(model_dir)
    card["labels"] = ["good", "bad"]
    (model_dir / "model.json").write_text(json.dumps(card))
    with pytest.raises(ModelError, match="model has labels"):
        load_from(model_dir, "test")


def test_save_keeps_a_backup_and_rollback_restores_it(model_dir):
    first = _card(model_dir)
    pipeline = load_from(model_dir, "test").pipeline
    save_model(pipeline, {**first, "created": "second"}, model_dir)
    assert _card(model_dir)["created"] == "second"
    restored = rollback(model_dir)
    assert restored["created"] == first["created"]
    assert load_from(model_dir, "test").card["created"] == first["created"]
    # Rolling back again goes forward to the newer model.
    assert rollback(model_dir)["created"] == "second"


def test_rollback_without_any_model(tmp_path):
    with pytest.raises(ModelError, match="no model of yours to roll back"):
        rollback(tmp_path)


def test_rolling_back_the_first_model_returns_to_the_bundled_one(model_dir, lvm_home):
    shutil.copytree(model_dir, lvm_home / "models")
    assert resolve()[1] == "user"
    assert rollback(lvm_home / "models") is None
    assert resolve()[1] == "bundled"
    assert rollback(lvm_home / "models")["created"] == _card(model_dir)["created"]
    assert resolve()[1] == "user"


def test_failure_while_saving_leaves_the_previous_model(model_dir, monkeypatch):
    before = _card(model_dir)
    pipeline = load_from(model_dir, "test").pipeline

    def exploding_dump(obj, handle, **kwargs):
        handle.write(b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("joblib.dump", exploding_dump)
    with pytest.raises(Exception, match="No space left on device"):
        save_model(pipeline, {**before, "created": "never"}, model_dir)
    assert load_from(model_dir, "test").card["created"] == before["created"]
    leftovers = [p.name for p in model_dir.iterdir() if p.name.startswith(".tmp-")]
    assert leftovers == []


def test_sweep_removes_leftovers_of_a_killed_save(model_dir):
    pipeline = load_from(model_dir, "test").pipeline
    (model_dir / ".tmp-12345.joblib").write_bytes(b"half")
    (model_dir / "model-deadbeef0000.joblib").write_bytes(b"orphan")
    save_model(pipeline, _card(model_dir), model_dir)
    names = {p.name for p in model_dir.iterdir()}
    assert ".tmp-12345.joblib" not in names and "model-deadbeef0000.joblib" not in names


def test_resolution_order(model_dir, lvm_home, monkeypatch):
    assert resolve()[1] == "bundled"
    shutil.copytree(model_dir, lvm_home / "models")
    assert resolve() == (lvm_home / "models" / "model.json", "user")
    monkeypatch.setenv("LVM_MODEL", str(model_dir))
    assert resolve() == (model_dir / "model.json", "LVM_MODEL")
    assert resolve(str(model_dir / "model.json"))[1] == "--model"


def test_bundled_model_rebuilt_once_for_another_sklearn(monkeypatch, lvm_home, capsys):
    monkeypatch.setattr(modelstore, "installed_sklearn", lambda: "0.0.0-other")

    def fake_train_default(folder, keep_backup=True, seed=0):
        from lvm.paths import bundled_model_dir

        shutil.copytree(bundled_model_dir(), folder, dirs_exist_ok=True)
        card = json.loads((folder / "model.json").read_text())
        card["sklearn_version"] = "0.0.0-other"
        (folder / "model.json").write_text(json.dumps(card))

    monkeypatch.setattr("lvm.training.train_default", fake_train_default)
    loaded = load_model()
    assert loaded.origin == "cache"
    assert "rebuilding it from the bundled data" in capsys.readouterr().err
    again = load_model()
    assert again.origin == "cache"
    assert capsys.readouterr().err == ""


def test_read_card_needs_no_sklearn_objects(model_dir):
    card = read_card(model_dir)
    assert card["format"] == "lvm-model/1"


def test_a_second_writer_waits_then_fails_clearly(model_dir, monkeypatch):
    from filelock import FileLock

    monkeypatch.setattr(modelstore, "LOCK_TIMEOUT", 0.2)
    holder = FileLock(str(model_dir / ".lock"))
    with holder:
        with pytest.raises(ModelError, match="another lvm train is writing"):
            with modelstore.locked(model_dir, timeout=0.2):
                pass
