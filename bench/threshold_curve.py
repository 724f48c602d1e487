"""Accuracy and declining at every threshold, on questions the ranker was never fitted on.

    .venv/bin/python bench/threshold_curve.py [--sets qa_blind3 unseen3 sealed ... sealed7] [--model FILE] [--out FILE]

Why: the issue's targets (accuracy ≥ 0.85 and unanswerable declined ≥ 0.95 on a sealed set) are two ends of one
dial, the threshold on answerability. ``bench/fit_qa.py`` chooses it out of fold on the training questions; this
reads the whole dial on held-out ones, to say whether any threshold meets both targets or the model itself must
change. Every question is answered once by the committed model with its threshold at 0 (statements kept as the
committed threshold keeps them, so an answer's text is the one ``ask`` gives whenever it answers), and its
answerability (``confidence``) is kept: a question counts right at threshold t when it is answerable, answered
right and at least t confident, or unanswerable and below t.

The held-out sets are those ``bench/fit_qa.py`` never fits on (``HELD_OUT``) and the spent sealed sets
(``SPENT_SEALED``: each scored once, in its round) the model read was not fitted on (its ``info["sets"]``): a model
fitted with half of them is read on the other half. A sealed set not yet scored is never read.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import dataclass, fields
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# fit_qa sets the offline environment and the import path: the sets it fits on are the ones held out here
from fit_qa import DATA, HELD_OUT, ROOT, SPENT_SEALED, question_sets  # noqa: E402
from qa.ranker import Model  # noqa: E402

THRESHOLDS = (0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.97)
TARGET_ACCURACY = 0.85


@dataclass
class AnsweringAll(Model):
    """The committed model with no threshold: every question answered, each answer's statements those the committed
    threshold keeps (``candidate_floor`` is read from the threshold)."""

    floor: float = 0.0

    @property
    def candidate_floor(self) -> float:
        return self.floor

    @classmethod
    def of(cls, model: Model) -> "AnsweringAll":
        kept = {f.name: getattr(model, f.name) for f in fields(Model)}
        return cls(**{**kept, "threshold": 0.0}, floor=model.candidate_floor)


def held_out_sets(names: list[str] | None, fitted_on=()) -> list[tuple[str, Path, Path | None]]:
    """(name, questions, pack manifest or None) of the held-out sets, or of ``names`` among them: the sets no fit
    reads and the spent sealed sets not in ``fitted_on`` (the sets the model read was fitted on)."""
    sets = [s for s in question_sets() if s[0] in HELD_OUT]
    for name in SPENT_SEALED:  # a sealed folder holds one question file, as a pack does (``question_sets``)
        if name not in fitted_on:
            questions = sorted((DATA / name).glob("qa_*.jsonl"))
            sets += [(name, q, DATA / name / "manifest.json") for q in questions]
    if names:
        unknown = set(names) - {s[0] for s in sets}
        if unknown:
            raise SystemExit(f"not a held-out set, nor a spent sealed set the model was not fitted on: "
                             f"{', '.join(sorted(unknown))}")
        sets = [s for s in sets if s[0] in names]
    return sets


def answer_all(sets) -> list[dict]:
    """Each question's verdict at threshold 0 and its answerability."""
    from qa import ask
    from qa.engine import get_engine
    from qa.evaluate import pack_engine, read_questions, score_one

    rows = []
    for name, questions, manifest in sets:
        engine = pack_engine(manifest) if manifest else get_engine()
        committed = engine.model
        engine.model = AnsweringAll.of(committed)
        try:
            for item in read_questions(questions):
                answer = ask(item["question"], k=int(item.get("k", 5)), engine=engine).to_json()
                verdict = score_one(item, answer, engine)
                rows.append({"set": name, "question": item["question"], "expected_found": verdict["expected_found"],
                             "correct": verdict["correct"], "confidence": answer.get("confidence") or 0.0})
        finally:
            engine.model = committed
        print(f"  {name}: {sum(r['set'] == name for r in rows)} questions", flush=True)
    return rows


def at(rows: list[dict], t: float) -> dict:
    """Answer accuracy and unanswerable declined at threshold ``t``."""
    answerable = [r for r in rows if r["expected_found"]]
    unanswerable = [r for r in rows if not r["expected_found"]]
    right = sum(r["correct"] and r["confidence"] >= t for r in answerable)
    declined = sum(r["confidence"] < t for r in unanswerable)
    return {"threshold": t, "accuracy": round(right / len(answerable), 3) if answerable else None,
            "declined": round(declined / len(unanswerable), 3) if unanswerable else None}


def curve(rows: list[dict], committed: float) -> dict:
    answerable = [r for r in rows if r["expected_found"]]
    unanswerable = [r for r in rows if not r["expected_found"]]
    points = [at(rows, t) for t in sorted({*THRESHOLDS, round(committed, 4)})]
    meeting = [p for p in points if p["accuracy"] is not None and p["accuracy"] >= TARGET_ACCURACY]
    return {
        "answerable": len(answerable), "unanswerable": len(unanswerable),
        "answered_right_at_0": round(sum(r["correct"] for r in answerable) / len(answerable), 3) if answerable else None,
        # unanswerable questions the model answers even at the highest threshold: no threshold declines them
        "unanswerable_confidence_at_least_0.95": round(sum(r["confidence"] >= 0.95 for r in unanswerable)
                                                       / len(unanswerable), 3) if unanswerable else None,
        "most_declined_at_target_accuracy": max((p["declined"] for p in meeting if p["declined"] is not None),
                                                default=None),
        "points": points,
    }


PAIRED_DECLINED = (0.6, 0.7, 0.8, 0.85, 0.9, 0.95)


def paired(rows_a: list[dict], rows_b: list[dict], levels=PAIRED_DECLINED) -> list[dict]:
    """Two models' answers to the same questions compared question by question, each at the cut that declines the
    share ``level`` of the unanswerable ones: the answerable answered right by one and not the other, and the
    two-sided sign-test p-value of that split. Why: over the spent sealed sets (951 answerable) one model's share
    right has a standard error of about 0.012, so two dials read apart differ by noise up to ±0.03; the questions
    both answer alike carry no information, and the discordant ones say whether a change is real.

    The rows are ``--rows`` files (every question answered, threshold 0) or the fit's out-of-fold ``--cv-rows``
    (``bench/fit_qa.py``: asked at each fold model's threshold, a declined answer without a confidence). A declined
    row counts as confidence 0, so a model that declines more than ``level`` at its own threshold is read at that
    threshold (its cut is 0), not lower.

    Between two refits the p-value says that the trees differ, not that one is better: two fits differing only in
    their trees' bagging seeds read 9–65 of 4,510 answerable questions apart at each level from 0.78 to 0.96
    declined out of fold, and their discordant questions split 70 / 151 at 0.85 and 154 / 81 at 0.95 (p < 0.001 both;
    docs/qa-notebook.md, "Refit noise"). Read a refit's gain against that band."""
    key = lambda r: (r["set"], r["question"])  # noqa: E731
    rows_a, rows_b = ([dict(r, confidence=(r.get("confidence") or 0.0) if r.get("found", True) else 0.0) for r in rows]
                      for rows in (rows_a, rows_b))
    b_by_key = {key(r): r for r in rows_b}
    sides = list(zip(*[(a, b_by_key[key(a)]) for a in rows_a if key(a) in b_by_key]))  # (A's rows, B's rows), paired
    answerable = [i for i, r in enumerate(sides[0]) if r["expected_found"]] if sides else []
    out = []
    for level in levels:
        cuts = [_declining_cut([r for r in side if not r["expected_found"]], level) for side in sides]
        if not sides or None in cuts:
            break
        right = [[r["correct"] and r["confidence"] >= cut for r in side] for side, cut in zip(sides, cuts)]
        only_a = sum(right[0][i] and not right[1][i] for i in answerable)
        only_b = sum(right[1][i] and not right[0][i] for i in answerable)
        out.append({"declined": level, "cut_a": round(cuts[0], 4), "cut_b": round(cuts[1], 4),
                    "right_a": round(sum(right[0][i] for i in answerable) / len(answerable), 3),
                    "right_b": round(sum(right[1][i] for i in answerable) / len(answerable), 3),
                    "only_a": only_a, "only_b": only_b, "sign_test_p": round(_sign_test(only_a, only_b), 3)})
    return out


def _declining_cut(unanswerable: list[dict], level: float) -> float | None:
    """The least threshold that declines at least the share ``level`` of ``unanswerable`` (answered: confidence ≥ t)."""
    if not unanswerable:
        return None
    confidences = sorted(r["confidence"] for r in unanswerable)
    n = math.ceil(level * len(confidences))
    return confidences[n - 1] + 1e-9 if n else 0.0


def _sign_test(a: int, b: int) -> float:
    """Two-sided exact binomial test of a split of ``a + b`` discordant questions against an even one."""
    n = a + b
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, k) for k in range(min(a, b) + 1)) / 2 ** n
    return min(1.0, 2 * tail)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", metavar="NAME",
                        help="only these held-out sets or spent sealed sets the model was not fitted on")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "threshold_curve.json")
    parser.add_argument("--model", type=Path, help="read the dial of this ranker file instead of qa/ranker.json.gz")
    parser.add_argument("--rows", type=Path, metavar="FILE", help="also write each question's verdict and confidence")
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("ROWS_A", "ROWS_B"),
                        help="compare two --rows files (or two fits' --cv-rows) question by question (asks nothing)")
    args = parser.parse_args()
    if args.compare:
        a, b = ([json.loads(line) for line in f.read_text(encoding="utf-8").splitlines()] for f in args.compare)
        print(f"{'declined':>8} {'cut A':>7} {'cut B':>7} {'right A':>8} {'right B':>8} {'only A':>7} {'only B':>7} {'p':>6}")
        for row in paired(a, b):
            print(f"{row['declined']:>8} {row['cut_a']:>7} {row['cut_b']:>7} {row['right_a']:>8} {row['right_b']:>8} "
                  f"{row['only_a']:>7} {row['only_b']:>7} {row['sign_test_p']:>6}")
        return 0
    from qa import ranker

    if args.model:
        if not args.model.is_file():
            parser.error(f"no ranker file at {args.model}")
        ranker.MODEL_FILE = args.model.resolve()
    model = ranker.load()
    committed = model.threshold
    rows = answer_all(held_out_sets(args.sets, fitted_on=set((model.info or {}).get("sets", ()))))
    if args.rows:
        args.rows.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    groups = {name: [r for r in rows if r["set"] == name] for name in dict.fromkeys(r["set"] for r in rows)}
    groups["spent sealed, pooled"] = [r for r in rows if r["set"] in SPENT_SEALED]
    groups["all, pooled"] = rows
    result = {"measured_at": time.strftime("%Y-%m-%dT%H:%M:%S"), "committed_threshold": committed,
              "sets": {name: curve(group, committed) for name, group in groups.items() if group}}
    shown = sorted({*THRESHOLDS, round(committed, 4)})
    print(f"{'set':22} {'n':>9}  " + " ".join(f"{t:>9.3g}" for t in shown))
    for name, c in result["sets"].items():
        cells = " ".join(f"{p['accuracy'] if p['accuracy'] is not None else '-'}/{p['declined'] if p['declined'] is not None else '-'}"
                         .rjust(9) for p in c["points"])
        print(f"{name:22} {c['answerable']:>4}+{c['unanswerable']:<4}  {cells}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"accuracy/declined at each threshold (committed {committed}); wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
