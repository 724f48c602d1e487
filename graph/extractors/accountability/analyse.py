"""Read the whole corpus once, resolve links between documents, and group Facts by paragraph.

The builder calls extractors paragraph by paragraph; an inspection report or a plan only makes
sense as a whole, so ``analyse(corpus)`` reads every document (about a second) once per build
(``context.reading(analyse)``, see ``graph.facts``) and each call looks up the facts anchored in
its paragraph.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib.namespace import RDF

from corpus.records import Corpus, Document
from graph.extractors.accountability import rdf as R
from graph.extractors.accountability.inspections import (
    Reading, read_mentions, read_reports, read_restated_grades, reconcile_judgements,
)
from graph.extractors.accountability.plans import link_plans_to_inspections, read_plans
from graph.extractors.accountability.records import Evidence, Link, PlanItem
from graph.extractors.accountability.similarity import similarity
from graph.extractors.accountability.thresholds import load_thresholds
from graph.iris import council_slug
from ontology.namespace import KG

VERSION = "2"
INSPECTIONS = "accountability.inspections"
PLANS = "accountability.plans"
LINKS = "accountability.links"
INFERRED_METHOD = "shared stemmed content words (overlap coefficient)"
# Inferred links below these scores are not written; fitted on a blind gold sample by fit_links.py
# (row_priority: a source row -> its priority; page_item: a 'Page 2' row -> the item it restates).
THRESHOLDS = load_thresholds()
PAGE_ITEM_MIN = THRESHOLDS["page_item"]
ROW_PRIORITY_MIN = THRESHOLDS["row_priority"]


@dataclass
class Analysis:
    readings: dict[str, Reading]
    # (paragraph id) -> list of (extractor, start, end, triples)
    statements: dict[str, list[tuple[str, int, int, list]]] = field(default_factory=lambda: defaultdict(list))
    conflicts: list[str] = field(default_factory=list)

    def add(self, extractor: str, ev: Evidence, triples: list) -> None:
        if triples:
            self.statements[ev.paragraph_id].append((extractor, ev.start, ev.end, triples))


def document_council(doc: Document, reading: Reading) -> tuple[str, str]:
    reported = [i for i in reading.inspections if i.reported and i.council != "unknown"]
    if reported:
        return reported[0].council, reported[0].council_name
    name = re.sub(r"\b(council|borough|metropolitan|city of)\b", "", doc.publisher or "unknown", flags=re.I).strip()
    return council_slug(name), name or "Unknown"


def read_corpus(corpus: Corpus) -> dict[str, Reading]:
    """Pass 1: reports and mentions in every document; pass 2: plans (which cite inspections)."""
    readings: dict[str, Reading] = {}
    councils = {}
    for doc in corpus.documents:
        r = Reading()
        read_reports(doc, r)
        council, name = document_council(doc, r)
        councils[doc.id] = (council, name)
        read_mentions(doc, r, council, name)
        read_restated_grades(doc, r)
        readings[doc.id] = r
    known = [i for r in readings.values() for i in r.inspections]
    for doc in corpus.documents:
        r = readings[doc.id]
        own = list(r.inspections)
        # Inspections reported elsewhere in the corpus (and not later than this paper) are citable too.
        others = [i for i in known if i.reported and i not in own and (not doc.date or (i.start or "") <= doc.date)]
        r.inspections.extend(others)
        read_plans(doc, r, councils[doc.id][0])
        link_plans_to_inspections(doc, r)
        r.inspections[:] = own
        reconcile_judgements(r)
    return readings


def analyse(corpus: Corpus) -> Analysis:
    readings = read_corpus(corpus)
    a = Analysis(readings)
    docs = {d.id: d for d in corpus.documents}
    inspections = {}
    for r in readings.values():
        for i in r.inspections:
            if i.key not in inspections or i.reported:
                inspections[i.key] = i
    recs = {(x.inspection, x.kind, x.number): x for r in readings.values() for x in r.recommendations}
    findings = {(f.inspection, f.number) for r in readings.values() for f in r.findings}
    items = {}
    for r in readings.values():
        for it in r.items:
            items.setdefault((it.plan, it.notation, it.kind), it)
    for doc_id, r in readings.items():
        doc = docs[doc_id]
        a.conflicts += r.conflicts
        _inspection_facts(a, doc, r)
        _plan_facts(a, doc, r)
        _link_facts(a, doc, r, recs, findings, items, inspections)
    _priority_correspondence(a, readings, items)
    return a


def _inspection_facts(a: Analysis, doc: Document, r: Reading) -> None:
    for i in r.inspections:
        core = R.inspection_core(i)
        s = R.inspection_iri(i.key)
        for field_name, ev in i.evidence.items():
            if field_name in ("title", "mention"):
                a.add(INSPECTIONS, ev, core + (R.inspection_dates(i) if field_name == "mention" else []))
            elif field_name == "dates":
                kind = [(s, KG.kind, R._lit(i.type))] if i.type else []  # ILACS standard/short: read from the dates
                a.add(INSPECTIONS, ev, [(s, RDF.type, KG.Inspection)] + R.inspection_dates(i) + kind)
            elif field_name == "authority":
                a.add(INSPECTIONS, ev, R.inspected_body(i))
            elif field_name == "published" and i.published:
                a.add(INSPECTIONS, ev, [(s, R.DCTERMS.issued, R._date(i.published))])
            elif field_name == "lead" and i.lead_inspector:
                a.add(INSPECTIONS, ev, [(s, KG.leadInspector, R.person_iri(i.lead_inspector))] + R.person_triples(i.lead_inspector))
            elif field_name.startswith("team:"):
                name = field_name[5:]
                a.add(INSPECTIONS, ev, [(s, R.PROV.wasAssociatedWith, R.person_iri(name))] + R.person_triples(name))
    for j in r.judgements:
        a.add(INSPECTIONS, j.evidence, R.judgement_triples(j))
    for f in r.findings:
        text = re.sub(r"^(?:[-•■▪o]\s+)?\d{1,3}\.\s+", "", doc.text[f.evidence.start:f.evidence.end])
        a.add(INSPECTIONS, f.evidence, R.finding_triples(f, " ".join(text.split())))
    for x in r.recommendations:
        a.add(INSPECTIONS, x.evidence, R.recommendation_triples(x))
    for st in r.strengths:
        a.add(INSPECTIONS, st.evidence, R.strength_triples(st))


def _plan_facts(a: Analysis, doc: Document, r: Reading) -> None:
    for it in r.items:
        if it.kind == "plan":
            a.add(PLANS, it.evidence, R.plan_triples(it.plan, it.title))
        else:
            a.add(PLANS, it.evidence, R.plan_triples(it.plan.removesuffix("-sources"), None) + R.item_triples(it))
    for plan, notation, label, ev in r.indicators:
        a.add(PLANS, ev, R.indicator_triples(plan, notation, label))


def _ref_iri(ref: tuple, recs, findings, items, inspections, subject_title: str = ""):
    kind = ref[0]
    if kind == "finding":
        return R.finding_iri(ref[1], ref[2]) if (ref[1], ref[2]) in findings else None
    if kind == "inspection":
        return R.inspection_iri(ref[1])
    if kind == "row":
        return R.source_row_iri(ref[1], ref[2])
    if kind == "item":
        plan, notation = ref[1], ref[2]
        if (plan, notation, "action") in items:
            return R.item_iri(plan, notation, "action")
        return R.item_iri(plan, notation, "priority")
    if kind == "page":
        return R.inspection_iri(ref[1])  # "Page 2" of a report states the report; which item is inferred (below)
    if kind == "external":
        return R.iri.concept("project-safety-valve" if ref[1] == "PSV" else slug_(ref[1]), ref[2])
    if kind == "plan":
        return R.plan_iri(ref[1])
    return None


def slug_(text):
    from graph.iris import slug

    return slug(text)


def _link_facts(a: Analysis, doc, r: Reading, recs, findings, items, inspections) -> None:
    send = next((i.key for i in r.inspections if i.framework == "area-send"), None)
    for link in r.links:
        if link.subject[0] == "row":
            _row_link_facts(a, link, recs, findings, items)
            continue
        if link.predicate == "leadOfficer":
            plan, notation = link.subject[1], link.subject[2]
            triples = []
            targets = [R.item_iri(plan, notation, "priority")]
            targets += [R.item_iri(plan, it.notation, "action") for (p, n, k), it in items.items()
                        if p == plan and k == "action" and it.leads == link.object[1] and _under(items, it, notation)]
            for name, post in link.object[1]:
                triples += R.person_triples(name, post)
                triples += [(t, KG.leadOfficer, R.person_iri(name)) for t in targets]
            a.add(LINKS, link.evidence, triples)
            continue
        if link.predicate == "actionLead":  # the lead a row of an action table names for its action
            triples = []
            for name, post in link.object[1]:
                triples += R.person_triples(name, post)
                triples.append((R.item_iri(link.subject[1], link.subject[2], "action"), KG.leadOfficer, R.person_iri(name)))
            a.add(LINKS, link.evidence, triples)
            continue
        if link.predicate == "dueDate":
            action = R.item_iri(link.subject[1], link.subject[2], "action")
            a.add(LINKS, link.evidence, [(action, KG.dueDate, R._date(link.object[1])),
                                         (action, KG.dueText, R._lit(" ".join(link.object[2].split())))])
            continue
        subject = R.plan_iri(link.subject[1]) if link.subject[0] == "plan" else _ref_iri(link.subject, recs, findings, items, inspections)
        obj = _ref_iri(link.object, recs, findings, items, inspections)
        if subject is None or obj is None:
            continue
        predicate = {"arisesFrom": KG.arisesFrom, "addresses": KG.addresses, "dependsOn": KG.dependsOn,
                     "respondsTo": KG.respondsTo}[link.predicate]
        triples = [(subject, predicate, obj)]
        if link.object[0] == "external":
            triples += [(obj, RDF.type, KG.Priority), (obj, R.SKOS.notation, R._lit(link.object[2])),
                        (obj, R.SKOS.inScheme, R.iri.concept("project-safety-valve", "scheme"))]
        a.add(LINKS, link.evidence, triples)
    # A plan's priority actions restate the inspection's: the plan heading states both.
    for it in r.items:
        if it.kind in ("priority-action", "area-for-improvement") and send:
            number = int(re.sub(r"\D", "", it.notation))
            rec = R.Recommendation(send, it.kind, number, "partnership", it.title, R_topics(it.title), it.evidence)
            a.add(INSPECTIONS, it.evidence, R.recommendation_triples(rec))
            a.add(LINKS, it.evidence, [(R.item_iri(it.plan, it.notation, "priority"), KG.addresses,
                                         R.recommendation_iri(send, it.kind, number))])


def R_topics(text):
    from graph.extractors.accountability.vocab import topics_of

    return topics_of(text)


def _under(items, action: PlanItem, notation: str) -> bool:
    """Whether an action sits under a priority action (via its desired outcome)."""
    outcome = items.get((action.plan, action.parent, "outcome"))
    if outcome is not None:
        return outcome.parent == notation
    return action.notation.split(".")[0] == re.sub(r"\D", "", notation)


def _row_link_facts(a: Analysis, link: Link, recs, findings, items) -> None:
    """What a source-table row states: its source (explicit, cited by the row), a reference that names
    nothing (kept as printed), the priority a cell names; a 'Page N' item is inferred by wording."""
    row = items.get((link.subject[1], link.subject[2], "source-row"))
    row_iri = R.source_row_iri(link.subject[1], link.subject[2])
    if link.predicate == "unresolved":
        a.add(LINKS, link.evidence, [(row_iri, KG.unresolvedReference, R._lit(link.object[1]))])
        return
    if link.predicate == "feeds":
        plan, notation = link.object[1], link.object[2]
        if (plan, notation, "priority") in items:
            a.add(LINKS, link.evidence, [(R.item_iri(plan, notation, "priority"), KG.arisesFrom, row_iri)])
        else:
            a.add(LINKS, link.evidence, [(row_iri, KG.unresolvedReference, R._lit(notation))])
        return
    if link.object[0] == "finding" and (link.object[1], link.object[2]) not in findings:
        printed = row.reference if row is not None and row.reference else f"Para {link.object[2]}"
        a.add(LINKS, link.evidence, [(row_iri, KG.unresolvedReference, R._lit(printed))])
        return
    obj = _ref_iri(link.object, recs, findings, items, {})
    if obj is None:
        return
    a.add(LINKS, link.evidence, [(row_iri, KG.arisesFrom, obj)])
    if link.object[0] == "page" and row is not None:
        # Which item of that page the row restates is not printed: the closest wording, inferred.
        cands = [x for k, x in recs.items() if k[0] == link.object[1] and k[1] == "improve"]
        scored = sorted(((similarity(row.title, x.text), x.number, x) for x in cands), key=lambda t: (-t[0], t[1]))
        if scored and scored[0][0] >= PAGE_ITEM_MIN:
            score, _, best = scored[0]
            a.add(LINKS, link.evidence, R.inferred_link(row_iri, R.recommendation_iri(best.inspection, best.kind, best.number),
                                                      score, INFERRED_METHOD))


def _priority_correspondence(a: Analysis, readings, items) -> None:
    """Source-table rows → the plan's priorities. A row's number counts rows within its theme, so it
    never names a priority; unless a cell of the row names one (an explicit link, above), the row is
    linked to the closest priority of its theme by wording: an inferred link with its score, shown only
    at or above ``ROW_PRIORITY_MIN`` (chosen on a blind gold sample; see the README)."""
    stated = {l.subject for r in readings.values() for l in r.links if l.predicate == "feeds"}
    for row in (it for it in items.values() if it.kind == "source-row"):
        if ("row", row.plan, row.notation) in stated:
            continue
        best = row_priority_candidates(row, items)[:1]
        if best and best[0][0] >= ROW_PRIORITY_MIN:
            score, priority = best[0]
            a.add(LINKS, row.evidence, R.inferred_link(R.item_iri(priority.plan, priority.notation, "priority"),
                                                      R.source_row_iri(row.plan, row.notation), score, INFERRED_METHOD))


def row_priority_candidates(row: PlanItem, items) -> list[tuple[float, PlanItem]]:
    """The priorities of a row's plan and theme, best wording match first: [(score, priority)]."""
    plan = row.plan.removesuffix("-sources")
    cands = [it for it in items.values() if it.kind == "priority" and it.plan == plan and it.parent == row.parent]
    scored = [(round(similarity(it.title, row.title), 3), it) for it in cands]
    return sorted(scored, key=lambda t: (-t[0], _notation_key(t[1].notation)))


def _notation_key(notation: str) -> tuple:
    return tuple(int(x) if x.isdigit() else x for x in re.split(r"[.]", notation))
