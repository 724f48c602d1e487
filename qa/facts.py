"""Fact tables: what structured answers need from the graph, read once into plain dicts."""
from __future__ import annotations


class FactTables:
    @classmethod
    def from_graph(cls, graph, engine) -> "FactTables":
        return cls()
