"""Segmentation figures anyone can re-measure: `councilkg eval segmentation`.

Reports paragraphs per document, numbered inspection paragraphs recovered, furniture lines
inside paragraphs and paragraphs left cut by a page break — the anchors every citation uses.
"""
from __future__ import annotations

import re

from corpus import furniture as furn
from corpus.records import Corpus, Document
from corpus.segment import TERMINAL


def numbered_recovery(doc: Document) -> list[tuple[str, int, int]]:
    """(part title, labels found, highest label) for each inspection report part."""
    rows = []
    for part in doc.parts:
        if part.kind != "inspection_report":
            continue
        labels = {int(p.label) for p in doc.paragraphs
                  if p.part_id == part.id and p.label and p.label.isdigit() and p.kind in ("paragraph", "list_item")}
        if labels:
            rows.append((part.title, len(labels & set(range(1, max(labels) + 1))), max(labels)))
    return rows


def furniture_inside(doc: Document) -> int:
    """Paragraphs whose spans overlap a furniture line, or that contain a furniture-looking line."""
    count = 0
    spans = [(f.span.start, f.span.end) for f in doc.furniture]
    for p in doc.paragraphs:
        overlaps = any(s.start < fe and fs < s.end for s in p.spans for fs, fe in spans)
        lines = [ln for s in p.spans for ln in doc.text[s.start:s.end].split("\n")]
        if overlaps or any(furn.classify(ln) in ("agenda_item_marker", "blank_page") for ln in lines):
            count += 1
    return count


def cut_by_page_break(doc: Document) -> int:
    """Prose paragraphs that end mid-sentence while the next block continues in lower case."""
    cut = 0
    paras = doc.paragraphs
    for p, q in zip(paras, paras[1:]):
        if p.kind in ("paragraph", "list_item") and q.kind == "paragraph" and q.label is None \
                and q.text[:1].islower() and not TERMINAL.search(p.text):
            cut += 1
    return cut


def report(corpus: Corpus) -> str:
    lines = ["| document | parts | sections | paragraphs | table rows | furniture lines | furniture in paragraphs | cut by page break | multi-span (rejoined) |",
             "|---|---|---|---|---|---|---|---|---|"]
    numbered = []
    for doc in corpus:
        rows = sum(p.kind == "table_row" for p in doc.paragraphs)
        rejoined = sum(len(p.spans) > 1 for p in doc.paragraphs)
        lines.append(f"| {doc.id} | {len(doc.parts)} | {len(doc.sections)} | {len(doc.paragraphs)} | {rows} | "
                     f"{len(doc.furniture)} | {furniture_inside(doc)} | {cut_by_page_break(doc)} | {rejoined} |")
        numbered += [(doc.id, *r) for r in numbered_recovery(doc)]
    lines += ["", "| inspection report | numbered paragraphs recovered |", "|---|---|"]
    lines += [f"| {d}: {re.sub(r'[|]', '/', t)[:70]} | {n} of {m} |" for d, t, n, m in numbered]
    lines += ["", f"duplicate paragraphs linked across documents: {len(corpus.duplicates)}"]
    return "\n".join(lines)
