"""Read inspection reports (ILACS, SIF, Area SEND, visits) and inspections mentioned in prose.

Works on any Document the corpus layer produced (text or PDF): it walks the paragraphs in
order, recognising a report by its title and header fields ("Inspection dates:", "Lead
inspector:"), then the judgement table, judgement headings, numbered paragraphs, "What needs to
improve?" items and recommendations. Nothing here names Bury or one report's wording.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from corpus.records import Document, Paragraph
from councilkg import dates as D
from graph.extractors.windows import search_near
from graph.extractors.accountability.records import (
    Evidence, Finding, Inspection, Judgement, Link, Recommendation, Strength,
)
from graph.extractors.accountability.vocab import (
    GRADE_WORDS, area_key, grade_first_words, grade_key, send_outcome_key, split_area_grade, topics_of,
)
from graph.iris import council_slug
from ontology import vocab

APOS = r"['’]"
TITLES: list[tuple[str, re.Pattern]] = [
    ("ilacs", re.compile(rf"^(?:Ofsted\s+)?Inspection of (?:(?P<body>.+?) )??(?:local authority )?children{APOS}s (?:social care )?"
                         rf"services\.?$", re.I)),
    ("sif", re.compile(r"^Inspection of services for children in need of help and protection", re.I)),
    ("area-send", re.compile(r"^Area SEND inspection of (?P<body>.+?)(?: local area partnership)?\.?$", re.I)),
    ("area-send", re.compile(r"^Joint local area SEND inspection (?:in|of) (?P<body>.+?)\.?$", re.I)),
    ("focused-visit", re.compile(rf"^Focused visit to (?P<body>.+?)(?: local authority)? children{APOS}s services", re.I)),
    ("monitoring-visit", re.compile(rf"^Monitoring visit (?:of|to) (?P<body>.+?)(?: local authority)? children{APOS}s services", re.I)),
]
FRAMEWORK_INSPECTORATES = {
    "ilacs": ("ofsted",), "sif": ("ofsted",), "jtai": ("ofsted", "cqc", "hmicfrs", "hmi-probation"), "area-send": ("ofsted", "cqc"),
    "focused-visit": ("ofsted",), "monitoring-visit": ("ofsted",), "peer-review": ("lga",),
}
NUMBERED = re.compile(r"^(?:[-•■▪o]\s+)?(\d{1,3})\.\s+\S")
LIST_MARK = re.compile(r"^\s*(?:[-•●▪◼■◾►➢−―\ue000-\uf8ff]|o\s)\s*")
FIELD = re.compile(r"^(?P<role>[A-Z][A-Za-z ]{2,40}?):\s*(?P<value>.+)$")
END_OF_REPORT = re.compile(
    r"^The Office for Standards in Education, Children.s Services and Skills \(Ofsted\) regulates|©\s*Crown copyright", re.I
)
OVERALL = re.compile(
    rf"^Children{APOS}s services in (?P<body>.+?) (?:are|is|requires?) (?P<grade>{GRADE_WORDS}|improvement to be good)\.?$",
    re.I,
)
GRADED = re.compile(rf"graded judgement (?:for|about|on) (?P<area>.+?) is that (?:it|they) (?:is |are )?(?P<grade>{GRADE_WORDS})", re.I)
IS_GRADE = re.compile(rf"^(?P<area>.{{3,140}}?) (?:is|are|requires?|was judged(?: to be)?) (?P<grade>{GRADE_WORDS})\.?$", re.I)
AREA_COLON = re.compile(rf"^(?P<area>[^:]{{10,140}}):\s*(?:{grade_first_words()})\b", re.I)
LEAD_IN_TEXT = re.compile(
    r"(?P<name>[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2}),\s*(?:(?:Ofsted|CQC)\s+)?(?:HMI|His Majesty.s Inspector|Her Majesty.s Inspector|inspector)?,?\s*lead inspector"
)
RECOMMENDATION_START = re.compile(r"(?<=[.])\s+(?=(?:Leaders|The (?:local area )?partnership|The local authority|The council)\b)")
SECTION_MODES = [
    (re.compile(r"^what needs to improve", re.I), "improve"),
    (re.compile(r"^what does the (?:local )?area partnership need to do better", re.I), "improve"),
    (re.compile(r"^recommendations?$", re.I), "recommendations"),
    (re.compile(r"^areas? for priority action", re.I), "priority-action"),
    (re.compile(r"^areas? for improvement", re.I), "area-for-improvement"),
    (re.compile(r"^(?:strengths|what is working well|what is the (?:local )?area partnership doing that is effective)", re.I), "strengths"),
    (re.compile(r"^(?:inspection findings|summary$|executive summary|main findings)", re.I), "findings"),
    (re.compile(r"^(?:summary for children|information about this|local area partnership details|the inspection team|inspection team)", re.I), "tail"),
]


@dataclass
class Reading:
    """Everything the accountability parsers read from one document."""

    inspections: list[Inspection] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    strengths: list[Strength] = field(default_factory=list)
    items: list = field(default_factory=list)  # PlanItem
    links: list[Link] = field(default_factory=list)
    indicators: list = field(default_factory=list)  # (plan, notation, label, Evidence)
    conflicts: list[str] = field(default_factory=list)


def display_name(name: str) -> str:
    """'Eastborough Metropolitan Borough Council' → 'Eastborough'."""
    name = re.sub(r"\b(metropolitan|borough|county|city|district|council|local area partnership|local area)\b", " ", name, flags=re.I)
    return " ".join(name.split()) or "Unknown"


def inspection_key(council: str, framework: str, start: str | None) -> str:
    return f"{council}-{framework}-{(start or 'undated')[:7]}"


def _evidence(p: Paragraph, start: int | None = None, end: int | None = None) -> Evidence:
    return Evidence(p.id, p.start if start is None else start, p.end if end is None else end)


def _sub_evidence(p: Paragraph, i: int, j: int) -> Evidence:
    s, e = p.doc_range(i, j)
    return Evidence(p.id, s, e)


def _clean(text: str) -> str:
    return text.replace("**", "").strip().strip("*").strip()


def _number(p: Paragraph) -> int | None:
    if p.label and p.label.isdigit():
        return int(p.label)
    m = NUMBERED.match(p.text)
    return int(m.group(1)) if m else None


def _names(value: str) -> list[str]:
    """'Peter McEntee, Susan Myers, Gary Lamb (additional inspector)' → names, posts dropped."""
    value = re.sub(r"\([^)]*\)", "", value)
    out = []
    for part in re.split(r",|;|\band\b", value):
        part = part.strip(" .")
        if not part or re.search(r"inspector|hmi\b|ofsted|cqc|majesty", part, re.I):
            continue
        if re.fullmatch(r"[A-Z][A-Za-z'’\-]+(?: [A-Z][A-Za-z'’\-]+){1,3}", part):
            out.append(part)
    return out


def _council_near(paragraphs: list[Paragraph], i: int) -> str | None:
    """The inspected council named just above a title ('Bury Borough Council')."""
    for p in reversed(paragraphs[max(0, i - 3):i]):
        if re.search(r"\bcouncil\b", p.text, re.I) and len(p.text) < 80:
            return _clean(p.text)
    return None


def _report_starts(paragraphs: list[Paragraph]) -> list[tuple[int, str, str | None]]:
    starts = []
    for i, p in enumerate(paragraphs):
        text = _clean(p.text)
        if len(text) > 200:
            continue
        for framework, pattern in TITLES:
            m = pattern.match(text)
            if m:
                body = m.groupdict().get("body") or _council_near(paragraphs, i)
                starts.append((i, framework, body))
                break
    return starts


def _heading_like(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) < 80 and not re.search(r"[.,;]$", line)


def _structural(line: str) -> bool:
    """A line that starts a unit of its own wherever a PDF reader left it."""
    t = _clean(line)
    if not t or len(t) > 200:
        return False
    return bool(
        any(pat.match(t) for _, pat in TITLES) or any(pat.match(t) for pat, _ in SECTION_MODES)
        or GRADED.search(t) or re.match(r"^the graded judgement", t, re.I) or OVERALL.match(t) or (FIELD.match(t) and len(t) < 120)
        or (IS_GRADE.match(t) and area_key(IS_GRADE.match(t).group("area")))
        or (grade_key(t) and len(t) < 40) or NUMBERED.match(t) or LIST_MARK.match(line)
        or (len(t) < 160 and split_area_grade(t) is not None)
        or bool((m := AREA_COLON.match(t)) and area_key(m.group("area")))
    )


def _ends_sentence(line: str) -> bool:
    return bool(re.search(r"[.?!:]\s*$", line))


def units(doc: Document) -> list[Paragraph]:
    """Paragraphs, with headings, grades and numbered lines that a PDF reader merged into one
    block split off again. Each unit keeps the original paragraph id and exact document spans.
    """
    from dataclasses import replace as _replace

    from corpus.records import Span

    out: list[Paragraph] = []
    for p in doc.paragraphs:
        lines = p.text.split("\n")
        if p.kind == "table_row" or len(lines) == 1:
            out.append(p)
            continue
        groups: list[list[int]] = []  # line indexes
        for k, line in enumerate(lines):
            if not groups:
                groups.append([k])
                continue
            prev = lines[groups[-1][-1]]
            only_headings = all(_heading_like(lines[i]) for i in groups[-1])
            if (_ends_sentence(prev) and (_structural(line) or _heading_like(line))) or \
                    (only_headings and _heading_like(prev)) or (_structural(line) and not _structural(prev) and _ends_sentence(prev)):
                groups.append([k])
            elif _structural(line) and (_heading_like(prev) or _ends_sentence(prev) or split_area_grade(_clean(prev))):
                groups.append([k])
            else:
                groups[-1].append(k)
        if len(groups) == 1:
            out.append(p)
            continue
        offsets, pos = [], 0
        for line in lines:
            offsets.append((pos, pos + len(line)))
            pos += len(line) + 1
        for n, group in enumerate(groups):
            i, j = offsets[group[0]][0], offsets[group[-1]][1]
            s_, e_ = p.doc_range(i, j)
            text = p.text[i:j].replace("\n", " ")
            m = NUMBERED.match(text)
            kind = "heading" if _heading_like(text) and not m else ("list_item" if LIST_MARK.match(text) else p.kind if n == 0 else "paragraph")
            out.append(_replace(p, text=text, spans=(Span(s_, e_, p.page),), kind=kind, label=m.group(1) if m else (p.label if n == 0 else None)))
    return out


def read_reports(doc: Document, reading: Reading) -> None:
    """Add every inspection report found in ``doc`` (and its contents) to ``reading``.

    The header and judgements are read from the report's lines (``ofsted``: titles and table rows
    wrapped across lines); findings and recommendations from its paragraphs. Reports whose title the
    line reader does not know are read from paragraphs as before.
    """
    from graph.extractors.accountability import ofsted

    paragraphs = units(doc)
    lines = ofsted.lines_of(doc)
    fronts = ofsted.find_reports(doc, lines)
    covered: list[tuple[int, int]] = []
    for n, front in enumerate(fronts):
        start = front.title.start
        stop = lines[front.last_line].start if front.last_line < len(lines) else len(doc.text)
        covered.append((start, stop))
        ofsted.read_judgements(doc, lines, front)
        _read_front(doc, paragraphs, front, start, stop, reading)
    starts = [s for s in _report_starts(paragraphs)
              if not any(a <= paragraphs[s[0]].start < b for a, b in covered)]
    for n, (i, framework, body) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else len(paragraphs)
        _read_report(paragraphs, i, stop, framework, body, reading)


def _anchor(paragraphs: list[Paragraph], start: int, end: int) -> Evidence:
    """Evidence for document range [start, end), anchored to the paragraph it starts in (or the next)."""
    for p in paragraphs:
        if p.end > start:
            return Evidence(p.id, start, end)
    return Evidence(paragraphs[-1].id, start, end)


def _read_front(doc: Document, paragraphs: list[Paragraph], front, start: int, stop: int, reading: Reading) -> None:
    """An Inspection (and its judgements, findings, recommendations) from a report the line reader found."""
    council = council_slug(front.authority.value) if front.authority else "unknown"
    key = inspection_key(council, front.framework, front.start.value if front.start else None)
    evidence = {"title": _anchor(paragraphs, front.title.start, front.title.end)}
    for name, stated in (("dates", front.dates), ("published", front.published), ("lead", front.lead),
                         ("authority", front.authority)):
        if stated is not None:
            evidence[name] = _anchor(paragraphs, stated.start, stated.end)
    team = tuple((role, stated.value) for role, stated in front.team)
    for role, stated in front.team:
        evidence[f"team:{stated.value}"] = _anchor(paragraphs, stated.start, stated.end)
    reading.inspections.append(Inspection(
        key=key, framework=front.framework, council=council, team=team,
        council_name=front.authority.value if front.authority else "Unknown",
        inspectorates=FRAMEWORK_INSPECTORATES.get(front.framework, ("ofsted",)),
        start=front.start.value if front.start else None, end=front.end.value if front.end else None,
        published=front.published.value if front.published else None,
        lead_inspector=front.lead.value if front.lead else None, title=front.title.value, reported=True,
        evidence=evidence, type=front.type,
    ))
    for area, grade, s, e, how in front.judgements:
        if grade in vocab.GRADES:
            reading.judgements.append(Judgement(key, area, grade, _anchor(paragraphs, s, e), how))
    reading.conflicts.extend(f"{key} {c}" for c in front.conflicts)
    body = [p for p in doc.paragraphs if front.body_start <= p.start < stop]
    # Judgement headings the segmenter left inside a paragraph still start their area's findings
    inside = [(e, area) for area, _, s, e, how in front.judgements if how != "table"
              and any(p.start < s < p.end for p in body)]
    _read_sections(body, key, reading, inside, send=front.framework == "area-send")


IMPROVE_ITEM = (30, 600)  # characters: an unbulleted "What needs to improve" point, not a heading or a page


def _read_sections(paragraphs: list[Paragraph], key: str, reading: Reading, marks: list[tuple[int, str]] = (),
                   send: bool = False) -> None:
    """Findings (numbered paragraphs, with the judgement area they sit under) and recommendations ("What
    needs to improve?" items, numbered recommendations) of a report, from its segmented paragraphs.

    A section heading sets what the paragraphs under it are; a judgement heading (an area, with or
    without its grade) starts a findings section of that area.
    """
    marks = sorted(marks)
    mode: str | None = None
    area: str | None = None
    board = False  # past the review of the Local Safeguarding Children Board: its recommendations are the board's
    last_number: int | None = None
    counters: dict[str, int] = {}
    for p in paragraphs:
        text = " ".join(_clean(p.text).split())
        if not text:
            continue
        while marks and marks[0][0] <= p.start:  # a judgement the line reader found above this paragraph
            area = marks.pop(0)[1]
            mode = "findings"
        if p.kind == "table_row":
            continue  # a contents or judgement table: no section starts in it
        number = int(p.label) if p.label and p.label.isdigit() else None
        if number is not None and last_number is not None and not 0 < number - last_number <= 2 and number != 1:
            number = None  # "(paragraph / 138)." wrapped: not the next of the report's consecutive numbers
        if number is not None:
            last_number = number
        if number is None and len(text) < 200 and (p.kind == "heading" or not re.search(r"[.;]$", text)
                                                   or (len(text.split()) <= 25 and _heading_area(text))):
            new_mode = next((md for pat, md in SECTION_MODES if pat.match(text)), None)
            heading_area = _heading_area(text)
            if new_mode or heading_area:
                mode = new_mode or "findings"
                area = heading_area or (area if mode == "findings" else None)
                board = board or heading_area == "lscb"
                continue
            if p.kind == "heading" and mode == "improve":
                mode = None  # the list ended at another heading
        if number is not None:
            body = _strip_number(text)
            if mode == "improve" and number != counters.get(mode, 0) + 1:
                mode = None  # the numbered findings after an unnumbered list
            if mode in ("recommendations", "improve"):
                counters[mode] = max(counters.get(mode, 0), number)
                recommend_kind = "recommendation" if mode == "recommendations" else "improve"
                reading.recommendations.append(Recommendation(key, recommend_kind, number, "lscb" if board else "council",
                                                              body, topics_of(body), _evidence(p)))
            elif mode != "tail":
                reading.findings.append(Finding(key, number, area, topics_of(body), _evidence(p)))
            continue
        if send and number is None and mode in (None, "findings"):
            outcome = send_outcome_key(text)
            if outcome and (len(text) < 200 or re.match(r"^(there are|the local area partnership)", text, re.I)):
                if not any(j.inspection == key and j.area == "area-send" for j in reading.judgements):
                    reading.judgements.append(Judgement(key, "area-send", outcome, _evidence(p), "prose"))
                continue
        if mode in ("improve", "priority-action", "area-for-improvement", "strengths") and (
                p.kind == "list_item" or (IMPROVE_ITEM[0] < len(text) < IMPROVE_ITEM[1] and p.kind == "paragraph")):
            item = LIST_MARK.sub("", text).strip()
            counters[mode] = counters.get(mode, 0) + 1
            if mode == "strengths":
                reading.strengths.append(Strength(key, counters[mode], item, _evidence(p)))
            else:
                reading.recommendations.append(Recommendation(
                    key, mode, counters[mode], "council" if mode == "improve" else "partnership", item,
                    topics_of(item), _evidence(p)))


def _heading_area(text: str) -> str | None:
    """The judgement area a section heading names ("The experiences and progress of children in care:
    good", "Leadership, management and governance Outstanding"), or None for any other heading."""
    from graph.extractors.accountability.ofsted import _area_of, _grade_at_end

    sentence = text.endswith(".")
    text = re.sub(r"(?<=[a-z])\.$", "", text)  # "… requires improvement to be good." standing alone
    m = _grade_at_end(text)
    if sentence and m is None:
        return None  # a sentence heads a section only when it states the grade
    label = text[:m.start("grade")] if m else text
    if len(label.split()) > 18 or label.rstrip().endswith("."):
        return None
    area = _area_of(label)
    return area if area != "overall-effectiveness" else None


def _read_report(paragraphs, i0, stop, framework, body, reading: Reading) -> None:
    title_p = paragraphs[i0]
    fields: dict[str, tuple[str, Evidence]] = {}
    team: list[tuple[str, str]] = []
    team_evidence: dict[str, Evidence] = {}
    end = stop
    for j in range(i0 + 1, stop):
        p = paragraphs[j]
        text = _clean(p.text)
        if END_OF_REPORT.search(text):
            end = j
            break
        if j > i0 + 1 and any(pat.match(text) for _, pat in TITLES):
            end = j
            break
        m = FIELD.match(text)
        if m and len(text) < 300:
            role = m.group("role").strip().lower()
            value = m.group("value").strip()
            if role in ("inspection dates", "inspection date", "dates of inspection", "date of inspection"):
                fields.setdefault("dates", (value, _evidence(p)))
            elif role in ("report published", "date of publication", "publication date", "published"):
                fields.setdefault("published", (value, _evidence(p)))
            elif role == "lead inspector":
                names = _names(value)
                if names:
                    fields.setdefault("lead", (names[0], _evidence(p)))
            elif role in ("ofsted", "care quality commission", "cqc", "hmicfrs", "hmi probation") and "inspector" in value.lower():
                names = _names(value)
                if names and "lead inspector" in value.lower():
                    fields.setdefault("lead", (names[0], _evidence(p)))
                for name in names:
                    team.append((f"{role} inspector", name))
                    team_evidence[f"team:{name}"] = _evidence(p)
            elif "inspector" in role or role in ("senior data analyst", "quality assurance manager"):
                for name in _names(value):
                    team.append((role, name))
                    team_evidence[f"team:{name}"] = _evidence(p)
    # Letters (monitoring and focused visits) state dates and inspectors in prose.
    if "dates" not in fields:
        for p in paragraphs[i0 + 1:min(end, i0 + 8)]:
            r = D.parse_range(p.text)
            if r and re.search(r"\b(visit|inspection|inspected)\b", p.text, re.I):
                fields["dates"] = (p.text[r[2][0]:r[2][1]], _sub_evidence(p, *r[2]))
                break
    for j in range(i0 + 1, end):
        p = paragraphs[j]
        m = re.search(r"inspectors for this visit were\s+(?P<names>[^.]+)", p.text, re.I)
        if m:
            for name in _names(m.group("names")):
                team.append(("inspector", name))
                team_evidence[f"team:{name}"] = _sub_evidence(p, m.start(), m.end())
        if re.match(r"^yours sincerely", _clean(p.text), re.I) and "lead" not in fields:
            nxt = paragraphs[j + 1] if j + 1 < len(paragraphs) else None
            names = _names(nxt.text.split("\n")[0]) if nxt is not None else []
            if names:
                fields["lead"] = (names[0], Evidence(nxt.id, nxt.start, nxt.start + len(nxt.text.split("\n")[0])))
    if "lead" not in fields:
        for p in paragraphs[i0 + 1:end]:
            m = LEAD_IN_TEXT.search(p.text)
            if m:
                fields["lead"] = (m.group("name"), _sub_evidence(p, m.start(), m.end()))
                break
    # Body: from the title, else from "Children's services in X ..." in the header
    if not body:
        for p in paragraphs[i0:min(end, i0 + 15)]:
            m = OVERALL.match(_clean(p.text))
            if m:
                body = m.group("body")
                break
    council = council_slug(body or "unknown")
    start_date = end_date = published = None
    if "dates" in fields:
        r = D.parse_range(fields["dates"][0]) or None
        if r:
            start_date, end_date = r[0], r[1]
        else:
            start_date = D.parse_single(fields["dates"][0])
            end_date = start_date
    if "published" in fields:
        published = D.parse_single(fields["published"][0])
    key = inspection_key(council, framework, start_date)
    evidence = {"title": _evidence(title_p)}
    if "dates" in fields:
        evidence["dates"] = fields["dates"][1]
    if "published" in fields:
        evidence["published"] = fields["published"][1]
    if "lead" in fields:
        evidence["lead"] = fields["lead"][1]
    evidence.update(team_evidence)
    reading.inspections.append(Inspection(
        key=key, framework=framework, council=council, council_name=display_name(body or council),
        inspectorates=FRAMEWORK_INSPECTORATES.get(framework, ("ofsted",)), start=start_date, end=end_date,
        published=published, lead_inspector=fields.get("lead", (None,))[0], team=tuple(team),
        title=_clean(title_p.text), reported=True, evidence=evidence,
    ))
    _read_body(paragraphs[i0 + 1:end], key, reading)


def _read_body(paragraphs: list[Paragraph], key: str, reading: Reading) -> None:
    mode: str | None = None
    area: str | None = None
    pending: tuple[str, Paragraph] | None = None  # an area heading waiting for its grade line
    counters: dict[str, int] = {}

    def judge(area_: str, grade: str, ev: Evidence, how: str) -> None:
        reading.judgements.append(Judgement(key, area_, grade, ev, how))

    def recommend(kind: str, number: int, text: str, ev: Evidence, addressee: str | None) -> None:
        reading.recommendations.append(Recommendation(key, kind, number, addressee, text, topics_of(text), ev))

    for p in paragraphs:
        text = _clean(p.text)
        if not text:
            continue
        number = _number(p)
        # A grade on its own line completes the area heading above it (SIF layout).
        if pending and grade_key(text) and len(text) < 40:
            area_, head = pending
            judge(area_, grade_key(text), Evidence(p.id, head.start, p.end), "heading")
            pending = None
            continue
        pending = None
        if p.kind == "table_row":
            row = split_area_grade(text)
            if row:
                judge(row[0], row[1], _evidence(p), "table")
                continue
            m = OVERALL.match(text)
            if m:
                judge("overall-effectiveness", grade_key(m.group("grade")) or "requires-improvement", _evidence(p), "table")
                continue
            if mode in ("priority-action", "area-for-improvement"):
                cells = [c.strip() for c in text.split("\t") if c.strip()]
                if cells and re.search(r"\bshould\b", cells[-1], re.I) and not re.search(r"areas? for", cells[-1], re.I):
                    counters[mode] = counters.get(mode, 0) + 1
                    addressee = cells[0] if len(cells) > 1 else None
                    recommend(mode, counters[mode], cells[-1], _evidence(p), addressee)
            continue
        if len(text) < 120 and "." not in text.rstrip(".")[4:]:
            row = split_area_grade(text)
            if row and number is None and p.kind == "heading" and (mode is not None or ":" in text):
                area, mode = row[0], "findings"
                judge(row[0], row[1], _evidence(p), "heading")
                continue
            if row and (number is not None or p.kind == "list_item" or (mode is None and not text.endswith("."))):
                judge(row[0], row[1], _evidence(p), "table")
                continue
        m = OVERALL.match(text)
        if m and number is None:
            judge("overall-effectiveness", grade_key(m.group("grade")) or "requires-improvement", _evidence(p), "prose")
            continue
        short = len(text) < 200 and number is None
        if short:
            new_mode = next((md for pat, md in SECTION_MODES if pat.match(text)), None)
            if new_mode:
                mode = new_mode
                if mode == "findings" and text.lower().startswith("inspection findings"):
                    a = area_key(text)
                    area = a or area
                continue
            m = GRADED.search(text)
            if m and area_key(m.group("area")):
                area = area_key(m.group("area"))
                judge(area, grade_key(m.group("grade")), _evidence(p), "prose")
                mode = "findings"
                continue
            row = split_area_grade(text) if (":" in text or p.kind == "heading") else None
            if row:
                area, mode = row[0], "findings"
                judge(row[0], row[1], _evidence(p), "heading")
                continue
            m = IS_GRADE.match(text)
            if m and area_key(m.group("area")) and not text.endswith("."):
                area, mode = area_key(m.group("area")), "findings"
                judge(area, grade_key(m.group("grade")), _evidence(p), "prose")
                continue
            outcome = send_outcome_key(text)
            if outcome and mode in (None, "findings"):
                judge("area-send", outcome, _evidence(p), "prose")
                continue
            a = area_key(text)
            if a and not text.endswith(".") and len(text) < 160 and p.kind in ("heading", "paragraph") \
                    and not re.match(r"^(review|inspection|report) of", text, re.I):
                area, mode, pending = a, "findings", (a, p)
                continue
        elif number is None and mode in (None, "findings"):
            outcome = send_outcome_key(text)
            if outcome and re.match(r"^(there are|the local area partnership)", text, re.I):
                judge("area-send", outcome, _evidence(p), "prose")
                continue
        if mode in ("improve", "strengths", "priority-action", "area-for-improvement") and (
            p.kind == "list_item" or LIST_MARK.match(p.text) or (mode != "improve" and number is None and len(text) > 30)
            # "What needs to improve?" written as plain unnumbered paragraphs, one point each
            or (mode == "improve" and number is None and p.kind == "paragraph" and 30 < len(text) < 400
                and not text.endswith(":"))
        ):
            item = LIST_MARK.sub("", text)
            if mode in ("priority-action", "area-for-improvement"):
                parts = RECOMMENDATION_START.split(item)
                if len(parts) > 1:
                    offset = p.text.find(parts[0])
                    for part in parts:
                        at = p.text.find(part, max(offset, 0))
                        counters[mode] = counters.get(mode, 0) + 1
                        recommend(mode, counters[mode], part, _sub_evidence(p, at, at + len(part)) if at >= 0 else _evidence(p), "partnership")
                        offset = at + len(part)
                    continue
            if mode == "strengths":
                counters[mode] = counters.get(mode, 0) + 1
                reading.strengths.append(Strength(key, counters[mode], item, _evidence(p)))
            elif number is None or mode != "improve":
                counters[mode] = counters.get(mode, 0) + 1
                recommend(mode, counters[mode], item, _evidence(p), "partnership" if mode != "improve" else "council")
            continue
        if number is not None:
            body = NUMBERED.sub("", text, count=1) if NUMBERED.match(text) else text
            if mode == "recommendations":
                in_lscb = any(j.inspection == key and j.area == "lscb" for j in reading.judgements)
                recommend("recommendation", number, _strip_number(text), _evidence(p), "lscb" if in_lscb else "council")
            elif mode != "tail":
                reading.findings.append(Finding(key, number, area, topics_of(_strip_number(text)), _evidence(p)))
                del body
            continue


def _strip_number(text: str) -> str:
    return re.sub(r"^(?:[-•■▪o]\s+)?\d{1,3}\.\s+", "", text)


# ---------------------------------------------------------------------------------------------
# Inspections mentioned in prose (a focused visit, a monitoring visit, a peer review, an
# inspection a council paper reports on without reproducing the report).

MENTIONS: list[tuple[str, re.Pattern]] = [
    ("focused-visit", re.compile(rf"focused visit(?: to [A-Z][\w ]+?)?\s+(?:in|of|during|on)\s+(?P<when>{D.MONTH}\s+\d{{4}})", re.I)),
    ("monitoring-visit", re.compile(rf"monitoring visit(?: to [A-Z][\w ]+?)?\s+(?:in|of|during|on)\s+(?P<when>{D.MONTH}\s+\d{{4}})", re.I)),
    ("peer-review", re.compile(rf"peer review\s+(?:in|of|completed in|carried out in)\s+(?P<when>{D.MONTH}\s+\d{{4}})", re.I)),
    ("ilacs", re.compile(rf"(?:ILACS|Inspection of Local Authority Children{APOS}s Services)\)?[^.]{{0,60}}?(?:between|from)\s+(?P<when>[^.]{{3,40}}?(?:\s+(?:and|to|–|-)\s+)[^.]{{3,30}}?\d{{4}})", re.I)),
]
INSPECTED_BY = re.compile(
    r"(?P<subject>[^.]{0,80}?\bSEND\b[^.]{0,40}?)\s+(?:were|was|have been|has been)\s+inspected by\s+(?P<by>(?:the )?[A-Z][^.,]{2,80})",
)
INSPECTED_BY_CUE = re.compile(r"inspected by")  # INSPECTED_BY is searched only near it (linear time)
INSPECTORATE_NAMES = {"ofsted": r"\bofsted\b", "cqc": r"care quality commission|\bcqc\b", "lga": r"\blga\b|local government association"}


def read_mentions(doc: Document, reading: Reading, council: str, council_name: str) -> None:
    """Add inspections that prose mentions (dates, inspectorates, stated outcome) to ``reading``."""
    doc_year = int(doc.date[:4]) if doc.date else None
    reported = {i.key for i in reading.inspections if i.reported}
    last_send: str | None = None
    last: tuple[str, int] | None = None  # the inspection last mentioned, and where
    for index, p in enumerate(doc.paragraphs):
        text = p.text
        if last and index - last[1] <= 3:
            _quoted_grades(p, last[0], reading)
        for framework, pattern in MENTIONS:
            for m in pattern.finditer(text):
                when = m.group("when")
                rng = D.parse_range(when)
                start = rng[0] if rng else D.month_year(when)
                if not start:
                    continue
                key = inspection_key(council, framework, start)
                ev = _sub_evidence(p, m.start(), m.end())
                last = (key, index)
                if key in reported:
                    continue  # the report itself is the better source
                evidence = {"mention": ev}
                pub = PUBLISHED.search(text, m.end())
                published = D.parse_single(pub.group("when")) if pub else None
                if published:
                    evidence["published"] = _sub_evidence(p, pub.start(), pub.end())
                reading.inspections.append(Inspection(
                    key=key, framework=framework, council=council, council_name=council_name,
                    inspectorates=FRAMEWORK_INSPECTORATES[framework],
                    start=rng[0] if rng else None, end=rng[1] if rng else None, published=published,
                    evidence=evidence, title=None, reported=False,
                ))
        m = search_near(INSPECTED_BY, INSPECTED_BY_CUE, text, 160, 100)
        if m:
            rng = D.parse_range(text, _year_near(doc, p, doc_year))
            start = rng[0] if rng else D.month_year(text)
            if start:
                by = tuple(k for k, pat in INSPECTORATE_NAMES.items() if re.search(pat, m.group("by"), re.I))
                key = inspection_key(council, "area-send", start)
                last_send = key
                ev = _sub_evidence(p, 0, len(text))
                reading.inspections.append(Inspection(
                    key=key, framework="area-send", council=council, council_name=council_name,
                    inspectorates=by or ("ofsted", "cqc"), start=rng[0] if rng else None, end=rng[1] if rng else None,
                    evidence={"mention": ev}, reported=False,
                ))
        if last_send:
            outcome = send_outcome_key(text)
            if outcome and re.search(r"inspection|identified|found", text, re.I):
                s = re.search(r"widespread|inconsistent|positive", text, re.I)
                sent = _sentence_around(text, s.start() if s else 0)
                reading.judgements.append(Judgement(last_send, "area-send", outcome, _sub_evidence(p, *sent), "prose"))
                last_send = None if outcome else last_send


PUBLISHED = re.compile(rf"published on\s+(?:the\s+)?(?P<when>{D.DAY}\s+{D.MONTH}\s+\d{{4}})", re.I)
QUOTED = re.compile(r"['‘\"“]([^'’\"”]{8,120})['’\"”]")


def _quoted_grades(p: Paragraph, key: str, reading: Reading) -> None:
    """'… the 'Impact of leaders …' and the 'Experiences and progress …', were graded as Inadequate.'"""
    for sent in re.finditer(r"[^.]+(?:\.|$)", p.text):
        sentence = sent.group()
        areas = [(m, area_key(m.group(1))) for m in QUOTED.finditer(sentence)]
        areas = [(m, a) for m, a in areas if a and a != "area-send"]
        if not areas:
            continue
        grade = re.search(GRADE_WORDS, sentence[areas[-1][0].end():], re.I)
        if not grade or not re.search(r"grade|judge|finding|rated|\bis\b|\bwas\b|\bwere\b", sentence, re.I):
            continue
        for _, area in areas:
            ev = _sub_evidence(p, sent.start() + (len(sentence) - len(sentence.lstrip())), sent.end())
            reading.judgements.append(Judgement(key, area, grade_key(grade.group(1)), ev, "prose"))


def _sentence_around(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind(". ", 0, pos) + 2, 0) if text.rfind(". ", 0, pos) >= 0 else 0
    end = text.find(". ", pos)
    return start, (end + 1 if end >= 0 else len(text))


def _year_near(doc: Document, p: Paragraph, default: int | None) -> int | None:
    """The year of an undated day range: the nearest 'Month YYYY' in the same part, else the doc's."""
    part_text = doc.text[doc.part(p.part_id).span.start:doc.part(p.part_id).span.end] if p.part_id else ""
    m = D.MONTH_YEAR.search(part_text)
    return int(m.group("y")) if m else default


def read_restated_grades(doc: Document, reading: Reading) -> None:
    """Grades a council paper restates as a list ("- Adoption good") for the one report it carries."""
    reported = [i for i in reading.inspections if i.reported]
    if len(reported) != 1:
        return
    key = reported[0].key
    inside = {j.evidence.paragraph_id for j in reading.judgements} | {f.evidence.paragraph_id for f in reading.findings}
    for p in doc.paragraphs:
        if p.kind != "list_item" or p.id in inside or len(p.text) > 160:
            continue
        row = split_area_grade(LIST_MARK.sub("", _clean(p.text)).lstrip("o ").strip())
        if row:
            reading.judgements.append(Judgement(key, row[0], row[1], _evidence(p), "list"))


def reconcile_judgements(reading: Reading) -> None:
    """Check that grades repeated in a table, a heading and prose agree; record any conflict."""
    seen: dict[tuple[str, str], Judgement] = {}
    for j in reading.judgements:
        k = (j.inspection, j.area)
        if k in seen and seen[k].grade != j.grade:
            reading.conflicts.append(
                f"{j.inspection} {j.area}: {seen[k].grade} ({seen[k].stated_as}) vs {j.grade} ({j.stated_as})"
            )
        seen.setdefault(k, j)
