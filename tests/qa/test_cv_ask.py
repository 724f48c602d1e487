"""bench/cv_ask.py: the fit's held-out questions asked again, each with its own fold's model."""
from __future__ import annotations

import copy
import importlib.util
import pickle
import sys
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parents[2] / "bench" / "cv_ask.py"


@pytest.fixture(scope="module")
def cv_ask():
    spec = importlib.util.spec_from_file_location("cv_ask", TOOL)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # the forked workers find its functions through its module
    spec.loader.exec_module(module)
    return module


def _row(question, expected_found, found, correct, length=100):
    return {"set": "s", "question": question, "expected_found": expected_found, "found": found, "correct": correct,
            "evidence_hit": correct, "length": length}


def test_the_summary_counts_right_declined_and_what_was_won_and_lost(cv_ask):
    base = [_row("a", True, True, True), _row("b", True, True, False), _row("c", False, True, False)]
    rows = [_row("a", True, True, False), _row("b", True, True, True), _row("c", False, False, True)]
    s = cv_ask.summary(rows, base)
    assert (s["right"], s["answerable"], s["declined"], s["unanswerable"]) == (1, 2, 1, 1)
    assert s["won"] == [("s", "b"), ("s", "c")] and s["lost"] == [("s", "a")]


def test_each_question_is_answered_with_its_own_folds_model(cv_ask, engine, tmp_path, monkeypatch):
    # two "folds": the committed model, and the same model declining everything; the first question answered by
    # the one, the second by the other (both answerable, both answered by the committed model alone)
    declining = copy.copy(engine.model)
    declining.threshold = 1.01
    items = [{"question": "Who chaired the Children and Young People Scrutiny Committee in 2022?",
              "answer_any": ["Wright"], "evidence": [], "found": True},
             {"question": "When was Bury's local area SEND inspection carried out?",
              "answer_any": ["February 2024"], "evidence": [], "found": True}]
    folds = tmp_path / "folds.pkl"
    folds.write_bytes(pickle.dumps(([engine.model, declining], [(0, "dev_qa", items[0]), (1, "dev_qa", items[1])])))
    monkeypatch.setattr(cv_ask, "_engines", lambda jobs: {name: engine for _, name, _ in jobs})
    rows = {r["question"]: r for r in cv_ask.ask_again(folds)}
    assert rows[items[0]["question"]]["found"] and not rows[items[1]["question"]]["found"]
    # a threshold given answers every fold at that cut
    rows = cv_ask.ask_again(folds, threshold=0.0)
    assert all(r["found"] for r in rows)
