"""The default store: an in-memory rdflib Dataset whose default graph is the union in queries."""
from __future__ import annotations

from typing import Iterable, Iterator

from rdflib import Dataset, Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from councilkg.errors import QueryError
from graph.sparql_guard import CheckedQuery, check_query, disable_graph_loading
from graph.stores.base import Quad
from graph.stores.bounded import QueryLimits, run_bounded
from ontology.namespace import bind_prefixes

disable_graph_loading()  # FROM <url> / FROM <file:///…> never fetches, whoever builds the query


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

    def select(self, query: str | CheckedQuery, timeout: float | None = None, *,
               limits: QueryLimits | None = None) -> list[dict[str, Node]]:
        checked = check_query(query)
        if limits is None and timeout is not None:
            limits = QueryLimits.of(timeout)
        if limits is None:
            return self._rows(checked, None)
        return run_bounded(lambda most: self._rows(checked, most), limits)

    def _rows(self, checked: CheckedQuery, most: int | None) -> list[dict[str, Node]]:
        """Evaluate the guard's algebra (no second parse); stop after ``most`` rows when given."""
        try:
            result = self.dataset.query(checked.algebra)
        except QueryError:
            raise
        except Exception as exc:  # noqa: BLE001 - rdflib raises plain Exceptions for evaluation errors
            raise QueryError(f"The SPARQL query failed: {' '.join(str(exc).split())[:200]}.") from exc
        if result.type == "ASK":
            return [{"ask": Literal(bool(result.askAnswer))}]
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return _take(({"s": s, "p": p, "o": o} for s, p, o in result.graph), most)
        names = [str(v) for v in result.vars]
        return _take(({n: row[i] for i, n in enumerate(names) if row[i] is not None} for row in result), most)


def _take(rows, most: int | None) -> list:
    out = []
    for row in rows:
        out.append(row)
        if most is not None and len(out) >= most:
            break
    return out
