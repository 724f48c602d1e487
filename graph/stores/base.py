"""The store interface: add quads, iterate them, answer read-only SPARQL, bounded for user queries.

A SPARQL 1.1 endpoint (Oxigraph server, Fuseki, GraphDB) can implement the same four methods,
so a deployment that outgrows one machine swaps the backend, not the callers. Every ``select``
first calls ``graph.sparql_guard.check_query`` (one guard for every store); with ``limits`` it
must run the query where it can be stopped (the embedded stores fork a child that is killed at
the limit, see ``graph.stores.bounded``; a server store uses the server's own timeout).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator, Protocol

from rdflib.term import Node

if TYPE_CHECKING:
    from graph.sparql_guard import CheckedQuery
    from graph.stores.bounded import QueryLimits

Quad = tuple[Node, Node, Node, Node | None]  # (s, p, o, graph); graph None = the default graph


class Store(Protocol):
    """Where the quads live. SELECT rows come back as ``{variable: rdflib term}`` dicts."""

    name: str

    def add(self, quads: Iterable[Quad]) -> None: ...

    def quads(self) -> Iterator[Quad]: ...

    def __len__(self) -> int: ...

    def select(self, query: "str | CheckedQuery", timeout: float | None = None, *,
               limits: "QueryLimits | None" = None) -> list[dict[str, Node]]:
        """Run a read-only query (SELECT/ASK/CONSTRUCT/DESCRIBE) over the union of all graphs
        (``GRAPH ?g`` still reaches each named graph). ASK gives ``[{"ask": Literal(bool)}]``;
        CONSTRUCT/DESCRIBE give ``{"s", "p", "o"}`` rows.

        Without ``timeout``/``limits`` the query is trusted (internal) and runs in-process; with
        either, it is a user query and runs bounded (time, rows, memory), returning ``Rows``."""
        ...
