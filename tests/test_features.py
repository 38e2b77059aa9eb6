"""Feature extraction: our char n-grams match scikit-learn's, cues count what they should."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from lvm.features import NAMES, CharNgrams, CueFeatures, cue_counts, memoised


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcXYZ é\t\n.,'-")), max_size=40))
def test_char_ngrams_match_sklearn_char_wb(text):
    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    assert CharNgrams(2, 5)(text) == reference(text)


def test_char_ngrams_on_real_statements():
    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).build_analyzer()
    for text in ("Managers plan; leaders inspire.", "A b cd", "“Quoted” — dashes…", "x"):
        assert CharNgrams(2, 5)(text) == reference(text)


def test_memo_is_only_on_while_training():
    import lvm.features as features

    assert features._memo is None
    with memoised():
        cue_counts("Leaders inspire.")
        assert ("cues", "Leaders inspire.") in features._memo
    assert features._memo is None


def _cues(text: str) -> dict[str, float]:
    return dict(zip(NAMES, cue_counts(text)))


def test_cues_see_concepts_without_the_key_words():
    payroll = _cues("Payroll, procurement and quarterly KPIs are reviewed every Friday.")
    assert payroll["management_cue"] >= 3 and payroll["leadership_cue"] == 0
    story = _cues("She used storytelling and mentoring to build trust and courage.")
    assert story["leadership_cue"] >= 4 and story["management_cue"] == 0


def test_cues_for_contrast_and_both_roles():
    cues = _cues("Managers plan the budget, whereas leaders inspire a vision.")
    assert cues["both_roles"] == 1 and cues["contrast"] >= 1 and cues["contrast_and_roles"] == 1
    assert _cues("Leaders inspire.")["both_roles"] == 0


def test_leads_to_is_not_a_leadership_role():
    assert _cues("Poor sleep leads to mistakes.")["leadership_role"] == 0
    assert _cues("She leads the team.")["leadership_role"] == 1


def test_boilerplate_and_heading_shape():
    assert _cues("Leave a Reply")["boilerplate"] == 1
    assert _cues("Final Words")["heading"] == 1
    assert _cues("Managers plan budgets every quarter.")["heading"] == 0


def test_cue_matrix_shape_and_names():
    matrix = CueFeatures().fit_transform(["Leaders inspire.", "Managers plan."])
    assert matrix.shape == (2, len(NAMES))
    assert list(CueFeatures().get_feature_names_out())[0] == f"cue:{NAMES[0]}"


def test_other_senses_of_the_words_do_not_name_a_role():
    for text in ("Exposure to lead paint harms children.", "Italy took an early lead.",
                 "How did you manage to fit the luggage in?", "Poor sleep leads to mistakes.",
                 "She runs a waste management company."):
        cues = _cues(text)
        assert cues["leadership_role"] == 0 and cues["management_role"] == 0, text
        assert cues["other_sense"] >= 1, text
    assert _cues("The manager leads the team.")["other_sense"] == 0
