"""The server store's access path on the tiny corpus through a real `oxigraph serve`: the paragraph-facts pass
(``QueryPaths.quoting``) and user queries that name graphs give what the embedded store gives."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from graph.access import QueryPaths, StorePaths
from graph.stores.sparql import SparqlStore
from servers import oxigraph_server

pytestmark = [pytest.mark.sparql]
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def stores(tiny_corpus, tmp_path_factory):
    """The tiny corpus's graph in the embedded Oxigraph store and, loaded the way a build loads it, in a server."""
    import graph
    from graph.knowledge import KnowledgeGraph

    embedded = graph.from_corpus(tiny_corpus, store="oxigraph")
    assert isinstance(embedded.paths, StorePaths)
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "data") as endpoint:
        store = SparqlStore(endpoint.query_url, endpoint.update_url, endpoint.store_url, timeout=30)
        store.add(embedded.quads)
        server = KnowledgeGraph(store, timeout=30)
        assert isinstance(server.paths, QueryPaths)
        yield embedded, server


def _same(pairs: dict) -> dict:
    return {pid: sorted(map(str, found)) for pid, found in pairs.items()}


def test_paragraph_facts_pass_matches_the_embedded_store(stores, tiny_corpus, monkeypatch):
    embedded, server = stores
    ids = [p.id for d in tiny_corpus.documents for p in d.paragraphs] + ["no-such-doc:p0000-000000"]
    monkeypatch.setattr(QueryPaths, "QUOTING_BATCH", 7)  # several batches even on the tiny corpus
    pairs, sizes = server.paths.quoting(ids)
    expected_pairs, expected_sizes = embedded.paths.quoting(ids)
    assert len(expected_pairs) >= 10 and expected_sizes  # the tiny corpus states facts in many paragraphs
    assert _same(pairs) == _same(expected_pairs)
    assert {str(g): n for g, n in sizes.items()} == {str(g): n for g, n in expected_sizes.items()}
    # and what the per-paragraph look-ups (the path without the pass) give
    for pid in list(expected_pairs)[:20]:
        assert sorted(map(str, server.paths.nodes_quoting(pid))) == _same(pairs)[pid]
        assert server.paths.count_in({g for _, g in pairs[pid]}) == sum(sizes[g] for g in {g for _, g in pairs[pid]})


def test_the_fact_tables_read_the_pass_from_the_server(stores, tiny_corpus):
    """qa.facts uses the pass when the access path has it (it wrote build/qa/paragraph-facts.pkl empty before)."""
    from qa.facts import FactTables

    embedded, server = stores
    ids = [p.id for d in tiny_corpus.documents for p in d.paragraphs]
    found = FactTables(server).quoting_all(ids)
    assert found is not None and found == FactTables(embedded).quoting_all(ids)


def _rows(kg, query) -> set:
    return set(Counter(tuple(sorted((k, str(v)) for k, v in row.items())) for row in kg.query(query)))


def test_readme_queries_naming_graphs_answer_as_the_embedded_store(stores):
    from graph.sparql_guard import check_query

    embedded, server = stores
    queries = [q for q in re.findall(r"```sparql\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S)
               if check_query(q).names_graphs]
    assert len(queries) >= 3
    answered = 0
    # (a server keeps the build's provenance in one named graph per document: compared over fact graphs)
    for query in queries + ['SELECT DISTINCT ?t WHERE { GRAPH ?g { ?s a ?t } FILTER(CONTAINS(STR(?g), "/fact/")) }']:
        expected = _rows(embedded, query)
        assert _rows(server, query) == expected, query
        answered += bool(expected)
    assert answered >= 2
