"""Dump inspection-report sentences for a blind polarity labeller: the text only, no prediction.

Usage: ``.venv/bin/python bench/dump_polarity_sentences.py [--per-report 5] [--out bench/labels/polarity_sentences.jsonl]``

Briefs sort an inspection's sentences into "To improve" and "Strengths" (``qa.polarity``); this samples the
sentences they choose from — quotable sentences of the reports' paragraphs and list items (no headings, table rows
or fragments under six words) — from the Ofsted reports of the training packs (``tests/data/train_ofsted*/``, never
a sealed set's), a few per report so that cross-validation can group by report. Each row has ``"label": null``
for the labeller to set to ``"weakness"`` (states a shortfall, gap, delay or concern, even beside praise),
``"strength"`` (praises, with no shortfall) or ``"neutral"`` (describes or counts without judging). ``--council``
samples the other papers a brief quotes from instead — the councils' reports, minutes, plans, appendices and
agendas (the corpus and the ``unseen`` and ``unseen2`` packs; their Ofsted reports aside), ``COUNCIL_PER_DOCUMENT``
a paper, paragraphs, list items and table rows alike, since briefs read them all. Then
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
COUNCIL_PER_DOCUMENT = 25
COUNCIL_PACKS = ("unseen", "unseen2")


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


def council_sentences(engine) -> dict[str, list[str]]:
    """Every quotable sentence of the councils' own papers in an engine, by document id."""
    out: dict[str, list[str]] = {}
    for p in engine.paragraphs.values():
        doc = engine.document_of(p)
        if doc.publisher == "Ofsted" or engine.part_of(p).kind == "inspection_report" or p.kind == "heading":
            continue
        for s in engine.sentences(p.id):
            text = " ".join(s.text.split())
            if len(text.split()) >= 3:
                out.setdefault(doc.id, []).append(text)
    return out


def council(out: Path) -> int:
    from qa.engine import get_engine
    from qa.evaluate import pack_engine

    rng = random.Random(SEED)
    rows, seen = [], set()
    engines = [get_engine()] + [pack_engine(ROOT / "tests" / "data" / name / "manifest.json") for name in COUNCIL_PACKS]
    for engine in engines:
        for doc_id, sentences in sorted(council_sentences(engine).items()):
            if doc_id in seen:
                continue
            seen.add(doc_id)
            for text in rng.sample(sentences, min(COUNCIL_PER_DOCUMENT, len(sentences))):
                rows.append({"id": f"c{len(rows) + 1:03d}", "report": doc_id, "text": text, "label": None})
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} sentences of {len(seen)} council papers to {out}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-report", type=int, default=5)
    parser.add_argument("--council", action="store_true", help="sample the councils' own papers instead")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.council:
        return council(args.out or ROOT / "bench" / "labels" / "polarity_council_sentences.jsonl")
    args.out = args.out or ROOT / "bench" / "labels" / "polarity_sentences.jsonl"
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
