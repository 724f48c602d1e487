"""The text layer: ``corpus.load(path) -> Corpus`` reads the manifest, checks every file's hash,
reads and segments each document into parts, sections and paragraphs with exact spans.
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from corpus.manifest import Entry, entry_for, read_manifest, verify
from corpus.records import Corpus, Document, Paragraph, Part, Section, Span, Table

__all__ = ["load", "load_document", "Corpus", "Document", "Paragraph", "Part", "Section", "Span", "Table"]

_CACHE: dict[tuple, Corpus] = {}


def load(path: str | Path | None = None, max_mb: float | None = None, *, workers: int = 1,
         progress: bool = False, mapper=None, settings=None) -> Corpus:
    """Load and segment every document listed in ``path/manifest.toml`` (default: settings.corpus_dir).

    The segmented corpus is kept in ``settings.build_dir/corpus/`` (``corpus.store``): an unchanged
    manifest, unchanged files and unchanged segmentation code load it in seconds without reading a
    single source file; otherwise only documents not segmented before are read (``workers`` processes,
    a progress bar with ``progress``). ``mapper(function, jobs)`` replaces that pool, e.g. with Ray
    tasks (``councilkg.distributed``); the corpus-level step (duplicates, hash) always runs here.
    ``settings``: whose build folder keeps it (default ``get_settings()``). A scratch build (an eval pack) keeps its
    corpus in its own folder: kept in the default one, the fit's fifteen corpora took turns in its eight places, and
    every load found the near-duplicates again (11 of the fit's 27 s of loading).
    """
    from councilkg.settings import get_settings
    from corpus.segment import SEGMENTER_VERSION
    from corpus.store import CorpusStore, segmentation_key

    settings = settings or get_settings()
    corpus_dir = Path(path) if path else settings.corpus_dir
    entries = read_manifest(corpus_dir)
    described = tuple((e.id, e.sha256, e.title, e.date) for e in entries)
    key = (str(corpus_dir.resolve()), SEGMENTER_VERSION, segmentation_key(),
           tuple((e.id, e.file, e.sha256, e.title, e.date, e.kind, e.publisher, tuple(e.bodies), e.licence) for e in entries))
    if key in _CACHE:
        return _CACHE[key]
    store = CorpusStore(Path(settings.build_dir) / "corpus")
    loaded = store.load_corpus(corpus_dir, key)
    if loaded is None:
        documents = _documents(corpus_dir, entries, store, max_mb or settings.max_file_mb, workers, progress, mapper)
        from corpus.duplicates import find_duplicates

        # The hash covers the segmentation itself (paragraph ids and spans), so any change to the
        # segmenter invalidates every build keyed on it, with no version number to remember to bump.
        digest = hashlib.sha256(repr((SEGMENTER_VERSION, described)).encode())
        for doc in documents:
            for p in doc.paragraphs:
                digest.update(f"{p.id}{[(s.start, s.end) for s in p.spans]}{p.part_id}{p.heading_path}".encode())
        content_hash = digest.hexdigest()[:16]
        loaded = Corpus(documents=tuple(documents), duplicates=find_duplicates(documents), content_hash=content_hash)
        store.save_corpus(corpus_dir, key, loaded, entries)
    _CACHE[key] = loaded
    return loaded


def _documents(corpus_dir: Path, entries: list[Entry], store, max_mb: float, workers: int, progress: bool,
               mapper=None) -> list[Document]:
    """Each entry's Document: from the store when segmented before, else read and segmented (and stored)."""
    found: dict[str, Document] = {}
    missing: list[Entry] = []
    for e in entries:
        path = verify(corpus_dir, e)
        doc = store.load_document(e)
        if doc is None:
            missing.append(e)
        else:
            found[e.id] = replace(doc, path=str(path), title=e.title, kind=e.kind, publisher=e.publisher,
                                  bodies=tuple(e.bodies), licence=e.licence)
    jobs = [(str(Path(corpus_dir) / e.file), e, max_mb) for e in missing]
    if jobs:
        from corpus.parallel import map_progress

        read = mapper(_load_job, jobs) if mapper is not None else \
            map_progress(_load_job, jobs, workers=workers, progress=progress, desc="reading documents")
        for e, doc in zip(missing, read):
            store.save_document(e, doc)
            found[e.id] = doc
    return [found[e.id] for e in entries]


def _load_job(job: tuple) -> Document:
    path, entry, max_mb = job
    return load_document(path, entry, max_mb)


def load_document(path: str | Path, entry: Entry | None = None, max_mb: float = 50.0, cache_dir=None) -> Document:
    """Read and segment one file. Without a manifest entry, metadata is derived from the file name.

    ``cache_dir``: serve the file's text from a read cache keyed by its bytes (``corpus.store``).
    """
    from corpus.segment import segment
    from corpus.store import cached_read

    path = Path(path)
    result = cached_read(path, cache_dir, max_mb=max_mb)
    if entry is None:
        entry = entry_for(path, title=None)
    seg = segment(entry.id, result.text, result.page_starts, entry.date)
    return Document(
        id=entry.id, path=str(path), title=entry.title, kind=entry.kind, date=entry.date,
        publisher=entry.publisher, bodies=tuple(entry.bodies), licence=entry.licence, sha256=entry.sha256,
        text=result.text, page_starts=result.page_starts, encoding=result.encoding,
        parts=tuple(seg.parts), sections=tuple(seg.sections), paragraphs=tuple(seg.paragraphs),
        tables=tuple(seg.tables), furniture=tuple(seg.furniture),
    )
