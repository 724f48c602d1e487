"""Save and load a graph build folder: graph.nq, graph.trig, build.json (with their checksums) — written atomically.

The new build is written to a sibling folder and swapped in with renames, so a failed or
interrupted build leaves the previous one untouched. Serialising and parsing go through
pyoxigraph (rdflib's own TriG/N-Quads code is 10-50x slower at this size).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import pyoxigraph as ox

from councilkg.errors import BuildError
from councilkg.fsutil import fsync_dir, fsync_tree
from graph.stores.base import Quad
from graph.stores.convert import from_ox_quad, to_ox_quad
from ontology.namespace import PREFIXES

GRAPH_FILE = "graph.nq"
TRIG_FILE = "graph.trig"
META_FILE = "build.json"


def write_build(folder: Path, quads: list[Quad], meta: dict) -> Path:
    """Write ``quads`` and ``meta`` to ``folder`` atomically (beside the previous build).

    build.json records the sha256 of every file, which ``read_build`` checks: an edited
    graph.nq (a changed grade) is refused and rebuilt, never silently served. Every file is
    fsynced before the swap, so a power cut cannot leave a renamed but empty build.
    """
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = folder.with_name(f"{folder.name}.new-{os.getpid()}-{time.time_ns()}")
    staging.mkdir()
    try:
        native = [to_ox_quad(*q) for q in quads]
        ox.serialize(native, staging / GRAPH_FILE, ox.RdfFormat.N_QUADS)
        ox.serialize(native, staging / TRIG_FILE, ox.RdfFormat.TRIG,
                     prefixes={p: str(n) for p, n in PREFIXES.items()})
        files = {name: file_sha256(staging / name) for name in (GRAPH_FILE, TRIG_FILE)}
        (staging / META_FILE).write_text(json.dumps({**meta, "quads": len(quads), "files": files}, indent=2),
                                         encoding="utf-8")
        fsync_tree(staging)
        old = folder.with_name(f"{folder.name}.old")
        if old.exists():
            shutil.rmtree(old)
        if folder.exists():
            folder.rename(old)
        staging.rename(folder)
        fsync_dir(folder.parent)
        if old.exists():
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return folder


def verify_files(folder: Path, meta: dict, skip: tuple[str, ...] = ()) -> None:
    """BuildError unless every file build.json lists is present with its recorded sha256."""
    files = meta.get("files")
    if not isinstance(files, dict) or GRAPH_FILE not in files:
        raise BuildError(f"The graph build in {folder} has no checksums (it predates them or was edited).",
                         hint="Run 'councilkg build' again.")
    for name, expected in files.items():
        path = folder / name
        if Path(name).name != name or not path.is_file():
            raise BuildError(f"The graph build in {folder} is missing '{name}'.", hint="Run 'councilkg build' again.")
        if name not in skip and file_sha256(path) != expected:
            raise BuildError(f"The graph build file '{path}' was changed after it was written "
                             "(its checksum does not match build.json).", hint="Run 'councilkg build' again.")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_meta(folder: Path) -> dict | None:
    path = Path(folder) / META_FILE
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def update_meta(folder: Path, changes: dict) -> None:
    """Add ``changes`` to a build's build.json (written beside it, then renamed into place)."""
    path = Path(folder) / META_FILE
    meta = {**(read_meta(folder) or {}), **changes}
    tmp = path.with_name(f".{META_FILE}.{int(time.time() * 1000)}")
    tmp.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    tmp.replace(path)


def read_build(folder: Path) -> tuple[list["ox.Quad"], dict]:
    """The native quads and metadata of a saved build; BuildError if absent or corrupt."""
    folder = Path(folder)
    meta = read_meta(folder)
    if meta is None or not (folder / GRAPH_FILE).exists():
        raise BuildError(f"No graph build in {folder}.", hint="Run 'councilkg build' first.")
    verify_files(folder, meta, skip=(GRAPH_FILE,))
    try:
        data = (folder / GRAPH_FILE).read_bytes()
    except OSError as exc:
        raise BuildError(f"The graph build in {folder} is unreadable ({exc.strerror}).",
                         hint="Run 'councilkg build' again.") from exc
    # The bytes checked are the bytes parsed: a build swapped in between cannot slip through.
    if hashlib.sha256(data).hexdigest() != meta["files"][GRAPH_FILE]:
        raise BuildError(f"The graph build file '{folder / GRAPH_FILE}' was changed after it was written "
                         "(its checksum does not match build.json).", hint="Run 'councilkg build' again.")
    try:
        native = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    except (SyntaxError, OSError, ValueError) as exc:
        raise BuildError(f"The graph build in {folder} is corrupt ({exc}).", hint="Run 'councilkg build' again.") from exc
    if meta.get("quads") not in (None, len(native)):
        raise BuildError(f"The graph build in {folder} is incomplete: {len(native)} of {meta['quads']} quads.",
                         hint="Run 'councilkg build' again.")
    return native, meta


def to_rdflib(native: list["ox.Quad"]) -> list[Quad]:
    return [from_ox_quad(q) for q in native]
