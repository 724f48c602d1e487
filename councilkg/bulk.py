"""Bulk ingest: many files or folders into the corpus, read in parallel, committed at once, built once.

Why: adding 250 Ofsted reports one `councilkg ingest` at a time rebuilt the graph and the index 250
times. Here every file is checked and read (in worker processes, with a progress bar), files whose
bytes are already in the manifest are skipped, a file that fails gets one sentence and the rest go
on, the good ones are committed under one corpus lock and one manifest rewrite, and the build runs
once. What a flag does not give — title, date, kind, the authority — is read from the document
itself (an inspection report's title, authority and publication date), not from its file name alone.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from councilkg.errors import CouncilKGError, InputError


@dataclass(frozen=True)
class Outcome:
    """One file's fate: ``prepared`` (a corpus.ingest.Prepared) or ``error`` (one sentence)."""

    path: Path
    prepared: object | None = None
    error: str | None = None
    skipped: bool = False


def expand(paths: list[str | Path]) -> list[Path]:
    """The files named and the supported files under the folders named (recursively, in name order)."""
    from corpus.readers import SUPPORTED

    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED
                          and not any(part.startswith(".") for part in f.relative_to(p).parts))
        else:
            out.append(p)
    return out


def document_metadata(doc, file_date: str | None) -> dict:
    """Title, date, kind, publisher and bodies read from a segmented document.

    An inspection report gives its own title (with the authority when the title does not name it),
    its stated publication date (else the date in its file name, else the inspection's last day),
    kind ``inspection_report``, publisher Ofsted and the inspected authority as its body.
    """
    from graph.reading import describe

    _, inspections = describe(doc)
    reported = [i for i in inspections if i["reported"]]
    if reported:
        i = reported[0]
        title = " ".join((i.get("title") or doc.title).split())
        authority = i.get("authority")
        if authority and authority.lower() not in title.lower():
            title = f"{title} ({authority})"
        return {"title": title, "date": i.get("published") or file_date or i.get("end"), "kind": "inspection_report",
                "publisher": "Ofsted", "bodies": (authority,) if authority else ()}
    heading = next((p.text for p in doc.paragraphs[:12] if p.kind == "heading" and 8 <= len(p.text) <= 150), None)
    date = file_date
    if date is None:
        from councilkg.dates import parse_date

        date = parse_date(doc.text[:3000])
    kinds = {"minutes": "minutes", "agenda": "agenda_pack", "plan": "plan", "inspection_report": "inspection_report"}
    kind = next((kinds[p.kind] for p in doc.parts if p.kind in kinds), None)
    return {"title": " ".join(heading.split()) if heading else None, "date": date, "kind": kind}


def _prepare_job(job: tuple) -> Outcome:
    """Worker: check, read (through the read cache), segment, describe; store the segmented document."""
    path, flags, max_mb, read_cache, store_dir = job
    from corpus import load_document
    from corpus.ingest import KINDS, Prepared, check_file
    from corpus.manifest import entry_for, valid_date

    try:
        if flags.get("kind") is not None and flags["kind"] not in KINDS:
            raise InputError(f"Unknown kind '{flags['kind']}'; use one of {', '.join(KINDS)}.")
        if flags.get("date") is not None and not valid_date(flags["date"]):
            raise InputError(f"Date '{flags['date']}' is not a real date in YYYY-MM-DD form.")
        path = check_file(path, max_mb)
        entry = entry_for(path, flags.get("title"), date=flags.get("date"), kind=flags.get("kind"),
                          publisher=flags.get("publisher", ""), bodies=tuple(flags.get("bodies", ())),
                          licence=flags.get("licence", ""))
        doc = load_document(path, entry, max_mb=max_mb, cache_dir=read_cache)
        if not doc.paragraphs:
            raise InputError(f"{path.name}: no paragraphs could be found in the text.")
        found = document_metadata(doc, entry.date if not flags.get("date") else None)
        entry = replace(
            entry,
            title=flags.get("title") or found.get("title") or entry.title,
            date=flags.get("date") or found.get("date") or entry.date,
            kind=flags.get("kind") or found.get("kind") or entry.kind,
            publisher=flags.get("publisher") or found.get("publisher") or entry.publisher,
            bodies=tuple(flags.get("bodies") or found.get("bodies") or entry.bodies),
        )
        if entry.date != doc.date:  # the date dates the document's parts: segment again (the text is cached)
            doc = load_document(path, entry, max_mb=max_mb, cache_dir=read_cache)
        return Outcome(path, prepared=(Prepared(source=path, entry=entry, paragraphs=len(doc.paragraphs)), doc))
    except CouncilKGError as exc:
        return Outcome(Path(path), error=str(exc))
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
        return Outcome(Path(path), error=f"{Path(path).name}: could not be read ({exc.__class__.__name__}).")


def _unique_file(entry, source: Path, roots: list[Path], taken: set[str]):
    """A document file name not yet taken: a generic name ('2025-05-09.pdf') gets its folder's name first.

    Only for files found by walking a folder: a file named on the command line keeps its name (and
    is refused, by ``corpus.ingest.commit``, if a different file already has it).
    """
    name = Path(entry.file).name
    if not any(r.resolve() in source.resolve().parents for r in roots):
        return entry
    generic = not any(c.isalpha() for c in Path(name).stem)  # '2025-05-09.pdf' says nothing of whose it is
    if (name in taken or generic) and source.parent.name and not any(source.parent.resolve() == r.resolve() for r in roots):
        name = f"{source.parent.name}-{name}"
    stem, suffix = Path(name).stem, Path(name).suffix
    n = 2
    while name in taken:
        name = f"{stem}-{n}{suffix}"
        n += 1
    taken.add(name)
    from corpus.manifest import slugify

    return replace(entry, file=f"documents/{name}", id=slugify(Path(name).stem))


def ingest_many(paths: list[str | Path], settings, *, flags: dict | None = None, workers: int = 1,
                progress: bool = True, say=print) -> list:
    """Add every readable new file among ``paths`` to the corpus in one commit; return their entries.

    Files already in the manifest (same sha256) are skipped, each rejected file is reported by
    ``say`` in one sentence, and nothing is written unless at least one file can be added.
    """
    from corpus.ingest import commit
    from corpus.manifest import read_manifest
    from corpus.parallel import map_progress
    from corpus.store import CorpusStore, file_sha256

    flags = flags or {}
    roots = [Path(p) for p in paths if Path(p).is_dir()]
    files = expand(paths)
    if not files:
        raise InputError("No documents to ingest: name .txt, .md or .pdf files, or folders holding them.")
    if len(files) > 1 and flags.get("title"):
        raise InputError("--title names one document; give it with one file, or leave it out to read titles from the documents.")
    corpus_dir = Path(settings.corpus_dir)
    known = {e.sha256 for e in read_manifest(corpus_dir)}
    todo, seen = [], set()
    skipped = 0
    from corpus.ingest import check_file

    for f in files:
        try:  # the cheap checks first: an oversized file is never read, not even to hash it
            check_file(f, settings.max_file_mb)
            digest = file_sha256(f)
        except (OSError, InputError):
            digest = None  # the worker reports what is wrong with it
        if digest and (digest in known or digest in seen):
            skipped += 1
            continue
        if digest:
            seen.add(digest)
        todo.append(f)
    if skipped:
        say(f"skipped {skipped} file{'s' if skipped != 1 else ''} already in the corpus (same bytes)")
    build_dir = Path(settings.build_dir)
    jobs = [(str(f), flags, settings.max_file_mb, str(build_dir / "read-cache"), str(build_dir / "corpus")) for f in todo]
    outcomes = list(map_progress(_prepare_job, jobs, workers=workers, progress=progress and len(jobs) > 1,
                                 desc="reading"))
    taken = {Path(e.file).name for e in read_manifest(corpus_dir)}
    ready = []
    store = CorpusStore(build_dir / "corpus")
    for outcome in outcomes:
        if outcome.error:
            say(f"rejected: {outcome.error}")
            continue
        prepared, doc = outcome.prepared
        entry = _unique_file(prepared.entry, outcome.path, roots, taken)
        if entry.id != doc.id:  # paragraph ids carry the document id: segment again under the new one
            from corpus import load_document

            doc = load_document(outcome.path, entry, max_mb=settings.max_file_mb, cache_dir=build_dir / "read-cache")
        store.save_document(entry, doc)
        ready.append(replace(prepared, entry=entry))
    if not ready:
        if len(files) == 1 and outcomes and outcomes[0].error:  # one file named, and it failed: an error
            raise InputError(outcomes[0].error)
        return []
    return commit(corpus_dir, ready)


def default_workers() -> int:
    import os

    return max(1, min(4, os.cpu_count() or 1))


def summarise(entries: list) -> str:
    kinds: dict[str, int] = {}
    for e in entries:
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
    return ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))

