"""Shared fixtures: every test gets its own LVM_HOME, so none touches the real one."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "data" / "sources"


@pytest.fixture(autouse=True)
def lvm_home(tmp_path_factory, monkeypatch) -> Path:
    home = tmp_path_factory.mktemp("lvm_home")
    monkeypatch.setenv("LVM_HOME", str(home))
    monkeypatch.delenv("LVM_MODEL", raising=False)
    monkeypatch.delenv("LVM_DEBUG", raising=False)
    return home


@pytest.fixture
def sources() -> Path:
    return SOURCES


@pytest.fixture(scope="session")
def small_training_file(tmp_path_factory) -> Path:
    """A balanced 240-row slice of the bundled data: trains in about a second."""
    import csv

    rows, per_label = [], {}
    with open(ROOT / "data" / "labelled" / "written.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if per_label.get(row["label"], 0) < 60:
                per_label[row["label"]] = per_label.get(row["label"], 0) + 1
                rows.append(row)
    path = tmp_path_factory.mktemp("data") / "small.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["text", "label", "source"])
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(scope="session")
def small_model(tmp_path_factory, small_training_file) -> Path:
    """A model folder trained on the small slice; returns the folder."""
    from lvm.modelstore import save_model
    from lvm.training import train

    folder = tmp_path_factory.mktemp("small_model")
    result = train([small_training_file], replace=True, n_jobs=1)
    save_model(result.pipeline, result.card, folder)
    return folder
