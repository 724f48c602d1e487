"""Add or remove documents atomically: check and read first (no lock, nothing written), then commit.

A file that fails any check (exists, regular file, type, size, NUL bytes, encoding, date, no
text, duplicate) leaves ``documents/`` and ``manifest.toml`` exactly as they were. The commit
(copy, then one manifest rename) runs under the corpus writer lock, re-reading the manifest
inside it, so parallel ingests (CLI or UI) each keep their document or are told one sentence.

Two steps so that a caller with many files (bulk ingest) can ``prepare`` each one, in parallel
if it likes, and ``commit`` them together: one lock, one manifest rewrite.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from corpus.manifest import (  # noqa: F401 - slugify, safe_file_name: part of this module's interface
    Entry, entry_for, read_manifest, safe_file_name, sha256_of, slugify, valid_date, write_manifest,
)
from corpus.readers import PDF_SUFFIXES, SUPPORTED, TEXT_SUFFIXES
from councilkg.errors import InputError
from councilkg.fsutil import atomic_copy, remove_leftovers
from councilkg.locks import corpus_lock

KINDS = ("agenda_pack", "minutes", "report", "inspection_report", "plan", "other")
# What a killed ingest or manifest rewrite can leave behind (cleaned under the lock).
LEFTOVERS = (".ingest-*", ".manifest-*")


def check_file(path: str | Path, max_mb: float = 50.0) -> Path:
    """The cheap checks, before a byte is read: exists, regular file, supported type, size."""
    path = Path(path)
    shown = safe_file_name(path.name)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{shown}: no such file.") from None
    except OSError as exc:
        raise InputError(f"{shown}: cannot be read ({exc.strerror or exc}).") from None
    if path.is_dir():
        raise InputError(f"{shown}: is a folder, not a file; give one document at a time.")
    if not path.is_file():
        raise InputError(f"{shown}: not a regular file.")
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | PDF_SUFFIXES:
        raise InputError(f"{shown}: unsupported file type '{suffix or '(none)'}'; use one of {', '.join(SUPPORTED)}.")
    if info.st_size == 0:
        raise InputError(f"{shown}: the file is empty.")
    if info.st_size > max_mb * 1024 * 1024:
        raise InputError(f"{shown}: the file is {info.st_size / 1048576:.1f} MB, over the {max_mb:g} MB limit.")
    return path


@dataclass(frozen=True)
class Prepared:
    """A file that passed every check and was read and segmented; nothing written yet."""

    source: Path
    entry: Entry
    paragraphs: int


def prepare(path: str | Path, *, title: str | None = None, date: str | None = None, kind: str | None = None,
            publisher: str = "", bodies: tuple[str, ...] = (), licence: str = "", max_mb: float = 50.0) -> Prepared:
    """Check and read ``path`` completely (no lock, no writes); InputError names any problem."""
    from corpus import load_document

    if kind is not None and kind not in KINDS:
        raise InputError(f"Unknown kind '{kind}'; use one of {', '.join(KINDS)}.")
    if date is not None and not valid_date(date):
        raise InputError(f"Date '{date}' is not a real date in YYYY-MM-DD form.")
    path = check_file(path, max_mb)
    entry = entry_for(path, title, date=date, kind=kind, publisher=publisher, bodies=bodies, licence=licence)
    # Read and segment before touching anything: a bad file fails here.
    document = load_document(path, entry, max_mb=max_mb)
    if not document.paragraphs:
        raise InputError(f"{Path(entry.file).name}: no paragraphs could be found in the text.")
    return Prepared(source=path, entry=entry, paragraphs=len(document.paragraphs))


def commit(corpus_dir: str | Path, items: list[Prepared], wait_s: float | None = None) -> list[Entry]:
    """Copy prepared files into ``documents/`` and add them to the manifest, under the corpus lock.

    The manifest is re-read inside the lock, so ids, names and duplicates are decided against
    what is really there. Files are copied first and the manifest renamed last: a kill at any
    point leaves the old manifest (plus at most an unlisted file, which the next commit may
    overwrite) or the new one.
    """
    corpus_dir = Path(corpus_dir)
    with corpus_lock(corpus_dir, wait_s):
        remove_leftovers(corpus_dir, LEFTOVERS)
        remove_leftovers(corpus_dir / "documents", LEFTOVERS)
        entries = read_manifest(corpus_dir)
        listed = {e.file for e in entries}
        hashes = {e.sha256 for e in entries}
        taken = {e.id for e in entries}
        added: list[Entry] = []
        for item in items:
            entry = item.entry
            name = Path(entry.file).name
            if entry.sha256 in hashes:
                raise InputError(f"{name}: this exact file is already in the corpus.")
            if entry.file in listed:
                raise InputError(f"{name}: a different file with this name is already in the corpus; rename it.")
            base, n = entry.id, 2
            while entry.id in taken:
                entry = replace(entry, id=f"{base}-{n}")
                n += 1
            added.append(entry)
            listed.add(entry.file)
            hashes.add(entry.sha256)
            taken.add(entry.id)
        (corpus_dir / "documents").mkdir(exist_ok=True)
        for item, entry in zip(items, added):
            # An unlisted file of this name is what a killed ingest or removal left: replaced.
            target = atomic_copy(item.source, corpus_dir / entry.file, prefix=".ingest-")
            if sha256_of(target) != entry.sha256:
                target.unlink(missing_ok=True)
                raise InputError(f"{Path(entry.file).name}: the file changed while it was being added; add it again.")
        write_manifest(corpus_dir, entries + added)
    return added


def ingest(path: str | Path, corpus_dir: str | Path, *, title: str | None = None, date: str | None = None,
           kind: str | None = None, publisher: str = "", bodies: tuple[str, ...] = (), licence: str = "",
           max_mb: float = 50.0, wait_s: float | None = None) -> Entry:
    """Validate ``path`` as a document, then add it to ``corpus_dir``; return its manifest entry."""
    item = prepare(path, title=title, date=date, kind=kind, publisher=publisher, bodies=bodies, licence=licence,
                   max_mb=max_mb)
    return commit(corpus_dir, [item], wait_s)[0]


def remove(document_id: str, corpus_dir: str | Path, wait_s: float | None = None) -> Entry:
    """Take a document out of the corpus: the manifest loses its entry (one rename), then the file goes.

    A kill between the two leaves an unlisted file, which nothing reads and the next ingest of
    that name replaces.
    """
    corpus_dir = Path(corpus_dir)
    wanted = (document_id or "").strip()
    with corpus_lock(corpus_dir, wait_s):
        remove_leftovers(corpus_dir, LEFTOVERS)
        entries = read_manifest(corpus_dir)
        entry = next((e for e in entries if e.id == wanted), None)
        if entry is None:
            raise InputError(f"No document '{safe_file_name(wanted)}' in the corpus; "
                             "'councilkg corpus list' shows the document ids.")
        if len(entries) == 1:
            raise InputError(f"'{entry.id}' is the only document; a corpus needs at least one, so add another first.")
        write_manifest(corpus_dir, [e for e in entries if e.id != entry.id])
        path = (corpus_dir / entry.file).resolve()
        if path.parent == (corpus_dir / "documents").resolve():  # never follow a hand-edited '../' path
            path.unlink(missing_ok=True)
    return entry
