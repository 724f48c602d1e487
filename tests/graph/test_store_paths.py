"""The Oxigraph access path (pattern look-ups, nothing loaded up front) answers as the in-memory tables do,
and a build's on-disk store is opened read-only, checked against build.json, and added to older builds."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from councilkg.errors import BuildError
from councilkg.settings import get_settings
from graph.access import QuadTables, StorePaths


@pytest.fixture(scope="module")
def both(tiny_corpus):
    import graph

    memory = graph.from_corpus(tiny_corpus, store="memory")
    oxigraph = graph.from_corpus(tiny_corpus, store="oxigraph")
    assert isinstance(memory.paths, QuadTables) and isinstance(oxigraph.paths, StorePaths)
    return memory, oxigraph


_NUMBERS = {URIRef(XSD + n) for n in ("integer", "nonNegativeInteger", "decimal")}


def _term(t):
    """A number as its value: Oxigraph keeps a number's value, not its spelling ("1.0"^^xsd:decimal is "1",
    xsd:nonNegativeInteger is xsd:integer), as the SPARQL server store does (tests/graph/test_sparql_store.py)."""
    if isinstance(t, Literal) and t.datatype in _NUMBERS:
        return ("number", float(t))
    if isinstance(t, (tuple, list)):
        return tuple(_term(x) for x in t)
    return t


def _same(rows):
    return sorted((_term(tuple(row)) for row in rows), key=lambda row: tuple(map(str, row)))


def test_every_look_up_answers_as_the_in_memory_tables(both):
    from rdflib import URIRef

    memory, oxigraph = both
    a, b = memory.paths, oxigraph.paths
    assert len(a) == len(b) and _same(a.all_quads()) == _same(b.all_quads())
    assert _same(a.fact_quads()) == _same(b.fact_quads())
    nodes = {q[0] for q in a.fact_quads()} | {q[2] for q in a.fact_quads() if isinstance(q[2], URIRef)}
    predicates = {q[1] for q in a.fact_quads()}
    for node in nodes:
        assert _same(a.outgoing(node)) == _same(b.outgoing(node))
        assert _same(a.incoming(node)) == _same(b.incoming(node))
        assert a.types_of(node) == b.types_of(node) == {o for p, o, _ in a.outgoing(node) if str(p).endswith("#type")}
        assert a.graphs_of(node) == b.graphs_of(node) == {g for _, _, g in a.outgoing(node)}
        for predicate in {p for p, _, _ in a.outgoing(node)} | {next(iter(predicates))}:
            assert _same(a.outgoing_with(node, predicate)) == _same(b.outgoing_with(node, predicate)) \
                == _same((o, g) for p, o, g in a.outgoing(node) if p == predicate)
        for predicate in {p for _, p, _ in a.incoming(node)} | {next(iter(predicates))}:
            assert _same(a.incoming_with(node, predicate)) == _same(b.incoming_with(node, predicate)) \
                == _same((s, g) for s, p, g in a.incoming(node) if p == predicate)
    classes = {o for s, p, o, g in a.fact_quads() if str(p).endswith("#type")}
    assert classes
    for cls in classes:
        assert _same(a.of_type(cls)) == _same(b.of_type(cls))
        assert {s: _same(v) for s, v in a.outgoing_of_type(cls).items()} == \
               {s: _same(v) for s, v in b.outgoing_of_type(cls).items()}
    graphs = {q[3] for q in a.fact_quads()}
    assert a.provenance(graphs) == b.provenance(graphs) and len(a.provenance(graphs)) == len(graphs)
    assert a.names() == b.names() and a.names()
    quoted = {prov.paragraph_id for prov in a.provenance(graphs).values()}
    for paragraph_id in quoted:
        assert set(a.nodes_quoting(paragraph_id)) == set(b.nodes_quoting(paragraph_id))  # callers take distinct nodes
        in_graphs = {g for _, g in a.nodes_quoting(paragraph_id)}
        assert a.count_in(in_graphs) == b.count_in(in_graphs) == sum(1 for q in a.fact_quads() if q[3] in in_graphs) > 0
    # every paragraph's at once, as the build keeps them: the same nodes and each graph's fact count
    for paths in (a, b):
        pairs_of, sizes = paths.quoting(sorted(quoted) + ["no-such:paragraph"])
        assert set(pairs_of) == quoted
        for paragraph_id, pairs in pairs_of.items():
            assert set(pairs) == set(a.nodes_quoting(paragraph_id))
            in_graphs = {g for _, g in pairs}
            assert sum(sizes[g] for g in in_graphs) == a.count_in(in_graphs)
    subject, predicate, obj, g = next(iter(a.fact_quads()))
    for pattern in [(subject, None, None, None), (None, predicate, None, None), (None, None, obj, None),
                    (None, predicate, None, [g]), (None, None, None, [None])]:
        assert _same(a.match(*pattern)) == _same(b.match(*pattern))


def test_entity_cards_and_user_queries_are_the_same(both):
    memory, oxigraph = both
    name = next(iter(sorted(min(labels) for labels in memory.paths.names().values())))
    assert memory.entity(name).as_dict() == oxigraph.entity(name).as_dict()
    query = "SELECT ?s ?o WHERE { GRAPH ?g { ?s a ?o } } ORDER BY ?s ?o"
    assert memory.user_query(query) == oxigraph.user_query(query)


@pytest.fixture
def built(tiny_corpus, tmp_path):
    import graph

    settings = get_settings(build_dir=tmp_path / "build", store="oxigraph")
    kg = graph.build(tiny_corpus, settings)
    return settings, kg


def test_a_build_opens_its_on_disk_store_read_only_with_the_build_quads(built, tiny_corpus):
    import graph
    from graph.persist import read_build, to_rdflib

    settings, kg = built
    folder = Path(settings.build_dir) / "graph"
    assert (folder / "store").is_dir() and isinstance(kg.paths, StorePaths)
    native, meta = read_build(folder)
    loaded = graph.load(settings)
    assert _same(loaded.paths.all_quads()) == _same(to_rdflib(native)) and len(loaded) == meta["quads"]
    with pytest.raises((OSError, RuntimeError)):  # read-only: a reader cannot change the build
        from graph.stores.convert import to_ox_quad

        loaded.store.store.add(to_ox_quad(*next(iter(to_rdflib(native)))))
    assert graph.load(get_settings(build_dir=settings.build_dir, store="memory")).paths.quads  # the same build, in rdflib


def test_a_changed_store_file_is_refused(built):
    import graph

    settings, _ = built
    folder = Path(settings.build_dir) / "graph"
    victim = max((folder / "store").rglob("*.sst"), key=lambda p: p.stat().st_size)
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0x01
    victim.write_bytes(bytes(data))
    with pytest.raises(BuildError, match="changed after it was written"):
        graph.load(settings)


def test_a_copied_build_is_checked_by_content_and_accepted(built, tmp_path):
    import graph

    settings, _ = built
    copy = tmp_path / "copy"
    shutil.copytree(settings.build_dir, copy, copy_function=shutil.copy)  # new modification times
    assert len(graph.load(get_settings(build_dir=copy, store="oxigraph"))) > 0


def test_a_build_from_before_the_store_gets_it_without_extracting_again(built, tiny_corpus, monkeypatch):
    import graph
    import graph.builder

    settings, kg = built
    folder = Path(settings.build_dir) / "graph"
    expected = _same(kg.paths.all_quads())
    del kg
    shutil.rmtree(folder / "store")
    meta = json.loads((folder / "build.json").read_text())
    meta.pop("store_files"), meta.pop("stats")
    (folder / "build.json").write_text(json.dumps(meta))
    monkeypatch.setattr(graph.builder, "extract", lambda *a, **k: pytest.fail("extracted again"))
    again = graph.build(tiny_corpus, settings)
    assert _same(again.paths.all_quads()) == expected


def test_a_query_naming_no_graph_reads_each_triple_once_as_rdflib_does(tmp_path):
    """A triple stated in three fact graphs is one triple of the default graph (an RDF merge): Oxigraph's
    union default graph would give it three times, and a join of restated triples multiplies (the
    judgements-by-authority example gave 1.55 M rows for 12). GRAPH patterns still see every graph."""
    from graph.knowledge import KnowledgeGraph
    from graph.persist import open_store, write_build
    from graph.stores import create

    ex = "https://w3id.org/councilkg/id/test/"
    body, label = URIRef(ex + "body"), Literal("Bury Council")
    quads = [(URIRef(ex + f"inspection/{i}"), URIRef(ex + "inspectedBody"), body, URIRef(ex + f"g{i}")) for i in range(3)]
    quads += [(body, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), label, URIRef(ex + f"g{i}")) for i in range(3)]
    join = f"SELECT ?i ?name WHERE {{ ?i <{ex}inspectedBody> ?b . ?b rdfs:label ?name }}"
    per_graph = "SELECT ?g WHERE { GRAPH ?g { ?b rdfs:label ?name } }"
    def loaded(name):
        store = create(name)
        store.add(quads)
        return KnowledgeGraph(store, quads)

    memory = loaded("memory")
    stores = [loaded("oxigraph")]
    write_build(tmp_path / "graph", quads, {})
    stores.append(KnowledgeGraph(open_store(tmp_path / "graph")[0]))  # the build's on-disk store
    for kg in stores:
        for store in (kg, memory):
            assert len(store.query(join)) == 3 and len(store.query(per_graph)) == 3
        assert len(kg.query("SELECT ?name WHERE { ?b rdfs:label ?name }")) == 1
        assert len(kg.user_query("SELECT * WHERE { ?s ?p ?o }", timeout=10)) == 4
