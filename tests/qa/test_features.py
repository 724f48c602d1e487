"""The ranker's value features: a candidate states the kind of value asked only when it states one the question
does not already hold ("How many 16 and 17 year olds …" is not answered by "… 16- and 17-year-olds …")."""
from __future__ import annotations

import re

import pytest

from embed.hybrid import Filters
from qa import features
from qa.ask import pool, scoped
from qa.features import stated_values
from qa.question import read
from qa.tables import capitalised_names


class _Memo:
    """What ``stated_values`` asks of an engine: a memo table, and the names its papers write."""

    def __init__(self, *texts: str):
        self.name_words = capitalised_names(texts)

    def remembered(self, table, key, compute):
        return compute()


def test_values_are_read_as_dates_and_numbers():
    said = stated_values(_Memo(), "At 22 February 2016, 1,275 children and 12% of families.")
    assert said["date"] == {"22 february", "february", "2016"}
    assert said["number"] == {"22", "1275", "12"}  # a year is a date, not a count


def test_a_number_joined_to_a_word_is_part_of_its_name_not_a_figure():
    """"COVID-19", "post-16": the number names a thing; a sentence saying only that states no figure ("foster carers
    have resigned for several reasons, including COVID-19" does not say how many resigned). A range keeps both ends."""
    said = stated_values(_Memo(), "Carers resigned, including COVID-19; post-16 support for 16-17 year olds, 3 of 12.")
    assert said["number"] == {"16", "17", "3", "12"}


def test_numbers_a_question_holds_are_not_new_in_a_candidate(engine):
    question = "How many children were the subject of a child protection plan at 22 February 2016?"
    q = read(engine, question)
    retrieved, candidates = pool(engine, q, Filters())
    from qa.features import table

    rows = {c.text: row for c, row in zip(candidates, table(engine, q, retrieved, candidates))
            if c.kind == "sentence"}
    answer = next(t for t in rows if "275 children" in t)
    assert rows[answer]["new_number"] == 1.0 and rows[answer]["type_new_number"] > 0.5
    # a sentence whose only figures are the question's own date states no new number
    repeats = [t for t in rows if re.search(r"\d", t) and not (stated_values(engine, t)["number"] - {"22"})]
    assert repeats and all(rows[t]["new_number"] == 0.0 for t in repeats)


def _rows(engine, question):
    from qa.features import table

    q = read(engine, question)
    retrieved, candidates = pool(engine, q, Filters())
    return candidates, table(engine, q, retrieved, candidates)


def test_a_paragraphs_own_number_is_not_a_figure_it_states(engine):
    candidates, rows = _rows(engine, "How many schools in Bury currently have a defibrillator on site?")
    numbered = [(c, row) for c, row in zip(candidates, rows) if c.kind == "sentence"
                and c.text.startswith("1.5 Defibrillators are now commonly sited")]
    assert numbered, "the January 2022 report's paragraph 1.5 is a candidate"
    assert all(row["new_number"] == 0.0 and row["type_new_number"] == 0.0 for _, row in numbered)
    # a count opening a sentence, a dotted figure inside one and a later sentence's section number stay figures
    from types import SimpleNamespace

    from qa.features import _unnumbered

    def sentence(text, index=0):
        return SimpleNamespace(text=text, sentence=SimpleNamespace(index=index))

    assert _unnumbered(sentence("4.2a The plan is late.")) == "The plan is late."
    for kept in (sentence("275 children were subject to a plan."), sentence("1.5 million was spent."),
                 sentence("1.5 Defibrillators are sited.", index=1)):
        assert _unnumbered(kept) == kept.text


def test_a_sentence_that_asks_is_marked_as_asking(engine):
    candidates, rows = _rows(engine, "How many parent carer assessments has Bury carried out over the past two years?")
    asking = {c.text: row["asks"] for c, row in zip(candidates, rows) if c.kind == "sentence"}
    put = [t for t in asking if "How many parent/carers assessments have been done" in t]
    assert put and all(asking[t] == 1.0 for t in put)
    assert all(v == 0.0 for t, v in asking.items() if "?" not in t) and len(asking) > len(put)
    assert all(row["asks"] == 0.0 for c, row in zip(candidates, rows) if c.kind != "sentence")


def test_a_fact_about_another_role_holds_none_of_the_asked_concept(engine):
    candidates, rows = _rows(engine, "Who was Bury's director of children's services at the 2021 inspection?")
    pairs = list(zip(candidates, rows))
    inspector = [row["concepts_held"] for c, row in pairs if c.kind == "lead_inspector"]
    assert inspector and all(v < 1.0 for v in inspector)
    naming = [row["concepts_held"] for c, row in pairs if re.search(r"director of children.s services", c.text, re.I)]
    assert naming and all(v == 1.0 for v in naming)


def test_a_fact_naming_the_holder_of_another_post_holds_part_of_the_asked_post(engine):
    """"Who was the lead inspector …?" is met by the lead inspector's statement, every word of the post; to "Who is the
    lead member …?" the same statement holds half of it ("member" and "inspector" name a kind of source, so no topic
    feature tells the two posts apart). A question naming no post reads 1.0 throughout."""
    candidates, rows = _rows(engine, "Who is the lead member for children's services in Bury?")
    inspector = [row["post_held"] for c, row in zip(candidates, rows) if c.kind == "lead_inspector"]
    assert inspector and all(v == 0.5 for v in inspector)
    candidates, rows = _rows(engine, "Who was the lead inspector of Bury's 2021 inspection?")
    inspector = [row["post_held"] for c, row in zip(candidates, rows) if c.kind == "lead_inspector"]
    assert inspector and all(v == 1.0 for v in inspector)
    assert any(row["post_held"] == 0.0 for row in rows)  # "Inspection dates: …" names no post
    candidates, rows = _rows(engine, "When was Bury's 2021 inspection report published?")
    assert rows and all(row["post_held"] == 1.0 for row in rows)


def test_names_are_the_words_the_papers_only_ever_capitalise_inside_a_sentence():
    """No list of names: a word written capitalised inside a sentence and never in lower case is a name; a capital
    that opens a sentence, a line or a cell says nothing, and a month is a date."""
    papers = _Memo("The panel met Pilkington and Jeanette in March. It thanked Jeanette, Kew and the Panel.\n"
                   "Review: the chair asked. Review of March. Chair's report")
    names = papers.name_words
    assert names == {"jeanette", "pilkington", "kew"}
    said = stated_values(papers, "Jeanette Pilkington chairs the Review Panel.")
    assert said["name"] == {"jeanette", "pilkington"}


def test_a_capital_after_a_list_items_number_or_bullet_glyph_opens_a_sentence():
    """"- 1.11 Additionally, each school …" (a numbered list item in a council report) and a PDF's bullet glyph
    (U+F06E, a private-use character, before "Furthermore …") open a sentence: their capitals name nothing. A number
    inside a sentence ("in 2016 Ofsted", "Team 8 Board") does not, and the word after it keeps its capital's meaning."""
    papers = _Memo("- 1.11 Additionally, each school is required to act.\n12. Moreover the panel met.\n"
                   "\uf06e Furthermore the panel agreed.\nIn 2016 Ofsted visited. The Team 8 Board met.")
    assert papers.name_words == {"ofsted", "team", "board"}


def test_a_name_run_holding_a_name_the_question_holds_is_not_news(engine):
    """Asked which firm ran Bury's library survey, a line naming only Bury ("Resident in Bury") names nothing new:
    the run holds a name the question holds, written as the question writes it or not ("Bury's"). A run of its own
    naming something else ("its Library Service", which the question does not hold in full) still does."""
    candidates, rows = _rows(engine, "Which firm ran Bury's library telephone survey?")
    bury_only = [row for c, row in zip(candidates, rows)
                 if c.kind == "sentence" and c.text.startswith("Resident in Bury")]
    naming = [row for c, row in zip(candidates, rows) if c.kind == "sentence" and "its Library Service" in c.text]
    assert bury_only and naming
    assert all(row["new_name_run"] == 0.0 and row["type_name"] == 0.0 for row in bury_only)
    assert all(row["new_name_run"] == 1.0 for row in naming)


def test_the_words_naming_the_kind_of_answer_are_not_the_questions_topic(engine):
    """"On what date was the 2021 report published?" asks for the day of publishing: "date" names the kind of value
    asked (an answer type's own name, which the answer-type classifier reads), not what it is of, so a line holding
    only "Inspection dates: …" holds none of the question's topic. The word still counts among the question's
    words."""
    def tokens(word):
        return set(engine.tokenize(word))

    weights, topic = features.question_weights(engine, read(engine, "On what date was the 2021 report published?"))
    assert tokens("date") <= set(weights) and not tokens("date") & set(topic)
    assert tokens("published") <= set(topic)
    _, topic = features.question_weights(engine, read(engine, "What is the name of the number of carers group?"))
    assert not (tokens("name") | tokens("number")) & set(topic) and tokens("carers") <= set(topic)


def test_a_sentence_naming_someone_the_question_does_not_is_news_to_a_who_question(engine):
    """"Who chaired …?" is answered by a sentence naming someone; a name the question already holds, or the papers'
    publisher, is no answer."""
    q = read(engine, "Who chaired the Children and Young People Scrutiny Committee in March 2022?")
    retrieved, candidates = pool(engine, q, Filters())
    rows = [(c, row) for c, row in zip(candidates, features.table(engine, q, retrieved, candidates))
            if c.kind == "sentence"]
    naming = [row["type_new_name"] for c, row in rows if "Councillor Tariq" in c.text]
    plain = [row["type_new_name"] for c, row in rows if not stated_values(engine, c.text)["name"]]
    assert naming and min(naming) > 0 and plain and max(plain) == 0.0


def test_an_iso_date_is_a_date_not_numbers():
    said = stated_values(_Memo(), "F Baptiste: Cabinet Member (stated 2024-03-05).")
    assert said["date"] == {"2024-03-05"} and said["number"] == frozenset()


def test_a_financial_year_is_a_date_not_a_figure():
    """"during 2026/27" states when, not the figure 27: a sentence naming a review "during 2026/27" answered "How much
    does Kelbridge charge for a bulky waste collection?" as if it gave an amount."""
    for text, year in (("a review of the service during 2026/27.", "2026/27"), ("attendance in 2020-21.", "2020-21")):
        said = stated_values(_Memo(), text)
        assert said["date"] == {year} and said["number"] == frozenset()


class _Words(_Memo):
    """What ``value_layout`` asks of an engine: a memo, the index's tokens and the people the graph knows."""

    person_names = None

    @staticmethod
    def tokenize(text):
        from qa.tables import tokenize

        return tokenize(text)


def _near(text, question_topic, kind, asked=frozenset()):
    from types import SimpleNamespace

    from qa.features import _near_value, value_layout
    from qa.tables import tokenize

    topic = {t: 1.0 for t in tokenize(question_topic)}
    view = SimpleNamespace(values_asked={kind: asked},
                           topic_coverage=lambda held: sum(w for t, w in topic.items() if t in held) / len(topic))
    return _near_value(view, value_layout(_Words(), text), kind)


def test_a_value_is_of_the_topic_words_beside_it():
    """"Bury has 85 foster carers" states the number of foster carers; a figure a clause away states another's."""
    assert _near("Bury has 85 foster carers this year.", "foster carers", "number") == 1.0
    far = ("Foster carers receive regular supervision and training from the fostering team, and in the year the "
           "service held 12 events.")
    assert _near(far, "foster carers", "number") == 0.0
    # a figure the question already holds is not the asked value, however close
    repeated = _near("In 2016, 85 foster carers were approved.", "foster carers", "number", asked=frozenset({"85"}))
    assert repeated == 0.0
    assert _near("The meeting was chaired by Councillor Jane Smith.", "meeting chaired", "person") == 1.0
    far = ("Councillor Jane Smith opened the meeting, and after a long discussion of the budget the panel members "
           "agreed it.")
    assert _near(far, "panel members", "person") == 0.0
    assert _near("The plan was agreed on 5 March 2024 by the board.", "plan agreed", "date") == 1.0


def test_the_answer_states_its_figure_beside_what_is_asked(engine):
    candidates, rows = _rows(engine, "How many care leavers have their own tenancy?")
    near = {c.text: row["near_number"] for c, row in zip(candidates, rows) if c.kind == "sentence"}
    answer = next(t for t in near if t.startswith("Currently, 25 care leavers aged 18 years and over have their own"))
    assert near[answer] > 0 and near[answer] == max(near.values())
    # a figure of something else in a sentence on the topic ("… with 18 young people currently remaining with their
    # foster carers") is not a figure of care leavers
    other = next(t for t in near if t.startswith("The staying put policy is used well, with 18 young people"))
    assert near[other] == 0.0


def test_a_report_is_of_the_year_it_was_inspected_and_the_year_it_was_published(synthetic_engine):
    """Westshire's SEND report was inspected in December 2023 and published in January 2024: "the 2024 report" and
    "the 2023 inspection" both mean it. Its sentences are in the period of either year, not written before 2024, and
    an inspection in the graph is of its days and of its report's publication."""
    e = synthetic_engine
    doc = next(d for d in e.docs.values() if "Westshire" in d.title)
    assert e.dates_of(doc.paragraphs[3]) == ("2023-12-08", "2024-01-20")
    for question in ("What did the 2024 Westshire SEND report conclude?",
                     "What did the 2023 Westshire SEND inspection conclude?"):
        candidates, rows = _rows(e, question)
        westshire = [row for c, row in zip(candidates, rows) if e.paragraph(c.paragraph_id).document_id == doc.id]
        assert westshire and all(row["in_period"] == 1.0 and row["written_before"] == 0.0 for row in westshire)
    # the graph's items too: an inspection by its days and its report's publication
    from qa.graphfacts import _Reader

    reader = _Reader(e, read(e, "Who led Westshire's 2024 SEND inspection?"))
    assert reader.in_period("2023-12-04", "2023-12-08", "2024-01-20") and not reader.in_period("2023-12-04", "2023-12-08")
    candidates, rows = _rows(e, "What did the 2022 Westshire SEND report conclude?")
    assert not any(row["in_period"] for row in rows)


@pytest.mark.slow
def test_a_report_under_its_councils_name_goes_by_the_day_it_was_published_too(tmp_path):
    """An ILACS report of 2018–2020 opens with its council's name, read as a part of its own (``front``): the report
    was then not "the document's one paper", and went by its inspection's last day only. Isle of Wight's, inspected
    until 30 November 2018 and published 7 January 2019, is "the report published in 2019": its sentences and the
    graph's statements of its inspection are of 2019 too."""
    from pathlib import Path

    import corpus
    import embed
    import graph
    from councilkg.bulk import ingest_many
    from councilkg.settings import get_settings
    from qa.ask import scoped
    from qa.engine import Engine
    from qa.ranker import score

    pdf = Path(__file__).resolve().parents[3] / "shared" / "ofsted" / "reports" / "isle-of-wight" / "2019-01-07.pdf"
    if not pdf.is_file():
        pytest.skip("the shared Ofsted reports are not on this machine")
    # as `councilkg ingest` adds it: its date from its file's name, no publication date printed in it
    settings = get_settings(build_dir=tmp_path / "build", corpus_dir=tmp_path / "corpus")
    (tmp_path / "corpus" / "documents").mkdir(parents=True)
    (tmp_path / "corpus" / "manifest.toml").write_text("", encoding="utf-8")
    ingest_many([pdf], settings, progress=False, say=lambda _: None)
    loaded = corpus.load(settings.corpus_dir)
    e = Engine(loaded, embed.build(loaded, settings, progress=False), graph.build(loaded, settings), settings)
    doc = next(iter(e.docs.values()))
    assert [p.kind for p in doc.parts] == ["front", "inspection_report"]
    report = next(p for p in doc.paragraphs if p.part_id == doc.parts[1].id)
    assert e.dates_of(report) == ("2018-11-30", "2019-01-07")
    q = read(e, "Who led the Isle of Wight children's services inspection published in 2019?")
    retrieved, candidates = pool(e, q, scoped(Filters(), q))
    assert any(c.kind == "lead_inspector" and "Tracey Scott" in c.text for c in score(e, q, retrieved, candidates))


def test_a_paper_inside_a_pack_goes_by_its_own_day(engine):
    """The April 2016 Cabinet minutes in the June 2016 agenda pack are April's, not June's."""
    minutes = next(p for p in engine.parts.values() if p.document_id == "cabinet-2016-06-08" and p.kind == "minutes")
    paragraph = next(p for p in engine.paragraphs.values() if p.part_id == minutes.id)
    assert engine.dates_of(paragraph) == ("2016-04-13",)


def _no_values() -> dict[str, float]:
    """The features ``typed`` reads of a sentence candidate stating no value."""
    f = {f"{k}_{v}": 0.0 for k in ("holds", "new", "near") for v in ("person", "date", "number", "grade")}
    return f | {"is_fact": 0.0, "holds_money": 0.0, "holds_percent": 0.0, "holds_count": 0.0, "new_name_run": 0.0}


def test_a_name_question_is_met_only_by_a_candidate_naming_something_new():
    """"Which organisation provides independent advocacy …?" is not answered by "children are supported by independent
    advocacy": the ``name`` type reads the name a candidate states that the question does not hold."""
    f = _no_values()
    asks_a_name = {t: 0.0 for t in features.TYPES} | {"name": 0.9, "text": 0.1}
    naming = features.typed(f, "text", 1.0, asks_a_name)
    describing = features.typed(f, "text", 0.0, asks_a_name)
    assert naming["type_name"] == 0.9 and describing["type_name"] == 0.0
    assert naming["asks_name"] == describing["asks_name"] == 0.9
    assert naming["type_new_name"] == 0.0  # a person's name is the person type's


def test_a_run_of_capitalised_words_is_a_name_whether_or_not_its_words_are_ordinary_ones():
    """"Together for Adoption", "Families First" and "Team 8" name a body or a service, though each of their words is
    written in lower case elsewhere (so ``capitalised_names`` reads none of them); a run opening a sentence counts only
    when a second word of it is capitalised, and a sentence describing a body names none."""
    runs = features.name_runs
    assert runs("Children are placed through Together for Adoption, the regional agency.") == {("together", "adoption")}
    assert runs("The borough is a Families First pathfinder.") == {("families", "first")}
    assert runs("Team 8 works with older children.") == {("team", "8")}
    assert runs("Signs of Safety is the practice model.") == {("signs", "safety")}
    assert runs("Children in care are seen by the Virtual School.") == {("virtual", "school")}
    assert runs("An external consultancy will be employed to carry out a telephone survey.") == frozenset()
    assert runs("Leaders adopted a relational practice model in 2023.") == frozenset()


def test_a_name_question_is_met_by_a_named_run_and_not_by_a_description(engine):
    """On the June 2016 Cabinet pack: asked for the firm doing the library telephone survey, the sentence saying "An
    external consultancy will be employed …" names nothing new, while a sentence naming Bury's "Library Service" (a run
    of capitalised ordinary words the question does not hold in full) does."""
    candidates, rows = _rows(engine, "Name the firm doing the library telephone survey")
    describing = [row for c, row in zip(candidates, rows) if "external consultancy will be employed" in c.text]
    naming = [row for c, row in zip(candidates, rows) if c.kind == "sentence" and "its Library Service" in c.text]
    assert describing and naming
    assert all(row["new_name_run"] == 0.0 and row["type_name_run"] == 0.0 for row in describing)
    assert any(row["new_name_run"] == 1.0 for row in naming)
    f = _no_values()
    asks_a_name = {t: 0.0 for t in features.TYPES} | {"name": 0.9, "text": 0.1}
    assert features.typed(f | {"new_name_run": 1.0}, "text", 0.0, asks_a_name)["type_name_run"] == 0.9
    assert features.typed(f, "text", 1.0, asks_a_name)["type_name_run"] == 0.9  # a name the papers only capitalise
    assert features.typed(f, "text", 0.0, asks_a_name)["type_name_run"] == 0.0


def test_a_sum_asked_for_is_met_only_by_a_candidate_stating_one(engine):
    """"How much did the council get from the innovation fund?" is not answered by "… supports two specialist
    workers": the ``money`` type reads whether the candidate states a sum, while every other feature reads a sum as a
    figure asked for, as a count is (``answer_types`` adds the two)."""
    from qa.question import Question

    stated_sum = features.shapes(engine, "The fund gave the council £250,000 over two years.")
    counted = features.shapes(engine, "The pilot supports two specialist workers.")
    assert stated_sum["money"] == 1.0 and counted["money"] == 0.0 and counted["number"] == 1.0
    f = _no_values() | {"holds_number": 1.0}
    asks_a_sum = features.answer_types(Question(text="", types={"money": 0.8, "number": 0.1, "text": 0.1}))
    assert asks_a_sum["number"] == 0.9 and asks_a_sum["money"] == 0.8
    with_sum = features.typed(f | {"holds_money": 1.0}, "text", 0.0, asks_a_sum)
    with_count = features.typed(f | {"holds_money": 0.0}, "text", 0.0, asks_a_sum)
    assert with_sum["type_money"] == 0.8 and with_count["type_money"] == 0.0
    assert with_sum["type_number"] == with_count["type_number"] == 0.9
    assert Question(text="", types={"money": 0.5, "number": 0.2, "text": 0.3}).type_of() == "number"


def test_a_share_asked_for_is_met_only_by_a_candidate_stating_a_percentage(engine):
    """"What percentage of care leavers are in education, employment or training?" is not answered by "The majority of
    care leavers are in education, employment or training": the ``share`` type reads whether the candidate states a
    percentage, while every other feature reads a share as a figure asked for, as a count is."""
    from qa.question import Question

    stated = features.shapes(engine, "This accounts for 27% of 16 to 18-year-olds, rising to 51 per cent.")
    vague = features.shapes(engine, "The majority of care leavers are in education, employment or training.")
    assert stated["percent"] == 1.0 and vague["percent"] == 0.0 and vague["number"] == 1.0
    f = _no_values() | {"holds_number": 1.0}
    asks_a_share = features.answer_types(Question(text="", types={"share": 0.8, "number": 0.1, "text": 0.1}))
    assert asks_a_share["number"] == 0.9 and asks_a_share["share"] == 0.8 and asks_a_share["money"] == 0.0
    with_percentage = features.typed(f | {"holds_percent": 1.0}, "text", 0.0, asks_a_share)
    with_majority = features.typed(f | {"holds_percent": 0.0}, "text", 0.0, asks_a_share)
    assert with_percentage["type_share"] == 0.8 and with_majority["type_share"] == 0.0
    assert with_percentage["type_number"] == with_majority["type_number"] == 0.9
    assert Question(text="", types={"share": 0.5, "number": 0.2, "text": 0.3}).type_of() == "number"


def test_a_count_asked_for_is_met_only_by_a_candidate_stating_a_count(engine):
    """"How many children were looked after by Blackpool …?" is not answered by "68% of children looked after had a
    personal education plan" (sealed46): a share, a sum or "the majority" states no count. ``type_count`` reads the
    figure asked for that is neither a sum nor a share against a candidate stating a count; a year is no count."""
    from qa.question import Question

    share = features.shapes(engine, "At the time of the inspection, 68% of children looked after had a PEP in 2018.")
    vague = features.shapes(engine, "The majority of children who go missing from home are offered an interview.")
    sums = features.shapes(engine, "The fund gave the council £2.5m over the year.")
    counted = features.shapes(engine, "The Virtual School delivered 23 laptops to carers' homes in 2020.")
    assert (share["count"], vague["count"], sums["count"], counted["count"]) == (0.0, 0.0, 0.0, 1.0)
    assert share["number"] == vague["number"] == 1.0
    f = _no_values() | {"holds_number": 1.0}
    asks_a_count = features.answer_types(Question(text="", types={"number": 0.7, "share": 0.2, "text": 0.1}))
    with_count = features.typed(f | {"holds_count": 1.0}, "text", 0.0, asks_a_count)
    with_share = features.typed(f | {"holds_count": 0.0, "holds_percent": 1.0}, "text", 0.0, asks_a_count)
    assert with_count["type_count"] == pytest.approx(0.7) and with_share["type_count"] == 0.0
    assert with_count["type_number"] == with_share["type_number"] == pytest.approx(0.9)


def test_a_short_quoted_span_is_a_name_and_a_quoted_remark_is_not():
    """Reports name teams, panels and documents in quotation marks as often as in capitals ("return home interviews,
    called ‘missing catch-ups’"); a long quoted span is what someone said, and an apostrophe opens no quotation."""
    runs = features.name_runs
    assert runs("Children are offered return home interviews, called ‘missing catch-ups’, which explore why.") == {
        ("missing", "catch-ups")}
    assert runs("Family finding begins early through the ‘gateway’ panel.") == {("gateway",)}
    assert ("let's", "do", "it", "children", "plan") in runs("The plan is called “Let's Do it for Children Plan”.")
    assert runs("The children's services' work is good.") == frozenset()
    assert runs("One child said ‘I feel really safe and happy living here with my carers now’.") == frozenset()


def test_a_quoted_name_is_news_to_a_question_asking_for_one(engine):
    """On the July 2024 SEND plan: asked which electronic solution eases moving between schools, the plan's cell
    "5.1a Implement electronic solution ("6into7") …" names one, though no word of the name is capitalised."""
    candidates, rows = _rows(engine, "Which electronic solution does Bury's SEND plan use for pupils moving from "
                                     "primary to secondary school?")
    quoting = [row for c, row in zip(candidates, rows) if c.kind == "sentence" and '("6into7")' in c.text]
    assert quoting, "the plan's 5.1a cell is a candidate"
    assert all(row["new_name_run"] == 1.0 and row["type_name_run"] > 0.5 for row in quoting)


def test_a_missing_word_tells_against_a_candidate_as_much_as_right_answers_hold_it(engine, monkeypatch):
    """"Who was the deputy chair …?" against the chair's sentence: "deputy" is the word it lacks. Where the evidence
    of the fitted questions asking "deputy" always held it, the lack tells (``telling_absent`` near ``rarest_absent``);
    where it always lacked it (a word that only frames a question), the lack tells little; without a table every
    lack reads as ``rarest_absent`` reads it."""
    q = read(engine, "Who was the deputy chair of the Children and Young People Scrutiny Committee in March 2022?")
    retrieved, candidates = pool(engine, q, Filters())
    deputy = engine.tokenize("deputy")[0]

    def telling(table):
        monkeypatch.setattr(engine.model, "word_absence", table)
        rows = features.table(engine, q, retrieved, candidates)
        return [(row["telling_absent"], row["rarest_absent"]) for c, row in zip(candidates, rows)
                if "Tariq" in c.text and deputy not in engine.paragraph_tokens(c.paragraph_id)]

    held = telling({"prior": 0.6, "strength": 3.0, "counts": {deputy: [0, 30]}})
    lacked = telling({"prior": 0.6, "strength": 3.0, "counts": {deputy: [30, 30]}})
    assert held and all(r == 1.0 and 0.9 < t for t, r in held)
    assert lacked and all(t < 0.1 for t, _ in lacked)
    assert all(t == r for t, r in telling(None))


def test_a_concept_naming_a_source_is_not_one_a_candidate_must_hold(engine):
    """"What did Ofsted say about care leavers in 2016?" names two thesaurus concepts, Ofsted and care leavers. Ofsted
    names the source, as its word does (no topic word): the report's own judgement of its care leavers holds care
    leavers and not the word "Ofsted", and reads as holding every concept the question asks a candidate to hold."""
    q = read(engine, "What did Ofsted say about care leavers in 2016?")
    labels = {engine.thesaurus.label(k) for k in q.concepts}
    assert {"Ofsted", "care leavers"} <= labels
    retrieved, candidates = pool(engine, q, scoped(Filters(), q))
    view = features.QuestionView(engine, q, retrieved)
    assert {engine.thesaurus.label(k) for k in view.concepts} == labels - {"Ofsted"}
    rows = features.table(engine, q, retrieved, candidates)
    judged = [row for c, row in zip(candidates, rows)
              if c.kind == "grade" and "care leavers" in c.text and "2016" in c.text]
    assert judged and all(row["concepts_held"] == 1.0 for row in judged)
