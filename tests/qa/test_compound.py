"""qa.compound: a question asking two things is answered part by part, in one answer."""
from __future__ import annotations

import pytest

from qa.compound import join, split_question
from qa.records import Answer, Citation


def test_a_second_question_word_after_and_splits_the_question():
    assert split_question("When was the plan sent to Ofsted, and when was it published?") == (
        "When was the plan sent to Ofsted?", "when was it published?", "the plan sent to Ofsted")
    assert split_question("What did the board decide about fees and charges?") is None  # one question
    assert split_question("Who and when?") is None


def _citation(n, start):
    return Citation(n, "doc:p1", "doc", "Doc", None, "Part", "Section", None, None, "q", start, start + 1, "text")


def test_join_renumbers_the_second_answers_citations_and_keeps_shared_quotes():
    first = Answer("q1", True, "A [1]", citations=(_citation(1, 0),))
    second = Answer("q2", True, "B [1] C [2]", citations=(_citation(1, 5), _citation(2, 0)))
    both = join("q", first, second)
    assert both.answer == "A [1]\nB [2] C [1]"
    assert [(c.n, c.start) for c in both.citations] == [(1, 0), (2, 5)]
    assert join("q", first, Answer("q2", False, "Not found")).answer == "A [1]"
    assert join("q", Answer("q1", False, "Not found"), second).answer == "B [1] C [2]"


@pytest.mark.slow
def test_both_parts_are_answered_on_the_real_corpus(ask):
    answer = ask("Who led the 2016 Ofsted inspection team in Bury, and who was the deputy lead?")
    assert answer.found and "Sheena Doyle" in answer.answer and "Nick Stacey" in answer.answer
    assert all(f"[{c.n}]" in answer.answer for c in answer.citations)
