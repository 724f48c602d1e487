"""An answer's first line is its best-ranked candidate's (``qa.ask.compose``): a reader takes it for the answer."""
from __future__ import annotations

import importlib

import pytest

from embed.hybrid import Filters
from qa.question import read
from qa.ranker import score

ask_module = importlib.import_module("qa.ask")  # ``qa.ask`` the name is the function


def _best(engine, question):
    q = read(engine, question)
    retrieved, candidates = ask_module.pool(engine, q, Filters(), 5)
    return score(engine, q, retrieved, candidates)[0]


@pytest.mark.xfail(strict=True, reason="the twenty-eighth session's model (post_held) opens with an attendee line "
                   "holding every word of 'lead member' (Lead Member Community Safety, 2016), the Cabinet Member for "
                   "Children second: docs/qa-notebook.md, 'The post asked, held'")
def test_the_lead_member_comes_before_the_lead_inspectors(engine):
    # ranked: the Cabinet Member for Children first, lead-inspector statements once under it; the answer had opened
    # with the statements, graph statements always leading ("lead member" names the relation "lead inspector" only in
    # part since 2026-12-04; since the fit that skips answerable questions with no answer in their pool, none is kept).
    # A strict xfail in the twenty-fourth session (its refits ranked a meeting's attendee line first); the twenty-fifth
    # session's model ranks the post first again (docs/qa-notebook.md, "Refit noise"); the twenty-eighth's opens with
    # the attendee line again: the lead inspector is gone from the opening, but "Lead Member Community Safety" holds
    # every word of the post asked and "Cabinet Member for Children" half (the post is read without what it is for)
    answer = ask_module.ask("Who is the lead member for children's services?", engine=engine)
    first = answer.answer.split("\n")[0]
    assert "Cabinet Member for Children" in first and "lead inspector" not in first


@pytest.mark.parametrize("question", [
    "Who is the lead member for children's services?",
    "When was Bury's local area SEND inspection carried out?",
    "What proportion of frontline social workers were agency staff in 2024?",
    "Who chaired the Children and Young People Scrutiny Committee in 2022?",
    "What grade did Bury get in 2021 for the impact of leaders on social work practice?",
])
def test_the_first_line_quotes_the_best_candidate(engine, question):
    answer = ask_module.ask(question, engine=engine)
    best = _best(engine, question)
    assert answer.found
    first_line_text = best.lines[0][0] if best.kind != "sentence" else best.text
    assert first_line_text.split(" [")[0][:60] in answer.answer.split("\n")[0]
