"""Store backend by name: "memory" (rdflib Dataset), "oxigraph" (pyoxigraph, embedded; a loaded build opens its
on-disk store instead, see graph.persist.open_store) or "sparql" (a SPARQL 1.1 server named by the
COUNCILKG_SPARQL_* settings)."""
from __future__ import annotations

from councilkg.errors import InputError
from graph.stores.base import Store

BACKENDS = ("memory", "oxigraph", "sparql")


def create(name: str = "memory", settings=None) -> Store:
    """A new empty store of backend ``name`` (for "sparql": a client of the configured server)."""
    if name == "memory":
        from graph.stores.memory import MemoryStore

        return MemoryStore()
    if name == "oxigraph":
        from graph.stores.oxigraph import OxigraphStore

        return OxigraphStore()
    if name == "sparql":
        from councilkg.settings import get_settings
        from graph.stores.sparql import SparqlStore

        settings = settings or get_settings()
        return SparqlStore(settings.sparql_query_url, settings.sparql_update_url, settings.sparql_store_url,
                           timeout=settings.sparql_timeout_s)
    raise InputError(f"Unknown graph store '{name}'.", hint=f"Set COUNCILKG_STORE to one of: {', '.join(BACKENDS)}.")
