"""The splitter: real documents, hard punctuation, and any unicode at all."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lvm.loader import iter_statements, load_corpus, load_document


def texts(text: str) -> list[str]:
    return [s.text for s in iter_statements(text)]


# (document prefix, exact statement text) that must come out of the real files.
KNOWN = [
    ("000", "Leadership is about behavior and belief."),
    ("000", "Management is about process."),
    ("000", "Management – Managing people"),
    ("000", "Leadership – Leading people"),
    ("000", "Position power"),
    ("000", "Stoke the fire within people"),
    ("000", "Hi Lalit,"),
    ("000", "Management is about “how”, and Leadership is about “why”."),
    ("000", "Peter Drucker said that “Management is doing things right, while Leadership is doing the right things”."),
    ("000", "A manager tells you what to do, a leader inspires you to do it!"),
    ("000", "Management implements the vision of leadership."),
    ("000", "Connecting to %s"),
    ("001", "The Real Difference Between Management and Leadership"),
    ("001", "The difference is simple: you manage things; you lead people."),
    ("001", "It is short term."),
    ("001", "Fact 2: Leadership is the most important thing we do."),
    ("001", "Inspiration is the key."),
    ("001", "If those things are not leadership, what is?"),
    ("001", "Inventories can be managed but people must be lead."),
    ("001", "But the team cannot compensate for a lack of leadership."),
    ("001", "Leave a Reply"),
    ("002", "Leadership and management feed into each other."),
    ("002", "Final Words"),
    ("002", "You might also like these posts"),
    ("003", "One of the key leadership skills is the ability to establish a clear direction (a.k.a. vision)."),
    ("003", "Leadership vs. management are not clashing concepts."),
    ("003", "Planning vs. Establishing Direction"),
    ("003", "Leaders are big-picture thinkers, while managers are detail-oriented."),
    ("003", "Identifying problems that may arise if organizational change doesn’t happen"),
    ("003", "People use the two terms interchangeably."),
    ("004", "Leader is definitely very different to manager."),
    ("004", "Leaders recognize risk as opportunity, while managers ensure risks are understood and controlled"),
    ("004", "It is about managing what things get done through which people."),
]

COUNTS = {"000": (140, 180), "001": (110, 140), "002": (45, 65), "003": (120, 155), "004": (24, 34)}


@pytest.fixture(scope="module")
def corpus():
    from pathlib import Path

    SOURCES = Path(__file__).resolve().parents[1] / "data" / "sources"

    return load_corpus(SOURCES)


@pytest.mark.parametrize(("prefix", "text"), KNOWN)
def test_known_statement_is_split_exactly(corpus, prefix, text):
    found = {s.text for s in corpus if s.doc.startswith(prefix)}
    assert text in found


@pytest.mark.parametrize(("prefix", "bounds"), sorted(COUNTS.items()))
def test_statement_count_per_document(corpus, prefix, bounds):
    count = sum(1 for s in corpus if s.doc.startswith(prefix))
    assert bounds[0] <= count <= bounds[1]


def test_offsets_give_the_statement_back(sources):
    for path in sorted(sources.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        for statement in load_document(path):
            assert raw[statement.start : statement.end] == statement.text
            assert statement.doc == path.name


def test_indices_count_up_from_zero_per_document(corpus):
    by_doc: dict[str, list[int]] = {}
    for s in corpus:
        by_doc.setdefault(s.doc, []).append(s.index)
    assert len(by_doc) == 5
    for indices in by_doc.values():
        assert indices == list(range(len(indices)))


def test_abbreviations_do_not_end_sentences():
    text = "Dr. Smith met Mr. Jones in the U.S. on Friday. Use tools, e.g. Gantt charts, i.e. plans. A.k.a. the boss."
    assert texts(text) == [
        "Dr. Smith met Mr. Jones in the U.S. on Friday.",
        "Use tools, e.g. Gantt charts, i.e. plans.",
        "A.k.a. the boss.",
    ]


def test_initials_and_vs_do_not_end_sentences():
    assert texts("John F. Kennedy led. Leadership vs. Management is old.") == [
        "John F. Kennedy led.",
        "Leadership vs. Management is old.",
    ]


def test_quotes_stay_with_their_sentence():
    text = "He said “Lead people.” Then he left. ‘Manage things.’ She agreed."
    assert texts(text) == ["He said “Lead people.”", "Then he left.", "‘Manage things.’", "She agreed."]


def test_ellipses():
    assert texts("Wait... then lead. It works… Really.") == ["Wait... then lead.", "It works…", "Really."]


def test_bullets_are_items_without_markers():
    text = "Duties:\n• Plan budgets\n- Hire staff\n* Set vision\n1. Inspire people\n2) Measure results\n"
    assert texts(text) == ["Duties:", "Plan budgets", "Hire staff", "Set vision", "Inspire people", "Measure results"]


def test_dashes_inside_a_line_do_not_split():
    assert texts("Management – Managing people\nLeadership—leading people") == [
        "Management – Managing people",
        "Leadership—leading people",
    ]


def test_headings_without_punctuation_stand_alone():
    assert texts("Final Words\nManagers plan. Leaders inspire.") == ["Final Words", "Managers plan.", "Leaders inspire."]


def test_windows_and_old_mac_line_endings():
    text = "First line\r\nSecond one.\rThird one."
    statements = list(iter_statements(text))
    assert [s.text for s in statements] == ["First line", "Second one.", "Third one."]
    assert all(text[s.start : s.end] == s.text for s in statements)


def test_last_line_without_newline_is_kept():
    assert texts("Managers plan.\nLeaders inspire") == ["Managers plan.", "Leaders inspire"]


def test_hard_wrapped_paragraph_is_joined():
    text = "Management is the art of getting things done through\npeople and with budgets that are agreed.\n"
    assert texts(text) == [
        "Management is the art of getting things done through\npeople and with budgets that are agreed."
    ]


def test_heading_pasted_twice_is_split():
    assert texts("Organizing vs. AligningOrganizing vs. Aligning") == ["Organizing vs. Aligning"] * 2


def test_lower_case_brand_after_period_starts_a_sentence():
    assert texts("It was accurate. thoughtLEADERS is not liable.") == [
        "It was accurate.",
        "thoughtLEADERS is not liable.",
    ]


def test_statements_need_a_word():
    assert texts("•\n—\n...\n   \n") == []


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_unicode_splits_cleanly(text):
    statements = list(iter_statements(text))
    previous_end = 0
    for i, s in enumerate(statements):
        assert s.index == i
        assert 0 <= previous_end <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert s.text.strip() == s.text and s.text
        previous_end = s.end


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Dr.", "e.g.", "Lead.", "“Yes.”", "\n", "\r\n", " ", "• ", "1. ", "…", "x", "A"]), max_size=40))
def test_punctuation_soup_splits_cleanly(parts):
    text = "".join(parts)
    for s in iter_statements(text):
        assert text[s.start : s.end] == s.text and s.text.strip()
