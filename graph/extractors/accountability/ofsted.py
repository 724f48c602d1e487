"""Read what every Ofsted children's-services report states in the same places, from its lines.

Why lines and not paragraphs: a PDF's text wraps the report title, the judgement table's rows and
even a grade ("Requires / improvement to be / good") across lines, and the segmenter, written for
prose, cuts those rows in the wrong places. What all the frameworks share (SIF 2013–18, ILACS
2018 on, the looked-after-children inspections before them) is read here instead:

- a title opening "Inspection of …" (wrapped over up to four lines), with the authority in it or
  on a line of its own just above or below it;
- header fields: "Inspection date(s): …", "Report published: …", "Lead inspector: …" (or
  "Reporting inspector Name HMI");
- the judgements: rows "area … grade" whose grade ends a line (a table or a numbered list), "The
  overall judgement is …", "Children's services in X are / require …", "X is good" for a board;
  the same statements repeated as headings in the body are read as a fall-back.

A grade is read only where a row, heading or such sentence states it: the words before the grade
must name a judgement area and nothing else (no sentence, no negation, no qualifier), and the grade
must end its line. Nothing here names an authority, a person or one report's wording.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from corpus.records import Document
from councilkg import dates as D
from graph.extractors.accountability.vocab import area_key
from ontology import vocab

APOS = "['’]"
# Report titles, matched against the title lines joined by single spaces.
TITLES: list[tuple[str, re.Pattern]] = [
    ("sif", re.compile(r"^(?:Re-?)?inspection of services for children in need of help and protection,? children looked "
                       r"after and care leavers(?: (?:and )?review of the effectiveness of the local safeguarding children "
                       r"board(?: \(LSCB\))?)?$", re.I)),
    ("lscb-review", re.compile(r"^Review of the effectiveness of the local safeguarding children board(?: \(LSCB\))?$", re.I)),
    ("looked-after-children", re.compile(r"^Inspection of looked after children(?:'s)? services$", re.I)),
    ("safeguarding-lac", re.compile(r"^Inspection of safeguarding (?:and looked after children )?services$", re.I)),
    ("ilacs", re.compile(rf"^(?:Ofsted\s+)?Inspection of (?:(?P<body>.+?) )??(?:local authority )?children{APOS}s "
                         rf"(?:social care )?services$", re.I)),
    ("ilacs", re.compile(rf"^Inspection of (?P<body>.+? Trust)$", re.I)),
    ("focused-visit", re.compile(rf"^Focused visit to (?P<body>.+?)(?: local authority)? children{APOS}s services$", re.I)),
    ("monitoring-visit", re.compile(rf"^Monitoring visit (?:of|to) (?P<body>.+?)(?: local authority)? children{APOS}s services$", re.I)),
    ("jtai", re.compile(r"^Joint targeted area inspection of (?:the multi-agency response to .+? in )?(?P<body>.+?)$", re.I)),
    ("area-send", re.compile(r"^(?:Joint local area SEND inspection|Area SEND inspection) (?:in|of) (?P<body>.+?)(?: local area partnership)?$", re.I)),
]
TITLE_START = re.compile(r"^(?:Ofsted\s+)?(?:(?:Re-?)?inspection of|Review of the effectiveness|Focused visit to|Monitoring visit|Joint targeted area inspection|"
                         r"Joint local area SEND inspection|Area SEND inspection)\b", re.I)
FIELD_LINE = re.compile(r"^(?P<name>[A-Z][A-Za-z’' ]{2,40}?)\s*:\s*(?P<value>.*)$")
DATES_FIELD = re.compile(r"^(?:inspection dates?|dates? of (?:inspection|visit)|visit dates?)$", re.I)
PUBLISHED_FIELD = re.compile(r"^(?:report )?published$|^(?:date of )?publication(?: date)?$", re.I)
INSPECTORATE_ROLE = re.compile(r"^(?:ofsted|care quality commission|cqc|hmicfrs|hmi probation|his majesty.s inspectorate of .+)$", re.I)
LEAD_FIELD = re.compile(r"^(?:lead|reporting) inspectors?$", re.I)
REPORTING_INSPECTOR = re.compile(r"^(?:Lead|Reporting) inspector\s+(?P<value>[A-Z].*\bHMI\b.*)$")
NAME = re.compile(r"[A-Z][A-Za-z'’\-]*(?:\s+(?:[A-Z]\.?|[A-Z][A-Za-z'’\-]+|de|van|von|le|la|du)){1,3}")
# The grades as reports write them (from the ontology), any run of spaces or a line break between words
GRADE_WORDS = vocab.grade_pattern().replace(" ", r"\s+")
# A grade ends its line: after it only spaces, an opening bracket, or a full stop and a footnote mark
GRADE = re.compile(rf"(?P<grade>{GRADE_WORDS})(?P<tail>[ \t]*(?:\(|\.?\d?)[ \t]*(?:\n|$))", re.I)
GRADE_TAIL = re.compile(r"^[ \t]*to\s+be\s+good\b", re.I)  # "Requires improvement" / "to be good" on the next line
CONNECTOR = re.compile(r"\s+(?:is|are|requires?|(?:was|were|is|are) judged(?: to be)?|is that (?:it|they)(?: is| are)?)\s*$", re.I)
NEGATION = re.compile(r"\b(?:not|no longer|never|neither|nor)\b", re.I)
OVERALL_LABEL = re.compile(rf"^(?:children{APOS}s services? in (?P<body>.+)|the overall judgement(?: is)?(?: that)?"
                           rf"(?: children{APOS}s services?(?: in .+)?)?|overall effectiveness(?: of .*)?)$", re.I)
LABEL_NUMBER = re.compile(r"^\(?\d{1,2}(?:\.\d{1,2})?\.?\)?\s+")
# Where the front of a report ends: its contents, summary or first section; the body then runs on.
FRONT_END = re.compile(r"^(?:contents|executive summary|summary of key findings|what needs to improve|"
                       r"recommendations|about this inspection|the local authority|information about this)\b", re.I)
END_OF_REPORT = re.compile(
    r"^(?:The Office for Standards in Education, Children.s Services and Skills \(Ofsted\) regulates|©\s*Crown copyright\s+\d{4}\s*$)",
    re.I,
)
TABLE_HEADER = re.compile(r"^(?:judgements?|areas?(?: of judgement)?)\s+(?:grades?|judgements?)$", re.I)
MAX_LABEL_WORDS = 18


@dataclass(frozen=True)
class Line:
    start: int  # document offsets of the trimmed line
    end: int
    text: str


@dataclass
class Stated:
    """A value and the document range of the words that state it."""

    value: str
    start: int
    end: int


@dataclass
class Front:
    """What one report states about its inspection, each value with its words."""

    framework: str
    title: Stated
    first_line: int  # index into the lines
    last_line: int  # exclusive: where the next report starts or this one ends
    authority: Stated | None = None
    start: Stated | None = None  # value: ISO date
    end: Stated | None = None
    dates: Stated | None = None  # the whole dates field
    published: Stated | None = None
    lead: Stated | None = None
    team: list[tuple[str, Stated]] = field(default_factory=list)  # (role, name and its words)
    judgements: list[tuple[str, str, int, int, str]] = field(default_factory=list)  # area, grade, start, end, how
    body_start: int = 0  # document offset where the report's front (title, fields, judgement table) ends
    conflicts: list[str] = field(default_factory=list)

    @property
    def type(self) -> str | None:
        """ILACS standard (two weeks on site) or short (one week), read from the dates as the framework defines them."""
        if self.framework != "ilacs" or not (self.start and self.end):
            return None
        from datetime import date

        days = (date.fromisoformat(self.end.value) - date.fromisoformat(self.start.value)).days
        return "standard" if days >= 8 else "short"


def lines_of(doc: Document) -> list[Line]:
    """The document's non-blank lines, trimmed, without page furniture: page numbers, the segmenter's
    furniture, and running headers/footers — lines at a page's edges that recur on three or more pages
    once a page number is taken off them."""
    text = doc.text
    furniture = {f.span.start for f in doc.furniture}
    bounds = list(doc.page_starts) + [len(text) + 1] if doc.page_starts else [0, len(text) + 1]
    raw: list[Line] = []
    pos = 0
    for chunk in text.split("\n"):
        stripped = chunk.strip()
        if stripped:
            left = len(chunk) - len(chunk.lstrip())
            raw.append(Line(pos + left, pos + left + len(stripped), stripped))
        pos += len(chunk) + 1
    page_of = [bisect_right(bounds, ln.start) - 1 for ln in raw]
    edges: Counter = Counter()
    by_page: dict[int, list[int]] = {}
    for i, p in enumerate(page_of):
        by_page.setdefault(p, []).append(i)
    for idx in by_page.values():
        edge = {_page_free(raw[i].text) for i in idx[:3] + idx[-3:]}
        edges.update(e for e in edge if e)
    running = {t for t, n in edges.items() if n >= 3 and len(t) <= 120}
    out = []
    for i, ln in enumerate(raw):
        if re.fullmatch(r"\d{1,3}", ln.text):
            continue
        # The report's own title is printed again as its running header: keep it where header fields follow.
        titled = any(_is_header_field(x.text) for x in raw[i + 1:i + 4])
        if ln.start in furniture and not titled:
            continue
        idx = by_page[page_of[i]]
        at_edge = i in idx[:3] or i in idx[-3:]
        if at_edge and _page_free(ln.text) in running and not titled:
            continue
        out.append(ln)
    return out


def _is_header_field(text: str) -> bool:
    m = FIELD_LINE.match(text)
    return bool((m and (DATES_FIELD.match(m.group("name").strip()) or LEAD_FIELD.match(m.group("name").strip())))
                or REPORTING_INSPECTOR.match(text))


def _page_free(line: str) -> str:
    """A page-edge line with its page number taken off ("… 17 to 21 March 2025 2" → "… 2025")."""
    return re.sub(r"^\d{1,3}\s+|(?<!\s)\s+\d{1,3}$", "", line).strip()  # (?<!\s): linear on space runs


# ---------------------------------------------------------------------------------------------
# Report starts and header fields


def find_reports(doc: Document, lines: list[Line] | None = None) -> list[Front]:
    """Every inspection report in ``doc`` (a council pack may carry one), with its header read."""
    lines = lines if lines is not None else lines_of(doc)
    starts: list[tuple[int, int, str, re.Match, str]] = []  # (first line, line after the title, framework, match, title)
    i = 0
    while i < len(lines):
        if TITLE_START.match(lines[i].text) and len(lines[i].text) < 160:
            found = _title_at(lines, i)
            if found and _confirmed(lines, found[0]):
                starts.append((i, *found))
                i = found[0]
                continue
        i += 1
    fronts = []
    for n, (i, after, framework, m, title_text) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else len(lines)
        for k in range(after, stop):
            if END_OF_REPORT.match(lines[k].text):
                stop = k
                break
        title = Stated(title_text, lines[i].start, lines[after - 1].end)
        front = Front(framework, title, i, stop)
        _read_header(doc, lines, front, m, after)
        fronts.append(front)
    return fronts


def _joined(lines: list[Line], i: int, j: int) -> str:
    return " ".join(ln.text for ln in lines[i:j])


def _title_at(lines: list[Line], i: int) -> tuple[int, str, re.Match, str] | None:
    """The longest run of up to four lines from ``i`` that reads as a report title."""
    best = None
    for j in range(i + 1, min(i + 5, len(lines)) + 1):
        if j > i + 1 and FIELD_LINE.match(lines[j - 1].text):
            break
        joined = re.sub(r"\s+", " ", _joined(lines, i, j)).strip(" .")
        joined = re.sub(r"(?<=[a-zA-Z)])\d\b", "", joined)  # footnote marks ("Care Leavers1", "Board2")
        for framework, pattern in TITLES:
            m = pattern.match(joined)
            if m:
                best = (j, framework, m, joined)
                break
    return best


def _confirmed(lines: list[Line], after: int) -> bool:
    """A report title is followed within a few lines by the header fields of a report."""
    return any(_is_header_field(ln.text) for ln in lines[after:after + 12])


def _read_header(doc: Document, lines: list[Line], front: Front, m: re.Match, after: int) -> None:
    body = (m.groupdict().get("body") or "").strip()
    if body and not re.fullmatch(r"(?:the\s+)?(?:local authority|council)", body, re.I):
        s = doc.text.find(body.split()[0], front.title.start)
        front.authority = Stated(authority_name(body), s, s + len(body) if s >= 0 else front.title.end)
        if s < 0 or re.sub(r"\s+", " ", doc.text[s:s + len(body) + 40]).find(body) != 0:
            front.authority = Stated(authority_name(body), front.title.start, front.title.end)
    else:
        front.authority = _authority_line(lines, front.first_line, after)
    window = lines[after:min(front.last_line, after + 14)]
    for k, ln in enumerate(window):
        fm = FIELD_LINE.match(ln.text)
        name = fm.group("name").strip() if fm else ""
        if fm and DATES_FIELD.match(name) and front.dates is None:
            value = fm.group("value")
            # A range wrapped onto the next line ("… 2018 to" / "23 November 2018")
            if not D.parse_range(value) and k + 1 < len(window):
                value = f"{value} {window[k + 1].text}"
            rng = D.parse_range(value) or _numeric_range(value)
            front.dates = Stated(value, ln.start, ln.end)
            if rng:
                front.start = Stated(rng[0], ln.start, ln.end)
                front.end = Stated(rng[1], ln.start, ln.end)
            else:
                single = D.parse_single(value)
                if single:
                    front.start = front.end = Stated(single, ln.start, ln.end)
        elif fm and PUBLISHED_FIELD.match(name) and front.published is None:
            iso = D.parse_single(fm.group("value")) or _numeric_date(fm.group("value"))
            if iso:
                front.published = Stated(iso, ln.start, ln.end)
        elif fm and LEAD_FIELD.match(name) and front.lead is None:
            front.lead = _lead(ln, fm.group("value"), window[k + 1] if k + 1 < len(window) else None)
        elif REPORTING_INSPECTOR.match(ln.text) and front.lead is None:
            front.lead = _lead(ln, REPORTING_INSPECTOR.match(ln.text).group("value"), None)
    # The SIF names its team at the end ("Lead inspector: …", "Deputy lead inspector: …", "Team inspectors: …")
    for k in range(after, front.last_line):
        ln = lines[k]
        fm = FIELD_LINE.match(ln.text)
        if not fm:
            continue
        role = " ".join(fm.group("name").lower().split())
        if INSPECTORATE_ROLE.match(role):  # "Ofsted: Name, Ofsted HMI, lead inspector" (joint inspections)
            names = team_names(fm.group("value"))
            if names and re.search(r"\blead inspector\b", fm.group("value"), re.I) and front.lead is None:
                at = ln.start + ln.text.find(names[0])
                front.lead = Stated(names[0], at, at + len(names[0]))
            for name in names:
                front.team.append((f"{role} inspector", Stated(name, ln.start, ln.end)))
            continue
        if LEAD_FIELD.match(role) and front.lead is None:
            front.lead = _lead(ln, fm.group("value"), None)
        elif re.search(r"\binspectors?\b|^senior data analyst$|^quality assurance manager$", role) and not LEAD_FIELD.match(role):
            value, end = fm.group("value"), ln.end
            if value.rstrip().endswith(",") or re.search(r"\band$", value.rstrip()):  # a list wrapped onto the next line
                if k + 1 < front.last_line and not FIELD_LINE.match(lines[k + 1].text):
                    value, end = f"{value} {lines[k + 1].text}", lines[k + 1].end
            for name in team_names(value):
                front.team.append((role.rstrip("s") if role.endswith("inspectors") else role, Stated(name, ln.start, end)))


def team_names(value: str) -> list[str]:
    """'Peter McEntee, Susan Myers, Gary Lamb (additional inspector)' → the names, posts dropped."""
    value = re.sub(r"\([^)]*\)", "", value)
    out = []
    for part in re.split(r",|;|\band\b", value):
        part = re.sub(r"\b(?:HMI|AI|OI|SHMI)\b", "", part).strip(" .")
        if part and not re.search(r"inspector|ofsted|cqc|majesty", part, re.I) and NAME.fullmatch(part):
            out.append(" ".join(part.split()))
    return out


def _numeric_range(value: str) -> tuple[str, str] | None:
    """'1/06/2015 – 25/06/2015' → ('2015-06-01', '2015-06-25')."""
    found = re.findall(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", value)
    if len(found) < 2:
        return None
    (d1, m1, y1), (d2, m2, y2) = found[:2]
    return f"{y1}-{int(m1):02d}-{int(d1):02d}", f"{y2}-{int(m2):02d}-{int(d2):02d}"


def _numeric_date(value: str) -> str | None:
    m = re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", value)
    return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else None


def _lead(line: Line, value: str, next_line: Line | None) -> Stated | None:
    """The lead inspector's name from the value of a "Lead inspector:" line ("Name, His Majesty's
    Inspector", "Name HMI", "Name (HMI)"); the first name when two leads are named."""
    value = re.split(r",|\(|\bHMI\b|\bHis Majesty|\bHer Majesty|\bOfsted\b|\band\b", value)[0].strip()
    m = NAME.fullmatch(value)
    if not m:
        return None
    s = line.start + line.text.find(value)
    return Stated(" ".join(value.split()), s, s + len(value))


# Council words that are not part of an authority's name, as reports write them.
_PREFIX = re.compile(r"^(?:the\s+)?(?:(?:london|royal|metropolitan)\s+)?(?:borough|city|county|district)\s+(?:council\s+)?of\s+", re.I)
_SUFFIX = re.compile(r"\s+(?:(?:metropolitan|royal)\s+)?(?:(?:borough|city|county|district)\s+)?council$|\s+unitary authority$|"
                     rf"\s+children{APOS}?s?\s+(?:and\s+families\s+)?(?:services\s+)?trust$|\s+local authority$|"
                     r"\s+(?:local\s+)?safeguarding children(?:'s)? (?:board|partnership)$", re.I)


def authority_name(text: str) -> str:
    """An authority's name as people say it: 'London Borough of Havering' → 'Havering',
    'City of Bradford Metropolitan Borough Council' → 'Bradford', 'Kent County Council' → 'Kent'."""
    name = " ".join(text.replace("’", "'").split()).strip(" ,.")
    name = re.sub(r"\d+$", "", name)  # a footnote mark
    for _ in range(2):
        name = _SUFFIX.sub("", _PREFIX.sub("", name)).strip(" ,")
    name = re.sub(r"\s+(?:metropolitan|borough|city|county)$", "", name, flags=re.I)
    return name or text.strip()


def _authority_line(lines: list[Line], first: int, after: int) -> Stated | None:
    """The authority named on a line of its own just above the title, or just below it (older reports)."""
    above = [lines[k] for k in (first - 2, first - 1) if k >= 0 and _name_like(lines[k].text)]
    if above and above[-1] is lines[first - 1]:
        # "Blackburn with Darwen Borough" / "Council": one name wrapped over two lines
        wrapped = len(above) == 2 and (len(above[1].text.split()) <= 2 or re.search(
            r"\b(?:of|upon|on|and|with|borough|district|metropolitan|city|county)$", above[0].text, re.I))
        if not wrapped:
            above = above[-1:]
        name = " ".join(ln.text for ln in above)
        return Stated(authority_name(name), above[0].start, above[-1].end)
    for ln in lines[after:after + 2]:
        if _name_like(ln.text):
            return Stated(authority_name(ln.text), ln.start, ln.end)
    return None


def _name_like(t: str) -> bool:
    """A line that can be an authority's name: short, capitalised, no field, sentence or report words."""
    return bool(len(t) < 80 and not FIELD_LINE.match(t) and not TITLE_START.match(t) and not re.search(r"[.;:]$", t)
                and re.match(r"^[A-Z]", t) and sum(w[:1].isupper() for w in t.split()) >= max(1, len(t.split()) // 2)
                and not re.search(r"\b(?:inspection|inspector|ofsted|report|judgement|grade|age group|HMI)\b", t, re.I))


# ---------------------------------------------------------------------------------------------
# Judgements


def read_judgements(doc: Document, lines: list[Line], front: Front) -> None:
    """The judgement table or list at the front; headings and graded sentences in the body fill gaps."""
    text = doc.text
    first = next((k for k in range(front.first_line, front.last_line)
                  if k > front.first_line + 1 and FRONT_END.match(lines[k].text)), None)
    front_end = first if first is not None else min(front.last_line, front.first_line + 60)
    # Skip the title and the header lines after it (fields, an authority line, "Her Majesty's Inspector")
    head = next((k for k in range(front.first_line, front.last_line) if lines[k].start >= front.title.end), front.last_line)
    k = head
    while k < front_end:
        t = lines[k].text
        if FIELD_LINE.match(t) or REPORTING_INSPECTOR.match(t) or re.fullmatch(r"(?:(?:His|Her) Majesty.s Inspector|HMI)", t, re.I) \
                or (front.authority and lines[k].start <= front.authority.start < lines[k].end + 1):
            head = k = k + 1
            continue
        break
    seen: dict[str, tuple[str, str]] = {}
    rows = list(_rows(text, lines, head, front_end))
    # The body starts after the last row of the judgement table (or after the header fields)
    after = max([r[3] for r in rows] + [lines[head - 1].end if head > 0 else front.title.end])
    front.body_start = after
    for area, grade, s, e, form in rows:
        if area in seen:
            continue
        seen[area] = (grade, "table")
        front.judgements.append((area, grade, s, e, "prose" if form == "prose" else "table"))
    for area, grade, s, e, form in _rows(text, lines, front_end, front.last_line, headings_only=True):
        how = "prose" if form == "prose" else "heading"
        if area in seen:
            if seen[area][0] != grade:
                front.conflicts.append(f"{area}: {seen[area][0]} at the front, {grade} in the body")
            elif seen[area][1] != how:
                front.judgements.append((area, grade, s, e, how))  # the same grade stated again: more evidence
                seen[area] = (grade, how)
            continue
        seen[area] = (grade, how)
        front.judgements.append((area, grade, s, e, how))


BULLET = re.compile(r"^[-–•●▪◼■◾►➢−―*\ue000-\uf8ff]")


def _rows(text: str, lines: list[Line], i: int, j: int, headings_only: bool = False):
    """(area, grade, start, end) for each row, heading or graded sentence in lines[i:j].

    The label of a row is every word since the last boundary — the end of the previous row, of a
    sentence, of a field or of a heading line — so a row wrapped over several lines is read whole.
    """
    label: list[Line] = []
    k = i
    while k < j:
        ln = lines[k]
        if (FIELD_LINE.match(ln.text) and not GRADE.search(ln.text)) or TABLE_HEADER.match(ln.text) \
                or TABLE_CAPTION.match(ln.text):
            label = []
            k += 1
            continue
        grade_match = _grade_at_end(ln.text)
        if grade_match is None and label and len(ln.text.split()) <= 4:
            # a grade wrapped in two ("… is that it requires" / "improvement")
            combined = f"{label[-1].text} {ln.text}"
            m2 = _grade_at_end(combined)
            if m2 is not None and m2.start("grade") < len(label[-1].text) and not _grade_at_end(label[-1].text):
                words = [x.text for x in label[:-1]] + [combined[:m2.start("grade")]]
                label_text, grade_text, start = _split_grade(words, m2.group("grade"), label, ln, 0)
                area = _area_of(label_text)
                if area and not (headings_only and BULLET.match(label_text)):
                    yield area, _grade_key(grade_text), start, ln.end, _form(label_text)
                label = []
                k += 1
                continue
        if grade_match is not None:
            g_start = grade_match.start("grade")
            words = [x.text for x in label] + [ln.text[:g_start]]
            grade_text = grade_match.group("grade")
            end = ln.start + grade_match.end("grade")
            # "Requires" / "improvement to be" / "good": a grade split over lines
            if not ln.text[:g_start].strip() and label and re.fullmatch(r"requires?(?:\s+improvement(?:\s+to\s+be)?)?", label[-1].text, re.I):
                pass
            k2 = k
            if re.fullmatch(r"requires?\s+improvement", grade_text, re.I) and k + 1 < j and GRADE_TAIL.match(lines[k + 1].text):
                k2 = k + 1
                end = lines[k2].start + GRADE_TAIL.match(lines[k2].text).end()
            label_text, grade_text, start = _split_grade(words, grade_text, label, ln, g_start)
            area = _area_of(label_text)
            # In the body a list item restating grades is about another inspection ("The judgements … were:")
            if area and not (headings_only and BULLET.match(label_text)):
                yield area, _grade_key(grade_text), start, end, _form(label_text)
            label = []
            k = k2 + 1
            continue
        grade_next = k + 1 < j and GRADE.fullmatch(lines[k + 1].text.rstrip() + "\n") is not None
        if re.search(r"[.;!?]$", ln.text) and not (ln.text.endswith(".") and grade_next):
            label = []
        elif label and len(label) >= 4:
            label = label[1:] + [ln]
        else:
            label.append(ln)
        k += 1


def _form(label: str) -> str:
    """How a judgement is stated: a sentence ("… is that it is good", "Children's services in X are good") or a row."""
    return "prose" if CONNECTOR.search(" ".join(label.split())) or re.match(r"^children.s services in\b", label.strip(), re.I) \
        else "row"


def _grade_at_end(line: str) -> re.Match | None:
    """The grade that ends ``line`` ("… families Good", "…: outstanding", "Requires improvement to be good")."""
    for m in GRADE.finditer(line):
        if m.end() >= len(line.rstrip(" (")) and (m.start() == 0 or not line[m.start() - 1].isalpha()):
            return m
    return None


TABLE_CAPTION = re.compile(r"^(?:inspection judgements? about .+|key judgements?(?:\s+judgement grades?)?|"
                           r"the judgements on areas of the service .+)$", re.I)


def _split_grade(words: list[str], grade_text: str, label: list[Line], ln: Line, g_start: int):
    """Re-attach a grade split over lines ("Requires" / "improvement to be" / "good") to its label."""
    start = label[0].start if label else ln.start
    joined = " ".join(w.strip() for w in words if w.strip())
    m = re.search(r"(?:\s|^)(requires?(?:\s+improvement)?(?:\s+to)?(?:\s+be)?)$", joined, re.I)
    if m and grade_text.lower() == "good" and re.fullmatch(r"requires?\s+improvement\s+to\s+be", m.group(1), re.I):
        return joined[:m.start()].strip(), "requires improvement to be good", start
    if m and grade_text.lower().startswith("improvement"):
        return joined[:m.start()].strip(), "requires " + grade_text, start
    return joined, grade_text, start


def _grade_key(words: str) -> str:
    return vocab.grade_key(" ".join(words.split())) or words.strip().lower()


def _area_of(label: str) -> str | None:
    """The judgement area a row's label names, if the label is nothing but that name."""
    label = " ".join(label.replace("*", " ").split()).strip(" :-–")
    label = LABEL_NUMBER.sub("", BULLET.sub("", label).strip()).rstrip(".")
    label = CONNECTOR.sub("", label).strip(" :-–")
    if not label or NEGATION.search(label) or re.search(r"[.;!?]", label) or len(label.split()) > MAX_LABEL_WORDS:
        return None
    if re.match(r"^(?:judgement|grade)\b", label, re.I):
        label = re.sub(r"^(?:judgement\s+grade|judgement|grade)\s*", "", label, flags=re.I)
    if OVERALL_LABEL.match(label):
        return "overall-effectiveness"
    if re.search(r"\bfor the\b|\bservices? (?:for|to)\b|\bwhere\b|\bwhen\b|\bbecause\b", label, re.I):
        return None
    area = area_key(label)
    if area == "area-send":
        return None
    return area
