"""The thesaurus: a well-formed SKOS scheme, and label spotting that is case-aware, longest-match and linear."""
from __future__ import annotations

import gc
import time
from collections import Counter

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from ontology import thesaurus
from ontology.thesaurus import THESAURUS_TTL, Thesaurus, _read
from pdf_text import REPORTS


@pytest.fixture(scope="module")
def scheme() -> Graph:
    return Graph().parse(THESAURUS_TTL, format="turtle")


def _synthetic(tmp_path, body: str) -> Thesaurus:
    """A thesaurus from a few concepts written for the test, so mechanisms are tested apart from the data."""
    path = tmp_path / "t.ttl"
    path.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix t: <urn:t:> .\n" + body)
    return Thesaurus(_read(path))


def _named(text: str, th=None) -> list[tuple[str, str]]:
    """(concept local name, matched words) for every mention, in order."""
    found = (th or thesaurus.load()).concepts_in(text)
    return [(iri.rsplit("/", 1)[-1].rsplit(":", 1)[-1], text[s:e]) for iri, s, e in found]


# -- the data ------------------------------------------------------------------------------------
def test_scheme_parses_with_120_to_250_concepts_and_unique_pref_labels(scheme):
    concepts = set(scheme.subjects(RDF.type, SKOS.Concept))
    assert 120 <= len(concepts) <= 250
    prefs = Counter(str(scheme.value(c, SKOS.prefLabel)).lower() for c in concepts)
    assert [p for p, n in prefs.items() if n > 1] == []


def test_every_concept_is_labelled_defined_and_placed_under_a_top_concept(scheme):
    concepts = set(scheme.subjects(RDF.type, SKOS.Concept))
    tops = set(scheme.objects(None, SKOS.hasTopConcept))
    assert 4 <= len(tops) <= 10
    for c in concepts:
        assert scheme.value(c, SKOS.prefLabel), c
        definition = scheme.value(c, SKOS.definition)
        assert definition and "\n" not in str(definition), f"{c}: one-line definition"
        assert (c, SKOS.inScheme, None) in scheme
        seen, node = set(), c
        while node not in tops:  # the broader chain ends at a top concept, without cycles
            assert node not in seen, f"cycle at {node}"
            seen.add(node)
            parents = list(scheme.objects(node, SKOS.broader))
            assert parents, f"{node} has neither broader nor is a top concept"
            assert all(p in concepts for p in parents)
            node = parents[0]


def test_judgement_areas_and_frameworks_match_the_inspection_vocabulary(scheme):
    from ontology.vocab import AREAS, FRAMEWORKS

    notations = {str(scheme.value(c, SKOS.notation)): c for c in scheme.subjects(SKOS.notation, None)}
    for key in ("overall-effectiveness", "impact-of-leaders", "help-and-protection", "children-in-care", "care-leavers"):
        assert key in notations
    for key, term in AREAS.items():
        if key != "area-send":  # an outcome of the Area SEND framework, not an area of children's services
            assert (notations[key], SKOS.exactMatch, term.iri) in scheme
    matched = set(scheme.objects(None, SKOS.exactMatch))
    assert {t.iri for t in FRAMEWORKS.values()} <= matched


def test_grades_match_the_vocabularys_grade_concepts(scheme):
    from ontology.namespace import KG, NS, VOCABULARY_TTL

    vocabulary = Graph().parse(VOCABULARY_TTL)
    matched = {o for o in scheme.objects(None, SKOS.exactMatch) if str(o).startswith(NS)}
    assert {KG.Outstanding, KG.Good, KG.RequiresImprovement, KG.Inadequate} <= matched
    assert all((m, RDF.type, SKOS.Concept) in vocabulary for m in matched)


@pytest.mark.parametrize("labels", [
    ("children in care", "looked after children", "CLA", "LAC", "children looked after"),
    ("care leavers", "care leaver"),
    ("personal adviser", "PA", "PAs", "personal advisor"),
    ("pathway plan", "pathway plans"),
    ("EHCP", "EHC plan", "education, health and care plan"),
    ("SEND", "SEN", "special educational needs and disabilities"),
    ("NEET", "not in education, employment or training"),
    ("MASH", "front door", "multi-agency safeguarding hub"),
    ("IRO", "independent reviewing officer", "IROs"),
    ("CIN", "child in need"),
    ("CP plan", "child protection plan"),
    ("LSCB", "safeguarding partnership", "LSCP"),
    ("AFI", "areas for improvement", "what needs to improve"),
    ("WSOA", "written statement of action"),
    ("PIP", "priority impact plan"),
    ("LADO", "designated officer"),
    ("PEP", "personal education plan"),
    ("UASC", "unaccompanied asylum-seeking children"),
    ("CSE", "child sexual exploitation"),
    ("AED", "defibrillator", "AEDs"),
    ("DfE", "Department for Education"),
    ("ILACS", "inspection of local authority children's services"),
    ("SIF", "single inspection framework"),
    ("JTAI", "joint targeted area inspection"),
])
def test_variants_name_one_concept(labels):
    named = [set(thesaurus.load().named_by(label)) for label in labels]
    assert all(named), f"unknown: {[l for l, n in zip(labels, named) if not n]}"
    assert set.intersection(*named), labels


# -- the API -------------------------------------------------------------------------------------
def test_expand_gives_every_label_of_the_concept():
    labels = thesaurus.expand("CLA")
    assert {"children in care", "looked after children", "LAC", "CLA"} <= labels
    assert thesaurus.expand("looked after children") == labels
    assert thesaurus.expand("cla") == labels  # a lower-case acronym typed by a user
    assert thesaurus.expand("bin collections") == set()


def test_definition_expands_an_acronym_for_a_hover():
    assert thesaurus.definition("IRO").startswith("independent reviewing officer: ")
    assert "care leaver" in thesaurus.definition("PA")
    assert thesaurus.definition("XYZZY") is None


def test_broader_walks_up_to_the_top_concept():
    pep = thesaurus.concept("PEP")
    assert thesaurus.broader("PEP") == list(pep.broader)
    assert thesaurus.concept(thesaurus.broader("PEP")[0]).pref_label == "virtual school"
    top = thesaurus.broader("PEP", transitive=True)[-1]
    assert thesaurus.broader(top) == []


def test_load_is_cached():
    assert thesaurus.load() is thesaurus.load()


# -- spotting mechanisms, on synthetic text --------------------------------------------------------
def test_short_acronyms_match_only_as_written_and_as_whole_words():
    text = "The CPU was slow; cp the file; Cp. A pa and Pa. Lac and lace; CP plans; the PA; LAC reviews."
    assert _named(text) == [("child-protection-plan", "CP plans"), ("personal-adviser", "PA"),
                            ("looked-after-review", "LAC reviews")]
    assert _named("SENDING a MASHED CLAw") == []


def test_words_match_across_case_hyphens_apostrophes_and_line_breaks():
    text = "LOOKED-AFTER CHILDREN; looked after\nchildren; the children’s voice; Health & Wellbeing Board"
    assert _named(text) == [("children-in-care", "LOOKED-AFTER CHILDREN"), ("children-in-care", "looked after\nchildren"),
                            ("voice-of-the-child", "children’s voice"), ("health-and-wellbeing-board", "Health & Wellbeing Board")]


def test_a_label_does_not_run_across_a_full_stop():
    assert ("pathway-plan", "pathway. Plan") not in _named("They agreed a pathway. Plans were made.")


def test_longest_match_wins(tmp_path):
    th = _synthetic(tmp_path, """
t:leavers a skos:Concept ; skos:prefLabel "care leavers" .
t:area a skos:Concept ; skos:prefLabel "experiences and progress of care leavers" .
t:plan a skos:Concept ; skos:prefLabel "plan" .
t:cpplan a skos:Concept ; skos:prefLabel "CP plan" .
""")
    assert _named("The experiences and progress of care leavers: care leavers have a CP plan, a plan.", th) == [
        ("area", "experiences and progress of care leavers"), ("leavers", "care leavers"), ("cpplan", "CP plan"),
        ("plan", "plan")]


def test_a_shared_label_names_both_concepts_and_offsets_are_verbatim(tmp_path):
    th = _synthetic(tmp_path, """
t:a a skos:Concept ; skos:prefLabel "local offer for care leavers" ; skos:altLabel "local offer" ; skos:definition "A." .
t:b a skos:Concept ; skos:prefLabel "SEND local offer" ; skos:altLabel "local offer" ; skos:definition "B." .
""")
    text = "See the Local Offer."
    found = th.concepts_in(text)
    assert [iri for iri, _, _ in found] == ["urn:t:a", "urn:t:b"]
    assert {text[s:e] for _, s, e in found} == {"Local Offer"}
    assert th.definition("local offer") == "local offer for care leavers: A; or SEND local offer: B."


def test_one_token_acronyms_match_their_plural(tmp_path):
    th = _synthetic(tmp_path, 't:e a skos:Concept ; skos:prefLabel "EHCP" .\n')
    assert _named("two EHCPs and an EHCP's review; ehcps", th) == [("e", "EHCPs"), ("e", "EHCP")]


def _cpu_seconds(text: str) -> float:
    """Best of three timings of this thread's CPU (not the server threads a test session may run), with the
    collector paused: a collection of the test session's heap costs the same whatever the text, and would swamp
    the comparison."""
    timings = []
    gc.disable()
    try:
        for _ in range(3):
            started = time.thread_time()
            thesaurus.concepts_in(text)
            timings.append(time.thread_time() - started)
    finally:
        gc.enable()
    return max(min(timings), 1e-3)


@pytest.mark.slow  # best of three timings at two sizes of the real corpus: seconds
def test_spotting_grows_linearly_with_the_text(real_corpus):
    """Five times the text costs about five times the CPU, not twenty-five (speed itself is in bench/)."""
    text = "\n".join(doc.text for doc in real_corpus.documents)
    text = (text * (1_000_000 // len(text) + 1))[:1_000_000]
    # Text built to walk deep into the trie at every word must scale the same way.
    nasty = ("the experiences and progress of children who need help and " * 20_000)[:1_000_000]
    thesaurus.load()
    for sample in (text, nasty):
        ratio = _cpu_seconds(sample) / _cpu_seconds(sample[:200_000])
        assert ratio < 12, ratio
    assert len(thesaurus.concepts_in(text)) > 1000


# -- on the real corpus and reports ----------------------------------------------------------------
def test_spelled_out_terms_and_their_acronyms_are_one_concept_in_the_corpus(real_corpus):
    by_words: dict[str, set[str]] = {}
    for doc in real_corpus.documents:
        for iri, s, e in thesaurus.concepts_in(doc.text):
            by_words.setdefault(" ".join(doc.text[s:e].replace("-", " ").split()).lower(), set()).add(iri)
    for long, short in [("looked after children", "lac"), ("children in care", "cic"), ("ehc plan", "ehcp"),
                        ("multi agency safeguarding hub", "mash"), ("independent reviewing officer", "iro")]:
        assert by_words.get(long) and by_words.get(short), (long, short)
        assert by_words[long] == by_words[short]


def test_no_mention_is_part_of_a_longer_word_in_the_corpus(real_corpus):
    for doc in real_corpus.documents:
        text = doc.text
        for _, s, e in thesaurus.concepts_in(text):
            assert not (s > 0 and text[s - 1].isalnum()) and not (e < len(text) and text[e].isalnum()), text[s - 5:e + 5]
            if len(text[s:e]) <= 3:  # a short match is an acronym written in capitals
                assert sum(ch.isupper() for ch in text[s:e]) >= 2, text[s - 10:e + 10]


@pytest.mark.slow
@pytest.mark.skipif(not REPORTS.is_dir(), reason="the shared Ofsted reports are not on this machine")
def test_every_judgement_area_of_a_report_is_spotted_in_real_ofsted_reports():
    from pdf_text import read_texts

    reports = sorted(REPORTS.glob("*/2015-*.pdf"))[:1] + sorted(REPORTS.glob("*/2023-*.pdf"))[:1]
    assert reports
    for path, result in read_texts(reports).items():
        text = result.text
        found = {iri.rsplit("/", 1)[-1] for iri, _, _ in thesaurus.concepts_in(text)}
        assert {"area-overall-effectiveness", "area-help-and-protection", "care-leavers", "children-in-care", "iro",
                "pathway-plan", "lead-inspector"} <= found, path
