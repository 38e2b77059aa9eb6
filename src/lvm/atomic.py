"""Write files all or nothing: a temp file in the same folder, fsync, then os.replace.

A crash, Ctrl-C or full disk while writing leaves the earlier file as it was
and no half-written one; the temp file is removed on any error.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import LvmError

TEMP_PREFIX = ".tmp-"


@contextmanager
def atomic_write(path: Path | str, binary: bool = False, encoding: str = "utf-8") -> Iterator[IO]:
    """Yield a handle; on clean exit the content replaces ``path`` in one step."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle = tempfile.NamedTemporaryFile(
            "wb" if binary else "w",
            dir=folder,
            prefix=TEMP_PREFIX,
            suffix=path.suffix,
            delete=False,
            **({} if binary else {"encoding": encoding, "newline": ""}),
        )
    except OSError as exc:
        raise LvmError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        os.chmod(handle.name, 0o666 & ~_umask())  # as open() would, not mkstemp's 0600
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, path)
    except OSError as exc:
        _remove(handle.name)
        raise LvmError(f"{path}: cannot write ({exc.strerror or exc}); nothing was changed") from None
    except BaseException:
        _remove(handle.name)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove(name: str) -> None:
    try:
        os.unlink(name)
    except FileNotFoundError:
        pass
