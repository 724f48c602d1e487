"""Graph candidates: statements built from the graph's facts, for the items whose labels the question names.

Every body, post, plan item, judgement area, inspection, meeting and authority whose label the question
names (by shared words, a notation such as "1.10", a paragraph number) offers what the graph states
about it: chairs and post holders, leads and due dates, grades, inspection dates, attendance, the links
a trace follows, the findings no action addresses, the actions due by a date. The ranker decides which
statement answers; each cites the span of every triple it uses.
"""
from __future__ import annotations

import re

from rdflib.namespace import DCTERMS, RDFS, SKOS

from councilkg.dates import MONTH_NAMES
from councilkg.errors import CouncilKGError
from ontology import vocab
from ontology.namespace import KG, ORG, SCHEMA
from qa.candidates import Candidate
from qa.sentences import _MARKUP

# The words that name each relation a statement reports (searched stemmed in the question)
RELATIONS = {
    "chair": "chair chairs chaired chairing chairman chairwoman chairperson",
    "post": "post role director head manager officer holds",
    "lead": "lead leads led leading responsible owner owns",
    "due": "due deadline date completed complete by when timescale",
    "priority": "priority priorities address addresses deal covers",
    "grade": "grade graded judged judgement rating rated verdict outcome conclude overall effectiveness",
    "inspected": "inspected visit visited took place dates site",
    "published": "published publication issued released public",
    "lead_inspector": "lead inspector led",
    "apologies": "apologies absent away missing attend",
    "present": "present attended attendance members",
    "in_attendance": "officers attendance",
    "link": "based arises from link linked stated source addresses trace",
    "gaps": "no without not none unaddressed missing gap",
    "due_list": "due by before deadline actions",
    "authorities": "authorities councils which judged",
    "plan": "plan called name named",
}
MIN_LABEL = 0.5      # share of an item's label the question must name for the item to offer statements
AREA_LABEL = 0.3     # a judged area's name shares less with a question ("children in care and care leavers")
PER_CLASS = 3        # items of one kind offered per question
LIST_MAX = 15        # items a list statement names


def _clean(text: str) -> str:
    return " ".join(_MARKUP.sub(" ", str(text)).split())


def _short(text: str, limit: int = 120) -> str:
    text = _clean(text)
    return text if len(text) <= limit else text[:limit - 1].rsplit(" ", 1)[0] + "…"


def month(date) -> str:
    date = str(date)
    if len(date) >= 7 and date[5:7].isdigit():
        return f"{MONTH_NAMES[int(date[5:7]) - 1]} {date[:4]}"
    return date


def day(date) -> str:
    date = str(date)
    if len(date) >= 10 and date[5:7].isdigit() and date[8:10].isdigit():
        return f"{int(date[8:10])} {MONTH_NAMES[int(date[5:7]) - 1]} {date[:4]}"
    return date


def grade_name(grade) -> str:
    term = vocab.GRADE_BY_IRI.get(grade)
    return term.label if term else str(grade).rsplit("#", 1)[-1]


class _Reader:
    """The question's words and period, read once, for matching labels and dates."""

    def __init__(self, engine, q):
        self.engine, self.q, self.t = engine, q, engine.facts
        named = {t for w in engine.names.words_named(q.text) for t in engine.tokenize(w)}
        self.asked = set(engine.tokenize(" ".join((q.text,) + q.expansions))) - engine.publisher_words
        self.topic = {t for t in self.asked if not t.isdigit() and t not in named}
        self.words = set(re.findall(r"[a-z]+", q.text.lower()))  # unstemmed, stop words kept ("no", "not")
        self.concepts = set(q.concepts)

    def label_share(self, label: str) -> float:
        """Share of the label's idf weight that the question names (a name's every word counts), or of the
        label's thesaurus concepts that it names ("looked after children" names "children in care")."""
        return self._shares(label)[0]

    def _shares(self, label: str) -> tuple[float, float]:
        """(``label_share``, the share of its words alone), the words' share computed once."""
        weights = self.engine.label_weights(label)
        if not weights:
            return 0.0, 0.0
        words = sum(w for t, w in weights.items() if t in self.asked) / sum(weights.values())
        concepts = self.engine.text_concepts(label)
        if concepts and self.concepts & concepts:
            return max(words, len(self.concepts & concepts) / len(concepts)), words
        return words, words

    def relation(self, name: str) -> float:
        vocabulary = RELATIONS[name]
        return float(bool(self.asked & set(self.engine.label_tokens(vocabulary)) or self.words & set(vocabulary.split())))

    def in_period(self, date) -> bool:
        q = self.q
        if not q.periods or q.comparison or q.due_by or q.since:
            return not (q.since and (not date or str(date)[:10] < q.since))
        date = str(date or "")[:10]
        return bool(date) and (any(a <= date <= b for a, b in q.periods) or int(date[:4]) in q.years)

    def in_scope(self, node) -> bool:
        if not self.q.documents:
            return True
        return not self.t.documents_of(node).isdisjoint(self.q.documents)

    def best(self, nodes, label_of, floor: float = MIN_LABEL, keep=None) -> list[tuple[float, object]]:
        """The PER_CLASS nodes whose labels the question names most (at least ``floor``), of those ``keep``
        accepts; ``keep`` is asked in that order, only until enough are found. Equal shares go to the label whose
        own words the question names most: every scrutiny body shares the thesaurus concept "scrutiny", and in
        reading order the one named in full ("the Health and Adult Social Care Scrutiny Panel") came fourth."""
        scored = sorted(((self._shares(label_of(n)), n) for n in nodes), key=lambda x: (-x[0][0], -x[0][1]))
        chosen = []
        for (share, _), node in scored:
            if len(chosen) == PER_CLASS or share < floor:  # best first: the rest would not be kept either
                break
            if keep is None or keep(node):
                chosen.append((share, node))
        return chosen


def spans(engine, t, facts) -> tuple:
    """(paragraph id, start, end) of each distinct span stating one of ``facts``."""
    out = []
    for _, _, _, g in facts:
        where = engine.stated_at(g)
        if where and where not in out:
            out.append(where)
    return tuple(out)


def _cited(engine, t, kind: str, text: str, facts: list, **kw) -> Candidate | None:
    """A statement citing its facts' spans (None when no fact has a span in the corpus)."""
    where = spans(engine, t, facts)
    if not where:
        return None
    return Candidate(kind, _clean(text), where[0][0], facts=tuple(facts), lines=((_clean(text), where),), **kw)


def _listed(engine, t, kind: str, head: str, rows: list[tuple[str, list]], **kw) -> Candidate | None:
    """A list statement: a lead line, then one cited line per item (items without a span are left out)."""
    lines = [(_clean(text), where) for text, facts in rows if (where := spans(engine, t, facts))]
    if not lines:
        return None
    lines = ([(head, ())] if head else []) + lines
    facts = tuple(f for _, fs in rows for f in fs)
    return Candidate(kind, "\n".join(text for text, _ in lines), next(w for _, w in lines if w)[0][0], facts=facts,
                     lines=tuple(lines), **kw)


def _from_citations(kind: str, head: str, rows: list[tuple[str, object]], **kw) -> Candidate | None:
    """A list statement whose lines cite ready-made citations (a trace's or gaps' evidence)."""
    lines = [(_clean(text), ((c.paragraph_id, c.start, c.end),)) for text, c in rows if c is not None]
    if not lines:
        return None
    lines = ([(head, ())] if head else []) + lines
    return Candidate(kind, "\n".join(text for text, _ in lines), next(w for _, w in lines if w)[0][0],
                     lines=tuple(lines), **kw)


def _chairs(r: _Reader) -> list[Candidate]:
    t, out = r.t, []
    bodies = list(dict.fromkeys(t.by_type.get(KG.Body, []) + t.by_type.get(ORG.Organization, [])))  # in reading order
    for share, body in r.best(bodies, t.label, keep=r.in_scope):
        found = []
        for holding, _ in t.subjects(ORG.organization, body):
            person, when = t.value(holding, ORG.member), t.value(holding, KG.observedOn)
            if t.value(holding, ORG.role) == KG.ChairRole and person is not None and r.in_period(when):
                found.append((str(when or ""), person, [(holding, ORG.member, person, t.graph_of(holding, ORG.member, person))]))
        for meeting, _ in t.subjects(SCHEMA.organizer, body):
            date = t.value(meeting, SCHEMA.startDate)
            for person, g in t.values(meeting, KG.chair):
                if r.in_period(date):
                    found.append((str(date or ""), person, [(meeting, KG.chair, person, g)]))
        by_person: dict = {}
        for when, person, facts in sorted(found, key=lambda f: f[0]):
            entry = by_person.setdefault(person, [when, when, []])
            entry[1] = when or entry[1]
            entry[2].extend(facts)
        for person, (first, last, facts) in by_person.items():
            when = f" (stated {first})" if first and first == last else f" ({first} to {last})" if first else ""
            c = _cited(r.engine, t, "chair", f"{t.label(person)} chairs the {t.label(body)}{when}.", facts[:3],
                       value="person", match=share, relation=r.relation("chair"), date=last or None)
            out += [c] if c else []
    return out


def _posts(r: _Reader) -> list[Candidate]:
    t, out = r.t, []
    for share, post in r.best(t.by_type.get(ORG.Post, []), t.label, floor=0.6):
        holders = []
        for holding, g in t.subjects(KG.post, post):
            person, when = t.value(holding, ORG.member), t.value(holding, KG.observedOn)
            if person is not None and r.in_period(when) and r.in_scope(holding):
                holders.append((str(when or ""), person, [(holding, ORG.member, person, t.graph_of(holding, ORG.member, person)),
                                                          (holding, KG.post, post, g)]))
        for when, person, facts in sorted(holders, key=lambda h: h[0])[-3:]:
            c = _cited(r.engine, t, "post", f"{t.label(person)}: {t.label(post)}" + (f" (stated {when})." if when else "."),
                       facts, value="person", match=share, relation=r.relation("post"), date=when or None)
            out += [c] if c else []
    return out


def _plan_items(r: _Reader) -> list[Candidate]:
    """Leads, due dates and sources of the priorities and actions the question names (by notation or label)."""
    t, q = r.t, r.q
    notations = r.engine.notations()
    items = [(1.0, node, True) for code in q.notations for node in notations.get(code.lower(), ()) if r.in_scope(node)]
    if not items:
        nodes = [n for cls in (KG.Priority, KG.PlannedAction) for n in t.by_type.get(cls, [])]
        items = [(s, n, False) for s, n in r.best(nodes, t.label, floor=0.4, keep=r.in_scope)]
    out = []
    for share, node, exact in items:
        notation, label = t.value(node, SKOS.notation), _short(t.label(node))
        kw = dict(match=share, exact=exact)
        names, facts = [], []
        for person, g in t.values(node, KG.leadOfficer):
            post, pg = t.post_of(person)
            names.append(f"{t.label(person)} ({post})" if post else t.label(person))
            facts += [(node, KG.leadOfficer, person, g)] + ([(person, KG.post, post, pg)] if post and pg else [])
        if names:
            c = _cited(r.engine, t, "lead", f"{notation} “{label}” is led by {', '.join(names)}.", facts,
                       value="person", relation=r.relation("lead"), **kw)
            out += [c] if c else []
        for date, g in t.values(node, KG.dueDate)[:1]:
            c = _cited(r.engine, t, "due", f"{notation} “{label}” is due by {month(date)}.", [(node, KG.dueDate, date, g)],
                       value="date", relation=r.relation("due"), date=str(date), **kw)
            out += [c] if c else []
        if t.is_a(node, KG.Priority):
            g = t.graph_of(node, SKOS.notation, notation)
            c = _cited(r.engine, t, "priority", f"Priority {notation}: {label}.", [(node, SKOS.notation, notation, g)],
                       value="text", relation=r.relation("priority"), **kw)
            out += [c] if c else []
    return out


def _judgement_rows(r: _Reader) -> list[tuple]:
    """Every judgement with an area, a grade and an inspection, as (judgement, area, first grade and its graph,
    inspection, start or else publication date, inspected body, start), in reading order: read once per engine.
    Why: every question about grades looks through all of them (a thousand at 251 reports), and reading them
    afresh took 40-50 ms a question."""
    found = r.engine._memo.setdefault("graph_rows", {})
    if "judgements" not in found:
        t, rows = r.t, []
        for j in t.by_type.get(KG.Judgement, []):
            area, grades, inspection = t.value(j, KG.area), t.values(j, KG.grade), t.value(j, KG.inspection)
            if area is None or not grades or inspection is None:
                continue
            started = str(t.value(inspection, SCHEMA.startDate) or "")
            start = started or str(t.value(inspection, DCTERMS.issued) or "")
            rows.append((j, str(area), grades[0], inspection, start, t.value(inspection, KG.inspectedBody), started))
        found["judgements"] = rows
    return found["judgements"]


def _judgements(r: _Reader) -> list[Candidate]:
    """Grades of the judged areas the question names (or each inspection's overall judgement), in its period and
    for the authority it names; one statement per judgement and one for an area over time."""
    t = r.t
    rows, body_share = [], {}
    for j, area, grade, inspection, start, body, _ in _judgement_rows(r):
        # in scope first: a question naming an authority keeps a handful of a thousand judgements
        if not r.in_scope(j) or not r.in_period(start):
            continue
        if body not in body_share:
            body_share[body] = r.label_share(t.label(body)) if body is not None else 0.0
        rows.append((j, area, grade, inspection, start, body_share[body]))
    if any(row[5] >= 0.99 for row in rows) and len({row[3] for row in rows}) > 1:
        named = [row for row in rows if row[5] >= 0.99]
        rows = named if len({t.value(row[3], KG.inspectedBody) for row in rows}) > 1 else rows
    areas: dict[str, float] = {}
    for _, area, _, inspection, _, _ in rows:
        if area not in areas:
            areas[area] = r.label_share(area)
    per_inspection: dict = {}
    for row in rows:
        per_inspection.setdefault(row[3], []).append(row)
    out = []
    for area, share in areas.items():
        chosen = [row for row in rows if row[1] == area]
        if share < AREA_LABEL:
            # an inspection's overall (or only) judgement answers a question naming no judged area
            chosen = [row for row in chosen if area.lower().startswith("overall") or len(per_inspection[row[3]]) == 1]
            if not chosen:
                continue
        lines = []
        for j, _, (grade, g), inspection, start, _ in sorted(chosen, key=lambda x: x[4]):
            said = _judgement_statement(r, j, area, grade, g, inspection, start)
            if said:
                text, paragraph_id, facts, cited = said
                c = Candidate("grade", text, paragraph_id, facts=facts, lines=cited, value="grade", match=share,
                              relation=r.relation("grade"), date=start, source=str(inspection))
                out.append(c)
                lines.append(c)
        if len(lines) > 1:
            out.append(Candidate("grade", "\n".join(c.text for c in lines), lines[0].paragraph_id,
                                 facts=tuple(f for c in lines for f in c.facts), lines=tuple(x for c in lines for x in c.lines),
                                 value="grade", match=share, relation=r.relation("grade"), date=lines[-1].date))
    return out


def _judgement_statement(r: _Reader, j, area: str, grade, g, inspection, start: str) -> tuple | None:
    """A judgement's statement (text, paragraph, facts, cited lines), or None when no span cites it: made once per
    engine (an unscoped question about grades offers every judgement's)."""
    memo = r.engine._memo.setdefault("graph_rows", {}).setdefault("judgement_statements", {})
    if j not in memo:
        t = r.t
        text = _clean(f"{t.label(inspection)}, inspected {month(start) if start else 'date unknown'}: “{area}” — "
                      f"{grade_name(grade)}.")
        facts = ((j, KG.grade, grade, g),)
        where = spans(r.engine, t, facts)
        memo[j] = (text, where[0][0], facts, ((text, where),)) if where else None
    return memo[j]


def _inspection_rows(r: _Reader) -> list[tuple]:
    """Every inspection as (node, label, framework, start, end, statements), in reading order, read once per engine
    (every question looks through all of them). Its statements — when it took place, was published, who led it —
    are (kind, value, text, paragraph, facts, lines): only their match and relation depend on the question."""
    found = r.engine._memo.setdefault("graph_rows", {})
    if "inspections" not in found:
        t, rows = r.t, []
        for node in t.by_type.get(KG.Inspection, []):
            label, start, end = t.label(node), t.value(node, SCHEMA.startDate), t.value(node, SCHEMA.endDate)
            said = []
            if start is not None:
                facts = [(node, SCHEMA.startDate, start, t.graph_of(node, SCHEMA.startDate, start))]
                when = day(start)
                if end is not None and str(end) != str(start):
                    facts.append((node, SCHEMA.endDate, end, t.graph_of(node, SCHEMA.endDate, end)))
                    when = f"{day(start)} to {day(end)}"
                said.append(("inspected", "date", f"{label}: inspected {when}.", facts))
            issued = t.value(node, DCTERMS.issued)
            if issued is not None:
                triple = (node, DCTERMS.issued, issued)
                said.append(("published", "date", f"{label}: report published {day(issued)}.",
                             [(*triple, t.graph_of(*triple))]))
            person = t.value(node, KG.leadInspector)
            if person is not None:
                triple = (node, KG.leadInspector, person)
                said.append(("lead_inspector", "person", f"{t.label(person)} was the lead inspector of {label}.",
                             [(*triple, t.graph_of(*triple))]))
            statements = []
            for kind, value, text, facts in said:
                where = spans(r.engine, t, facts)
                if where:  # a statement no span cites is not offered (``_cited``)
                    text = _clean(text)
                    statements.append((kind, value, text, where[0][0], tuple(facts), ((text, where),)))
            rows.append((node, label, str(t.value(node, KG.framework) or ""), start, end, statements))
        found["inspections"] = rows
    return found["inspections"]


def _inspections(r: _Reader) -> list[Candidate]:
    """When each inspection the question can mean took place, was published, and who led it."""
    out, framework_share, relation = [], {}, {}
    for node, label, framework, start, end, statements in _inspection_rows(r):
        if not r.in_scope(node) or not (r.in_period(start) or r.in_period(end)):
            continue
        if framework not in framework_share:
            framework_share[framework] = r.label_share(framework)
        share = max(framework_share[framework], r.label_share(label))
        source, date = str(node), str(start or "")
        for kind, value, text, paragraph_id, facts, lines in statements:
            if kind not in relation:
                relation[kind] = r.relation(kind)
            out.append(Candidate(kind, text, paragraph_id, facts=facts, lines=lines, value=value, match=share,
                                 relation=relation[kind], source=source, date=date))
    return out


def _attendance(r: _Reader) -> list[Candidate]:
    """Who was present, sent apologies or was in attendance at the meetings of the bodies the question names."""
    t, out = r.t, []
    meetings = []
    for meeting in t.by_type.get(KG.Meeting, []):
        date = str(t.value(meeting, SCHEMA.startDate) or "")
        body = t.value(meeting, SCHEMA.organizer)
        if r.in_scope(meeting) and r.in_period(date) and body is not None:
            meetings.append((r.label_share(t.label(body)), date, meeting, body))
    for share, date, meeting, body in sorted(meetings, key=lambda m: (-m[0], m[1]))[:2]:
        for predicate, heading, relation in ((KG.apologies, "Apologies", "apologies"), (KG.present, "Present", "present"),
                                             (KG.inAttendance, "In attendance", "in_attendance")):
            people = t.values(meeting, predicate)
            if people:
                text = f"{heading} at the {t.label(body)} meeting of {day(date)}: {'; '.join(t.label(p) for p, _ in people)}."
                c = _cited(r.engine, t, relation, text, [(meeting, predicate, p, g) for p, g in people], value="person",
                           match=share, relation=r.relation(relation), date=date)
                out += [c] if c else []
    return out


def _links(r: _Reader) -> list[Candidate]:
    """What the references the question names are linked to (a trace's first three steps), each link marked stated
    in the papers (explicit, cited by its words) or inferred by similarity (with its score)."""
    from qa import traces

    refs = [n for n in r.q.notations] + [f"para {n}" + (f" {r.q.years[0]}" if r.q.years else "") for n in r.q.paragraphs]
    out = []
    for ref in refs[:3]:
        try:
            tr = traces.trace(ref, engine=r.engine)
        except CouncilKGError:  # a reference the graph cannot resolve offers nothing
            continue
        labels = {n.id: n.label for n in tr.nodes}
        reached, rows = {tr.nodes[0].id} if tr.nodes else set(), []
        for _ in range(3):  # the start's links, then theirs: priority → source row → finding
            step = [e for e in tr.edges if e.relation != "mentionedIn" and (e.source in reached) != (e.target in reached)
                    and not any(e is seen for seen, _ in rows)]
            for e in step:
                how = "stated in the papers" if e.link == "explicit" else \
                    f"inferred by similarity{f', score {e.score:.2f}' if e.score else ''}, not stated"
                rows.append((e, (f"{labels.get(e.source, e.source)} {e.relation} {labels.get(e.target, e.target)} ({how}).",
                                 e.citation)))
                reached |= {e.source, e.target}
        rows = [row for _, row in rows]
        c = _from_citations("link", "", rows[:LIST_MAX], value="text", match=1.0, exact=True,
                            relation=r.relation("link"))
        out += [c] if c else []
    return out


def _gaps(r: _Reader) -> list[Candidate]:
    """The findings and recommendations of the inspections in the question's period that no priority or action
    addresses."""
    from qa import traces

    if not r.relation("gaps"):
        return []
    items = []
    for g in traces.gaps(engine=r.engine, documents=r.q.documents):
        if g.citation is None or (r.q.periods and not any(str(y) in (g.label + " " + (g.citation.date or "")) for y in r.q.years)):
            continue
        items.append(g)
    if not items:
        return []
    c = _from_citations("gaps", f"{len(items)} findings or recommendations have no linked priority or action:",
                        [(f"{g.label}: {_short(g.text, 160)}", g.citation) for g in items[:LIST_MAX]],
                        value="list", match=1.0, relation=1.0)
    return [c] if c else []


def _due_list(r: _Reader) -> list[Candidate]:
    """The planned actions due by the date the question names (or within its period)."""
    t, q = r.t, r.q
    if not (q.due_by or q.periods) or not r.relation("due"):
        return []
    rows = []
    for node in t.by_type.get(KG.PlannedAction, []):
        for date, g in t.values(node, KG.dueDate)[:1]:
            d = str(date)[:10]
            if (d <= q.due_by if q.due_by else any(a <= d <= b for a, b in q.periods)) and r.in_scope(node):
                rows.append((d, str(t.value(node, SKOS.notation) or ""), node, date, g))
    if not rows:
        return []
    rows.sort(key=lambda x: (x[0], x[1]))
    head = f"{len(rows)} planned actions are due {'by ' + month(q.due_by) if q.due_by else 'in the period asked'}:"
    c = _listed(r.engine, t, "due_list", head, [(f"{code} “{_short(t.label(node), 90)}” — due {month(date)}.",
                                                   [(node, KG.dueDate, date, g)]) for _, code, node, date, g in rows[:LIST_MAX]],
                value="list", match=1.0, relation=1.0)
    return [c] if c else []


def _authorities(r: _Reader) -> list[Candidate]:
    """Authorities whose inspections in the question's period gave the grade it names."""
    t = r.t
    grades = {iri for iri, term in vocab.GRADE_BY_IRI.items()
              if max(r.label_share(name) for name in vocab.written_names(term)) >= 0.99}
    if not grades:
        return []
    rows, area_share = [], {}
    for j, area, (grade, g), inspection, _, body, start in _judgement_rows(r):
        if grade not in grades or body is None or not r.in_period(start):
            continue
        if area not in area_share:
            area_share[area] = area.lower().startswith("overall") or r.label_share(area) >= MIN_LABEL
        if area_share[area]:
            rows.append((t.label(body), start, area, grade, j, g))
    if len({row[0] for row in rows}) < 1:
        return []
    rows.sort(key=lambda x: (x[0], x[1]))
    c = _listed(r.engine, t, "authorities", f"{len({row[0] for row in rows})} authorities:",
                [(f"{body} ({month(start)}): “{area}” — {grade_name(grade)}.", [(j, KG.grade, grade, g)])
                 for body, start, area, grade, j, g in rows[:LIST_MAX]],
                value="list", match=1.0, relation=r.relation("authorities"))
    return [c] if c else []


def _plans(r: _Reader) -> list[Candidate]:
    """The names of the plans, when the question names a plan ("What is the improvement plan called?")."""
    t, out = r.t, []
    if not r.asked & set(r.engine.label_tokens("plan")):
        return out
    for node in t.by_type.get(KG.Plan, []):
        facts = label_fact(t, node)
        if facts and r.in_scope(node):
            c = _cited(r.engine, t, "plan", f"The plan is called “{t.label(node)}”.", facts, value="text",
                       match=r.label_share(t.label(node)), relation=1.0)
            out += [c] if c else []
    return out


GENERATORS = (_plans, _chairs, _posts, _plan_items, _judgements, _inspections, _attendance, _links, _gaps, _due_list, _authorities)


def statements(engine, q) -> list[Candidate]:
    """Every graph statement the question's words, references and period point at."""
    reader = _Reader(engine, q)
    return [c for generate in GENERATORS for c in generate(reader)]


def label_fact(t, node) -> list[tuple]:
    """The triple naming ``node``, so an answer cites the words that say what the item is."""
    return [(node, p, o, g) for p, o, g in t.out.get(node, ()) if p in (RDFS.label, SKOS.prefLabel)][:1]
