"""The fitted ranker: its file, its arithmetic, and the fitting helpers. Fast, no model."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from qa import ranker
from qa.answer_type import TYPES
from qa.fit import _folds, answer_type_label


def test_a_model_round_trips_through_its_file_and_scores_monotonically(tmp_path):
    model = ranker.Model(["a", "b"], np.array([0.5, 0.0]), np.array([2.0, 1.0]), np.array([1.5, -0.5]), -0.2,
                         threshold=0.4)
    path = ranker.save(model, tmp_path / "m.json")
    loaded = ranker.load(path)
    rows = [{"a": x, "b": 0.0} for x in (0.0, 0.5, 1.0)]
    p = loaded.probabilities(rows)
    assert np.all((p > 0) & (p < 1)) and list(p) == sorted(p)
    assert loaded.threshold == 0.4 and np.allclose(loaded.probabilities([{"a": 1.0}]), model.probabilities([{"a": 1.0}]))


def test_the_committed_model_was_written_by_fit():
    model = ranker.load()
    assert model is not None, "run `councilkg fit`"
    assert model.features and len(model.features) == len(model.coef) == len(model.mean)
    assert 0.0 < model.threshold < 1.0
    assert set(model.answer_type["classes"]) <= set(TYPES)
    cv = model.info["cv_grouped_by_document"]["all"]
    assert cv["questions"] > 300 and 0.0 <= cv["answer_accuracy"] <= 1.0


def test_answer_types_come_from_the_label_then_the_category_then_the_answers():
    assert answer_type_label({"type": "list", "question": "x"}) == "list"
    assert answer_type_label({"category": "who", "question": "x"}) == "person"
    assert answer_type_label({"category": "misc", "answer_any": ["March 2021"], "question": "x"}) == "date"
    assert answer_type_label({"category": "misc", "answer_any": ["55,388"], "question": "x"}) == "number"
    assert answer_type_label({"category": "unanswerable", "found": False, "question": "x"}) is None


def test_folds_never_split_a_document():
    examples = [SimpleNamespace(group=g) for g in "aaabbbbccddeeeffgh"]
    folds = _folds(examples)
    for group in set("abcdefgh"):
        holding = [f for f in folds if any(examples[i].group == group for i in f)]
        assert len(holding) == 1
    assert sorted(i for f in folds for i in f) == list(range(len(examples)))
