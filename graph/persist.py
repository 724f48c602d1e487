"""Save and load a graph build folder: graph.nq, graph.trig, store/, build.json (with their checksums) — written atomically.

The new build is written to a sibling folder and swapped in with renames, so a failed or
interrupted build leaves the previous one untouched. Serialising and parsing go through
pyoxigraph (rdflib's own TriG/N-Quads code is 10-50x slower at this size).

``store/`` holds the same quads in an on-disk Oxigraph store (RocksDB), which every reader of
the default backend opens read-only in milliseconds instead of parsing graph.nq into memory
(at 250 Ofsted reports: 2.3 M quads, ≈ 5 GB and minutes as rdflib objects in every process).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
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
STORE_DIR = "store"


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
        store_files = write_store(staging / STORE_DIR, native)
        (staging / META_FILE).write_text(json.dumps({**meta, "quads": len(quads), "files": files,
                                                     "store_files": store_files,
                                                     "stats": file_stats(staging, [*files, *store_files])}, indent=2),
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


def write_store(target: Path, native) -> dict[str, str]:
    """The quads in a new on-disk Oxigraph store in ``target``; the sha256 of each of its files (by path in the build).

    The store is closed before its files are hashed and never opened for writing again: readers
    open it read-only (``open_store``), so any number of processes may share it.
    """
    from graph.stores import oxigraph

    target = Path(target)
    oxigraph.write_store(target, native)
    mode = stat.S_IMODE(os.stat(target.parent).st_mode)
    os.chmod(target, mode)
    files = {}
    for path in sorted(target.rglob("*")):
        if path.is_dir():
            os.chmod(path, mode)
            continue
        os.chmod(path, mode & 0o666)
        files[str(path.relative_to(target.parent))] = file_sha256(path)
    return files


def file_stats(folder: Path, names) -> dict[str, list[int]]:
    """(size, modification time in ns) of each file: what ``open_store`` compares before trusting a file unread."""
    return {name: [(folder / name).stat().st_size, (folder / name).stat().st_mtime_ns] for name in names}


def _unchanged(folder: Path, name: str, expected_sha: str, stats: dict) -> bool:
    """The file is the one written: same size and time as recorded, else (a copy) the same sha256."""
    path = folder / name
    try:
        st = path.stat()
    except OSError:
        return False
    recorded = stats.get(name)
    if recorded and [st.st_size, st.st_mtime_ns] == recorded:
        return True
    if recorded and st.st_size != recorded[0]:
        return False
    return file_sha256(path) == expected_sha


def open_store(folder: Path):
    """The build's on-disk store, opened read-only, with its metadata; BuildError if absent, changed or damaged.

    Every file of the build (graph.nq, graph.trig, store/) is checked against build.json: by size
    and modification time, or by sha256 when those differ (a copied build). So an edited graph
    file is refused as before, without reading 700 MB at every start.
    """
    from graph.stores.oxigraph import OxigraphStore

    folder = Path(folder)
    meta = read_meta(folder)
    if meta is None or not (folder / GRAPH_FILE).exists():
        raise BuildError(f"No graph build in {folder}.", hint="Run 'councilkg build' first.")
    files = meta.get("files")
    if not isinstance(files, dict) or GRAPH_FILE not in files:
        raise BuildError(f"The graph build in {folder} has no checksums (it predates them or was edited).",
                         hint="Run 'councilkg build' again.")
    store_files = meta.get("store_files")
    if not isinstance(store_files, dict) or not store_files:
        raise BuildError(f"The graph build in {folder} has no store (it predates it).", hint="Run 'councilkg build' again.")
    stats = meta.get("stats") or {}
    for name, expected in {**files, **store_files}.items():
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise BuildError(f"The graph build in {folder} lists a file outside it ('{name}').",
                             hint="Run 'councilkg build' again.")
        if not _unchanged(folder, name, expected, stats):
            raise BuildError(f"The graph build file '{folder / name}' was changed after it was written "
                             "(its checksum does not match build.json).", hint="Run 'councilkg build' again.")
    try:
        store = OxigraphStore.open(folder / STORE_DIR)
        store.exact_file = folder / GRAPH_FILE  # checked above: export and validation read the build exactly
        return store, meta
    except OSError as exc:
        raise BuildError(f"The graph store in {folder / STORE_DIR} cannot be opened ({' '.join(str(exc).split())[:200]}).",
                         hint="Run 'councilkg build' again.") from exc


def add_store(folder: Path) -> None:
    """Give a build written before ``store/`` existed its store, from its verified graph.nq (under the build lock)."""
    folder = Path(folder)
    native, meta = read_build(folder)
    staging = folder / f".{STORE_DIR}.new-{os.getpid()}-{time.time_ns()}"
    try:
        written = write_store(staging, native)
        store_files = {f"{STORE_DIR}/{Path(name).relative_to(staging.name)}": sha for name, sha in written.items()}
        fsync_tree(staging)
        if (folder / STORE_DIR).exists():
            shutil.rmtree(folder / STORE_DIR)
        staging.rename(folder / STORE_DIR)
        fsync_dir(folder)
        names = [*meta["files"], *store_files]
        update_meta(folder, {"store_files": store_files, "stats": file_stats(folder, names)})
    finally:
        shutil.rmtree(staging, ignore_errors=True)


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
