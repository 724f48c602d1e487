"""Rebuild graph and index for the current corpus under the writer locks (CLI and UI share this).

Why one function: the CLI's ``build``/``ingest``/``remove`` and the UI's upload/remove all
rebuild; each must hold the build lock (one writer of ``build/`` at a time), read the corpus
under the corpus lock (so a removal cannot pull a file out mid-read) and clean what killed
builds left behind, which is only safe while holding the lock.
"""
from __future__ import annotations

import importlib
from typing import Callable

from councilkg.fsutil import remove_leftovers
from councilkg.locks import build_lock, corpus_lock

# Temp and swap folders of graph/persist.py and embed/store.py that a kill -9 can leave.
BUILD_LEFTOVERS = ("graph.new-*", "graph.old", "graph.old-*", ".index.tmp-*", ".index.old-*", ".graph.tmp-*")
CACHE_LEFTOVERS = (".cache.*", ".vectors-*.tmp")


def clean_build_leftovers(build_dir) -> list:
    """Remove leftovers of killed builds (call only while holding the build lock)."""
    from pathlib import Path

    build_dir = Path(build_dir)
    removed = remove_leftovers(build_dir, BUILD_LEFTOVERS)
    cache_root = build_dir / "embed_cache"
    if cache_root.is_dir():
        for folder in cache_root.iterdir():
            if folder.is_dir():
                removed += remove_leftovers(folder, CACHE_LEFTOVERS)
    return removed


def rebuild(settings, progress: Callable | None = None, wait_s: float | None = None):
    """corpus → graph → index, each written atomically beside the previous build; returns the corpus.

    Args:
        settings: a councilkg Settings (corpus_dir, build_dir, …).
        progress: optional ``progress(fraction, desc=...)`` callback (the UI's gr.Progress).
        wait_s: how long to wait for another writer (default: settings.lock_wait_s).
    """
    import corpus

    say = progress or (lambda *a, **k: None)
    with build_lock(settings.build_dir, wait_s):
        clean_build_leftovers(settings.build_dir)
        say(0.15, desc="Reading the corpus")
        with corpus_lock(settings.corpus_dir, wait_s, optional=True):
            loaded = corpus.load(settings.corpus_dir)
        for fraction, stage in ((0.35, "graph"), (0.65, "embed")):
            module = importlib.import_module(stage)
            if hasattr(module, "build"):
                say(fraction, desc=f"Rebuilding the {'knowledge graph' if stage == 'graph' else 'search index'}")
                module.build(loaded, settings)
    return loaded
