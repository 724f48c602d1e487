"""Dump candidate inferred links (and finding polarities) for a blind labeller: both texts, no scores.

Usage: ``.venv/bin/python bench/dump_link_candidates.py [--out bench/labels]`` (needs a build).

Writes, in ``--out``:
- ``mention_candidates.jsonl``: pairs (a finding, recommendation or action → a later passage in minutes
  or a report) as the trace's mention search proposes them, sampled evenly across the dense-score range
  so a threshold can be chosen; each row has ``"label": null`` for the labeller to set to ``"yes"`` (the
  passage speaks about the same matter) or ``"no"``;
- ``bench/results/mention_candidates.key.jsonl``: the same ids with their scores (kept out of the labeller's
  folder: the labeller must not see them);
- ``polarity_candidates.jsonl``: inspection findings, ``"label": null`` to set to ``"weakness"`` or ``"strength"``.

``bench/fit_mentions.py`` then fits the mention threshold from the labelled file. See bench/labels/README.md.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BINS = [(0.30, 0.40), (0.40, 0.50), (0.50, 0.60), (0.60, 0.70), (0.70, 1.01)]
PER_BIN = 24
SEED = 14
KEY = ROOT / "bench" / "results" / "mention_candidates.key.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "bench" / "labels"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    import qa
    from embed.hybrid import Filters
    from ontology.namespace import KG
    from qa.traces import MENTION_KINDS, MENTIONS, _node

    engine = qa.get_engine()
    t = engine.facts
    pairs = []
    for cls in (KG.Finding, KG.Recommendation, KG.PlannedAction):
        for node in t.by_type.get(cls, []):
            source = _node(engine, node)
            after = source.citation.date if source.citation else None
            query = " ".join(source.text.split())[:400]
            if not query:
                continue
            for hit in engine.index.search(query, k=MENTIONS, filters=Filters(part_kinds=MENTION_KINDS, date_from=after)):
                if hit.dense_score is None or hit.dense_score < BINS[0][0]:
                    continue
                para = engine.paragraph(hit.paragraph_id)
                cite = engine.citation(0, hit.paragraph_id)
                pairs.append({"source_label": source.label, "source_text": source.text,
                              "candidate_document": cite.document_title, "candidate_date": cite.date,
                              "candidate_part": cite.part, "candidate_text": para.text,
                              "_score": round(float(hit.dense_score), 3), "_source": str(node),
                              "_paragraph": hit.paragraph_id})
    rng = random.Random(SEED)
    sample = []
    for lo, hi in BINS:
        in_bin = [p for p in pairs if lo <= p["_score"] < hi]
        rng.shuffle(in_bin)
        sample += in_bin[:PER_BIN]
    rng.shuffle(sample)
    with open(out / "mention_candidates.jsonl", "w", encoding="utf-8") as fh, \
            open(KEY, "w", encoding="utf-8") as key:
        for i, p in enumerate(sample, 1):
            pid = f"m{i:03d}"
            fh.write(json.dumps({"id": pid, **{k: v for k, v in p.items() if not k.startswith("_")}, "label": None},
                                ensure_ascii=False) + "\n")
            key.write(json.dumps({"id": pid, "score": p["_score"], "source": p["_source"], "paragraph": p["_paragraph"]}) + "\n")
    findings = [_node(engine, n) for n in t.by_type.get(KG.Finding, [])]
    rng.shuffle(findings)
    with open(out / "polarity_candidates.jsonl", "w", encoding="utf-8") as fh:
        for i, f in enumerate(findings[:80], 1):
            fh.write(json.dumps({"id": f"p{i:03d}", "node": f.id, "label_hint": "weakness | strength", "text": f.text,
                                 "label": None}, ensure_ascii=False) + "\n")
    print(f"{len(sample)} mention pairs (of {len(pairs)}) and {min(80, len(findings))} findings written to {out}")


if __name__ == "__main__":
    main()
