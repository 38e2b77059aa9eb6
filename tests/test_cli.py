"""The command line, through CliRunner and once per command as a real process."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lvm import LABELS
from lvm.cli import cli

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "data" / "sources" / "001_16663e3a3872eb12.txt"
COMMANDS = ["statements", "classify", "tag", "train", "evaluate", "explain", "info"]


def run(*args, input=None, env=None):
    result = CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)
    return result


def test_every_command_has_help_with_an_example():
    for command in COMMANDS:
        result = run(command, "--help")
        assert result.exit_code == 0, command
        assert "Example" in result.stdout, command


def test_version_names_lvm_sklearn_and_model():
    result = run("--version")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("lvm ") and lines[1].startswith("scikit-learn ") and lines[2].startswith("model: ")


def test_unknown_command_and_option_are_usage_errors():
    assert run("frobnicate").exit_code == 2
    assert run("classify", "--format", "xml", "x").exit_code == 2
    assert run("tag", "--jobs", "0", str(DOC)).exit_code == 2


# --- statements -----------------------------------------------------------------


def test_statements_flags_the_comment_form_as_boilerplate():
    result = run("statements", str(DOC), "--format", "jsonl")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert set(records[0]) == {"doc", "index", "start", "end", "boilerplate", "text"}
    reply = [r for r in records if r["text"] == "Leave a Reply"]
    assert reply and reply[0]["boilerplate"] is True
    assert any(r["text"] == "Inspiration is the key." and not r["boilerplate"] for r in records)


def test_statements_from_stdin_as_csv():
    result = run("statements", "-", "--format", "csv", input="Managers plan. Leaders inspire.\n")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["text"] for r in rows] == ["Managers plan.", "Leaders inspire."]
    assert rows[1]["start"] == "15" and rows[0]["boilerplate"] == "false"


def test_statements_of_missing_file_is_one_line_exit_1(tmp_path):
    result = run("statements", str(tmp_path / "none.txt"))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {tmp_path / 'none.txt'}: no such file"


def test_statements_of_empty_file_prints_nothing(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("")
    result = run("statements", str(path), "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


# --- classify -------------------------------------------------------------------


def test_classify_arguments_table():
    result = run("classify", "Managers draw up budgets.", "Leaders set the direction.")
    assert result.exit_code == 0
    assert "management" in result.stdout and "leadership" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no colour codes


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv"])
def test_classify_formats_round_trip(fmt):
    texts = ["Managers draw up budgets.", 'He said "lead", then left, on 1/2/3.', "=SUM(A1:A9)"]
    result = run("classify", "--format", fmt, *texts)
    assert result.exit_code == 0
    if fmt == "json":
        records = json.loads(result.stdout)
    elif fmt == "jsonl":
        records = [json.loads(line) for line in result.stdout.splitlines()]
    else:
        records = list(csv.DictReader(io.StringIO(result.stdout), delimiter="," if fmt == "csv" else "\t"))
    assert len(records) == 3
    if fmt in ("json", "jsonl"):
        assert [r["text"] for r in records] == texts
        assert set(records[0]["scores"]) == set(LABELS)
    else:
        assert [r["text"] for r in records[:2]] == texts[:2]
        assert records[2]["text"] == "'=SUM(A1:A9)"  # neutralised for spreadsheets
        assert {f"score_{label}" for label in LABELS} <= set(records[0])
        assert float(records[0]["confidence"]) == max(float(records[0][f"score_{l}"]) for l in LABELS)
    assert records[0]["label"] == "management"


def test_classify_reads_stdin_one_per_line_skipping_blanks():
    result = run("classify", "--format", "jsonl", input="Managers draw up budgets.\n\n   \nLeaders set the direction.\n")
    labels = [json.loads(line)["label"] for line in result.stdout.splitlines()]
    assert labels == ["management", "leadership"]
    dash = run("classify", "-", "--format", "jsonl", input="Managers draw up budgets.\n")
    assert json.loads(dash.stdout)["label"] == "management"


def test_classify_empty_statement_is_a_usage_error():
    result = run("classify", "Fine.", "   ")
    assert result.exit_code == 2
    assert "statement 2 is empty" in result.stderr


def test_classify_threshold():
    result = run("classify", "--threshold", "0.9999999", "--format", "jsonl", "Plans and people.")
    assert json.loads(result.stdout)["label"] == "uncertain"
    assert run("classify", "--threshold", "1.5", "x").exit_code == 2


def test_classify_with_a_missing_model_is_one_line_exit_1(tmp_path):
    result = run("classify", "--model", str(tmp_path / "nope.json"), "Managers plan.")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "no such model card" in result.stderr


def test_lvm_model_environment_variable(small_model, tmp_path):
    result = run("info", "--format", "json", env={"LVM_MODEL": str(small_model)})
    assert json.loads(result.stdout)["origin"] == "LVM_MODEL"


def test_no_color_is_respected():
    result = run("classify", "Managers draw up budgets.", env={"NO_COLOR": "1", "FORCE_COLOR": None})
    assert "\x1b[" not in result.stdout


# --- tag ------------------------------------------------------------------------


def test_tag_a_document_table_with_summary():
    result = run("tag", str(DOC))
    assert result.exit_code == 0
    assert "Statements per label" in result.stdout and "(boilerplate flagged)" in result.stdout


def test_tag_records_keep_order_and_provenance():
    result = run("tag", str(DOC), "--format", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["index"] for r in records] == list(range(len(records)))
    raw = DOC.read_text(encoding="utf-8")
    assert all(raw[r["start"] : r["end"]] == r["text"] for r in records)
    assert {"doc", "index", "start", "end", "boilerplate", "text", "label", "confidence", "scores"} <= set(records[0])
    assert [r for r in records if r["text"] == "Leave a Reply"][0]["boilerplate"] is True


def test_tag_lines_mode(tmp_path):
    path = tmp_path / "lines.txt"
    path.write_text("Managers draw up budgets. Leaders inspire.\n\nThe canteen opens at noon.\n")
    records = [json.loads(l) for l in run("tag", str(path), "--lines", "--format", "jsonl").stdout.splitlines()]
    assert [(r["line"], r["text"]) for r in records] == [
        (1, "Managers draw up budgets. Leaders inspire."),
        (3, "The canteen opens at noon."),
    ]


def test_tag_jobs_give_the_same_output_in_the_same_order(tmp_path):
    path = tmp_path / "many.txt"
    path.write_text("\n".join(f"Statement {i}: managers plan budgets and leaders inspire." for i in range(300)))
    one = run("tag", str(path), "--lines", "--format", "jsonl")
    two = run("tag", str(path), "--lines", "--format", "jsonl", "--jobs", "2")
    assert one.stdout == two.stdout and len(one.stdout.splitlines()) == 300


def test_tag_output_file_is_written_whole(tmp_path):
    out = tmp_path / "tags.csv"
    result = run("tag", str(DOC), "--format", "csv", "--output", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) > 100 and rows[0]["doc"] == DOC.name
    assert [p.name for p in tmp_path.iterdir()] == ["tags.csv"]


def test_tag_binary_file_keeps_existing_output(tmp_path):
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    out = tmp_path / "tags.jsonl"
    out.write_text("earlier results\n")
    result = run("tag", str(binary), "--output", str(out))
    assert result.exit_code == 1 and "binary" in result.stderr
    assert out.read_text() == "earlier results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["image.png", "tags.jsonl"]


# --- train, evaluate ---------------------------------------------------------------


def test_train_replace_then_rollback(small_training_file, lvm_home):
    result = run("train", "--data", str(small_training_file), "--replace", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert "macro-F1" in result.stdout and "baseline F1" in result.stdout
    assert (lvm_home / "models" / "model.json").exists()
    info = json.loads(run("info", "--format", "json").stdout)
    assert info["origin"] == "user" and info["card"]["rows"] == 240
    second = run("train", "--data", str(small_training_file), "--replace", "--jobs", "1", "--seed", "3")
    assert second.exit_code == 0
    assert json.loads(run("info", "--format", "json").stdout)["card"]["seed"] == 3
    back = run("train", "--rollback")
    assert back.exit_code == 0 and "restored" in back.stderr
    assert json.loads(run("info", "--format", "json").stdout)["card"]["seed"] == 0


def test_train_says_how_many_bundled_rows_were_overridden(tmp_path, lvm_home, monkeypatch):
    import lvm.training

    captured = {}

    def fake_search(texts, labels, seed=0, n_jobs=1, **kwargs):
        captured["n"] = len(texts)
        raise KeyboardInterrupt  # stop before the slow part; nothing is saved

    monkeypatch.setattr("lvm.train.search", fake_search)
    path = tmp_path / "new.csv"
    path.write_text("text,label\nInspiration is the key.,both\nThe canteen opens at noon.,neither\n")
    result = run("train", "--data", str(path))
    assert result.exit_code == 130
    assert not (lvm_home / "models" / "model.json").exists()
    from lvm.training import load_training_data

    _, merged = load_training_data([path])
    assert merged.overridden == 1
    assert captured["n"] == len(merged.examples)


def test_train_bad_file_names_the_line_and_writes_nothing(tmp_path, lvm_home):
    bad = tmp_path / "bad.csv"
    bad.write_text("text,label\nLeaders inspire.,leadership\nPlan.,boss\n")
    result = run("train", "--data", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:3: unknown label 'boss'" in result.stderr
    assert not (lvm_home / "models").exists() or not any((lvm_home / "models").iterdir())


def test_train_usage_errors():
    assert run("train", "--replace").exit_code == 2
    assert run("train", "--rollback", "--replace").exit_code == 2
    result = run("train", "--rollback")  # nothing of the user's to roll back
    assert result.exit_code == 1 and "no model of yours" in result.stderr


def test_evaluate_a_file(tmp_path):
    path = tmp_path / "held.csv"
    path.write_text(
        "text,label\n"
        "Budget sign-off happens every quarter.,management\n"
        "She made us believe the mission mattered.,leadership\n"
        "One plans the route; the other picks the destination.,both\n"
        "Parking is free after six.,neither\n"
    )
    result = run("evaluate", str(path), "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["model"]["n"] == 4 and report["baseline"]["n"] == 4
    assert report["excluded_as_trained_on"] == 0
    table = run("evaluate", str(path))
    assert "Confusion matrix" in table.stdout and "baseline F1" in table.stdout


def test_evaluate_usage():
    assert run("evaluate").exit_code == 2
    assert run("evaluate", "x.csv", "--cv").exit_code == 2


def test_evaluate_on_training_data_is_refused():
    result = run("evaluate", str(ROOT / "data" / "labelled" / "sources.csv"))
    assert result.exit_code == 1 and "nothing is left to score honestly" in result.stderr


# --- explain, info -----------------------------------------------------------------


def test_explain_table_and_json():
    table = run("explain", "Managers plan budgets while leaders inspire people.")
    assert table.exit_code == 0 and "towards" in table.stdout and "both" in table.stdout
    data = json.loads(run("explain", "Managers draw up budgets.", "--format", "json").stdout)
    assert data["label"] == "management" and data["towards"][0]["weight"] > 0
    assert run("explain", "  ").exit_code == 2


def test_info_shows_the_bundled_model_and_home(lvm_home):
    data = json.loads(run("info", "--format", "json").stdout)
    assert data["origin"] == "bundled" and data["lvm_home"] == str(lvm_home)
    assert data["card"]["cv"]["model"]["f1_macro"] > data["card"]["cv"]["baseline"]["f1_macro"]
    assert "Model in use" in run("info").stdout


# --- real processes ------------------------------------------------------------------


def _lvm(*args, input=None, env=None):
    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "lvm", *args], input=input, capture_output=True, text=True, env=environment, timeout=120
    )


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["statements", str(DOC), "--format", "jsonl"]])
def test_fast_commands_do_not_import_sklearn(args):
    code = (
        "import sys, runpy; sys.argv = ['lvm'] + sys.argv[1:]\n"
        "try:\n    runpy.run_module('lvm', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "assert 'sklearn' not in sys.modules, 'sklearn imported'\nprint('NO-SKLEARN', file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60)
    assert "NO-SKLEARN" in result.stderr, result.stderr


def test_subprocess_classify_and_pipe():
    result = _lvm("classify", "--format", "jsonl", input="Managers draw up budgets.\n")
    assert result.returncode == 0 and json.loads(result.stdout)["label"] == "management"


def test_subprocess_tag_and_statements(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text("Leaders inspire.\r\nManagers plan budgets.")
    result = _lvm("tag", str(path), "--format", "csv")
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 3
    statements = _lvm("statements", str(path), "--format", "tsv")
    assert statements.returncode == 0 and "Managers plan budgets." in statements.stdout


def test_subprocess_explain_info_evaluate(tmp_path):
    assert _lvm("explain", "Leaders inspire.").returncode == 0
    assert "Model in use" in _lvm("info").stdout
    path = tmp_path / "e.jsonl"
    path.write_text('{"text": "Quarterly audits check the books.", "label": "management"}\n')
    assert _lvm("evaluate", str(path)).returncode == 0


def test_subprocess_train_error_has_no_traceback(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{broken\n")
    result = _lvm("train", "--data", str(bad), env={"LVM_HOME": str(tmp_path / "home")})
    assert result.returncode == 1 and "Traceback" not in result.stderr and "bad.jsonl:1" in result.stderr


def test_subprocess_broken_pipe_is_quiet(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("Managers plan budgets.\n" * 20000)
    command = f"{sys.executable} -m lvm tag {path} --lines --format jsonl | head -n 1"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120)
    assert result.stdout.count("\n") == 1 and "Traceback" not in result.stderr


def test_long_tables_print_in_parts(tmp_path):
    import lvm.output

    path = tmp_path / "many.txt"
    path.write_text("\n".join(f"Line {i} about budgets." for i in range(25)))
    original = lvm.output.TABLE_ROWS
    lvm.output.TABLE_ROWS = 10
    try:
        result = run("tag", str(path), "--lines")
    finally:
        lvm.output.TABLE_ROWS = original
    assert result.stdout.count("┏") == 4  # three parts of the records, then the summary
    assert "Line 24" in result.stdout


def test_shell_completion_script():
    result = CliRunner().invoke(cli, [], env={"_LVM_COMPLETE": "bash_source"}, prog_name="lvm")
    assert result.exit_code == 0
    assert "_lvm_completion" in result.stdout and "complete " in result.stdout
