"""Store backend by name: "memory" (rdflib Dataset, the default) or "oxigraph" (pyoxigraph, embedded)."""
from __future__ import annotations

from councilkg.errors import InputError
from graph.stores.base import Store

BACKENDS = ("memory", "oxigraph")


def create(name: str = "memory") -> Store:
    """A new empty store of backend ``name``."""
    if name == "memory":
        from graph.stores.memory import MemoryStore

        return MemoryStore()
    if name == "oxigraph":
        from graph.stores.oxigraph import OxigraphStore

        return OxigraphStore()
    raise InputError(f"Unknown graph store '{name}'.", hint=f"Set COUNCILKG_STORE to one of: {', '.join(BACKENDS)}.")
