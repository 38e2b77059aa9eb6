"""Tag a whole file or stream: statements (or lines) in, records out, in input order.

Input is read and predicted in batches, so memory stays flat however large
the file.  With ``jobs > 1`` batches go to worker processes that each load
the model once; a bounded window of batches in flight keeps both the order
and the memory bound.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from .boilerplate import boilerplate_kind
from .loader import Statement, iter_file_statements
from .predict import BATCH, Classifier
from .textio import iter_lines, open_text


@dataclass(frozen=True, slots=True)
class Line:
    """One non-empty line, for --lines mode: a statement per line, no splitting."""

    text: str
    doc: str
    index: int
    line: int
    start: int
    end: int
    boilerplate: bool


def iter_file_lines(path: str | Path) -> Iterator[Line]:
    doc = "<stdin>" if str(path) == "-" else Path(path).name
    index = offset = 0
    with open_text(path) as handle:
        for number, raw in enumerate(iter_lines(handle), start=1):
            stripped = raw.strip()
            if stripped:
                start = offset + (len(raw) - len(raw.lstrip()))
                yield Line(stripped, doc, index, number, start, start + len(stripped), boilerplate_kind(stripped) is not None)
                index += 1
            offset += len(raw)


def _record(item: Statement | Line, prediction) -> dict[str, Any]:
    record = {"doc": item.doc, "index": item.index}
    if isinstance(item, Line):
        record["line"] = item.line
    record.update(
        start=item.start,
        end=item.end,
        boilerplate=item.boilerplate,
        text=item.text,
        label=prediction.label,
        confidence=prediction.confidence,
        scores=prediction.scores,
    )
    return record


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


_worker: Classifier | None = None


def _init_worker(card_path: str, threshold: float | None) -> None:
    global _worker
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    from threadpoolctl import threadpool_limits

    from .modelstore import load_from

    threadpool_limits(1)  # one BLAS thread per worker, or workers fight for the cores
    _worker = Classifier(load_from(Path(card_path), "worker"), threshold)


def _predict_in_worker(texts: list[str]):
    assert _worker is not None
    return _worker.predict(texts)


def tag_items(items: Iterable[Statement | Line], classifier: Classifier, jobs: int = 1, batch: int = BATCH) -> Iterator[dict[str, Any]]:
    """Predict every item; yield records in input order."""
    if jobs <= 1:
        for chunk in _batches(items, batch):
            for item, prediction in zip(chunk, classifier.predict([i.text for i in chunk])):
                yield _record(item, prediction)
        return
    from concurrent.futures import ProcessPoolExecutor

    executor = ProcessPoolExecutor(
        max_workers=jobs,
        initializer=_init_worker,
        initargs=(str(classifier.loaded.card_path), classifier.threshold),
    )
    pending: deque = deque()
    try:
        chunks = _batches(items, batch)
        for chunk in chunks:
            pending.append((chunk, executor.submit(_predict_in_worker, [i.text for i in chunk])))
            if len(pending) >= 2 * jobs:
                done_chunk, future = pending.popleft()
                for item, prediction in zip(done_chunk, future.result()):
                    yield _record(item, prediction)
        while pending:
            done_chunk, future = pending.popleft()
            for item, prediction in zip(done_chunk, future.result()):
                yield _record(item, prediction)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def tag_file(path: str | Path, classifier: Classifier, lines: bool = False, jobs: int = 1) -> Iterator[dict[str, Any]]:
    items = iter_file_lines(path) if lines else iter_file_statements(path)
    return tag_items(items, classifier, jobs=jobs)
