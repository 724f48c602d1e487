"""The text layer: ``corpus.load(path) -> Corpus`` reads the manifest, checks every file's hash,
reads and segments each document into parts, sections and paragraphs with exact spans.
"""
from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from corpus.manifest import Entry, entry_for, read_manifest, verify
from corpus.readers import read
from corpus.records import Corpus, Document, Paragraph, Part, Section, Span, Table
from corpus.segment import SEGMENTER_VERSION, segment

__all__ = ["load", "load_document", "Corpus", "Document", "Paragraph", "Part", "Section", "Span", "Table"]

_CACHE: dict[tuple, Corpus] = {}


def load(path: str | Path | None = None, max_mb: float | None = None) -> Corpus:
    """Load and segment every document listed in ``path/manifest.toml`` (default: settings.corpus_dir)."""
    from councilkg.settings import get_settings

    settings = get_settings()
    corpus_dir = Path(path) if path else settings.corpus_dir
    entries = read_manifest(corpus_dir)
    key = (str(corpus_dir.resolve()), SEGMENTER_VERSION, tuple((e.id, e.sha256, e.title, e.date) for e in entries))
    if key in _CACHE:
        return _CACHE[key]
    documents = [load_document(verify(corpus_dir, e), e, max_mb or settings.max_file_mb) for e in entries]
    from corpus.duplicates import find_duplicates

    # The hash covers the segmentation itself (paragraph ids and spans), so any change to the
    # segmenter invalidates every build keyed on it, with no version number to remember to bump.
    digest = hashlib.sha256(repr(key[1:]).encode())
    for doc in documents:
        for p in doc.paragraphs:
            digest.update(f"{p.id}{[(s.start, s.end) for s in p.spans]}{p.part_id}{p.heading_path}".encode())
    content_hash = digest.hexdigest()[:16]
    loaded = Corpus(documents=tuple(documents), duplicates=find_duplicates(documents), content_hash=content_hash)
    _CACHE[key] = loaded
    return loaded


def load_document(path: str | Path, entry: Entry | None = None, max_mb: float = 50.0) -> Document:
    """Read and segment one file. Without a manifest entry, metadata is derived from the file name."""
    path = Path(path)
    result = read(path, max_mb=max_mb)
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
