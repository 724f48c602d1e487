"""The knowledge layer: ``build(corpus, settings) -> KnowledgeGraph`` and ``load(settings)``.

A build is cached by the corpus content hash and the extractor names/versions: an unchanged
corpus reloads the saved quads instead of re-extracting.
"""
from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path

from councilkg.errors import BuildError

__all__ = ["build", "load", "save", "graph_dir", "from_corpus", "KnowledgeGraph", "EntityCard", "EntityFact", "Provenance"]
_LAZY = {"KnowledgeGraph": "graph.knowledge", "EntityCard": "graph.knowledge", "EntityFact": "graph.knowledge",
         "Provenance": "graph.provenance"}


def __getattr__(name: str):
    """The graph's classes, imported when first named (PEP 562): they load rdflib, which a command that only
    reads documents through ``graph.reading`` (``councilkg ingest``) does not need."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'graph' has no attribute {name!r}")


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

    store = create(getattr(settings, "store", "memory"), settings)
    if native is not None and hasattr(store, "add_native"):
        store.add_native(native)
    else:
        store.add(quads)
    return store


def _publish(folder: Path, quads, settings) -> KnowledgeGraph:
    """Load the saved build into the SPARQL server: only documents whose quads changed are replaced.

    The server's per-document digests are compared with the build's, so an unchanged rebuild
    costs one small query and an ingest reloads just the documents whose quads differ.
    """
    from graph.knowledge import KnowledgeGraph
    from graph.persist import read_meta, update_meta
    from graph.stores import create, partition
    from graph.stores.sparql import partition_digests

    store = create("sparql", settings)
    groups = partition.split(quads)
    digests = partition_digests(groups)
    report = store.replace(groups, keep_others=False, digests=digests)
    if (read_meta(folder) or {}).get("partitions") != digests:
        update_meta(folder, {"partitions": digests})
    if report["loaded"] or report["dropped"]:
        print(f"graph server: {len(report['loaded'])} documents loaded, {len(report['unchanged'])} unchanged, "
              f"{len(report['dropped'])} dropped", file=sys.stderr)
    return KnowledgeGraph(store, timeout=settings.sparql_timeout_s)


def from_corpus(corpus, store: str = "memory", extractors=None, post=None, timeout: float | None = 10.0) -> KnowledgeGraph:
    """Extract and assemble a KnowledgeGraph in memory, without writing anything."""
    from graph.builder import extract, quads_for
    from graph.knowledge import KnowledgeGraph
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
    from graph.persist import read_meta

    settings = settings or get_settings()
    folder = graph_dir(settings)
    key = cache_key(corpus)
    meta = read_meta(folder)
    if not force and meta and meta.get("cache_key") == key:
        if _store_name(settings) == "sparql":
            from graph.persist import read_build, to_rdflib

            try:
                native = read_build(folder)[0]
            except BuildError:
                native = None  # corrupt: rebuild below
            if native is not None:
                return _publish(folder, to_rdflib(native), settings)
        else:
            try:
                return load(settings)
            except BuildError:
                if _store_name(settings) == "oxigraph" and not (meta.get("store_files")):
                    from graph.persist import add_store

                    try:  # a build from before the on-disk store: add it from graph.nq, no re-extraction
                        add_store(folder)
                        return load(settings)
                    except BuildError:
                        pass
                # corrupt: rebuild below
    started = time.perf_counter()
    facts = extract(corpus)
    quads = quads_for(corpus, facts)
    return save(corpus, quads, settings, {"cache_key": key, "facts": len(facts),
                                          "seconds": round(time.perf_counter() - started, 2)})


def save(corpus, quads, settings, meta: dict) -> KnowledgeGraph:
    """Write a build's quads to ``build_dir/graph/`` (and into the server when the store is one)."""
    from graph.knowledge import KnowledgeGraph
    from graph.persist import write_build

    folder = graph_dir(settings)
    write_build(folder, quads, {
        **meta, "corpus_hash": corpus.content_hash, "documents": [d.id for d in corpus.documents],
    })
    if _store_name(settings) == "sparql":
        return _publish(folder, quads, settings)
    if _store_name(settings) == "oxigraph":
        return load(settings)  # the store just written, opened read-only: no copy of the quads in memory
    return KnowledgeGraph(_store_for(quads, settings), quads, timeout=settings.sparql_timeout_s)


def _store_name(settings) -> str:
    return getattr(settings, "store", "oxigraph")


def load(settings=None) -> KnowledgeGraph:
    """The saved build from ``settings.build_dir/graph/``; BuildError if absent or corrupt.

    COUNCILKG_STORE=oxigraph (the default) opens the build's on-disk store read-only (milliseconds,
    nothing loaded); =memory parses graph.nq into rdflib (small corpora, tests). With =sparql
    nothing is read but the build's metadata: the graph stays in the server, which must hold this
    build (the same per-document digests), else BuildError.
    """
    from councilkg.settings import get_settings
    from graph.knowledge import KnowledgeGraph
    from graph.persist import read_build, read_meta, to_rdflib

    settings = settings or get_settings()
    if getattr(settings, "store", "memory") == "sparql":
        from graph.stores import create

        meta = read_meta(graph_dir(settings))
        if not meta:
            raise BuildError(f"No graph build in {graph_dir(settings)}.", hint="Run 'councilkg build' first.")
        store = create("sparql", settings)
        if store.digests() != meta.get("partitions"):
            raise BuildError("The SPARQL server does not hold the current graph build.",
                             hint="Run 'councilkg build' to load it into the server.")
        return KnowledgeGraph(store, timeout=settings.sparql_timeout_s)
    if _store_name(settings) == "oxigraph":
        from graph.persist import open_store

        store, meta = open_store(graph_dir(settings))
        return KnowledgeGraph(store, timeout=settings.sparql_timeout_s, size=meta.get("quads"))
    native, _meta = read_build(graph_dir(settings))
    quads = to_rdflib(native)
    return KnowledgeGraph(_store_for(quads, settings, native), quads, timeout=settings.sparql_timeout_s)
