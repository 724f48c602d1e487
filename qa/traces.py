"""Traces: finding → source-table row → priority → actions (lead, due, measures) → later mentions.

Public entry points (stable; ``qa.ask`` routes trace and gap questions here):

- ``trace(ref, *, engine=None) -> Trace``: ``ref`` is "ILACS 2021 para 17", "SIF 2016 recommendation 3",
  "1.10", "SEND priority action 6", "6.1a", a paragraph id or a node IRI; raises ``QueryError`` with a
  sentence when nothing matches.
- ``gaps(*, engine=None) -> list[GapItem]``: findings and recommendations that nothing links to, each
  with ``group`` (recommendation | weakness | strength) and ``number``, ordered group by group and by
  inspection and paragraph number.

Explicit links are the graph's stated triples (kg:arisesFrom, kg:addresses, dcterms:isPartOf,
skos:broader), each cited by the words that state it; inferred links are the graph's similarity links
(kg:InferredLink with a score: a source row to the priority of closest wording) and later mentions
found by searching minutes and reports dated after the source, shown only at or above a threshold
fitted on labelled pairs (``qa/mention_threshold.json``; without it, none are shown).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from councilkg.errors import QueryError
from embed.hybrid import Filters
from ontology.namespace import KG, SCHEMA
from ontology.vocab import framework_words
from qa.polarity import polarity
from qa.records import GapItem, Trace, TraceEdge, TraceNode

KINDS = {KG.PrioritySource: "source row", KG.Finding: "finding", KG.Recommendation: "recommendation",
         KG.Priority: "priority", KG.Theme: "priority", KG.PlannedAction: "action", KG.Inspection: "inspection",
         KG.Plan: "plan"}
# Links followed from a node towards what addresses it (incoming) and towards its source (outgoing)
DOWN = (KG.arisesFrom, KG.addresses, DCTERMS.isPartOf, SKOS.broader)
UP = (KG.arisesFrom, KG.addresses)
STRUCTURAL = ("priority", "action", "recommendation", "source row")
FRAMEWORKS = framework_words()  # "ilacs" → "ILACS", "area send" → "Area SEND"
MENTION_KINDS = ("minutes", "report")
MENTIONS = 3
MENTION_THRESHOLD_FILE = Path(__file__).resolve().parent / "mention_threshold.json"
MAX_NODES = 60
REC_KINDS = {"improve": "area to improve", "recommendation": "recommendation", "priority-action": "priority action",
             "area-for-improvement": "area for improvement"}


def mention_threshold() -> float | None:
    """The dense score a later passage needs to be shown as a mention, fitted on labelled pairs by
    ``bench/fit_mentions.py``; None (no mentions shown) until such labels exist."""
    try:
        data = json.loads(MENTION_THRESHOLD_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("threshold")
    return float(value) if value is not None else None


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


# Words of an authority's name that do not tell one authority from another
_GENERIC_NAME_WORDS = frozenset("council borough city county metropolitan district of the and royal london "
                                "local area partnership".split())


def authority(engine, node) -> str:
    """Whose a node is: the inspected body of a finding or recommendation, else the publisher of the
    document that states the node ("Bury Council")."""
    t = engine.facts
    inspection = t.value(node, KG.inspection) if isinstance(node, URIRef) else None
    body = t.value(inspection, KG.inspectedBody) if inspection is not None else None
    if body is not None:
        return t.label(body)
    citation = _node_citation(engine, node) if isinstance(node, URIRef) else None
    doc = engine.docs.get(citation.document_id) if citation is not None else None
    return (doc.publisher or "") if doc is not None else ""


def _name_words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", name.lower()) if w not in _GENERIC_NAME_WORDS}


def names_authority(name: str, text: str) -> bool:
    """Whether ``text`` names the authority ``name`` (its distinctive words, all of them)."""
    words = _name_words(name)
    return bool(words) and words <= set(re.findall(r"[a-z]+", text.lower()))


def _one_authority(engine, found: list, ref: str) -> list:
    """Keep the nodes of the authority ``ref`` names; several authorities and none named is a question to ask back."""
    by = {n: authority(engine, n) for n in found}
    named = [n for n in found if names_authority(by[n], ref)]
    if named:
        return named
    names = sorted({a for a in by.values() if a})
    if len(names) > 1:
        raise QueryError(f"'{ref}' matches {len(names)} authorities ({', '.join(names[:6])}{', …' if len(names) > 6 else ''}).",
                         hint=f"Name one, e.g. '{names[0].split()[0]} {ref}'.")
    return found


def resolve(engine, ref: str) -> list:
    """Graph nodes a reference names: a paragraph id, 'ILACS 2021 para 17', a recommendation, '1.10', '6.1a';
    with several authorities' papers, 'Bury ILACS 2021 para 17' (a reference several authorities share and
    that names none is refused with a sentence listing them)."""
    found = _resolve(engine, ref)
    return found if len(found) < 2 else _one_authority(engine, found, " ".join(ref.split()))


def _resolve(engine, ref: str) -> list:
    t = engine.facts
    ref = " ".join(ref.split())
    if not ref:
        raise QueryError("The trace reference is empty.", hint='Try "ILACS 2021 para 17", "1.10" or "6.1a".')
    if ref in engine.paragraphs:
        return _nodes_in_paragraph(engine, ref) or [ref]
    if ref.startswith(("http://", "https://")) and URIRef(ref) in t.out:
        return [URIRef(ref)]  # a node id from an earlier trace

    def notation(n) -> str:
        return str(t.value(n, SKOS.notation))

    def inspected(n) -> bool:
        return _inspection_matches(t, t.value(n, KG.inspection), ref)

    # The first kind of reference that names something: (pattern read, classes searched, whether a node is named)
    kinds = ((_PA.search, (KG.Priority,), lambda n, m: notation(n) == f"PA{m.group(1)}"),  # "SEND priority action 6"
             (_NOTATION.match, (KG.PlannedAction, KG.Priority, KG.Theme),  # "1.10", "6.1a"
              lambda n, m: notation(n).lower() == m.group(1).lower()),
             (_PARA.search, (KG.Finding,),  # "ILACS 2021 para 17"
              lambda n, m: str(t.value(n, KG.paragraphNumber)) == m.group(1) and inspected(n)),
             (_REC.search, (KG.Recommendation,),  # "SIF 2016 recommendation 3"
              lambda n, m: notation(n) == m.group(2) and inspected(n)
              and str(t.value(n, KG.kind)) == m.group(1).lower().replace(" ", "-")))
    for read, classes, named in kinds:
        m = read(ref)
        found = [n for cls in classes for n in t.by_type.get(cls, []) if named(n, m)] if m else []
        if found:
            return found
    raise QueryError(f"Nothing in the graph matches '{ref}'.",
                     hint='Name a finding ("ILACS 2021 para 17"), a recommendation ("SIF 2016 recommendation 3"), '
                          'a priority ("1.10", "SEND priority action 6"), an action ("6.1a") or a paragraph id.')


def _nodes_in_paragraph(engine, paragraph_id: str) -> list:
    t = engine.facts
    return [s for s in t.nodes_quoting(paragraph_id) if _kind(t, s) != "paragraph"]


def _node_citation(engine, node, n: int = 0):
    """The words that state the node itself: the fact typing it (an action's own row, a finding's
    paragraph), not whichever fact about it was read first (a priority's lead line names every action)."""
    t = engine.facts
    facts = sorted(t.out.get(node, ()), key=lambda f: f[0] != RDF.type)
    for p, o, g in facts:
        where = engine.stated_at(g)
        if where:
            return engine.citation(n, *where)
    return None


def _edge_citation(engine, g):
    where = engine.stated_at(g)
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
    if kind in ("finding", "strength"):
        label = f"{t.label(t.value(node, KG.inspection))} paragraph {notation}"
    elif kind == "recommendation" and t.value(node, KG.inspection) is not None:
        what = REC_KINDS.get(str(t.value(node, KG.kind) or ""), "recommendation")
        label = f"{t.label(t.value(node, KG.inspection))} {what} {notation}"
    elif notation is not None and str(notation) not in label:
        label = f"{notation} {label}"
    text = str(t.value(node, KG.text) or t.label(node))
    citation = _node_citation(engine, node)
    due = t.value(node, KG.dueDate)
    due_text = t.value(node, KG.dueText)
    return TraceNode(id=str(node), kind=kind, label=" ".join(label.split()), text=" ".join(text.split()),
                     citation=citation, lead=_leads(engine, node, citation),
                     due=str(due) if due is not None else None,
                     measures=tuple(str(m) for m, _ in t.values(node, KG.measure)),
                     due_text=str(due_text) if due_text is not None else None,
                     unresolved=tuple(str(u) for u, _ in t.values(node, KG.unresolvedReference)))


def _leads(engine, node, citation) -> str | None:
    """The node's leads; a lead named only on its priority's 'Priority Lead:' line (not in the node's own
    row) is marked as the priority's, so a reader never takes it for the action's own."""
    t = engine.facts
    names = []
    for person, g in t.values(node, KG.leadOfficer):
        prov = t.provenance(g)
        own = citation is None or prov is None or prov.paragraph_id == citation.paragraph_id or _kind(t, node) != "action"
        names.append(t.label(person) + ("" if own else " (priority lead)"))
    return ", ".join(dict.fromkeys(names)) or None


def _mentions(engine, node, text: str, after: str | None) -> list[tuple[str, float]]:
    """Later passages in minutes and reports that speak about the same thing (inferred, with a score),
    at or above the fitted mention threshold (none without one)."""
    threshold = mention_threshold()
    query = " ".join(text.split())[:400]
    if threshold is None or not query or engine.index is None:
        return []
    filters = Filters(part_kinds=MENTION_KINDS, date_from=after)
    found = []
    for hit in engine.index.search(query, k=MENTIONS, filters=filters):
        if hit.dense_score is not None and hit.dense_score >= threshold:
            found.append((hit.paragraph_id, round(float(hit.dense_score), 3)))
    return found


def trace(ref: str, *, engine=None) -> Trace:
    """The chain from ``ref`` to the priorities and actions that address it, and later mentions.

    Args:
        ref: a finding ("ILACS 2021 para 17"), recommendation, priority ("1.10", "SEND priority action 6"),
            action ("6.1a"), paragraph id or node IRI.
        engine: a loaded ``qa.Engine`` (default: the process-wide one).
    Returns:
        Trace(ref, nodes, edges): the nodes named by ``ref`` first; every edge ``explicit`` (cited by the
        words that state it) or ``inferred`` (with its score).
    """
    from qa.engine import get_engine

    engine = engine or get_engine()
    t = engine.facts
    if t is None:
        raise QueryError("Traces need the knowledge graph.", hint="Run `councilkg build`.")
    starts = list(dict.fromkeys(resolve(engine, ref)))
    nodes: dict = {}
    edges: list[TraceEdge] = []
    seen_edges: set = set()

    def add_node(n) -> bool:
        if n in nodes or len(nodes) >= MAX_NODES:
            return False
        nodes[n] = _node(engine, n)
        return True

    def add_edge(source, target, relation, link, score=None, g=None):
        key = (str(source), str(target), relation)
        if source == target or key in seen_edges:
            return
        seen_edges.add(key)
        edges.append(TraceEdge(source=str(source), target=str(target), relation=relation, link=link, score=score,
                               citation=_edge_citation(engine, g) if g is not None else None))

    for s in starts:
        add_node(s)
    frontier, depth = list(starts), 0
    while frontier and depth < 5:
        following = []
        for node in frontier:
            if not isinstance(node, URIRef):
                continue
            # what addresses this node, or arises from it (stated)
            for s, p, g in t.inc.get(node, ()):
                if p in DOWN and _kind(t, s) in STRUCTURAL and (s in nodes or len(nodes) < MAX_NODES):
                    add_edge(s, node, _local(p), "explicit", g=g)
                    if add_node(s):
                        following.append(s)
            # where this node comes from (stated): for the start, and for any source-table row
            if depth == 0 or _kind(t, node) == "source row":
                for p, o, g in t.out.get(node, ()):
                    if p in UP and isinstance(o, URIRef) and _kind(t, o) != "paragraph" and (o in nodes or len(nodes) < MAX_NODES):
                        add_edge(node, o, _local(p), "explicit", g=g)
                        add_node(o)
            # links inferred by wording (a source row and the priority closest to it)
            for link, g in t.subjects(KG.linkSource, node) + t.subjects(KG.linkTarget, node):
                source, target = t.value(link, KG.linkSource), t.value(link, KG.linkTarget)
                score = t.value(link, KG.score)
                other = target if source == node else source
                if other is None or (other not in nodes and len(nodes) >= MAX_NODES):
                    continue
                add_edge(source, target, "similarTo", "inferred", float(score) if score is not None else None, g)
                if add_node(other) and _kind(t, other) in ("priority", "source row"):
                    following.append(other)
        frontier, depth = following, depth + 1
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


def _local(predicate) -> str:
    return str(predicate).split("#")[-1].split("/")[-1]


GAP_GROUPS = ("recommendation", "weakness", "strength")


def _matched_by_wording(t, node) -> tuple[str, ...]:
    """Labels (with scores) of what an inferred link ties to ``node``: a gap only wording bridges."""
    out = []
    for link, _ in t.subjects(KG.linkTarget, node) + t.subjects(KG.linkSource, node):
        source, target, score = t.value(link, KG.linkSource), t.value(link, KG.linkTarget), t.value(link, KG.score)
        other = source if target == node else target
        if other is not None:
            out.append(f"{' '.join(t.label(other).split())} (score {float(score):.2f})" if score is not None else t.label(other))
    return tuple(dict.fromkeys(out))


def gaps(*, engine=None, authority_name: str | None = None, documents: tuple[str, ...] = ()) -> list[GapItem]:
    """Findings and recommendations that no priority, source-table row or action links to.

    Args:
        engine: a loaded ``qa.Engine`` (default: the process-wide one).
        authority_name: only this authority's ("Bury", "Bury Council"); None for all.
        documents: only those stated in these documents (a question naming a council); empty for all.
    Returns:
        GapItems with ``group`` recommendation | weakness | strength (a finding's group by its wording,
        ``qa.polarity``; the inspection's own strengths lists are strengths), ordered by group, then
        inspection, then number.
    """
    from qa.engine import get_engine

    engine = engine or get_engine()
    t = engine.facts
    if t is None:
        return []
    # The same for every question (251 reports hold 17,000 findings): kept per engine, per scope
    memo = engine._memo.setdefault("gaps", {})
    key = (authority_name, tuple(sorted(documents)))
    if key not in memo:
        from qa.tables import stored_gaps

        every = (None, ())
        if key == every:  # every authority's: stored by the build
            memo[key] = stored_gaps(engine, lambda: _gaps(engine, t, None, set()))
        elif authority_name is None and (every in memo or (found := stored_gaps(engine, None)) is not None):
            # a question naming a council: the build's list, those typed in its documents (the same items in the
            # same order as reading its findings again, which took 0.5-0.9 s a council at 251 reports)
            if every not in memo:
                memo[every] = found
            scope = set(documents)
            memo[key] = [g for g in memo[every] if scope & t.typed_in_documents(URIRef(g.id))]
        else:
            memo[key] = _gaps(engine, t, authority_name, set(documents))
    return list(memo[key])


def _gaps(engine, t, authority_name: str | None, documents: set[str]) -> list[GapItem]:
    out = []
    for cls, kind in ((KG.Finding, "finding"), (KG.Recommendation, "recommendation")):
        for node in t.by_type.get(cls, []):
            if documents and not documents & t.typed_in_documents(node):
                continue
            node_kind = _kind(t, node)
            if node_kind not in (kind, "strength"):
                continue
            if any(p in UP for _, p, _ in t.inc.get(node, ())):
                continue
            if authority_name and not names_authority(authority_name, authority(engine, node)) \
                    and not names_authority(authority(engine, node), authority_name):
                continue
            tn = _node(engine, node)
            group = "recommendation" if kind == "recommendation" else "strength" if node_kind == "strength" else polarity(tn.text)
            number = t.value(node, KG.paragraphNumber) or t.value(node, SKOS.notation)
            inspection = t.value(node, KG.inspection)
            out.append(GapItem(id=str(node), kind=kind, label=tn.label, text=tn.text, citation=tn.citation, group=group,
                               number=int(number) if number is not None and str(number).isdigit() else None,
                               inspection=t.label(inspection) if inspection is not None else "",
                               inferred=_matched_by_wording(t, node)))
    out.sort(key=lambda g: (GAP_GROUPS.index(g.group), g.inspection, g.number if g.number is not None else 10**6, g.label))
    return out
