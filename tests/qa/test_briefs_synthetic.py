"""Mechanisms on synthetic reports (tests/qa/data/synthetic): topic briefs, graph statements in the pool, short
fact answers, verbatim citations. The texts are invented; nothing here was tuned on them."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

import qa
from embed.hybrid import Filters
from tests.qa.conftest import assert_cited_verbatim

pytestmark = pytest.mark.slow


def _section(answer, heading: str) -> list[str]:
    return [line for line in answer.answer.splitlines() if line.startswith(heading)]


def _cited(line: str) -> bool:
    return bool(re.search(r"\[\d+\]", line))


def test_care_leavers_brief_gives_each_inspection_its_judgement_weaknesses_and_strengths(synthetic_engine):
    answer = qa.ask("What did Ofsted say about care leavers in Greyford?", engine=synthetic_engine)
    assert answer.found and answer.answer_type == "topic"
    assert_cited_verbatim(answer, synthetic_engine)
    lead = answer.answer.splitlines()[0]
    assert re.match(r"^\d+ sources? found", lead)
    judgements, weak, strong = (_section(answer, h) for h in ("Judgement:", "To improve:", "Strengths:"))
    assert judgements and weak and strong
    assert all(_cited(line) for line in judgements + weak + strong)
    # both inspections, newest last: the source lines' dates ascend
    dates = [c.date for c in answer.citations]
    assert len({d[:4] for d in dates}) == 2 and [d for d in dates] == sorted(dates)
    # a weakness line quotes the report's own words of need; a strength line its words of quality
    assert any(re.search(r"\b(?:not|too few|do not)\b", line) for line in weak)
    assert any(re.search(r"\b(?:strong|value|up to date)\b", line) for line in strong)


def test_a_named_inspection_gives_one_source(synthetic_engine):
    answer = qa.ask("What did the 2023 Greyford inspection say about care leavers?", engine=synthetic_engine)
    assert answer.found and answer.answer.splitlines()[0].startswith("1 source")
    assert {c.date[:4] for c in answer.citations} == {"2023"}


def test_send_conclusion_is_a_brief_with_the_outcome_first(synthetic_engine):
    answer = qa.ask("What did the Westshire local area SEND inspection conclude?", engine=synthetic_engine)
    assert answer.found
    assert_cited_verbatim(answer, synthetic_engine)
    judgements, weak, strong = (_section(answer, h) for h in ("Judgement:", "To improve:", "Strengths:"))
    assert judgements and "inconsistent" in judgements[0].lower() and _cited(judgements[0])
    assert weak and strong and all(_cited(line) for line in weak + strong)


@pytest.mark.parametrize("question, year, grade", [
    ("How did Greyford do in its 2023 Ofsted inspection?", "2023", "Good"),
    # answered at 0.773 by the nineteenth session's model, declined by the twenty-first's and twenty-second's (its
    # overall judgement 0.498 and 0.485, under the thresholds 0.6367 and 0.6255; "What did Ofsted conclude about Bury
    # in 2021?" reads 0.832 and 0.746 on the real corpus)
    pytest.param("What did Ofsted conclude about Greyford in 2019?", "2019", "Requires improvement to be good",
                 marks=pytest.mark.xfail(strict=True, reason="declined by the twenty-first and twenty-second "
                                                             "sessions' models of record "
                                                             "(docs/qa-notebook.md, \"Refit noise\")")),
])
def test_a_question_about_a_whole_inspection_is_briefed_on_the_whole_report(synthetic_engine, question, year, grade):
    """No topic named: the inspection's summary (or its overall judgement) ranks first, and the brief gives the
    overall judgement, then the report's own "What needs to improve" items, not the sentences sharing a word
    ("do", "conclude") with the question."""
    answer = qa.ask(question, engine=synthetic_engine)
    assert answer.found and answer.answer.splitlines()[0] == "1 source found, oldest first."
    assert_cited_verbatim(answer, synthetic_engine)
    judgements, weak = _section(answer, "Judgement:"), _section(answer, "To improve:")
    assert judgements and f"“Overall effectiveness” — {grade}." in judgements[0] and year in judgements[0]
    improve = {"2023": "The proportion of care leavers in education, employment or training.",
               "2019": "The quality and timeliness of pathway plans for care leavers."}[year]
    assert weak and improve in weak[0]
    assert {c.date[:4] for c in answer.citations} == {year}


def test_a_whole_inspection_of_a_year_with_none_is_declined(synthetic_engine):
    """Greyford was inspected in 2019 and 2023: no summary is offered for 2021, and other years' sentences do not
    answer (answered at 0.65 before the period twins)."""
    assert not qa.ask("What did the 2021 inspection of Greyford find?", engine=synthetic_engine).found


def test_a_fact_question_keeps_a_short_answer(synthetic_engine):
    answer = qa.ask("Who was the lead inspector of Greyford's 2023 inspection?", engine=synthetic_engine)
    said = [line for line in answer.answer.splitlines() if not line.startswith("See also: ")]
    assert answer.found and "Judgement:" not in answer.answer and len(said) <= 3
    assert "Ruth Adeyemi" in answer.answer.splitlines()[0]
    assert_cited_verbatim(answer, synthetic_engine)


@pytest.mark.xfail(strict=True,
                   reason="the dates read 0.007 against the complement's floor 0.046 (the ninth session's model)")
def test_a_question_asking_two_things_is_answered_with_both(synthetic_engine):
    """The best statement says one of them; the runner-up saying most of the rest is kept (``qa.ask.complement``).
    Since the name feature (docs/qa-notebook.md, "A name the question does not hold") the question reads as asking for a
    person (0.83), the three statements naming Ruth Adeyemi read 0.89–0.90 and the dates 0.045, under the complement's
    floor (0.15 of the candidate floor 0.319): the mechanism still holds (the test below), the ranker no longer offers
    it. The ninth session's model reads the three 0.92–0.95 and the dates 0.007, under 0.046 (0.15 of 0.309)."""
    question = "Who was the lead inspector of Greyford's 2023 inspection, and what were the inspection dates?"
    answer = qa.ask(question, engine=synthetic_engine)
    assert answer.found
    assert_cited_verbatim(answer, synthetic_engine)
    assert "Ruth Adeyemi" in answer.answer and "6 to 17 November 2023" in answer.answer


def test_complement_adds_only_what_the_chosen_do_not_say(synthetic_engine):
    import importlib

    from qa.question import read
    from qa.ranker import score

    ask_module = importlib.import_module("qa.ask")  # ``qa.ask`` the name is the function
    e = synthetic_engine
    q = read(e, "Who was the lead inspector of Greyford's 2023 inspection, and what were the inspection dates?")
    retrieved, candidates = ask_module.pool(e, q, Filters())
    ranked = score(e, q, retrieved, candidates)
    lead = next(c for c in ranked if "Ruth Adeyemi" in c.text)
    dates = next(c for c in ranked if "6 to 17 November 2023" in c.text)
    # the model's floor just under the dates' probability: the mechanism, whatever the fit scores them
    model = SimpleNamespace(candidate_floor=0.99 * dates.probability / ask_module.COMPLEMENT_FLOOR)
    added = ask_module.complement(e, q, ranked, [lead], model)
    assert added[0] is lead and len(added) == 2 and "November 2023" in added[1].text
    # what the chosen already say all of the question gets nothing more
    assert ask_module.complement(e, q, ranked, [lead, dates], e.model) == [lead, dates]
    # a fact question answered whole is left as it is
    q = read(e, "Who was the lead inspector of Greyford's 2023 inspection?")
    retrieved, candidates = ask_module.pool(e, q, Filters())
    ranked = score(e, q, retrieved, candidates)
    assert ask_module.complement(e, q, ranked, ranked[:1], e.model) == ranked[:1]


def test_the_pool_holds_sentences_and_cited_graph_statements(synthetic_engine):
    from qa.ask import pool
    from qa.question import read

    q = read(synthetic_engine, "What grade did Greyford get for care leavers in 2023?")
    retrieved, candidates = pool(synthetic_engine, q, Filters())
    kinds = {c.kind for c in candidates}
    assert "sentence" in kinds and "grade" in kinds
    for c in candidates:
        for _, spans in c.lines:
            for pid, start, end in spans:
                p = synthetic_engine.paragraphs[pid]
                assert p.start <= start < end <= p.end
    grades = [c for c in candidates if c.kind == "grade" and len(c.lines) == 1]
    assert all(c.date.startswith("2023") for c in grades)  # the period named filters the judgements


def test_an_area_over_time_is_one_candidate_oldest_first(synthetic_engine):
    from qa.ask import pool
    from qa.question import read

    q = read(synthetic_engine, "How have Greyford's judgements for help and protection changed since 2019?")
    assert q.since == "2019-01-01"
    _, candidates = pool(synthetic_engine, q, Filters())
    joined = [c for c in candidates if c.kind == "grade" and len(c.lines) >= 2]
    assert joined
    years = [re.search(r"(20\d\d)", text).group(1) for text, _ in joined[0].lines]
    assert years == sorted(years)


def test_an_unknown_place_and_a_missing_reference_are_features_of_the_question(synthetic_engine):
    from qa.question import read

    q = read(synthetic_engine, "What did Ofsted say about care leavers in Rochdale, and who leads action 4.3a?")
    assert "Rochdale" in q.unknown_names and "4.3a" in q.missing_references
    assert not qa.ask("What did Ofsted say about care leavers in Rochdale?", engine=synthetic_engine).found


def test_due_by_is_an_upper_bound_not_a_period(synthetic_engine):
    from qa.question import read

    q = read(synthetic_engine, "Which actions are due by June 2024?")
    assert q.due_by == "2024-06-30" and not q.comparison


def test_an_abbreviated_month_is_read_as_the_month(synthetic_engine):
    """"Nov 2023" is the month the papers write "November 2023": a period, not a capitalised word no paper holds (an
    unknown name is how a question about another place reads) nor a topic word missing from every paragraph."""
    from qa.question import read

    question = "Who was the lead inspector of Greyford's Nov 2023 inspection?"
    q = read(synthetic_engine, question)
    assert q.unknown_names == () and q.periods == (("2023-11-01", "2023-11-30"),)
    answer = qa.ask(question, engine=synthetic_engine)
    assert answer.found and "Ruth Adeyemi" in answer.answer.splitlines()[0]
    assert_cited_verbatim(answer, synthetic_engine)


def test_a_graph_statement_ranked_best_is_the_answer_even_to_a_question_read_as_topic():
    """A brief quotes its sources' sentences and judgements: when the ranker's best is another graph statement (a
    plan's name, a lead, a due date, a list), a brief would drop the answer, so none is given ("What name will the
    improvement plan go by?", read as a topic question, was briefed on an inspection's strengths instead of the plan's
    name). The gate needs no engine: it is the brief's first decision."""
    from qa import briefs
    from qa.candidates import Candidate

    q = SimpleNamespace(types={"topic": 0.64, "text": 0.23, "name": 0.02})
    said = Candidate("sentence", "Leaders have a clear plan for improvement.", "p-2", probability=0.37)
    for kind, value in (("plan", "text"), ("lead", "person"), ("due", "date"), ("improve", "list")):
        best = Candidate(kind, "The plan is called “Doing Well Together”.", "p-1", value=value, probability=0.84)
        assert briefs.compose(None, q, [best, said], None, [best]) is None
