"""Answer the last fit's held-out questions again, each with its fold's model, through the current qa code.

    .venv/bin/python bench/fit_qa.py --out /tmp/ranker.json --keep-folds /tmp/folds.pkl    # once per model
    .venv/bin/python bench/cv_ask.py /tmp/folds.pkl --out after.jsonl [--base before.jsonl] [--threshold T]

Why: a change made after ranking (how an answer is composed: a neighbouring sentence, a complementing runner-up,
the order of its lines) moves no probability, so a refit to measure it costs five minutes and mixes refit noise
into the reading. With the fold models kept, every real held-out question of the fit (2,579) is answered again out
of fold in about a minute; on unchanged code the rows are the fit's own. ``--threshold`` answers at another cut
(every model's), to read a change along the dial; ``--base`` counts the questions won and lost against an earlier
run's rows. Tuning code, never imported at run time.
"""
from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# fit_qa sets the offline environment and the import path, and names the sets and their packs
from fit_qa import _in_forked_workers, question_sets  # noqa: E402
import fit_qa  # noqa: E402


def _engines(jobs) -> dict:
    """One engine per corpus the held-out questions were asked over: the main corpus, or a set's pack."""
    from qa.engine import get_engine
    from qa.evaluate import pack_engine

    manifests = {name: manifest for name, _, manifest in question_sets()}
    engines = {}
    for _, name, _ in jobs:
        manifest = manifests[name]
        if str(manifest) not in engines:
            engines[str(manifest)] = pack_engine(manifest) if manifest else get_engine()
    return {name: engines[str(manifests[name])] for _, name, _ in jobs}


def _ask_share(share: range, _) -> list[dict]:
    from qa import ask
    from qa.evaluate import score_one

    models, jobs, engine_of = fit_qa._SHARED
    rows = []
    for n in share:
        fold, name, item = jobs[n]
        engine = engine_of[name]
        engine.model = models[fold]
        answer = ask(item["question"], engine=engine).to_json()
        row = score_one(item, answer, engine)
        row.update(set=name, question=item["question"], confidence=answer["confidence"],
                   answer_type=answer["answer_type"], answer=answer["answer"][:400],
                   length=len(answer["answer"].split("\nSee also")[0]),
                   facts=[f["predicate"].rsplit("#", 1)[-1].rsplit("/", 1)[-1] for f in answer["graph_facts"]][:3])
        rows.append(row)
    return rows


def ask_again(folds_file: Path, threshold: float | None = None) -> list[dict]:
    """Every held-out question of the kept fit answered with its fold's model (at ``threshold`` when given), as
    ``qa.evaluate.score_one`` rows with the set, question, confidence, answer and its length; in two forked
    workers (the engines are loaded once, before the fork)."""
    models, jobs = pickle.loads(folds_file.read_bytes())
    if threshold is not None:
        for model in models:
            model.threshold = threshold
    shared = (models, jobs, _engines(jobs))
    rows = _in_forked_workers(_ask_share, len(jobs), shared, workers=2, shares_each=4)
    return sorted(rows, key=_key)


def _key(row: dict) -> tuple[str, str]:
    return row["set"], row["question"]


def summary(rows: list[dict], base: list[dict] | None = None) -> dict:
    """Answerable answered right, unanswerable declined, evidence hit@k, found answers' mean length; with ``base``,
    the questions right now and not there (won) and the reverse (lost)."""
    answerable = [r for r in rows if r["expected_found"]]
    unanswerable = [r for r in rows if not r["expected_found"]]
    found = [r for r in rows if r["found"]]
    out = {"questions": len(rows), "answerable": len(answerable), "right": sum(r["correct"] for r in answerable),
           "unanswerable": len(unanswerable), "declined": sum(not r["found"] for r in unanswerable),
           "evidence_hit_at_k": round(sum(bool(r["evidence_hit"]) for r in answerable) / max(len(answerable), 1), 3),
           "found_answer_mean_chars": round(sum(r["length"] for r in found) / max(len(found), 1))}
    if base is not None:  # over the questions both asked (a set added since ``base`` is counted apart)
        before = {_key(r): r for r in base}
        shared = [r for r in rows if _key(r) in before]
        out["new"] = len(rows) - len(shared)
        out["won"] = [_key(r) for r in shared if r["correct"] and not before[_key(r)]["correct"]]
        out["lost"] = [_key(r) for r in shared if not r["correct"] and before[_key(r)]["correct"]]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folds", type=Path, help="the file bench/fit_qa.py --keep-folds wrote")
    parser.add_argument("--out", type=Path, required=True, help="where to write the rows (JSON lines)")
    parser.add_argument("--base", type=Path, help="an earlier run's rows: count the questions won and lost")
    parser.add_argument("--threshold", type=float, help="answer at this cut instead of the fit's")
    args = parser.parse_args()
    started = time.perf_counter()
    rows = ask_again(args.folds, args.threshold)
    args.out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    base = [json.loads(line) for line in args.base.read_text(encoding="utf-8").splitlines()] if args.base else None
    s = summary(rows, base)
    print(f"{s['questions']} asked in {time.perf_counter() - started:.0f} s: right {s['right']} of {s['answerable']} "
          f"answerable; declined {s['declined']} of {s['unanswerable']}; hit@k {s['evidence_hit_at_k']}; found answers "
          f"{s['found_answer_mean_chars']} chars on average")
    if base is not None:
        print(f"won {len(s['won'])}, lost {len(s['lost'])} of the questions both asked ({s['new']} new)")
        for name, question in s["lost"][:15]:
            print(f"  lost  {name}: {question[:100]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
