"""SHA-256 of a file, streamed: for model cards and training-data provenance."""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256(path: Path | str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
