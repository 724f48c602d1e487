"""`councilkg eval retrieval FILE.jsonl`: evidence recall and MRR for BM25, dense and hybrid in one run."""
from __future__ import annotations

import json

from councilkg.cli_util import get_eval_group


def eval_retrieval(args) -> None:
    import corpus
    from councilkg.settings import get_settings

    from . import build
    from .evaluate import evaluate, format_table, read_questions

    settings = get_settings()
    questions = read_questions(args.file)
    loaded = corpus.load(settings.corpus_dir)
    # build() reuses an unchanged index in well under a second and refuses nothing silently
    index = build(loaded, settings, progress=not args.quiet)
    result = evaluate(index, questions, k=args.k)
    print(f"{args.file}: {result['n']} answerable questions "
          f"({result['skipped_unanswerable']} unanswerable skipped), top {args.k}")
    print(format_table(result))
    if args.misses:
        for qid, ranks in result["ranks"].items():
            if ranks.get("hybrid") is None or ranks["hybrid"] > 5:
                print(f"  {qid}: {json.dumps(ranks)}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(result, fh, indent=1)


def register(subparsers) -> None:
    group = get_eval_group(subparsers)
    p = group.add_parser("retrieval", help="Evidence recall@1/5/10 and MRR: BM25, dense and hybrid.")
    p.add_argument("file", help="Questions in the dev-set JSONL format (question, evidence[]).")
    p.add_argument("-k", type=int, default=10, help="Hits retrieved per question (default 10).")
    p.add_argument("--misses", action="store_true", help="List questions hybrid misses in the top 5.")
    p.add_argument("--json", help="Also write the full result (per-question ranks) to this file.")
    p.add_argument("--quiet", action="store_true", help="No build progress on stderr.")
    p.set_defaults(func=eval_retrieval)
