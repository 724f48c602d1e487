"""The corpus training sets (tests/data/train_corpus_*.jsonl, written by writers who saw neither the code nor other
sets): well formed, every evidence quote verbatim in one of the corpus's documents, enough near-misses."""
from __future__ import annotations

from pathlib import Path

import pytest

from qa.evaluate import read_questions

REPO = Path(__file__).resolve().parents[2]
SETS = sorted((REPO / "tests" / "data").glob("train_corpus_*.jsonl"))
KEYS = {"id", "category", "question", "evidence", "answer_any", "answer_all", "found", "k"}


def test_there_are_corpus_training_sets():
    assert SETS


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_questions_are_well_formed_and_quotes_verbatim(path):
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "corpus" / "documents").glob("*.txt"))]
    questions = read_questions(path)
    assert 60 <= len(questions) <= 120
    assert len({q["id"] for q in questions}) == len(questions)
    assert sum(not q["found"] for q in questions) >= 0.2 * len(questions)
    for q in questions:
        assert set(q) == KEYS, q["id"]
        assert q["found"] == bool(q["evidence"]) == bool(q["answer_any"]), q["id"]
        for quote in q["evidence"]:
            assert "\n" not in quote and any(quote in text for text in texts), (q["id"], quote)
