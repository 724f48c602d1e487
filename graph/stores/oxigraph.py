"""The embedded Oxigraph backend (pyoxigraph): the same interface, 10-200x faster SPARQL."""
from __future__ import annotations

from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import Literal
from rdflib.term import Node

from councilkg.errors import QueryError
from graph.stores.base import Quad, with_time_limit
from graph.stores.convert import from_ox, from_ox_quad, to_ox_quad


class OxigraphStore:
    name = "oxigraph"

    def __init__(self, path: str | None = None) -> None:
        self.store = ox.Store(path) if path else ox.Store()

    def add(self, quads: Iterable[Quad]) -> None:
        self.store.extend(to_ox_quad(*q) for q in quads)

    def add_native(self, quads: Iterable["ox.Quad"]) -> None:
        self.store.extend(quads)

    def quads(self) -> Iterator[Quad]:
        for quad in self.store.quads_for_pattern(None, None, None, None):
            yield from_ox_quad(quad)

    def __len__(self) -> int:
        return len(self.store)

    def select(self, sparql: str, timeout: float | None = None) -> list[dict[str, Node]]:
        def run():
            try:
                result = self.store.query(sparql, use_default_graph_as_union=True)
            except SyntaxError as exc:
                raise QueryError(f"The SPARQL query could not be parsed: {exc}") from exc
            if isinstance(result, ox.QueryBoolean):
                return [{"ask": Literal(bool(result))}]
            if isinstance(result, ox.QueryTriples):
                return [{"s": from_ox(t.subject), "p": from_ox(t.predicate), "o": from_ox(t.object)} for t in result]
            names = [v.value for v in result.variables]
            rows = []
            for solution in result:
                row = {}
                for n in names:
                    value = solution[n]
                    if value is not None:
                        row[n] = from_ox(value)
                rows.append(row)
            return rows

        return with_time_limit(run, timeout, "SPARQL query")
