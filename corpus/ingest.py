"""Add a document to the corpus atomically: validate fully first, then copy, then rewrite the manifest.

A file that fails any check (type, size, encoding, no text, duplicate) leaves ``documents/`` and
``manifest.toml`` exactly as they were.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from corpus.dates import parse_date
from corpus.manifest import Entry, read_manifest, sha256_of, write_manifest
from councilkg.errors import InputError

KINDS = ("agenda_pack", "minutes", "report", "inspection_report", "plan", "other")


def slugify(value: str) -> str:
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", value.lower())).strip("-")[:60] or "document"


def _guess_kind(name: str) -> str:
    low = name.lower()
    for needle, kind in (("minutes", "minutes"), ("agenda", "agenda_pack"), ("ofsted", "inspection_report"),
                         ("inspection", "inspection_report"), ("plan", "plan"), ("report", "report")):
        if needle in low:
            return kind
    return "other"


def entry_for(path: Path, title: str | None, *, date: str | None = None, kind: str | None = None,
              publisher: str = "", bodies: tuple[str, ...] = (), licence: str = "") -> Entry:
    """Manifest metadata for a new file: explicit values first, else read from its name."""
    stem = Path(path).stem
    iso = date or parse_date(stem.replace("_", " ").replace("-", " ")) or _iso_prefix(stem)
    return Entry(
        id=slugify(stem), file=f"documents/{Path(path).name}", title=title or stem.replace("_", " ").replace("-", " "),
        publisher=publisher or "unknown", bodies=tuple(bodies), date=iso, kind=kind or _guess_kind(stem),
        licence=licence or "unknown", sha256=sha256_of(path),
    )


def _iso_prefix(stem: str) -> str | None:
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", stem)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def ingest(path: str | Path, corpus_dir: str | Path, *, title: str | None = None, date: str | None = None,
           kind: str | None = None, publisher: str = "", bodies: tuple[str, ...] = (), licence: str = "",
           max_mb: float = 50.0) -> Entry:
    """Validate ``path`` as a document, then add it to ``corpus_dir``; return its manifest entry."""
    from corpus import load_document

    path, corpus_dir = Path(path), Path(corpus_dir)
    if kind is not None and kind not in KINDS:
        raise InputError(f"Unknown kind '{kind}'; use one of {', '.join(KINDS)}.")
    if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise InputError(f"Date '{date}' is not in YYYY-MM-DD form.")
    entries = read_manifest(corpus_dir)
    entry = entry_for(path, title, date=date, kind=kind, publisher=publisher, bodies=bodies, licence=licence)
    if any(e.sha256 == entry.sha256 for e in entries):
        raise InputError(f"{path.name}: this exact file is already in the corpus.")
    taken = {e.id for e in entries}
    base, n = entry.id, 2
    while entry.id in taken:
        entry = Entry(**{**entry.__dict__, "id": f"{base}-{n}"})
        n += 1
    target = corpus_dir / "documents" / path.name
    if target.exists():
        raise InputError(f"{path.name}: a different file with this name is already in the corpus; rename it.")
    # Read and segment before touching anything: a bad file fails here.
    document = load_document(path, entry, max_mb=max_mb)
    if not document.paragraphs:
        raise InputError(f"{path.name}: no paragraphs could be found in the text.")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".ingest-")
    os.close(fd)
    try:
        shutil.copyfile(path, tmp)
        os.replace(tmp, target)
        try:
            write_manifest(corpus_dir, entries + [entry])
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return entry
