"""Boilerplate is flagged (never dropped), one test per pattern, from the real documents."""

from __future__ import annotations

import pytest

from lvm.boilerplate import boilerplate_kind
from lvm.loader import iter_statements, load_document

REAL = [
    ("000_5ff50b25c62b2bb6.txt", "Leave a Reply", "comment-form"),
    ("000_5ff50b25c62b2bb6.txt", "Fill in your details below or click an icon to log in:", "comment-form"),
    ("000_5ff50b25c62b2bb6.txt", "You are commenting using your WordPress.com account.", "comment-form"),
    ("000_5ff50b25c62b2bb6.txt", "You are commenting using your Google+ account.", "comment-form"),
    ("000_5ff50b25c62b2bb6.txt", "Twitter picture", "comment-form"),
    ("000_5ff50b25c62b2bb6.txt", "Log\xa0Out\xa0/\xa0 Change\xa0)", "comment-form"),
    ("000_5ff50b25c62b2bb6.txt", "Connecting to %s", "comment-form"),
    ("000_5ff50b25c62b2bb6.txt", "On 09/11/11 7:27 AM, Kristjan-Paul Raude wrote:", "byline"),
    ("000_5ff50b25c62b2bb6.txt", "On 9/11/11 2:40 PM, Tom Brody added the following clarification:", "byline"),
    ("000_5ff50b25c62b2bb6.txt", "On 09/11/11 10:26 PM, Manish Kulkarni (manishpk68@gmail.com) wrote:", "byline"),
    ("000_5ff50b25c62b2bb6.txt", "Private Note:", "byline"),
    ("001_16663e3a3872eb12.txt", "February 20, 2012 11 Comments", "byline"),
    ("001_16663e3a3872eb12.txt", "Rosa Say says:", "byline"),
    ("001_16663e3a3872eb12.txt", "11 Responses to “The Real Difference Between Management and Leadership”", "comment-form"),
    ("001_16663e3a3872eb12.txt", "Leave a Reply", "comment-form"),
    ("001_16663e3a3872eb12.txt", "©Copyright thoughtLEADERS, LLC.", "legal"),
    ("001_16663e3a3872eb12.txt", "All rights reserved.", "legal"),
    ("001_16663e3a3872eb12.txt", "You can read our privacy policy by clicking here.", "legal"),
    ("001_16663e3a3872eb12.txt", "However, you may download material from this website for your personal, noncommercial use only.", "legal"),
    ("002_70d80c5d74b034ae.txt", "March 10, 2020", "byline"),
    ("002_70d80c5d74b034ae.txt", "You might also like these posts", "share"),
]


@pytest.fixture(scope="module")
def documents(request):
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "data" / "sources"
    return {path.name: load_document(path) for path in folder.glob("*.txt")}


@pytest.mark.parametrize(("doc", "text", "kind"), REAL)
def test_real_boilerplate_is_flagged(documents, doc, text, kind):
    matches = [s for s in documents[doc] if s.text == text]
    assert matches, f"{text!r} not split out of {doc}"
    assert all(s.boilerplate for s in matches)
    assert boilerplate_kind(text) == kind


def test_legal_paragraph_is_flagged_whole(documents):
    # This sentence matches no pattern itself; it sits in the copyright paragraph.
    links = [s for s in documents["001_16663e3a3872eb12.txt"] if s.text.startswith("Links to websites")]
    assert links and links[0].boilerplate
    assert boilerplate_kind(links[0].text) is None


def test_comment_form_in_001_is_flagged_and_content_is_not(documents):
    statements = documents["001_16663e3a3872eb12.txt"]
    flagged = [s.text for s in statements if s.boilerplate]
    assert "Leave a Reply" in flagged
    content = [s for s in statements if not s.boilerplate]
    assert any(s.text == "Inspiration is the key." for s in content)
    assert len(content) > 90


@pytest.mark.parametrize(
    "text",
    [
        "Managers are predisposed to take risks only with the systems.",
        "Managers engage with employees based on fixed terms of service delivery.",
        "Leaders say what they mean.",
        "On Monday the manager wrote the plan.",
        "Share the vision with everyone.",
        "Copying a competitor's strategy is not leadership.",
    ],
)
def test_content_is_not_flagged(text):
    assert boilerplate_kind(text) is None


def test_flag_does_not_drop_statements():
    statements = list(iter_statements("Leave a Reply\nLeaders inspire.\n"))
    assert [(s.text, s.boilerplate) for s in statements] == [
        ("Leave a Reply", True),
        ("Leaders inspire.", False),
    ]
