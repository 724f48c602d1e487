"""Graph answers for structured questions: who chairs, who leads, which grade, by when, which priority.

Each answer is a sentence built from graph facts and cited with the provenance span of the
triples it used. Matching a question to a body, an action or a judgement area is by shared
weighted words (and exact notations like "1.10" or "6.1a"), never by a question's wording.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib.namespace import DCTERMS, RDFS, SKOS

from ontology import vocab
from ontology.namespace import KG, ORG, SCHEMA
from councilkg.dates import MONTH_NAMES, day_label, month_label
from qa.records import GraphFact
from qa.sentences import _MARKUP

# Words that say what kind of answer is wanted, not what it is about
QUESTION_WORDS = frozenset("""who whom which what when how grade graded judged judgement judgment rating rated
chair chairs chaired chairing lead leads led leader responsible due deadline date will be by is was the of
priority action improvement plan inspection ofsted get got did change changed between council
decide decided decision agree agreed resolve resolved about meeting view theme themes address addresses deal deals cover covers
respond responds number officer verdict reach reached receive received give gave given well find finding findings
""".split()) | {m.lower() for m in MONTH_NAMES}
MIN_MATCH = 0.5
_OVERALL = re.compile(r"\boverall\b", re.I)


def _stemmed(words: frozenset) -> frozenset:
    """The words as the index tokenizer writes them (it strips light suffixes), plus the words themselves."""
    from embed.keyword import tokenize

    return words | frozenset(tokenize(" ".join(words)))


QUESTION_WORDS = _stemmed(QUESTION_WORDS)


@dataclass
class GraphAnswer:
    """Statements, each with the (subject, predicate, object, graph) facts that support it."""

    statements: list[tuple[str, list[tuple]]] = field(default_factory=list)
    tables: object = None

    def within(self, engine, filters) -> "GraphAnswer | None":
        """Only the statements whose cited spans pass the search filters (a named council, part kind or
        period); None when none do."""
        if filters.is_empty():
            return self
        kept = []
        for text, facts in self.statements:
            spans = [self.tables.provenance(g) for _, _, _, g in facts if g is not None]
            where = [engine.paragraph_at(prov.document_id, prov.start, prov.end) for prov in spans if prov]
            if any(w and engine.admits(filters, w[0]) for w in where):
                kept.append((text, facts))
        return GraphAnswer(kept, self.tables) if kept else None

    def render(self, cites) -> tuple[str, list[GraphFact]]:
        lines, used, said = [], [], set()
        for text, facts in self.statements:
            if text in said:
                continue
            said.add(text)
            marks = []
            for s, p, o, g in facts:
                prov = self.tables.provenance(g) if g is not None else None
                where = prov and cites.engine.paragraph_at(prov.document_id, prov.start, prov.end)
                if where:
                    n = cites.add(*where)
                    if f"[{n}]" not in marks:
                        marks.append(f"[{n}]")
                used.append(GraphFact(str(s), str(p), str(o), str(g)))
            lines.append(f"{strip_markup(text)} {' '.join(marks)}".rstrip())
        return "\n".join(lines), used


def strip_markup(text: str) -> str:
    """Graph labels come from documents: never pass a tag or entity from them into an answer."""
    return " ".join(_MARKUP.sub(" ", text).split())


_month = month_label  # 2025-10-15 → October 2025
_day = day_label  # 2025-10-15 → 15 October 2025


def _topic_weights(engine, text: str) -> dict[str, float]:
    return {t: engine.idf.get(t, engine.unseen_idf) for t in dict.fromkeys(engine.tokenize(text))
            if t not in QUESTION_WORDS and t not in engine.publisher_words and not t.isdigit()}


def match(engine, question_weights: dict[str, float], label: str, asked: set | None = None) -> float:
    """How well ``label`` names what the question is about: the mean of the share of the question's
    topic weight found in the label and the share of the label's weight found in the question."""
    label_tokens = set(engine.tokenize(label))
    if not label_tokens or not question_weights:
        return 0.0
    q_total = sum(question_weights.values())
    q_cov = sum(w for t, w in question_weights.items() if _shares_stem(t, label_tokens)) / q_total
    # every word of the label counts: "Improvement Board" is not named by "board" alone
    label_weights = {t: engine.idf.get(t, engine.unseen_idf) for t in label_tokens}
    l_total = sum(label_weights.values()) or 1.0
    # a name's own words count wherever the question holds them ("Improvement Board": "improvement" too)
    said = set(question_weights) | (asked or set())
    l_cov = sum(w for t, w in label_weights.items() if _shares_stem(t, said)) / l_total
    return (q_cov + l_cov) / 2


def _shares_stem(token: str, others) -> bool:
    """The token, or a word differing from it only by a short ending ("leav" of leaving, "leaver")."""
    if token in others:
        return True
    return len(token) >= 4 and any(len(o) >= 4 and abs(len(o) - len(token)) <= 2 and (o.startswith(token) or token.startswith(o))
                                   for o in others)


def _in_years(date, analysis) -> bool:
    if not analysis.years or analysis.comparison:
        return True
    return bool(date) and any(str(date).startswith(str(y)) for y in analysis.years) or (
        analysis.date_from and analysis.date_from <= str(date)[:10] <= analysis.date_to)


def _best(candidates: list[tuple[float, object]], margin: float = 0.02, min_match: float = MIN_MATCH) -> list:
    candidates = [c for c in candidates if c[0] >= min_match]
    if not candidates:
        return []
    candidates.sort(key=lambda c: -c[0])
    top = candidates[0][0]
    return [c[1] for c in candidates if c[0] >= top - margin]


# Intents ------------------------------------------------------------------------------------

def _chairs(engine, t, analysis, weights) -> GraphAnswer | None:
    asked = set(engine.tokenize(analysis.text))
    bodies = []
    for body in set(t.by_type.get(KG.Body, [])) | set(t.by_type.get(ORG.Organization, [])):
        labels = {str(o) for p in (SKOS.prefLabel, SKOS.altLabel, SCHEMA.name) for o, _ in t.values(body, p)}
        if labels:
            bodies.append((max(match(engine, weights, lab, asked) for lab in labels), body))
    answer = GraphAnswer(tables=t)
    ranked = sorted((c for c in bodies if c[0] >= 0.4), key=lambda c: -c[0])
    for score, body in ranked:
        if answer.statements or score < ranked[0][0] - 0.25:
            break  # the best-named body that has a chair on record answers
        found = []
        for holding, _ in t.subjects(ORG.organization, body):
            if t.value(holding, ORG.role) != KG.ChairRole:
                continue
            person = t.value(holding, ORG.member)
            when = t.value(holding, KG.observedOn)
            if person is None or not _in_years(when, analysis):
                continue
            facts = [(holding, ORG.member, person, t.graph_of(holding, ORG.member, person)),
                     (holding, ORG.role, KG.ChairRole, t.graph_of(holding, ORG.role, KG.ChairRole))]
            found.append((str(when or ""), person, facts))
        for meeting, _ in t.subjects(SCHEMA.organizer, body):
            date = t.value(meeting, SCHEMA.startDate)
            for person, g in t.values(meeting, KG.chair):
                if _in_years(date, analysis):
                    found.append((str(date or ""), person, [(meeting, KG.chair, person, g)]))
        by_person: dict = {}
        for when, person, facts in sorted(found, key=lambda f: f[0]):
            entry = by_person.setdefault(person, [when, when, []])
            entry[1] = when or entry[1]
            entry[2].extend(facts)
        for person, (first, last, facts) in sorted(by_person.items(), key=lambda kv: kv[1][1]):
            when = f" (stated {first})" if first and first == last else f" ({first} to {last})" if first else ""
            answer.statements.append((f"{t.label(person)} chairs the {t.label(body)}{when}.", facts[:3]))
    return answer if answer.statements else None


def _items_by_notation(t, analysis):
    found = []
    codes = set(analysis.notations) | {f"PA{n}" for n in analysis.priority_actions} | {
        f"AFI{n}" for n in analysis.areas_for_improvement}
    if not codes:
        return found
    for cls in (KG.Priority, KG.PlannedAction, KG.Theme):
        for node in t.by_type.get(cls, []):
            notation = t.value(node, SKOS.notation)
            if notation is not None and str(notation) in codes:
                found.append(node)
    return found


def _items_by_words(engine, t, weights, predicate):
    scored = []
    for cls in (KG.Priority, KG.PlannedAction):
        for node in t.by_type.get(cls, []):
            if t.value(node, predicate) is None:
                continue
            label = t.label(node)
            scored.append((max(match(engine, weights, label), _rare_share(engine, weights, label)), node))
    return _best(scored)[:3]


def _rare_share(engine, weights: dict[str, float], label: str) -> float:
    """The question's rarest topic word names the item: the share of weight it carries, if the label has it."""
    if not weights:
        return 0.0
    rarest = max(weights, key=weights.get)
    if rarest not in set(engine.tokenize(label)):
        return 0.0
    return min(1.0, 2 * weights[rarest] / sum(weights.values()))


def _person_with_post(t, person) -> tuple[str, list]:
    post, g = t.post_of(person)
    name = t.label(person)
    return (f"{name} ({post})" if post else name), ([(person, KG.post, post, g)] if post and g else [])


def _leads(engine, t, analysis, weights) -> GraphAnswer | None:
    items = _items_by_notation(t, analysis) or _items_by_words(engine, t, weights, KG.leadOfficer)
    answer = GraphAnswer(tables=t)
    for node in items[:3]:
        leads = t.values(node, KG.leadOfficer)
        if not leads:
            continue
        names, facts = [], []
        for person, g in leads:
            name, extra = _person_with_post(t, person)
            names.append(name)
            facts.append((node, KG.leadOfficer, person, g))
            facts.extend(extra)
        notation = t.value(node, SKOS.notation)
        answer.statements.append((f"{notation} “{_short(t.label(node))}” is led by {', '.join(names)}.", facts))
    return answer if answer.statements else None


def _dues(engine, t, analysis, weights) -> GraphAnswer | None:
    items = _items_by_notation(t, analysis) or _items_by_words(engine, t, weights, KG.dueDate)
    answer = GraphAnswer(tables=t)
    for node in items[:3]:
        due = t.values(node, KG.dueDate)
        if not due:
            continue
        date, g = due[0]
        notation = t.value(node, SKOS.notation)
        answer.statements.append((f"Action {notation} “{_short(t.label(node))}” is due by {_month(date)} ({date}).",
                                  _label_fact(t, node) + [(node, KG.dueDate, date, g)]))
    return answer if answer.statements else None


def _grade_name(grade) -> str:
    term = vocab.GRADE_BY_IRI.get(grade)
    return term.label if term else str(grade).rsplit("#", 1)[-1]


def _grades(engine, t, analysis, weights) -> GraphAnswer | None:
    rows = []
    for j in t.by_type.get(KG.Judgement, []):
        area = t.value(j, KG.area)
        grade = t.values(j, KG.grade)
        inspection = t.value(j, KG.inspection)
        if area is None or not grade or inspection is None:
            continue
        start = t.value(inspection, SCHEMA.startDate)
        if _in_years(start, analysis):  # only the judgements of the inspections in the period named
            rows.append((j, str(area), grade[0], inspection, str(start or "")))
    scored = [(match(engine, weights, area), area) for _, area, _, _, _ in rows]
    areas = set(_best(scored, margin=0.0))
    if not areas and (not weights or _OVERALL.search(analysis.text)):
        # the overall judgement: the area called overall, or an inspection's only judgement
        per_inspection: dict = {}
        for _, area, _, inspection, _ in rows:
            per_inspection.setdefault(inspection, set()).add(area)
        for found in per_inspection.values():
            overall = {a for a in found if a.lower().startswith("overall")}
            areas |= overall or (found if len(found) == 1 else set())
    answer = GraphAnswer(tables=t)
    for j, area, (grade, g), inspection, start in sorted(rows, key=lambda r: r[4]):
        if area not in areas or not _in_years(start, analysis):
            continue
        graphs = list(dict.fromkeys(gg for p, o, gg in t.out.get(j, ()) if p == KG.grade and o == grade))[:3]
        answer.statements.append((f"{t.label(inspection)}, inspected {_month(start) if start else 'date unknown'}: "
                                  f"“{area}” — {_grade_name(grade)}.", [(j, KG.grade, grade, gg) for gg in graphs]))
    return answer if answer.statements else None


def _priorities(engine, t, analysis, weights) -> GraphAnswer | None:
    answer = GraphAnswer(tables=t)
    # A finding named by its paragraph number: the priorities that arise from it
    if analysis.paragraphs:
        for finding in t.by_type.get(KG.Finding, []):
            number = t.value(finding, KG.paragraphNumber)
            inspection = t.value(finding, KG.inspection)
            start = t.value(inspection, SCHEMA.startDate) if inspection is not None else None
            if number is None or int(str(number)) not in analysis.paragraphs or not _in_years(start, analysis):
                continue
            for priority, g in t.subjects(KG.arisesFrom, finding):
                answer.statements.append((
                    f"Priority {t.value(priority, SKOS.notation)} “{_short(t.label(priority))}” addresses "
                    f"{t.label(inspection)} paragraph {number}.", [(priority, KG.arisesFrom, finding, g)]))
        return answer if answer.statements else None
    scored = []
    for node in t.by_type.get(KG.Priority, []):
        label = t.label(node)
        scored.append((max(match(engine, weights, label), _rare_share(engine, weights, label)), node))
    for node in _best(scored)[:3]:
        notation = t.value(node, SKOS.notation)
        g = t.graph_of(node, SKOS.notation, notation)
        answer.statements.append((f"Priority {notation}: {t.label(node)}.", [(node, SKOS.notation, notation, g)]))
    return answer if answer.statements else None


def _topic_scores(engine, t, cls, text_predicate, weights, keep) -> list | None:
    """(share of the question's topic weight a node's text holds, node) for the nodes of ``cls`` that
    ``keep`` admits; None when the question has no topic words to weigh."""
    total = sum(weights.values())
    if not total:
        return None
    scored = []
    for node in t.by_type.get(cls, []):
        text = t.value(node, text_predicate)
        if text is None or not keep(node):
            continue
        tokens = set(engine.tokenize(str(text)))
        scored.append((sum(w for tk, w in weights.items() if tk in tokens) / total, node))
    return scored


def _recommendations(engine, t, analysis, weights) -> GraphAnswer | None:
    """What an inspection recommended about a topic: the recommendations whose text holds the topic words."""
    def started(node):
        inspection = t.value(node, KG.inspection)
        return t.value(inspection, SCHEMA.startDate) if inspection is not None else None

    scored = _topic_scores(engine, t, KG.Recommendation, KG.text, weights,
                           keep=lambda node: _in_years(started(node), analysis))
    return _quote_best(t, scored, KG.text, lambda node: f"{t.label(t.value(node, KG.inspection))} recommended")


def _decisions(engine, t, analysis, weights) -> GraphAnswer | None:
    """What a body decided about a topic: the recorded decisions whose words cover the question's topic."""
    weights = dict(weights)
    for tk in engine.tokenize(analysis.text):
        if tk.isdigit():
            weights.setdefault(tk, engine.idf.get(tk, engine.unseen_idf))
    def held(node):
        meeting = t.value(node, KG.meeting)
        return t.value(meeting, SCHEMA.startDate) if meeting is not None else None

    def decided(node) -> str:
        meeting = t.value(node, KG.meeting)
        return f"{t.label(meeting) if meeting is not None else 'A meeting'} decided"

    scored = _topic_scores(engine, t, KG.Decision, KG.statement, weights,
                           keep=lambda node: _in_period(held(node), analysis))
    return _quote_best(t, scored, KG.statement, decided)


def _quote_best(t, scored: list | None, text_predicate, lead) -> GraphAnswer | None:
    """The (at most two) best-matching items, each quoted in full after its ``lead`` ("ILACS 2021 recommended")."""
    if scored is None:
        return None
    answer = GraphAnswer(tables=t)
    for node in _best(scored, margin=0.0)[:2]:
        text = t.value(node, text_predicate)
        answer.statements.append((f"{lead(node)}: {' '.join(str(text).split())}",
                                  [(node, text_predicate, text, t.graph_of(node, text_predicate, text))]))
    return answer if answer.statements else None


def _in_period(date, analysis) -> bool:
    """A holding observed in the period the question names (any, if it names none)."""
    if not analysis.date_from:
        return True
    return bool(date) and analysis.date_from <= str(date)[:10] <= analysis.date_to


def _post_holders(engine, t, analysis, weights) -> GraphAnswer | None:
    scored = [(match(engine, weights, t.label(post)), post) for post in t.by_type.get(ORG.Post, [])]
    answer = GraphAnswer(tables=t)
    for post in _best(scored, margin=0.0)[:2]:
        holders = []
        for holding, g in t.subjects(KG.post, post):
            person = t.value(holding, ORG.member)
            when = t.value(holding, KG.observedOn)
            if person is not None and _in_period(when, analysis):
                holders.append((str(when or ""), person, [(holding, ORG.member, person, t.graph_of(holding, ORG.member, person)),
                                                          (holding, KG.post, post, g)]))
        for when, person, facts in sorted(holders, key=lambda h: h[0])[-3:]:
            stated = f" (stated {when})" if when else ""
            answer.statements.append((f"{t.label(person)}: {t.label(post)}{stated}.", facts))
    return answer if answer.statements else None


_ATTENDANCE = ((re.compile(r"\bapolog|\babsent\b|\baway\b|\bmissing\b|\b(?:not|n't) attend", re.I), KG.apologies, "Apologies"),
               (re.compile(r"\bin attendance\b|\bofficers?\b", re.I), KG.inAttendance, "In attendance"),
               (re.compile(r""), KG.present, "Present"))


def _attendance(engine, t, analysis, weights) -> GraphAnswer | None:
    """Who sent apologies, was present or was in attendance at the meeting the question names (by its body
    and date; the latest such meeting when it names no date)."""
    predicate, heading = next((p, h) for rx, p, h in _ATTENDANCE if rx.search(analysis.text))
    asked = set(engine.tokenize(analysis.text))
    meetings = []
    for meeting in t.by_type.get(KG.Meeting, []):
        date = str(t.value(meeting, SCHEMA.startDate) or "")
        if not _in_period(date, analysis) or not in_scope(engine, t, analysis, meeting):
            continue
        body = t.value(meeting, SCHEMA.organizer)
        meetings.append((match(engine, weights, t.label(body), asked) if body is not None else 0.0, date, meeting))
    if not meetings:
        return None
    best = max(score for score, _, _ in meetings)
    if best < MIN_MATCH and len(meetings) > 1:
        return None
    _, date, meeting = max(m for m in meetings if m[0] >= best - 0.02)
    people = t.values(meeting, predicate)
    if not people:
        return None
    body = t.value(meeting, SCHEMA.organizer)
    names = "; ".join(t.label(person) for person, _ in people)
    facts = [(meeting, predicate, person, g) for person, g in people]
    where = f"the {t.label(body)} meeting of {_day(date)}" if body is not None else f"the meeting of {_day(date)}"
    return GraphAnswer([(f"{heading} at {where}: {names}.", facts)], t)


_INSPECTION = re.compile(r"\binspect\w*|\b(?:monitoring|focused) visit\b", re.I)
_INSPECTION_REPORT = re.compile(r"\binspect\w*|\bvisit\b|\b(?:ofsted|cqc)\b.*\breport\b", re.I)
_AHEAD = re.compile(r"\b(?:will|next|expected|due|planned)\b", re.I)  # a coming inspection: not one on record
_LEAD_INSPECTOR = re.compile(r"\blead inspector\b|\b(?:who|which inspector)\b.*\b(?:led|leads|leading|in charge of)\b", re.I)
# Framework words a question may use → the kg:framework values they pick out
_FRAMEWORKS = tuple((re.compile(pattern, re.I), vocab.FRAMEWORKS[key].notation) for pattern, key in (
    (r"\bsend\b", "area-send"), (r"\bmonitoring\b", "monitoring-visit"), (r"\bfocused\b", "focused-visit"),
    (r"\bpeer review\b", "peer-review"), (r"\bilacs\b", "ilacs"), (r"\bsif\b|single inspection", "sif")))
_PUBLISHED = re.compile(r"\bpublish\w*|\bpublication\b|\breport (?:was )?issued\b|\bmade public\b|\breleased\b", re.I)
MAX_INSPECTIONS = 4
QUOTE_LIMIT = 160  # a fact's own words are quoted beside it when they are this short


def _inspections(engine, t, analysis, needs) -> list:
    """The inspections the question can mean, oldest first: in the named council's papers and years, of the
    framework it names, and holding the fact ``needs`` (a predicate)."""
    named = {value for pattern, value in _FRAMEWORKS if pattern.search(analysis.text)}
    out = []
    for node in t.by_type.get(KG.Inspection, []):
        start = str(t.value(node, SCHEMA.startDate) or "")
        if t.value(node, needs) is None or not in_scope(engine, t, analysis, node):
            continue
        if named and str(t.value(node, KG.framework) or "") not in named:
            continue
        end = str(t.value(node, SCHEMA.endDate) or start)
        if not (_in_years(start, analysis) or _in_years(end, analysis)):
            continue
        out.append((start, node))
    return [node for _, node in sorted(out, key=lambda x: x[0])]


def _inspection_dates(engine, t, analysis, weights) -> GraphAnswer | None:
    """When an inspection took place: its on-site dates, as the report's "Inspection dates" line states them."""
    if _AHEAD.search(analysis.text):
        return None
    answer = GraphAnswer(tables=t)
    if _PUBLISHED.search(analysis.text) and _INSPECTION_REPORT.search(analysis.text):
        for node in _inspections(engine, t, analysis, DCTERMS.issued)[-MAX_INSPECTIONS:]:
            issued = t.value(node, DCTERMS.issued)
            g = t.graph_of(node, DCTERMS.issued, issued)
            answer.statements.append((f"{t.label(node)}: report published {_day(issued)}{_in_words(engine, t, g)}.",
                                      [(node, DCTERMS.issued, issued, g)]))
        return answer if answer.statements else None
    if not _INSPECTION.search(analysis.text):
        return None
    for node in _inspections(engine, t, analysis, SCHEMA.startDate)[-MAX_INSPECTIONS:]:
        start, end = t.value(node, SCHEMA.startDate), t.value(node, SCHEMA.endDate)
        g = t.graph_of(node, SCHEMA.startDate, start)
        facts = [(node, SCHEMA.startDate, start, g)]
        when = _day(start)
        if end is not None and str(end) != str(start):
            facts.append((node, SCHEMA.endDate, end, t.graph_of(node, SCHEMA.endDate, end)))
            when = f"{_day(start)} to {_day(end)}"
        answer.statements.append((f"{t.label(node)}: inspected {when}{_in_words(engine, t, g)}.", facts))
    return answer if answer.statements else None


def _in_words(engine, t, g) -> str:
    """The source's own words for a fact, as a short quotation (the citation holds its exact offsets)."""
    prov = t.provenance(g) if g is not None else None
    doc = prov and engine.docs.get(prov.document_id)
    if not doc:
        return ""
    quote = " ".join(doc.text[prov.start:prov.end].split())
    if len(quote) > QUOTE_LIMIT or not quote:
        return ""
    return f" — “{strip_markup(quote)}”"


def _lead_inspectors(engine, t, analysis, weights) -> GraphAnswer | None:
    """Who led an inspection: the lead inspector the report names."""
    if not (_INSPECTION.search(analysis.text) and _LEAD_INSPECTOR.search(analysis.text)):
        return None
    answer = GraphAnswer(tables=t)
    for node in _inspections(engine, t, analysis, KG.leadInspector)[-MAX_INSPECTIONS:]:
        person = t.value(node, KG.leadInspector)
        facts = [(node, KG.leadInspector, person, t.graph_of(node, KG.leadInspector, person))]
        answer.statements.append((f"{t.label(person)} was the lead inspector of {t.label(node)}.", facts))
    return answer if answer.statements else None


def in_scope(engine, t, analysis, node) -> bool:
    """The node is stated in the papers of the council the question names (any, if it names none)."""
    if not analysis.documents:
        return True
    for _, _, g in t.out.get(node, ()):
        prov = t.provenance(g) if g is not None else None
        if prov and prov.document_id in analysis.documents:
            return True
    return False


def _label_fact(t, node) -> list[tuple]:
    """The triple naming ``node``, so an answer cites the words that say what the item is."""
    for p, o, g in t.out.get(node, ()):
        if p in (RDFS.label, SKOS.prefLabel):
            return [(node, p, o, g)]
    return []


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + "…"


HANDLERS = [("chair", _chairs), ("attendance", _attendance), ("when", _inspection_dates), ("who", _lead_inspectors),
            ("lead", _lead_inspectors), ("lead", _leads), ("due", _dues), ("grade", _grades), ("which_priority", _priorities),
            ("recommend", _recommendations), ("decided", _decisions),
            ("who", _post_holders)]


LISTING = ("recommend", "decided")  # handlers that quote items, which cannot answer "how many"/"what share"


def _abbreviated(engine, weights: dict[str, float], analysis) -> dict[str, float]:
    """The question's topic words with each spelt-out defined term read as its abbreviation (labels often use it)."""
    out = dict(weights)
    for abbr in analysis.expansions:
        for token in engine.tokenize(" ".join(engine.abbreviations.get(abbr, ()))):
            out.pop(token, None)
        for token in engine.tokenize(abbr):
            out[token] = engine.idf.get(token, engine.unseen_idf)
    return out


def answer_from_graph(engine, analysis, hard) -> GraphAnswer | None:
    """The first structured intent the graph can answer, or None (the text answers alone)."""
    t = engine.facts
    if t is None:
        return None
    from qa.values import NUMERIC, asked_shape

    weights = _topic_weights(engine, analysis.text)
    readings = [weights] + ([_abbreviated(engine, weights, analysis)] if analysis.expansions else [])
    counting = asked_shape(analysis) in NUMERIC
    for intent, handler in HANDLERS:
        if intent in LISTING and counting:
            continue  # "how many recommendations …" asks for a count the text states, not the list
        if intent in analysis.intents:
            for reading in readings:
                found = handler(engine, t, analysis, reading)
                if found is not None:
                    return found
    if analysis.comparison:
        # "How did … change between 2016 and 2021" about a judged area: the grades over time
        return _grades(engine, t, analysis, weights)
    return None
