"""`councilkg read FILE… [--json]` and `councilkg eval ofsted CSV` — thin handlers over graph.reading."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from councilkg.errors import InputError


def _files(paths: list[str]) -> list[Path]:
    """Files named, and the supported files under folders named (recursively, in name order)."""
    from corpus.readers import SUPPORTED

    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED)
        else:
            out.append(p)
    return out


def cmd_read(args) -> None:
    from councilkg.settings import get_settings
    from graph.reading import read_file

    files = _files(args.files)
    if not files:
        raise InputError("No files to read: name .txt, .md or .pdf files or folders holding them.")
    settings = get_settings()
    cache = None if args.no_cache else Path(settings.build_dir) / "read-cache"
    for path in files:
        record = read_file(path, max_mb=settings.max_file_mb, cache_dir=cache)
        if args.json:
            print(json.dumps(record, ensure_ascii=False))
        else:
            _print_record(record)
        sys.stdout.flush()


def _print_record(record: dict) -> None:
    if record["error"]:
        print(f"{record['file']}: {record['error']}")
        return
    d = record["document"]
    print(f"{record['file']}: {d['title']} ({d['date'] or 'undated'}; {d['pages'] or '-'} pages, "
          f"{d['paragraphs']} paragraphs)")
    for i in record["inspections"]:
        how = "reports" if i["reported"] else "mentions"
        print(f"  {how} {i['framework']}{'/' + i['type'] if i.get('type') not in (None, i['framework']) else ''} "
              f"of {i['authority'] or '?'}: {i['start'] or '?'} to {i['end'] or '?'}"
              f"{', published ' + i['published'] if i['published'] else ''}"
              f"{', lead inspector ' + i['lead_inspector'] if i['lead_inspector'] else ''}")
        for area, grade in i["judgements"].items():
            print(f"    {area}: {grade}")
        if i["findings"] or i["recommendations"]:
            print(f"    {i['findings']} findings, {len(i['recommendations'])} recommendations")


def cmd_eval_ofsted(args) -> None:
    from councilkg.settings import get_settings
    from graph.eval_ofsted import DEFAULT_GOLD, evaluate, format_result

    if not Path(args.csv).is_file():
        raise InputError(f"{args.csv}: no such file; give the peer grades CSV (e.g. ../shared/ofsted/peer_grades_dev.csv).")
    cache = None if args.no_cache else str(Path(get_settings().build_dir) / "read-cache")
    result = evaluate(args.csv, Path(args.gold) if args.gold else DEFAULT_GOLD, limit=args.limit, only=args.only,
                      workers=args.workers, cache_dir=cache, records_out=args.records)
    print(format_result(result, misses=args.misses, split=args.split))


def register(subparsers) -> None:
    p = subparsers.add_parser("read", help="What the graph would learn from files, without adding them to the corpus.")
    p.add_argument("files", nargs="+", help="Files or folders (searched recursively).")
    p.add_argument("--json", action="store_true", help="One JSON object per line per file.")
    p.add_argument("--no-cache", action="store_true", help="Read PDFs again instead of using build/read-cache.")
    p.set_defaults(func=cmd_read)
    from councilkg.cli_util import get_eval_group

    p = get_eval_group(subparsers).add_parser("ofsted", help="Agreement of `read` with a peer's Ofsted grades CSV.")
    p.add_argument("csv", help="Peer CSV: a `path` column relative to the CSV, then the peer's fields.")
    p.add_argument("--gold", help="Gold corrections CSV (default tests/data/ofsted_gold_corrections.csv).")
    p.add_argument("--misses", action="store_true", help="List every disagreement with the corrected gold.")
    p.add_argument("--split", choices=("all", "dev", "held-out"), default="all",
                   help="Which authorities' disagreements --misses lists (the figures always show every split).")
    p.add_argument("--limit", type=int, help="Only the first N reports.")
    p.add_argument("--only", help="Only reports whose path contains this text.")
    p.add_argument("--workers", type=int, default=1, help="Read in this many processes (default 1).")
    p.add_argument("--records", help="Also write every `read` record (JSON lines) to this file.")
    p.add_argument("--no-cache", action="store_true", help="Read PDFs again instead of using build/read-cache.")
    p.set_defaults(func=cmd_eval_ofsted)
