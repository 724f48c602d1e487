"""KnowledgeGraph: the built graph with read-only SPARQL, entity cards and provenance look-ups."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from councilkg.errors import QueryError
from graph.access import ENTITY_TYPES, NAME_PREDICATES, QuadTables, fact_order, paths_for
from graph.provenance import Provenance
from graph.sparql_guard import check_query
from graph.stores.base import Quad, Store
from ontology.namespace import SCHEMA, bind_prefixes


@dataclass(frozen=True)
class EntityFact:
    """One triple about an entity, with where it was read."""

    subject: Node
    predicate: Node
    object: Node
    provenance: Provenance

    def as_dict(self) -> dict:
        return {"subject": str(self.subject), "predicate": str(self.predicate), "object": str(self.object),
                "provenance": self.provenance.as_dict()}


@dataclass(frozen=True)
class EntityCard:
    """Everything the graph knows about one person or body."""

    iri: URIRef
    name: str
    types: tuple[str, ...]
    labels: tuple[str, ...]
    facts: tuple[EntityFact, ...] = field(default=())

    def as_dict(self) -> dict:
        return {"iri": str(self.iri), "name": self.name, "types": list(self.types), "labels": list(self.labels),
                "facts": [f.as_dict() for f in self.facts]}


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", str(text).lower()))


class KnowledgeGraph:
    """Quads (text layer, fact graphs, provenance) held by a Store, reached through its access path.

    The rdflib store is indexed in memory once (``graph.access.QuadTables``); an Oxigraph store (the
    build's on-disk store by default) is looked up by pattern (``graph.access.StorePaths``) and a
    SPARQL server asked each question (``graph.access.QueryPaths``), so nothing is loaded up front. Only export
    and validation read every quad, because that is what they are for.
    """

    def __init__(self, store: Store, quads: list[Quad] | None = None, timeout: float | None = 10.0,
                 size: int | None = None):
        self.store = store
        self.timeout = timeout
        self.paths = paths_for(store, quads, size)
        self.remote = self.paths.remote

    @property
    def quads(self) -> list[Quad]:
        """Every quad: the in-memory tables' own list, else a full read of the store (export, validation)."""
        if isinstance(self.paths, QuadTables):
            return self.paths.quads
        return list(self.paths.all_quads())

    def __len__(self) -> int:
        return len(self.paths)

    # Views -------------------------------------------------------------------------------
    @cached_property
    def dataset(self) -> Dataset:
        """An rdflib Dataset of all graphs (the store's own when the backend is rdflib)."""
        existing = getattr(self.store, "dataset", None)
        if isinstance(existing, Dataset):
            return existing
        from graph.stores.memory import MemoryStore

        memory = MemoryStore()
        memory.add(self.paths.all_quads())
        return memory.dataset

    def union(self) -> Graph:
        """All triples of all graphs as one rdflib Graph (what the domain shapes validate)."""
        graph = Graph()
        bind_prefixes(graph)
        graph.addN((s, p, o, graph) for s, p, o, _ in self.paths.all_quads())
        return graph

    def default_graph(self) -> Graph:
        """The provenance metadata (what the provenance shapes validate)."""
        graph = Graph()
        bind_prefixes(graph)
        graph.addN((s, p, o, graph) for s, p, o, g in self.paths.all_quads() if g is None)
        return graph

    def graphs(self) -> set[Node]:
        if isinstance(self.paths, QuadTables):
            return {q[3] for q in self.paths.quads if q[3] is not None}
        return {q[3] for q in self.paths.all_quads() if q[3] is not None}

    # Provenance --------------------------------------------------------------------------
    def provenance(self, graph_or_triple) -> list[Provenance]:
        """Provenance of a fact graph IRI, or of every fact graph asserting a triple (s, p, o)."""
        if isinstance(graph_or_triple, tuple):
            s, p, o = graph_or_triple
            graphs = {g for pp, oo, g in self.paths.outgoing(s) if pp == p and oo == o}
        else:
            graphs = {URIRef(str(graph_or_triple))}
        return sorted(self.paths.provenance(graphs).values(), key=lambda pr: (pr.document_id, pr.start, pr.extractor))

    def facts_about(self, node) -> list[EntityFact]:
        """Every fact-graph triple with ``node`` as subject or object, each with its provenance."""
        node = URIRef(str(node))
        quads = [(node, p, o, g) for p, o, g in self.paths.outgoing(node)]
        quads += [(s, p, node, g) for s, p, g in self.paths.incoming(node) if s != node]
        provenance = self.paths.provenance({q[3] for q in quads})
        out = {EntityFact(s, p, o, provenance[g]) for s, p, o, g in quads if g in provenance}
        return sorted(out, key=lambda f: (f.provenance.document_id, f.provenance.start, str(f.predicate),
                                          str(f.subject), str(f.object), f.provenance.graph))

    # Entities ----------------------------------------------------------------------------
    @property
    def _names(self) -> dict[URIRef, set[str]]:
        names = self.__dict__.get("_names_table")
        if names is None:
            names = self.__dict__["_names_table"] = self.paths.names()
        return names

    def _degree(self, node) -> int:
        return len(self.paths.outgoing(node)) + len(self.paths.incoming(node))

    def find_entities(self, name: str) -> list[URIRef]:
        """Persons and bodies whose name or any surface form matches ``name`` (best first)."""
        wanted = _norm(name)
        if not wanted:
            return []
        matched = []
        for node, labels in self._names.items():
            normed = {_norm(label) for label in labels}
            if wanted in normed:
                score = 3
            elif any(wanted in n.split() or f" {wanted} " in f" {n} " for n in normed):
                score = 2
            elif any(wanted in n for n in normed):
                score = 1
            else:
                continue
            matched.append((score, node))
        # How much the graph says about a node breaks ties
        scored = [(-score, -self._degree(node), str(node), node) for score, node in matched]
        return [item[-1] for item in sorted(scored)]

    def entity(self, name: str) -> EntityCard:
        """The card of the best-matching person or body; QueryError when nothing matches."""
        found = self.find_entities(name)
        if not found:
            raise QueryError(f"No person or body called '{name}' in the graph.",
                             hint="Try a surname or part of the name, e.g. 'Tariq' or 'Improvement Board'.")
        node = found[0]
        labels = sorted(self._names.get(node, ()))
        said = fact_order(self.paths.outgoing(node), 2)
        name_value = next((str(o) for p, o, g in said if p == SCHEMA.name), None)
        pref = next((str(o) for p, o, g in said if p == SKOS.prefLabel), None)
        types = sorted({str(o) for p, o, g in said if p == RDF.type})
        return EntityCard(iri=node, name=name_value or pref or (labels[0] if labels else str(node)), types=tuple(types),
                          labels=tuple(labels), facts=tuple(self.facts_about(node)))

    # SPARQL ------------------------------------------------------------------------------
    def query(self, sparql: str, timeout: float | None = None) -> list[dict]:
        """Run a read-only SPARQL query (our prefixes predeclared); rows of {variable: rdflib term}.

        For the project's own queries: guarded, then run in-process without a limit (fast). With
        ``timeout`` it runs bounded like ``user_query``.
        """
        checked = check_query(sparql)
        if timeout is None:
            return self.store.select(checked)
        return self.user_query(checked, timeout)

    def user_query(self, sparql, timeout: float | None = None):
        """A query typed by a user (CLI, UI): guarded, then run where it can be stopped.

        The time limit (``timeout`` or the graph's default) is clamped to a floor and a ceiling;
        rows are capped and memory is capped (COUNCILKG_SPARQL_MAX_ROWS / _MAX_MB). Returns
        ``Rows`` (a list with ``truncated``).
        """
        from graph.stores.bounded import QueryLimits

        limits = QueryLimits.of(timeout if timeout is not None else self.timeout)
        return self.store.select(check_query(sparql), limits=limits)

    # Projections -------------------------------------------------------------------------
    def networkx(self):
        """A MultiDiGraph of the entity graph (IRI nodes, edges = fact triples with their graph)."""
        import networkx as nx

        projection = nx.MultiDiGraph()
        for s, p, o, g in self.paths.fact_quads():
            if not isinstance(o, URIRef) or p == RDF.type:
                continue
            projection.add_edge(s, o, key=p, predicate=p, graph=g)
        for node, labels in self._names.items():
            if node in projection:
                projection.nodes[node]["labels"] = sorted(labels)
        return projection

    def triples(self, pattern: tuple = (None, None, None), graphs: Iterable | None = None):
        """Quads matching a (s, p, o) pattern (None = any); with a subject, only fact graphs are searched."""
        s0, p0, o0 = pattern
        return self.paths.match(s0, p0, o0, graphs)
