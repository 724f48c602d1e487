"""Traces: finding → recommendation/priority → actions (lead, due, measures) → later mentions.

Explicit links are the graph's stated triples (kg:arisesFrom, kg:addresses, dcterms:isPartOf,
skos:broader); inferred links are the graph's similarity links (kg:InferredLink with a score)
and later mentions found by searching minutes and reports dated after the source.
"""
from __future__ import annotations

import re

from rdflib import URIRef
from rdflib.namespace import DCTERMS, SKOS

from councilkg.errors import QueryError
from embed.hybrid import Filters
from ontology.namespace import KG, SCHEMA
from ontology.vocab import framework_words
from qa.records import GapItem, Trace, TraceEdge, TraceNode

KINDS = {KG.Finding: "finding", KG.Recommendation: "recommendation", KG.Priority: "priority", KG.Theme: "priority",
         KG.PlannedAction: "action", KG.Inspection: "inspection", KG.Plan: "plan"}
# Links followed from a node towards what addresses it (incoming) and towards its source (outgoing)
DOWN = (KG.arisesFrom, KG.addresses, DCTERMS.isPartOf, SKOS.broader)
UP = (KG.arisesFrom, KG.addresses)
FRAMEWORKS = framework_words()  # "ilacs" → "ILACS", "area send" → "Area SEND"
MENTION_KINDS = ("minutes", "report")
MENTIONS = 3
MENTION_MIN = 0.55   # dense similarity a later passage needs to count as a mention
MAX_NODES = 60

_PARA = re.compile(r"\bpara(?:graph)?s?\.?\s*(\d{1,3})\b", re.I)
_REC = re.compile(r"\b(recommendation|improve|area for improvement|priority action)\s*(\d{1,2})\b", re.I)
_NOTATION = re.compile(r"^\s*(?:priority\s+|action\s+)?(\d{1,2}\.\d{1,2}[a-z]?)\s*$", re.I)
_PA = re.compile(r"\b(?:send\s+)?priority\s+action\s+(\d{1,2})\b", re.I)
_YEAR = re.compile(r"\b(19|20)\d\d\b")


def _kind(t, node) -> str:
    for cls, name in KINDS.items():
        if t.is_a(node, cls):
            if name == "finding" and str(t.value(node, KG.kind) or "") == "strength":
                return "strength"
            return name
    return "paragraph"


def _inspection_matches(t, inspection, ref: str) -> bool:
    low = ref.lower()
    framework = str(t.value(inspection, KG.framework) or "").lower()
    named = [code for word, code in FRAMEWORKS.items() if re.search(rf"\b{word}\b", low)]
    if named and framework not in {c.lower() for c in named}:
        return False
    year = _YEAR.search(ref)
    start = str(t.value(inspection, SCHEMA.startDate) or "")
    return not year or start.startswith(year.group(0))


def resolve(engine, ref: str) -> list:
    """Graph nodes a reference names: a paragraph id, 'ILACS 2021 para 17', a recommendation, '1.10', '6.1a'."""
    t = engine.facts
    ref = " ".join(ref.split())
    if not ref:
        raise QueryError("The trace reference is empty.", hint='Try "ILACS 2021 para 17", "1.10" or "6.1a".')
    if ref in engine.paragraphs:
        return _nodes_in_paragraph(engine, ref) or [ref]
    if ref.startswith(("http://", "https://")) and URIRef(ref) in t.out:
        return [URIRef(ref)]  # a node id from an earlier trace
    m = _PA.search(ref)
    if m:
        found = [n for n in t.by_type.get(KG.Priority, []) if str(t.value(n, SKOS.notation)) == f"PA{m.group(1)}"]
        if found:
            return found
    m = _NOTATION.match(ref)
    if m:
        code = m.group(1).lower()
        found = [n for cls in (KG.PlannedAction, KG.Priority, KG.Theme) for n in t.by_type.get(cls, [])
                 if str(t.value(n, SKOS.notation)).lower() == code]
        if found:
            return found
    m = _PARA.search(ref)
    if m:
        found = [n for n in t.by_type.get(KG.Finding, []) if str(t.value(n, KG.paragraphNumber)) == m.group(1)
                 and _inspection_matches(t, t.value(n, KG.inspection), ref)]
        if found:
            return found
    m = _REC.search(ref)
    if m:
        kind = m.group(1).lower().replace(" ", "-")
        found = [n for n in t.by_type.get(KG.Recommendation, []) if str(t.value(n, SKOS.notation)) == m.group(2)
                 and str(t.value(n, KG.kind)) == kind and _inspection_matches(t, t.value(n, KG.inspection), ref)]
        if found:
            return found
    raise QueryError(f"Nothing in the graph matches '{ref}'.",
                     hint='Name a finding ("ILACS 2021 para 17"), a recommendation ("SIF 2016 recommendation 3"), '
                          'a priority ("1.10", "SEND priority action 6"), an action ("6.1a") or a paragraph id.')


def _paragraph_index(engine) -> dict:
    index = getattr(engine, "_trace_paragraphs", None)
    if index is None:
        t = engine.facts
        index = {}
        for s, triples in t.out.items():
            if _kind(t, s) == "paragraph":
                continue
            for p, o, g in triples:
                prov = t.provenance(g)
                if prov is not None:
                    index.setdefault(prov.paragraph_id, []).append(s)
        engine._trace_paragraphs = index = {k: list(dict.fromkeys(v)) for k, v in index.items()}
    return index


def _nodes_in_paragraph(engine, paragraph_id: str) -> list:
    return _paragraph_index(engine).get(paragraph_id, [])


def _node_citation(engine, node, n: int = 0):
    t = engine.facts
    for p, o, g in t.out.get(node, ()):
        prov = t.provenance(g)
        if prov is not None:
            where = engine.paragraph_at(prov.document_id, prov.start, prov.end)
            if where:
                return engine.citation(n, *where)
    return None


def _edge_citation(engine, g):
    prov = engine.facts.provenance(g) if g is not None else None
    where = prov and engine.paragraph_at(prov.document_id, prov.start, prov.end)
    return engine.citation(0, *where) if where else None


def _node(engine, node) -> TraceNode:
    t = engine.facts
    if isinstance(node, str) and node in engine.paragraphs:
        p = engine.paragraph(node)
        return TraceNode(id=node, kind="paragraph", label=p.label or node, text=p.text,
                         citation=engine.citation(0, node, p.spans[0].start, p.spans[0].end))
    kind = _kind(t, node)
    notation = t.value(node, SKOS.notation) or t.value(node, KG.paragraphNumber)
    label = t.label(node)
    if kind == "finding":
        label = f"{t.label(t.value(node, KG.inspection))} paragraph {notation}"
    elif notation is not None and str(notation) not in label:
        label = f"{notation} {label}"
    text = str(t.value(node, KG.text) or t.label(node))
    leads = [t.label(person) for person, _ in t.values(node, KG.leadOfficer)]
    due = t.value(node, KG.dueDate)
    return TraceNode(id=str(node), kind=kind, label=" ".join(label.split()), text=" ".join(text.split()),
                     citation=_node_citation(engine, node), lead=", ".join(leads) or None,
                     due=str(due) if due is not None else None,
                     measures=tuple(str(m) for m, _ in t.values(node, KG.measure)))


def _mentions(engine, node, text: str, after: str | None) -> list[tuple[str, float]]:
    """Later passages in minutes and reports that speak about the same thing (inferred, with a score)."""
    query = " ".join(text.split())[:400]
    if not query:
        return []
    filters = Filters(part_kinds=MENTION_KINDS, date_from=after)
    found = []
    for hit in engine.index.search(query, k=MENTIONS, filters=filters):
        if hit.dense_score is not None and hit.dense_score >= MENTION_MIN:
            found.append((hit.paragraph_id, round(float(hit.dense_score), 3)))
    return found


def _is_source_row(t, node) -> bool:
    return str(t.value(node, KG.kind) or "").lower().startswith("source")


def _folded(engine) -> dict:
    """Source-row priorities (a plan appendix row stating where a priority comes from) → the plan priority with
    the same notation they belong to (the one whose id shares the longest prefix, if several)."""
    fold = getattr(engine, "_trace_fold", None)
    if fold is None:
        t = engine.facts
        by_notation: dict = {}
        for node in t.by_type.get(KG.Priority, []):
            notation = t.value(node, SKOS.notation)
            if notation is not None and not _is_source_row(t, node):
                by_notation.setdefault(str(notation), []).append(node)
        fold = {}
        for node in t.by_type.get(KG.Priority, []):
            notation = t.value(node, SKOS.notation)
            if notation is None or not _is_source_row(t, node) or str(notation) not in by_notation:
                continue
            fold[node] = max(by_notation[str(notation)], key=lambda p: (len(_common_prefix(str(p), str(node))), str(p)))
        engine._trace_fold = fold
    return fold


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def trace(ref: str, *, engine=None) -> Trace:
    """The chain from ``ref`` to the priorities and actions that address it, and later mentions."""
    from qa.engine import get_engine

    engine = engine or get_engine()
    t = engine.facts
    if t is None:
        raise QueryError("Traces need the knowledge graph.", hint="Run `councilkg build`.")
    fold = _folded(engine)
    starts = list(dict.fromkeys(fold.get(n, n) for n in resolve(engine, ref)))
    nodes: dict = {}
    edges: list[TraceEdge] = []
    seen_edges: dict = {}

    def add_edge(source, target, relation, link, score=None, g=None):
        # a source row folds into its plan priority; its citation is the link's evidence (it states the link)
        folded = source in fold or target in fold
        source, target = fold.get(source, source), fold.get(target, target)
        if source == target:
            return
        key = (str(source), str(target), relation)
        edge = TraceEdge(source=str(source), target=str(target), relation=relation, link=link, score=score,
                         citation=_edge_citation(engine, g) if g is not None else None)
        if key in seen_edges:
            i = seen_edges[key]
            if folded and edge.citation is not None:
                edges[i] = edge
            return
        seen_edges[key] = len(edges)
        edges.append(edge)

    frontier = list(starts)
    for s in starts:
        nodes[s] = _node(engine, s)
    # Walk towards what addresses the start (and, for a priority or action, up to its sources)
    for depth in range(4):
        following = []
        for node in frontier:
            if not isinstance(node, URIRef):
                continue
            for s, p, g in t.inc.get(node, ()):
                if p in DOWN and _kind(t, s) in ("priority", "action", "recommendation") and len(nodes) < MAX_NODES:
                    add_edge(s, node, p.split("#")[-1].split("/")[-1], "explicit", g=g)
                    s = fold.get(s, s)
                    if s not in nodes:
                        nodes[s] = _node(engine, s)
                        following.append(s)
            if depth == 0:
                for p, o, g in t.out.get(node, ()):
                    if p in UP and isinstance(o, URIRef) and _kind(t, o) != "paragraph" and len(nodes) < MAX_NODES:
                        add_edge(node, o, p.split("#")[-1], "explicit", g=g)
                        o = fold.get(o, o)
                        if o not in nodes and o != node:
                            nodes[o] = _node(engine, o)
            # Inferred similarity links stated in the graph
            for link, g in t.subjects(KG.linkSource, node) + t.subjects(KG.linkTarget, node):
                source, target = t.value(link, KG.linkSource), t.value(link, KG.linkTarget)
                score = t.value(link, KG.score)
                other = target if source == node else source
                if other is None or len(nodes) >= MAX_NODES:
                    continue
                add_edge(source, target, "similarTo", "inferred", float(score) if score is not None else None, g)
                other = fold.get(other, other)
                if other not in nodes and other != node:
                    nodes[other] = _node(engine, other)
        frontier = following
        if not frontier:
            break
    # Later mentions of the start and of the actions, in minutes and reports
    dated = [n.citation.date for n in nodes.values() if n.citation and n.citation.date]
    after = min(dated) if dated else None
    for node in list(nodes)[:1] + [n for n in nodes if nodes[n].kind == "action"][:5]:
        tn = nodes[node]
        for pid, score in _mentions(engine, node, tn.text, after):
            if any(x.citation and x.citation.paragraph_id == pid for x in nodes.values()):
                continue
            mention = _node(engine, pid)
            nodes[pid] = TraceNode(id=pid, kind="mention", label=mention.citation.part if mention.citation else pid,
                                   text=mention.text, citation=mention.citation)
            add_edge(node, pid, "mentionedIn", "inferred", score)
    return Trace(ref=ref, nodes=tuple(nodes.values()), edges=tuple(edges))


def gaps(*, engine=None) -> list[GapItem]:
    """Findings (not strengths) and recommendations that no priority or action links to."""
    from qa.engine import get_engine

    engine = engine or get_engine()
    t = engine.facts
    if t is None:
        return []
    out = []
    for cls, kind in ((KG.Finding, "finding"), (KG.Recommendation, "recommendation")):
        for node in t.by_type.get(cls, []):
            if _kind(t, node) != kind:
                continue
            linked = any(p in UP for _, p, _ in t.inc.get(node, ()))
            if not linked:
                tn = _node(engine, node)
                out.append(GapItem(id=str(node), kind=kind, label=tn.label, text=tn.text, citation=tn.citation))
    out.sort(key=lambda g: (g.kind, g.label))
    return out
