"""Fit the trace's mention threshold on labelled pairs and measure the finding-polarity cue words.

Usage: ``.venv/bin/python bench/fit_mentions.py [--labels bench/labels]``. Reads
``mention_labels.jsonl`` (pairs labelled yes/no, see bench/labels/README.md) with the scores in
``bench/results/mention_candidates.key.jsonl``, chooses the threshold with the best F1 among those whose precision
reaches 0.8 (``graph.extractors.accountability.fit_links.choose``), and writes ``qa/mention_threshold.json``
with leave-one-out figures and who labelled. When the leave-one-out precision falls below 0.8 the
threshold is written as null and no mentions are shown: a cut that holds only on the rows it was chosen on
is not a measured one. Without labels, nothing is written and traces show no later mentions. ``polarity_labels.jsonl``, when present, is scored against ``qa.polarity``.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _rows(path: Path) -> tuple[list[dict], str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    note = next((l.lstrip("/ ").strip() for l in lines if l.startswith("//")), "")
    return [json.loads(l) for l in lines if l.startswith("{")], note


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", default=str(ROOT / "bench" / "labels"))
    args = parser.parse_args()
    folder = Path(args.labels)
    from graph.extractors.accountability.fit_links import _summary
    from qa.traces import MENTION_THRESHOLD_FILE

    labelled = folder / "mention_labels.jsonl"
    if labelled.exists():
        rows, note = _rows(labelled)
        scores = {r["id"]: r["score"] for r in _rows(ROOT / "bench" / "results" / "mention_candidates.key.jsonl")[0]}
        points = [(scores[r["id"]], str(r["label"]).lower() == "yes") for r in rows if r.get("label") in ("yes", "no")]
        fitted = {**_summary(points), "labels": str(labelled.relative_to(ROOT)), "labelled_by": note}
        if (fitted["loo_precision"] or 0) < fitted["target_precision"]:
            # the in-sample cut does not hold up on rows it was not fitted on: show no mentions at all
            fitted["in_sample_threshold"], fitted["threshold"] = fitted["threshold"], None
            fitted["note"] = "leave-one-out precision below the target: no threshold is trusted, no mentions are shown"
        MENTION_THRESHOLD_FILE.write_text(json.dumps(fitted, indent=2) + "\n", encoding="utf-8")
        print(json.dumps(fitted, indent=2))
    else:
        print(f"no {labelled.name}: mention threshold not fitted (traces show no later mentions)")
    polar = folder / "polarity_labels.jsonl"
    if polar.exists():
        from qa.polarity import polarity

        rows, note = _rows(polar)
        rows = [r for r in rows if r.get("label") in ("weakness", "strength")]
        agree = sum(polarity(r["text"]) == r["label"] for r in rows)
        weak = [r for r in rows if r["label"] == "weakness"]
        caught = sum(polarity(r["text"]) == "weakness" for r in weak)
        print(json.dumps({"polarity_agreement": round(agree / len(rows), 3) if rows else None, "n": len(rows),
                          "weakness_recall": round(caught / len(weak), 3) if weak else None, "labelled_by": note}, indent=2))


if __name__ == "__main__":
    main()
