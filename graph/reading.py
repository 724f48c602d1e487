"""`councilkg read FILE…`: what the graph would learn from a document, without adding it to the corpus.

Why a command of its own: checking a new council's papers (or a new Ofsted layout) should not need
an ingest and a rebuild. The file is read and segmented exactly as ingest would, and the
accountability readers run on it alone, so what ``read`` prints is what a build would store.
"""
from __future__ import annotations

import time
from pathlib import Path

from councilkg.errors import CouncilKGError

# The areas a framework's successor continues, as the `read` contract names them: the SIF's
# "children looked after and achieving permanence" is reported as children-in-care, its
# "leadership, management and governance" as impact-of-leaders.
_CONTRACT_AREA = {"looked-after-permanence": "children-in-care", "leadership-management-governance": "impact-of-leaders"}


def read_document(path: str | Path, *, max_mb: float = 50.0, cache_dir=None):
    """The file read and segmented as ingest would (metadata from its name), not added anywhere."""
    import re
    from dataclasses import replace

    from corpus import load_document
    from corpus.manifest import entry_for, valid_date

    path = Path(path)
    try:
        entry = entry_for(path, None)
    except OSError:
        entry = None  # the reader says what is wrong with the file
    if entry is not None and entry.date is None:  # "kent-2013-08-23.pdf": a date anywhere in the name
        m = re.search(r"(\d{4})-(\d{2})-(\d{2})", path.stem)
        if m and valid_date(m.group(0)):
            entry = replace(entry, date=m.group(0))
    return load_document(path, entry, max_mb=max_mb, cache_dir=cache_dir)


def read_file(path: str | Path, *, max_mb: float = 50.0, cache_dir=None) -> dict:
    """One `read` record for ``path``: ``{"file", "error", "document", "inspections", "seconds"}``.

    A file that cannot be read gives a record whose ``error`` is one sentence; nothing raises.
    """
    started = time.perf_counter()
    record: dict = {"file": str(path), "error": None, "document": None, "inspections": []}
    try:
        doc = read_document(path, max_mb=max_mb, cache_dir=cache_dir)
        record["document"], record["inspections"] = describe(doc)
    except CouncilKGError as exc:
        record["error"] = str(exc)
    record["seconds"] = round(time.perf_counter() - started, 3)
    return record


def describe(doc) -> tuple[dict, list[dict]]:
    """The document summary and its inspections (reported first) in the `read` contract's shape."""
    from corpus.records import Corpus
    from graph.extractors.accountability.analyse import read_corpus

    reading = read_corpus(Corpus(documents=(doc,)))[doc.id]
    inspections = [_inspection(i, reading) for i in reading.inspections]
    inspections.sort(key=lambda i: not i["reported"])
    title = next((i["title"] for i in inspections if i["reported"] and i.get("title")), None) or doc.title
    document = {"title": title, "date": doc.date, "pages": len(doc.page_starts) or None,
                "paragraphs": len(doc.paragraphs)}
    return document, inspections


def _inspection(i, reading) -> dict:
    judgements: dict[str, str] = {}
    for j in reading.judgements:
        if j.inspection == i.key:
            judgements.setdefault(_CONTRACT_AREA.get(j.area, j.area), j.grade)
    recommendations = [r.text for r in reading.recommendations if r.inspection == i.key]
    findings = sum(1 for f in reading.findings if f.inspection == i.key)
    return {
        "framework": i.framework, "type": getattr(i, "type", None) or i.framework,
        "authority": None if i.council == "unknown" else i.council_name,
        "start": i.start, "end": i.end, "published": i.published, "lead_inspector": i.lead_inspector,
        "reported": i.reported, "title": i.title, "judgements": judgements,
        "recommendations": recommendations, "findings": findings,
    }
