"""Read improvement plans: plan names, themes and numbered priorities, the source table that maps
each priority to an inspection paragraph / page / review, service priorities lists, and
priority-action plans (priority actions, leads, desired outcomes, actions, due dates, measures,
links and dependencies).
"""
from __future__ import annotations

import re

from corpus.records import Document, Paragraph
from corpus.tables import tables
from councilkg import dates as D
from graph.extractors.windows import search_near
from graph.extractors.accountability.inspections import Reading, _clean, _evidence, _sub_evidence
from graph.extractors.accountability.records import Evidence, Link, PlanItem
from graph.extractors.accountability.similarity import similarity
from graph.iris import council_slug

PLAN_TITLE = re.compile(r"^[A-Z][^.:]{0,60}(?::\s+[^.:]{0,60})?\b(?:priority (?:impact|action) plan|improvement plan|action plan)"
                        r"(?:\s+(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?)?$", re.I)
PLAN_NAME = re.compile(
    r"(?:the |our )?(?P<what>[\w’' ]{0,120}?\bplan)\s+will be (?:referred to|known) as (?:the )?['‘\"“](?P<name>.{3,80}?)['’\"”](?=[\s.,;:)]|$)", re.I
)
# Searched only around this phrase (graph.extractors.windows): linear on a 5 MB line, not quadratic.
PLAN_NAME_CUE = re.compile(r"will be (?:referred to|known) as", re.I)
THEME = re.compile(r"^theme\s+(\d{1,2})\b[:.\s-]*(?P<title>.*)$", re.I)
NUMBERED_ITEM = re.compile(r"^(?:[-•■▪]\s*)?(?P<n>\d{1,2})\.(?P<m>\d{1,2})\.?\s+(?P<title>\S.*)$")
PRIORITIES_HEADING = re.compile(r"^(?:(?P<n>\d{1,2})\.0\s+)?(?P<title>(?:our |key |service )?priorities\b.*)$", re.I)
SOURCE_REF = re.compile(r"^(?:(?P<k>\d{1,2})\s+)?(?P<ref>Para(?:graph)?s?\s*[\dXx/,&\s]+|Page\s*\d+|LGA\S*|Peer review\S*)\s*$", re.I)
PA_HEADING = re.compile(r"^(?P<kind>Priority Action|Priority|Area for Improvement|Area of Improvement)\s+(?P<n>\d{1,2})\s*[:\-–—]\s*"
                        r"(?P<title>.+)$", re.I)
LEAD = re.compile(r"^(?:Priority|Workstream|Action)\s+Lead\s*:\s*(?P<leads>.+)$", re.I)
ACTION_CODE = re.compile(r"^(?P<code>\d{1,2}\.\d{1,2}[a-z])\b\s*(?P<title>.*)$")
OUTCOME_CODE = re.compile(r"^(?P<code>\d{1,2}\.\d{1,2})\s+(?P<title>\S.*)$")
DEP_CODE = re.compile(r"\b(?:(?P<scheme>AFI|PSV|PA)\s*(?P<n>\d{1,2})|(?P<action>\d{1,2}\.\d{1,2}[a-z]))\b")
# Column headings of an action table: which cell holds the lead, the due date, the status
LEAD_COLUMN = re.compile(r"^(?:(?:action |lead )?(?:lead|owner)(?: officer| person| agency)?s?|responsible(?: officer| person)?|"
                         r"who|by whom|accountable(?: officer)?)$", re.I)
DUE_COLUMN = re.compile(r"^(?:due(?: date| by)?|by when|deadline|timescales?|target date|completion date|completed? by|when)$", re.I)
STATUS_COLUMN = re.compile(r"^(?:status|rag(?: rating| status)?|progress|rating)$", re.I)
MEASURE_AREA = re.compile(r"^(?P<kind>Priority Area|Area for Improvement)\s+(?P<n>\d{1,2})\s*:\s*(?P<title>.+)$", re.I)


def plan_key(council: str, name: str, year: str | None) -> str:
    from graph.iris import slug

    name_slug = slug(name, 60)
    if name_slug.startswith(council + "-"):
        name_slug = name_slug[len(council) + 1:]
    return f"{council}-{name_slug}-{year or 'undated'}"


def read_plans(doc: Document, reading: Reading, council: str) -> None:
    """Add every plan structure found in ``doc`` to ``reading``."""
    year = (doc.date or "")[:4] or None
    paragraphs = list(doc.paragraphs)
    improvement_plan = _read_plan_names(paragraphs, reading, council, year)
    _read_themes(doc, paragraphs, reading, council, year, improvement_plan)
    _read_source_table(doc, paragraphs, reading, improvement_plan)
    _read_priority_lists(doc, paragraphs, reading, council, year)
    _read_action_plan(doc, paragraphs, reading, council)


def _read_plan_names(paragraphs, reading: Reading, council: str, year) -> str | None:
    key = None
    for p in paragraphs:
        m = search_near(PLAN_NAME, PLAN_NAME_CUE, p.text, 140, 100)
        if m:
            key = plan_key(council, "improvement plan" if "improvement" in m.group("what").lower() else m.group("what"), year)
            reading.items.append(PlanItem(key, "plan", "", m.group("name").strip(), _sub_evidence(p, m.start(), m.end())))
    return key


def _read_themes(doc, paragraphs, reading: Reading, council, year, plan: str | None) -> None:
    theme: tuple[int, Paragraph] | None = None
    titled = False
    for i, p in enumerate(paragraphs):
        text = _clean(p.text)
        m = THEME.match(text)
        if m and len(text) < 80:
            theme, titled = (int(m.group(1)), p), bool(m.group("title").strip())
            plan = plan or plan_key(council, "improvement plan", year)
            if titled:
                reading.items.append(PlanItem(plan, "theme", str(theme[0]), m.group("title").strip(), _evidence(p)))
            continue
        if theme is None:
            continue
        n = NUMBERED_ITEM.match(text)
        if n and int(n.group("n")) == theme[0]:
            reading.items.append(PlanItem(
                plan, "priority", f"{n.group('n')}.{n.group('m')}", n.group("title").strip(), _evidence(p),
                parent=str(theme[0]),
            ))
            continue
        if not titled and p.kind in ("heading", "paragraph") and len(text) < 80 and not n:
            reading.items.append(PlanItem(plan, "theme", str(theme[0]), text, Evidence(p.id, theme[1].start, p.end)))
            titled = True
            continue
        if p.kind in ("heading", "table_row") or (n is None and p.kind == "paragraph" and len(text) > 80):
            theme = None


def _read_source_table(doc, paragraphs, reading: Reading, plan: str | None) -> None:
    """A table saying where each priority comes from: bands headed 'Theme N …' (side by side or alone)
    whose rows read '10 Para 17' | title. Each row is a row of the table (never a priority itself): it
    states its source (a paragraph, a page of the report, a review) and, only where a cell says so,
    the priority it feeds. Row numbers count rows within a theme; they are not priority numbers."""
    if not plan:
        return
    ilacs = next((i.key for i in reading.inspections if i.reported), None)
    review = next((i.key for i in reading.inspections if i.framework == "peer-review"), None)
    for view in tables(doc):
        themes = _band_themes(view)
        if not themes:
            continue
        for band in view.bands:
            theme, heading = themes.get(band.index, (None, None))
            if theme is None:
                continue
            title_ = THEME.match(heading).group("title").strip()
            if title_ and band.heading_span is not None:
                reading.items.append(PlanItem(plan, "theme", str(theme), title_,
                                              Evidence(view.header_paragraph_id, band.heading_span.start, band.heading_span.end)))
            for position, row in enumerate(view.band_rows(band.index), 1):
                _read_source_row(reading, plan, theme, position, row, ilacs, review)


def _band_themes(view) -> dict[int, tuple[int, str]]:
    """band index -> (theme number, heading) for bands headed 'Theme N …' (a side-by-side band's heading,
    or the header cell over a single band's first column)."""
    out = {}
    for band in view.bands:
        heading = band.heading or next((h for h in band.column_headings if h), None)
        m = THEME.match(_clean(heading or ""))
        if m:
            out[band.index] = (int(m.group(1)), _clean(heading))
    return out


def _read_source_row(reading: Reading, plan: str, theme: int, position: int, row, ilacs, review) -> None:
    ref_cell = next((c for c in row.filled if SOURCE_REF.match(c.text)), None)
    if ref_cell is None:
        return
    m = SOURCE_REF.match(ref_cell.text)
    number = int(m.group("k")) if m.group("k") else position
    others = [c for c in row.filled if c is not ref_cell]
    title_cell = max(others, key=lambda c: len(c.text), default=None)
    ev = Evidence(row.paragraph_id, row.span.start, row.span.end)
    ref = " ".join(m.group("ref").split())
    item = PlanItem(f"{plan}-sources", "source-row", f"{theme}.{number}", title_cell.text if title_cell else "", ev,
                    parent=str(theme), reference=ref)
    reading.items.append(item)
    subject = ("row", item.plan, item.notation)
    # A cell naming a priority by its notation states the row -> priority link (rare; checked in analyse).
    for c in others:
        if re.fullmatch(r"\d{1,2}\.\d{1,2}", c.text) and c is not title_cell:
            reading.links.append(Link("feeds", subject, ("item", plan, c.text), Evidence(row.paragraph_id, c.span.start, c.span.end)))
    low = ref.lower()
    if low.startswith("para") and ilacs:
        numbers = re.findall(r"\d+", ref)
        if not numbers:
            reading.links.append(Link("unresolved", subject, ("reference", ref), ev))
        for num in numbers:
            reading.links.append(Link("arisesFrom", subject, ("finding", ilacs, int(num)), ev))
    elif low.startswith("page") and ilacs:
        reading.links.append(Link("arisesFrom", subject, ("page", ilacs, int(re.search(r"\d+", ref).group())), ev))
    elif review:
        reading.links.append(Link("arisesFrom", subject, ("inspection", review), ev))
    else:
        reading.links.append(Link("unresolved", subject, ("reference", ref), ev))


def _read_priority_lists(doc, paragraphs, reading: Reading, council, year) -> None:
    """'6.0 PRIORITIES FOR ACADEMIC YEAR 2021 – 22' followed by '6.1 …' items: a service's priorities."""
    plan: tuple[str, int] | None = None
    for p in paragraphs:
        text = _clean(p.text)
        m = PRIORITIES_HEADING.match(text)
        if m and m.group("n") and len(text) < 120 and p.kind in ("heading", "paragraph", "list_item"):
            part = doc.part(p.part_id) if p.part_id else None
            name = f"{part.title}: {m.group('title').strip()}" if part else m.group("title").strip()
            year = re.search(r"\b(19|20)\d\d\b", text)
            key = plan_key(council, f"{part.title if part else ''} priorities", year.group() if year else (doc.date or "")[:4] or None)
            plan = (key, int(m.group("n")))
            reading.items.append(PlanItem(key, "plan", "", name, _evidence(p)))
            continue
        if plan is None:
            continue
        n = NUMBERED_ITEM.match(text)
        if n and int(n.group("n")) == plan[1]:
            reading.items.append(PlanItem(plan[0], "priority", f"{n.group('n')}.{n.group('m')}", n.group("title").strip(), _evidence(p)))
        elif n or p.kind == "heading":
            plan = None


def _split_leads(text: str) -> list[tuple[str, str | None]]:
    """'Jeanette Richards (Executive DCS) & Will Blandamer (Director …, NHS GM)' → [(name, post)]."""
    out, depth, buf = [], 0, ""
    for ch in text + "&":
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch in "&;" and depth == 0:
            m = re.match(r"^\s*(?P<name>[^()]+?)\s*(?:\((?P<post>.*)\))?\s*$", buf)
            if m and m.group("name"):
                out.append((m.group("name").strip(" ,"), (m.group("post") or None)))
            buf = ""
        else:
            buf += ch
    return out


def _read_action_plan(doc, paragraphs, reading: Reading, council) -> None:
    """Priority actions / areas for improvement with leads and action tables ('1.1a … By When …')."""
    plan: str | None = None
    heads = [(i, PA_HEADING.match(_clean(p.text))) for i, p in enumerate(paragraphs)]
    current: PlanItem | None = None
    outcome: str | None = None
    last_action: PlanItem | None = None
    leads: tuple = ()
    measure_area: str | None = None
    candidate: tuple[Paragraph, int] | None = None
    # each table row read by its table's column model (corpus.tables): the row's cells with their headings
    rows = {r.paragraph_id: r for view in tables(doc) if not view.side_by_side for r in view.rows}
    for i, p in enumerate(paragraphs):
        text = _clean(p.text)
        if p.kind in ("heading", "field") and PLAN_TITLE.match(_clean(p.text.split("\n", 1)[0])):
            candidate = (p, i)  # a title line, alone or opening a title block ("… Plan 2025-2027\nProgress report …")
        m = heads[i][1]
        starts_plan = (m and _has_lead(paragraphs, heads, i)) or (MEASURE_AREA.match(text) and len(text) < 120)
        if plan is None and starts_plan and candidate is not None:
            title_p, k = candidate
            part = doc.part(title_p.part_id) if title_p.part_id else None
            if part is not None and part.kind == "plan" and PLAN_TITLE.match(part.title):
                title = part.title
            else:
                title = _clean(title_p.text.split("\n", 1)[0])
            year = D.month_year(" ".join(q.text for q in paragraphs[k + 1:k + 3])) or (part.date if part and part.date else doc.date) or ""
            plan = plan_key(council, title, year[:4] or None)
            reading.items.append(PlanItem(plan, "plan", "", title, _evidence(title_p)))
        if plan is None:
            continue
        mm = MEASURE_AREA.match(text)
        if mm and len(text) < 120:
            kind = "priority-action" if mm.group("kind").lower().startswith("priority") else "area-for-improvement"
            measure_area = _notation(kind, mm.group("n"))
            continue
        if measure_area and p.kind == "list_item" and current is None:
            label = re.sub(r"^[-•]\s*", "", text)
            reading.indicators.append((plan, measure_area, label, _evidence(p)))
            continue
        if m:
            # An index repeats the headings: a real heading is followed by its lead before the next heading.
            if not _has_lead(paragraphs, heads, i):
                continue
            lead_p = next((q for q in paragraphs[i + 1:i + 12] if LEAD.match(_clean(q.text))), None)
            kind = "area-for-improvement" if "area" in m.group("kind").lower() else "priority-action"
            leads = tuple(_row_leads(LEAD.match(_clean(lead_p.text)).group("leads"))) if lead_p is not None else ()
            current = PlanItem(plan, kind, _notation(kind, m.group("n")), m.group("title").strip(), _evidence(p), leads=leads)
            reading.items.append(current)
            if lead_p is not None:
                reading.links.append(Link("leadOfficer", ("item", plan, current.notation), ("leads", leads), _evidence(lead_p)))
            measure_area = None
            continue
        if current is None or p.kind != "table_row":
            continue
        row = rows.get(p.id)
        if row is None:  # the table's header line (its column headings), or a row of side-by-side tables
            continue
        cells = [(c.text, c.span.start, c.span.end) for c in row.cells]
        texts = [c[0] for c in cells]
        oc = OUTCOME_CODE.match(texts[0]) if texts else None
        if oc and not ACTION_CODE.match(texts[0]):
            outcome = oc.group("code")
            reading.items.append(PlanItem(plan, "outcome", outcome, oc.group("title").strip(), Evidence(p.id, cells[0][1], cells[0][2]), parent=current.notation))
        a_idx = next((k for k, t in enumerate(texts) if ACTION_CODE.match(t)), None)
        if a_idx is None:
            if last_action and any(texts):
                extra = [t for t in texts if t and not DEP_CODE.sub("", t).strip() == ""]
                if extra:
                    reading.items.append(PlanItem(plan, "measure", last_action.notation, " ".join(extra), _evidence(p)))
            continue
        am = ACTION_CODE.match(texts[a_idx])
        columns = [c.heading or "" for c in row.cells]
        lead_cell = _cell(cells, columns, LEAD_COLUMN)
        status_cell = _cell(cells, columns, STATUS_COLUMN)
        rest = [c for c in cells[a_idx + 1:] if c is not lead_cell and c is not status_cell]
        due_cell = _cell(cells, columns, DUE_COLUMN)
        due_cell = due_cell if due_cell and D.MONTH_YEAR.search(due_cell[0]) else next(
            (c for c in rest if D.MONTH_YEAR.search(c[0]) and len(c[0]) < 40), None)
        dep_cell = next((c for c in rest if c[0] and DEP_CODE.search(c[0]) and not DEP_CODE.sub("", c[0]).strip()), None)
        # "3.2b | Commission an independent provider … | lead | due": the code alone in its cell, the action beside it
        title_cell = rest[0] if not am.group("title").strip() and rest and rest[0] is not due_cell else None
        title = am.group("title").strip() or (title_cell[0] if title_cell else "")
        measures = tuple(c[0] for c in rest if c[0] and c is not due_cell and c is not dep_cell and c is not title_cell)
        code = am.group("code")
        parent = code[:-1] if outcome is None or not code.startswith(outcome + "") else outcome
        own_leads = tuple(_row_leads(lead_cell[0])) if lead_cell and lead_cell[0] else ()
        action = PlanItem(
            plan, "action", code, title, Evidence(p.id, cells[a_idx][1], (title_cell or cells[a_idx])[2]),
            parent=parent, due=_due_as_written(due_cell[0]) if due_cell else None, due_text=due_cell[0] if due_cell else None,
            measures=measures, leads=own_leads or current.leads,
        )
        reading.items.append(action)
        if own_leads:
            reading.links.append(Link("actionLead", ("item", plan, code), ("leads", own_leads),
                                      Evidence(p.id, lead_cell[1], lead_cell[2])))
        last_action = action
        row_ev = Evidence(p.id, cells[a_idx][1], max(c[2] for c in cells))
        reading.links.append(Link("addresses", ("item", plan, code), ("item", plan, current.notation), row_ev))
        if due_cell:
            reading.links.append(Link("dueDate", ("item", plan, code), ("date", action.due, due_cell[0]), Evidence(p.id, due_cell[1], due_cell[2])))
        if dep_cell:
            for dm in DEP_CODE.finditer(dep_cell[0]):
                if dm.group("action"):
                    target = ("item", plan, dm.group("action"))
                elif dm.group("scheme") == "AFI":
                    target = ("item", plan, f"AFI{dm.group('n')}")
                elif dm.group("scheme") == "PA":
                    target = ("item", plan, f"PA{dm.group('n')}")
                else:
                    target = ("external", dm.group("scheme"), f"{dm.group('scheme')}{dm.group('n')}")
                reading.links.append(Link("dependsOn", ("item", plan, code), target, Evidence(p.id, dep_cell[1], dep_cell[2])))


def _due_as_written(text: str) -> str | None:
    """A deadline at the precision printed: 'September 2024' → '2024-09' (a month stays a month),
    'September - December 2024' → '2024-12' (due by the range's end), '31 March 2025' → '2025-03-31'."""
    single = D.parse_single(text)
    found = list(D.MONTH_YEAR.finditer(text))
    if not found:
        return single
    last = found[-1]
    month = D.Period.month(int(last.group("y")), D.month_number(last.group("m"))).iso
    return single if single and single.startswith(month) else month


def _cell(cells, columns: list[str], heading: re.Pattern):
    """The row's cell under the first column whose heading matches (None without such a column)."""
    k = next((k for k, name in enumerate(columns) if heading.match(name.strip(" *:"))), None)
    return cells[k] if k is not None and k < len(cells) and cells[k][0] else None


_NAME_THEN_POST = re.compile(r"^(?P<name>(?:(?:Dr|Mr|Mrs|Ms|Miss|Professor|Cllr|Councillor)\.?\s+)?[A-Z][a-z'’-]+(?:\s+[A-Z]\.?)?"
                             r"(?:\s+[A-Z][A-Za-z'’-]+){1,2}),\s+(?P<post>\S.*)$")


def _row_leads(text: str) -> list[tuple[str, str | None]]:
    """A lead cell's people: 'Rebecca Strand, ICB Associate Director …' → [('Rebecca Strand', 'ICB Associate …')];
    'Name (Post) & Name (Post)' as for priority leads; a post alone ('Head of SEND') is kept as a post-less lead."""
    text = " ".join(text.split())
    m = _NAME_THEN_POST.match(text)
    if m and "&" not in text and ";" not in text and not _ROLE_WORD.search(m.group("name")):
        return [(m.group("name"), m.group("post"))]
    return [(name, post) for name, post in _split_leads(text) if not _ROLE_WORD.search(name) and len(name.split()) <= 4]


# Words of a post or team, never of a personal name: a lead cell reading "Head of SEND" names no person
_ROLE_WORD = re.compile(r"\b(?:Head|Director|Manager|Lead|Officer|Team|Service|Services|Board|Council|Partnership|"
                        r"Commissioning|Commissioner|Advisor|Adviser|Coordinator|Co-ordinator|All|Each|ICB|NHS|SEND|of|and|for)\b")


def _has_lead(paragraphs, heads, i) -> bool:
    """A priority heading is real (not an index entry) when its lead line or its action table follows it."""
    for j in range(i + 1, min(i + 12, len(paragraphs))):
        if heads[j][1]:
            return False
        if LEAD.match(_clean(paragraphs[j].text)):
            return True
        if paragraphs[j].kind == "table_row" and ACTION_CODE.match(_clean(paragraphs[j].text.split("\t", 1)[0])):
            return True
    return False


def _notation(kind: str, n: str) -> str:
    return ("PA" if kind == "priority-action" else "AFI") + str(int(n))


def link_plans_to_inspections(doc: Document, reading: Reading) -> None:
    """A plan answers an inspection when its text says it responds to it ('Source: Ofsted Dec 2021')."""
    plans = {i.plan: i for i in reading.items if i.kind == "plan"}
    if not plans:
        return
    for p in doc.paragraphs:
        text = p.text
        m = re.search(r"(?:source:\s*ofsted|respond(?:ing|s)? to (?:the )?(?:ofsted|priority actions|findings|inspection)|identified in the inspection|ofsted findings)", text, re.I)
        if not m:
            continue
        part_plans = sorted({it.plan.removesuffix("-sources") for it in reading.items if _same_part(doc, it.evidence, p)} & set(plans))
        for key in part_plans:
            want = "area-send" if any(i.plan == key and i.kind == "priority-action" for i in reading.items) else None
            cands = [i for i in reading.inspections if (i.framework == want if want else i.framework in ("ilacs", "sif"))]
            reported = [i for i in cands if i.reported] or cands
            if reported:
                target = sorted(reported, key=lambda i: i.start or i.key)[-1]
                reading.links.append(Link("respondsTo", ("plan", key), ("inspection", target.key), _sub_evidence(p, m.start(), m.end())))
            if re.search(r"\bLGA\b", text):
                for i in reading.inspections:
                    if i.framework == "peer-review":
                        reading.links.append(Link("respondsTo", ("plan", key), ("inspection", i.key), _evidence(p)))
                        break


def _same_part(doc: Document, ev: Evidence, p: Paragraph) -> bool:
    try:
        return doc.part(p.part_id).span.start <= ev.start < doc.part(p.part_id).span.end
    except StopIteration:
        return False
