"""Graph stores behind one small interface: ``create(name) -> Store`` (memory or oxigraph)."""
from graph.stores.base import Quad, Store
from graph.stores.factory import BACKENDS, create

__all__ = ["Quad", "Store", "BACKENDS", "create"]
