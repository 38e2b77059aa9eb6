"""Reading files: every bad input gives a clear error or an empty result, never a traceback."""

from __future__ import annotations

import os
import warnings

import pytest

from lvm.errors import InputError, LvmWarning
from lvm.loader import load_corpus, load_document
from lvm.textio import read_text


def test_empty_file_has_no_statements(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert load_document(path) == []


def test_whitespace_file_has_no_statements(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text("  \n\t\r\n \n")
    assert load_document(path) == []


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match="image.png: looks like a binary file"):
        load_document(path)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="nothere.txt: no such file"):
        load_document(tmp_path / "nothere.txt")


def test_directory_is_not_a_file(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        load_document(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("Leaders inspire.")
    path.chmod(0)
    with pytest.raises(InputError, match="permission denied"):
        load_document(path)


def test_utf8_bom_is_stripped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffLeaders inspire.".encode("utf-8"))
    assert [s.text for s in load_document(path)] == ["Leaders inspire."]


def test_utf16_with_bom(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("Managers plan.\r\nLeaders inspire.".encode("utf-16"))
    assert [s.text for s in load_document(path)] == ["Managers plan.", "Leaders inspire."]


def test_cp1252_is_read_with_a_warning(tmp_path):
    path = tmp_path / "ansi.txt"
    path.write_bytes("The manager’s “plan” – costs €5.".encode("cp1252"))
    with pytest.warns(LvmWarning, match="ansi.txt: not valid UTF-8, read as cp1252"):
        text = read_text(path)
    assert text == "The manager’s “plan” – costs €5."


def test_latin1_when_cp1252_cannot_decode(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(b"Caf\xe9 \x81 leaders.")
    with pytest.warns(LvmWarning, match="read as latin-1"):
        assert read_text(path) == "Café \x81 leaders."


def test_utf8_file_gives_no_warning(tmp_path):
    path = tmp_path / "ok.txt"
    path.write_text("Leaders inspire “people”.", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert read_text(path) == "Leaders inspire “people”."


def test_corpus_of_a_folder(tmp_path):
    (tmp_path / "b.txt").write_text("Managers plan.")
    (tmp_path / "a.txt").write_text("Leaders inspire. Both matter.")
    (tmp_path / "notes.md").write_text("Ignored.")
    statements = load_corpus(tmp_path)
    assert [(s.doc, s.index, s.text) for s in statements] == [
        ("a.txt", 0, "Leaders inspire."),
        ("a.txt", 1, "Both matter."),
        ("b.txt", 0, "Managers plan."),
    ]


def test_corpus_of_missing_folder(tmp_path):
    with pytest.raises(InputError, match="no such directory"):
        load_corpus(tmp_path / "none")


def test_corpus_of_a_file_is_an_error(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("x")
    with pytest.raises(InputError, match="not a directory"):
        load_corpus(path)


def test_streaming_matches_whole_text_across_chunks(tmp_path, monkeypatch):
    import lvm.loader as loader
    from lvm.loader import iter_statements

    monkeypatch.setattr(loader, "_CHUNK", 64)
    monkeypatch.setattr(loader, "_HARD_CHUNK", 256)
    text = "\n\n".join(f"Paragraph {i}. Managers plan budgets.\nLeaders inspire people." for i in range(50))
    path = tmp_path / "long.txt"
    path.write_text(text, newline="")
    streamed = load_document(path)
    whole = list(iter_statements(text, doc="long.txt"))
    assert [(s.text, s.start, s.end, s.index) for s in streamed] == [
        (s.text, s.start, s.end, s.index) for s in whole
    ]


def test_line_longer_than_the_limit_streams(tmp_path, monkeypatch):
    import lvm.loader as loader

    monkeypatch.setattr(loader, "_HARD_CHUNK", 1000)
    text = "Managers plan budgets. " * 500  # no newline at all
    path = tmp_path / "oneline.txt"
    path.write_text(text)
    statements = load_document(path)
    assert len(statements) == 500
    assert all(text[s.start : s.end] == s.text for s in statements)
