"""An inspection's summary statement (``qa.graphfacts._summaries``) and how fully a question names a relation."""
from __future__ import annotations

import pytest

from qa.graphfacts import _Reader, statements
from qa.question import read


def _summaries(engine, question):
    return [c for c in statements(engine, read(engine, question)) if c.kind == "summary"]


def test_the_2021_inspection_is_summarised_by_its_judgements_then_what_needs_to_improve(engine):
    found = _summaries(engine, "What did the 2021 Ofsted inspection find?")
    assert [c.text.splitlines()[0] for c in found] == ["ILACS 2021 (Bury), inspected October 2021:"]
    lines = [text for text, _ in found[0].lines]
    assert lines[1] == "“Overall effectiveness” — Inadequate."  # the overall judgement first
    assert "“The experiences and progress of children in care and care leavers” — Requires improvement to be good." in lines
    assert "To improve: The timely recognition and response to risk at the front door." in lines
    assert found[0].value == "topic" and found[0].source.endswith("bury-ilacs-2021-10")


def test_every_summary_line_but_its_head_cites_the_span_stating_it(engine):
    """No line without a source: each quotes a span whose words it gives (a grade's or a recommendation's)."""
    summary = _summaries(engine, "What did Ofsted find in 2016?")[0]
    head, *lines = summary.lines
    assert head[1] == () and lines
    for text, spans in lines:
        assert spans, text
        for pid, start, end in spans:
            quoted = engine.paragraph(pid).text  # offsets are the document's: the paragraph holds the span
            document = engine.docs[engine.paragraph(pid).document_id].text
            assert document[start:end] in quoted or quoted in document[start:end]
        if text.startswith("To improve: "):
            words = text[len("To improve: "):].rstrip("…").split()[:6]
            assert " ".join(words) in " ".join(document[start:end].split())


def test_a_year_without_an_inspection_offers_no_summary(engine):
    assert _summaries(engine, "What did the 2019 Ofsted inspection find?") == []


def test_a_relation_is_named_as_fully_as_its_best_phrase(engine):
    """"lead member" shares one word with "lead inspector": named in part, where any one word used to name it."""
    def relation(question, name):
        return _Reader(engine, read(engine, question)).relation(name)

    assert relation("Who was the lead inspector in 2021?", "lead_inspector") == 1.0
    assert relation("Who led the 2021 Ofsted inspection?", "lead_inspector") == 1.0
    assert 0.0 < relation("Who was the lead member for children at the 2021 inspection?", "lead_inspector") < 0.6
    assert relation("Which findings have no linked action?", "gaps") == 1.0  # a stop word, read as written
    assert relation("Who chairs the Improvement Board?", "lead_inspector") == 0.0


def test_the_2021_inspection_question_is_briefed_on_the_whole_report(ask):
    """The README's known limitation until 2026-12-04: "What did the 2021 Ofsted inspection find?" was declined. Since
    LightGBM's trees of 2026-12-05 it is again: the inspection's summary statement leads at 0.375 (0.526 with the trees
    before), the three best read 0.62 against the threshold 0.6993; refitted with sealed16, 0.417 and 0.692 against
    0.7015 (a strict xfail then). "What were the findings of the 2021 Ofsted inspection?" is briefed (0.84, 0.85), and
    "What did the 2016 Ofsted inspection find?" was declined by both fits before (docs/qa-notebook.md, "LightGBM's
    trees"). With the name feature (docs/qa-notebook.md, "A name the question does not hold") both are briefed again, at
    0.690 and 0.689 against 0.6845. The bag of four on six tenths of the rows declined it again (0.668 against 0.6738, a
    strict xfail then); the refit on scoped pools briefs it (0.741 against 0.6099; the 2016 question, 0.561, is
    declined: docs/qa-notebook.md, "Training pools read as `ask` reads them"); the refit with sealed21 briefs both
    (0.768 and 0.640 against 0.616). The twenty-first session's model ranks a council's sentence ("The findings were
    hard-hitting …", 0.515) over the inspection's summary (0.492): the report summarised within the margin is briefed
    whole all the same."""
    answer = ask("What did the 2021 Ofsted inspection find?")
    lines = answer.answer.splitlines()
    assert answer.found and lines[0] == "1 source found, oldest first."
    assert any(x.startswith("Judgement: ") and "“Overall effectiveness” — Inadequate." in x for x in lines)
    assert any(x.startswith("To improve: The timely recognition and response to risk at the front door.") for x in lines)


def test_a_topic_named_keeps_the_brief_on_the_topic(ask):
    """The summary may rank first for a topic too (it states the area's grade); the brief stays on the topic."""
    answer = ask("What did Ofsted say about care leavers in the 2021 inspection?")
    improve = next(x for x in answer.answer.splitlines() if x.startswith("To improve: "))
    assert "care leavers" in improve.lower() and "front door" not in improve


def test_a_summary_is_never_a_runner_up():
    """It restates every judgement: under the one grade asked for, it would bury it (``qa.ask.choose``)."""
    import importlib
    from types import SimpleNamespace

    from qa.candidates import Candidate

    choose = importlib.import_module("qa.ask").choose
    grade = Candidate("grade", "SIF 2016: “Adoption performance” — Good.", "p1", value="grade", probability=0.9)
    summary = Candidate("summary", "SIF 2016:\n“Overall effectiveness” — Requires improvement to be good.", "p2",
                        value="topic", probability=0.85)
    sentence = Candidate("sentence", "Adoption performance is good.", "p3", probability=0.8)
    model = SimpleNamespace(candidate_floor=0.3, keep_within=0.5)
    assert choose([grade, summary, sentence], model) == [grade, sentence]
    assert choose([summary, grade], model) == [summary, grade]  # as the best it is given


def test_what_an_inspection_says_needs_to_improve_is_one_list_citing_each_item(engine):
    """"What were the areas for improvement …?" is answered by every item of the report's list, in its order, each
    line citing the span that states it; a summary gives only its first few, shortened."""
    question = read(engine, "What did Ofsted say Bury needs to improve in 2021?")
    found = [c for c in statements(engine, question) if c.kind == "improve"]
    assert [c.text.splitlines()[0] for c in found] == ["ILACS 2021 (Bury) says 9 things need to improve:"]
    head, *lines = found[0].lines
    assert head[1] == () and len(lines) == 9 and found[0].value == "list"
    assert lines[0][0] == "The timely recognition and response to risk at the front door."
    for text, spans in lines:
        (pid, start, end), = spans
        document = engine.docs[engine.paragraph(pid).document_id].text
        assert text.rstrip("…") in " ".join(document[start:end].split())


def test_a_question_naming_no_improvement_is_offered_no_list(engine):
    question = read(engine, "Who led the 2021 Ofsted inspection?")
    assert not [c for c in statements(engine, question) if c.kind == "improve"]


def test_the_areas_an_inspection_judged_with_the_grade_named_are_one_list(engine):
    """"Which areas were judged inadequate in 2021?" names no area: every area given that grade, not the overall
    judgement alone (the authorities' list gives only the overall or a named area)."""
    found = [c for c in statements(engine, read(engine, "Which areas were judged inadequate in 2021?"))
             if c.kind == "graded_areas"]
    assert [c.text.splitlines()[0] for c in found] == ["ILACS 2021 (Bury), areas judged Inadequate:"]
    head, *lines = found[0].lines
    assert [text for text, _ in lines] == [
        "“The experiences and progress of children who need help and protection” — Inadequate.",
        "“The impact of leaders on social work practice with children and families” — Inadequate.",
        "“Overall effectiveness” — Inadequate."]
    assert all(spans for _, spans in lines) and found[0].value == "list"


def test_a_question_naming_no_grade_is_offered_no_list_of_areas(engine):
    question = read(engine, "Which areas did the 2021 inspection judge?")
    assert not [c for c in statements(engine, question) if c.kind == "graded_areas"]


def test_asked_what_needs_to_improve_the_answer_is_the_reports_whole_list(ask):
    """Through the fitted ranker: the list answers, first, every item cited (before, a brief quoted two of them); a
    list the ranker puts first is not turned into a brief."""
    for question in ("What did Ofsted say Bury needs to improve in 2021?", "What did Ofsted recommend in 2016?"):
        answer = ask(question)
        lines = answer.answer.splitlines()
        assert answer.found and lines[0].endswith("things need to improve:"), (question, lines[:2])
        assert all(line.rstrip().endswith("]") for line in lines[1:] if not line.startswith("See also")), question
    lines = ask("What did Ofsted say Bury needs to improve in 2021?").answer.splitlines()
    assert lines[0] == "ILACS 2021 (Bury) says 9 things need to improve:"
    assert lines[1] == "The timely recognition and response to risk at the front door. [1]"


def test_asked_which_areas_had_a_grade_the_answer_lists_them(ask):
    answer = ask("Which areas were judged inadequate in 2021?")
    lines = answer.answer.splitlines()
    assert answer.found and lines[0] == "ILACS 2021 (Bury), areas judged Inadequate:"
    assert any("children who need help and protection" in line and line.endswith("— Inadequate. [1]") for line in lines)


def test_a_grade_is_named_by_its_own_words_not_a_shared_concept_nor_inside_another_grade(engine):
    """"requires improvement to be good" names Good only as a part; "the area SEND inspection" names the thesaurus
    concept SEND of all three area SEND outcomes, which is no grade named (the answer listed all three)."""
    from qa.graphfacts import _grades_named, grade_name

    def named(question):
        return sorted(grade_name(g) for g in _grades_named(_Reader(engine, read(engine, question))))

    assert named("What was the outcome of Bury's 2024 area SEND inspection?") == []
    assert named("Which areas were judged requires improvement to be good in 2016?") == ["Requires improvement to be good"]
    assert named("Which areas were judged good in 2016?") == ["Good"]
    assert named("Which councils had widespread and systemic failings?") == ["Widespread and/or systemic failings (Area SEND)"]


def test_a_statement_whose_facts_a_chosen_one_holds_is_not_a_runner_up():
    """"What was the outcome of …?" offered the outcome's statement, a list of areas judged so and a list of
    authorities, each citing the same judgement: the answer said it three times (``Candidate.restates``)."""
    import importlib
    from types import SimpleNamespace

    from qa.candidates import Candidate

    choose = importlib.import_module("qa.ask").choose
    outcome, other = ("j1", "grade", "g1", "graph1"), ("j2", "grade", "g2", "graph2")
    grade = Candidate("grade", "Area SEND 2024: “Outcome” — Widespread failings.", "p1", facts=(outcome,), probability=0.9)
    listed = Candidate("graded_areas", "Area SEND 2024, areas judged so:\n“Outcome” — Widespread failings.", "p1",
                       facts=(outcome,), value="list", probability=0.8)
    both = Candidate("authorities", "2 authorities:\nBury …\nOldham …", "p1", facts=(outcome, other), value="list",
                     probability=0.7)
    apart = Candidate("grade", "SIF 2016: “Adoption performance” — Good.", "p2", facts=(other,), probability=0.6)
    model = SimpleNamespace(candidate_floor=0.1, keep_within=0.1)
    assert choose([grade, listed, both, apart], model) == [grade, apart]
    assert choose([both, grade, apart], model) == [both]  # the list holds both judgements: neither is said again


def test_a_briefs_source_search_reads_the_question_not_what_an_earlier_search_left(engine):
    """A brief searches each source by the question's own vector, as the pool's searches do. It used to read whatever
    vector the engine's search memo held for its query, the one the pool's search had just left there; after a pool
    kept from elsewhere (the fit's held-out asks) the memo held another question's, and 3 of 5,959 briefs differed."""
    from qa.briefs import _source_sentences

    q = read(engine, "What did Ofsted say about care leavers in 2021?")
    part_id = next(pid for pid, part in engine.parts.items()
                   if part.kind == "inspection_report" and (part.date or "").startswith("2021"))
    query = " ".join((q.text,) + q.expansions)

    def brief_sentences():
        return [(c.paragraph_id, c.text, round(c.probability, 9)) for c in _source_sentences(engine, q, part_id)]

    engine.search_as(query, q.text)
    as_the_pool_leaves_it = brief_sentences()
    engine.search_as(query, "When are the bins collected in Bury?")  # another question's vector left for the query
    assert brief_sentences() == as_the_pool_leaves_it
