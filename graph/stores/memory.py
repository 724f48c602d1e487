"""The default store: an in-memory rdflib Dataset whose default graph is the union in queries."""
from __future__ import annotations

from typing import Iterable, Iterator

from rdflib import Dataset, Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from councilkg.errors import QueryError
from graph.stores.base import Quad, with_time_limit
from ontology.namespace import bind_prefixes


class MemoryStore:
    name = "memory"

    def __init__(self) -> None:
        self.dataset = Dataset(default_union=True)
        bind_prefixes(self.dataset)

    def add(self, quads: Iterable[Quad]) -> None:
        default = self.dataset.default_graph
        contexts: dict[Node, object] = {}
        batch = []
        for s, p, o, g in quads:
            if g is None or g == DATASET_DEFAULT_GRAPH_ID:
                ctx = default
            else:
                ctx = contexts.get(g)
                if ctx is None:
                    ctx = contexts[g] = self.dataset.graph(g)
            batch.append((s, p, o, ctx))
        self.dataset.addN(batch)

    def quads(self) -> Iterator[Quad]:
        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            gid = getattr(g, "identifier", g)
            yield s, p, o, (None if gid == DATASET_DEFAULT_GRAPH_ID else gid)

    def __len__(self) -> int:
        return sum(1 for _ in self.dataset.quads((None, None, None, None)))

    def select(self, sparql: str, timeout: float | None = None) -> list[dict[str, Node]]:
        def run():
            try:
                result = self.dataset.query(sparql)
            except Exception as exc:  # rdflib raises pyparsing errors for bad syntax
                raise QueryError(f"The SPARQL query could not be parsed: {exc}") from exc
            if result.type == "ASK":
                return [{"ask": Literal(bool(result.askAnswer))}]
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                return [{"s": s, "p": p, "o": o} for s, p, o in result.graph]
            names = [str(v) for v in result.vars]
            return [{n: row[i] for i, n in enumerate(names) if row[i] is not None} for row in result]

        return with_time_limit(run, timeout, "SPARQL query")
