"""`councilkg sparql | entity | export | validate | eval graph` — thin handlers over graph/."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from councilkg.errors import InputError

FORMATS = {"ttl": "turtle", "trig": "trig", "nq": "nquads", "jsonld": "json-ld"}


def _load():
    import graph

    return graph.load()


def _term(value) -> str:
    return str(value) if value is not None else ""


def _query_text(value: str) -> str:
    """The query itself, or the text of the file it names (a long inline query is never a path)."""
    looks_like_path = len(value) < 4096 and "\n" not in value and "{" not in value
    try:
        is_file = looks_like_path and Path(value).is_file()
    except (OSError, ValueError):  # 'File name too long', embedded NUL, …
        is_file = False
    if not is_file:
        return value
    try:
        return Path(value).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"Cannot read the query file '{value}' ({getattr(exc, 'strerror', None) or exc}).") from None


def cmd_sparql(args) -> None:
    query = _query_text(args.query)
    rows = _load().user_query(query, timeout=args.timeout)
    if args.json:
        print(json.dumps([{k: _term(v) for k, v in row.items()} for row in rows], indent=2, ensure_ascii=False))
        return
    names = list(dict.fromkeys(k for row in rows for k in row))
    print("\t".join(names))
    for row in rows:
        print("\t".join(_term(row.get(n)) for n in names))
    cut = f"; cut off at {len(rows)} (COUNCILKG_SPARQL_MAX_ROWS)" if getattr(rows, "truncated", False) else ""
    print(f"({len(rows)} rows{cut})", file=sys.stderr)


def cmd_entity(args) -> None:
    card = _load().entity(args.name)
    if args.json:
        print(json.dumps(card.as_dict(), indent=2, ensure_ascii=False))
        return
    print(f"{card.name}  <{card.iri}>")
    print(f"  known as: {', '.join(card.labels)}")
    for fact in card.facts:
        p = fact.provenance
        print(f"  {_short(fact.subject)} {_short(fact.predicate)} {_short(fact.object)}")
        print(f"      [{p.document_id} {p.start}-{p.end}] \"{p.quote[:100]}\"")


def _short(node) -> str:
    text = str(node)
    return text.rsplit("#", 1)[-1] if "#" in text else text.rsplit("/", 2)[-2] + "/" + text.rsplit("/", 1)[-1] if "/" in text else text


def cmd_export(args) -> None:
    if args.format not in FORMATS:
        raise InputError(f"Unknown export format '{args.format}'.", hint=f"Use one of: {', '.join(FORMATS)}.")
    kg = _load()
    data = kg.union() if args.format == "ttl" else kg.dataset
    text = data.serialize(format=FORMATS[args.format])
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)


def cmd_validate(args) -> None:
    from graph.validate import validate

    result = validate(_load())
    print(f"domain shapes (union graph): {'conform' if 'Conforms: True' in result.domain_report else 'VIOLATIONS'}")
    print(f"provenance shapes (default graph): {'conform' if 'Conforms: True' in result.provenance_report else 'VIOLATIONS'}")
    if not result.conforms:
        print(result.domain_report[:5000])
        print(result.provenance_report[:5000])
        raise SystemExit(1)


def cmd_eval_graph(args) -> None:
    from graph.evaluate import evaluate, render

    results = evaluate(_load(), args.gold or None)
    print(json.dumps(results, indent=2) if args.json else render(results))


def register(subparsers) -> None:
    p = subparsers.add_parser("sparql", help="Run a read-only SPARQL query (text or file) over the graph.")
    p.add_argument("query")
    p.add_argument("--json", action="store_true")
    p.add_argument("--timeout", type=float, default=None,
                   help="Seconds, clamped to 0.5-120 (default COUNCILKG_SPARQL_TIMEOUT_S).")
    p.set_defaults(func=cmd_sparql)
    p = subparsers.add_parser("entity", help="Everything the graph knows about a person or body, with sources.")
    p.add_argument("name")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_entity)
    p = subparsers.add_parser("export", help="Export the graph as ttl, trig, nq or jsonld.")
    p.add_argument("--format", default="trig", choices=sorted(FORMATS))
    p.add_argument("--output", "-o")
    p.set_defaults(func=cmd_export)
    subparsers.add_parser("validate", help="Validate the graph build against the SHACL shapes.").set_defaults(func=cmd_validate)
    try:
        from councilkg.cli_util import get_eval_group
    except ImportError:  # pragma: no cover
        return
    p = get_eval_group(subparsers).add_parser("graph", help="Precision/recall of the graph against tests/data/gold_*.jsonl.")
    p.add_argument("gold", nargs="*", help="Gold files (default: tests/data/gold_*.jsonl).")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval_graph)
