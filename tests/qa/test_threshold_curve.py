"""bench/threshold_curve.py: the dial of accuracy against declining on held-out questions, never an unscored sealed set."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

CURVE = Path(__file__).resolve().parents[2] / "bench" / "threshold_curve.py"
DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def curve():
    spec = importlib.util.spec_from_file_location("threshold_curve", CURVE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass is resolved through its module
    spec.loader.exec_module(module)
    return module


def test_only_held_out_and_spent_sealed_sets_are_read(curve):
    names = {name for name, _questions, _manifest in curve.held_out_sets(None)}
    unscored = {f.name for f in DATA.iterdir() if f.is_dir() and f.name.startswith("sealed")} - set(curve.SPENT_SEALED)
    assert unscored, "the next sealed set stays unscored until a ranker change lands"
    assert not names & unscored
    assert {"qa_blind3", "unseen3"} <= names
    for _name, questions, manifest in curve.held_out_sets(list(curve.SPENT_SEALED)):
        assert questions.is_file() and manifest.is_file()
    an_unscored = sorted(unscored)[0]
    with pytest.raises(SystemExit, match=an_unscored):
        curve.held_out_sets([an_unscored])


def test_answering_all_keeps_the_committed_statements(curve):
    from qa import ranker

    committed = ranker.load()
    every = curve.AnsweringAll.of(committed)
    assert every.threshold == 0.0
    assert every.candidate_floor == pytest.approx(committed.candidate_floor) and committed.candidate_floor > 0.1
    assert every.features == committed.features and every.trees is committed.trees


def test_a_question_counts_right_by_its_answerability_against_the_threshold(curve):
    rows = [{"expected_found": True, "correct": True, "confidence": 0.9},
            {"expected_found": True, "correct": True, "confidence": 0.5},
            {"expected_found": True, "correct": False, "confidence": 0.95},
            {"expected_found": False, "correct": False, "confidence": 0.97},
            {"expected_found": False, "correct": False, "confidence": 0.4}]
    assert curve.at(rows, 0.6) == {"threshold": 0.6, "accuracy": 0.333, "declined": 0.5}
    assert curve.at(rows, 0.3) == {"threshold": 0.3, "accuracy": 0.667, "declined": 0.0}
    summary = curve.curve(rows, 0.6)
    assert summary["unanswerable_confidence_at_least_0.95"] == 0.5
    assert summary["most_declined_at_target_accuracy"] is None  # 2 of 3 at best: no threshold reaches 0.85
