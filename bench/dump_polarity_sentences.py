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
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))  # sealed_round, beside this script
os.environ.setdefault("HF_HUB_OFFLINE", "1")

SEED = 2026
MIN_WORDS = 6
COUNCIL_PER_DOCUMENT = 25
COUNCIL_PACKS = ("unseen", "unseen2")


def sentences_by_document(engine, keep, min_words: int) -> dict[str, list[str]]:
    """Every sentence of at least ``min_words`` words of the paragraphs ``keep(paragraph, document)`` admits, by
    document id (whitespace collapsed)."""
    out: dict[str, list[str]] = {}
    for p in engine.paragraphs.values():
        doc = engine.document_of(p)
        if not keep(engine, p, doc):
            continue
        for s in engine.sentences(p.id):
            text = " ".join(s.text.split())
            if len(text.split()) >= min_words:
                out.setdefault(doc.id, []).append(text)
    return out


def _ofsted_report(engine, p, doc) -> bool:
    return doc.publisher == "Ofsted" and p.kind in ("paragraph", "list_item") and doc.sha256 not in _sealed_reports()


@lru_cache(maxsize=1)
def _sealed_reports() -> frozenset[str]:
    """The SHA-256 of every report a sealed set's manifest lists (``corpus.manifest.sha256_of``, as a document's
    ``sha256`` is made). Later sealed rounds are drawn from reports the training packs hold, and a labeller must not
    read the sentences a sealed round asks about (nor the polarity model learn them)."""
    from corpus.manifest import sha256_of
    from sealed_round import used_reports  # the reports every sealed manifest lists, as the next round's draw reads

    return frozenset(sha256_of(f) for f in used_reports() if f.is_file())


def _council_paper(engine, p, doc) -> bool:
    return doc.publisher != "Ofsted" and engine.part_of(p).kind != "inspection_report" and p.kind != "heading"


def sample(engines, keep, min_words: int, per_document: int, prefix: str, name, seed: int = SEED,
           skip: frozenset[str] = frozenset(), start: int = 1) -> list[dict]:
    """``per_document`` sentences of each document (the first engine holding it), in a fixed random order (``seed``),
    none of the texts in ``skip`` (a second round samples sentences the first did not); a document is named by
    ``name(engine, doc_id)``, which cross-validation groups by. Ids count on from ``start``."""
    rng = random.Random(seed)
    rows, seen = [], set()
    for engine in engines:
        for doc_id, sentences in sorted(sentences_by_document(engine, keep, min_words).items()):
            document = name(engine, doc_id)
            if document in seen:
                continue
            seen.add(document)
            sentences = [t for t in sentences if t not in skip]
            for text in rng.sample(sentences, min(per_document, len(sentences))):
                rows.append({"id": f"{prefix}{len(rows) + start:03d}", "report": document, "text": text, "label": None})
    return rows


def _engines(council: bool):
    """Engines over the training packs' Ofsted reports, or over the corpus and the ``COUNCIL_PACKS``, one at a time."""
    from qa.evaluate import pack_engine

    if council:
        from qa.engine import get_engine

        yield get_engine()
        manifests = [ROOT / "tests" / "data" / name / "manifest.json" for name in COUNCIL_PACKS]
    else:
        manifests = sorted((ROOT / "tests" / "data").glob("train_ofsted*/manifest.json"))
    for manifest in manifests:
        yield pack_engine(manifest)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-report", type=int, default=5)
    parser.add_argument("--council", action="store_true", help="sample the councils' own papers instead")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--skip", type=Path, nargs="+", default=[], metavar="FILE",
                        help="earlier dumps: their sentences are not sampled again, and ids count on after theirs")
    args = parser.parse_args()
    earlier = [json.loads(line) for f in args.skip for line in f.read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("//")]
    skip, start = frozenset(r["text"] for r in earlier), len(earlier) + 1
    if args.council:
        out = args.out or ROOT / "bench" / "labels" / "polarity_council_sentences.jsonl"
        rows = sample(_engines(True), _council_paper, 3, COUNCIL_PER_DOCUMENT, "c", lambda engine, doc_id: doc_id,
                      args.seed, skip, start)
    else:
        out = args.out or ROOT / "bench" / "labels" / "polarity_sentences.jsonl"
        # a pack's document ids are dates: the title names the report
        rows = sample(_engines(False), _ofsted_report, MIN_WORDS, args.per_report, "s",
                      lambda engine, doc_id: f"{engine.docs[doc_id].title} ({doc_id})", args.seed, skip, start)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} sentences of {len({r['report'] for r in rows})} documents to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
