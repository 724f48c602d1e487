"""Reading a question: periods, bounds, references, days and the answer-type cues. Fast, no model."""
from __future__ import annotations

from qa.answer_type import CUES, cues
from qa.question import days_mentioned, periods_of, references, short_form


def test_years_months_and_financial_years_become_periods_oldest_first():
    assert periods_of("between 2021 and 2016") == [("2016-01-01", "2016-12-31"), ("2021-01-01", "2021-12-31")]
    assert periods_of("in March 2024") == [("2024-03-01", "2024-03-31")]
    assert periods_of("approved in 2023-24") == [("2023-04-01", "2025-03-31")]  # a year reported during and after it
    assert periods_of("in February 2024") == [("2024-02-01", "2024-02-29")]  # a leap year
    assert periods_of("no dates here") == []
    # a run of months is one period over them, not its last month alone
    assert periods_of("the October-November 2021 inspection") == [("2021-10-01", "2021-11-30")]
    assert periods_of("the February–March 2016 inspection") == [("2016-02-01", "2016-03-31")]


def test_numbered_references_are_read_and_money_is_not_one():
    notations, paragraphs = references("Which priority addresses para 17, and who leads 6.1a and priority 1.10?")
    assert {"6.1a", "1.10"} <= set(notations) and paragraphs == (17,)
    assert references("Who leads Priority Action 6?")[0] == ("PA6",)
    assert references("It costs £1.50")[0] == ()
    assert references("section 2.3.1 of the plan")[0] == ()


def test_days_are_read_in_the_ways_papers_write_them():
    assert days_mentioned("the meeting on 15 October 2025") == {(15, 10)}
    assert days_mentioned("on Oct 15th and on 3/11/2024") == {(15, 10), (3, 11)}
    assert days_mentioned("in 2025") == set()


def test_cues_are_the_opening_words_only():
    on = lambda text: {c for c, v in zip(CUES, cues(text)) if v}  # noqa: E731
    assert on("How many children were in care?") >= {"how many", "how"}
    assert on("Who chairs the board?") == {"who"}
    assert on("Is the link stated in the papers?") == {"yes/no"}
    assert "who" not in on("What did the report say about who attended?")


def test_a_county_written_short_is_a_name_the_papers_hold_and_another_place_is_not():
    """"South Glos", "North Lincs", "Leics": people write a county short, and read as a capitalised word no paper holds
    the question was declined as one about another place (15 answerable labelled questions); "Derby's" beside
    Derbyshire's report and "Rochdale" stay names no paper holds."""
    names = frozenset({"gloucestershire", "lincolnshire", "leicestershire", "derbyshire", "thamesmead"})
    assert all(short_form(w, names) for w in ("Glos", "Lincs", "Leics", "Lincs'"))
    assert not any(short_form(w, names) for w in ("Derby's", "Rochdale", "Leeds", "Thames's", "Gs"))
