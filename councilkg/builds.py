"""What killed builds leave behind, and how to clean it (only while holding the build lock).

Every rebuild — the CLI's ``build``/``ingest``/``remove``, the UI's upload/remove, eval's scratch
builds — goes through ``councilkg.pipeline.build``, which holds the build lock (one writer of
``build/`` at a time), reads the corpus under the corpus lock and calls ``clean_build_leftovers``.
"""
from __future__ import annotations

from councilkg.fsutil import remove_leftovers

# Temp and swap folders of graph/persist.py and embed/store.py that a kill -9 can leave.
BUILD_LEFTOVERS = ("graph.new-*", "graph.old", "graph.old-*", ".index.tmp-*", ".index.old-*", ".graph.tmp-*")
CACHE_LEFTOVERS = (".cache.*", ".vectors-*.tmp")


def clean_build_leftovers(build_dir) -> list:
    """Remove leftovers of killed builds (call only while holding the build lock)."""
    from pathlib import Path

    build_dir = Path(build_dir)
    # A kill between "current → old" and "new → current" leaves no current build: put the old one back.
    for current, olds in (("graph", ["graph.old"]), ("index", sorted(build_dir.glob(".index.old-*")))):
        candidates = [build_dir / o for o in olds if (build_dir / o).is_dir()]
        if not (build_dir / current).exists() and candidates:
            candidates[-1].rename(build_dir / current)
    removed = remove_leftovers(build_dir, BUILD_LEFTOVERS)
    cache_root = build_dir / "embed_cache"
    if cache_root.is_dir():
        for folder in cache_root.iterdir():
            if folder.is_dir():
                removed += remove_leftovers(folder, CACHE_LEFTOVERS)
    return removed
