"""Dump inspection-report sentences for a blind polarity labeller: the text only, no prediction.

Usage: ``.venv/bin/python bench/dump_polarity_sentences.py [--per-report 5] [--out bench/labels/polarity_sentences.jsonl]``

Briefs sort an inspection's sentences into "To improve" and "Strengths" (``qa.polarity``); this samples the
sentences they choose from — quotable sentences of the reports' paragraphs and list items (no headings, table rows
or fragments under six words) — from the Ofsted reports of the training packs (``tests/data/train_ofsted*/``, never
a sealed set's), a few per report so that cross-validation can group by report. Each row has ``"label": null``
for the labeller to set to ``"weakness"`` (states a shortfall, gap, delay or concern, even beside praise),
``"strength"`` (praises, with no shortfall) or ``"neutral"`` (describes or counts without judging). Then
``bench/fit_polarity.py`` fits and cross-validates the model. See bench/labels/README.md.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

SEED = 2026
MIN_WORDS = 6


def report_sentences(engine) -> dict[str, list[str]]:
    """Every quotable sentence of each Ofsted report in a pack engine, by the report's document id."""
    out: dict[str, list[str]] = {}
    for p in engine.paragraphs.values():
        doc = engine.document_of(p)
        if doc.publisher != "Ofsted" or p.kind not in ("paragraph", "list_item"):
            continue
        for s in engine.sentences(p.id):
            text = " ".join(s.text.split())
            if len(text.split()) >= MIN_WORDS:
                out.setdefault(doc.id, []).append(text)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-report", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "labels" / "polarity_sentences.jsonl")
    args = parser.parse_args()
    from qa.evaluate import pack_engine

    rng = random.Random(SEED)
    rows, seen = [], set()
    for manifest in sorted((ROOT / "tests" / "data").glob("train_ofsted*/manifest.json")):
        engine = pack_engine(manifest)
        for doc_id, sentences in sorted(report_sentences(engine).items()):
            report = f"{engine.docs[doc_id].title} ({doc_id})"  # a pack's document ids are dates: the title names it
            if report in seen:
                continue
            seen.add(report)
            for text in rng.sample(sentences, min(args.per_report, len(sentences))):
                rows.append({"id": f"s{len(rows) + 1:03d}", "report": report, "text": text, "label": None})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} sentences of {len(seen)} reports to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
