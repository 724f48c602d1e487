"""Mechanisms for unseen papers on the real corpus: corpus-defined abbreviations, named periods, grade wording."""
from __future__ import annotations

import pytest

from qa.analyse import analyse
from qa.expand import defined_abbreviations, expansions

pytestmark = pytest.mark.slow


def test_abbreviations_are_read_from_their_definitions_in_the_papers(engine):
    assert engine.abbreviations["LSCB"] == ("local", "safeguarding", "children", "board")
    assert engine.abbreviations["CiCC"] == ("children", "care", "council")


def test_a_spelt_out_term_is_searched_with_its_abbreviation(engine):
    assert "LSCB" in expansions(engine.abbreviations, "What did they say about the local safeguarding children board?")
    assert expansions(engine.abbreviations, "What did the LSCB do?") == []


def test_initials_must_spell_the_abbreviation():
    assert defined_abbreviations(["the new plan (XYZ) was agreed"]) == {}
    assert defined_abbreviations(["a Youth Offending Service (YOS) visit"]) == {"YOS": ("youth", "offending", "service")}


def test_a_named_year_keeps_papers_written_before_it_out(ask):
    answer = ask("In 2021, what did the inspectors say about children who go missing from home?")
    assert answer.found
    assert all((c.date or "") >= "2021" for c in answer.citations)


@pytest.mark.parametrize("question, grade", [
    ("How well did Bury perform on adoption in the 2016 inspection?", "Good"),
    ("What verdict did Ofsted reach on the local safeguarding children board in 2016?", "Good"),
    ("What rating did children in care and young people leaving care receive in the 2021 inspection?",
     "Requires improvement"),
    ("What was the overall finding of the 2024 inspection of services for children with special educational needs?",
     "systemic failings"),
])
def test_grade_questions_without_the_word_grade_read_the_judgements(ask, question, grade):
    assert "grade" in analyse(question).intents
    answer = ask(question)
    assert answer.found and grade in answer.answer and answer.graph_facts


def test_topic_across_inspections_quotes_each_oldest_first(ask):
    answer = ask("What did Ofsted say about care leavers?")
    assert answer.found
    dates = [c.date for c in answer.citations]
    assert len(set(dates)) >= 2 and dates == sorted(dates)
    assert len(answer.answer.splitlines()) <= 4 and all("care leaver" in c.quote.lower() for c in answer.citations)


def test_an_inspection_sharing_only_a_word_with_the_topic_is_not_quoted(ask):
    answer = ask("What did Ofsted say about the front door?")
    assert answer.found and all("front door" in c.quote for c in answer.citations)


def test_a_place_no_paper_mentions_is_declined(ask):
    assert not ask("How did Rochdale's children's services fare in their 2021 Ofsted inspection?").found


def test_what_happened_in_a_period_only_forecast_by_earlier_papers_is_declined(ask):
    assert not ask("What did Ofsted conclude at its first monitoring visit to Bury in June 2022?").found


def test_how_many_needs_a_figure_not_a_quantifier(ask):
    from qa.values import has_shape

    assert has_shape("count", "There were 275 children on plans.") and not has_shape("count", "Most plans are weak.")
    assert not ask("How many children were on a child protection plan in Bury when Ofsted inspected in autumn 2021?").found


def test_a_concessive_opening_is_background_not_the_answer():
    from qa.extractive import main_clause

    assert main_clause("Although visits improved, capacity issues in the team have meant delays.") == \
        "capacity issues in the team have meant delays."
    assert main_clause("Monitoring systems are slow and inefficient.") == "Monitoring systems are slow and inefficient."


def test_concessive_sentence_is_not_chosen_over_the_one_that_answers(ask):
    answer = ask("What did Ofsted say in 2021 about keeping track of children who are taught at home or not on any "
                 "school roll?")
    assert answer.found and "slow and inefficient" in answer.answer


def test_a_table_row_is_read_with_its_header_row(engine):
    rows = [p for p in engine.paragraphs.values() if p.kind == "table_row" and p.text.startswith("Totals")
            and "86.9%" in p.text]
    assert rows and "Attendance" in engine.context(rows[0])


def test_over_what_period_asks_for_dates(ask):
    assert "when" in analyse("Over what period did the first public consultation run?").intents
    answer = ask("Over what period did the first public consultation on the library service principles run?")
    assert answer.found and "September 2016" in answer.answer


def test_glossary_tables_define_abbreviations(engine):
    assert engine.abbreviations["CQC"] == ("care", "quality", "commission")
    assert "CQC" in expansions(engine.abbreviations, "What did the Care Quality Commission find?")


def test_which_officer_is_responsible_reads_plan_leads_through_abbreviations(ask):
    question = "Which officer is responsible for improving the quality of education, health and care plans in the SEND plan?"
    assert "lead" in analyse(question).intents
    answer = ask(question)
    assert answer.found and "Wendy Young" in answer.answer and answer.graph_facts


def test_who_prefers_a_sentence_naming_a_person_the_graph_knows(ask, engine):
    assert engine.person_names is not None and engine.person_names.search("CONTACT OFFICER: Gemma Parkes, Virtual")
    answer = ask("Who was second in command of the Ofsted inspection team in 2016?")
    assert answer.found and "Nick Stacey" in answer.answer


def test_what_inspectors_concluded_reads_the_judgement_when_one_matches(ask):
    answer = ask("What did inspectors conclude about Bury's local area SEND services in 2024?")
    assert answer.found and "systemic failings" in answer.answer


def test_a_body_described_by_its_purpose_is_matched_by_its_name_words(ask):
    answer = ask("Who chairs the board that oversees the improvement of children's services after the inadequate "
                 "judgement?")
    assert answer.found and "Linda Clegg" in answer.answer


def test_small_words_inside_a_long_form_are_skipped(engine):
    assert engine.abbreviations["NEET"] == ("not", "education", "employment", "training")
