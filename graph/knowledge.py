"""KnowledgeGraph: the built graph with read-only SPARQL, entity cards and provenance look-ups."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from councilkg.errors import QueryError
from graph.provenance import Provenance, read_provenance
from graph.sparql_guard import check_query
from graph.stores.base import Quad, Store
from graph.textlayer import TEXT_GRAPH
from ontology.namespace import KG, SCHEMA, bind_prefixes

NAME_PREDICATES = (SCHEMA.name, SKOS.prefLabel, SKOS.altLabel, RDFS.label)
ENTITY_TYPES = (KG.Person, KG.Body)


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
    """Quads (text layer, fact graphs, provenance) held by a Store, plus fast Python indexes."""

    def __init__(self, store: Store, quads: list[Quad] | None = None, timeout: float | None = 10.0):
        self.store = store
        self.quads: list[Quad] = list(quads) if quads is not None else list(store.quads())
        self.timeout = timeout
        self._by_node: dict[Node, list[Quad]] = {}
        for quad in self.quads:
            if quad[3] is None or quad[3] == TEXT_GRAPH:
                continue
            self._by_node.setdefault(quad[0], []).append(quad)
            if isinstance(quad[2], URIRef):
                self._by_node.setdefault(quad[2], []).append(quad)

    def __len__(self) -> int:
        return len(self.quads)

    # Views -------------------------------------------------------------------------------
    @cached_property
    def dataset(self) -> Dataset:
        """An rdflib Dataset of all graphs (the store's own when the backend is rdflib)."""
        existing = getattr(self.store, "dataset", None)
        if isinstance(existing, Dataset):
            return existing
        from graph.stores.memory import MemoryStore

        memory = MemoryStore()
        memory.add(self.quads)
        return memory.dataset

    def union(self) -> Graph:
        """All triples of all graphs as one rdflib Graph (what the domain shapes validate)."""
        graph = Graph()
        bind_prefixes(graph)
        graph.addN((s, p, o, graph) for s, p, o, _ in self.quads)
        return graph

    def default_graph(self) -> Graph:
        """The provenance metadata (what the provenance shapes validate)."""
        graph = Graph()
        bind_prefixes(graph)
        graph.addN((s, p, o, graph) for s, p, o, g in self.quads if g is None)
        return graph

    def graphs(self) -> set[Node]:
        return {q[3] for q in self.quads if q[3] is not None}

    # Provenance --------------------------------------------------------------------------
    @cached_property
    def _provenance(self) -> dict[URIRef, Provenance]:
        return read_provenance((s, p, o) for s, p, o, g in self.quads if g is None)

    def provenance(self, graph_or_triple) -> list[Provenance]:
        """Provenance of a fact graph IRI, or of every fact graph asserting a triple (s, p, o)."""
        if isinstance(graph_or_triple, tuple):
            s, p, o = graph_or_triple
            graphs = {q[3] for q in self._by_node.get(s, ()) if q[0] == s and q[1] == p and q[2] == o}
        else:
            graphs = {URIRef(str(graph_or_triple))}
        return sorted((self._provenance[g] for g in graphs if g in self._provenance),
                      key=lambda pr: (pr.document_id, pr.start, pr.extractor))

    def facts_about(self, node) -> list[EntityFact]:
        """Every fact-graph triple with ``node`` as subject or object, each with its provenance."""
        node = URIRef(str(node))
        out = []
        for s, p, o, g in self._by_node.get(node, ()):
            prov = self._provenance.get(g)
            if prov is not None:
                out.append(EntityFact(s, p, o, prov))
        return sorted(set(out), key=lambda f: (f.provenance.document_id, f.provenance.start, str(f.predicate)))

    # Entities ----------------------------------------------------------------------------
    @cached_property
    def _names(self) -> dict[URIRef, set[str]]:
        types = {}
        for s, p, o, g in self.quads:
            if p == RDF.type and o in ENTITY_TYPES:
                types[s] = True
        names: dict[URIRef, set[str]] = {}
        for s, p, o, g in self.quads:
            if s in types and p in NAME_PREDICATES and isinstance(o, Literal):
                names.setdefault(s, set()).add(str(o))
        return names

    def find_entities(self, name: str) -> list[URIRef]:
        """Persons and bodies whose name or any surface form matches ``name`` (best first)."""
        wanted = _norm(name)
        if not wanted:
            return []
        scored = []
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
            scored.append((-score, -len(self._by_node.get(node, ())), str(node), node))
        return [item[-1] for item in sorted(scored)]

    def entity(self, name: str) -> EntityCard:
        """The card of the best-matching person or body; QueryError when nothing matches."""
        found = self.find_entities(name)
        if not found:
            raise QueryError(f"No person or body called '{name}' in the graph.",
                             hint="Try a surname or part of the name, e.g. 'Tariq' or 'Improvement Board'.")
        node = found[0]
        labels = sorted(self._names.get(node, ()))
        name_value = next((str(o) for s, p, o, g in self._by_node.get(node, ()) if s == node and p == SCHEMA.name), None)
        pref = next((str(o) for s, p, o, g in self._by_node.get(node, ()) if s == node and p == SKOS.prefLabel), None)
        types = sorted({str(o) for s, p, o, g in self._by_node.get(node, ()) if s == node and p == RDF.type})
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
        for s, p, o, g in self.quads:
            if g is None or g == TEXT_GRAPH or not isinstance(o, URIRef) or p == RDF.type:
                continue
            projection.add_edge(s, o, key=p, predicate=p, graph=g)
        for node, labels in self._names.items():
            if node in projection:
                projection.nodes[node]["labels"] = sorted(labels)
        return projection

    def triples(self, pattern: tuple = (None, None, None), graphs: Iterable | None = None):
        """Quads matching a (s, p, o) pattern (None = any); with a subject, only fact graphs are searched."""
        s0, p0, o0 = pattern
        wanted = set(graphs) if graphs is not None else None
        for s, p, o, g in (self._by_node.get(s0, ()) if s0 is not None else self.quads):
            if (s0 is None or s == s0) and (p0 is None or p == p0) and (o0 is None or o == o0) \
                    and (wanted is None or g in wanted):
                yield s, p, o, g
