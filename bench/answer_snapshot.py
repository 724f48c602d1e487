"""Every labelled question answered and written down, so a change meant to keep behaviour can be checked to.

    .venv/bin/python bench/answer_snapshot.py --out before.jsonl      # answer every set, write one line each
    .venv/bin/python bench/answer_snapshot.py --diff before.jsonl after.jsonl

A refactor of the answer layer should change no line: the answer's text, whether it was found, what it cites
(paragraph and offsets), its confidence (to 4 places) and answer type. The sets are those ``bench/fit_qa.py``
trains on and those ``bench/threshold_curve.py`` measures (the held-out and the spent sealed sets); a sealed set not
yet scored is never read. Tuning code, never imported at run time.
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
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from fit_qa import question_sets  # noqa: E402
from threshold_curve import DATA, SPENT_SEALED  # noqa: E402


def all_sets() -> list[tuple[str, Path, Path | None]]:
    """The training sets and the spent sealed sets (never an unscored one)."""
    sets = question_sets()
    for name in SPENT_SEALED:
        sets += [(name, q, DATA / name / "manifest.json") for q in sorted((DATA / name).glob("qa_*.jsonl"))]
    return sets


def snapshot(out: Path) -> int:
    import qa
    from qa.evaluate import pack_engine, read_questions

    count, started = 0, time.time()
    with open(out, "w", encoding="utf-8") as fh:
        for name, path, manifest in all_sets():
            engine = pack_engine(manifest) if manifest else qa.get_engine()
            for i, item in enumerate(read_questions(path)):
                a = qa.ask(item["question"], engine=engine)
                row = {"key": f"{name}/{path.stem}/{item.get('id', i)}", "question": item["question"],
                       "found": a.found, "answer": a.answer, "type": a.answer_type,
                       "confidence": None if a.confidence is None else round(a.confidence, 4),
                       "cites": [[c.paragraph_id, c.start, c.end, c.related] for c in a.citations]}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
            print(f"{name}/{path.stem}: {count} answered, {time.time() - started:.0f} s", flush=True)
    return count


def diff(a: Path, b: Path, show: int = 10) -> int:
    """Print the questions whose answers differ; return how many do."""
    def rows(path):
        return {r["key"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}

    before, after = rows(a), rows(b)
    changed = [k for k in before if k in after and before[k] != after[k]]
    missing = sorted(set(before) ^ set(after))
    for k in changed[:show]:
        x, y = before[k], after[k]
        print(f"- {k}: {x['question']}")
        for field in ("found", "type", "confidence", "answer", "cites"):
            if x[field] != y[field]:
                print(f"    {field}: {str(x[field])[:300]!r}\n      -> {str(y[field])[:300]!r}")
    print(f"{len(changed)} of {len(before)} answers differ; {len(missing)} questions in one file only")
    return len(changed) + len(missing)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="answer every set and write the snapshot here")
    parser.add_argument("--diff", nargs=2, type=Path, metavar=("BEFORE", "AFTER"), help="compare two snapshots")
    parser.add_argument("--show", type=int, default=10, help="differences printed with --diff")
    args = parser.parse_args()
    if args.diff:
        sys.exit(1 if diff(*args.diff, show=args.show) else 0)
    if not args.out:
        parser.error("give --out FILE or --diff BEFORE AFTER")
    print(f"{snapshot(args.out)} answers written to {args.out}")


if __name__ == "__main__":
    main()
