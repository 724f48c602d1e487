"""Generic answer mechanisms on the real corpus: report authors, answer shape, period support, shouted words."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def test_who_wrote_a_report_quotes_its_contact_officer_fields(ask, engine):
    answer = ask("Who wrote the report on defibrillators in schools?")
    assert answer.found and "Paul Cooke" in answer.answer
    quotes = [c.quote for c in answer.citations]
    assert any("Paul Cooke, Strategic Lead (Education Services)" in q for q in quotes)
    for c in answer.citations:
        assert engine.docs[c.document_id].text[c.start:c.end] == c.quote


def test_report_author_block_gives_the_authors_email(ask):
    answer = ask("What is the email address of the executive director who wrote the January 2022 inspection report?")
    assert answer.found and "j.richards@bury.gov.uk" in answer.answer


def test_all_capitals_report_title_is_matched_as_words(ask):
    answer = ask("Who wrote the report on the library consultation?")
    assert answer.found and "RUFO" in answer.answer.upper()


def test_question_naming_a_year_the_corpus_lacks_is_declined(ask):
    assert not ask("How many children were adopted in Bury in 2019?").found


def test_number_question_whose_number_is_not_in_the_text_is_declined(ask):
    # the minutes discuss the video's cost but never state it
    assert not ask("How much did the recruitment campaign video cost?").found


def test_grade_question_about_an_unjudged_service_is_declined(ask):
    assert not ask("What grade did Ofsted give Bury's youth offending service?").found


def test_shouted_infographic_numbers_are_found(ask):
    answer = ask("How many adult library members did Bury have?")
    assert answer.found and "55,388" in answer.answer


def test_when_question_prefers_a_date_in_the_period_it_names(engine):
    from qa.analyse import analyse
    from qa.extractive import shape

    a = analyse("When was the 2021 inspection carried out?")
    assert shape(a, "Inspection dates: 25 October 2021 to 5 November 2021") == 1.0
    assert shape(a, "Services have improved since the last inspection in 2016.") == 0.0
    assert shape(a, "The inspection took place in 2021.") == 0.5


def test_list_lead_in_reads_as_many_items_as_it_announces(engine):
    from qa.extractive import Scored, continuation, lead_in_count

    assert lead_in_count("The framework is built around three themes:") == 3
    assert lead_in_count("Members noted the following:") == 2
    lead = next(s for pid, p in engine.paragraphs.items() if "built around three themes" in p.text
                for s in engine.sentences(pid) if s.text.rstrip().endswith("three themes:"))
    items = continuation(engine, Scored(lead, lead.paragraph_id, None, 0.0, 0.0, 0.0, 0.0))
    assert len(items) == 3
    assert any("workforce" in s.text for _, s in items)


@pytest.mark.slow
def test_contact_blocks_with_labelled_lines_and_contact_wording(ask):
    """'Name: Beth Speak' / 'Position: …' lines are read as one contact block; 'named as contacts on the report'
    asks for the report's contact fields."""
    answer = ask("Who is the author of the 2024 Cabinet report on the local area SEND inspection?")
    assert answer.found and "Beth Speak" in answer.answer and "Children's Improvement Manager" in answer.answer
    answer = ask("Which officers were named as contacts on the January 2022 Cabinet report on the inspection of "
                 "children's services?")
    assert answer.found and all(name in answer.answer for name in ["Jeanette Richards", "Isobel Booler", "Geoff Little"])
