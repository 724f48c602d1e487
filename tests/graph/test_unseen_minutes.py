"""The civic extractors run unchanged on minutes in another council's style (written for this test)."""
from __future__ import annotations

from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "fixtures" / "other_council_minutes.txt"


@pytest.fixture(scope="module")
def other_kg():
    import corpus
    import graph
    from corpus.records import Corpus
    from graph.extractors import civic

    document = corpus.load_document(FIXTURE)
    return graph.from_corpus(Corpus(documents=(document,)), extractors=civic.EXTRACTORS, post=civic.POST_EXTRACT)


def _one(kg, query):
    rows = kg.query(query)
    assert rows, query
    return rows


def test_meeting_body_date_time_place(other_kg):
    row = _one(other_kg, "SELECT ?b ?d ?t ?l WHERE { ?m a kg:Meeting ; schema:organizer ?o ; schema:startDate ?d ; "
                         "kg:time ?t ; schema:location ?l . ?o skos:altLabel ?b }")[0]
    assert str(row["b"]) == "Health and Adult Social Care Scrutiny Panel"
    assert str(row["d"]) == "2024-03-05" and "6.30" in str(row["t"]) and "Council Chamber" in str(row["l"])


def test_chair_present_attendance_and_apologies(other_kg):
    def labels(predicate):
        return " | ".join(str(r["l"]) for r in other_kg.query(f"SELECT ?l WHERE {{ ?m {predicate} ?p . ?p skos:altLabel ?l }}"))

    assert "A Okafor" in labels("kg:chair")
    assert all(n in labels("kg:present") for n in ["A Okafor", "B Hartley", "R Nwosu", "P Lindqvist", "D Greaves"])
    assert all(n in labels("kg:inAttendance") for n in ["Margaret Ellison", "Tom Reddy", "F Baptiste"])
    assert "J Whitcombe" in labels("kg:apologies") and "H Patel" in labels("kg:apologies")


def test_items_declarations_decisions_questions_commitments_and_chairs(other_kg):
    titles = {str(r["t"]) for r in other_kg.query("SELECT ?t WHERE { ?i a kg:AgendaItem ; dcterms:title ?t }")}
    assert {"DECLARATIONS OF INTEREST", "HOME CARE COMMISSIONING UPDATE"} <= titles
    assert _one(other_kg, "SELECT ?d WHERE { ?d a kg:DeclarationOfInterest ; kg:interestType kg:PrejudicialInterest }")
    decisions = {str(r["s"]) for r in other_kg.query("SELECT ?s WHERE { ?d a kg:Decision ; kg:statement ?s }")}
    assert any("be approved as a correct record" in s for s in decisions) and any("be noted" in s for s in decisions)
    assert _one(other_kg, "SELECT ?q WHERE { ?q a kg:Question ; kg:askedBy ?a ; kg:answeredBy ?r . ?r schema:name 'Tom Reddy' }")
    assert _one(other_kg, "SELECT ?c WHERE { ?c a kg:Commitment ; kg:committedBy ?p . ?p schema:name 'Margaret Ellison' }")
    assert _one(other_kg, "SELECT ?b WHERE { ?b kg:chair ?p ; skos:prefLabel 'Adult Social Care Partnership Board' . "
                          "?p schema:name 'Karen Blythe' }")
    assert _one(other_kg, "SELECT ?post WHERE { ?p schema:name 'Margaret Ellison' ; org:holds ?post . "
                          "?post skos:prefLabel 'Director of Adult Social Services' }")


def test_what_comes_out_is_civic_and_quoted_verbatim(other_kg):
    """Every fact read from the other council's minutes is a civic extractor's, quoting the file exactly."""
    text = FIXTURE.read_text(encoding="utf-8")
    provenance = [p for g in other_kg.graphs() for p in other_kg.provenance(g)]
    assert len(provenance) >= 20
    assert {p.extractor.split(".")[0] for p in provenance} == {"civic"}
    for p in provenance:
        assert p.quote and text[p.start:p.end] == p.quote, p


def test_apologies_minuted_as_a_sentence_under_their_item():
    """'Apologies for absence were received from Councillors T Doyle and N Brennan and from Revd A Clarke.'
    gives three apologies, each cited at its own words; the next sentence is not read as names."""
    import corpus
    import graph
    from corpus.records import Corpus
    from graph.extractors import civic

    path = FIXTURE.parent / "minutes_apologies_sentence.txt"
    document = corpus.load_document(path)
    kg = graph.from_corpus(Corpus(documents=(document,)), extractors=civic.EXTRACTORS, post=civic.POST_EXTRACT)
    names = {str(r["l"]) for r in kg.query("SELECT ?l WHERE { ?m kg:apologies ?p . ?p skos:altLabel ?l }")}
    assert all(any(n.endswith(name) for n in names) for name in ["T Doyle", "N Brennan", "Revd A Clarke"]), names
    assert not any("substitution" in n.lower() for n in names)
    present = {str(r["l"]) for r in kg.query("SELECT ?l WHERE { ?m kg:present ?p . ?p skos:altLabel ?l }")}
    assert not any("Doyle" in n for n in present) and any("P Marsh" in n for n in present)


def test_minutes_held_under_a_heading_naming_the_body_and_hard_wrapped_lists():
    """'Minutes of the meeting held on …' with the body in the heading above; a member's name broken across a
    hard-wrapped line is one person; a minute reference ('LRC/25/07 Apologies for absence') ends the header."""
    import corpus
    import graph
    from corpus.records import Corpus
    from graph.extractors import civic

    document = corpus.load_document(FIXTURE.parent / "minutes_held_under_heading.txt")
    kg = graph.from_corpus(Corpus(documents=(document,)), extractors=civic.EXTRACTORS, post=civic.POST_EXTRACT)
    (row,) = kg.query("SELECT ?n ?t WHERE { ?m a kg:Meeting ; schema:name ?n ; kg:time ?t }")
    assert str(row["n"]) == "Licensing and Regulatory Committee, 2025-05-14" and "6.30" in str(row["t"])

    def labels(predicate):
        return {str(r["l"]) for r in kg.query(f"SELECT ?l WHERE {{ ?m {predicate} ?p . ?p skos:altLabel ?l }}")}

    assert any(n.endswith("Helen Ashby") for n in labels("kg:chair"))
    present = labels("kg:present")
    assert any(n.endswith("Stefan Kowalski") for n in present) and not any(n.endswith("Stefan") for n in present)
    assert any(n.endswith("Trevor Mayhew") for n in labels("kg:apologies"))
    assert any(n.endswith("Daniel Frost") for n in labels("kg:inAttendance"))
