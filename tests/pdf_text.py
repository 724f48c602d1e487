"""Real reports' text for tests, extracted once: the project's own PDF-text cache, shared by the session.

pypdf needs 1–2 s per Ofsted report (more under load), and several tests read the same reports.
Reads go through ``corpus.store.cached_read`` (what `councilkg read` keeps in build/read-cache),
keyed by the file's bytes and the reader code, in a folder of its own per pypdf version: so a
report's text is extracted once per session on a fresh clone (as in CI), once per machine after
that, and never served stale by an upgraded pypdf. Tests of reading itself (``--no-cache``, the
bulk ingest, synthetic PDFs) still read the files.
"""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from multiprocessing import get_context
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
READ_CACHE = REPO / "build" / "read-cache" / f"tests-pypdf-{version('pypdf')}"
# The 251 real Ofsted reports, in ../shared beside the checkout (as CI has them); tests skip when absent
REPORTS = REPO.parent / "shared" / "ofsted" / "reports"


def _read(path: str):
    from corpus.store import cached_read

    return cached_read(path, READ_CACHE)


def read_texts(paths, workers: int = 2) -> dict[Path, "object"]:
    """``{path: ReadResult}`` for each file: cached ones at once, the others read in ``workers``
    fresh processes (spawned: a fork of a test session holding the model would copy its memory)."""
    from corpus.store import code_key, file_sha256

    paths = [Path(p) for p in paths]
    # cached_read's file name for a path (were it to change, every read just goes through the pool)
    cold = [p for p in paths if not (READ_CACHE / f"{file_sha256(p)[:24]}-{code_key('readers')}.json").exists()]
    if len(cold) > 1 and workers > 1:
        with ProcessPoolExecutor(max_workers=min(workers, len(cold)), mp_context=get_context("spawn")) as pool:
            list(pool.map(_read, map(str, cold)))
    return {p: _read(str(p)) for p in paths}
