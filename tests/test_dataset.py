"""Labelled data: the shipped files are complete and valid; bad files are named by line."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from lvm import LABELS
from lvm.dataset import merge, read_labelled, read_many
from lvm.errors import DataError
from lvm.loader import load_corpus

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "data" / "labelled"
AGREEMENT = ROOT / "data" / "agreement"


def write_csv(path: Path, rows, header=("text", "label")) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


# --- the shipped data -------------------------------------------------------


def test_every_source_statement_has_exactly_one_label():
    statements = load_corpus(ROOT / "data" / "sources")
    rows = read_labelled(LABELLED / "sources.csv")
    by_source = Counter(r.source for r in rows)
    assert all(count == 1 for count in by_source.values())
    expected = {f"{s.doc}#{s.index}": s.text for s in statements}
    labelled = {r.source: r.text for r in rows}
    assert labelled == expected


def test_written_set_is_broad_enough():
    rows = read_labelled(LABELLED / "written.csv")
    counts = Counter(r.label for r in rows)
    assert len(rows) >= 800
    assert all(counts[label] >= 180 for label in LABELS), counts
    assert {r.source for r in rows} == {"written"}
    lengths = [len(r.text.split()) for r in rows]
    assert min(lengths) >= 3 and max(lengths) <= 50


def test_written_set_uses_the_vocabulary_the_sources_lack():
    text = " ".join(r.text.lower() for r in read_labelled(LABELLED / "written.csv"))
    for word in ("budget", "headcount", "kpi", "schedul", "complian", "audit", "payroll",
                 "procurement", "quarterly", "workflow", "sop", "vision", "purpose", "mentor",
                 "empower", "culture", "trust", "change", "courage", "story", "coach"):
        assert word in text, word


def test_written_set_shares_no_sentence_with_the_sources():
    sources = {" ".join(r.text.split()).lower() for r in read_labelled(LABELLED / "sources.csv")}
    written = {" ".join(r.text.split()).lower() for r in read_labelled(LABELLED / "written.csv")}
    assert not sources & written


def test_shipped_files_merge_without_conflicts():
    merged = read_many(sorted(LABELLED.glob("*.csv")))
    assert merged.overridden == 0
    assert len(merged.examples) > 1300


def _kappa(first: list[str], second: list[str]) -> float:
    from sklearn.metrics import cohen_kappa_score

    return cohen_kappa_score(first, second)


@pytest.mark.parametrize("name", ["sources", "written"])
def test_agreement_between_passes_is_high_and_matches_the_card(name):
    def labels(n):
        with open(AGREEMENT / f"{name}_pass{n}.csv", newline="", encoding="utf-8") as handle:
            return [row["label"] for row in csv.DictReader(handle)]

    kappa = _kappa(labels(1), labels(2))
    assert kappa >= 0.7
    card = (ROOT / "data" / "README.md").read_text(encoding="utf-8").split("## Agreement")[1]
    stated = re.search(rf"`{name}.csv`\s*\|\s*[\d,]+\s*\|\s*([0-9.]+)", card)
    assert stated, f"data card states no kappa for {name}.csv"
    assert float(stated.group(1)) == pytest.approx(kappa, abs=0.0051)


# --- validation of bad files ------------------------------------------------


def test_unknown_label_names_file_and_line(tmp_path):
    path = write_csv(tmp_path / "a.csv", [("Leaders inspire.", "leadership"), ("Plan it.", "admin")])
    with pytest.raises(DataError, match=r"a\.csv:3: unknown label 'admin'"):
        read_labelled(path)


def test_empty_text(tmp_path):
    path = write_csv(tmp_path / "a.csv", [("  ", "leadership")])
    with pytest.raises(DataError, match=r"a\.csv:2: empty text"):
        read_labelled(path)


@pytest.mark.parametrize("header", [("text", "tag"), ("statement", "label")])
def test_missing_column(tmp_path, header):
    path = write_csv(tmp_path / "a.csv", [("Leaders inspire.", "leadership")], header=header)
    with pytest.raises(DataError, match=r"a\.csv:1: missing column"):
        read_labelled(path)


def test_same_text_two_labels(tmp_path):
    path = write_csv(tmp_path / "a.csv", [("Leaders inspire.", "leadership"), ("Leaders  inspire.", "both")])
    with pytest.raises(DataError, match=r"a\.csv:3: same text labelled 'leadership' at line 2"):
        read_labelled(path)


def test_exact_duplicate(tmp_path):
    path = write_csv(tmp_path / "a.csv", [("Leaders inspire.", "leadership")] * 2)
    with pytest.raises(DataError, match=r"a\.csv:3: duplicate of line 2"):
        read_labelled(path)


def test_repeat_from_another_source_is_allowed(tmp_path):
    path = write_csv(
        tmp_path / "a.csv",
        [("Hi Lalit,", "neither", "doc#1"), ("Hi Lalit,", "neither", "doc#9")],
        header=("text", "label", "source"),
    )
    assert [r.source for r in read_labelled(path)] == ["doc#1", "doc#9"]


def test_stray_quote_in_csv(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('text,label\n"Leaders inspire.,leadership\nPlan.,management\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"a\.csv:\d+: "):
        read_labelled(path)


def test_empty_file(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("")
    with pytest.raises(DataError, match=r"a\.csv: empty file; expected a header"):
        read_labelled(path)


def test_header_only(tmp_path):
    path = write_csv(tmp_path / "a.csv", [])
    with pytest.raises(DataError, match=r"a\.csv: no labelled rows"):
        read_labelled(path)


def test_jsonl_is_read_and_bad_line_is_named(tmp_path):
    good = tmp_path / "a.jsonl"
    good.write_text(json.dumps({"text": "Leaders inspire.", "label": "leadership"}) + "\n\n", encoding="utf-8")
    assert [(r.text, r.label, r.line) for r in read_labelled(good)] == [("Leaders inspire.", "leadership", 1)]
    bad = tmp_path / "b.jsonl"
    bad.write_text('{"text": "Plan.", "label": "management"}\n{not json}\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"b\.jsonl:2: not valid JSON"):
        read_labelled(bad)
    missing = tmp_path / "c.jsonl"
    missing.write_text('{"text": "Plan."}\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"c\.jsonl:1: missing field 'label'"):
        read_labelled(missing)


def test_missing_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        read_labelled(tmp_path / "none.csv")


def test_labels_are_case_insensitive(tmp_path):
    path = write_csv(tmp_path / "a.csv", [("Leaders inspire.", " Leadership ")])
    assert read_labelled(path)[0].label == "leadership"


def test_later_rows_override_and_are_counted(tmp_path):
    base = read_labelled(write_csv(tmp_path / "a.csv", [("Leaders inspire.", "leadership"), ("Plan.", "management")]))
    new = read_labelled(write_csv(tmp_path / "b.csv", [("Leaders  inspire.", "both"), ("Hello.", "neither")]))
    merged = merge(base, new)
    assert merged.overridden == 1
    assert sorted((e.text, e.label) for e in merged.examples) == [
        ("Hello.", "neither"),
        ("Leaders  inspire.", "both"),
        ("Plan.", "management"),
    ]
