"""Several councils' papers in one corpus: a council the question names scopes the answer to its papers."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from qa.scope import DocumentNames

UNSEEN = Path(__file__).resolve().parents[1] / "data" / "unseen"


def _doc(id_, publisher, title, text, bodies=()):
    return SimpleNamespace(id=id_, publisher=publisher, title=title, bodies=bodies, text=text)


def test_a_publisher_named_in_the_question_scopes_it_and_a_quoted_source_does_not():
    docs = [
        _doc("mv", "Marrow Vale Borough Council", "Cabinet minutes", "Marrow Vale Cabinet met. Ofsted visited."),
        _doc("kb", "Kelbridge Borough Council", "Waste strategy", "Kelbridge will collect food waste. Ofsted said."),
        _doc("ofsted-report", "Ofsted", "Inspection of Ashdown", "Ashdown children. Ofsted inspected Ashdown."),
    ]
    names = DocumentNames(docs, lower_words=frozenset({"borough", "council", "cabinet", "minutes", "waste", "strategy"}))
    assert names.documents_named("Who chaired Marrow Vale's Cabinet?") == ("mv",)
    assert names.documents_named("What did inspectors say about Ashdown's care leavers?") == ("ofsted-report",)
    # "Ofsted" is one report's publisher but quoted in every council's papers: a source, not a scope
    assert names.documents_named("What did Ofsted say about care leavers?") == ()
    # a name every document carries scopes nothing
    assert DocumentNames(docs[:2], frozenset()).documents_named("What did the Borough Council decide?") == ()


def test_a_name_inside_a_broader_names_documents_narrows_the_scope():
    """Once many inspection reports are ingested "Ofsted" scopes all of them; a council named beside it narrows
    the question to that council's reports, and two councils named apart keep both."""
    docs = [_doc(f"{place.lower()}-{year}", "Ofsted", f"Inspection of {place} children's services",
                 f"{place} children. Ofsted inspected {place}.") for place in ("Ashdown", "Brill", "Corby")
            for year in (2018, 2023)] + [_doc("mv", "Marrow Vale Council", "Cabinet minutes", "Marrow Vale Cabinet met.")]
    names = DocumentNames(docs, lower_words=frozenset({"council", "cabinet", "minutes", "children", "services"}))
    assert len(names.documents_named("What did Ofsted say about care leavers?")) == 6
    assert names.documents_named("What did Ofsted say about care leavers in Brill?") == ("brill-2018", "brill-2023")
    assert names.documents_named("Did Ofsted judge Brill or Corby better?") == \
        ("brill-2018", "brill-2023", "corby-2018", "corby-2023")


def test_an_authority_written_by_its_initials_scopes_like_its_name():
    """"B&NES" and "BCP" are how councillors write "Bath and North East Somerset" and "Bournemouth, Christchurch and
    Poole"; an initialism the papers use everywhere ("LSCB", of a body some reports name) scopes nothing, as a
    quoted source does not."""
    docs = [
        _doc("bnes", "Ofsted", "Inspection of children's services", "Bath children. The LSCB met.",
             bodies=("Bath and North East Somerset", "Local Safeguarding Children Board")),
        _doc("bcp", "Ofsted", "Inspection of children's services", "Poole children. BCP Council leaders.",
             bodies=("Bournemouth, Christchurch and Poole",)),
        _doc("mv", "Marrow Vale Council", "Cabinet minutes", "The LSCB chair reported. The LSCB met again."),
    ]
    names = DocumentNames(docs, lower_words=frozenset({"council", "cabinet", "minutes", "children", "services"}))
    assert names.documents_named("What did Ofsted tell B&NES to improve in 2022?") == ("bnes",)
    assert names.documents_named("What was BCP's area SEND inspection outcome?") == ("bcp",)
    assert "bnes" in names.words_named("What did Ofsted tell B&NES to improve?")
    assert names.documents_named("What did the LSCB do?") == ()


def test_a_name_in_every_reports_address_or_inside_a_longer_name_still_scopes_its_council():
    """Every report closes with the inspectorate's address ("… Store Street, Marrowby M1 2WD"), and another council's
    papers speak of "Greater Marrowby": neither is a use of Marrowby's name, so a question naming Marrowby is
    Marrowby's report's, however many reports quote the address."""
    address = "Piccadilly Gate, Store Street, Marrowby M1 2WD. T: 0300 123 1231."
    docs = [_doc(f"{place.lower()}", "Ofsted", f"Inspection of {place} children's services",
                 f"{place} children. Inspectors visited {place}. {address}", bodies=(place,))
            for place in ("Ashdown", "Brill", "Corby", "Marrowby")]
    docs.append(_doc("mv", "Marrow Vale Council", "Cabinet minutes",
                     "Marrow Vale Cabinet met Greater Marrowby police. The pan-Greater Marrowby group met. "
                     "All Greater Marrowby councils agreed. " + address))
    names = DocumentNames(docs, lower_words=frozenset({"council", "cabinet", "minutes", "children", "services"}))
    assert names.documents_named("What grade did Marrowby get for care leavers?") == ("marrowby",)
    # the setting repeated in every report is furniture however often: the council's own uses still count
    assert names.documents_named("What did inspectors say about Brill?") == ("brill",)


def test_the_words_of_one_name_mean_the_documents_they_share():
    """"Sussex" carries East and West Sussex's reports alike; "East Sussex", written as one name, means East Sussex's
    alone. Names written apart ("East Sussex and Kent") each keep their own."""
    docs = [_doc(slug, "Ofsted", f"Inspection of {place} children's services", f"{place} children. {place} again.",
                 bodies=(place,))
            for slug, place in (("es", "East Sussex"), ("ws", "West Sussex"), ("kt", "Kent"), ("er", "East Riding"))]
    names = DocumentNames(docs, lower_words=frozenset({"children", "services", "again"}))
    assert names.documents_named("What did Ofsted say about East Sussex's care leavers?") == ("es",)
    assert names.documents_named("what did ofsted find in west sussex in 2019?") == ("ws",)
    assert names.documents_named("Compare East Sussex and Kent") == ("es", "kt")
    assert names.documents_named("Which Sussex council did better?") == ("es", "ws")



def test_a_council_inside_another_bodys_longer_name_in_the_question_scopes_nothing():
    """"When will the Mayor of Greater Manchester be elected?" is not about Manchester's report: the papers write
    "Greater Manchester" mostly outside it (sealed40's Bury question went to it once the round's Manchester report was
    ingested). "County Durham", written mostly in Durham's own papers, is Durham's name, as "North Lincolnshire" is
    North Lincolnshire's, however the question writes it."""
    docs = [_doc("mcr", "Ofsted", "Inspection of Manchester children's services",
                 "Manchester children. Care leavers in Manchester.", bodies=("Manchester City Council",)),
            _doc("dur", "Ofsted", "Inspection of Durham children's services",
                 "Children in County Durham. In County Durham again. Durham children.", bodies=("Durham",)),
            _doc("nl", "Ofsted", "Inspection of North Lincolnshire children's services", "North Lincolnshire children.",
                 bodies=("North Lincolnshire Council",)),
            _doc("bury", "Bury Council", "Cabinet minutes",
                 "The Mayor of Greater Manchester will be elected. The Greater Manchester bodies met again.")]
    names = DocumentNames(docs, lower_words=frozenset({"children", "services", "council", "city", "cabinet", "minutes",
                                                      "north", "greater", "mayor", "county", "police", "again"}))
    assert names.documents_named("When will the election of the Mayor of Greater Manchester take place?") == ()
    assert names.documents_named("when is the greater manchester mayoral election") == ()
    assert names.documents_named("What did Ofsted say about Manchester's care leavers?") == ("mcr",)
    assert names.documents_named("How many children were home educated in County Durham?") == ("dur",)
    assert names.documents_named("What did inspectors find in North Lincolnshire?") == ("nl",)
    again = DocumentNames(scopes=names.scopes, longer=names.longer)  # as ``qa.tables`` keeps them
    assert again.documents_named("When will the election of the Mayor of Greater Manchester take place?") == ()
    assert again.documents_named("How many children were home educated in County Durham?") == ("dur",)


@pytest.fixture(scope="module")
def unseen(engine, tmp_path_factory):
    """The real corpus plus four unseen councils' papers (tests/data/unseen), ingested and built in a scratch folder."""
    from qa.evaluate import engine_with_documents

    return engine_with_documents(UNSEEN / "manifest.json", tmp_path_factory.mktemp("unseen"))


@pytest.mark.slow
def test_apologies_come_from_the_named_councils_minutes(unseen):
    import qa

    answer = qa.ask("Which Cabinet members gave apologies for the Marrow Vale Cabinet meeting of 15 October 2025?",
                    engine=unseen)
    assert answer.found and {c.document_id for c in answer.citations} == {"2025-10-15-marrow-vale-cabinet-minutes"}


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    # the fit of 2026-12-05 (the spent sealed sets fitted on) declines it at 0.65 against its threshold 0.6755: the
    # report's sentence "Ofsted has a duty to inspect local authority children's social care services …" (no date)
    # leads at 0.45, the inspection's dates statement second at 0.29; the fit before answered 0.84 with the same two
    # first (docs/qa-notebook.md, "Training on the spent sealed sets")
    # (a strict xfail then); the fit with the name feature answers it again (docs/qa-notebook.md, "A name the question
    # does not hold"). It has stood at the threshold since: the model of the ninth to twelfth session answered 0.673
    # against its 0.6704, the thirteenth session's refit with labelled types declined 0.673 against its 0.6795, and the
    # model with the money type answers 0.684 against its 0.6754 (the same two first, 0.43 and 0.40: the synthetic
    # report's "Inspection dates" line is a paragraph holding none of the question's topic words); the sixteenth
    # session's first refit declined it again (0.638 against 0.652), its refit with the answerable questions' type
    # labels answers it (0.721 against 0.6652), as does the refit reading no answer type's name as topic (0.727 against
    # 0.5747)
    "When did Ofsted inspect Ashdown County Council's children's social care services?",
    # the fit of 2026-12-05 00:15 ranked the graph's "Rachel Thornbury was the lead inspector of ILACS 2025 (Ashdown)."
    # first but at 0.19 (a strict xfail then: its query adapter no longer retrieved the paragraph the statement
    # cites); LightGBM's trees of 2026-12-05 answer it again (docs/qa-notebook.md, "LightGBM's trees"), the refit with
    # sealed17 declines it (docs/qa-notebook.md, "A name the question does not hold"; a strict xfail then); the bag of
    # four on six tenths of the rows answers it again (docs/qa-notebook.md, "Fewer rows a tree, more trees in the bag")
    "Who led the Ofsted inspection of Ashdown County Council's children's services?",
])
def test_an_unseen_inspection_report_answers_when_and_who_led_it(unseen, question):
    import qa

    ashdown = {d.id for d in unseen.docs.values() if "Ashdown" in (d.title or "")}
    answer = qa.ask(question, engine=unseen)
    assert answer.found and {c.document_id for c in answer.citations} <= ashdown


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    # no such action (answered by the ranker of 08:26 with the plan's sentence on how lead officers rate actions;
    # declined by the 17:34 fit; the fit of 2026-12-03 00:00 answered it again with the plan table's header row
    # "Ref | Action | Lead officer | …" though the reference check fires; the fit of 09:28, four more Ofsted packs,
    # declines it; the fit of 2026-12-05 with the spent sealed sets answered it at 0.75, and declines it since the
    # fit's reference twins taught the check: ``bench/fit_qa.py``'s ``_missing_references``; the twenty-first
    # session's fit with sealed25–36 answered it at 0.747, one twin a question too few among 10,024; three declines it;
    # the twenty-second session's fit with sealed25–36's near-misses' answer types labelled answers it at 0.644 against
    # 0.6255 with the plan's sentences on lead officers (0.433, 0.350), its bag-seed-100 twin declines it: at the
    # threshold, as refits go; the twenty-fourth session's fit with the post questions declines it)
    "Who is the lead officer for action 4.3a in Fenholme's improvement plan?",
    "How much does Kelbridge charge residents for a bulky waste collection?",  # a review, no charge
    # the report gives turnover and caseloads, no vacancy rate: a question at the threshold, answered or declined by
    # each refit in turn (its history: docs/qa-notebook.md, "Refit noise"); declined since the twenty-second session's
    # model, which reads whether a candidate's figure is a count or a share ("type_count")
    "What was the social worker vacancy rate in Ashdown at the time of the Ofsted inspection?",
])
def test_near_misses_in_unseen_papers_are_declined(unseen, question):
    import qa

    assert not qa.ask(question, engine=unseen).found


@pytest.mark.slow
def test_the_unseen_question_set(unseen):
    """Floors a little under the measured figures (README): a regression shows, a reworded answer does not."""
    from qa.evaluate import evaluate

    result = evaluate(UNSEEN / "qa_unseen.jsonl", engine=unseen)
    assert result["citation_validity"] == 1.0
    # measured 0.875 and 0.50 (4 of 8 near-misses declined) with the ranker of 2026-12-02 08:26, which trains on it;
    # 0.792 / 0.75 with that of 2026-12-04 afternoon, 0.75 / 0.75 with its bag of three fits (2026-12-04 evening: U10,
    # "When did Ofsted inspect Ashdown …?", is answered with the synthetic report's statutory line, "Ofsted has a duty
    # to inspect …", which no real report in ../shared/ofsted has; out of fold both read 0.667); 0.708 with the refit
    # with sealed17 of 2026-12-05 ("Who led the Ofsted inspection of Ashdown …?" declined: the strict xfail above)
    assert result["answer_accuracy"] >= 0.70, [r["id"] for r in result["rows"] if not r["correct"]]
    assert result["not_found_accuracy"] >= 0.5


@pytest.mark.slow
def test_the_original_councils_questions_stay_with_its_papers(unseen):
    import qa

    answer = qa.ask("Who chairs the Improvement Board?", engine=unseen)
    # what the answer quotes; its "See also" passages may show the other councils' boards
    assert answer.found and all(not c.document_id.startswith("2025-") for c in answer.citations if not c.related)


def test_a_malformed_document_list_is_a_clear_error(tmp_path):
    from councilkg.errors import InputError
    from qa.evaluate import engine_with_documents

    bad = tmp_path / "manifest.json"
    bad.write_text('{"file": "x.txt"}', encoding="utf-8")
    with pytest.raises(InputError, match="JSON list of objects"):
        engine_with_documents(bad, tmp_path / "work")


@pytest.mark.slow
def test_a_pool_read_through_scoped_holds_only_the_named_councils_papers(unseen):
    """``qa.ask.scoped`` is how ``ask`` and the fit's training pools (``bench/fit_qa.py``) both search: a question
    naming Marrow Vale draws candidates from Marrow Vale's papers only, one naming no council from every paper."""
    from embed.hybrid import Filters
    from qa.ask import pool, scoped
    from qa.question import read

    q = read(unseen, "Who chaired the Marrow Vale Cabinet meeting of 15 October 2025?")
    assert q.documents and scoped(Filters(), q).document_ids == q.documents
    _, candidates = pool(unseen, q, scoped(Filters(), q))
    assert candidates and {unseen.paragraph(c.paragraph_id).document_id for c in candidates} <= set(q.documents)
    plain = read(unseen, "Who chaired the Cabinet meeting?")
    assert scoped(Filters(), plain) == Filters()
    _, everywhere = pool(unseen, plain, scoped(Filters(), plain))
    assert len({unseen.paragraph(c.paragraph_id).document_id for c in everywhere}) > 1


def test_a_name_written_in_lower_case_or_hyphenated_scopes_as_written_capitalised():
    """Councillors type "derby ilacs 2022" and "Stockton-on-Tees": a name word is one the papers never write in lower
    case, so the question's case does not decide whether it names a council."""
    docs = [_doc(f"{place.split('-')[0].lower()}", "Ofsted", f"Inspection of {place} children's services",
                 f"{place} children. Ofsted inspected {place}.") for place in ("Brill", "Stockton-on-Tees")] + \
        [_doc("mv", "Marrow Vale Council", "Cabinet minutes", "Marrow Vale Cabinet met.")]
    names = DocumentNames(docs, lower_words=frozenset({"council", "cabinet", "minutes", "children", "services",
                                                       "inspection"}))
    assert names.documents_named("what did ofsted say about care leavers in brill?") == ("brill",)
    assert names.documents_named("Stockton-on-Tees: what must improve?") == ("stockton",)
    assert names.documents_named("who chaired marrow vale's cabinet?") == ("mv",)
    # words the papers write in lower case name nobody, whatever the question's case
    assert names.documents_named("WHAT DID THE COUNCIL'S CABINET DECIDE?") == ()

