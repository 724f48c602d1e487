"""Corpus-level pass: a decision or commitment in minutes → the plan (or plan item) it concerns.

The civic extractors mint the Decision/Commitment nodes; this pass reads their words (and the
agenda heading above them) and, where they name a plan ("the Improvement Plan", "Priority
Action 6", "priority 1.10"), adds ``dcterms:subject`` to that plan or item, stated by the same span.
"""
from __future__ import annotations

import re

from rdflib.namespace import DCTERMS, RDF

from graph.extractors.accountability import rdf as R
from graph.extractors.accountability.analyse import LINKS, VERSION, analyse
from graph.facts import Fact
from ontology.namespace import KG

PLAN_WORDS = re.compile(r"\b(priority impact plan|priority action plan|improvement plan|the plan)\b", re.I)
ITEM_REF = re.compile(r"\b(?:priority action|area for improvement|priority)\s+(\d{1,2}(?:\.\d{1,2})?)\b", re.I)


def _choose_plan(text: str, doc_date: str | None, plans: dict[str, tuple[str, str]]) -> str | None:
    """The plan the words name: SEND plans for SEND words, else the latest improvement plan not after the paper."""
    send = bool(re.search(r"\bSEND\b|priority (impact|action) plan", text, re.I))
    cands = [(year, key) for key, (title, year) in plans.items()
             if ("send" in key) == send and (not doc_date or year <= doc_date[:4])]
    return max(cands)[1] if cands else None


def link_commitments(facts: list[Fact], context) -> list[Fact]:
    analysis = context.reading(analyse)
    plans = {}
    for r in analysis.readings.values():
        for it in r.items:
            if it.kind == "plan" and not it.plan.endswith("-sources"):
                plans[it.plan] = (it.title, it.plan.rsplit("-", 1)[-1])
    notations = {(it.plan, it.notation) for r in analysis.readings.values() for it in r.items}
    out = list(facts)
    for fact in facts:
        if not fact.extractor.startswith("civic"):
            continue
        subjects = [s for s, p, o in fact.triples if p == RDF.type and o in (KG.Commitment, KG.Decision)]
        if not subjects:
            continue
        paragraph = context.corpus.paragraph(fact.paragraph_id)
        heading = " ".join(paragraph.heading_path[-2:])
        if not PLAN_WORDS.search(fact.quote) or not PLAN_WORDS.search(fact.quote + " " + heading.replace("the plan", "")):
            continue
        if "the plan" in fact.quote.lower() and not re.search(r"\bplan\b", heading, re.I) and not re.search(r"improvement|impact|action plan", fact.quote, re.I):
            continue
        doc = context.corpus.document(fact.document_id)
        plan = _choose_plan(fact.quote + " " + heading, doc.date, plans)
        if plan is None:
            continue
        targets = [R.plan_iri(plan)]
        for m in ITEM_REF.finditer(fact.quote):
            n = m.group(1)
            notation = n if "." in n else (("AFI" if "improvement" in m.group(0).lower() else "PA") + n)
            if (plan, notation) in notations:
                targets.append(R.item_iri(plan, notation, "priority"))
        triples = tuple((s, DCTERMS.subject, t) for s in subjects for t in targets)
        out.append(Fact(triples=triples, document_id=fact.document_id, paragraph_id=fact.paragraph_id,
                        start=fact.start, end=fact.end, quote=fact.quote, extractor=LINKS, version=VERSION))
    return out


link_commitments.version = VERSION
