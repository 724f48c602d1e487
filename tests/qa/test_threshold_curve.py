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


def test_a_spent_sealed_set_the_model_was_fitted_on_is_not_held_out(curve):
    names = {name for name, _questions, _manifest in curve.held_out_sets(None, fitted_on={"sealed3", "qa_set"})}
    assert "sealed3" not in names and {"sealed2", "qa_blind3"} <= names
    with pytest.raises(SystemExit, match="sealed3"):
        curve.held_out_sets(["sealed3"], fitted_on={"sealed3"})


def test_answering_all_keeps_the_committed_statements(curve):
    from qa import ranker

    committed = ranker.load()
    every = curve.AnsweringAll.of(committed)
    assert every.threshold == 0.0
    assert every.candidate_floor == pytest.approx(committed.candidate_floor) and committed.candidate_floor > 0.1
    assert every.features == committed.features and every.boosters is committed.boosters


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


def _row(question, expected_found, correct, confidence):
    return {"set": "s", "question": question, "expected_found": expected_found, "correct": correct,
            "confidence": confidence}


def test_two_models_are_compared_question_by_question_at_the_same_share_declined(curve):
    # both decline half the unanswerable at their own cut (A: above 0.4, B: above 0.2); A answers q1 and q2 right,
    # B only q3 (its q1 and q2 fall under its cut or are wrong)
    a = [_row("q1", True, True, 0.9), _row("q2", True, True, 0.8), _row("q3", True, True, 0.3),
         _row("u1", False, False, 0.4), _row("u2", False, False, 0.95)]
    b = [_row("q1", True, False, 0.9), _row("q2", True, True, 0.1), _row("q3", True, True, 0.5),
         _row("u1", False, False, 0.2), _row("u2", False, False, 0.95)]
    (half,) = curve.paired(a, b, levels=(0.5,))
    assert (half["only_a"], half["only_b"]) == (2, 1)
    assert half["right_a"] == pytest.approx(0.667, abs=1e-3) and half["right_b"] == pytest.approx(0.333, abs=1e-3)
    assert half["cut_a"] == pytest.approx(0.4) and half["cut_b"] == pytest.approx(0.2)  # just above: u1 declined


def test_the_fits_out_of_fold_rows_compare_with_a_declined_answer_below_every_cut(curve):
    # the fit's --cv-rows: a declined answer has no confidence. B declines u1 and q2 at its own threshold, so at half
    # declined its cut is 0 and its q2 is not right; A's cut is just above u1's 0.4
    a = [_row("q1", True, True, 0.9), _row("q2", True, True, 0.8), _row("u1", False, False, 0.4),
         _row("u2", False, False, 0.95)]
    b = [_row("q1", True, True, 0.9), dict(_row("q2", True, False, None), found=False),
         dict(_row("u1", False, False, None), found=False), _row("u2", False, False, 0.95)]
    (half,) = curve.paired(a, b, levels=(0.5,))
    assert (half["only_a"], half["only_b"]) == (1, 0)
    assert half["cut_a"] == pytest.approx(0.4) and half["cut_b"] == pytest.approx(0.0, abs=1e-6)


def test_the_sign_test_is_exact(curve):
    assert curve._sign_test(0, 0) == 1.0
    assert curve._sign_test(5, 5) == 1.0
    assert curve._sign_test(10, 0) == pytest.approx(2 / 1024)
    assert curve._sign_test(2, 8) == pytest.approx(2 * (1 + 10 + 45) / 1024)
