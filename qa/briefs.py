"""Topic briefs: what each inspection said about a topic, newest last, every line cited.

For "what did Ofsted say about TOPIC" (the answer-type classifier's ``topic``): per source — each
inspection report, or the part stating an inspection's judgement — the graded judgement for the area
when the graph has one, then the report's points on the topic that need to improve ("What needs to
improve" items first) and its strongest strengths, then what the plan does about them (the
priorities and actions linked to those paragraphs). Sentences are chosen by the same fitted ranker
as any answer; which are strengths and which weaknesses is read by ``qa.polarity``.
"""
from __future__ import annotations

from rdflib.namespace import SKOS

from embed.hybrid import Filters
from ontology.namespace import KG
from qa.candidates import Candidate, sentences
from qa.polarity import polarity

MAX_SOURCES = 4
STRENGTHS = 2
WEAKNESSES = 3
PLAN_LINKS = 2
SOURCE_DEPTH = 10        # paragraphs searched inside each source
FLOOR = 0.5              # a sentence joins a brief at this share of the answer threshold


def weakness(text: str) -> bool:
    """The sentence states a shortfall (``qa.polarity``: concern words at least as many as praise)."""
    return polarity(text) == "weakness"


def _sources(engine, q, ranked) -> list[str]:
    """Part ids to brief on: inspection reports (or parts stating a judgement) among the confident candidates, plus
    the other inspection reports in scope and period, oldest first."""
    threshold = engine.model.threshold
    found: dict[str, str] = {}
    for c in ranked:
        if c.probability < threshold * FLOOR:
            break
        part = engine.part_of(engine.paragraph(c.paragraph_id))
        if part.kind == "inspection_report" or c.kind == "grade":
            found.setdefault(part.id, engine.date_of(engine.paragraph(c.paragraph_id)) or "")
    return [pid for pid, _ in sorted(found.items(), key=lambda x: x[1])][-MAX_SOURCES:]


def _source_sentences(engine, q, part_id: str, scorer) -> list[Candidate]:
    """The source's best sentences for the question, scored by the ranker."""
    part = engine.parts[part_id]
    filters = Filters(document_ids=(part.document_id,), part_kinds=(part.kind,),
                      date_from=part.date, date_to=part.date) if part.date else \
        Filters(document_ids=(part.document_id,), part_kinds=(part.kind,))
    query = " ".join((q.text,) + q.expansions)
    hits = [h for h in engine.index.search(query, k=SOURCE_DEPTH, filters=filters)
            if engine.paragraph(h.paragraph_id).part_id == part_id]
    from qa.candidates import Retrieved

    retrieved = [Retrieved(h.paragraph_id, h.rank, h.dense_score, h.bm25_score or 0.0, 1) for h in hits]
    return scorer(retrieved, sentences(engine, retrieved, limit=SOURCE_DEPTH))


def _plan_links(engine, paragraph_ids) -> list[Candidate]:
    """Priorities and actions the plan links to the findings or recommendations stated in these paragraphs."""
    from qa.graphfacts import _cited, _short, label_fact

    t, out, seen = engine.facts, [], set()
    for pid in paragraph_ids:
        for node in engine.paragraph_nodes.get(pid, ()):
            for s, p, g in t.inc.get(node, ()):
                if p not in (KG.arisesFrom, KG.addresses) or s in seen or not (
                        t.is_a(s, KG.Priority) or t.is_a(s, KG.PlannedAction)):
                    continue
                if str(t.value(s, KG.kind) or "").startswith("source"):
                    continue  # a plan appendix row stating where a priority comes from, not the priority
                seen.add(s)
                text = f"{t.value(s, SKOS.notation)} “{_short(t.label(s), 140)}”"
                c = _cited(engine, t, "link", text, [(s, p, node, g)] + label_fact(t, s))
                out += [c] if c else []
    return out[:PLAN_LINKS]


def compose(engine, q, ranked, cites) -> str | None:
    """The brief's text (None when the question is not about what sources said, or no source speaks to it)."""
    from qa.ask import render_lines, score, source_label

    if q.type_of() != "topic":
        return None
    parts = _sources(engine, q, ranked)
    if not parts:
        return None
    model = engine.model

    def scorer(retrieved, pool):
        return score(engine, q, retrieved, pool)

    blocks = []
    for part_id in parts:
        judged = [c for c in ranked if c.kind == "grade" and len(c.lines) == 1 and c.match >= 0.5
                  and engine.paragraph(c.paragraph_id).part_id == part_id]
        said = [c for c in _source_sentences(engine, q, part_id, scorer) if c.probability >= model.threshold * FLOOR]
        recommended = [c for c in said if any(engine.facts.is_a(n, KG.Recommendation)
                                              for n in engine.paragraph_nodes.get(c.paragraph_id, ()))]
        weak = recommended[:2] + [c for c in said if weakness(c.text) and c not in recommended]
        strong = [c for c in said if not weakness(c.text)]
        weak, strong = _distinct(weak)[:WEAKNESSES], _distinct(strong)[:STRENGTHS]
        if not (judged or weak or strong):
            continue
        lines = [f"{source_label(engine, (judged or weak or strong)[0].paragraph_id)}:"]
        if judged:
            lines.append("Judgement: " + " ".join(render_lines(cites, judged[0])))
        if weak:
            lines.append("To improve: " + " ".join(x for c in weak for x in render_lines(cites, c)))
        if strong:
            lines.append("Strengths: " + " ".join(x for c in strong for x in render_lines(cites, c)))
        plan = _plan_links(engine, [c.paragraph_id for c in weak])
        if plan:
            lines.append("The plan: " + "; ".join(x for c in plan for x in render_lines(cites, c)))
        blocks.append("\n".join(lines))
    if not blocks:
        return None
    n = len(blocks)
    return f"{n} source{'s' if n > 1 else ''} found, oldest first.\n" + "\n".join(blocks)


def _distinct(items: list[Candidate]) -> list[Candidate]:
    out, keys = [], []
    for c in items:
        if not any(c.key in k or k in c.key for k in keys):
            keys.append(c.key)
            out.append(c)
    return out

