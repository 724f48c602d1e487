"""What an extractive answer may quote: a reported question travels with its reply; a row of column headings is
never quoted on its own."""
from __future__ import annotations

import pytest

import corpus
from qa.sentences import split

MINUTES = """MINUTES of the meeting of the SCRUTINY COMMITTEE held on 3 March 2025

PRESENT: Councillor A Brown (in the Chair)

QUESTIONS FROM MEMBERS OF THE PUBLIC

Mr Hussain asked how many families were using a personal transport budget. The Head of SEND replied that 88 families currently received one. Members noted the answer.
"""


def test_a_reported_question_is_quoted_with_its_reply(tmp_path):
    path = tmp_path / "2025-03-03_minutes.txt"
    path.write_text(MINUTES, encoding="utf-8")
    doc = corpus.load_document(path)
    (p,) = [p for p in doc.paragraphs if "Hussain" in p.text]
    sentences = split(p, doc.text)
    assert [s.text for s in sentences] == [
        "Mr Hussain asked how many families were using a personal transport budget. "
        "The Head of SEND replied that 88 families currently received one.",
        "Members noted the answer."]
    assert all(doc.text[s.start:s.end] == s.quote for s in sentences)


@pytest.mark.slow
def test_a_row_of_column_headings_is_not_quotable_but_the_rows_under_it_are(engine):
    header = next(p for p in engine.paragraphs.values() if p.kind == "table_row" and p.text.startswith("Ref\tKey Objectives"))
    assert engine.sentences(header.id) == []
    rows = [p for p in engine.docs[header.document_id].paragraphs if p.table_id == header.table_id and p.id != header.id]
    assert rows and any(engine.sentences(p.id) for p in rows)


def test_what_a_body_was_asked_to_decide_is_recognised_by_its_form():
    from types import SimpleNamespace

    from qa.analyse import analyse
    from qa.extractive import asks_resolution, states_resolution

    def para(text, headings=()):
        return SimpleNamespace(text=text, heading_path=tuple(headings))

    assert states_resolution(para("That Cabinet approve the framework for the Improvement Plan."))
    assert states_resolution(para("2.2 Approve Option 3, the construction of a new leisure centre."))
    assert states_resolution(para("RESOLVED - That the report be noted."))
    assert states_resolution(para("The travel training programme should be extended.", ["5. RECOMMENDATIONS"]))
    assert states_resolution(para("Once approved, the Improvement Plan to be sent to all councillors."))
    assert states_resolution(para("It was agreed that the item be deferred to the next meeting."))
    assert not states_resolution(para("The purpose of this report is to inform Cabinet of the findings."))
    assert asks_resolution(analyse("What was Cabinet asked to approve in January 2022?"))
    assert asks_resolution(analyse("Which option was recommended to Cabinet?"))
    assert not asks_resolution(analyse("What did Ofsted recommend about care leavers?"))  # inspectors' recommendations


def test_a_why_question_prefers_a_sentence_giving_a_reason():
    from qa.analyse import analyse
    from qa.extractive import shape

    why = analyse("Why has setting up the edge-of-care team been held up?")
    assert shape(why, "There have been substantial delays because of difficulties in recruiting social workers.") == 1.0
    assert shape(why, "Our Service Manager has revised the Edge of Care offer.") == 0.0
    assert shape(analyse("What did Ofsted say about care leavers?"), "Care leavers are NEET because of delays.") == 0.0
