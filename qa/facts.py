"""Fact tables: the graph's facts read once, at engine load, into plain dicts keyed by node.

Structured answers and traces then cost dictionary look-ups instead of a SPARQL query per
question (rdflib's in-memory SPARQL takes seconds on joins at this size). Each triple keeps its
named graph, whose provenance (document span) becomes the answer's citation.
"""
from __future__ import annotations

from collections import defaultdict

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from ontology.namespace import KG, ORG, SCHEMA

NAME_PREDICATES = (SCHEMA.name, SKOS.prefLabel, RDFS.label, SKOS.altLabel)


class FactTables:
    """Triples by subject and by object (each with its graph), types, labels and provenance."""

    def __init__(self, graph, engine=None):
        from graph.textlayer import TEXT_GRAPH

        self.graph = graph
        self.out: dict = defaultdict(list)
        self.inc: dict = defaultdict(list)
        self.types: dict = defaultdict(set)
        seen = set()
        for s, p, o, g in graph.quads:
            if g is None or g == TEXT_GRAPH or (s, p, o, g) in seen:
                continue
            seen.add((s, p, o, g))
            self.out[s].append((p, o, g))
            if isinstance(o, URIRef):
                self.inc[o].append((s, p, g))
            if p == RDF.type:
                self.types[s].add(o)
        self.by_type: dict = defaultdict(list)
        for s, types in self.types.items():
            for t in types:
                self.by_type[t].append(s)
        self._prov: dict = {}

    @classmethod
    def from_graph(cls, graph, engine=None) -> "FactTables":
        return cls(graph, engine)

    # Reading ----------------------------------------------------------------------------
    def values(self, s, p) -> list[tuple]:
        """(object, graph) pairs of ``s p ?o``, distinct objects in first-seen order."""
        seen, out = set(), []
        for pred, o, g in self.out.get(s, ()):
            if pred == p and o not in seen:
                seen.add(o)
                out.append((o, g))
        return out

    def value(self, s, p):
        found = self.values(s, p)
        return found[0][0] if found else None

    def subjects(self, p, o) -> list[tuple]:
        seen, out = set(), []
        for s, pred, g in self.inc.get(o, ()):
            if pred == p and s not in seen:
                seen.add(s)
                out.append((s, g))
        return out

    def label(self, node) -> str:
        if isinstance(node, Literal):
            return str(node)
        for p in NAME_PREDICATES:
            v = self.value(node, p)
            if v is not None:
                return str(v)
        return str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def is_a(self, node, cls) -> bool:
        return cls in self.types.get(node, ())

    def provenance(self, g):
        """The Provenance of fact graph ``g`` (document span, paragraph), or None."""
        if g not in self._prov:
            found = self.graph.provenance(g)
            self._prov[g] = found[0] if found else None
        return self._prov[g]

    def graph_of(self, s, p, o):
        for pred, obj, g in self.out.get(s, ()):
            if pred == p and obj == o:
                return g
        return None

    # Convenience ------------------------------------------------------------------------
    def person_name(self, person) -> str:
        return self.label(person)

    def post_of(self, person) -> tuple[str | None, object]:
        """A post label the person holds (and the graph stating it), if the graph knows one."""
        for holding, g in self.subjects(ORG.member, person):
            post = self.value(holding, KG.post)
            if post is not None:
                return self.label(post), self.graph_of(holding, KG.post, post)
        return None, None
