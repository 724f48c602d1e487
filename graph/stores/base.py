"""The store interface: add quads, iterate them, answer read-only SPARQL with a time limit.

A SPARQL 1.1 endpoint (Oxigraph server, Fuseki, GraphDB) can implement the same four methods,
so a deployment that outgrows one machine swaps the backend, not the callers.
"""
from __future__ import annotations

import threading
from typing import Any, Callable, Iterable, Iterator, Protocol

from rdflib.term import Node

from councilkg.errors import QueryError

Quad = tuple[Node, Node, Node, Node | None]  # (s, p, o, graph); graph None = the default graph


class Store(Protocol):
    """Where the quads live. SELECT rows come back as ``{variable: rdflib term}`` dicts."""

    name: str

    def add(self, quads: Iterable[Quad]) -> None: ...

    def quads(self) -> Iterator[Quad]: ...

    def __len__(self) -> int: ...

    def select(self, sparql: str, timeout: float | None = None) -> list[dict[str, Node]]:
        """Run a read-only query (SELECT/ASK/CONSTRUCT/DESCRIBE) over the union of all graphs
        (``GRAPH ?g`` still reaches each named graph). ASK gives ``[{"ask": Literal(bool)}]``;
        CONSTRUCT/DESCRIBE give ``{"s", "p", "o"}`` rows."""
        ...


def with_time_limit(function: Callable[[], Any], timeout: float | None, what: str) -> Any:
    """Run ``function`` in a worker thread; give up with QueryError after ``timeout`` seconds.

    Neither rdflib nor pyoxigraph can interrupt a running query, so the worker is abandoned
    (a daemon thread) and its result ignored: the caller gets its answer in bounded time.
    """
    if not timeout:
        return function()
    box: dict[str, Any] = {}

    def target():
        try:
            box["value"] = function()
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=target, daemon=True, name="sparql-query")
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryError(f"The {what} did not finish within {timeout:g} s.",
                         hint="Narrow it (add a LIMIT or more specific patterns) or raise COUNCILKG_SPARQL_TIMEOUT_S.")
    if "error" in box:
        raise box["error"]
    return box["value"]
