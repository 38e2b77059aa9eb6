"""`lvm label`: the file after each key, undo, resume, batch mode, and a real terminal."""

from __future__ import annotations

import csv
import os
import signal
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from lvm.cli import cli
from lvm.dataset import read_labelled

TEXT = (
    "Managers draw up budgets. Leaders inspire people.\n"
    "Leave a Reply\n"
    "We met at the office and talked about culture and the budget.\n"
    "The canteen opens at noon.\n"
    "Inspiration is the key.\n"  # a statement of the training data: never asked
)


@pytest.fixture
def doc(tmp_path) -> Path:
    path = tmp_path / "doc.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def label(doc, out, keys, *extra):
    return CliRunner().invoke(cli, ["label", str(doc), "--out", str(out), *extra], input="".join(k + "\n" for k in keys))


def rows(out):
    with open(out, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_batch_prints_the_queue_least_certain_first(doc, tmp_path):
    result = CliRunner().invoke(cli, ["label", str(doc), "--out", str(tmp_path / "o.csv"), "--batch"])
    assert result.exit_code == 0
    queue = list(csv.DictReader(result.stdout.splitlines()))
    texts = [q["text"] for q in queue]
    assert "Leave a Reply" not in texts and "Inspiration is the key." not in texts
    assert len(texts) == 4
    margins = [float(q["margin"]) for q in queue]
    assert margins == sorted(margins)
    assert not (tmp_path / "o.csv").exists()


def test_each_key_is_written_at_once_and_undo_takes_it_back(doc, tmp_path):
    out = tmp_path / "labels.csv"
    batch = CliRunner().invoke(cli, ["label", str(doc), "--out", str(out), "--batch"]).stdout
    order = list(csv.DictReader(batch.splitlines()))
    result = label(doc, out, ["m"])
    assert result.exit_code == 0
    assert rows(out) == [["text", "label", "source"], [order[0]["text"], "management", order[0]["source"]]]
    # Enter accepts the guess; u takes it back; l answers again; s skips; q quits.
    result = label(doc, out, ["", "u", "l", "s", "q"])
    assert result.exit_code == 0 and "undone" in result.stdout
    assert rows(out)[1:] == [
        [order[0]["text"], "management", order[0]["source"]],
        [order[1]["text"], "leadership", order[1]["source"]],
    ]
    assert "lvm train --data" in result.stdout
    # The file is valid training data.
    assert [e.label for e in read_labelled(out)] == ["management", "leadership"]


def test_resume_skips_answered_statements(doc, tmp_path):
    out = tmp_path / "labels.csv"
    label(doc, out, ["n", "q"])
    first = rows(out)[1][0]
    result = label(doc, out, ["q"])
    assert "3 statements to label" in result.stdout
    batch = CliRunner().invoke(cli, ["label", str(doc), "--out", str(out), "--batch"]).stdout
    assert first not in [q["text"] for q in csv.DictReader(batch.splitlines())]


def test_unknown_key_and_guide(doc, tmp_path):
    out = tmp_path / "labels.csv"
    result = label(doc, out, ["x", "?", "q"])
    assert "unknown key 'x'" in result.stdout
    assert "Rules for hard cases" in result.stdout
    assert not out.exists() or rows(out) == []


def test_end_of_input_quits_keeping_answers(doc, tmp_path):
    out = tmp_path / "labels.csv"
    result = label(doc, out, ["b"])
    assert result.exit_code == 0 and len(rows(out)) == 2


def test_nothing_to_label(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("Leave a Reply\n")
    result = CliRunner().invoke(cli, ["label", str(path), "--out", str(tmp_path / "o.csv")], input="")
    assert result.exit_code == 0 and "nothing to label" in result.stderr


def test_statements_must_come_from_a_file(tmp_path):
    result = CliRunner().invoke(cli, ["label", "-", "--out", str(tmp_path / "o.csv")], input="x\n")
    assert result.exit_code == 2


def test_out_file_that_is_not_a_labels_file(doc, tmp_path):
    out = tmp_path / "other.csv"
    out.write_text("a,b\n1,2\n")
    result = label(doc, out, ["q"])
    assert result.exit_code == 1 and "not an lvm labels file" in result.stderr


# --- a real terminal --------------------------------------------------------------------


def _spawn(doc, out, *extra):
    pexpect = pytest.importorskip("pexpect")
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    return pexpect.spawn(sys.executable, ["-m", "lvm", "label", str(doc), "--out", str(out), *extra],
                         env=env, encoding="utf-8", timeout=90)


def test_real_terminal_single_keys_and_kill(doc, tmp_path):
    out = tmp_path / "labels.csv"
    child = _spawn(doc, out)
    child.expect("1/4")
    child.send("m")  # a single key, no Enter
    child.expect("2/4")
    assert len(rows(out)) == 2
    child.send("\r")  # Enter accepts the guess
    child.expect("3/4")
    assert len(rows(out)) == 3
    child.kill(signal.SIGKILL)
    child.wait()
    labels = read_labelled(out)
    assert len(labels) == 2 and labels[0].label == "management"


def test_real_terminal_retrains_in_the_background(doc, tmp_path):
    out = tmp_path / "labels.csv"
    child = _spawn(doc, out, "--retrain-every", "1")
    child.expect("1/4")
    child.send("m")
    child.expect("retraining in the background")
    child.expect("2/4")
    deadline = time.time() + 80
    while time.time() < deadline:  # "?" redraws without moving on; the loop then applies a finished retrain
        time.sleep(3)
        child.send("?")
        if child.expect(["re-ranked", "Rules for hard cases"]) == 0:
            break
    else:
        pytest.fail("retrained model was never applied")
    child.send("q")
    child.expect("added 1 labels")
    child.wait()
