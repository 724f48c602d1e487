"""Topic briefs: what each inspection said about a topic, newest last, every line cited.

For "what did Ofsted say about TOPIC" (the answer-type classifier's ``topic``, or nearly): per source —
each inspection report, the part stating an inspection's judgement, or a part the plain answer quotes —
the graded judgement for the area when the graph has one, then the plain answer's own sentences from it
(a brief never drops the answer to the question asked), then the source's points on the topic that need
to improve ("What needs to improve" items first) and its strongest strengths, then what the plan does
about them (the priorities and actions linked to those paragraphs). Sentences are chosen by the same
fitted ranker as any answer; which are strengths and which weaknesses is read by ``qa.polarity``.
"""
from __future__ import annotations

import re

from rdflib import URIRef
from rdflib.namespace import SKOS

from embed.hybrid import Filters
from ontology import vocab
from ontology.namespace import KG
from qa.candidates import Candidate, Retrieved, distinct, sentences
from qa.graphfacts import AREA_LABEL, _cited, _short, label_fact, recommendation_rows
from qa import polarity
from qa.features import naming_a_source, topic_concepts
from qa.ranker import margin, score
from qa.render import render_lines, render_once, source_label

MAX_SOURCES = 4
STRENGTHS = 2
WEAKNESSES = 3
PLAN_LINKS = 2
SOURCE_DEPTH = 10        # paragraphs searched inside each source
MIN_WORDS = 6            # a finding is a sentence, not a cell ("Not applicable.")
# A part is a source of the brief when one of its sentences has this probability of answering the question. Absolute,
# not a share of the answer threshold: the threshold sits on a flat stretch of the out-of-fold curve and moves by a
# third between refits (0.11–0.22), and which sources a brief names should not move with it.
FLOOR = 0.08
# A brief is given when the topic reading is at least this share of the question's likeliest answer type: it holds
# the judgement and the plain answer too, so a question torn between "what did they say" and "what grade"
# ("What did the … inspection conclude?") gets both. 0.6, not 0.8, since the answer types were fitted with four more
# Ofsted packs (2026-12-03 09:28): "What did the Westshire local area SEND inspection conclude?" reads topic at 0.64 of
# grade; of 2,659 labelled questions 22 more get a brief at 0.6, none of them asking for a grade (weaknesses, what
# Ofsted said, services, comparisons, a recommendation, a date, five near-misses)
TOPIC_SHARE = 0.6
ON_TOPIC = 0.5           # share of the question's topic (idf weight) a sentence must hold to join a brief
_LINKS = (KG.arisesFrom, KG.addresses)  # how the plan's priorities and actions link to findings
# What names what is judged rather than judging: an indirect question standing alone ("Extent to which leaders …",
# "How partners work together …": a framework's criteria, as a sentence ending in "?" is) unless the graph states it
# as a recommendation (ILACS "What needs to improve" items are worded so: "How effectively children are supported
# to …"); or a grade's name of three words or more from the vocabulary ("inconsistent experiences and outcomes",
# "requires improvement to be good": a judgement restated, or a scale's steps listed) — the judgement has its own line
_INDIRECT_QUESTION = re.compile(r"^\W*(?:(?:the )?extent to which|how|whether)\b", re.I)
_LONG_GRADE_NAMES = sorted({name for g in vocab.GRADES.values() for name in vocab.written_names(g)
                            if len(name.split()) >= 3}, key=len, reverse=True)
_GRADE_NAMES = re.compile(r"\b(?:" + "|".join(map(re.escape, _LONG_GRADE_NAMES)) + r")\b", re.I)


def reading(engine, c: Candidate) -> str:
    """'weakness', 'strength' or 'neutral' (judges nothing: "Inspection dates: …"): an inspection report's sentence
    as the fitted model reads it, any other as the cue-word rule does (``qa.polarity.read``)."""
    fitted = engine.part_of(engine.paragraph(c.paragraph_id)).kind == "inspection_report"
    return engine.remembered("polarity", (c.text, fitted), lambda: polarity.read(c.text, fitted))


def _report_part(engine, c: Candidate) -> str:
    """The part a candidate belongs to in a brief: for a judgement, the inspection report stating the inspection's
    facts (a council's summary of the grades is not the report); otherwise its own part."""
    own = engine.paragraph(c.paragraph_id).part_id
    if c.kind not in ("grade", "summary") or not c.source:
        return own
    t = engine.facts
    for _, _, g in t.out.get(URIRef(c.source), ()):
        where = engine.stated_at(g)  # the span its graph names (no provenance look-up: 2 ms a graph on first use)
        if where and engine.part_of(engine.paragraph(where[0])).kind == "inspection_report":
            return engine.paragraph(where[0]).part_id
    return own


def _sources(engine, q, ranked, answered, summarised: dict, floor: float) -> dict[str, list[Candidate]]:
    """Part id → its judgement candidates, for the parts to brief on: the parts the answer quotes (``answered``),
    the reports of the inspections it summarises (``summarised``, inspection → its report's part: their overall
    judgements are theirs), inspection reports among the confident candidates and the reports of the inspections
    whose judged area the question names or whose judgement is within the answer's margin (``floor``: the ranker's
    best may be a judgement while the summary of its inspection falls below, "What did Ofsted conclude about Greyford
    in 2019?" at 0.49 and 0.30); oldest first, the answer's parts always among them."""
    found: dict[str, list] = {engine.paragraph(c.paragraph_id).part_id: [] for c in answered}
    found.update((part_id, []) for part_id in summarised.values())
    for c in ranked:
        if c.kind == "grade" and len(c.lines) == 1 and (c.match >= AREA_LABEL or c.source in summarised
                                                         or c.probability >= floor):
            found.setdefault(_report_part(engine, c), []).append(c)
        elif c.probability >= FLOOR and engine.part_of(engine.paragraph(c.paragraph_id)).kind == "inspection_report":
            found.setdefault(engine.paragraph(c.paragraph_id).part_id, [])
    if q.periods and not q.comparison:  # "the 2021 inspection": only reports of the period named
        found = {pid: cs for pid, cs in found.items() if q.in_period(*engine.part_dates(engine.parts[pid]))}
    # "What did Ofsted say …": the kinds of source the question names (the reports, not a committee's minutes on the
    # topic), when any of them speaks; as retrieval searches inside them (``qa.candidates.retrieve``)
    named = set(engine.kinds_named(q.text))
    if any(engine.parts[pid].kind in named for pid in found):
        found = {pid: cs for pid, cs in found.items() if engine.parts[pid].kind in named}
    quoted = {engine.paragraph(c.paragraph_id).part_id for c in answered} | set(summarised.values())
    newest = sorted(found, key=lambda pid: engine.parts[pid].date or "", reverse=True)
    keep = set(sorted(newest, key=lambda pid: pid not in quoted)[:MAX_SOURCES])
    order = [pid for pid in reversed(newest) if pid in keep]
    return {pid: sorted(found[pid], key=lambda c: -c.match) for pid in order}


def _source_sentences(engine, q, part_id: str) -> list[Candidate]:
    """The source's best sentences for the question, scored by the ranker."""
    part = engine.parts[part_id]
    filters = Filters(document_ids=(part.document_id,), part_kinds=(part.kind,), date_from=part.date or None,
                      date_to=part.date or None)
    query = " ".join((q.text,) + q.expansions)
    # by the question's own vector, as the pool's searches are (the fit's held-out asks, whose pools were kept from the
    # features stage, once found another question's vector left for this query)
    hits = [h for h in engine.search(query, q.text, SOURCE_DEPTH, filters)
            if engine.paragraph(h.paragraph_id).part_id == part_id]
    retrieved = [Retrieved(h.paragraph_id, h.rank, h.dense_score, h.bm25_score or 0.0, 1) for h in hits]
    return score(engine, q, retrieved, sentences(engine, retrieved, limit=SOURCE_DEPTH))


def _topical(engine, q, part_id: str) -> bool:
    """The question names a topic the source speaks of: a word beyond those naming the source itself (its kind,
    title, publisher, the authority, a date) that the source's paragraphs hold."""
    part = engine.parts[part_id]
    naming = naming_a_source(engine) | set(engine.label_tokens(part.title or ""))
    topic = {t for t in engine.tokens(q.text) if not t.isdigit() and t not in naming and t not in q.names}
    held = set().union(*(engine.paragraph_tokens(p.id) for p in engine.docs[part.document_id].paragraphs
                         if p.part_id == part_id))
    return bool(topic & held)


def _all_sentences(engine, part_id: str) -> list[Candidate]:
    part = engine.parts[part_id]
    ids = [p.id for p in engine.docs[part.document_id].paragraphs if p.part_id == part_id]
    return sentences(engine, [Retrieved(pid, 0, None, 0.0, 0) for pid in ids], limit=len(ids))


def _on_topic(engine, c: Candidate, concepts: set[str]) -> bool:
    """The sentence itself holds most of the question's topic (``ON_TOPIC`` of its words' idf weight, the ranker's
    feature) or one of its topic's thesaurus concepts (``topic_concepts``): in a source's best paragraphs for the
    question, ordered by the ranker, that is what a brief reports ("multi-agency dataset" is not the multi-agency
    safeguarding hub; "MASH" is). Not a floor on the probability of answering: for a broad question every sentence's
    is low, and it moved between refits."""
    return c.features.get("topic_text", 0.0) >= ON_TOPIC or bool(engine.text_concepts(c.text) & concepts)


def _a_finding(engine, c: Candidate) -> bool:
    """A sentence a brief may give as a strength or a weakness: not a heading, a question, the restatement of a
    graded judgement (which has its own line), a grade scale's step or a framework's criterion (``_GRADE_NAMES``,
    ``_INDIRECT_QUESTION``), a short cell, or a sentence that judges nothing."""
    p = engine.paragraph(c.paragraph_id)
    stated = engine.paragraph_classes(p.id)
    return (p.kind != "heading" and not c.text.rstrip().endswith("?") and "Judgement" not in stated
            and not _GRADE_NAMES.search(c.text)
            and (not _INDIRECT_QUESTION.match(c.text) or "Recommendation" in stated)
            and len(c.text.split()) >= MIN_WORDS
            and (reading(engine, c) != "neutral" or "Recommendation" in stated))


def _shows_nothing_new(engine, c: Candidate, shown: tuple[str, ...]) -> bool:
    """Whether every word of a sentence is in ``shown`` (the question, the judgement line) or its source's label, a
    form row's label cell aside: a cover sheet's "Subject: | Bury Local Area SEND Inspection Report" under the
    judgement on that inspection repeats what the brief already says, so it is no "Most relevant" line (issue 13: the
    2024 SEND brief quoted it)."""
    p = engine.paragraph(c.paragraph_id)
    text = c.text
    if p.kind == "table_row" and len(p.cells) > 1:
        label = engine.document_of(p).text[p.cells[0].start:p.cells[0].end]
        text = text.replace(label, " ", 1)
    words = set(engine.tokens(text))
    known = set().union(*(engine.tokens(t) for t in shown), engine.tokens(source_label(engine, p.id)))
    return bool(words) and words <= known


def _restates_a_grade(engine, c: Candidate) -> bool:
    """A sentence a judgement line makes redundant: its paragraph states the judgement, or it names a grade's step."""
    return "Judgement" in engine.paragraph_classes(c.paragraph_id) or bool(_GRADE_NAMES.search(c.text))


def _plan_links(engine, paragraph_ids) -> list[Candidate]:
    """Priorities and actions the plan links to the findings or recommendations stated in these paragraphs."""
    t, out, seen = engine.facts, [], set()
    for pid in paragraph_ids:
        for node in engine.paragraph_nodes.get(pid, ()):
            for s, p, g in t.incoming_of(node, _LINKS):
                if s in seen or not (t.is_a(s, KG.Priority) or t.is_a(s, KG.PlannedAction)):
                    continue
                if str(t.value(s, KG.kind) or "").startswith("source"):
                    continue  # a plan appendix row stating where a priority comes from, not the priority
                seen.add(s)
                text = f"{t.value(s, SKOS.notation)} “{_short(t.label(s), 140)}”"
                c = _cited(engine, "link", text, [(s, p, node, g)] + label_fact(t, s))
                out += [c] if c else []
    return out[:PLAN_LINKS]


def compose(engine, q, ranked, cites, chosen) -> str | None:
    """The brief's text (None when the question is not about what sources said, or no source speaks to it)."""
    if not q.types or q.types.get("topic", 0.0) < TOPIC_SHARE * max(q.types.values()):
        return None
    # the ranker's best is a graph statement other than a judgement (a list of what a report says needs to improve, a
    # plan's name, a lead, a due date): it answers, and a brief of the sources' sentences would drop it ("What name will
    # Bury's … improvement plan go by?", read as a topic, briefed on the 2016 report's strengths)
    if ranked[0].kind not in ("sentence", "grade", "summary"):
        return None
    # the plain answer's sentences (the ranker's best) join their sources' blocks, and their parts are sources
    answered = [c for c in chosen if c.kind == "sentence"]
    # the inspections summarised within the answer's margin (a summary repeats its overall judgement's statement, so
    # ``choose`` drops it under that statement)
    floor = margin(ranked, engine.model)
    summarised = {c.source: _report_part(engine, c) for c in ranked if c.kind == "summary" and c.probability >= floor}
    parts = _sources(engine, q, ranked, answered, summarised, floor)
    if not parts:
        return None

    blocks, concepts = [], topic_concepts(engine, q)
    # the question names no topic (a thesaurus concept) nor judged area, and the ranker's best is an inspection's
    # summary, a judgement not of a named area, or a sentence: it is about the inspection as a whole ("What weaknesses
    # did Ofsted find in 2021?"), so a report is briefed whole, not on the words beside its name ("find") — the best's
    # own report, or, when a sentence leads (a council's "The findings were hard-hitting …" for "What did the 2021
    # Ofsted inspection find?"), each report summarised within the margin
    top = ranked[0]
    named_area = any(c.kind == "grade" and c.match >= AREA_LABEL for c in ranked)
    about_the_whole = not concepts and not named_area and (top.kind == "summary" or top.match < AREA_LABEL)
    whole = set()
    if about_the_whole:
        whole = {summarised[top.source]} if top.source in summarised else set(summarised.values())
    for part_id, judged in parts.items():
        if _topical(engine, q, part_id) and part_id not in whole:
            said = [c for c in _source_sentences(engine, q, part_id)
                    if _on_topic(engine, c, concepts) and _a_finding(engine, c)]
        else:  # the question names the source only ("what did the inspection conclude"): its findings in its order
            said = [c for c in _all_sentences(engine, part_id) if _a_finding(engine, c)]
        recommended = [c for c in said if any(engine.facts.is_a(n, KG.Recommendation)
                                              for n in engine.paragraph_nodes.get(c.paragraph_id, ()))]
        # the plain answer's sentences from this source lead: an evaluative one heads the weaknesses or strengths it
        # states, any other is the "Most relevant" line; under a judgement line, none that restates a judgement or
        # names a grade's step ("2) … inconsistent experiences and outcomes …" listed in a report's scope of the
        # inspection): the judgement line gives the outcome
        answer = distinct([c for c in answered if engine.paragraph(c.paragraph_id).part_id == part_id
                           and engine.paragraph(c.paragraph_id).kind != "heading"
                           and not (judged and _restates_a_grade(engine, c))])
        lead = [c for c in answer if reading(engine, c) == "neutral"
                and not (judged and _shows_nothing_new(engine, c, (q.text, judged[0].text)))]
        weak = [c for c in answer if reading(engine, c) == "weakness"] + recommended[:2] + \
            [c for c in said if reading(engine, c) == "weakness" and c not in recommended]
        strong = [c for c in answer if reading(engine, c) == "strength"] + \
            [c for c in said if reading(engine, c) != "weakness" and c not in recommended]
        weak = distinct(lead + weak)[len(lead):]
        # a recommendation is listed to improve even when its wording praises ("The timely recognition of risk …"):
        # never under strengths as well
        strong = distinct(lead + weak + strong)[len(lead) + len(weak):]
        weak, strong = weak[:WEAKNESSES], strong[:STRENGTHS]
        if judged and (part_id in whole or not _topical(engine, q, part_id)) and not recommended:
            # the question is about the whole inspection and its source restates the judgement without what the
            # inspection says needs to improve (a cabinet report on the area SEND inspection: its "weaknesses" were
            # the report's context, "monitoring visits will take place"): the inspection's own recommendations, each
            # cited where the graph states it (the priority actions restated in the SEND plan)
            weak = _stated_recommendations(engine, judged[0].source)[:WEAKNESSES] or weak
        if not (judged or lead or weak or strong):
            continue
        shown: set = set()  # sentences already given in this block
        # the source is named by the report's own sentences; a judgement may be cited from a later summary of it
        block = lead + weak + strong + judged
        named_by = next((c for c in block if engine.paragraph(c.paragraph_id).part_id == part_id), block[0])
        lines = [f"{source_label(engine, named_by.paragraph_id)}:"]
        if judged:
            lines.append("Judgement: " + " ".join(render_lines(cites, judged[0])))
        for heading, given in (("Most relevant", lead), ("To improve", weak), ("Strengths", strong)):
            if given:
                pieces = [piece for c in given for piece in (_read_back(engine, [c]) if c.kind == "sentence" else [c])]
                lines.append(f"{heading}: " + " ".join(render_once(cites, pieces, shown)))
        # a priority restating an item listed to improve (the SEND plan's PA1 is the inspection's first priority
        # action) is not listed again
        listed = {span for c in weak for _, spans in c.lines for span in spans}
        plan = [c for c in _plan_links(engine, [c.paragraph_id for c in weak])
                if not {span for _, spans in c.lines for span in spans} & listed]
        if plan:
            lines.append("The plan: " + "; ".join(x for c in plan for x in render_lines(cites, c)))
        blocks.append("\n".join(lines))
    if not blocks:
        return None
    n = len(blocks)
    return f"{n} source{'s' if n > 1 else ''} found, oldest first.\n" + "\n".join(blocks)


def _stated_recommendations(engine, inspection: str | None) -> list[Candidate]:
    """The inspection's recommendations (priority actions, areas for improvement) in the report's order, each a
    statement citing the span that states it."""
    if not inspection:
        return []
    rows = recommendation_rows(engine.facts, URIRef(inspection))
    said = (_cited(engine, "improve", text, [fact]) for text, fact in rows)
    return [c for c in said if c]


def _read_back(engine, said: list[Candidate]) -> list[Candidate]:
    """Each sentence after the one its opening pronoun points back to (``qa.continuation.preceding``: "This has an
    impact on …" is read with what "this" is)."""
    from qa.continuation import preceding

    return [piece for c in said for piece in preceding(engine, c) + [c]]
