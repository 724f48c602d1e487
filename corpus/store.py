"""Keep what reading a file costs: the text read from a PDF, keyed by the file's bytes.

Why: pypdf needs 1–2 s per Ofsted report; the readers change far less often than the segmenter or
the extractors built on them. A cached read is keyed by the file's sha256 and a hash of the reader
code, so editing the readers invalidates it and nothing stale is ever served.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from corpus.readers import ReadResult, read

_HERE = Path(__file__).resolve().parent


def code_key(*modules: str) -> str:
    """A short hash of the named modules' source in corpus/ (a changed rule changes the key)."""
    from councilkg.code_key import source_key

    return source_key(*(f"corpus/{name}.py" for name in modules), length=12)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cached_read(path: str | Path, cache_dir: str | Path | None, max_mb: float = 50.0) -> ReadResult:
    """``readers.read(path)``, served from ``cache_dir`` when the same bytes were read by the same code."""
    path = Path(path)
    if cache_dir is None:
        return read(path, max_mb=max_mb)
    try:
        key = f"{file_sha256(path)[:24]}-{code_key('readers')}"
    except OSError:
        return read(path, max_mb=max_mb)  # let the reader say what is wrong with the file
    target = Path(cache_dir) / f"{key}.json"
    if target.exists():
        try:
            data = json.loads(target.read_text(encoding="utf-8"))
            return ReadResult(data["text"], tuple(data["page_starts"]), data["encoding"], tuple(data["notes"]))
        except (OSError, ValueError, KeyError):
            pass  # unreadable cache entry: read the file again and replace it
    result = read(path, max_mb=max_mb)
    write_atomic(target, json.dumps({"text": result.text, "page_starts": list(result.page_starts),
                                     "encoding": result.encoding, "notes": list(result.notes)}))
    return result


def write_atomic(target: Path, content: str | bytes) -> None:
    """Write to a temporary file beside ``target``, then rename: readers never see half a file. Through
    ``councilkg.fsutil.atomic_write``, so the file takes its folder's permissions (``mkstemp`` alone made it 0600,
    which a scratch build's own store, now written, showed)."""
    from councilkg.fsutil import atomic_write

    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, content, prefix=f".{target.name}.")


# ---------------------------------------------------------------------------------------------
# The segmented corpus, persisted in the build

@lru_cache(maxsize=1)
def segmentation_key() -> str:
    """Changes whenever the code that turns files into a Corpus changes (corpus/ and what it imports)."""
    root = _HERE.parent
    paths = sorted(_HERE.glob("*.py")) + [p for p in (root / "councilkg" / "dates.py", root / "ontology" / "vocab.py")
                                          if p.exists()] + sorted((root / "ontology").glob("*.ttl"))
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


class CorpusStore:
    """``build/corpus/``: each segmented Document (keyed by its bytes, its metadata and the segmentation
    code) and the whole Corpus of one corpus folder with its duplicate links.

    Why: with 250 reports, reading every PDF again took minutes per `ask`. A stored Corpus is used only
    while the manifest and the segmentation code are unchanged and every file still has the size and
    modification time it had when it was read (otherwise its sha256 is checked again, as before).
    """

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def _corpus_path(self, corpus_dir: Path) -> Path:
        tag = hashlib.sha1(str(Path(corpus_dir).resolve()).encode()).hexdigest()[:12]
        return self.folder / f"corpus-{tag}.pkl"

    def document_path(self, entry) -> Path:
        meta = hashlib.sha1(repr((entry.id, entry.date, entry.file)).encode()).hexdigest()[:8]
        return self.folder / "documents" / f"{entry.sha256[:20]}-{meta}-{segmentation_key()}.pkl"

    def load_corpus(self, corpus_dir: Path, key: tuple):
        """The stored Corpus for ``key``, or None (absent, stale, unreadable, or a file changed)."""
        import pickle

        path = self._corpus_path(corpus_dir)
        if not path.exists():
            return None
        try:
            with open(path, "rb") as fh:
                stored = pickle.load(fh)
        except Exception:  # noqa: BLE001 - a damaged cache is rebuilt, never trusted
            return None
        if stored.get("key") != key:
            return None
        for file, (size, mtime) in stored["stats"].items():
            try:
                st = (Path(corpus_dir) / file).stat()
            except OSError:
                return None
            if (st.st_size, st.st_mtime_ns) != (size, mtime):
                return None
        return stored["corpus"]

    def save_corpus(self, corpus_dir: Path, key: tuple, corpus, entries) -> None:
        import pickle

        stats = {}
        for e in entries:
            st = (Path(corpus_dir) / e.file).stat()
            stats[e.file] = (st.st_size, st.st_mtime_ns)
        data = pickle.dumps({"key": key, "stats": stats, "corpus": corpus}, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            write_atomic(self._corpus_path(corpus_dir), data)
            self._prune()
        except OSError:
            pass  # a read-only build folder: the corpus is simply read again next time

    def _prune(self, keep_corpora: int = 8) -> None:
        """Drop documents segmented by older code, and all but the most recent stored corpora (scratch copies)."""
        current = segmentation_key()
        for path in (self.folder / "documents").glob("*.pkl"):
            if not path.stem.endswith(current):
                path.unlink(missing_ok=True)
        corpora = sorted(self.folder.glob("corpus-*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)
        for path in corpora[keep_corpora:]:
            path.unlink(missing_ok=True)

    def load_document(self, entry):
        import pickle

        path = self.document_path(entry)
        if not path.exists():
            return None
        try:
            with open(path, "rb") as fh:
                return pickle.load(fh)
        except Exception:  # noqa: BLE001
            return None

    def save_document(self, entry, document) -> None:
        import pickle

        try:
            write_atomic(self.document_path(entry), pickle.dumps(document, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass
