"""Every fact triple sits in a named graph whose span quote is the document text at its offsets."""
from __future__ import annotations

import pytest

from councilkg.errors import QueryError
from graph.textlayer import TEXT_GRAPH


def test_every_fact_graph_quote_equals_document_text(civic_kg, real_corpus):
    texts = {d.id: d.text for d in real_corpus.documents}
    graphs = civic_kg.graphs() - {TEXT_GRAPH}
    assert len(graphs) > 300
    for g in graphs:
        provs = civic_kg.provenance(g)
        assert len(provs) == 1, f"{g} has no provenance"
        p = provs[0]
        assert texts[p.document_id][p.start:p.end] == p.quote
        assert p.paragraph_id.startswith(p.document_id + ":")


def test_no_fact_triple_in_the_default_graph_outside_provenance(civic_kg):
    from ontology.namespace import KG, OA, PROV

    allowed = {str(PROV), str(OA), str(KG.extractorName), str(KG.extractorVersion), "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"}
    for s, p, o, g in civic_kg.quads:
        if g is None:
            assert any(str(p).startswith(a) for a in allowed), (s, p, o)


def test_provenance_of_a_triple(civic_kg):
    rows = civic_kg.query("SELECT ?b ?p WHERE { ?b skos:prefLabel 'Improvement Board' ; kg:chair ?p }")
    triple = (rows[0]["b"], __import__("ontology.namespace").namespace.KG.chair, rows[0]["p"])
    provs = civic_kg.provenance(triple)
    assert provs and all("Chaired by Linda Clegg" in p.quote for p in provs)


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://a> <http://b> <http://c> }", "DELETE WHERE { ?s ?p ?o }", "CLEAR ALL", "DROP GRAPH <http://g>",
    "LOAD <http://example.org/x.ttl>", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
])
def test_updates_and_service_calls_are_refused(civic_kg, update):
    with pytest.raises(QueryError):
        civic_kg.query(update)


def test_keywords_inside_literals_are_not_refused(civic_kg):
    assert civic_kg.query('SELECT ?x WHERE { BIND("please DELETE this" AS ?x) }')[0]["x"].value == "please DELETE this"


def test_query_time_limit(civic_kg):
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(QueryError, match="did not finish"):
        civic_kg.query(heavy, timeout=0.2)
