"""Graph candidates: statements built from the graph's facts, for the items whose labels the question names.

Every body, post, plan item, judgement area, inspection, meeting and authority whose label the question
names (by shared words, a notation such as "1.10", a paragraph number) offers what the graph states
about it: chairs and post holders, leads and due dates, grades, inspection dates, attendance, the links
a trace follows, the findings no action addresses, the actions due by a date. The ranker decides which
statement answers; each cites the span of every triple it uses.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from itertools import islice

from rdflib.namespace import DCTERMS, RDFS, SKOS

from councilkg.dates import day_label, days_label, month_label
from councilkg.errors import CouncilKGError
from ontology import vocab
from ontology.namespace import KG, ORG, SCHEMA
from qa.candidates import Candidate
from qa.sentences import _MARKUP

# The phrases that name each relation a statement reports, comma-separated. A question names a relation as much as
# it names the best of its phrases: the share of the phrase's words (idf-weighted, stemmed) it holds. So "lead
# member" names "lead inspector" only in part, where any one word of a list named it in full. Out of fold, of 53
# unanswerable questions asking for a director, lead member or cabinet member, 15 were answered with a lead inspector
# before and 13 after (the fit of 2026-12-04): the trees still weigh the rest of the question above it.
RELATIONS = {
    "chair": "chair, chairs, chaired, chairing, chairman, chairwoman, chairperson",
    "post": "post, role, director, head, manager, officer, holds",
    "lead": "lead, leads, led, leading, responsible, owner, owns",
    "due": "due, deadline, date, completed, complete, by, when, timescale",
    "priority": "priority, priorities, address, addresses, deal, covers",
    "grade": "grade, graded, judged, judgement, rating, rated, verdict, outcome, conclude, overall effectiveness",
    "inspected": "inspected, visit, visited, took place, dates, site",
    "published": "published, publication, issued, released, public",
    "lead_inspector": "lead inspector, inspector, led the inspection, led the visit",
    "apologies": "apologies, absent, away, missing, attend",
    "present": "present, attended, attendance, members",
    "in_attendance": "officers in attendance, officers",
    "link": "based, arises from, link, linked, stated, source, addresses, trace",
    "gaps": "no, without, not, none, unaddressed, missing, gap",
    "due_list": "due, by, before, deadline, actions",
    "authorities": "authorities, councils, which, judged",
    "plan": "plan, called, name, named",
    "improve": "improve, improvement, improvements, areas for improvement, needs to improve, recommend, recommended, "
               "recommendations, weaknesses, shortcomings",
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


def grade_name(grade) -> str:
    term = vocab.GRADE_BY_IRI.get(grade)
    return term.label if term else str(grade).rsplit("#", 1)[-1]


class _Reader:
    """The question's words and period, read once, for matching labels and dates."""

    def __init__(self, engine, q):
        self.engine, self.q, self.t = engine, q, engine.facts
        self.asked = set(engine.tokenize(" ".join((q.text,) + q.expansions))) - engine.publisher_words
        self.words = set(re.findall(r"[a-z]+", q.text.lower()))  # unstemmed, stop words kept ("no", "not")
        self.concepts = set(q.concepts)
        self._shared: dict[str, tuple[float, float]] = {}  # label -> _shares, asked again of each row's body or area
        self._relations: dict[str, float] = {}

    def label_share(self, label: str) -> float:
        """Share of the label's idf weight that the question names (a name's every word counts), or of the
        label's thesaurus concepts that it names ("looked after children" names "children in care")."""
        return self._shares(label)[0]

    def word_share(self, label: str) -> float:
        """Share of the label's idf weight that the question's own words name (its thesaurus concepts aside)."""
        return self._shares(label)[1]

    def _shares(self, label: str) -> tuple[float, float]:
        """(``label_share``, the share of its words alone), the words' share computed once, kept for the question."""
        if label not in self._shared:
            self._shared[label] = self._read_shares(label)
        return self._shared[label]

    def _names_any(self, label: str) -> bool:
        """Whether the question holds a word or a thesaurus concept of ``label``: its shares are 0 when it holds
        neither, below every floor. ``best`` reads only such labels: a question looked through a thousand plan items,
        posts and bodies for the handful it names, and reading each one's shares was 2 ms of a 25 ms ask."""
        weights = self.engine.label_weights(label)
        return bool(weights) and (not self.asked.isdisjoint(weights) or bool(self.concepts)
                                  and not self.concepts.isdisjoint(self.engine.text_concepts(label)))

    def _read_shares(self, label: str) -> tuple[float, float]:
        weights = self.engine.label_weights(label)
        if not weights:
            return 0.0, 0.0
        words = sum(w for t, w in weights.items() if t in self.asked) / sum(weights.values())
        concepts = self.engine.text_concepts(label)
        if concepts and self.concepts & concepts:
            return max(words, len(self.concepts & concepts) / len(concepts)), words
        return words, words

    def relation(self, name: str) -> float:
        """How fully the question names the relation ``name``: the best share of one of its ``RELATIONS`` phrases."""
        if name not in self._relations:
            self._relations[name] = max(self._phrase_share(p.strip()) for p in RELATIONS[name].split(","))
        return self._relations[name]

    def _phrase_share(self, phrase: str) -> float:
        weights = self.engine.label_weights(phrase)
        if not weights:  # a stop word ("no", "by"): the question's own words
            return float(phrase in self.words)
        return sum(w for t, w in weights.items() if t in self.asked) / sum(weights.values())

    def in_period(self, *dates) -> bool:
        """Any of an item's ``dates`` (an inspection's days and the day its report was published) is of the
        question's period, or after the day it asks "since"; every item is, when it names no period or several."""
        q = self.q
        if not q.periods or q.comparison or q.due_by or q.since:
            return not q.since or any(d and str(d)[:10] >= q.since for d in dates)
        return q.in_period(*dates)

    def in_scope(self, node) -> bool:
        if not self.q.documents:
            return True
        return not self.t.documents_of(node).isdisjoint(self.q.documents)

    def best(self, nodes, label_of, floor: float = MIN_LABEL, keep=None) -> list[tuple[float, object]]:
        """The PER_CLASS nodes whose labels the question names most (at least ``floor``), of those ``keep``
        accepts; ``keep`` is asked in that order, only until enough are found. Equal shares go to the label whose
        own words the question names most: every scrutiny body shares the thesaurus concept "scrutiny", and in
        reading order the one named in full ("the Health and Adult Social Care Scrutiny Panel") came fourth."""
        named = ((label, n) for n in nodes if self._names_any(label := label_of(n)))
        scored = sorted(((self._shares(label), n) for label, n in named), key=lambda x: (-x[0][0], -x[0][1]))
        chosen = []
        for (share, _), node in scored:
            if len(chosen) == PER_CLASS or share < floor:  # best first: the rest would not be kept either
                break
            if keep is None or keep(node):
                chosen.append((share, node))
        return chosen


def spans(engine, facts) -> tuple:
    """(paragraph id, start, end) of each distinct span stating one of ``facts``."""
    out = []
    for _, _, _, g in facts:
        where = engine.stated_at(g)
        if where and where not in out:
            out.append(where)
    return tuple(out)


def _quoted(citation) -> tuple:
    """The span a ready-made citation quotes (a trace's or gap's evidence), as ``spans`` gives it."""
    return ((citation.paragraph_id, citation.start, citation.end),) if citation is not None else ()


def _said(kind: str, lines, head: str = "", **kw) -> Candidate | None:
    """A statement: the lead line ``head`` (if any), then each of ``lines`` — (text, the spans citing it) — that
    cites a span; None when none does, since a statement says only what it cites. The rest is Candidate's fields."""
    cited = [(_clean(text), where) for text, where in lines if where]
    if not cited:
        return None
    lines = ([(head, ())] if head else []) + cited
    return Candidate(kind, "\n".join(text for text, _ in lines), cited[0][1][0][0], lines=tuple(lines), **kw)


def _cited(engine, kind: str, text: str, facts: list, **kw) -> Candidate | None:
    """A one-line statement citing the spans of its facts."""
    return _said(kind, [(text, spans(engine, facts))], facts=tuple(facts), **kw)


def _listed(engine, kind: str, head: str, rows: list[tuple[str, tuple]], **kw) -> Candidate | None:
    """A list statement: a lead line, then a line per (text, fact) row citing the fact's span."""
    return _said(kind, [(text, spans(engine, [fact])) for text, fact in rows], head,
                 facts=tuple(fact for _, fact in rows), **kw)


def _for_question(said: Candidate, **kw) -> Candidate:
    """A statement made once per engine, as one question's candidate: its own copy, with the question's ``kw``."""
    return replace(said, features={}, **kw)


def _chairs(r: _Reader) -> Iterator[Candidate | None]:
    """Who chairs the bodies the question names: each person once, from the chair posts and the meetings stated in
    its period, with the first and last date stated."""
    t = r.t
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
            yield _cited(r.engine, "chair", f"{t.label(person)} chairs the {t.label(body)}{when}.", facts[:3],
                         value="person", match=share, relation=r.relation("chair"), date=last or None)


def _posts(r: _Reader) -> Iterator[Candidate | None]:
    """Who holds the posts the question names (the latest three holders stated in its period: by the day the holding
    was seen or the days of the paper stating it, ``Engine.dates_of``: an inspection report's team is seen on the
    inspection's last day, and "the report published January 2016" is the paper's other day)."""
    t = r.t
    for share, post in r.best(t.by_type.get(ORG.Post, []), t.label, floor=0.6):
        holders = []
        for holding, g in t.subjects(KG.post, post):
            person, when = t.value(holding, ORG.member), t.value(holding, KG.observedOn)
            if person is None or not r.in_scope(holding):
                continue
            facts = [(holding, ORG.member, person, t.graph_of(holding, ORG.member, person)), (holding, KG.post, post, g)]
            if r.in_period(when) or r.in_period(*(d for pid, _, _ in spans(r.engine, facts)
                                                  for d in r.engine.dates_of(r.engine.paragraph(pid)))):
                holders.append((str(when or ""), person, facts))
        for when, person, facts in sorted(holders, key=lambda h: h[0])[-3:]:
            text = f"{t.label(person)}: {t.label(post)}" + (f" (stated {when})." if when else ".")
            yield _cited(r.engine, "post", text, facts, value="person", match=share, relation=r.relation("post"),
                         date=when or None)


def _plan_items(r: _Reader) -> Iterator[Candidate | None]:
    """Leads, due dates and sources of the priorities and actions the question names (by notation or label)."""
    t, q = r.t, r.q
    notations = r.engine.notations()
    items = [(1.0, node, True) for code in q.notations for node in notations.get(code.lower(), ()) if r.in_scope(node)]
    if not items:
        nodes = [n for cls in (KG.Priority, KG.PlannedAction) for n in t.by_type.get(cls, [])]
        items = [(s, n, False) for s, n in r.best(nodes, t.label, floor=0.4, keep=r.in_scope)]
    for share, node, exact in items:
        notation, label = t.value(node, SKOS.notation), _short(t.label(node))
        kw = dict(match=share, exact=exact)
        names, facts = [], []
        for person, g in t.values(node, KG.leadOfficer):
            post, pg = t.post_of(person)
            names.append(f"{t.label(person)} ({post})" if post else t.label(person))
            facts += [(node, KG.leadOfficer, person, g)] + ([(person, KG.post, post, pg)] if post and pg else [])
        if names:
            yield _cited(r.engine, "lead", f"{notation} “{label}” is led by {', '.join(names)}.", facts,
                         value="person", relation=r.relation("lead"), **kw)
        for date, g in t.values(node, KG.dueDate)[:1]:
            yield _cited(r.engine, "due", f"{notation} “{label}” is due by {month_label(date)}.",
                         [(node, KG.dueDate, date, g)], value="date", relation=r.relation("due"), date=str(date), **kw)
        if t.is_a(node, KG.Priority):
            g = t.graph_of(node, SKOS.notation, notation)
            yield _cited(r.engine, "priority", f"Priority {notation}: {label}.", [(node, SKOS.notation, notation, g)],
                         value="text", relation=r.relation("priority"), **kw)


def _judgement_rows(r: _Reader) -> list[tuple]:
    """Every judgement with an area, a grade and an inspection, as (judgement, area, first grade and its graph,
    inspection, start or else publication date, inspected body, start, publication date), in reading order: read
    once per engine.
    Why: every question about grades looks through all of them (a thousand at 251 reports), and reading them
    afresh took 40-50 ms a question."""
    def read():
        t, rows = r.t, []
        for j in t.by_type.get(KG.Judgement, []):
            area, grades, inspection = t.value(j, KG.area), t.values(j, KG.grade), t.value(j, KG.inspection)
            if area is None or not grades or inspection is None:
                continue
            started = str(t.value(inspection, SCHEMA.startDate) or "")
            issued = str(t.value(inspection, DCTERMS.issued) or "")
            rows.append((j, str(area), grades[0], inspection, started or issued, t.value(inspection, KG.inspectedBody),
                         started, issued, _published(r, inspection)))
        return rows

    return r.engine.remembered("graph_rows", "judgements", read)


def _judgements(r: _Reader) -> Iterator[Candidate | None]:
    """Grades of the judged areas the question names (or each inspection's overall judgement), in its period and
    for the authority it names; one statement per judgement and one for an area over time."""
    t, rows = r.t, []
    for j, area, grade, inspection, start, body, _, issued, published in _judgement_rows(r):
        # in scope first: a question naming an authority keeps a handful of a thousand judgements
        if r.in_scope(j) and r.in_period(start, issued, *published):
            rows.append((j, area, grade, inspection, start, r.label_share(t.label(body)) if body is not None else 0.0))
    # several inspections of more than one authority, one of them named in full: only that authority's judgements
    if any(row[5] >= 0.99 for row in rows) and len({row[3] for row in rows}) > 1:
        named = [row for row in rows if row[5] >= 0.99]
        rows = named if len({t.value(row[3], KG.inspectedBody) for row in rows}) > 1 else rows
    per_inspection: dict = {}
    for row in rows:
        per_inspection.setdefault(row[3], []).append(row)
    for area in dict.fromkeys(row[1] for row in rows):
        share, chosen = r.label_share(area), [row for row in rows if row[1] == area]
        if share < AREA_LABEL:
            # an inspection's overall (or only) judgement answers a question naming no judged area
            chosen = [row for row in chosen if area.lower().startswith("overall") or len(per_inspection[row[3]]) == 1]
        said = []
        for j, _, (grade, g), inspection, start, _ in sorted(chosen, key=lambda x: x[4]):
            c = _judgement_statement(r, j, area, grade, g, inspection, start)
            if c:
                said.append(_for_question(c, match=share, relation=r.relation("grade"), date=start,
                                          source=str(inspection)))
                yield said[-1]
        if len(said) > 1:  # the area over time: each judgement's line in one statement
            facts, lines = tuple(f for c in said for f in c.facts), tuple(x for c in said for x in c.lines)
            yield Candidate("grade", "\n".join(c.text for c in said), said[0].paragraph_id, facts=facts, lines=lines,
                            value="grade", match=share, relation=r.relation("grade"), date=said[-1].date)


def _judgement_statement(r: _Reader, j, area: str, grade, g, inspection, start: str) -> Candidate | None:
    """A judgement's statement, or None when no span cites it: made once per engine (an unscoped question about
    grades offers every judgement's)."""
    def say():
        when = month_label(start) if start else "date unknown"
        text = f"{r.t.label(inspection)}, inspected {when}: “{area}” — {grade_name(grade)}."
        return _cited(r.engine, "grade", text, [(j, KG.grade, grade, g)], value="grade")

    return r.engine.remembered("judgement_statements", j, say)


def _published(r: _Reader, inspection) -> tuple[str, ...]:
    """The day the report stating an inspection was published, when the graph has none (``DCTERMS.issued`` needs a
    printed date; an ILACS report prints none): the publication day of the paper its dates are read from
    (``Engine.dates_of`` less the paper's own day; a paper inside a pack has none). "Who led the Isle of Wight
    inspection published in 2019?" means the report of January 2019 on an inspection of November 2018."""
    t = r.t
    start = t.value(inspection, SCHEMA.startDate)
    where = r.engine.stated_at(t.graph_of(inspection, SCHEMA.startDate, start)) if start is not None else None
    return r.engine.dates_of(r.engine.paragraph(where[0]))[1:] if where else ()


def _inspection_rows(r: _Reader) -> list[tuple]:
    """Every inspection as (node, label, framework, its days (start, end, publication, the publication of the paper
    stating it: ``_published``), statements), in reading order, read once per engine (every question looks through
    all of them). Its statements — when it took place, was published, who led it — are made once too: only their match
    and relation depend on the question."""
    def read():
        t, rows = r.t, []
        for node in t.by_type.get(KG.Inspection, []):
            label, start, end = t.label(node), t.value(node, SCHEMA.startDate), t.value(node, SCHEMA.endDate)
            said = []
            if start is not None:
                facts = [(node, SCHEMA.startDate, start, t.graph_of(node, SCHEMA.startDate, start))]
                when = day_label(start)
                if end is not None and str(end) != str(start):
                    facts.append((node, SCHEMA.endDate, end, t.graph_of(node, SCHEMA.endDate, end)))
                    when = days_label(start, end)
                said.append(_cited(r.engine, "inspected", f"{label}: inspected {when}.", facts, value="date"))
            issued = t.value(node, DCTERMS.issued)
            if issued is not None:
                triple = (node, DCTERMS.issued, issued)
                said.append(_cited(r.engine, "published", f"{label}: report published {day_label(issued)}.",
                                   [(*triple, t.graph_of(*triple))], value="date"))
            person = t.value(node, KG.leadInspector)
            if person is not None:
                triple = (node, KG.leadInspector, person)
                said.append(_cited(r.engine, "lead_inspector", f"{t.label(person)} was the lead inspector of {label}.",
                                   [(*triple, t.graph_of(*triple))], value="person"))
            days = (start, end, issued, *_published(r, node))
            rows.append((node, label, str(t.value(node, KG.framework) or ""), days, [c for c in said if c]))
        return rows

    return r.engine.remembered("graph_rows", "inspections", read)


def _inspections(r: _Reader) -> Iterator[Candidate | None]:
    """When each inspection the question can mean took place, was published, and who led it."""
    for node, label, framework, days, statements in _inspection_rows(r):
        if r.in_scope(node) and r.in_period(*days):
            share = max(r.label_share(framework), r.label_share(label))
            for c in statements:
                yield _for_question(c, match=share, relation=r.relation(c.kind), source=str(node),
                                    date=str(days[0] or ""))


SUMMARY_JUDGEMENTS = 6   # judgement lines a summary gives (overall first)
SUMMARY_ITEMS = 4        # items to improve (else findings) a summary gives


def _summary(r: _Reader, node, label: str, start) -> Candidate | None:
    """An inspection's summary statement (None when no span cites one), made once per engine and only when first
    offered (4 ms an inspection: at 251 reports, making them all took a second): its judgements, then what it says
    needs to improve (its recommendations, in its order) or, when it lists none, its first findings."""
    def say():
        t = r.t
        grades = sorted(((not area.lower().startswith("overall"), j, area, grade, g)
                         for j, area, (grade, g), inspection, *_ in _judgement_rows(r) if inspection == node),
                        key=lambda x: x[0])[:SUMMARY_JUDGEMENTS]  # overall first, then in reading order
        stated = [s for s, _ in t.subjects(KG.inspection, node)]  # its recommendations, findings, judgements
        items = _recommendations(t, node)
        if not items:  # its findings in paragraph order
            items = sorted((s for s in stated if t.is_a(s, KG.Finding)
                            and str(t.value(s, KG.paragraphNumber) or "").isdigit()),
                           key=lambda s: int(str(t.value(s, KG.paragraphNumber))))
        facts = [(j, KG.grade, grade, g) for _, j, _, grade, g in grades]
        lines = [(f"“{area}” — {grade_name(grade)}.", spans(r.engine, [fact]))
                 for (_, _, area, grade, _), fact in zip(grades, facts)]
        for item in items[:SUMMARY_ITEMS]:
            text = t.value(item, KG.text)
            if text is None:
                continue
            fact = (item, KG.text, text, t.graph_of(item, KG.text, text))
            said = "To improve" if t.is_a(item, KG.Recommendation) else "Found"
            lines.append((f"{said}: {_short(text, 160)}", spans(r.engine, [fact])))
            facts.append(fact)
        when = f", inspected {month_label(start)}" if start is not None else ""
        return _said("summary", lines, f"{label}{when}:", facts=tuple(facts), value="topic")

    return r.engine.remembered("summaries", node, say)


def _recommendations(t, node) -> list:
    """An inspection's recommendations (what it says needs to improve), in the report's order."""
    return [s for s, _ in t.subjects(KG.inspection, node) if t.is_a(s, KG.Recommendation)]


def recommendation_rows(t, node) -> list[tuple[str, tuple]]:
    """(its text, shortened; the fact stating it) of each of an inspection's recommendations, in the report's order:
    the lines of the list of what needs to improve, and of a brief's "To improve" when its source states none."""
    return [(_short(text, 240), (item, KG.text, text, t.graph_of(item, KG.text, text)))
            for item in _recommendations(t, node) if (text := t.value(item, KG.text)) is not None]


def _inspections_meant(r: _Reader) -> list[tuple]:
    """(share, date, node, label, start) of the inspections in the question's scope and period, the ones whose name
    or framework it names most first."""
    found = [(max(r.label_share(framework), r.label_share(label)), str(days[0] or ""), node, label, days[0])
             for node, label, framework, days, _ in _inspection_rows(r) if r.in_scope(node) and r.in_period(*days)]
    return sorted(found, key=lambda x: (-x[0], x[1]))


def _each_inspection(r: _Reader, say) -> Iterator[Candidate]:
    """``say(share, date, node, label, start)`` for the inspections the question can mean, best named first, until
    PER_CLASS of them have said something a span cites (``say`` returns None when none does)."""
    said = (say(*meant) for meant in _inspections_meant(r))
    return islice((c for c in said if c is not None), PER_CLASS)


def _improvements(r: _Reader) -> Iterator[Candidate | None]:
    """Everything an inspection the question can mean says needs to improve, in one list ("What were the areas for
    improvement for X in 2022?"): a summary gives only its first few, shortened."""
    if not r.relation("improve"):
        return ()
    def say(share, when, node, label, start):
        rows = recommendation_rows(r.t, node)
        head = (f"{label} says {len(rows)} things need to improve:" if len(rows) != 1
                else f"{label} says 1 thing needs to improve:")
        return _listed(r.engine, "improve", head, rows[:LIST_MAX], value="list", match=share,
                       relation=r.relation("improve"), source=str(node), date=when or None)

    return _each_inspection(r, say)


def _summaries(r: _Reader) -> Iterator[Candidate | None]:
    """What each inspection the question can mean found, in one statement ("What did the 2021 inspection find?"):
    the PER_CLASS inspections whose name or framework the question names most, of those a span cites."""
    def say(share, when, node, label, start):
        said = _summary(r, node, label, start)
        return said and _for_question(said, match=share, source=str(node), date=when or None)

    return _each_inspection(r, say)


def _attendance(r: _Reader) -> Iterator[Candidate | None]:
    """Who was present, sent apologies or was in attendance at the meetings of the bodies the question names."""
    t, meetings = r.t, []
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
                names = "; ".join(t.label(p) for p, _ in people)
                text = f"{heading} at the {t.label(body)} meeting of {day_label(date)}: {names}."
                yield _cited(r.engine, relation, text, [(meeting, predicate, p, g) for p, g in people], value="person",
                             match=share, relation=r.relation(relation), date=date)


def _links(r: _Reader) -> Iterator[Candidate | None]:
    """What the references the question names are linked to (a trace's first three steps), each link marked stated
    in the papers (explicit, cited by its words) or inferred by similarity (with its score)."""
    from qa import traces

    refs = [n for n in r.q.notations] + [f"para {n}" + (f" {r.q.years[0]}" if r.q.years else "") for n in r.q.paragraphs]
    for ref in refs[:3]:
        try:
            tr = traces.trace(ref, engine=r.engine)
        except CouncilKGError:  # a reference the graph cannot resolve offers nothing
            continue
        labels = {n.id: n.label for n in tr.nodes}
        reached, taken, lines = {tr.nodes[0].id} if tr.nodes else set(), [], []
        for _ in range(3):  # the start's links, then theirs: priority → source row → finding
            step = [e for e in tr.edges if e.relation != "mentionedIn" and (e.source in reached) != (e.target in reached)
                    and not any(e is seen for seen in taken)]
            for e in step:
                how = "stated in the papers" if e.link == "explicit" else \
                    f"inferred by similarity{f', score {e.score:.2f}' if e.score else ''}, not stated"
                taken.append(e)
                lines.append((f"{labels.get(e.source, e.source)} {e.relation} {labels.get(e.target, e.target)} ({how}).",
                              _quoted(e.citation)))
                reached |= {e.source, e.target}
        yield _said("link", lines[:LIST_MAX], value="text", match=1.0, exact=True, relation=r.relation("link"))


def _gaps(r: _Reader) -> Iterator[Candidate | None]:
    """The findings and recommendations of the inspections in the question's period that no priority or action
    addresses."""
    from qa import traces

    q = r.q
    if not r.relation("gaps"):
        return
    items = [g for g in traces.gaps(engine=r.engine, documents=q.documents) if g.citation is not None
             and (not q.periods or any(str(y) in f"{g.label} {g.citation.date or ''}" for y in q.years))]
    if items:
        yield _said("gaps", [(f"{g.label}: {_short(g.text, 160)}", _quoted(g.citation)) for g in items[:LIST_MAX]],
                    f"{len(items)} findings or recommendations have no linked priority or action:",
                    value="list", match=1.0, relation=1.0)


def _due_list(r: _Reader) -> Iterator[Candidate | None]:
    """The planned actions due by the date the question names (or within its period)."""
    t, q = r.t, r.q
    if not (q.due_by or q.periods) or not r.relation("due"):
        return
    rows = []
    for node in t.by_type.get(KG.PlannedAction, []):
        for date, g in t.values(node, KG.dueDate)[:1]:
            d = str(date)[:10]
            if (d <= q.due_by if q.due_by else any(a <= d <= b for a, b in q.periods)) and r.in_scope(node):
                rows.append((d, str(t.value(node, SKOS.notation) or ""), node, date, g))
    if rows:
        rows.sort(key=lambda x: (x[0], x[1]))
        by = "by " + month_label(q.due_by) if q.due_by else "in the period asked"
        yield _listed(r.engine, "due_list", f"{len(rows)} planned actions are due {by}:",
                      [(f"{code} “{_short(t.label(node), 90)}” — due {month_label(date)}.",
                        (node, KG.dueDate, date, g)) for _, code, node, date, g in rows[:LIST_MAX]],
                      value="list", match=1.0, relation=1.0)


def _grades_named(r: _Reader) -> set:
    """The grades the question names in full ("inadequate", "requires improvement to be good"): by their own words, not
    a thesaurus concept, and not only inside the name of another grade it names. "Requires improvement to be good"
    holds the grade Good as a part; "the outcome of the area SEND inspection" names the concept SEND of "Area SEND
    outcome 1", "… 2" and "… 3" alike, which is no grade."""
    named = [(frozenset(r.engine.label_weights(name)), iri) for iri, term in vocab.GRADE_BY_IRI.items()
             for name in vocab.written_names(term) if r.word_share(name) >= 0.99]
    return {iri for words, iri in named if not any(other != iri and words <= more for more, other in named)}


def _graded_areas(r: _Reader) -> Iterator[Candidate | None]:
    """Every area each inspection the question can mean judged with the grade it names ("Which areas were judged
    inadequate in Calderdale's 2015 inspection?"): a question naming no area gets only the overall judgement's
    statement from ``_judgements``."""
    grades = _grades_named(r)
    if not grades:
        return ()
    rows: dict = {}
    for j, area, (grade, g), inspection, *_ in _judgement_rows(r):
        if grade in grades:
            rows.setdefault(inspection, []).append((area, grade, j, g))
    named = " or ".join(sorted(grade_name(g) for g in grades))

    def say(share, when, node, label, start):
        if node not in rows:
            return None
        lines = [(f"“{area}” — {grade_name(grade)}.", (j, KG.grade, grade, g))
                 for area, grade, j, g in rows[node]]
        return _listed(r.engine, "graded_areas", f"{label}, areas judged {named}:", lines, value="list", match=share,
                       relation=r.relation("grade"), source=str(node), date=when or None)

    return _each_inspection(r, say)


def _authorities(r: _Reader) -> Iterator[Candidate | None]:
    """Authorities whose inspections in the question's period gave the grade it names."""
    t = r.t
    grades = _grades_named(r)
    if not grades:
        return
    rows = []
    for j, area, (grade, g), inspection, _, body, start, issued, published in _judgement_rows(r):
        if grade in grades and body is not None and r.in_period(start, issued, *published) and (
                area.lower().startswith("overall") or r.label_share(area) >= MIN_LABEL):
            rows.append((t.label(body), start, area, grade, j, g))
    if rows:
        rows.sort(key=lambda x: (x[0], x[1]))
        yield _listed(r.engine, "authorities", f"{len({row[0] for row in rows})} authorities:",
                      [(f"{body} ({month_label(start)}): “{area}” — {grade_name(grade)}.",
                        (j, KG.grade, grade, g)) for body, start, area, grade, j, g in rows[:LIST_MAX]],
                      value="list", match=1.0, relation=r.relation("authorities"))


def _plans(r: _Reader) -> Iterator[Candidate | None]:
    """The names of the plans, when the question names a plan ("What is the improvement plan called?")."""
    t = r.t
    if not r.asked & set(r.engine.label_tokens("plan")):
        return
    for node in t.by_type.get(KG.Plan, []):
        facts = label_fact(t, node)
        if facts and r.in_scope(node):
            yield _cited(r.engine, "plan", f"The plan is called “{t.label(node)}”.", facts, value="text",
                         match=r.label_share(t.label(node)), relation=1.0)


# Each generator yields its statements in order, None for one no span cites (it is not offered)
GENERATORS = (_plans, _chairs, _posts, _plan_items, _judgements, _inspections, _summaries, _improvements, _attendance, _links,
              _gaps, _due_list, _authorities, _graded_areas)


def statements(engine, q) -> list[Candidate]:
    """Every graph statement the question's words, references and period point at."""
    reader = _Reader(engine, q)
    return [c for generate in GENERATORS for c in generate(reader) if c is not None]


def label_fact(t, node) -> list[tuple]:
    """The triple naming ``node``, so an answer cites the words that say what the item is."""
    return [(node, p, o, g) for p, o, g in t.out.get(node, ()) if p in (RDFS.label, SKOS.prefLabel)][:1]
