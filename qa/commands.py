"""CLI: `councilkg ask`, `councilkg trace`, `councilkg gaps`, `councilkg eval qa`."""
from __future__ import annotations

import json
import logging
import sys

from councilkg.cli_util import get_eval_group
from councilkg.errors import CouncilKGError, QueryError

KINDS = ("inspection_report", "minutes", "report", "plan", "appendix", "agenda", "work_programme")


def _dump(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=None))


def _print_answer(answer) -> None:
    print(answer.answer)
    if answer.citations:
        print()
    for c in answer.citations:
        where = f"{c.document_title}, {c.part}" + (f", para {c.label}" if c.label else "")
        print(f"[{c.n}] {where} ({c.date or 'undated'}) {c.document_id}[{c.start}:{c.end}]")
        if c.related:  # the answer's text quotes the others; a "See also" or nearest passage is shown here
            quote = " ".join(c.quote.split())
            print(f"    “{quote[:200]}{'…' if len(quote) > 200 else ''}”")
    for f in answer.graph_facts:
        print(f"    graph: {f.subject} {f.predicate} {f.object}")


def ask_command(args) -> None:
    import qa

    kinds = tuple(args.kind or ())
    if args.batch:
        _batch(args, kinds)
        return
    if not args.question:
        raise QueryError("Give a question, e.g. councilkg ask \"Who chairs the Improvement Board?\", or --batch FILE.jsonl.")
    answer = qa.ask(" ".join(args.question), k=args.k, kinds=kinds, since=args.since, until=args.until)
    if args.json:
        _dump(answer.to_json())
    else:
        _print_answer(answer)


def _batch(args, kinds) -> None:
    """One JSON answer per input line, in one process (the engine loads once).

    A bad line (not JSON, no question, a lone surrogate, a question that fails) gets its own
    JSON line with an "error" sentence, and the batch goes on: one bad line never costs the rest.
    """
    import qa

    items = list(_batch_items(args.batch))
    engine = qa.get_engine()
    for line, item, problem in items:
        if problem:
            _dump({"line": line, "found": False, "error": problem})
            sys.stdout.flush()
            continue
        try:
            k = int(item.get("k", args.k))
        except (TypeError, ValueError):
            _dump({"line": line, **({"id": item["id"]} if "id" in item else {}), "found": False,
                   "error": f"Line {line}: 'k' must be a whole number, not {str(item.get('k'))[:40]!r}."})
            continue
        try:
            out = qa.ask(item["question"], k=k, kinds=kinds, since=args.since,
                         until=args.until, engine=engine).to_json()
        except CouncilKGError as exc:
            out = {"question": item["question"], "found": False, "answer": "", "citations": [], "graph_facts": [],
                   "searched": {"documents": 0, "paragraphs": 0}, "error": str(exc)}
        except Exception as exc:  # noqa: BLE001 - reported on its line; the batch goes on
            # the traceback only at debug level: the user gets the sentence, the batch goes on
            logging.getLogger("councilkg.qa").debug("batch line %d failed", line, exc_info=True)
            out = {"question": item["question"], "found": False, "error":
                   f"Line {line} could not be answered ({type(exc).__name__}); the details are in the log."}
        if "id" in item:
            out = {"id": item["id"], **out}
        _dump(out)
        sys.stdout.flush()


def _batch_items(path):
    """(line number, item, None) or (line number, None, error sentence) for each non-blank line."""
    from pathlib import Path

    path = Path(path)
    if not path.is_file():
        raise QueryError(f"No question file at '{path}'.")
    with open(path, encoding="utf-8", errors="surrogateescape") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError as exc:
                yield number, None, f"Line {number} is not JSON ({getattr(exc, 'msg', exc)})."
                continue
            question = item.get("question") if isinstance(item, dict) else None
            if not isinstance(question, str) or not question.strip():
                yield number, None, f"Line {number} has no 'question' string."
                continue
            # Lone surrogates ("\ud800", or bytes that are not UTF-8) cannot be printed or encoded:
            # each becomes U+FFFD, so the question is still asked.
            clean = "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in question)
            yield number, {**item, "question": clean}, None


def trace_command(args) -> None:
    import qa

    result = qa.trace(" ".join(args.ref))
    if args.json:
        _dump(result.to_json())
        return
    print(f"trace of {result.ref}")
    labels = {}
    for i, node in enumerate(result.nodes, 1):
        labels[node.id] = f"({i}) {node.label}"
        due = " ".join((node.due_text or node.due or "").split())
        extra = "".join(f" {k}: {v};" for k, v in (("lead", node.lead), ("due", due)) if v)
        extra += "".join(f" UNRESOLVED reference “{u}” (printed, names no paragraph);" for u in node.unresolved)
        text = "" if node.text == node.label else f" {node.text[:150]}"
        cite = f" [{node.citation.document_id}[{node.citation.start}:{node.citation.end}]]" if node.citation else ""
        print(f"  ({i}) {node.kind:12} {node.label}:{extra}{text}{cite}")
        for m in node.measures[:5]:
            print(f"      measure: {m[:120]}")
    for edge in result.edges:
        how = "stated" if edge.link == "explicit" else "inferred" + (f", score {edge.score:.2f}" if edge.score is not None else "")
        cite = f" [{edge.citation.document_id}[{edge.citation.start}:{edge.citation.end}]]" if edge.citation else ""
        print(f"  {labels.get(edge.source, edge.source)[:60]} --{edge.relation} ({how})--> "
              f"{labels.get(edge.target, edge.target)[:60]}{cite}")


def gaps_command(args) -> None:
    import qa

    items = qa.gaps(authority=getattr(args, "authority", None))
    if args.json:
        _dump([g.to_json() for g in items])
        return
    group = None
    for g in items:
        if g.group != group:
            group = g.group
            print(f"{group or g.kind}:")
        print(f"  {g.label}: {g.text[:140]}")
        for m in g.inferred:
            print(f"      matched by wording only (inferred, not stated): {m[:120]}")
    print(f"{len(items)} findings/recommendations with no linked priority, source-table row or action")


def eval_command(args) -> None:
    from qa.evaluate import engine_with_documents, evaluate, print_report

    if args.with_documents:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="councilkg-eval-") as tmp:
            result = evaluate(args.file, engine=engine_with_documents(args.with_documents, tmp, args.prefer_pdf))
    else:
        result = evaluate(args.file)
    if args.json:
        _dump({k: v for k, v in result.items() if k != "rows"})
    else:
        print_report(result, verbose=args.verbose)


def register(subparsers) -> None:
    p = subparsers.add_parser("ask", help="Answer a question with citations (or say what was searched).")
    p.add_argument("question", nargs="*", help="the question")
    p.add_argument("--json", action="store_true", help="print the JSON contract")
    p.add_argument("--k", type=int, default=5, help="paragraphs an answer may draw on (1-50)")
    p.add_argument("--kind", action="append", choices=KINDS, help="only this kind of part (repeatable)")
    p.add_argument("--since", help="only parts dated on or after (YYYY[-MM[-DD]])")
    p.add_argument("--until", help="only parts dated on or before (YYYY[-MM[-DD]])")
    p.add_argument("--batch", metavar="FILE.jsonl", help="answer every line's 'question'; one JSON answer per line")
    p.set_defaults(func=ask_command)

    p = subparsers.add_parser("trace", help="Trace a finding, priority or action to what addresses it.")
    p.add_argument("ref", nargs="+", help='e.g. "ILACS 2021 para 17", "1.10", "6.1a" or a paragraph id')
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=trace_command)

    p = subparsers.add_parser("gaps", help="Findings and recommendations with no linked priority or action.")
    p.add_argument("--json", action="store_true")
    p.add_argument("--authority", help="only this authority's (e.g. 'Bury')")
    p.set_defaults(func=gaps_command)

    p = get_eval_group(subparsers).add_parser("qa", help="Evaluate answers on a dev-set JSONL file.")
    p.add_argument("file", help="questions in the dev-set format")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--verbose", "-v", action="store_true", help="list the failing questions")
    p.add_argument("--with-documents", metavar="MANIFEST.json",
                   help="first ingest these documents into a scratch copy of the corpus (the real one is untouched)")
    p.add_argument("--prefer-pdf", action="store_true", help="with --with-documents: ingest a listed file's PDF twin")
    p.set_defaults(func=eval_command)
