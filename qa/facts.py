"""Fact tables: the graph's facts by node, read on demand and kept, as plain dicts.

Structured answers and traces then cost dictionary look-ups instead of a SPARQL query per
step (rdflib's in-memory SPARQL takes seconds on joins at this size). Each triple keeps its
named graph, whose provenance (document span) becomes the answer's citation.
"""
from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from graph.access import fact_order
from ontology.namespace import KG, ORG, SCHEMA

NAME_PREDICATES = (SCHEMA.name, SKOS.prefLabel, RDFS.label, SKOS.altLabel)


class LazyTable(dict):
    """A dict filled on first look-up of each key (``get`` too) by ``load(key)``, so building one never
    walks the whole graph."""

    def __init__(self, load):
        super().__init__()
        self._load = load

    def __missing__(self, key):
        value = self[key] = self._load(key)
        return value

    def get(self, key, default=None):
        return self[key]


class _Lazy(LazyTable):
    """A LazyTable of lists or sets: an empty value counts as absent (``get``'s default, ``in``)."""

    def get(self, key, default=None):
        value = self[key]
        return value if value or default is None else default

    def __contains__(self, key):
        return bool(self[key])


class FactTables:
    """Triples by subject and by object (each with its graph), types, labels and provenance.

    The tables are filled on demand from the graph's access path (``graph.access``): from memory
    for an embedded store, by SPARQL queries for a server, so a large graph is never read whole.
    Asking for the nodes of a type fetches what is said about all of them in one query. Every
    list is in the canonical reading order (``graph.access.fact_order``), whichever store held
    the quads, so answers do not depend on the store.
    """

    def __init__(self, graph, engine=None):
        self.graph = graph
        paths = graph.paths
        corpus = getattr(engine, "corpus", None)
        self._rank = {d.id: i for i, d in enumerate(corpus.documents)} if corpus is not None else {}
        self.out: dict = _Lazy(lambda s: fact_order(paths.outgoing(s), 2, self._rank))
        self.inc: dict = _Lazy(lambda o: fact_order(paths.incoming(o), 2, self._rank))
        # (subject, predicate) → [(object, graph)], for look-ups without scanning a node's facts
        self.by_sp: dict = _Lazy(lambda sp: [(o, g) for p, o, g in self.out[sp[0]] if p == sp[1]])
        self.types: dict = _Lazy(lambda s: {o for p, o, g in self.out[s] if p == RDF.type})
        self.by_type: dict = _Lazy(self._of_type)
        self._paths = paths
        self._prov: dict = {}
        self._labels: dict = {}

    def _of_type(self, cls) -> list:
        for s, triples in self._paths.outgoing_of_type(cls).items():
            if s not in dict.keys(self.out):
                dict.__setitem__(self.out, s, fact_order(triples, 2, self._rank))
        typed = fact_order(self._paths.of_type(cls), 1, self._rank)
        return list(dict.fromkeys(s for s, g in typed))

    def nodes_quoting(self, paragraph_id: str) -> list:
        """Nodes stated by fact graphs read from one paragraph, in reading order."""
        return list(dict.fromkeys(s for s, g in fact_order(self._paths.nodes_quoting(paragraph_id), 1, self._rank)))

    def count_quoting(self, paragraph_id: str) -> int:
        """How many facts the fact graphs read from one paragraph state."""
        pairs = fact_order(self._paths.nodes_quoting(paragraph_id), 1, self._rank)
        graphs = {g for _, g in pairs}
        return sum(1 for s in dict.fromkeys(s for s, _ in pairs) for _, _, g in self.out.get(s, ()) if g in graphs)

    @classmethod
    def from_graph(cls, graph, engine=None) -> "FactTables":
        return cls(graph, engine)

    # Reading ----------------------------------------------------------------------------
    def values(self, s, p) -> list[tuple]:
        """(object, graph) pairs of ``s p ?o``, distinct objects in first-seen order."""
        seen, out = set(), []
        for o, g in self.by_sp.get((s, p), ()):
            if o not in seen:
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
        found = self._labels.get(node)
        if found is None:
            found = next((str(v) for p in NAME_PREDICATES if (v := self.value(node, p)) is not None),
                         str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1])
            self._labels[node] = found
        return found

    def is_a(self, node, cls) -> bool:
        return cls in self.types.get(node, ())

    def provenance(self, g):
        """The Provenance of fact graph ``g`` (document span, paragraph), or None."""
        if g not in self._prov:
            found = self.graph.provenance(g)
            self._prov[g] = found[0] if found else None
        return self._prov[g]

    def provenance_many(self, graphs) -> None:
        """Read the provenance of many fact graphs at once (one query on a server)."""
        wanted = [g for g in dict.fromkeys(graphs) if g is not None and g not in self._prov]
        if wanted:
            found = self._paths.provenance(wanted)
            for g in wanted:
                self._prov[g] = found.get(g)

    def graph_of(self, s, p, o):
        for obj, g in self.by_sp.get((s, p), ()):
            if obj == o:
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
