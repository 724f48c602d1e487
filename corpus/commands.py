"""`councilkg corpus list|show`, `councilkg ingest` and `councilkg eval segmentation`."""
from __future__ import annotations

import json
import textwrap

from councilkg.cli_util import get_eval_group
from councilkg.errors import InputError
from councilkg.settings import get_settings


def register(sub) -> None:
    corpus_cmd = sub.add_parser("corpus", help="Inspect the documents and their segmentation.")
    corpus_sub = corpus_cmd.add_subparsers(dest="corpus_command", required=True, parser_class=type(corpus_cmd))
    p = corpus_sub.add_parser("list", help="Documents, their parts and paragraph counts.")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=list_documents)
    p = corpus_sub.add_parser("show", help="A paragraph (by id), its context and its span.")
    p.add_argument("paragraph_id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=show_paragraph)

    p = sub.add_parser("ingest", help="Add .txt/.md/.pdf documents (files or folders) to corpus/ and the manifest, atomically.")
    p.add_argument("files", nargs="+", metavar="PATH", help="Files, or folders searched recursively.")
    p.add_argument("--workers", type=int, default=None, help="Processes reading files (default: up to 4, one per core).")
    p.add_argument("--title", help="One document's title (default: read from the document)")
    p.add_argument("--date", help="YYYY-MM-DD (default: read from the file name)")
    p.add_argument("--kind", help="agenda_pack, minutes, report, inspection_report, plan or other")
    p.add_argument("--publisher", default="")
    p.add_argument("--body", action="append", default=[], help="A body the document belongs to (repeatable).")
    p.add_argument("--licence", default="")
    p.add_argument("--no-build", action="store_true", help="Do not rebuild the graph and index afterwards.")
    p.add_argument("--ray", nargs="?", const="local", default=None, metavar="ADDRESS",
                   help="Rebuild on Ray (a local Ray, or the cluster at ADDRESS).")
    p.set_defaults(func=ingest_file)

    p = sub.add_parser("remove", help="Take a document (by id) out of corpus/ and the manifest, atomically.")
    p.add_argument("document_id", help="as shown by 'councilkg corpus list'")
    p.add_argument("--no-build", action="store_true", help="Do not rebuild the graph and index afterwards.")
    p.set_defaults(func=remove_document)

    get_eval_group(sub).add_parser("segmentation", help="Segmentation figures for the README.").set_defaults(
        func=eval_segmentation)


def _load():
    import corpus

    return corpus.load(get_settings().corpus_dir)


def list_documents(args) -> None:
    loaded = _load()
    if args.json:
        print(json.dumps([{"id": d.id, "title": d.title, "date": d.date, "kind": d.kind,
                           "paragraphs": len(d.paragraphs),
                           "parts": [{"id": p.id, "kind": p.kind, "title": p.title, "date": p.date,
                                      "paragraphs": sum(q.part_id == p.id for q in d.paragraphs)} for p in d.parts]}
                          for d in loaded], indent=2))
        return
    for d in loaded:
        print(f"{d.id}  {d.date or '':10}  {len(d.paragraphs):4} paragraphs  {d.title}")
        for p in d.parts:
            n = sum(q.part_id == p.id for q in d.paragraphs)
            print(f"    {p.ordinal:2} {p.kind:18} {p.date or '':10} {n:4}  {p.title[:80]}")


def show_paragraph(args) -> None:
    loaded = _load()
    para = loaded.paragraph(args.paragraph_id)
    doc = loaded.document(para.document_id)
    part = doc.part(para.part_id)
    i = para.ordinal
    before = doc.paragraphs[i - 1].text if i > 0 else ""
    after = doc.paragraphs[i + 1].text if i + 1 < len(doc.paragraphs) else ""
    if args.json:
        print(json.dumps({"id": para.id, "document_id": doc.id, "document_title": doc.title, "part": part.title,
                          "heading_path": list(para.heading_path), "label": para.label, "kind": para.kind,
                          "page": para.page, "spans": [[s.start, s.end] for s in para.spans], "text": para.text,
                          "previous": before, "next": after, "duplicate_of": loaded.duplicates.get(para.id)},
                         indent=2))
        return
    print(f"{para.id}  ({para.kind}{', label ' + para.label if para.label else ''})")
    print(f"document: {doc.title} [{doc.id}]\npart:     {part.title} ({part.kind}, {part.date or 'undated'})")
    print(f"section:  {' > '.join(para.heading_path) or '-'}")
    print("spans:    " + ", ".join(f"[{s.start}:{s.end}]" + (f" p.{s.page}" if s.page else "") for s in para.spans))
    if para.id in loaded.duplicates:
        print(f"duplicate of: {loaded.duplicates[para.id]}")
    for name, text in (("before", before), ("TEXT", para.text), ("after", after)):
        if text:
            print(f"\n--- {name}\n" + textwrap.fill(text, 100))


def ingest_file(args) -> None:
    """One or many files (folders recursively): read in parallel, each bad file one sentence, one commit,
    one rebuild (``councilkg.bulk``)."""
    from councilkg.bulk import default_workers, ingest_many, summarise

    settings = get_settings()
    flags = {"title": args.title, "date": args.date, "kind": args.kind, "publisher": args.publisher,
             "bodies": tuple(args.body), "licence": args.licence}
    added = ingest_many(args.files, settings, flags=flags, workers=args.workers or default_workers())
    for entry in added if len(added) <= 20 else ():
        print(f"added {entry.file} as '{entry.id}' ({entry.kind}, {entry.date or 'undated'}): {entry.title[:90]}")
    if len(added) > 20:
        print(f"added {len(added)} documents ({summarise(added)})")
    if not added:
        print("nothing new to add")
        return
    if not args.no_build:
        _rebuild_after(args, f"{len(added)} document{'s were' if len(added) != 1 else ' was'} added to the corpus")


def remove_document(args) -> None:
    from corpus.ingest import remove

    entry = remove(args.document_id, get_settings().corpus_dir)
    print(f"removed '{entry.id}' ({entry.file})")
    if not args.no_build:
        _rebuild_after(args, f"'{entry.id}' was removed from the corpus")


def _rebuild_after(args, done: str) -> None:
    """Rebuild after a corpus change; if another build holds the lock, say what did happen."""
    from councilkg import pipeline
    from councilkg.errors import BusyError

    try:
        print(pipeline.build(ray=getattr(args, "ray", None)).summary())
    except BusyError:
        raise BusyError(f"{done}, but another build is running, so this one did not rebuild; "
                        "run 'councilkg build' when it has finished.") from None


def eval_segmentation(args) -> None:
    from corpus.quality import report

    print(report(_load()))
