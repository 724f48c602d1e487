"""What a quoted sentence is read with, on the real corpus: the neighbouring sentence holding the asked value."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest

from qa.candidates import Candidate
from qa.continuation import value_neighbour
from qa.question import read

LGA = "For that reason, the Council invited the LGA to conduct a peer challenge of its childrens services."


def _candidate(engine, text: str) -> Candidate:
    for pid in engine.paragraphs:
        for s in engine.sentences(pid):
            if s.text == text:
                return Candidate("sentence", s.text, pid, sentence=s, lines=((s.text, ((pid, s.start, s.end),)),))
    raise AssertionError(f"no sentence {text!r} in the corpus")


def _question(engine, text: str, answer_type: str):
    return replace(read(engine, text), types={answer_type: 1.0})


def test_a_sentence_without_the_asked_date_is_read_with_the_next_one_stating_it(engine):
    """The Cabinet report says the LGA was invited, then "This took place in July 2021.": a date question answered
    from the first gets the second too (out of fold, four questions gained this way and none lost)."""
    c = _candidate(engine, LGA)
    before, after = value_neighbour(engine, _question(engine, "When did the LGA do its peer challenge?", "date"), c)
    assert before == [] and [n.text for n in after] == ["This took place in July 2021."]
    assert after[0].paragraph_id == c.paragraph_id and after[0].sentence.index == c.sentence.index + 1
    doc = engine.docs[engine.paragraph(c.paragraph_id).document_id]
    pid, start, end = after[0].lines[0][1][0]
    assert doc.text[start:end] == "This took place in July 2021."


@pytest.mark.parametrize("answer_type", ["text", "topic", "grade"])
def test_other_answer_types_take_no_neighbour(engine, answer_type):
    c = _candidate(engine, LGA)
    assert value_neighbour(engine, _question(engine, "What did the LGA do?", answer_type), c) == ([], [])


def test_a_sentence_stating_the_value_itself_takes_no_neighbour(engine):
    c = _candidate(engine, "This took place in July 2021.")
    assert value_neighbour(engine, _question(engine, "When was the peer challenge?", "date"), c) == ([], [])


def test_a_sentence_opening_with_a_pronoun_is_read_with_the_one_it_points_back_to(engine):
    """"This compares very well with a national average of 30 weeks." says nothing of what compares: the 2016
    report's sentence before it (27 weeks) comes with it."""
    from qa.continuation import preceding

    c = _candidate(engine, "This compares very well with a national average of 30 weeks.")
    before = preceding(engine, c)
    assert len(before) == 1 and before[0].text.startswith("The average time taken for proceedings is now 27 weeks")
    assert before[0].sentence.index == c.sentence.index - 1
    assert preceding(engine, _candidate(engine, before[0].text)) == []


def test_an_answer_reads_the_pointed_back_sentence_first(ask):
    answer = ask("In 2016, how did the time Bury took to complete care proceedings compare with the national average?")
    text = answer.answer
    assert answer.found and "27 weeks" in text and "30 weeks" in text and text.index("27 weeks") < text.index("30 weeks")


def test_a_brief_reads_a_pointing_back_sentence_after_the_one_it_points_to(ask):
    """In a brief too: "This was a wide-ranging review …" comes after the 2021 report's sentence naming the review."""
    answer = ask("What did Ofsted say about recruitment of social workers?")
    # a brief (its answer type reads text 0.50, topic 0.46 since the broad questions were labelled: a brief is given at
    # 0.6 of the likeliest type); two sources until the fit of 2026-12-05, three since, one (the ILACS report) since a
    # brief keeps to the kinds of source the question names (ninth session: "Ofsted", not the council's papers)
    assert answer.found and re.match(r"\d+ sources? found", answer.answer)
    line = next(x for x in answer.answer.splitlines() if "This was a wide-ranging review" in x)
    assert "commissioned an LGA peer review" in line
    assert line.index("commissioned an LGA peer review") < line.index("This was a wide-ranging review")


FRONT_DOOR = "The timely recognition and response to risk at the front door."
LEADERSHIP = ("The stability of the senior leadership team to support implementation of an appropriately focused plan of "
              "improvement.")


def test_a_list_item_is_read_with_its_whole_list_in_order(engine):
    """The 2021 ILACS report's "What needs to improve" holds nine items; any one of them gives all nine, in the
    report's order, each a verbatim first sentence of its own list-item paragraph."""
    from qa.continuation import whole_list

    middle = _candidate(engine, "Manageable caseloads for social workers.")
    items = whole_list(engine, middle)
    assert [c.text for c in items][0] == FRONT_DOOR and items[-1].text == LEADERSHIP and len(items) == 9
    assert middle in items
    paragraphs = [engine.paragraph(c.paragraph_id) for c in items]
    assert all(p.kind == "list_item" for p in paragraphs)
    assert [p.ordinal for p in paragraphs] == list(range(paragraphs[0].ordinal, paragraphs[0].ordinal + 9))
    doc = engine.docs[paragraphs[0].document_id]
    assert all(doc.text[a:b] == c.text for c in items for _, a, b in c.lines[0][1])


def test_a_list_longer_than_the_cap_keeps_the_quoted_item(engine, monkeypatch):
    from qa import continuation

    monkeypatch.setattr(continuation, "LIST_ITEMS", 3)
    texts = [c.text for c in continuation.whole_list(engine, _candidate(engine, FRONT_DOOR))]
    assert texts[0] == FRONT_DOOR and len(texts) == 3
    texts = [c.text for c in continuation.whole_list(engine, _candidate(engine, LEADERSHIP))]
    assert texts[-1] == LEADERSHIP and len(texts) == 3


def test_a_sentence_outside_a_list_is_read_alone(engine):
    from qa.continuation import whole_list

    c = _candidate(engine, "This compares very well with a national average of 30 weeks.")
    assert engine.paragraph(c.paragraph_id).kind != "list_item" and whole_list(engine, c) == [c]


def test_a_question_asking_for_a_list_gets_every_item(ask, engine):
    """The ranker scores the nine items unevenly; the answer quotes the list whole, not the three best."""
    answer = ask("List what Ofsted said needs to improve in the 2021 inspection.")
    assert answer.found and answer.answer_type == "list"
    assert FRONT_DOOR in answer.answer and LEADERSHIP in answer.answer
    assert "Manageable caseloads for social workers." in answer.answer
    for c in answer.citations:
        assert engine.docs[c.document_id].text[c.start:c.end] == c.quote
