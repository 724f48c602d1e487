"""The knowledge layer: ``build(corpus, settings) -> KnowledgeGraph`` and ``load(settings)``.

A build is cached by the corpus content hash and the extractor names/versions: an unchanged
corpus reloads the saved quads instead of re-extracting.
"""
from __future__ import annotations

import hashlib
import time
from pathlib import Path

from councilkg.errors import BuildError
from graph.knowledge import EntityCard, EntityFact, KnowledgeGraph
from graph.provenance import Provenance

__all__ = ["build", "load", "graph_dir", "from_corpus", "KnowledgeGraph", "EntityCard", "EntityFact", "Provenance"]


def graph_dir(settings) -> Path:
    return Path(settings.build_dir) / "graph"


def _ontology_hash() -> str:
    from ontology.namespace import VOCABULARY_TTL

    return hashlib.sha256(VOCABULARY_TTL.read_bytes()).hexdigest()[:12]


def cache_key(corpus) -> str:
    from graph.builder import extractors_key, registry

    extractors, post = registry()
    doc_hashes = ",".join(f"{d.id}:{d.sha256}" for d in corpus.documents)
    raw = f"{corpus.content_hash}|{doc_hashes}|{extractors_key(extractors, post)}|{_ontology_hash()}"
    return hashlib.sha256(raw.encode()).hexdigest()[:20]


def _store_for(quads, settings, native=None):
    from graph.stores import create

    store = create(getattr(settings, "store", "memory"))
    if native is not None and hasattr(store, "add_native"):
        store.add_native(native)
    else:
        store.add(quads)
    return store


def from_corpus(corpus, store: str = "memory", extractors=None, post=None, timeout: float | None = 10.0) -> KnowledgeGraph:
    """Extract and assemble a KnowledgeGraph in memory, without writing anything."""
    from graph.builder import extract, quads_for
    from graph.stores import create

    quads = quads_for(corpus, extract(corpus, extractors, post))
    backend = create(store)
    backend.add(quads)
    return KnowledgeGraph(backend, quads, timeout=timeout)


def build(corpus, settings=None, force: bool = False) -> KnowledgeGraph:
    """Extract facts from ``corpus`` and write ``settings.build_dir/graph/`` (graph.nq, graph.trig).

    Reloads the previous build instead when its cache key matches (and ``force`` is False).
    """
    from councilkg.settings import get_settings
    from graph.builder import extract, quads_for
    from graph.persist import read_meta, write_build

    settings = settings or get_settings()
    folder = graph_dir(settings)
    key = cache_key(corpus)
    meta = read_meta(folder)
    if not force and meta and meta.get("cache_key") == key:
        try:
            return load(settings)
        except BuildError:
            pass  # corrupt: rebuild below
    started = time.perf_counter()
    facts = extract(corpus)
    quads = quads_for(corpus, facts)
    write_build(folder, quads, {
        "cache_key": key, "corpus_hash": corpus.content_hash, "documents": [d.id for d in corpus.documents],
        "facts": len(facts), "seconds": round(time.perf_counter() - started, 2),
    })
    return KnowledgeGraph(_store_for(quads, settings), quads, timeout=settings.sparql_timeout_s)


def load(settings=None) -> KnowledgeGraph:
    """The saved build from ``settings.build_dir/graph/``; BuildError if absent or corrupt."""
    from councilkg.settings import get_settings
    from graph.persist import read_build, to_rdflib

    settings = settings or get_settings()
    native, _meta = read_build(graph_dir(settings))
    quads = to_rdflib(native)
    return KnowledgeGraph(_store_for(quads, settings, native), quads, timeout=settings.sparql_timeout_s)
