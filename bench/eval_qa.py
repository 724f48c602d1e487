"""Every labelled question set through ``qa.evaluate.evaluate`` (what `councilkg eval qa` runs), one table.

    .venv/bin/python bench/eval_qa.py [--sets qa_blind3 unseen3 ...] [--out bench/results/qa_sets.json] [--model FILE]

Sets over other councils' documents are answered by an engine over the corpus plus their pack, built once
into build/packs/ (text, and the PDF twins where a pack has them). Never reads a sealed set (tests/data/sealed*/).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "qa_sets.json")
    parser.add_argument("--sets", nargs="+", metavar="NAME",
                        help="only these sets (a file's stem or a pack's folder, e.g. qa_blind3 unseen3 dev_qa)")
    parser.add_argument("--model", type=Path, help="answer with this ranker file instead of qa/ranker.json.gz "
                                                   "(e.g. one written by bench/fit_qa.py --leave-out … --out FILE)")
    args = parser.parse_args()
    if args.model:
        import qa.ranker

        if not args.model.is_file():
            parser.error(f"no ranker file at {args.model}")
        qa.ranker.MODEL_FILE = args.model.resolve()

    sys.path.insert(0, str(ROOT / "bench"))
    from fit_qa import HELD_OUT, question_sets
    from qa.evaluate import evaluate, pack_engine

    rows = []
    engines = {}
    for name, path, manifest in question_sets():
        if args.sets and name not in args.sets:
            continue
        variants = [(False, "text")] + ([(True, "pdf")] if manifest and any(manifest.parent.glob("*.pdf")) else [])
        for prefer_pdf, how in variants if manifest else [(False, "")]:
            key = (str(manifest), prefer_pdf)
            if key not in engines:
                engines[key] = pack_engine(manifest, prefer_pdf) if manifest else None
            result = evaluate(path, engine=engines[key])
            label = (f"{name} ({how})" if how else name) + (" [held out]" if name in HELD_OUT else "")
            rows.append({"set": label, **{k: v for k, v in result.items() if k not in ("rows", "file")}})
            r = rows[-1]
            print(f"{label:26} {r['questions']:>4} hit {r['evidence_hit_at_k']} (quoted {r['evidence_hit_quoted']}) acc {r['answer_accuracy']} "
                  f"declined {r['not_found_accuracy']} valid {r['citation_validity']} p95 {r['latency_ms']['p95']} ms",
                  flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"measured_at": time.strftime("%Y-%m-%dT%H:%M:%S"), "sets": rows}, indent=1) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
