"""Traces: finding → recommendation/priority → actions → later mentions (filled in from the graph)."""
from __future__ import annotations

from councilkg.errors import QueryError
from qa.records import GapItem, Trace


def trace(ref: str, *, engine=None) -> Trace:
    raise QueryError("Traces need the accountability graph, which is not built yet.")


def gaps(*, engine=None) -> list[GapItem]:
    return []
