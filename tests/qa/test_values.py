"""qa.values: a question asking for a value is answered only by a sentence that states it."""
from __future__ import annotations

import pytest

from qa.analyse import analyse
from qa.values import asked_shape, counted, counts_of, names_someone, role
from qa.engine import tokenize


@pytest.mark.parametrize("question, kind", [
    ("How many foster carers were approved?", "count"),
    ("What is the daily rate paid to the interim director?", "money"),
    ("How much did the new system cost?", "money"),
    ("What proportion of plans were late?", "number"),
    ("When will the plan be published?", "date"),
    ("What is the name of the new chair of the board?", "person"),
    ("Who chairs the Partnership Board?", "person"),
    ("Which company will run the new leisure centre?", "person"),
    ("How long will the consultation run?", "duration"),
    ("How much are the two managed services costing the council?", "money"),
    ("Which Secretary of State signed the improvement notice?", "person"),
    ("Who was Bury's Director of Children's Services in 2016?", "person"),
    ("What are the three themes of the improvement framework?", "list"),
    ("What did Ofsted say about care leavers?", None),
])
def test_what_kind_of_value_a_question_asks_for(question, kind):
    assert asked_shape(analyse(question)) == kind


def test_the_counted_thing_is_the_head_word_before_the_verb():
    assert counted(analyse("How many new foster families were approved in 2023-24?"), tokenize) == tuple(tokenize("families"))
    assert counted(analyse("How many priority actions and areas for improvement came out?"), tokenize) == \
        tuple(tokenize("actions"))
    assert counted(analyse("What was the average number of cases held by each social worker?"), tokenize) == \
        tuple(tokenize("cases"))
    # the noun, not the verb after it
    assert counted(analyse("How many Castlemere families use a personal transport budget?"), tokenize) == \
        tuple(tokenize("families"))
    assert counted(analyse("How many staff work in the team?"), tokenize) == tuple(tokenize("staff"))


def test_all_or_none_is_not_a_proportion():
    from qa.values import has_shape

    assert not has_shape("number", "The graded care profile should be used in all cases of neglect.")
    assert has_shape("number", "The proportion of plans for neglect is high at 51%.")
    assert has_shape("number", "The majority of 19 to 21-year-olds are not in education.")


def test_a_length_of_time_is_a_figure_with_a_unit():
    from qa.values import has_shape

    assert has_shape("duration", "It is proposed to carry out a 12 week consultation with residents.")
    assert has_shape("duration", "Proceedings now take an average of twenty-seven weeks.")
    assert not has_shape("duration", "The majority of children return home safely.")


def test_a_list_of_a_stated_length_is_held_by_the_sentence_announcing_it(engine):
    from qa.values import holds, listed

    question = analyse("What are the three themes of the improvement plan framework?")
    assert listed(question, tokenize) == ("3",) + tuple(tokenize("themes"))
    assert holds(engine, question, "The framework is built around three themes:")
    assert holds(engine, question, "The 3 themes are leadership, practice and workforce.")
    assert not holds(engine, question, "The board emphasised workforce stability, through the third theme.")


def test_the_role_a_name_is_asked_for_is_the_head_word_of_the_role():
    assert role(analyse("What is the name of the DfE adviser appointed to the council?"), tokenize) == tuple(tokenize("adviser"))
    assert role(analyse("Who was the lead inspector in 2021?"), tokenize) == tuple(tokenize("inspector"))
    assert role(analyse("Who was Bury's Director of Children's Services?"), tokenize) == tuple(tokenize("director"))
    # a generic role ("the lead officer for action 2.3a") is whoever the source names
    assert role(analyse("Who is the lead officer for action 2.3a?"), tokenize) == ()


@pytest.mark.parametrize("sentence, about, counts", [
    ("We have approved fourteen new families this year and lost five.", "families", True),
    ("55,388 ADULT MEMBERS 15,496 JUNIOR MEMBERS", "members", True),
    ("This is in sharp contrast to those care leavers who do well, and there are currently 14 young people at "
     "university.", "leavers", True),
    # the figure counts something else, or is a share, not a count
    ("There are 3 matters that the Council needs to consider: the duty to provide a comprehensive and efficient "
     "library service.", "libraries", False),
    ("There has been a 7% increase in foster carer payments on top of 12% last year.", "carers", False),
    ("The last 12 months has seen many of the building blocks put in place.", "buildings", False),
])
def test_a_figure_must_count_the_thing_asked_about(sentence, about, counts):
    assert counts_of(sentence, tuple(tokenize(about)[-1:]), tokenize) is counts


def test_a_name_is_a_run_of_words_the_papers_never_write_in_lower_case():
    lower = frozenset("director of children's social care and early help head service board chair".split())
    assert names_someone("CONTACT OFFICER: Gemma Parkes, Virtual School Headteacher", None, lower)
    assert names_someone("Present: Cllr L Smith (in the Chair)", None, lower)
    assert not names_someone("Our permanent Director of Children's Social Care and Early Help started in May.", None, lower)
    assert not names_someone("The Local Safeguarding Children Board Chair retired.", None, frozenset(
        "local safeguarding children board chair retired".split()))


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "How many library buildings will be sold?",                                   # a figure, but of months
    "How many approved foster carers did the council have in total in 2024?",     # shares, not a count
    "What is the weekly rate paid to the interim Director of Social Care Practice?",  # the post, no sum
    "What was the name of the safeguarding board chair who stood down in 2016?",  # the board, no name
    "What is the name of the DfE adviser appointed after the 2021 inspection?",   # a name, of the lead inspector
])
def test_a_near_miss_on_a_discussed_topic_is_declined(ask, question):
    assert not ask(question).found


@pytest.mark.slow
def test_the_same_kind_of_question_is_answered_when_the_papers_state_the_value(ask):
    answer = ask("How many adult members did the library service have?")
    assert answer.found and "55,388" in answer.answer
    answer = ask("How many children were being educated at home when Ofsted inspected in 2016?")
    assert answer.found and "86" in answer.answer


@pytest.mark.slow
def test_inspection_dates_and_publication_come_from_the_graph_with_the_sources_words(ask):
    published = ask("When was the result of the 2021 inspection published?")
    assert "17 December 2021" in published.answer and "17th December 2021" in published.answer
    assert published.graph_facts and all(c.quote in c.paragraph_text for c in published.citations)
    lead = ask("Who was the lead inspector in 2016?")
    assert "Sheena Doyle" in lead.answer


@pytest.mark.slow
def test_who_attended_a_meeting_is_answered_from_its_attendance_lists(ask):
    answer = ask("Who was present at the scrutiny committee meeting in March 2022?")
    assert answer.answer.startswith("Present at the Children and Young People Scrutiny Committee meeting of 23 March 2022")
    assert "S Wright" in answer.answer and answer.graph_facts


@pytest.mark.slow
def test_a_date_outside_the_asked_years_does_not_answer_but_a_later_one_after_a_named_year_does(ask):
    earlier = ask("On what date will inspectors next return to inspect after the 2021 inadequate judgement?")
    assert not earlier.found or "2020" not in earlier.answer
    answer = ask("When was the first Ofsted monitoring visit after the 2021 judgement expected?")
    assert "June 2022" in answer.answer


def test_the_days_a_text_writes_in_any_usual_form():
    from qa.engine import days_mentioned

    assert days_mentioned("on 15 October 2025, 13 th June, Nov 4th, 04.11.2021, 3/2/22, £2.5 m") == {
        (15, 10), (13, 6), (4, 11), (3, 2)}


@pytest.mark.slow
def test_a_question_about_a_day_no_paper_mentions_is_declined(engine, ask):
    from qa.calibration import missing_days
    from qa.analyse import analyse

    question = "What did the Cabinet decide at its meeting on 19 August 2016?"
    assert missing_days(engine, analyse(question)) == [(19, 8)]
    assert not ask(question).found
    # a day the papers do write is not a reason to decline
    assert missing_days(engine, analyse("Who chaired the meeting on 13 April 2016?")) == []


def test_a_date_question_naming_its_month_wants_a_day_in_that_month(engine):
    from qa.values import holds

    question = analyse("On what date in January 2022 did Ofsted make its action planning visit?")
    assert not holds(engine, question, "There will be an Ofsted action planning visit in January 2022.")
    assert not holds(engine, question, "(Ofsted Submission Date w/c 21st March 2022)")
    assert holds(engine, question, "The action planning visit took place on 12 January 2022.")


def test_a_figure_without_a_year_in_a_much_later_paper_is_not_the_asked_years(engine):
    from qa.values import holds

    question = analyse("How many new foster families did the council approve in 2022-23?")
    sentence = "We have approved fourteen new families this year and lost five."
    assert not holds(engine, question, sentence, "2024-07-11")
    assert holds(engine, question, sentence, "2023-06-01")


def test_who_chairs_is_answered_by_a_post_that_chairs_but_a_name_question_is_not(engine):
    from qa.values import holds

    sentence = "The child death overview panel (CDOP), chaired by the director of public health, meets quarterly."
    assert holds(engine, analyse("Who chairs the panel that reviews child deaths?"), sentence)
    assert not holds(engine, analyse("Who chairs the partnership board?"), "Presented to: SEND Partnership Board")
    assert not holds(engine, analyse("What is the name of the chair of the panel?"), sentence)
