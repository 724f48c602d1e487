"""What an answer may quote: a reported question travels with its reply; a row of column headings is never quoted
on its own."""
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


COVER = """Inspection of Marrow Vale local authority children's services

Inspection dates: 11 September 2017 to 5 October 2017
Report published: 24 November 2017
Children's services in Marrow Vale are good
Team inspectors: Margaret Burke, Kate Malleson, Andy Whippey,
Anne Waterman
Lead inspector: Lisa Walsh, His Majesty's Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Outstanding
Overall effectiveness Good

The local authority has made good progress since the last inspection.
"""


def test_a_labelled_line_is_quoted_on_its_own_unless_the_next_line_carries_it_on(tmp_path):
    """A PDF's cover page has no blank lines, so the segmenter keeps a field's following lines in its paragraph; the
    labelled line ("Report published: …") is still a statement of its own, and the lines after it are quoted together
    (a headline; a table of grades), while a value wrapped after a comma stays one sentence."""
    path = tmp_path / "2017-11-24_inspection-report.txt"
    path.write_text(COVER, encoding="utf-8")
    doc = corpus.load_document(path)
    quoted = []
    for p in doc.paragraphs:
        for s in split(p, doc.text):
            assert doc.text[s.start:s.end] == s.quote
            quoted.append(s.text)
    assert "Report published: 24 November 2017" in quoted
    assert "Children's services in Marrow Vale are good" in quoted
    assert "Team inspectors: Margaret Burke, Kate Malleson, Andy Whippey, Anne Waterman" in quoted
    assert "Lead inspector: Lisa Walsh, His Majesty's Inspector" in quoted
    assert ("Judgement Grade The impact of leaders on social work practice with children and families Outstanding "
            "Overall effectiveness Good") in quoted
