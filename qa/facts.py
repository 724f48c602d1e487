"""Fact tables: the graph's facts by node, read on demand and kept, as plain dicts.

Structured answers and traces then cost dictionary look-ups instead of a SPARQL query per
step (rdflib's in-memory SPARQL takes seconds on joins at this size). Each triple keeps its
named graph, whose provenance (document span) becomes the answer's citation.
"""
from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from graph.access import fact_order
from graph.iris import fact_graph_span
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
        self.by_sp: dict = _Lazy(self._with_predicate)
        # a node's classes, from its facts when they are read already, else asked alone (the inspectorate's
        # thousands of facts are not read to learn that it is a Body)
        self.types: dict = _Lazy(lambda s: {o for p, o, g in self.out[s] if p == RDF.type}
                                 if dict.__contains__(self.out, s) else paths.types_of(s))
        self.by_type: dict = _Lazy(self._of_type)
        self._paths = paths
        self._prov: dict = {}
        self._labels: dict = {}
        self._typed_in: dict = {}  # node -> the fact graphs stating its type (read with by_type)
        self._documents: dict = {}  # node -> the documents stating something about it (documents_of)
        self._incoming_of: dict = LazyTable(self._read_incoming)  # (node, predicates) -> incoming_of

    def _with_predicate(self, sp) -> list[tuple]:
        """(object, graph) of one subject and predicate: from the subject's facts when they are read already,
        else asked alone (a label look-up does not read the thousands of facts the inspectorate has)."""
        s, p = sp
        if dict.__contains__(self.out, s):
            # every predicate of the subject in one pass over its facts (an inspection states hundreds; reading
            # them once per predicate took 0.2 s of a cold ask at 251 reports)
            grouped: dict = {}
            for pp, o, g in self.out[s]:
                grouped.setdefault(pp, []).append((o, g))
            for pp, found in grouped.items():
                if pp != p and not dict.__contains__(self.by_sp, (s, pp)):
                    dict.__setitem__(self.by_sp, (s, pp), found)
            return grouped.get(p, [])
        return fact_order(self._paths.outgoing_with(s, p), 1, self._rank)

    def _of_type(self, cls) -> list:
        typed = fact_order(self._paths.of_type(cls), 1, self._rank)
        for s, g in typed:
            self._typed_in.setdefault(s, set()).add(g)
        nodes = list(dict.fromkeys(s for s, g in typed))
        if self._paths.remote:  # a server answers every fact of every node of the type in one query
            for s, triples in self._paths.outgoing_of_type(cls).items():
                if not dict.__contains__(self.out, s):
                    dict.__setitem__(self.out, s, fact_order(triples, 2, self._rank))
        return nodes

    def nodes_quoting(self, paragraph_id: str) -> list:
        """Nodes stated by fact graphs read from one paragraph, in reading order."""
        return list(dict.fromkeys(s for s, g in fact_order(self._paths.nodes_quoting(paragraph_id), 1, self._rank)))

    def count_quoting(self, paragraph_id: str) -> int:
        """How many facts the fact graphs read from one paragraph state (counted in the graphs, not by reading
        every fact of their subjects: one subject, the inspectorate, is stated in a thousand reports)."""
        return self._paths.count_in({g for _, g in self._paths.nodes_quoting(paragraph_id)})

    def quoting_all(self, paragraph_ids) -> dict[str, tuple] | None:
        """paragraph id -> (``nodes_quoting``, ``count_quoting``) for every paragraph of ``paragraph_ids`` that a fact
        was read from, in one pass over the graph; None when the access path has no such pass."""
        if not hasattr(self._paths, "quoting"):
            return None
        pairs_of, sizes = self._paths.quoting(paragraph_ids)
        out = {}
        for pid, pairs in pairs_of.items():
            nodes = list(dict.fromkeys(s for s, g in fact_order(pairs, 1, self._rank)))
            out[pid] = (nodes, sum(sizes.get(g, 0) for g in {g for _, g in pairs}))
        return out

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

    def incoming_of(self, node, predicates: tuple) -> list[tuple]:
        """(subject, predicate, graph) of the facts linking to ``node`` by one of ``predicates``, in reading order:
        ``inc[node]`` filtered, without reading every fact that links to it when it is not read yet (a topic tags
        thousands of paragraphs; the plan's links to it are a handful; reading them all took 37 ms a node)."""
        if dict.__contains__(self.inc, node):
            return [(s, p, g) for s, p, g in self.inc[node] if p in predicates]
        return self._incoming_of[(node, predicates)]

    def _read_incoming(self, key) -> list[tuple]:
        node, predicates = key
        return fact_order([(s, p, g) for p in predicates for s, g in self._paths.incoming_with(node, p)], 2, self._rank)

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

    def graphs_of(self, node) -> set:
        """The fact graphs stating something about ``node`` (its facts are not read to learn them)."""
        if dict.__contains__(self.out, node):
            return {g for _, _, g in self.out[node]}
        return self._paths.graphs_of(node)

    def documents_of(self, node) -> frozenset:
        """The ids of the documents whose fact graphs state something about ``node``, remembered.

        Why: a question naming a council keeps only the nodes stated in its papers, asked of every body,
        judgement and inspection per question; read from the node's graphs each time, the inspectorate's
        thousand graphs alone took 8 ms a question."""
        found = self._documents.get(node)
        if found is None:
            found = self._documents[node] = frozenset(
                d for g in self.graphs_of(node) if g is not None and (d := self.document_of(g)) is not None)
        return found

    def span_of(self, g) -> tuple[str, int, int] | None:
        """(document id, start, end) of the span fact graph ``g`` was read from: from its IRI
        (``iri.fact_graph_span``), else from its provenance."""
        found = fact_graph_span(g)
        if found is None:
            prov = self.provenance(g)
            found = (prov.document_id, prov.start, prov.end) if prov else None
        return found

    def typed_in_documents(self, node) -> set[str]:
        """The documents whose facts give ``node`` a type (known once its type's nodes are listed; else read)."""
        graphs = self._typed_in.get(node)
        if graphs is None:
            graphs = {g for p, o, g in self.out.get(node, ()) if p == RDF.type}
        return {d for g in graphs if (d := self.document_of(g)) is not None}

    def document_of(self, g) -> str | None:
        """The id of the document fact graph ``g`` was read from."""
        span = self.span_of(g)
        return span[0] if span else None

    def graph_of(self, s, p, o):
        for obj, g in self.by_sp.get((s, p), ()):
            if obj == o:
                return g
        return None

    # Convenience ------------------------------------------------------------------------
    def post_of(self, person) -> tuple[str | None, object]:
        """A post label the person holds (and the graph stating it), if the graph knows one."""
        for holding, g in self.subjects(ORG.member, person):
            post = self.value(holding, KG.post)
            if post is not None:
                return self.label(post), self.graph_of(holding, KG.post, post)
        return None, None
