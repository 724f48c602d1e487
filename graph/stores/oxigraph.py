"""The embedded Oxigraph backend (pyoxigraph): the same interface, 10-200x faster SPARQL."""
from __future__ import annotations

from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import Literal
from rdflib.term import Node

from councilkg.errors import QueryError
from graph.sparql_guard import CheckedQuery, check_query
from graph.stores.base import Quad
from graph.stores.bounded import QueryLimits, run_bounded
from graph.stores.convert import from_ox, from_ox_quad, to_ox_quad


class OxigraphStore:
    """pyoxigraph's store: in memory (``OxigraphStore()``), or a build's folder on disk opened read-only
    (``OxigraphStore.open(path)``: milliseconds, whatever its size; RocksDB checks each block it reads)."""

    name = "oxigraph"

    def __init__(self, path: str | None = None) -> None:
        self.store = ox.Store(path) if path else ox.Store()
        self.path = path

    @classmethod
    def open(cls, path) -> "OxigraphStore":
        """The store in folder ``path``, read-only (several processes may hold it; nothing is written)."""
        store = cls.__new__(cls)
        store.store = ox.Store.read_only(str(path))
        store.path = str(path)
        return store

    def add(self, quads: Iterable[Quad]) -> None:
        self.store.extend(to_ox_quad(*q) for q in quads)

    def add_native(self, quads: Iterable["ox.Quad"]) -> None:
        self.store.extend(quads)

    def quads(self) -> Iterator[Quad]:
        for quad in self.store.quads_for_pattern(None, None, None, None):
            yield from_ox_quad(quad)

    def __len__(self) -> int:
        return len(self.store)

    def select(self, query: str | CheckedQuery, timeout: float | None = None, *,
               limits: QueryLimits | None = None) -> list[dict[str, Node]]:
        checked = check_query(query)  # the same guard as every store: SERVICE, FROM and updates refused
        if limits is None and timeout is not None:
            limits = QueryLimits.of(timeout)
        if limits is None:
            return self._rows(checked, None)
        return run_bounded(lambda most: self._rows(checked, most), limits)

    def _rows(self, checked: CheckedQuery, most: int | None) -> list[dict[str, Node]]:
        try:
            result = self.store.query(checked.text, use_default_graph_as_union=not checked.has_dataset)
        except SyntaxError as exc:
            raise QueryError(f"The SPARQL query could not be parsed: {exc}") from exc
        except OSError as exc:
            raise QueryError(f"The SPARQL query failed: {' '.join(str(exc).split())[:200]}.") from exc
        if isinstance(result, ox.QueryBoolean):
            return [{"ask": Literal(bool(result))}]
        rows = []
        if isinstance(result, ox.QueryTriples):
            for t in result:
                rows.append({"s": from_ox(t.subject), "p": from_ox(t.predicate), "o": from_ox(t.object)})
                if most is not None and len(rows) >= most:
                    break
            return rows
        names = [v.value for v in result.variables]
        for solution in result:
            row = {}
            for n in names:
                value = solution[n]
                if value is not None:
                    row[n] = from_ox(value)
            rows.append(row)
            if most is not None and len(rows) >= most:
                break
        return rows
