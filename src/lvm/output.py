"""One writer for every command that prints records: table, json, jsonl, csv, tsv.

Machine formats stream record by record and are never decorated; the table is
for people and is drawn by rich.  CSV/TSV cells that a spreadsheet would run
as a formula are neutralised (OWASP's advice on CSV injection).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

FORMATS = ("table", "json", "jsonl", "csv", "tsv")
TABLE_ROWS = 1000

# A leading character that makes Excel, LibreOffice or Sheets evaluate a cell.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: Any) -> Any:
    """Prefix a formula-like text cell with a quote so spreadsheets show it as text."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """Turn nested ``scores`` into ``score_<label>`` columns for flat formats."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, dict):
            for inner, inner_value in value.items():
                flat[f"{key.rstrip('s')}_{inner}"] = inner_value
        else:
            flat[key] = value
    return flat


def _flat_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(value)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, bool):
        return "yes" if value else ""
    if value is None:
        return ""
    return str(value)


class RecordWriter:
    """Write records one at a time in the chosen format; ``close`` finishes it."""

    def __init__(
        self,
        stream: IO[str],
        fmt: str,
        *,
        title: str | None = None,
        console=None,
        styles: dict[str, str] | None = None,
    ) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.stream = stream
        self.fmt = fmt
        self.title = title
        self.console = console
        self.styles = styles or {}
        self.count = 0
        self._csv = None
        self._rows: list[dict[str, Any]] = []

    def write(self, record: dict[str, Any]) -> None:
        if self.fmt == "jsonl":
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif self.fmt == "json":
            self.stream.write("[\n  " if self.count == 0 else ",\n  ")
            self.stream.write(json.dumps(record, ensure_ascii=False))
        elif self.fmt in ("csv", "tsv"):
            flat = flatten(record)
            if self._csv is None:
                delimiter = "," if self.fmt == "csv" else "\t"
                self._csv = csv.DictWriter(
                    self.stream, fieldnames=list(flat), delimiter=delimiter, lineterminator="\n"
                )
                self._csv.writeheader()
            self._csv.writerow({k: _flat_cell(v) for k, v in flat.items()})
        else:
            self._rows.append(flatten(record))
            if len(self._rows) >= TABLE_ROWS:
                self._render_table()  # a long table prints in parts, so memory stays flat
        self.count += 1

    def write_all(self, records: Iterable[dict[str, Any]]) -> int:
        for record in records:
            self.write(record)
        return self.count

    def close(self) -> None:
        if self.fmt == "json":
            self.stream.write("[]\n" if self.count == 0 else "\n]\n")
        elif self.fmt == "table" and self._rows:
            self._render_table()
        self.stream.flush()

    def _render_table(self) -> None:
        from rich.table import Table

        columns = list(self._rows[0])
        table = Table(title=self.title if self.count < TABLE_ROWS else None, show_lines=False, expand=False)
        for name in columns:
            numeric = isinstance(self._rows[0][name], (int, float)) and not isinstance(
                self._rows[0][name], bool
            )
            table.add_column(
                name,
                justify="right" if numeric else "left",
                style=self.styles.get(name),
                overflow="fold",
                ratio=4 if name == "text" else None,
                min_width=20 if name == "text" else None,
            )
        for row in self._rows:
            table.add_row(*(_cell(row.get(name)) for name in columns))
        self.console.print(table)
        self._rows.clear()


def write_records(
    records: Iterable[dict[str, Any]], fmt: str, stream: IO[str], console=None, **kwargs
) -> int:
    writer = RecordWriter(stream, fmt, console=console, **kwargs)
    writer.write_all(records)
    writer.close()
    return writer.count
