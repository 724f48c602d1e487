"""Meetings from minutes headers: body, date, time, place, present, chair, attendance, apologies;
then the numbered items of business that follow.

Reads the header as a block of labelled fields ("Present:", "Also in attendance:", ...) in the
document text, because extracted PDFs split those fields across paragraphs unpredictably.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF

from corpus.records import Paragraph
from graph.extractors.civic.common import (
    BODY_TAIL, FULL_NAME, TITLE, WORD, body_name, body_node, owner, body_triples, clean, date_literal, emit, emit_doc,
    is_name, parse_date, person_node, person_triples,
)
from graph.extractors.civic.posts import holding_triples, looks_like_post
from graph.facts import ExtractionContext, Fact, FunctionExtractor
from graph.iris import iri, local_name, slug
from ontology.namespace import KG, ORG, SCHEMA

NAME, VERSION = "civic.meetings", "1.0"

_START = re.compile(r"^\W*minutes\s+of\b", re.I)
_SENTENCE_START = re.compile(r"\W*minutes\s+of\s+(?:an?\s+|the\s+)?(?:\w+\s+)?meeting\s+of\s+(?:the\s+)?", re.I)
_LABELS = {
    "minutes": r"minutes\s+of(?:\s+(?:a|the)\s+meeting\s+of)?(?:\s+the)?",
    "date": r"date\s+of\s+meeting|date",
    "time": r"time",
    "place": r"venue|place|location",
    "present": r"present",
    "attendance": r"also\s+in\s+attendance|in\s+attendance|also\s+present|officers\s+present|officers\s+in\s+attendance",
    "apologies": r"apologies\s+for\s+absence|apologies",
    "public": r"public\s+attendance|members\s+of\s+the\s+public",
}
_LABEL_RE = re.compile(
    r"(?im)^[ \t]*\**[ \t]*(?P<label>" + "|".join(f"(?P<{k}>{v})" for k, v in _LABELS.items()) + r")\**[ \t]*(?::|-(?=\s)|–)\s*")
_ITEM = re.compile(r"^\W*(?P<num>(?:[A-Z]{1,4}\.?\s?)?\d{1,3}(?:\.\d+)?[a-z]?)\.?\s+\**(?P<title>[A-Z][A-Z0-9 ,&'’\-()/:]{3,})\**\s*$")
_CAPS_HEADING = re.compile(r"^\W*\**(?P<title>[A-Z][A-Z0-9 ,&'’\-()/]{5,})\**\s*$")
_CHAIR = re.compile(r"\(\s*(?:in\s+the\s+)?chair(?:man|person)?\s*\)|\bin\s+the\s+chair\b|\(\s*chair\s*\)", re.I)
_SPLIT = re.compile(r"(?<!\s)\s*(?:,|;|\n|\band\b|[—–]|\s-\s|&)\s*")  # starts only where a space run does: linear
_POST_THEN_NAME = re.compile(rf"^(?P<post>.*\b(?:Services|Practice|Lead|Officer|Representative|Skills|People|Education|"
                             rf"Director|Manager|Services\)|Chair|Member|Leader|Headteacher))\s+(?P<name>(?:Councillor\s+)?{FULL_NAME})$")
_HEADING_END = re.compile(r"(?i)^\W*(?:\d+|[A-Z]{1,4}\.\d+)\.?\s+\S|^\W*[A-Z][A-Z ,&'’\-]{8,}$")


_HELD = re.compile(r"\W*minutes\s+of\s+(?:an?\s+|the\s+)?(?:\w+\s+)?meeting\s+(?P<held>held)\b", re.I)
_BODY_LINE = re.compile(rf"^\W*(?P<body>(?:(?:[A-Z][\w'’&-]*|and|of|for|the|&)\s+)+{BODY_TAIL})\W*$")
# A minute reference opening an item in any case: "OSC/25/18  Apologies for absence", "E.12 APOLOGIES"
_MINUTE_REF = re.compile(r"^\W*(?P<num>[A-Z]{1,5}(?:[/.]\d{1,3})+)\.?\s+(?P<title>[A-Z][^.]{3,100})$")


def _body_above(context: ExtractionContext, paragraph: Paragraph) -> tuple[str, int] | None:
    """(body name, its offset) from the short lines just above a "Minutes of the meeting held …" line: the
    nearest that names a body and is not the publishing council itself."""
    paragraphs = context.document.paragraphs
    index = paragraphs.index(paragraph)
    publisher = (context.document.publisher or "").lower()
    for above in reversed(paragraphs[max(0, index - 3):index]):
        line = clean(above.text)
        m = _BODY_LINE.match(line) if len(line) <= 80 else None
        if m and m.group("body").lower() != publisher:
            return m.group("body"), above.start
    return None


def _header_end(context: ExtractionContext, paragraph: Paragraph) -> int:
    """Document offset where the header block that starts at ``paragraph`` ends."""
    paragraphs = context.document.paragraphs
    index = paragraphs.index(paragraph)
    limit = paragraph.start + 4000
    for later in paragraphs[index + 1:]:
        if later.start > limit or later.part_id != paragraph.part_id:
            return min(later.start, limit)
        first_line = clean(later.text.split("\n", 1)[0])
        if _LABEL_RE.match(later.text):
            continue
        if _ITEM.match(first_line) or _MINUTE_REF.match(first_line) or (
                _CAPS_HEADING.match(first_line) and not re.match(r"(?i)councillor", first_line)):
            return later.start
    return min(paragraphs[-1].end, limit)


def _fields(text: str, start: int, end: int) -> list[tuple[str, int, int, int]]:
    """(field, label_start, value_start, value_end) in document offsets."""
    found = []
    for m in _LABEL_RE.finditer(text, start, end):
        kind = next(k for k in _LABELS if m.group(k))
        found.append((kind, m.start(), m.end()))
    fields = []
    for i, (kind, label_start, value_start) in enumerate(found):
        value_end = found[i + 1][1] if i + 1 < len(found) else end
        fields.append((kind, label_start, value_start, value_end))
    return fields


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Split a field value at commas, 'and', dashes and line breaks: (start, end, separator before)."""
    pieces, pos, sep = [], start, "\n"
    for m in _SPLIT.finditer(text, start, end):
        if "\n" not in m.group() and text.count("(", pos, m.start()) > text.count(")", pos, m.start()):
            continue  # inside a bracketed post: "(Cabinet Member for Environment and Climate)"
        if m.group().strip() == "" and "\n" in m.group() and _soft_wrap(text, m.start()):
            continue  # a long line broken mid-name by hard wrapping ("… Rhodri\nVaughan and …")
        pieces.append((pos, m.start(), sep))
        pos, sep = m.end(), ("\n" if "\n" in m.group() else m.group().strip() or ",")
    pieces.append((pos, end, sep))
    out = []
    for a, b, sep in pieces:
        raw = text[a:b]
        a += len(raw) - len(raw.lstrip(" \t*.:"))
        b = a + len(text[a:b].rstrip(" \t*."))
        if b > a and text[a:b] not in {"-", "–", "None", "none", "Nil", "nil"}:
            out.append((a, b, sep))
    return out


WRAP_SLACK = 15  # a line within this many characters of a hard-wrapped text's width was wrapped, not ended


@lru_cache(maxsize=8)
def _wrap_width(text: str) -> int:
    """The width a text was hard-wrapped at (no line longer, many close to it), or 0 when its lines are paragraphs."""
    lengths = sorted(len(line) for line in text.split("\n") if line.strip())
    if len(lengths) < 20:
        return 0
    width = lengths[-1]
    near = sum(1 for n in lengths if n >= width - WRAP_SLACK)
    return width if 50 <= width <= 120 and near >= 0.2 * len(lengths) else 0


def _soft_wrap(text: str, at: int) -> bool:
    """The line break at ``at`` wraps a long line of a hard-wrapped text mid-phrase ("… Rhodri\nVaughan and …")."""
    width = _wrap_width(text)
    line = text[text.rfind("\n", 0, at) + 1:at]
    return bool(width) and len(line) >= width - WRAP_SLACK and line[-1:].isalnum()


_NAME_ONLY = re.compile(rf"(?:{TITLE}\s+)?(?:(?:[A-Z]\.?\s+){{1,2}}|(?:{WORD}\s+){{1,2}})?{WORD}")


def _people(text: str, start: int, end: int) -> list[dict]:
    """Split a field value into people: [{name, start, end, title, post, post_span, chair, span_end}]."""
    entries: list[dict] = []
    pieces = _pieces(text, start, end)
    title = ""
    for i, (a, b, sep) in enumerate(pieces):
        raw = text[a:b]
        if sep == "\n" and not re.match(r"(?i)(councillors?|cllrs?)\b|[A-Z]\.?\s+[A-Z]", raw):
            title = ""  # a plural "Councillors" title runs to the end of its line
        chair = bool(_CHAIR.search(raw))
        core = _CHAIR.sub("", raw).rstrip(" (")
        span_start = a
        m = re.match(r"(?i)(councillors?|cllrs?\.?)\b\s*:?\s*", core)
        if m:
            title = "Councillor" if m.group(1).lower().endswith("s") else ""
            if not m.group(1).lower().endswith("s"):
                span_start = a  # keep the singular title inside the quote
            else:
                span_start = a + m.end()
            a, core = a + m.end(), core[m.end():]
        bracket = re.fullmatch(r"(?P<name>[^()]+?)\s*\((?P<post>[^()]+)\)", core)
        if bracket and looks_like_post(bracket.group("post")) and _NAME_ONLY.fullmatch(bracket.group("name")):
            entries.append({"name": bracket.group("name"), "start": span_start, "end": a + bracket.end("name"),
                            "title": title, "post": None, "post_span": None, "chair": chair, "span_end": b})
            _add_post(entries, text, a + bracket.start("post"), a + bracket.end("post"))
            entries[-1]["span_end"] = b
            continue
        split = _POST_THEN_NAME.match(core)
        forced = False
        if split and entries and is_name(split.group("name")):
            forced = True
            _add_post(entries, text, a, a + split.end("post"))
            a = span_start = a + split.start("name")
            core = split.group("name")
        nxt = clean(text[pieces[i + 1][0]:pieces[i + 1][1]]) if i + 1 < len(pieces) else ""
        current = entries[-1] if entries else None
        continuing = not forced and (current is not None and current["post"] and sep not in ("\n", "—", "–") and not m
                      and not (nxt and looks_like_post(nxt) and pieces[i + 1][2] in ("—", "–", ",", "-")))
        if _NAME_ONLY.fullmatch(core) and is_name(core) and not continuing:
            entries.append({"name": core, "start": span_start, "end": a + len(core),
                            "title": title if not text[span_start:a].strip() else "",
                            "post": None, "post_span": None, "chair": chair, "span_end": b})
            if text[span_start:a].strip():
                entries[-1]["name"] = clean(text[span_start:a]) + " " + core
        elif current is not None and (current["post"] or looks_like_post(core, loose=True)):
            _add_post(entries, text, a, b)
            current["chair"] = current["chair"] or chair
        elif current is not None and chair:
            current["chair"] = True
            current["span_end"] = b
    return entries


def _add_post(entries: list[dict], text: str, a: int, b: int) -> None:
    entry = entries[-1]
    post_start = entry["post_span"][0] if entry["post_span"] else a
    entry["post_span"] = (post_start, b)
    entry["post"] = clean(text[post_start:b])
    entry["span_end"] = max(entry["span_end"], b)


def _meeting_head(text: str, fields, block_start: int) -> tuple[str | None, str | None, str | None, str | None, tuple[int, int]]:
    """(body, date, time, place, head span) from the 'Minutes of' line(s) and date/time/place fields."""
    body = date = time = place = None
    head_end = block_start
    for kind, label_start, value_start, value_end in fields:
        value = clean(text[value_start:value_end])
        if kind == "minutes":
            sentence = re.match(r"(?is)(?:(?P<body>.+?)\s+)?held\s+(?P<rest>.*)$|(?P<only>.+)$", value)
            body = sentence.group("body") or sentence.group("only")
            rest = sentence.group("rest") or ""
            date = parse_date(rest) or date
            t = re.search(r"(?i)\b(\d{1,2}(?:[.:]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?))", rest)
            time = t.group(1) if t else time
            p = re.search(r"(?i)\b(?:at|in)\s+(?:the\s+)?(?P<place>[A-Z][\w' ]+(?:Hall|House|Place|Room|Centre|Chamber|Offices?|Building)[\w ,']*)", rest)
            place = clean(p.group("place")).rstrip(",. ") if p else place
            head_end = max(head_end, value_end)
        elif kind == "date":
            date = parse_date(value) or date
            head_end = max(head_end, value_end)
        elif kind == "time":
            time, head_end = value, max(head_end, value_end)
        elif kind == "place":
            place, head_end = value, max(head_end, value_end)
    return body, date, time, place, (block_start, head_end)


def extract_meeting(paragraph: Paragraph, context: ExtractionContext) -> list[Fact]:
    state = context.state
    if _START.match(paragraph.text) and not state.get("header_until", -1) > paragraph.start:
        return _read_header(paragraph, context)
    meeting = state.get("meeting")
    if not meeting or meeting.get("part_id") != paragraph.part_id or paragraph.start < state.get("header_until", 0):
        return []
    return _read_item(paragraph, context, meeting)


def _read_header(paragraph: Paragraph, context: ExtractionContext) -> list[Fact]:
    text = context.document.text
    end = _header_end(context, paragraph)
    fields = _fields(text, paragraph.start, end)
    sentence = _SENTENCE_START.match(text, paragraph.start)
    if sentence and not any(f[0] == "minutes" for f in fields):
        # "Minutes of a meeting of the X held on …" (no colon): the sentence runs to the first field.
        first = min([f[1] for f in fields] + [paragraph.end])
        fields.insert(0, ("minutes", paragraph.start, sentence.end(), first))
    above = None
    held = _HELD.match(text, paragraph.start) if sentence is None else None
    if held and not any(f[0] == "minutes" for f in fields):
        # "Minutes of the meeting held on …" under a heading that names the body ("Overview and Scrutiny Committee")
        above = _body_above(context, paragraph)
        first = min([f[1] for f in fields] + [paragraph.end])
        fields.insert(0, ("minutes", paragraph.start, held.start("held"), first))
    body, date, time, place, (h_start, h_end) = _meeting_head(text, fields, paragraph.start)
    if above is not None and not body:
        body, h_start = above
    if not body:
        return []
    part = context.document.part(paragraph.part_id)
    date = date or part.date or context.document.date
    if not date:
        return []
    name = body_name(body)
    body_iri = body_node(name, owner(context))
    meeting = iri.meeting(local_name(body_iri), date)
    context.state["meeting"] = {"iri": meeting, "part_id": paragraph.part_id, "date": date, "body": body_iri, "item": None}
    context.state["header_until"] = end
    facts = [emit_doc(context, paragraph, h_start, h_end, [
        (meeting, RDF.type, KG.Meeting), (meeting, RDF.type, SCHEMA.Event), (meeting, SCHEMA.organizer, body_iri),
        (meeting, SCHEMA.startDate, date_literal(date)), (meeting, DCTERMS.date, date_literal(date)),
        (meeting, KG.time, Literal(time) if time else None), (meeting, SCHEMA.location, Literal(place) if place else None),
        (meeting, SCHEMA.name, Literal(f"{name}, {date}")),
        *body_triples(body_iri, name),
    ], extract_meeting_extractor)]
    for kind, label_start, value_start, value_end in fields:
        if kind == "public":
            value = text[value_start:value_end].strip()
            if value:
                facts.append(emit_doc(context, paragraph, label_start, value_end, [
                    (meeting, KG.publicAttendance, Literal(clean(value)))], extract_meeting_extractor))
        if kind not in ("present", "attendance", "apologies"):
            continue
        for entry in _people(text, value_start, value_end):
            facts.append(_attendance_fact(context, paragraph, meeting, body_iri, date, kind, entry))
    return facts


def _attendance_fact(context, paragraph, meeting, body_iri, date, kind, entry) -> Fact:
    surface = f"{entry['title']} {entry['name']}".strip() if entry["title"] else entry["name"]
    person = person_node(surface)
    role = {"present": KG.Present, "attendance": KG.AlsoInAttendance, "apologies": KG.Apologies}[kind]
    shortcut = {"present": KG.present, "attendance": KG.inAttendance, "apologies": KG.apologies}[kind]
    triples = [*person_triples(person, surface), (meeting, shortcut, person)]
    roles = [role]
    if entry["chair"] and kind == "present":
        roles.append(KG.InTheChair)
        triples.append((meeting, KG.chair, person))
    for r in roles:
        node = iri.attendance(meeting, person, str(r).rsplit("#", 1)[-1])
        triples += [(node, RDF.type, KG.Attendance), (node, KG.meeting, meeting), (node, KG.attendee, person),
                    (node, KG.attendanceRole, r)]
    if kind == "present" and not entry["post"]:
        holding = iri.holding(str(person).rsplit("/", 1)[-1], str(body_iri).rsplit("/", 1)[-1], "member")
        triples += [(holding, RDF.type, KG.PostHolding), (holding, ORG.member, person), (holding, ORG.organization, body_iri), (holding, ORG.role, KG.MemberRole),
                    (holding, KG.observedOn, date_literal(date))]
        if entry["chair"]:
            chair = iri.holding(str(person).rsplit("/", 1)[-1], str(body_iri).rsplit("/", 1)[-1], "chair")
            triples += [(chair, RDF.type, KG.PostHolding), (chair, ORG.member, person), (chair, ORG.organization, body_iri),
                        (chair, ORG.role, KG.ChairRole), (chair, KG.observedOn, date_literal(date))]
    if entry["post"]:
        triples += holding_triples(person, entry["post"], date)
    return emit_doc(context, paragraph, entry["start"], entry["span_end"], triples, extract_meeting_extractor)


# Apologies minuted as a sentence under their item ("Apologies for absence were received from Councillors
# M Sadiq and J Pemberton and from Revd S Tolland."): the names run to the sentence's end
_APOLOGIES_SENTENCE = re.compile(
    r"\bapologies(?:\s+for\s+absence)?\s+(?:were|was|had\s+been|have\s+been)\s+(?:received|submitted|given|tendered|"
    r"made|noted|reported)\s+(?:from|by|on\s+behalf\s+of)\s+", re.I)
_SENTENCE_END = re.compile(r"(?<=[a-z)])\.(?=\s|$)|[;\n]")
_FROM = re.compile(r"\s*,?\s*\b(?:and\s+)?(?:from|by|on\s+behalf\s+of)\s+", re.I)


def _apologies_sentence(paragraph: Paragraph, context: ExtractionContext, meeting: dict) -> list[Fact]:
    """Apologies stated in a sentence of the minutes, each person cited at their own words."""
    text = context.document.text
    m = _APOLOGIES_SENTENCE.search(text, paragraph.start, paragraph.end)
    if not m:
        return []
    end = _SENTENCE_END.search(text, m.end(), paragraph.end)
    end = end.start() if end else paragraph.end
    facts, pos = [], m.end()
    for sep in [*_FROM.finditer(text, m.end(), end), None]:
        stop = sep.start() if sep else end
        for entry in _people(text, pos, stop):
            facts.append(_attendance_fact(context, paragraph, meeting["iri"], meeting["body"], meeting["date"],
                                          "apologies", entry))
        pos = sep.end() if sep else end
    return facts


def _read_item(paragraph: Paragraph, context: ExtractionContext, meeting: dict) -> list[Fact]:
    first = clean(paragraph.text.split("\n", 1)[0])
    m = _ITEM.match(first) or _MINUTE_REF.match(first)
    number = None
    if m:
        number, title = m.group("num"), m.group("title")
    elif paragraph.kind == "heading" and _CAPS_HEADING.match(first):
        title = _CAPS_HEADING.match(first).group("title")
    else:
        return _apologies_sentence(paragraph, context, meeting)
    title = clean(title).strip(" :")
    if re.match(r"(?i)(councillor|cllr)\b", title) or len(title) < 4 or not re.search(r"[A-Z]{3}", title):
        return []
    item = iri.agenda_item(meeting["iri"], number or slug(title))
    meeting["item"] = item
    meeting["position"] = meeting.get("position", 0) + 1
    line_end = paragraph.text.find("\n")
    return [emit(context, paragraph, 0, line_end if line_end > 0 else len(paragraph.text), [
        (item, RDF.type, KG.AgendaItem), (item, KG.meeting, meeting["iri"]), (item, DCTERMS.title, Literal(title)),
        (item, KG.itemNumber, Literal(number) if number else None),
        (item, SCHEMA.position, Literal(meeting["position"])),
    ], extract_meeting_extractor)]


extract_meeting_extractor = FunctionExtractor(NAME, VERSION, extract_meeting)
