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
