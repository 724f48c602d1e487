"""Fit the score thresholds of inferred plan links on a blind gold sample, and write them to a file.

``python -m graph.extractors.accountability.fit_links [GOLD.jsonl]`` reads the gold rows of a plan's
source table (default ``tests/data/gold_links_blind.jsonl``, written by someone who never saw the
linker), computes for every row the best-scoring candidate of each inferred link:

- ``row_priority``: a source-table row → the plan priority of its theme with the closest wording
  (gold: the row's ``priority``);
- ``page_item``: a row citing "Page N" of the report → the item of that page with the closest wording
  (gold: the row's ``ofsted_item``);

and picks for each the threshold that maximises F1 among thresholds whose precision on the sample is
at least ``TARGET_PRECISION`` (links scoring below it are not written). Thresholds sit halfway
between neighbouring observed scores; a score of 0 (no shared content word) never makes a link.
Rows the gold marks ``priority_ambiguous`` are not fitted on (they are scored apart by
``councilkg eval graph``); the same threshold applies to them. Leave-one-out figures (each row
scored by a threshold fitted without it) are written beside the threshold. The output,
``link_thresholds.json`` next to this file, is read by the linker; never edit it by hand.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from graph.extractors.accountability.thresholds import THRESHOLDS_FILE as OUT

TARGET_PRECISION = 0.8
DEFAULT_GOLD = Path(__file__).resolve().parents[3] / "tests" / "data" / "gold_links_blind.jsonl"


def _measure(points: list[tuple[float, bool]], threshold: float) -> tuple[int, int, int]:
    """(links made, correct links, gold rows) at ``threshold``."""
    made = [ok for score, ok in points if score >= threshold and score > 0]
    return len(made), sum(made), len(points)


def choose(points: list[tuple[float, bool]]) -> float:
    """The threshold with the best F1 among those reaching TARGET_PRECISION (the lowest on ties)."""
    scores = sorted({s for s, _ in points if s > 0})
    cands = [scores[0] / 2 if scores else 1.0] + [(a + b) / 2 for a, b in zip(scores, scores[1:])] + [1.01]
    best, best_f1 = 1.01, -1.0
    for t in sorted(cands):
        made, correct, total = _measure(points, t)
        precision = correct / made if made else 1.0
        recall = correct / total if total else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        if precision >= TARGET_PRECISION and f1 > best_f1 + 1e-9:
            best, best_f1 = t, f1
    return round(best, 3)


def _summary(points: list[tuple[float, bool]]) -> dict:
    threshold = choose(points)
    made, correct, total = _measure(points, threshold)
    # leave one out: each row judged by a threshold fitted on the others
    cv_made = cv_correct = 0
    for i, (score, ok) in enumerate(points):
        t = choose(points[:i] + points[i + 1:])
        if score >= t and score > 0:
            cv_made += 1
            cv_correct += ok
    return {"threshold": threshold, "target_precision": TARGET_PRECISION, "rows": total, "links": made,
            "precision": round(correct / made, 3) if made else None, "recall": round(correct / total, 3) if total else None,
            "loo_precision": round(cv_correct / cv_made, 3) if cv_made else None,
            "loo_recall": round(cv_correct / total, 3) if total else None}


def sample_points(gold_path: Path = DEFAULT_GOLD) -> dict[str, list[tuple[float, bool]]]:
    """(best candidate's score, whether it is the gold's) per gold row, for each inferred link kind."""
    import corpus
    from graph.extractors.accountability.analyse import read_corpus, row_priority_candidates
    from graph.extractors.accountability.similarity import similarity

    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.startswith("{")]
    rows_gold = {(g["theme"], g["row"]): g for g in gold if g["type"] == "a3a_row" and not g.get("priority_ambiguous")}
    readings = read_corpus(corpus.load())
    items, recs = {}, []
    for r in readings.values():
        for it in r.items:
            items.setdefault((it.plan, it.notation, it.kind), it)
        recs += [x for x in r.recommendations if x.kind == "improve"]
    points: dict[str, list] = {"row_priority": [], "page_item": []}
    for it in items.values():
        if it.kind != "source-row":
            continue
        theme, row = map(int, it.notation.split("."))
        g = rows_gold.get((theme, row))
        if g is None:
            continue
        best = row_priority_candidates(it, items)[:1]
        points["row_priority"].append((best[0][0], best[0][1].notation == g["priority"]) if best else (0.0, False))
        if g.get("ofsted_item"):
            scored = sorted(((similarity(it.title, x.text), x.text) for x in recs), key=lambda t: -t[0])
            if scored:
                points["page_item"].append((round(scored[0][0], 3), _same(scored[0][1], g["ofsted_item"])))
    return points


def _same(a: str, b: str) -> bool:
    norm = lambda s: " ".join(s.lower().replace("’", "'").rstrip(". ").split())  # noqa: E731
    return norm(a) == norm(b) or norm(a) in norm(b) or norm(b) in norm(a)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    gold = Path(argv[0]) if argv else DEFAULT_GOLD
    fitted = {kind: _summary(points) for kind, points in sample_points(gold).items() if points}
    fitted["labels"] = str(gold.relative_to(DEFAULT_GOLD.parents[2]) if gold.is_relative_to(DEFAULT_GOLD.parents[2]) else gold)
    OUT.write_text(json.dumps(fitted, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(fitted, indent=2))


if __name__ == "__main__":
    main()
