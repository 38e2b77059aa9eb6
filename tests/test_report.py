"""`lvm report`: numbers agree with `lvm tag`; the HTML page is whole, offline and has every chart."""

from __future__ import annotations

import json
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from lvm import LABELS
from lvm.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "data" / "sources"


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def report():
    result = run("report", "--format", "json")
    assert result.exit_code == 0
    return json.loads(result.stdout)


def test_report_numbers_agree_with_tag(report):
    assert [d["doc"] for d in report["documents"]] == sorted(p.name for p in SOURCES.glob("*.txt"))
    for document in report["documents"]:
        records = [json.loads(l) for l in run("tag", str(SOURCES / document["doc"]), "--format", "jsonl").stdout.splitlines()]
        content = [r for r in records if not r["boilerplate"]]
        assert document["boilerplate"] == len(records) - len(content)
        assert document["statements"] == len(content)
        assert document["counts"] == {label: Counter(r["label"] for r in content)[label] for label in LABELS}
        assert sum(document["shares"].values()) == pytest.approx(1.0)


def test_report_lists_confident_unsure_terms_and_card(report):
    for label in LABELS:
        items = report["most_confident"][label]
        assert items and all(i["label"] == label for i in items)
        assert [i["confidence"] for i in items] == sorted((i["confidence"] for i in items), reverse=True)
        assert len(report["top_terms"][label]) == 10
    margins = [s["margin"] for s in report["least_sure"]]
    assert margins == sorted(margins) and len(margins) == 8
    assert report["model"]["cv"]["model"]["f1_macro"] > report["model"]["cv"]["baseline"]["f1_macro"]


def test_report_on_a_file_and_a_folder(tmp_path):
    (tmp_path / "a.txt").write_text("Managers plan budgets. Leaders inspire people.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Leave a Reply\nThe canteen opens at noon.")
    data = json.loads(run("report", str(tmp_path / "a.txt"), str(tmp_path / "sub"), "--format", "json").stdout)
    assert [(d["doc"], d["statements"], d["boilerplate"]) for d in data["documents"]] == [("a.txt", 2, 0), ("b.txt", 1, 1)]


def test_report_errors():
    assert run("report", "/no/such/place").exit_code == 1


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.ids, self.tags, self.references = [], set(), Counter(), []

    def handle_startendtag(self, tag, attrs):
        self._record(tag, attrs)

    def handle_starttag(self, tag, attrs):
        self._record(tag, attrs)
        if tag not in {"meta", "br", "img", "input", "link", "hr"}:
            self.stack.append(tag)

    def _record(self, tag, attrs):
        self.tags[tag] += 1
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        for name in ("src", "href", "xlink:href", "action"):
            value = attributes.get(name) or ""
            if value and not value.startswith(("#", "data:")):  # inline data is self-contained
                self.references.append(value)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()


def test_html_report_is_valid_offline_and_has_every_chart(tmp_path):
    page = tmp_path / "report.html"
    result = run("report", "--html", str(page))
    assert result.exit_code == 0
    text = page.read_text(encoding="utf-8")
    parser = _Collector()
    parser.feed(text)
    parser.close()
    assert parser.stack == []  # every element closed, in order
    assert {"chart-shares", "chart-f1", "chart-confusion"} <= parser.ids
    assert parser.tags["svg"] == 3
    assert parser.tags["script"] == 0 and parser.tags["link"] == 0 and parser.tags["img"] == 0
    assert parser.references == []
    assert "url(http" not in text and "@import" not in text
    for doc in SOURCES.glob("*.txt"):
        assert doc.name in text
