"""User queries that name graphs, scoped by their own text (``graph.stores.graph_scope``), read what the listed
dataset reads: the merge as default graph, our graphs (never the merge, the bookkeeping or another's) as GRAPH ?g.

Checked in an in-process Oxigraph laid out as on the server (the tiny corpus's graph split by document, the merge,
the bookkeeping graph and a graph that is not ours), so the rewriting is tested by evaluating it, not by its text.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.sparql_guard import check_query
from graph.stores import partition
from graph.stores.convert import to_ox_quad
from graph.stores.graph_scope import scope_graphs
from graph.stores.sparql import _USER_GRAPH, BOOKKEEPING_GRAPH, UNION_GRAPH, SparqlStore

REPO = Path(__file__).resolve().parents[2]
FOREIGN = "http://example.org/system-graph"
README_GRAPH_QUERIES = [q for q in re.findall(r"```sparql\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S)
                        if check_query(q).names_graphs]
QUERIES = README_GRAPH_QUERIES + [p.read_text(encoding="utf-8") for p in sorted((REPO / "graph" / "queries").glob("*.rq"))
                                  if check_query(p.read_text(encoding="utf-8")).names_graphs] + [
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }",
    f"ASK {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }}",
    f"SELECT ?s ?o WHERE {{ GRAPH <{BOOKKEEPING_GRAPH}> {{ ?s ?p ?o }} }}",
    f"SELECT ?s WHERE {{ GRAPH <{FOREIGN}> {{ ?s ?p ?o }} }}",
    "SELECT ?j ?g WHERE { ?j a kg:Judgement . OPTIONAL { GRAPH ?g { ?j kg:grade ?grade } } }",
    "SELECT ?x WHERE { { GRAPH ?g { ?x a kg:Judgement } } UNION { ?x a kg:Finding } MINUS { GRAPH ?h { ?x kg:grade kg:Good } } }",
    "SELECT ?g ?n ?t WHERE { { SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g } GRAPH ?g { ?x a ?t } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s a kg:Judgement ; ?p ?o } }",
    # a subquery reading the default graph, beside a GRAPH pattern: it must read the merge (each triple once)
    "SELECT ?n ?g WHERE { { SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } } GRAPH ?g { ?x a kg:Judgement } }",
    "SELECT ?g WHERE { GRAPH ?g { ?x a kg:Judgement } FILTER EXISTS { ?x kg:grade ?grade } } VALUES ?g { UNDEF }",
    # a string, a comment and an escaped name holding what the scanner must not read as syntax
    'SELECT ?g WHERE { GRAPH ?g { ?s ?p "GRAPH ?x { }" } # GRAPH ?y { }\n FILTER NOT EXISTS { ?g kg:a\\\' ?z } }',
    "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?o < 3 || ?o > 5) }",
]


@pytest.fixture(scope="module")
def server_like(tiny_corpus):
    """The tiny corpus as a server holds it: each document's graphs, the merge, bookkeeping, a foreign graph."""
    import graph

    quads = graph.from_corpus(tiny_corpus, store="memory").quads
    groups = partition.split(quads)
    store = ox.Store()
    store.extend([to_ox_quad(*q) for qs in groups.values() for q in qs])
    union, bookkeeping = ox.NamedNode(str(UNION_GRAPH)), ox.NamedNode(str(BOOKKEEPING_GRAPH))
    store.extend([ox.Quad(q.subject, q.predicate, q.object, union) for q in list(store)])
    some = next(iter(store)).subject
    store.add(ox.Quad(ox.NamedNode(f"{BOOKKEEPING_GRAPH}/doc"), ox.NamedNode("urn:digest"), ox.Literal("abc"), bookkeeping))
    store.add(ox.Quad(some, ox.NamedNode("urn:secret"), ox.Literal("not ours"), ox.NamedNode(FOREIGN)))
    ours = sorted({str(g) for qs in groups.values() for *_, g in qs})
    return store, ours


def _rows(result) -> Counter:
    if isinstance(result, ox.QueryBoolean):
        return Counter([bool(result)])
    if isinstance(result, ox.QueryTriples):
        return Counter(str(t) for t in result)
    names = [v.value for v in result.variables]
    return Counter(tuple((n, str(t)) for n, t in zip(names, row) if t is not None) for row in result)


@pytest.mark.parametrize("query", QUERIES)
def test_scoped_query_reads_what_the_listed_dataset_reads(server_like, query):
    store, ours = server_like
    checked = check_query(query)
    listed = _rows(store.query(checked.text, default_graph=ox.NamedNode(str(UNION_GRAPH)),
                               named_graphs=[ox.NamedNode(g) for g in ours]))
    scoped = scope_graphs(checked.text, checked.form, str(UNION_GRAPH), _USER_GRAPH)
    assert scoped is not None
    check_query(scoped)  # still a query the guard passes
    # No dataset at all, as sent to the server (whose default graph is the union of every graph)
    assert _rows(store.query(scoped, use_default_graph_as_union=True)) == listed


def test_the_comparisons_are_not_of_empty_results(server_like):
    """Not vacuous: on the tiny corpus most of these queries find rows (a README provenance example among them)."""
    store, _ = server_like
    found = [sum(_rows(store.query(scope_graphs(check_query(q).text, check_query(q).form, str(UNION_GRAPH), _USER_GRAPH),
                                   use_default_graph_as_union=True)).values()) for q in QUERIES]
    assert any(found[:len(README_GRAPH_QUERIES)]) and sum(1 for n in found if n) >= len(QUERIES) // 2, found


def test_no_graph_but_ours_is_ever_bound(server_like):
    store, _ = server_like
    checked = check_query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    scoped = scope_graphs(checked.text, checked.form, str(UNION_GRAPH), _USER_GRAPH)
    graphs = {row["g"].value for row in store.query(scoped, use_default_graph_as_union=True)}
    assert graphs and all(g.startswith(partition.FACT_PREFIX) or "/graph/" in g for g in graphs)
    assert not graphs & {str(UNION_GRAPH), str(BOOKKEEPING_GRAPH), FOREIGN}


def test_what_the_scanner_does_not_handle_is_sent_with_the_graphs_listed(monkeypatch):
    """DESCRIBE (its description reads the default graph outside any pattern) keeps the listed dataset; a
    query naming no graph keeps the merge as its dataset; a query with FROM keeps its own."""
    store = SparqlStore("http://127.0.0.1:9/query")
    monkeypatch.setattr(store, "named_graphs", lambda: ["https://w3id.org/councilkg/id/fact/a/1-2/x"])
    text, merged, named = store._dataset_for(check_query("DESCRIBE ?s WHERE { GRAPH ?g { ?s ?p ?o } }"))
    assert merged and named == ["https://w3id.org/councilkg/id/fact/a/1-2/x"]
    text, merged, named = store._dataset_for(check_query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"))
    assert not merged and not named and f"GRAPH <{UNION_GRAPH}>" in text
    text, merged, named = store._dataset_for(check_query("SELECT * WHERE { ?s ?p ?o }"))
    assert merged and not named and "GRAPH" not in text.split("SELECT", 1)[1]
    text, merged, named = store._dataset_for(check_query(f"SELECT * FROM NAMED <{partition.FACT_PREFIX}a> "
                                                         "WHERE { GRAPH ?g { ?s ?p ?o } }"))
    assert not merged and not named


@pytest.mark.parametrize("text", ["SELECT * WHERE { GRAPH ?g { ?s ?p ?o }", "SELECT * WHERE { ?s ?p 'open }",
                                  "DESCRIBE <https://w3id.org/councilkg/id/x>"])
def test_text_the_scanner_cannot_follow_is_left_alone(text):
    assert scope_graphs(text, "SELECT" if text.startswith("SELECT") else "DESCRIBE", str(UNION_GRAPH), _USER_GRAPH) is None
