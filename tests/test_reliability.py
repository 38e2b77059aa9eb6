"""Bad input, faults and unsafe output: never a traceback, never lost or half-written data."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lvm.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def assert_clean_failure(result, code=1):
    assert result.exit_code == code, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("Error: ")
    if code == 1:
        assert len(lines) == 1  # usage errors (2) also show click's usage line


# --- odd statements -------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    ["x", "a" * 100_000, "😀🚀🎉", "领导力和管理", "Управление и лидерство", "tab\tbell\x07esc\x1b", "nul\x00byte", "\u200b\u200d"],
    ids=["one-char", "100KB-no-punctuation", "emoji", "chinese", "cyrillic", "control", "nul", "zero-width"],
)
def test_odd_statements_get_a_label(statement):
    result = run("classify", "--format", "json", statement)
    assert result.exit_code == 0, result.output
    (record,) = json.loads(result.stdout)
    assert record["text"] == statement and record["label"] in {"management", "leadership", "both", "neither"}


@pytest.mark.parametrize("statement", ["", "   ", "\t\n"])
def test_empty_statements_are_usage_errors(statement):
    assert_clean_failure(run("classify", statement), code=2)


# --- odd files ----------------------------------------------------------------------------


def test_tag_file_problems(tmp_path, monkeypatch):
    assert_clean_failure(run("tag", str(tmp_path / "missing.txt")))
    assert_clean_failure(run("tag", str(tmp_path)))
    png = tmp_path / "image.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    assert_clean_failure(run("tag", str(png)))
    readable = tmp_path / "secret.txt"
    readable.write_text("Leaders inspire.")
    monkeypatch.setattr("lvm.textio.os.access", lambda path, mode: False)
    result = run("tag", str(readable))
    assert_clean_failure(result)
    assert "permission denied" in result.stderr


def test_tag_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = run("tag", str(path), "--format", "jsonl")
    assert result.exit_code == 0 and result.stdout == ""


@pytest.mark.parametrize(
    ("encoding", "warning"), [("utf-16", None), ("utf-8-sig", None), ("cp1252", "read as cp1252")]
)
def test_tag_encodings(tmp_path, encoding, warning):
    path = tmp_path / "doc.txt"
    path.write_bytes("The manager’s “plan”. Leaders inspire.".encode(encoding))
    result = run("tag", str(path), "--format", "jsonl")
    assert result.exit_code == 0
    texts = [json.loads(line)["text"] for line in result.stdout.splitlines()]
    assert texts == ["The manager’s “plan”.", "Leaders inspire."]
    assert (warning in result.stderr) if warning else result.stderr == ""


def test_mixed_line_endings_keep_offsets(tmp_path):
    raw = "Managers plan.\r\nLeaders inspire.\rBoth matter.\nThe end"
    path = tmp_path / "mixed.txt"
    path.write_bytes(raw.encode())
    records = [json.loads(l) for l in run("tag", str(path), "--format", "jsonl").stdout.splitlines()]
    assert [r["text"] for r in records] == ["Managers plan.", "Leaders inspire.", "Both matter.", "The end"]
    assert all(raw[r["start"] : r["end"]] == r["text"] for r in records)


def test_50mb_without_a_newline_streams(tmp_path):
    path = tmp_path / "huge.txt"
    sentence = "Managers plan budgets and leaders inspire people. "
    with open(path, "w", encoding="utf-8") as handle:
        for _ in range(50 * 1024 * 1024 // len(sentence) // 1000):
            handle.write(sentence * 1000)
    code = textwrap.dedent(
        """
        import resource, subprocess, sys
        rc = subprocess.run([sys.executable, "-m", "lvm", "tag", sys.argv[1], "--lines", "--format", "jsonl"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        lines = rc.stdout.count(b"\\n")
        print(rc.returncode, lines, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, b"Traceback" in rc.stderr)
        """
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=600)
    returncode, lines, peak_kib, traceback = out.stdout.split()
    assert returncode == "0" and traceback == "False"
    assert int(lines) == 50  # cut into 1 MB pieces, never held whole
    assert int(peak_kib) < 1_500_000


# --- labelled data through the CLI ------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "suffix", "message"),
    [
        ("statement,label\nx,both\n", ".csv", ":1: missing column 'text'"),
        ("text,tag\nx,both\n", ".csv", ":1: missing column 'label'"),
        ("text,label\nLeaders inspire.,boss\n", ".csv", ":2: unknown label 'boss'"),
        ("text,label\n ,both\n", ".csv", ":2: empty text"),
        ("text,label\nA b.,both\nA b.,neither\n", ".csv", ":3: same text labelled 'both' at line 2"),
        ('text,label\n"Leaders inspire.,leadership\nx,both\n', ".csv", ":2: malformed CSV"),
        ('{"text": "x", "label": "both"}\nnot json\n', ".jsonl", ":2: not valid JSON"),
        ("text,label\n", ".csv", ": no labelled rows"),
    ],
    ids=["no-text", "no-label", "unknown-label", "empty-text", "two-labels", "stray-quote", "bad-jsonl", "header-only"],
)
def test_bad_labelled_files_name_the_line_and_write_nothing(tmp_path, lvm_home, content, suffix, message):
    path = tmp_path / f"data{suffix}"
    path.write_text(content, encoding="utf-8")
    result = run("train", "--data", str(path))
    assert_clean_failure(result)
    assert f"{path}{message}" in result.stderr
    assert not (lvm_home / "models" / "model.json").exists()


# --- damaged model files through the CLI --------------------------------------------------------


def _damaged(small_model, tmp_path, how: str) -> Path:
    folder = tmp_path / "model"
    shutil.copytree(small_model, folder)
    card = json.loads((folder / "model.json").read_text())
    model_file = folder / card["model_file"]
    if how == "missing":
        model_file.unlink()
    elif how == "empty":
        model_file.write_bytes(b"")
    elif how == "truncated":
        model_file.write_bytes(model_file.read_bytes()[:500])
    elif how == "random-pickle":
        import pickle

        from lvm.checksum import sha256

        model_file.write_bytes(pickle.dumps([1, 2, 3]))
        card["model_sha256"] = sha256(model_file)
        (folder / "model.json").write_text(json.dumps(card))
    elif how == "card-mismatch":
        card["model_sha256"] = "0" * 64
        (folder / "model.json").write_text(json.dumps(card))
    elif how == "other-labels":
        card["labels"] = ["pos", "neg"]
        (folder / "model.json").write_text(json.dumps(card))
    return folder


@pytest.mark.parametrize("how", ["missing", "empty", "truncated", "random-pickle", "card-mismatch", "other-labels"])
def test_damaged_models_are_refused_in_one_line(small_model, tmp_path, how):
    folder = _damaged(small_model, tmp_path, how)
    for command in (["classify", "Leaders inspire."], ["tag", str(ROOT / "data" / "sources" / "004_cc740dc13b369aac.txt")], ["explain", "x"]):
        assert_clean_failure(run(*command, "--model", str(folder)))


# --- fuzzing --------------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_fuzz_tag_and_train_with_random_bytes(tmp_path, data):
    path = tmp_path / "fuzz.txt"
    path.write_bytes(data)
    for args in (["tag", str(path)], ["tag", str(path), "--lines", "--format", "csv"], ["statements", str(path)],
                 ["train", "--data", str(path), "--replace"], ["evaluate", str(path)]):
        result = run(*args)
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))


@settings(max_examples=25, deadline=None)
@given(text=st.text(min_size=1, max_size=200))
def test_fuzz_classify_with_random_unicode(text):
    for result in (run("classify", "--format", "json", text), run("classify", "--format", "jsonl", input=text)):
        assert result.exit_code in (0, 1, 2)
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
    as_argument = run("classify", "--format", "json", "--", text)  # "--": a statement may start with "-"
    if text.strip() and text != "-":  # a lone "-" means: read stdin
        assert as_argument.exit_code == 0
        assert [r["text"] for r in json.loads(as_argument.stdout)] == [text]  # JSON round-trips any text


# --- faults ---------------------------------------------------------------------------------------


SLOW_SAVE = textwrap.dedent(
    """
    import sys, time, joblib
    from pathlib import Path
    from lvm.modelstore import load_from, save_model
    folder, marker = Path(sys.argv[1]), Path(sys.argv[2])
    loaded = load_from(folder, "test")
    real_dump = joblib.dump
    def slow_dump(obj, handle, **kwargs):
        handle.write(b"partial model bytes")
        handle.flush()
        marker.write_text("saving")
        time.sleep(float(sys.argv[3]))
        handle.seek(0)
        handle.truncate()
        real_dump(obj, handle, **kwargs)
    joblib.dump = slow_dump
    save_model(loaded.pipeline, {**loaded.card, "created": sys.argv[4]}, folder)
    """
)


def test_sigkill_while_saving_leaves_the_previous_model(small_model, tmp_path):
    from lvm.modelstore import load_from, save_model

    folder = tmp_path / "model"
    shutil.copytree(small_model, folder)
    before = json.loads((folder / "model.json").read_text())["created"]
    marker = tmp_path / "marker"
    child = subprocess.Popen([sys.executable, "-c", SLOW_SAVE, str(folder), str(marker), "30", "killed"])
    deadline = time.time() + 60
    while not marker.exists() and time.time() < deadline:
        time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait()
    loaded = load_from(folder, "test")
    assert loaded.card["created"] == before
    # The killed save left a temp file; the next save under the lock sweeps it.
    save_model(loaded.pipeline, loaded.card, folder)
    assert not [p for p in folder.iterdir() if p.name.startswith(".tmp-")]
    assert len(list(folder.glob("model-*.joblib"))) <= 2  # current and backup only


def test_two_saves_at_once_do_not_corrupt(small_model, tmp_path):
    from lvm.modelstore import load_from

    folder = tmp_path / "model"
    shutil.copytree(small_model, folder)
    first = subprocess.Popen([sys.executable, "-c", SLOW_SAVE, str(folder), str(tmp_path / "m1"), "1", "first"])
    time.sleep(0.3)
    second = subprocess.Popen([sys.executable, "-c", SLOW_SAVE, str(folder), str(tmp_path / "m2"), "0", "second"])
    assert first.wait(timeout=120) == 0 and second.wait(timeout=120) == 0
    loaded = load_from(folder, "test")
    assert loaded.card["created"] in {"first", "second"}
    backup = json.loads((folder / "backup.json").read_text())
    assert {loaded.card["created"], backup["created"]} == {"first", "second"}


def test_full_disk_during_tag_output_keeps_the_earlier_file(tmp_path, monkeypatch):
    out = tmp_path / "tags.jsonl"
    out.write_text("earlier\n")
    import lvm.output

    real_write = lvm.output.RecordWriter.write
    calls = {"n": 0}

    def failing_write(self, record):
        calls["n"] += 1
        if calls["n"] > 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, record)

    monkeypatch.setattr(lvm.output.RecordWriter, "write", failing_write)
    result = run("tag", str(ROOT / "data" / "sources" / "004_cc740dc13b369aac.txt"), "--format", "jsonl", "--output", str(out))
    assert_clean_failure(result)
    assert "No space left on device" in result.stderr
    assert out.read_text() == "earlier\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tags.jsonl"]


def test_full_disk_on_stdout_is_one_line(monkeypatch):
    import lvm.output

    def failing_write(self, record):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(lvm.output.RecordWriter, "write", failing_write)
    assert_clean_failure(run("classify", "Leaders inspire."))


def test_ctrl_c_during_tag_exits_130_and_removes_partial_output(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Managers plan budgets while leaders inspire people.\n" * 400_000)
    out = tmp_path / "tags.jsonl"
    out.write_text("earlier\n")
    child = subprocess.Popen(
        [sys.executable, "-m", "lvm", "tag", str(big), "--lines", "--format", "jsonl", "--output", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline and not any(p.name.startswith(".tmp-") for p in tmp_path.iterdir()):
        time.sleep(0.05)
    time.sleep(0.5)
    child.send_signal(signal.SIGINT)
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == 130
    assert "Traceback" not in stderr and "interrupted" in stderr
    assert out.read_text() == "earlier\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.txt", "tags.jsonl"]
