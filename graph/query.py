"""Read-only SPARQL helpers kept for callers of the old module; the guard is ``graph.sparql_guard``."""
from __future__ import annotations

from graph.sparql_guard import check_query, with_prefixes

__all__ = ["check_read_only", "with_prefixes"]


def check_read_only(sparql: str) -> None:
    """Raise QueryError unless ``sparql`` is a guarded SELECT/ASK/CONSTRUCT/DESCRIBE (see sparql_guard)."""
    check_query(sparql)
