"""Draft gold rows for the fields the peer CSV leaves blank (mostly SIF reports), each with the report's own words.

Why a draft: the peer scraper reads only ILACS reports, so without gold of our own the "corrected
gold" figure would say nothing about the 85 SIF and older reports. A row is drafted from what `read`
found and the exact words that state it; a judgement is marked ``stated twice`` when the report's
front list and a heading or graded sentence in its body agree, and ``stated once`` otherwise — the
once-stated rows are the ones a person must read in the PDF before they enter the gold file.

Usage: .venv/bin/python bench/draft_ofsted_gold.py ../shared/ofsted/peer_grades_dev.csv > /tmp/draft.csv
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIELDS = ("authority", "framework", "start", "end", "lead_inspector")


def main(csv_path: str) -> None:
    from corpus.records import Corpus
    from graph.eval_ofsted import JUDGEMENTS, peer_reference, read_gold, DEFAULT_GOLD
    from graph.extractors.accountability.analyse import read_corpus
    from graph.reading import _CONTRACT_AREA, read_document

    csv_path = Path(csv_path)
    gold = read_gold(DEFAULT_GOLD)
    out = csv.writer(sys.stdout)
    out.writerow(["path", "field", "value", "quote", "note"])
    cache = ROOT / "build" / "read-cache"
    for row in csv.DictReader(open(csv_path, newline="", encoding="utf-8")):
        peer = peer_reference(row)
        blank = [f for f in (*FIELDS, *JUDGEMENTS.values()) if peer.get(f) is None and (row["path"], f) not in gold]
        if not blank:
            continue
        try:
            doc = read_document(csv_path.parent / row["path"], cache_dir=cache)
        except Exception:  # noqa: BLE001 - unreadable files are gold's is_inspection_report rows
            continue
        reading = read_corpus(Corpus(documents=(doc,)))[doc.id]
        reported = [i for i in reading.inspections if i.reported]
        if not reported:
            continue
        i = reported[0]

        def quote(ev):
            return doc.text[ev.start:ev.end] if ev else ""

        values = {"authority": (i.council_name, i.evidence.get("authority")), "framework": (i.framework, i.evidence.get("title")),
                  "start": (i.start, i.evidence.get("dates")), "end": (i.end, i.evidence.get("dates")),
                  "lead_inspector": (i.lead_inspector, i.evidence.get("lead"))}
        for f in FIELDS:
            if f in blank and values[f][0]:
                out.writerow([row["path"], f, values[f][0], quote(values[f][1]), "drafted by read; header field"])
        stated: dict[str, list] = {}
        for j in reading.judgements:
            if j.inspection == i.key:
                stated.setdefault(_CONTRACT_AREA.get(j.area, j.area), []).append(j)
        for area in JUDGEMENTS.values():
            if area not in blank or area not in stated:
                continue
            first = stated[area][0]
            grades = {j.grade for j in stated[area]}
            note = ("drafted by read; stated twice (front and body agree)" if len(stated[area]) > 1 and len(grades) == 1
                    else "drafted by read; stated once: CHECK IN THE PDF" if len(grades) == 1 else "CONFLICT: CHECK")
            out.writerow([row["path"], area, first.grade, quote(first.evidence), note])


if __name__ == "__main__":
    main(sys.argv[1])
