"""Civic facts on the real corpus: meetings with chair/present/apologies, board chairs, resolved people."""
from __future__ import annotations

import pytest

from graph.iris import iri

CYP = "bury-children-and-young-people-scrutiny-committee"  # meetings are minted per council (publisher)


def _people(kg, meeting, predicate):
    rows = kg.query(f"SELECT ?n WHERE {{ <{meeting}> {predicate} ?p . ?p schema:name ?n }}")
    return {str(r["n"]) for r in rows}


def _names(kg, meeting, predicate):
    rows = kg.query(f"SELECT ?l WHERE {{ <{meeting}> {predicate} ?p . ?p skos:altLabel ?l }}")
    return {str(r["l"]) for r in rows}


@pytest.mark.parametrize("body,date,chair,present,apologies", [
    (CYP, "2021-11-04", "S Wright", {"C Boles", "G Staples-Jones", "M Whitby"}, {"S Butler", "P Cropper"}),
    (CYP, "2022-03-23", "S Wright", {"T Tarig", "L McBriar", "Helen Chadwick"}, {"Georgia Murphy"}),
    (CYP, "2024-03-07", "Boles", {"D Berry", "E FitzGerald", "G Staples-Jones"}, set()),
    ("bury-cabinet", "2016-04-13", "M Connolly", {"P Heneghan", "S Walmsley"}, set()),
])
def test_minuted_meetings_have_chair_present_and_apologies(civic_kg, body, date, chair, present, apologies):
    meeting = iri.meeting(body, date)
    assert civic_kg.query(f"ASK {{ <{meeting}> a kg:Meeting ; schema:startDate ?d ; schema:organizer ?b }}")[0]["ask"].value
    assert any(chair in label for label in _names(civic_kg, meeting, "kg:chair"))
    present_labels = " | ".join(_names(civic_kg, meeting, "kg:present"))
    assert all(name in present_labels for name in present)
    apology_labels = " | ".join(_names(civic_kg, meeting, "kg:apologies"))
    assert all(name in apology_labels for name in apologies)
    if not apologies:
        assert apology_labels == ""


def test_linda_clegg_chairs_the_improvement_board(civic_kg):
    rows = civic_kg.query("SELECT ?n WHERE { ?b skos:prefLabel 'Improvement Board' ; kg:chair ?p . ?p schema:name ?n }")
    assert {str(r["n"]) for r in rows} == {"Linda Clegg"}


def test_deborah_glassbrook_chairs_the_send_improvement_and_assurance_board(civic_kg):
    # the papers write it with "&" and with "and": one body, whichever label it carries
    rows = civic_kg.query("SELECT ?n WHERE { ?b skos:prefLabel ?label ; kg:chair ?p . ?p schema:name ?n . "
                          "FILTER(REPLACE(STR(?label), '&', 'and') = 'SEND Improvement and Assurance Board') }")
    assert {str(r["n"]) for r in rows} == {"Deborah Glassbrook"}


@pytest.mark.parametrize("variants", [
    ["Isobel Booter", "Isobel Booler"],
    ["Councillor Tariq", "Cllr Tariq Tamoor", "Councillor Tamoor Tariq", "Councillor Tarig", "Councillor T Tarig"],
])
def test_name_variants_resolve_to_one_person_keeping_every_surface_form(civic_kg, variants):
    nodes = set()
    for variant in variants:
        rows = civic_kg.query(f"SELECT DISTINCT ?p WHERE {{ ?p a kg:Person ; skos:altLabel {variant!r} }}".replace("'", '"'))
        assert rows, f"no person with surface form {variant}"
        nodes |= {r["p"] for r in rows}
    assert len(nodes) == 1
    card = civic_kg.entity(variants[0])
    assert set(variants) <= set(card.labels)


def test_executive_director_post_is_held_with_the_date_shown(civic_kg):
    rows = civic_kg.query("""SELECT ?d WHERE { ?h kg:post ?post ; org:member ?p ; kg:observedOn ?d .
        ?post skos:altLabel "Executive Director of Children's Services" . ?p schema:name "Jeanette Richards" }""")
    assert "2024-03-07" in {str(r["d"]) for r in rows}


def test_a_post_written_several_ways_is_one_post_with_one_preferred_label(civic_kg):
    """"Cabinet Member for Children, Young People and Skills", "Cabinet Member, Children, Young People and Skills" and
    "Cabinet Member Children Young People and Skills" title one post in Bury's papers; each stays as written."""
    rows = civic_kg.query("""SELECT DISTINCT ?post WHERE { ?post a org:Post ; skos:altLabel ?written
        FILTER(?written IN ("Cabinet Member for Children, Young People and Skills",
                            "Cabinet Member, Children, Young People and Skills",
                            "Cabinet Member Children Young People and Skills")) }""")
    assert len(rows) == 1
    post = rows[0]["post"]
    assert len(civic_kg.query(f"SELECT ?l WHERE {{ <{post}> skos:prefLabel ?l }}")) == 1
    assert not civic_kg.query("SELECT ?post WHERE { ?post a org:Post ; skos:prefLabel ?a , ?b FILTER(?a != ?b) }")


def test_commitment_to_bring_a_report_back_is_linked_to_person_and_meeting(civic_kg):
    rows = civic_kg.query("""SELECT ?s WHERE { ?c a kg:Commitment ; kg:committedBy ?p ; kg:meeting ?m ; kg:statement ?s .
        ?p schema:name "Jeanette Richards" . ?m schema:startDate "2022-03-23"^^xsd:date }""")
    assert any("bring a report back" in str(r["s"]) for r in rows)


def test_declarations_name_declarant_and_interest_type(civic_kg):
    rows = civic_kg.query("""SELECT ?l WHERE { ?d a kg:DeclarationOfInterest ; kg:declarant ?p ; kg:interestType kg:PersonalInterest ;
        kg:meeting ?m . ?m schema:startDate "2022-03-23"^^xsd:date . ?p skos:altLabel ?l }""")
    labels = " ".join(str(r["l"]) for r in rows)
    assert "Lancaster" in labels and "Wright" in labels and "Boles" in labels
