"""Question analysis and sentence quoting: fast, no model."""
from __future__ import annotations

from qa.analyse import analyse, search_text
from bench.fit_threshold import choose_threshold
from qa.sentences import has_markup, split


def test_source_and_year_become_preferences_and_leave_the_search_words():
    a = analyse("What did Ofsted say about strategy meetings in 2021?")
    assert a.source == "inspection" and a.prefer_kinds == ("inspection_report",)
    assert (a.date_from, a.date_to) == ("2021-01-01", "2021-12-31")
    assert search_text(a) == "strategy meetings"


def test_comparison_names_one_period_per_year_oldest_first():
    a = analyse("How did Ofsted's view of care leavers change between 2021 and 2016?")
    assert a.comparison and [p[0][:4] for p in a.periods] == ["2016", "2021"]


def test_minutes_month_and_financial_year():
    a = analyse("What did the committee agree in March 2024?")
    assert a.source == "minutes" and (a.date_from, a.date_to) == ("2024-03-01", "2024-03-31")
    b = analyse("How many foster families were approved in 2023-24?")
    assert (b.date_from, b.date_to) == ("2023-04-01", "2025-03-31")


def test_notations_priority_actions_and_paragraphs_are_read():
    a = analyse("Which priority addresses ILACS 2021 para 17, and who leads 6.1a and priority 1.10?")
    assert "6.1a" in a.notations and "1.10" in a.notations and a.paragraphs == (17,)
    assert analyse("Who leads Priority Action 6?").priority_actions == (6,)
    assert analyse("It costs £1.50").notations == ()


def test_intents():
    assert "chair" in analyse("Who chairs the Improvement Board?").intents
    assert "grade" in analyse("What grade did Bury get in 2021?").intents
    assert "due" in analyse("When will the EOTAS policy be published?").intents


def test_every_sentence_quote_is_verbatim_and_inside_one_span(real_corpus):
    count = 0
    for doc in real_corpus.documents:
        for p in doc.paragraphs:
            for s in split(p, doc.text):
                assert doc.text[s.start:s.end] == s.quote
                for start, end, _ in s.pieces or ((s.start, s.end, s.text),):
                    assert any(span.start <= start and end <= span.end for span in p.spans)
                assert "<" not in s.text or not has_markup(s.text)
                count += 1
    assert count > 3000


def test_markup_is_never_quotable():
    assert has_markup("see <script>alert(1)</script>") and has_markup("a &amp; b") and not has_markup("5 < 6")


def test_threshold_choice_separates_groups():
    points = [(0.2, False), (0.3, False), (0.9, True), (1.1, True), (0.5, False)]
    threshold, accuracy = choose_threshold(points)
    assert 0.5 < threshold < 0.9 and accuracy == 1.0


def test_an_inspection_still_to_come_is_a_topic_not_the_source():
    """What inspectors will do is written in the council's papers, so their report is not preferred."""
    assert analyse("When was Ofsted expected to make its first monitoring visit?").source is None
    assert analyse("What did Ofsted say about care leavers?").source == "inspection"


def test_who_was_away_asks_for_the_apologies():
    assert "attendance" in analyse("Which councillors were away from the committee meeting in November 2021?").intents
