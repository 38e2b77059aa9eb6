"""Training, prediction and evaluation through the library API (no click)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

import lvm
from lvm import LABELS
from lvm.baseline import keyword_label
from lvm.dataset import read_labelled, read_many
from lvm.evaluate import cross_validate, evaluate_file, leave_one_source_out, metrics
from lvm.explain import explain
from lvm.predict import Classifier
from lvm.train import search
from lvm.training import train

ROOT = Path(__file__).resolve().parents[1]

# Statements whose labels are beyond doubt under LABELS.md.
GOLDEN = [
    ("Managers draw up budgets.", "management"),
    ("The finance team reconciles invoices and approves purchase orders every month.", "management"),
    ("Leaders inspire people to follow a shared vision.", "leadership"),
    ("A great leader earns trust and gives people a sense of purpose.", "leadership"),
    ("Managers plan the work while leaders inspire the people.", "both"),
    ("Leadership and management are complementary; an organisation needs both.", "both"),
    ("The car park will be closed on Monday for resurfacing.", "neither"),
    ("Thanks for reading, and see you next week!", "neither"),
]


def test_keyword_baseline():
    assert keyword_label("Leaders lead.") == "leadership"
    assert keyword_label("MANAGERS manage.") == "management"
    assert keyword_label("Leadership needs management.") == "both"
    assert keyword_label("Vision matters.") == "neither"


def test_classify_api_with_the_bundled_model():
    results = lvm.classify([text for text, _ in GOLDEN])
    assert [r["label"] for r in results] == [label for _, label in GOLDEN]
    for result in results:
        assert set(result["scores"]) == set(LABELS)
        assert sum(result["scores"].values()) == pytest.approx(1.0, abs=1e-3)
        assert result["confidence"] == max(result["scores"].values())


def test_classify_accepts_a_single_string():
    (result,) = lvm.classify("Managers draw up budgets.")
    assert result["label"] == "management"


def test_threshold_marks_uncertain_predictions():
    classifier = Classifier.load(threshold=0.999999)
    predictions = classifier.predict(["Vision and budgets, people and plans."])
    assert predictions[0].label == "uncertain"
    assert Classifier.load(threshold=0.0).predict(["Managers draw up budgets."])[0].label == "management"


def test_training_is_deterministic(small_training_file):
    first = train([small_training_file], replace=True, n_jobs=1)
    second = train([small_training_file], replace=True, n_jobs=2)
    np.testing.assert_array_equal(first.pipeline.named_steps["clf"].coef_, second.pipeline.named_steps["clf"].coef_)
    texts = [t for t, _ in GOLDEN]
    np.testing.assert_array_equal(first.pipeline.predict_proba(texts), second.pipeline.predict_proba(texts))
    assert first.card["settings"] == second.card["settings"]
    assert first.card["cv"]["model"] == second.card["cv"]["model"]


def test_different_seed_changes_the_folds(small_training_file):
    a = train([small_training_file], replace=True, seed=0, n_jobs=1)
    b = train([small_training_file], replace=True, seed=1, n_jobs=1)
    assert a.card["seed"] == 0 and b.card["seed"] == 1
    assert a.card["search"] != b.card["search"]


def test_bundled_model_is_reproducible_from_the_data():
    """A fresh training on data/ predicts exactly what the shipped model predicts."""
    from lvm.modelstore import load_from
    from lvm.paths import bundled_model_dir

    bundled = load_from(bundled_model_dir() / "model.json", "bundled")
    fresh = train(n_jobs=2)
    merged = read_many(sorted((ROOT / "data" / "labelled").glob("*.csv")))
    texts = [e.text for e in merged.examples]
    assert list(fresh.pipeline.predict(texts)) == list(bundled.pipeline.predict(texts))
    assert fresh.card["data_sha256"] == bundled.card["data_sha256"], "data changed: rebuild models/"
    assert fresh.card["settings"] == bundled.card["settings"]


def test_card_describes_the_training(small_training_file):
    result = train([small_training_file], replace=True, n_jobs=1)
    card = result.card
    assert card["labels"] == list(LABELS)
    assert card["rows"] == 240
    assert card["rows_per_label"] == {label: 60 for label in LABELS}
    assert card["data"][0]["origin"] == "user" and len(card["data"][0]["sha256"]) == 64
    assert {"C", "char"} <= set(card["settings"])
    assert len(card["search"]) >= 4
    cv = card["cv"]
    assert set(cv["model"]["per_class"]) == set(LABELS)
    assert np.array(cv["model"]["confusion"]).sum() == 240
    # The model beats the keyword rule on data it did not see.
    assert cv["model"]["f1_macro"] > cv["baseline"]["f1_macro"]


def test_bundled_card_beats_the_baseline_clearly():
    from lvm.modelstore import read_card
    from lvm.paths import bundled_model_dir

    card = read_card(bundled_model_dir())
    assert card["cv"]["model"]["f1_macro"] >= card["cv"]["baseline"]["f1_macro"] + 0.15


def test_search_keeps_out_of_fold_predictions_honest():
    texts = ["Leaders inspire."] * 5 + ["Managers plan."] * 5 + ["Both matter together."] * 5 + ["Hello there."] * 5
    labels = ["leadership"] * 5 + ["management"] * 5 + ["both"] * 5 + ["neither"] * 5
    result = search(texts, labels, folds=5)
    assert len(result.oof_predictions) == 20
    assert result.oof_probabilities.shape == (20, 4)
    np.testing.assert_allclose(result.oof_probabilities.sum(axis=1), 1.0)


def test_metrics_values():
    m = metrics(["management", "leadership", "both", "neither"], ["management", "leadership", "neither", "neither"])
    assert m["accuracy"] == 0.75
    assert m["per_class"]["both"]["recall"] == 0.0
    assert m["per_class"]["neither"]["precision"] == 0.5
    assert m["confusion"][2] == [0, 0, 0, 1]
    assert m["f1_macro"] == pytest.approx((1 + 1 + 0 + 2 / 3) / 4)


def test_evaluate_file_leaves_out_training_statements(small_model, small_training_file, tmp_path):
    classifier = Classifier.load(str(small_model))
    seen = read_labelled(small_training_file)
    path = tmp_path / "mixed.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label"])
        writer.writerow([seen[0].text, seen[0].label])
        for text, label in GOLDEN:
            writer.writerow([text, label])
    report = evaluate_file(classifier, read_labelled(path))
    assert report["excluded_as_trained_on"] == 1
    assert report["model"]["n"] == len(GOLDEN)
    from lvm.errors import DataError

    with pytest.raises(DataError, match="every statement was in this model's training data"):
        evaluate_file(classifier, seen[:3])


def test_nested_cv_and_leave_one_source_out_on_a_small_set(small_training_file, tmp_path):
    examples = read_labelled(small_training_file)[::2]
    # Two pretend sources so leave-one-source-out has something to leave out.
    from dataclasses import replace

    examples = [replace(e, source=f"doc{i % 2}.txt#{i}") for i, e in enumerate(examples)]
    cv = cross_validate(examples, folds=3, inner_folds=2)
    assert cv["model"]["n"] == 120 and len(cv["settings_chosen"]) == 3
    loso = leave_one_source_out(examples, inner_folds=2)
    assert set(loso["sources"]) == {"doc0.txt", "doc1.txt"}
    assert loso["all_pooled"]["model"]["n"] == 120


def test_explain_pulls_add_up_and_point_the_right_way():
    classifier = Classifier.load()
    result = explain(classifier.pipeline, "Managers plan budgets while leaders inspire people.", top=50)
    assert result.label == "both"
    assert result.towards and all(w > 0 for _, w in result.towards)
    assert all(w < 0 for _, w in result.against)
    assert any("cue:" in name for name, _ in result.towards)
    forced = explain(classifier.pipeline, "Managers draw up budgets.", label="leadership")
    assert forced.label == "leadership"
