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
