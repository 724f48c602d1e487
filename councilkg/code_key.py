"""One hash of the source files a cached result depends on.

Why: every cache in the build (the PDF text, the corpus tables, the graph tables, the index units) must be
recomputed when the code that makes it changes; each hashed its own modules its own way. ``source_key`` is
the one way: the bytes of the named files, in order, relative to the project's root.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=None)
def source_key(*paths: str, length: int = 16) -> str:
    """A short sha256 of the files at ``paths`` (relative to the project root; a missing one counts by name)."""
    digest = hashlib.sha256()
    for name in paths:
        path = ROOT / name
        digest.update(path.read_bytes() if path.exists() else name.encode())
    return digest.hexdigest()[:length]


def package_files(*packages: str, patterns: tuple[str, ...] = ("*.py", "*.ttl", "*.json")) -> list[str]:
    """The source files of ``packages`` (code, and the vocabularies and fitted thresholds beside it), relative to the
    project root, in order: what ``source_key`` reads when a result depends on whole packages."""
    return sorted(str(f.relative_to(ROOT)) for package in packages for pattern in patterns
                  for f in (ROOT / package).rglob(pattern) if "__pycache__" not in f.parts)
