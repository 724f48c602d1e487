"""How readers reach the facts: dictionary look-ups over quads in memory, or queries to a server.

Both classes answer the same small questions — what is said about a node, which nodes have a
type, where a fact graph was read, which names persons and bodies go by — so KnowledgeGraph and
the QA engine's fact tables never iterate over "all quads". ``QuadTables`` indexes the quads of
an embedded store once (fast for one machine); ``QueryPaths`` asks a SPARQL server each question
(nothing is loaded up front, so a command starts in constant time whatever the graph's size).

Both return their lists in one canonical order (``fact_order``: document, offsets, extractor,
then predicate and object), so an answer cannot depend on which store held the quads.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from graph.provenance import Provenance, read_provenance
from graph.stores.base import Quad
from graph.textlayer import TEXT_GRAPH
from ontology.namespace import KG, OA, PROV, SCHEMA

NAME_PREDICATES = (SCHEMA.name, SKOS.prefLabel, SKOS.altLabel, RDFS.label)
ENTITY_TYPES = (KG.Person, KG.Body)
_FACT_PREFIX = None  # set lazily (graph.stores.partition imports this module's neighbours)


def _fact_prefix() -> str:
    global _FACT_PREFIX
    if _FACT_PREFIX is None:
        from graph.stores.partition import FACT_PREFIX

        _FACT_PREFIX = FACT_PREFIX
    return _FACT_PREFIX


def graph_key(g, rank: dict | None = None) -> tuple:
    """Sort key of a fact graph ``…/fact/{doc}/{start}-{end}/{extractor}``: reading order of the corpus."""
    parsed = _parsed_graph(str(g))
    if parsed[0]:
        return parsed
    doc = parsed[2]
    return (0, (rank or {}).get(doc, len(rank or ())), *parsed[2:])


@lru_cache(maxsize=500_000)
def _parsed_graph(text: str) -> tuple:
    """A fact graph's IRI read once (a node's facts are sorted on every read, and the same graphs recur)."""
    prefix = _fact_prefix()
    if not text.startswith(prefix):
        return (1, 0, text, 0, 0, "")
    doc, _, rest = text[len(prefix):].partition("/")
    span, _, extractor = rest.partition("/")
    start, _, end = span.partition("-")
    try:
        a, b = int(start), int(end)
    except ValueError:
        a = b = 0
    return (0, None, doc, a, b, extractor)


def fact_order(items: list[tuple], graph_at: int, rank: dict | None = None) -> list[tuple]:
    """``items`` sorted by their fact graph (at index ``graph_at``), then by their other terms."""
    return sorted(items, key=lambda t: (graph_key(t[graph_at], rank), tuple(str(x) for x in t)))


def is_fact_graph(g) -> bool:
    return g is not None and g != TEXT_GRAPH


class QuadTables:
    """Quads in memory, indexed once by node: the embedded stores' access path."""

    remote = False

    def __init__(self, quads: list[Quad]):
        self.quads = quads
        self.out: dict[Node, list[tuple]] = {}
        self.inc: dict[Node, list[tuple]] = {}
        self.typed: dict[Node, list[tuple]] = {}
        seen = set()
        for quad in quads:
            s, p, o, g = quad
            if not is_fact_graph(g) or quad in seen:
                continue
            seen.add(quad)
            self.out.setdefault(s, []).append((p, o, g))
            if isinstance(o, URIRef):
                self.inc.setdefault(o, []).append((s, p, g))
            if p == RDF.type:
                self.typed.setdefault(o, []).append((s, g))

    def __len__(self) -> int:
        return len(self.quads)

    def outgoing(self, node) -> list[tuple]:
        return list(self.out.get(node, ()))

    def incoming(self, node) -> list[tuple]:
        return list(self.inc.get(node, ()))

    def outgoing_of_type(self, cls) -> dict[Node, list[tuple]]:
        return {s: self.outgoing(s) for s in dict.fromkeys(s for s, _ in self.typed.get(cls, ()))}

    def of_type(self, cls) -> list[tuple]:
        """(node, graph) of every ``node a cls`` statement in a fact graph."""
        return list(self.typed.get(cls, ()))

    def provenance(self, graphs: Iterable) -> dict[URIRef, Provenance]:
        table = self._provenance_table
        return {g: table[g] for g in graphs if g in table}

    @property
    def _provenance_table(self) -> dict[URIRef, Provenance]:
        table = self.__dict__.get("_prov")
        if table is None:
            table = self.__dict__["_prov"] = read_provenance((s, p, o) for s, p, o, g in self.quads if g is None)
        return table

    def names(self) -> dict[Node, set[str]]:
        entities = {s for cls in ENTITY_TYPES for s, _ in self.typed.get(cls, ())}
        names: dict[Node, set[str]] = {}
        for s, p, o, g in self.quads:
            if s in entities and p in NAME_PREDICATES and isinstance(o, Literal):
                names.setdefault(s, set()).add(str(o))
        return names

    def nodes_quoting(self, paragraph_id: str) -> list[tuple]:
        """(node, graph) of every fact-graph subject whose graph was read from the paragraph."""
        return list(self._quoting_index.get(paragraph_id, ()))

    @property
    def _quoting_index(self) -> dict[str, list[tuple]]:
        index = self.__dict__.get("_quoting")
        if index is None:
            paragraph_of = {g: prov.paragraph_id for g, prov in self._provenance_table.items()}
            index = self.__dict__["_quoting"] = {}
            for s, triples in self.out.items():
                for _, _, g in triples:
                    if g in paragraph_of:
                        index.setdefault(paragraph_of[g], []).append((s, g))
        return index

    def quoting(self, paragraph_ids) -> tuple[dict[str, list[tuple]], dict]:
        """``nodes_quoting`` of every paragraph at once, and each of their graphs' fact count (``count_in``)."""
        index = self._quoting_index
        graphs = {g for pid in paragraph_ids for _, g in index.get(pid, ())}
        return ({pid: list(index[pid]) for pid in paragraph_ids if pid in index},
                {g: self.count_in([g]) for g in graphs})

    def graphs_of(self, node) -> set:
        """The fact graphs that state something about ``node``."""
        return {g for _, _, g in self.out.get(node, ())}

    def outgoing_with(self, node, predicate) -> list[tuple]:
        """(object, graph) of ``node predicate ?o`` in fact graphs."""
        return [(o, g) for p, o, g in self.out.get(node, ()) if p == predicate]

    def incoming_with(self, node, predicate) -> list[tuple]:
        """(subject, graph) of ``?s predicate node`` in fact graphs."""
        return [(s, g) for s, p, g in self.inc.get(node, ()) if p == predicate]

    def types_of(self, node) -> set:
        """The classes fact graphs give ``node``."""
        return {o for p, o, _ in self.out.get(node, ()) if p == RDF.type}

    def count_in(self, graphs) -> int:
        """How many fact quads the named graphs hold."""
        sizes = self.__dict__.get("_sizes")
        if sizes is None:
            sizes = self.__dict__["_sizes"] = {}
            for triples in self.out.values():
                for _, _, g in triples:
                    sizes[g] = sizes.get(g, 0) + 1
        return sum(sizes.get(g, 0) for g in set(graphs))

    def match(self, s=None, p=None, o=None, graphs=None) -> Iterator[Quad]:
        wanted = set(graphs) if graphs is not None else None
        if s is not None:
            candidates = ((s, pp, oo, g) for pp, oo, g in self.out.get(s, ()))
        else:
            candidates = iter(self.quads)
        for quad in candidates:
            if (p is None or quad[1] == p) and (o is None or quad[2] == o) and (wanted is None or quad[3] in wanted):
                yield quad

    def fact_quads(self) -> Iterator[Quad]:
        for s, triples in self.out.items():
            for p, o, g in triples:
                yield s, p, o, g

    def all_quads(self) -> Iterator[Quad]:
        return iter(self.quads)


class QueryPaths:
    """The same questions as SPARQL queries to a server store (``graph.stores.sparql``)."""

    remote = True

    def __init__(self, store):
        self.store = store
        self._names: dict | None = None

    def _rows(self, sparql: str) -> list[dict]:
        return self.store.run(sparql, timeout=120)  # our own queries: no user guard, a generous limit

    def _facts(self, body: str) -> str:
        """A query restricted to fact graphs (not the text layer or provenance graphs)."""
        return f'{body} FILTER(STRSTARTS(STR(?g), "{_fact_prefix()}"))'

    def __len__(self) -> int:
        return len(self.store)

    def outgoing(self, node) -> list[tuple]:
        rows = self._rows(f"SELECT DISTINCT ?p ?o ?g WHERE {{ GRAPH ?g {{ {node.n3()} ?p ?o }} "
                          + self._facts("") + " }")
        return [(r["p"], r["o"], r["g"]) for r in rows]

    def incoming(self, node) -> list[tuple]:
        if not isinstance(node, URIRef):
            return []
        rows = self._rows(f"SELECT DISTINCT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p {node.n3()} }} " + self._facts("") + " }")
        return [(r["s"], r["p"], r["g"]) for r in rows]

    def outgoing_of_type(self, cls) -> dict[Node, list[tuple]]:
        """Every triple about every node of a type, in one query (a loop over them then costs no round trips).

        The nodes are made distinct first (the subquery): a node typed in many fact graphs (an authority
        stated in a thousand reports) joined with its facts as one pattern made typing graphs × facts
        rows before DISTINCT — kg:Body at 251 reports ran past Oxigraph's 30 s limit; 0.6 s this way.
        """
        rows = self._rows(f"SELECT DISTINCT ?s ?p ?o ?g WHERE {{ {{ SELECT DISTINCT ?s WHERE {{ GRAPH ?t {{ ?s a {cls.n3()} }} "
                          f'FILTER(STRSTARTS(STR(?t), "{_fact_prefix()}")) }} }} GRAPH ?g {{ ?s ?p ?o }} '
                          + self._facts("") + " }")
        out: dict[Node, list[tuple]] = {}
        for r in rows:
            out.setdefault(r["s"], []).append((r["p"], r["o"], r["g"]))
        return out

    def of_type(self, cls) -> list[tuple]:
        rows = self._rows(f"SELECT DISTINCT ?s ?g WHERE {{ GRAPH ?g {{ ?s a {cls.n3()} }} " + self._facts("") + " }")
        return [(r["s"], r["g"]) for r in rows]

    def provenance(self, graphs: Iterable) -> dict[URIRef, Provenance]:
        graphs = [URIRef(str(g)) for g in dict.fromkeys(graphs) if g is not None]
        found: dict[URIRef, Provenance] = {}
        for start in range(0, len(graphs), 200):
            values = " ".join(g.n3() for g in graphs[start:start + 200])
            rows = self._rows(f"""SELECT ?g ?span ?para ?run ?doc ?pos ?start ?end ?quote ?exact ?name ?version WHERE {{
                VALUES ?g {{ {values} }}
                GRAPH ?h {{ ?g a <{KG.FactGraph}> ; <{PROV.wasDerivedFrom}> ?span ; <{PROV.wasQuotedFrom}> ?para ;
                             <{PROV.wasGeneratedBy}> ?run }}
                OPTIONAL {{ GRAPH ?h1 {{ ?span <{OA.hasSource}> ?doc }} }}
                OPTIONAL {{ GRAPH ?h2 {{ ?span <{OA.hasSelector}> ?pos . ?pos <{OA.start}> ?start ; <{OA.end}> ?end }} }}
                OPTIONAL {{ GRAPH ?h3 {{ ?span <{OA.hasSelector}> ?quote . ?quote <{OA.exact}> ?exact }} }}
                OPTIONAL {{ GRAPH ?h4 {{ ?run <{KG.extractorName}> ?name ; <{KG.extractorVersion}> ?version }} }}
            }}""")
            # The rows restated as the provenance triples read_provenance reads from an embedded store
            triples = []
            for r in rows:
                g, span, run = r["g"], r["span"], r["run"]
                triples += [(g, RDF.type, KG.FactGraph), (g, PROV.wasDerivedFrom, span),
                            (g, PROV.wasQuotedFrom, r["para"]), (g, PROV.wasGeneratedBy, run)]
                if "doc" in r:
                    triples.append((span, OA.hasSource, r["doc"]))
                if "pos" in r:
                    triples += [(span, OA.hasSelector, r["pos"]), (r["pos"], OA.start, r["start"]),
                                (r["pos"], OA.end, r["end"])]
                if "quote" in r:
                    triples += [(span, OA.hasSelector, r["quote"]), (r["quote"], OA.exact, r["exact"])]
                if "name" in r:
                    triples += [(run, KG.extractorName, r["name"]), (run, KG.extractorVersion, r["version"])]
            found.update(read_provenance(triples))
        return found

    def names(self) -> dict[Node, set[str]]:
        if self._names is None:
            preds = " ".join(p.n3() for p in NAME_PREDICATES)
            types = " ".join(t.n3() for t in ENTITY_TYPES)
            rows = self._rows(f"SELECT DISTINCT ?s ?name WHERE {{ VALUES ?t {{ {types} }} VALUES ?p {{ {preds} }} "
                              f"GRAPH ?g1 {{ ?s a ?t }} GRAPH ?g2 {{ ?s ?p ?name }} FILTER(isLiteral(?name)) }}")
            names: dict[Node, set[str]] = {}
            for r in rows:
                names.setdefault(r["s"], set()).add(str(r["name"]))
            self._names = names
        return self._names

    def nodes_quoting(self, paragraph_id: str) -> list[tuple]:
        from graph.iris import iri

        para = iri.paragraph(paragraph_id)
        rows = self._rows(f"SELECT DISTINCT ?s ?g WHERE {{ GRAPH ?h {{ ?g <{PROV.wasQuotedFrom}> {para.n3()} }} "
                          f"GRAPH ?g {{ ?s ?p ?o }} }}")
        return [(r["s"], r["g"]) for r in rows]

    QUOTING_BATCH = 2000  # paragraphs per query: 18 queries at 251 reports' 36k paragraphs

    def quoting(self, paragraph_ids) -> tuple[dict[str, list[tuple]], dict]:
        """``nodes_quoting`` of every paragraph at once, and each of their graphs' fact count (``count_in``), as
        ``StorePaths.quoting`` gives them: one query per batch of paragraphs (each fact graph's subjects with their
        statement counts), where answers otherwise ask two queries per paragraph on first touching it.

        The quoting statements are read from the merged graph (``UNION_GRAPH``, each once: a provenance graph's
        copy there would count every fact twice)."""
        from graph.iris import iri
        from graph.stores.sparql import UNION_GRAPH

        ids = list(dict.fromkeys(paragraph_ids))
        out: dict[str, list[tuple]] = {}
        sizes: dict = {}
        counted = set()  # (graph, subject): a graph read from two paragraphs is counted once
        for start in range(0, len(ids), self.QUOTING_BATCH):
            batch = {iri.paragraph(pid): pid for pid in ids[start:start + self.QUOTING_BATCH]}
            values = " ".join(p.n3() for p in batch)
            rows = self._rows(f"SELECT ?para ?g ?s (COUNT(*) AS ?n) WHERE {{ VALUES ?para {{ {values} }} "
                              f"GRAPH <{UNION_GRAPH}> {{ ?g <{PROV.wasQuotedFrom}> ?para }} "
                              f'FILTER(STRSTARTS(STR(?g), "{_fact_prefix()}")) GRAPH ?g {{ ?s ?p ?o }} }} '
                              "GROUP BY ?para ?g ?s")
            for r in rows:
                g, s = r["g"], r["s"]
                out.setdefault(batch[r["para"]], []).append((s, g))
                if (g, s) not in counted:
                    counted.add((g, s))
                    sizes[g] = sizes.get(g, 0) + int(r["n"])
        return out, sizes

    def graphs_of(self, node) -> set:
        rows = self._rows(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {node.n3()} ?p ?o }} " + self._facts("") + " }")
        return {r["g"] for r in rows}

    def outgoing_with(self, node, predicate) -> list[tuple]:
        rows = self._rows(f"SELECT DISTINCT ?o ?g WHERE {{ GRAPH ?g {{ {node.n3()} {predicate.n3()} ?o }} "
                          + self._facts("") + " }")
        return [(r["o"], r["g"]) for r in rows]

    def incoming_with(self, node, predicate) -> list[tuple]:
        if not isinstance(node, URIRef):
            return []
        rows = self._rows(f"SELECT DISTINCT ?s ?g WHERE {{ GRAPH ?g {{ ?s {predicate.n3()} {node.n3()} }} "
                          + self._facts("") + " }")
        return [(r["s"], r["g"]) for r in rows]

    def types_of(self, node) -> set:
        rows = self._rows(f"SELECT DISTINCT ?o WHERE {{ GRAPH ?g {{ {node.n3()} a ?o }} " + self._facts("") + " }")
        return {r["o"] for r in rows}

    def count_in(self, graphs) -> int:
        graphs = [URIRef(str(g)) for g in dict.fromkeys(graphs) if g is not None]
        if not graphs:
            return 0
        values = " ".join(g.n3() for g in graphs)
        rows = self._rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
        return int(rows[0]["n"]) if rows else 0

    def match(self, s=None, p=None, o=None, graphs=None) -> Iterator[Quad]:
        from graph.stores.partition import from_server_graph

        terms = [t.n3() if t is not None else v for t, v in ((s, "?s"), (p, "?p"), (o, "?o"))]
        values = ""
        if graphs is not None:
            graphs = [g for g in graphs if g is not None]
            if not graphs:
                return
            values = "VALUES ?g { " + " ".join(URIRef(str(g)).n3() for g in graphs) + " } "
        restrict = self._facts("") if s is not None else ""
        rows = self._rows(f"SELECT ?s ?p ?o ?g WHERE {{ {values}GRAPH ?g {{ {' '.join(terms)} }} {restrict} }}")
        for r in rows:
            yield r.get("s", s), r.get("p", p), r.get("o", o), from_server_graph(r["g"])

    def fact_quads(self) -> Iterator[Quad]:
        rows = self._rows("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } " + self._facts("") + " }")
        for r in rows:
            yield r["s"], r["p"], r["o"], r["g"]

    def all_quads(self) -> Iterator[Quad]:
        return self.store.quads()


class StorePaths:
    """The same questions as pattern look-ups in an embedded Oxigraph store (in memory or on disk).

    Why: the build's on-disk store (``build/graph/store``) opens in milliseconds, and a look-up
    by subject, object or type reads a few index entries, so a command over 2 M quads starts in
    constant time and holds only what it asked for — instead of every quad as rdflib objects
    (≈ 5 GB and minutes at 250 Ofsted reports). Semantics are those of ``QuadTables``.
    """

    remote = False

    def __init__(self, store, size: int | None = None):
        import pyoxigraph as ox

        from graph.stores.convert import from_ox, to_ox

        self.ox = ox
        self.native = store.store
        self.store = store
        self._size = size
        self._from, self._to = from_ox, to_ox
        self._text = to_ox(TEXT_GRAPH)
        self._default = ox.DefaultGraph()

    def _fact(self, g) -> bool:
        return not isinstance(g, self.ox.DefaultGraph) and g != self._text

    def __len__(self) -> int:
        if self._size is None:
            self._size = len(self.native)
        return self._size

    def outgoing(self, node) -> list[tuple]:
        f = self._from
        return [(f(q.predicate), f(q.object), f(q.graph_name))
                for q in self.native.quads_for_pattern(self._to(node), None, None, None) if self._fact(q.graph_name)]

    def incoming(self, node) -> list[tuple]:
        if not isinstance(node, URIRef):
            return []
        f = self._from
        return [(f(q.subject), f(q.predicate), f(q.graph_name))
                for q in self.native.quads_for_pattern(None, None, self._to(node), None) if self._fact(q.graph_name)]

    def of_type(self, cls) -> list[tuple]:
        f = self._from
        return [(f(q.subject), f(q.graph_name))
                for q in self.native.quads_for_pattern(None, self._to(RDF.type), self._to(cls), None)
                if self._fact(q.graph_name)]

    def outgoing_of_type(self, cls) -> dict[Node, list[tuple]]:
        """Each typed node once: a node is typed in every fact graph that mentions it (Ofsted's body
        in 1,000-odd graphs at 250 reports), and reading its facts per typing statement took minutes."""
        return {s: self.outgoing(s) for s in dict.fromkeys(s for s, _ in self.of_type(cls))}

    def _described(self, node) -> list[tuple]:
        """The default graph's (provenance metadata's) triples about ``node``."""
        f = self._from
        return [(node, f(q.predicate), f(q.object))
                for q in self.native.quads_for_pattern(self._to(node), None, None, self._default)]

    def provenance(self, graphs: Iterable) -> dict[URIRef, Provenance]:
        triples, seen = [], set()

        def describe(node):
            if node is not None and node not in seen and not isinstance(node, Literal):
                seen.add(node)
                found = self._described(node)
                triples.extend(found)
                return found
            return []

        for g in graphs:
            if g is None:
                continue
            for _, p, o in describe(URIRef(str(g))):
                if p in (PROV.wasDerivedFrom, PROV.wasGeneratedBy):
                    for _, p2, o2 in describe(o):
                        if p2 == OA.hasSelector:
                            describe(o2)
        return read_provenance(triples)

    def names(self) -> dict[Node, set[str]]:
        entities = {s for cls in ENTITY_TYPES for s, _ in self.of_type(cls)}
        names: dict[Node, set[str]] = {}
        f = self._from
        for s in entities:
            for p in NAME_PREDICATES:
                for q in self.native.quads_for_pattern(self._to(s), self._to(p), None, None):
                    if isinstance(q.object, self.ox.Literal):
                        names.setdefault(s, set()).add(str(f(q.object)))
        return names

    def nodes_quoting(self, paragraph_id: str) -> list[tuple]:
        from graph.iris import iri

        f = self._from
        out = []
        quoted = self.native.quads_for_pattern(None, self._to(PROV.wasQuotedFrom), self._to(iri.paragraph(paragraph_id)),
                                               self._default)
        for q in quoted:
            g = q.subject
            if not self._fact(g):
                continue
            subjects = dict.fromkeys(fact.subject for fact in self.native.quads_for_pattern(None, None, None, g))
            out += [(f(s), f(g)) for s in subjects]
        return out

    def quoting(self, paragraph_ids) -> tuple[dict[str, list[tuple]], dict]:
        """``nodes_quoting`` of every paragraph at once, and each of their graphs' fact count (``count_in``): one
        pass over the quoting statements and one look-up per fact graph (about 13 s at 251 reports, in the build),
        where answers otherwise read two look-ups per paragraph on first touching it (1-2 ms each)."""
        from graph.iris import iri

        wanted = {self._to(iri.paragraph(pid)): pid for pid in paragraph_ids}
        graphs_of: dict[str, list] = {}
        for q in self.native.quads_for_pattern(None, self._to(PROV.wasQuotedFrom), None, self._default):
            pid = wanted.get(q.object)
            if pid is not None and self._fact(q.subject):
                graphs_of.setdefault(pid, []).append(q.subject)
        f, read, sizes, out = self._from, {}, {}, {}
        for pid, graphs in graphs_of.items():
            pairs = []
            for g in graphs:
                if g not in read:
                    subjects, n = {}, 0
                    for fact in self.native.quads_for_pattern(None, None, None, g):
                        subjects[fact.subject] = None
                        n += 1
                    read[g] = [(f(s), f(g)) for s in subjects]
                    sizes[f(g)] = n
                pairs += read[g]
            out[pid] = pairs
        return out, sizes

    def graphs_of(self, node) -> set:
        graphs = {q.graph_name for q in self.native.quads_for_pattern(self._to(node), None, None, None)}
        return {self._from(g) for g in graphs if self._fact(g)}

    def outgoing_with(self, node, predicate) -> list[tuple]:
        f = self._from
        return [(f(q.object), f(q.graph_name))
                for q in self.native.quads_for_pattern(self._to(node), self._to(predicate), None, None) if self._fact(q.graph_name)]

    def incoming_with(self, node, predicate) -> list[tuple]:
        if not isinstance(node, URIRef):
            return []
        f = self._from
        return [(f(q.subject), f(q.graph_name))
                for q in self.native.quads_for_pattern(None, self._to(predicate), self._to(node), None) if self._fact(q.graph_name)]

    def types_of(self, node) -> set:
        return {self._from(q.object) for q in self.native.quads_for_pattern(self._to(node), self._to(RDF.type), None, None)
                if self._fact(q.graph_name)}

    def count_in(self, graphs) -> int:
        return sum(1 for g in set(graphs) if g is not None
                   for _ in self.native.quads_for_pattern(None, None, None, self._to(URIRef(str(g)))))

    def match(self, s=None, p=None, o=None, graphs=None) -> Iterator[Quad]:
        to = self._to
        terms = [to(t) if t is not None else None for t in (s, p, o)]
        if graphs is not None:
            wanted = [self._default if g is None else to(URIRef(str(g))) for g in dict.fromkeys(graphs)]
            found = (q for g in wanted for q in self.native.quads_for_pattern(*terms, g))
        else:
            found = self.native.quads_for_pattern(*terms, None)
        from graph.stores.convert import from_ox_quad

        for q in found:
            if s is not None and not self._fact(q.graph_name):
                continue
            yield from_ox_quad(q)

    def fact_quads(self) -> Iterator[Quad]:
        from graph.stores.convert import from_ox_quad

        for q in self.native.quads_for_pattern(None, None, None, None):
            if self._fact(q.graph_name):
                yield from_ox_quad(q)

    def all_quads(self) -> Iterator[Quad]:
        """Every quad, exactly as built: an on-disk build's are read from its graph.nq, because the
        store keeps a number's value, not its datatype (xsd:nonNegativeInteger comes back as
        xsd:integer), and export and validation want the build itself."""
        from graph.stores.convert import from_ox_quad

        if getattr(self.store, "exact_file", None) is not None:
            import pyoxigraph as ox

            return (from_ox_quad(q) for q in ox.parse(path=str(self.store.exact_file), format=ox.RdfFormat.N_QUADS))
        return (from_ox_quad(q) for q in self.native.quads_for_pattern(None, None, None, None))


def paths_for(store, quads: list[Quad] | None = None, size: int | None = None):
    """The access path of a store: queries for a server, pattern look-ups for Oxigraph, in-memory tables otherwise."""
    if getattr(store, "remote", False):
        return QueryPaths(store)
    if getattr(store, "name", "") == "oxigraph":
        return StorePaths(store, size)
    return QuadTables(list(quads) if quads is not None else list(store.quads()))
