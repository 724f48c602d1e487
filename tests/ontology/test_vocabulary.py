"""The closed Python namespace and councilkg.ttl name exactly the same terms, each documented."""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from ontology.namespace import KG, NS, VOCABULARY_TTL


@pytest.fixture(scope="module")
def vocabulary() -> Graph:
    return Graph().parse(VOCABULARY_TTL)


def _ttl_terms(graph: Graph) -> set[str]:
    return {str(s)[len(NS):] for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}


def test_python_namespace_matches_ttl_both_ways(vocabulary):
    python_terms = set(KG.__annotations__)
    ttl_terms = _ttl_terms(vocabulary)
    assert python_terms - ttl_terms == set(), "in namespace.py but not in councilkg.ttl"
    assert ttl_terms - python_terms == set(), "in councilkg.ttl but not in namespace.py"


def test_namespace_is_closed():
    with pytest.raises(AttributeError):
        KG.Meeeting  # noqa: B018 - a typo must fail


def test_every_term_has_label_and_comment(vocabulary):
    for term in _ttl_terms(vocabulary):
        node = URIRef(NS + term)
        assert vocabulary.value(node, RDFS.label), f"kg:{term} has no rdfs:label"
        assert vocabulary.value(node, RDFS.comment), f"kg:{term} has no rdfs:comment"


def test_our_classes_link_to_standard_vocabularies(vocabulary):
    standard = ("http://www.w3.org/ns/", "https://schema.org/", "http://purl.org/", "http://www.w3.org/2004/02/skos/")
    for cls in (KG.Meeting, KG.Person, KG.Body, KG.Decision, KG.Inspection, KG.Plan, KG.PlannedAction,
                KG.Paragraph, KG.FactGraph, KG.PostHolding):
        links = [o for p in (RDFS.subClassOf, SKOS.closeMatch, SKOS.exactMatch) for o in vocabulary.objects(cls, p)]
        assert any(str(o).startswith(standard) for o in links), f"{cls} links to no standard term"


def test_skos_schemes_for_body_types_roles_and_interests(vocabulary):
    for scheme, member in [(KG.BodyTypes, KG.Board), (KG.AttendanceRoles, KG.InTheChair),
                           (KG.InterestTypes, KG.PersonalInterest), (KG.Grades, KG.Inadequate)]:
        assert (member, SKOS.inScheme, scheme) in vocabulary
        assert vocabulary.value(member, SKOS.prefLabel)
