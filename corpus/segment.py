"""Segment a document's text into parts, sections, paragraphs and table rows with exact spans.

The pipeline is: lines (with offsets) → furniture removed → blocks (a paragraph, list item,
table row, field or heading) → page-break continuations rejoined → parts and sections assigned.
Nothing is ever copied out of order: each block is one or more spans of the original text.
"""
from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field

from corpus import furniture as furn
from corpus.records import Furniture, Paragraph, Part, Section, Span, Table
from councilkg.dates import DASHES, parse_date
from ontology.vocab import grade_pattern
from corpus.report_layout import graded_headings

SEGMENTER_VERSION = "1.0"

LABEL = re.compile(r"^\s*(?:\*\*)?(\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?)(?:[.)]|\s)\s*")
# Bullets: the usual glyphs, and any private-use glyph of a symbol font ("\uf06e", "\uf02d": Wingdings and
# Symbol bullets as PDF text extraction leaves them).
BULLETS = "-•●▪◼■◾►➢−―*\ue000-\uf8ff"
LIST_MARK = re.compile(rf"^\s*(?:[{BULLETS}]\s+|\(?[a-z]\)\s+|\([ivx]+\)\s+)")
# "Priority Action 2: Leaders across the partnership should…", "Area for Improvement 1: …", "Theme 3":
# the numbered items of plans and inspection letters. On a line of its own it heads a section.
LABELLED_ITEM = re.compile(
    r"^\s*(?:\*\*)?(Priority Action|Priority Area|Priority|Area for Improvement|Area of Improvement|Theme|"
    r"Recommendation|Objective|Outcome|Key Line of Enquiry|Workstream|Improvement Priority)\s+\d{1,2}[a-z]?"
    r"\s*([:.–-]|$)"
)
FIELD = re.compile(r"^\s*[A-Z][A-Za-z /&'()\-]{1,45}:\s+\S")
GRADE = grade_pattern(hidden=False)  # "(Outstanding|Good|Requires improvement to be good|…)" from the ontology
JUDGEMENT_HEADING = re.compile(rf".{{10,200}}:\s*\**{GRADE}\**\s*$", re.I)
TERMINAL = re.compile(r"""[.!?:;)\]"'’”]\**\s*$""")
FUNCTION_WORD_END = re.compile(
    r"\b(a|an|and|are|as|at|be|by|for|from|has|have|in|is|of|on|or|that|the|their|this|to|was|were|which|with|who)\s*$",
    re.I,
)

# Lines that open a new part of a pack, and the part kind they open.
PART_STARTS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"^\s*AGENDA FOR\s*$"), "agenda"),
    (re.compile(r"^\s*Minutes of\s*:", re.I), "minutes"),
    (re.compile(r"^\s*Classification\s*:"), "report"),
    (re.compile(r"^\s*REPORT FOR (DECISION|INFORMATION|NOTING)\s*$"), "report"),
    (re.compile(r"^\s*(SCRUTINY|CABINET|COMMITTEE) REPORT\s*$"), "report"),
    (re.compile(r"^\s*APPENDIX\s+[0-9A-Z]+(\s*\([A-Z]\))?\b.*$"), "appendix"),
    (re.compile(r"^\s*Appendix\s+\d+[A-Z]?\s*(\([A-Z]\))?(\s*[-–—]\s*.*|\s+[A-Z][^.:]{0,80})?\s*$"), "appendix"),
)
INSPECTION_TITLE = re.compile(
    r"^\s*(Inspection of .{0,120}(children|services).{0,120}|.{0,40}(Area SEND|local area SEND|SEND) inspection.{0,80}"
    r"|Joint local area SEND inspection.*|Focused visit to .*|Monitoring visit to .*)\s*$",
    re.I,
)
INSPECTION_CONFIRM = re.compile(r"^\s*(Inspection dates?|Dates? of (inspection|visit)|Lead inspector)\s*:", re.I)
PROGRAMME_TITLE = re.compile(r"(work programme|agenda plan|forward plan)", re.I)
# A run of blank lines this long is where a PDF page ended; a document-like title after it opens a part.
PAGE_GAP_LINES = 4
DOCUMENT_TITLE = re.compile(r"\b(Plan|Report|Strategy|Policy|Review|Programme|Framework)\b")
SMALL_WORDS = {"and", "of", "the", "for", "in", "on", "to", "a", "an", "at", "by", "with"}


def title_case(value: str) -> str:
    """"CHILDREN AND YOUNG PEOPLE" -> "Children and Young People" (small words stay lower)."""
    words = value.split()
    return " ".join(w.lower() if i and w.lower() in SMALL_WORDS else w[:1].upper() + w[1:].lower()
                    for i, w in enumerate(words))


@dataclass
class Line:
    start: int
    end: int  # excludes the newline
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()


@dataclass
class Block:
    kind: str
    lines: list[Line]
    spans: list[tuple[int, int]] = field(default_factory=list)
    label: str | None = None
    level: int = 0
    gap_before: bool = False  # a blank line or furniture separates it from the previous block
    blank_lines_before: int = 0
    new_part: tuple[str, str] | None = None  # (kind, title) when this block opens a part
    cells: list[tuple[int, int]] = field(default_factory=list)

    def text(self, doc_text: str) -> str:
        return " ".join(doc_text[s:e] for s, e in self.spans)


@dataclass
class Segmentation:
    parts: list[Part]
    sections: list[Section]
    paragraphs: list[Paragraph]
    tables: list[Table]
    furniture: list[Furniture]


def split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for raw in text.split("\n"):
        lines.append(Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


def _trimmed(line: Line) -> tuple[int, int]:
    """The line's offsets without surrounding whitespace."""
    left = len(line.text) - len(line.text.lstrip())
    right = len(line.text.rstrip())
    return line.start + left, line.start + right


def segment(doc_id: str, text: str, page_starts: tuple[int, ...] = (), doc_date: str | None = None) -> Segmentation:
    """Segment one document. Pure function of its inputs, so ids are stable across rebuilds."""
    lines = split_lines(text)
    furniture = _find_furniture(text, lines, page_starts)
    furniture_starts = {f.span.start for f in furniture}
    blocks = _blocks(text, lines, furniture_starts, _ragged_width(lines) if page_starts else None)
    blocks, headers = _rejoin_page_breaks(text, blocks)
    blocks = _split_long(doc_id, text, blocks)
    furniture = sorted(furniture + headers, key=lambda f: f.span.start)
    _mark_parts(text, blocks, lines, furniture)
    return _assemble(doc_id, text, blocks, furniture, page_starts, doc_date)


def _find_furniture(text: str, lines: list[Line], page_starts: tuple[int, ...]) -> list[Furniture]:
    found: list[Furniture] = []
    headers: set[str] = set()
    if page_starts:
        bounds = list(page_starts) + [len(text) + 1]
        pages = [[ln.text for ln in lines if bounds[i] <= ln.start < bounds[i + 1]] for i in range(len(page_starts))]
        headers = furn.running_headers(pages)
    else:
        headers = furn.repeated_at_page_edges([ln.text for ln in lines])
    first_content = next((ln for ln in lines if ln.stripped), None)
    second_content = next((ln for ln in lines if ln.stripped and first_content and ln.start > first_content.start), None)
    for i, ln in enumerate(lines):
        if not ln.stripped:
            continue
        kind = furn.classify(ln.text)
        if kind == "stray_number" and i + 1 < len(lines) and lines[i + 1].stripped:
            kind = None  # "1." on its own line directly above its text: that paragraph's label
        if kind is None and furn.is_running(ln.stripped, headers):
            kind = "running_header"
        if kind is None and ln is first_content and second_content is not None and furn.is_top_debris(ln.text):
            kind = "debris"
        if kind is None and furn.is_dated_header(ln.text) and _stands_alone(lines, ln):
            kind = "running_header"
        if kind:
            s, e = _trimmed(ln)
            found.append(Furniture(Span(s, e), kind, text[s:e]))
    return found


def _stands_alone(lines: list[Line], line: Line) -> bool:
    """Blank (or no) lines on both sides: the line is a block of its own."""
    i = next(k for k, ln in enumerate(lines) if ln is line)
    before = i == 0 or not lines[i - 1].stripped
    after = i + 1 >= len(lines) or not lines[i + 1].stripped
    return before and after


def _line_kind(line: Line) -> str:
    s = line.text
    if "\t" in s and s.strip():
        return "table_row"
    if LIST_MARK.match(s):
        return "list_item"
    return "text"


SHORT_LINE = 0.75   # in a PDF extraction without blank lines, a line this much shorter than full width ends its block
SENTENCE_END_LINE = 0.9  # … or a line ending a sentence this much shorter
MIN_BLANK_SHARE = 0.05


def _ragged_width(lines: list[Line]) -> int | None:
    """Full line width of a PDF extraction that lost its blank lines (None when blank lines still mark
    paragraphs): prose lines run to the margin, so a short line is a paragraph's last, a heading or a cell."""
    content = [len(ln.stripped) for ln in lines if ln.stripped]
    if len(content) < 20 or (len(lines) - len(content)) / len(lines) >= MIN_BLANK_SHARE:
        return None
    return sorted(content)[int(0.9 * (len(content) - 1))]


def _ends_ragged_block(line: str, width: int) -> bool:
    """A short line, or a sentence's end a little short of the margin, is the last line of its block."""
    return len(line) < SHORT_LINE * width or (len(line) < SENTENCE_END_LINE * width and TERMINAL.search(line) is not None)


def _wrapped_figure(previous: str, line: str) -> bool:
    """Whether ``line``, which opens with a number, is a sentence's figure wrapped onto a new line rather than a
    paragraph's label: the number has no label's "." or ")" and the line before it ends mid-phrase, as the
    page-break joining reads it (``_continues``). "… decreasing from 30 weeks to" / "28 weeks since 2015–16." read
    as a paragraph labelled 28 cut the sentence, and its figure, from its subject (107 such lines in the 187
    documents the fit reads; none in the Bury papers)."""
    return not re.match(r"^\s*(?:\*\*)?\d[\d.]*[a-z]?[.)]", line) and _ends_mid_phrase(previous)


def _ends_mid_phrase(text: str) -> bool:
    """The text stops on a function word, a comma or a dash: its sentence goes on in what follows."""
    return bool(FUNCTION_WORD_END.search(text)) or text.rstrip().endswith((",", "-", "–"))


def _blocks(text: str, lines: list[Line], furniture_starts: set[int], ragged_width: int | None = None) -> list[Block]:
    """Group lines into blocks: blank lines and furniture end a block; markers start one; in a PDF extraction
    without blank lines (``ragged_width``), so does a short line."""
    blocks: list[Block] = []
    current: Block | None = None
    gap, blanks = True, 0
    headings = graded_headings([ln.text for ln in lines])
    opens = set(headings) | {last + 1 for last in headings.values()}
    heading_blocks: dict[int, int] = {}  # id(block) of a wrapped judgement heading -> its line count
    for index, ln in enumerate(lines):
        if not ln.stripped:
            current, gap, blanks = None, True, blanks + 1
            continue
        if ragged_width and current is not None and _ends_ragged_block(current.lines[-1].stripped, ragged_width):
            current, gap = None, True
        if _trimmed(ln)[0] in furniture_starts:
            current, gap = None, True
            continue
        kind = _line_kind(ln)
        starts_new = (
            current is None
            or kind in ("table_row", "list_item")
            or current.kind == "table_row"
            or (LABEL.match(ln.text) is not None and not _wrapped_figure(current.lines[-1].text, ln.text))
            or LABELLED_ITEM.match(ln.text) is not None
            or FIELD.match(ln.text) is not None
            or (len(current.lines) == 1 and _ends_as_heading(current.lines[-1].stripped, ln.stripped))
            or (_is_caps_heading(ln.stripped) and TERMINAL.search(current.lines[-1].stripped) is not None)
            or index in opens
        )
        if starts_new:
            current = Block(kind=kind, lines=[ln], gap_before=gap, blank_lines_before=blanks)
            blocks.append(current)
            if index in headings:
                heading_blocks[id(current)] = headings[index] - index + 1
        else:
            current.lines.append(ln)
        gap, blanks = False, 0
    for block in blocks:
        _finish_block(text, block)
        if heading_blocks.get(id(block)) == len(block.lines) and block.kind != "table_row":
            block.kind, block.level, block.label = "heading", 1, None
    for block, nxt in zip(blocks, blocks[1:] + [None]):
        standalone = block.gap_before and (nxt is None or nxt.gap_before)
        if standalone and len(block.lines) == 1 and block.kind in ("paragraph", "heading") \
                and LABELLED_ITEM.match(block.lines[0].text):
            block.kind, block.level = "heading", 2
    return blocks


def _is_caps_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) / len(letters) > 0.9 and not TERMINAL.search(line)


def _ends_as_heading(line: str, next_line: str) -> bool:
    """True when ``line`` is a title standing alone, so ``next_line`` starts a new block.

    A wrapped prose line can look like a short title; it is one only if the next line does not
    carry on its sentence (starts upper case or with a digit, and ``line`` does not end mid-phrase).
    """
    if _heading_level(line, single_line=True) is None or is_field_line(line):
        return False
    return not carries_on(line, next_line)


def is_field_line(line: str) -> bool:
    """Whether ``line`` is a labelled line ("Label: value"), bold markers aside."""
    return bool(FIELD.match(line.replace("**", "")))


def carries_on(line: str, next_line: str) -> bool:
    """Whether ``next_line`` carries on the phrase ``line`` leaves open: it starts lower case, or ``line`` ends on a
    function word, a comma, a hyphen or an ampersand (a wrapped line, not a new one)."""
    return bool(next_line[:1].islower() or FUNCTION_WORD_END.search(line) or line.rstrip().endswith((",", "-", "&")))


def _finish_block(text: str, block: Block) -> None:
    first = block.lines[0].stripped
    if block.kind == "table_row":
        s, e = _trimmed(block.lines[0])
        block.spans = [(s, e)]
        pos = block.lines[0].start
        for cell in block.lines[0].text.split("\t"):
            left = len(cell) - len(cell.lstrip())
            if cell.strip():
                block.cells.append((pos + left, pos + len(cell.rstrip())))
            pos += len(cell) + 1
        label_text = text[block.cells[0][0]:block.cells[0][1]] if block.cells else ""
        m = re.fullmatch(r"\(?(\d{1,2}(?:\.\d{1,2}){0,2}[a-z]?)\)?\.?", label_text.strip("* "))
        block.label = m.group(1) if m else None
        return
    block.spans = [_trimmed(ln) for ln in block.lines]
    # Join the lines of one block into a single span when only newlines separate them.
    block.spans = [(block.spans[0][0], block.spans[-1][1])]
    m = LABEL.match(first)
    if m and block.kind == "text":
        block.label = m.group(1)
    if block.kind == "list_item":
        # "- 12. Robust, coordinated…": a numbered paragraph extracted with a list marker.
        body = LIST_MARK.sub("", first, count=1)
        m = re.match(r"^(\d{1,3})\.\s", body)
        if m and len(body.split()) >= 8:
            block.kind, block.label = "paragraph", m.group(1)
        return
    plain = first.replace("**", "")
    if block.kind == "text" and FIELD.match(plain) and not JUDGEMENT_HEADING.match(plain):
        block.kind = "field"
    elif len(block.lines) == 1 and (level := _heading_level(first, single_line=True)) is not None:
        block.kind, block.level = "heading", level
    else:
        block.kind = "paragraph" if block.kind == "text" else block.kind


def _heading_level(s: str, single_line: bool) -> int | None:
    """Heading level of a one-line block, or None if it reads as prose.

    Numbered headings nest by their number ("2.1" under "2"); capitals and bold are level 1;
    a judgement heading ("…: Inadequate") is level 1; short title-like lines are level 2.
    """
    plain = s.replace("**", "").replace("*", "").strip()
    if not plain or len(plain) > 200:
        return None
    if JUDGEMENT_HEADING.match(plain) and not plain.endswith("."):
        return 1
    m = LABEL.match(plain)
    body = plain[m.end():].strip() if m else plain
    words = body.split()
    if not words or len(plain) > 110 or re.search(r"[.;,!]\s*$", plain):
        return None
    letters = [c for c in body if c.isalpha()]
    if not letters:
        return None
    is_caps = sum(c.isupper() for c in letters) / len(letters) > 0.85 and len(letters) >= 3
    is_bold = s.strip().startswith("**") and s.strip().rstrip(":").endswith("**")
    if m:
        if len(words) > 12 or not (body[0].isupper() or body[0].isdigit()):
            return None
        depth = m.group(1).count(".") + 1
        if re.fullmatch(r"\d+\.0", m.group(1)):
            depth = 1
        return depth
    if is_caps or is_bold:
        return 1 if len(words) <= 16 else None
    if len(words) <= 12 and body[0].isupper() and "," not in body[:-1] and _title_like(words):
        return 2
    return None


def _title_like(words: list[str]) -> bool:
    """Short lines are titles; longer ones only if most content words are capitalised.

    Why: hard-wrapped minutes have many 9–12 word lines of prose that otherwise look like titles.
    """
    if len(words) <= 7:
        return True
    content = [w for w in words[1:] if w.lower() not in SMALL_WORDS]
    return bool(content) and sum(w[:1].isupper() for w in content) / len(content) >= 0.5


MAX_PARAGRAPH_CHARS = 5000  # the longest paragraph of the corpus is 1,539 characters


def _split_long(doc_id: str, text: str, blocks: list[Block]) -> list[Block]:
    """Split any block longer than MAX_PARAGRAPH_CHARS into paragraphs of at most that, with a warning.

    Why: every extractor's work per paragraph must stay bounded; a 5 MB line without a full stop
    fed whole made the build run for days. Cuts fall after a sentence end, else at a space, else
    mid-word; each piece is still an exact span of the source.
    """
    out: list[Block] = []
    for block in blocks:
        if sum(e - s for s, e in block.spans) <= MAX_PARAGRAPH_CHARS:
            out.append(block)
            continue
        pieces: list[list[tuple[int, int]]] = [[]]
        size = 0
        for s, e in block.spans:
            while s < e:
                room = MAX_PARAGRAPH_CHARS - size
                if e - s <= room:
                    pieces[-1].append((s, e))
                    size += e - s
                    break
                cut = _cut_point(text, s, s + room) if room > 0 else s
                if cut > s:
                    pieces[-1].append((s, cut))
                pieces.append([])
                size = 0
                s = cut
                while s < e and text[s].isspace():
                    s += 1
        pieces = [spans for spans in pieces if spans]
        logging.getLogger("councilkg.corpus").warning(
            "%s: a paragraph of %d characters at offset %d was split into %d paragraphs of at most %d.",
            doc_id, sum(e - s for s, e in block.spans), block.spans[0][0], len(pieces), MAX_PARAGRAPH_CHARS)
        for k, spans in enumerate(pieces):
            out.append(Block(kind="paragraph" if block.kind == "table_row" else block.kind,
                             lines=[Line(a, b, text[a:b]) for a, b in spans], spans=spans,
                             label=block.label if k == 0 else None, level=block.level,
                             gap_before=block.gap_before if k == 0 else False,
                             blank_lines_before=block.blank_lines_before if k == 0 else 0,
                             new_part=block.new_part if k == 0 else None))
    return out


def _cut_point(text: str, start: int, limit: int) -> int:
    """Where to end a piece in (start, limit]: after a sentence end, else at a space, else at ``limit``."""
    floor = start + (limit - start) // 2
    sentence = max(text.rfind(". ", floor, limit + 1), text.rfind(".\t", floor, limit + 1))
    if sentence >= 0:
        return sentence + 1
    space = max(text.rfind(" ", floor, limit), text.rfind("\t", floor, limit), text.rfind("\n", floor, limit))
    cut = space if space > start else limit
    while cut > start + 1 and text[cut - 1].isspace():
        cut -= 1
    return cut


def _rejoin_page_breaks(text: str, blocks: list[Block]) -> tuple[list[Block], list[Furniture]]:
    """Merge a prose block with the next one when a page break cut a sentence in two.

    A short title-like line sitting between the two halves ("Cabinet 13 April 2016") is the
    page's running header: it becomes furniture and the halves are joined around it.
    """
    merged: list[Block] = []
    headers: list[Furniture] = []
    skip = set()
    for i, block in enumerate(blocks):
        if i in skip:
            continue
        prev = merged[-1] if merged else None
        if prev is not None and block.gap_before and _continues(text, prev, block):
            prev.spans.extend(block.spans)
            prev.lines.extend(block.lines)
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if (prev is not None and nxt is not None and block.kind == "heading" and len(block.lines) == 1
                and len(block.lines[0].stripped.split()) <= 8 and block.gap_before and nxt.gap_before
                and nxt.kind == "paragraph" and nxt.label is None and _continues(text, prev, nxt)
                and text[nxt.spans[0][0]:nxt.spans[0][0] + 1].islower()):
            s, e = block.spans[0]
            headers.append(Furniture(Span(s, e), "running_header", text[s:e]))
            prev.spans.extend(nxt.spans)
            prev.lines.extend(nxt.lines)
            skip.add(i + 1)
            continue
        merged.append(block)
    return merged, headers


def _continues(text: str, prev: Block, block: Block) -> bool:
    if prev.kind not in ("paragraph", "list_item", "field") or block.kind not in ("paragraph", "heading"):
        return False
    if block.label is not None:
        return False
    tail = text[prev.spans[-1][0]:prev.spans[-1][1]]
    head = text[block.spans[0][0]:block.spans[0][1]]
    if TERMINAL.search(tail) or not head:
        return False
    mid_phrase = _ends_mid_phrase(tail)
    if block.kind == "heading":  # a short line after a gap continues only a sentence left mid-phrase
        return mid_phrase and block.level == 2
    return head[0].islower() or mid_phrase


def _mark_parts(text: str, blocks: list[Block], lines: list[Line], furniture: list[Furniture]) -> None:
    """Flag the blocks that open a new part, with the part's kind and title."""
    breaks = sorted(f.span.start for f in furniture if f.kind in ("blank_page", "agenda_item_marker"))
    for i, block in enumerate(blocks):
        first = block.lines[0].stripped
        kind = next((k for pattern, k in PART_STARTS if pattern.match(first)), None)
        single_line = len(block.lines) == 1 and not first.endswith(".")
        if kind is None and single_line and INSPECTION_TITLE.match(first.replace("**", "")):
            window = blocks[i + 1:i + 8]
            if any(INSPECTION_CONFIRM.match(b.lines[0].stripped) for b in window):
                kind = "inspection_report"
        if kind is None and i > 0 and block.kind == "heading":
            prev_end = blocks[i - 1].spans[-1][1]
            if any(prev_end <= b < block.spans[0][0] for b in breaks):
                kind = "section_break"
            elif block.blank_lines_before >= PAGE_GAP_LINES and DOCUMENT_TITLE.search(first) and len(first.split()) >= 4:
                kind = "plan" if re.search(r"\bplan\b", first, re.I) else "report"
        if kind:
            block.new_part = (kind, _part_title(text, blocks, i, kind))


def _part_title(text: str, blocks: list[Block], i: int, kind: str) -> str:
    first = blocks[i].text(text).replace("**", "").strip()
    following = [b.text(text).replace("**", "").strip() for b in blocks[i + 1:i + 14]]
    if kind == "agenda":
        return f"Agenda for {title_case(following[0])}" if following else "Agenda"
    if kind == "minutes":
        return "Minutes of " + title_case(first.split(":", 1)[1].strip())
    if kind == "report":
        for t in following:
            m = re.match(r"^(Subject|Report title|Title)\s*:\s*(.+)$", t, re.I)
            if m:
                return m.group(2).split("\t")[0].strip()
            m = re.match(r"^(.+?)\s+SUBJECT:\s*$", t)
            if m:
                nxt = following[following.index(t) + 1] if following.index(t) + 1 < len(following) else ""
                return f"{m.group(1).strip()} {nxt}".strip() if nxt[:1].islower() else m.group(1).strip()
        heading = next((t for t, b in zip(following, blocks[i + 1:]) if b.kind == "heading"), None)
        return heading or first
    if kind == "appendix":
        rest = re.sub(r"^(APPENDIX|Appendix)\s+\S+(\s*\([A-Z]\))?\s*[-–—:]?\s*", "", first).strip()
        label = re.match(r"^(?:APPENDIX|Appendix)\s+(\S+(?:\s*\([A-Z]\))?)", first)
        name = f"Appendix {label.group(1).replace(' ', '')}" if label else first
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        title = rest or (following[0] if nxt is not None and nxt.kind == "heading" else "")
        return f"{name}: {title}" if title else name
    return first


def _assemble(doc_id, text, blocks, furniture, page_starts, doc_date) -> Segmentation:
    parts: list[Part] = []
    part_blocks: list[list[Block]] = []
    for block in blocks:
        if block.new_part or not part_blocks:
            kind, title = block.new_part or ("front", block.text(text)[:120])
            if kind == "section_break":
                kind = "work_programme" if PROGRAMME_TITLE.search(_peek_title(text, block, blocks)) else "report"
                title = _peek_title(text, block, blocks)
            part_blocks.append([])
            parts.append(Part(id="", document_id=doc_id, ordinal=len(parts), title=title, kind=kind, span=Span(0, 0)))
        part_blocks[-1].append(block)

    out_parts, sections, paragraphs, tables = [], [], [], []

    def page_of(offset: int) -> int | None:
        if not page_starts:
            return None
        return max(i + 1 for i, s in enumerate(page_starts) if s <= offset) if offset >= page_starts[0] else 1

    for part, pblocks in zip(parts, part_blocks):
        part_id = f"{doc_id}:part{part.ordinal:02d}"
        meta = _part_meta(text, pblocks, part.kind)
        kind = part.kind
        if kind == "front" and meta.get("is_minutes"):
            kind = "minutes"
        out_parts.append(
            Part(
                id=part_id, document_id=doc_id, ordinal=part.ordinal, title=part.title, kind=kind,
                span=Span(pblocks[0].spans[0][0], pblocks[-1].spans[-1][1], page_of(pblocks[0].spans[0][0])),
                date=meta.get("date") or _inherited_date(kind, out_parts, doc_date),
                body=meta.get("body"),
            )
        )
        stack: list[tuple[int, Section]] = []
        table_rows: list[str] = []
        table_start = None
        for block in pblocks:
            btext = block.text(text)
            if block.kind == "heading":
                while stack and stack[-1][0] >= block.level:
                    stack.pop()
                title = btext.replace("**", "").strip()
                path = tuple(s.title for _, s in stack) + (title,)
                sec = Section(
                    id=f"{doc_id}:s{len(sections):04d}", document_id=doc_id, part_id=part_id, title=title,
                    label=block.label, level=block.level, heading_path=path,
                    span=Span(block.spans[0][0], block.spans[-1][1], page_of(block.spans[0][0])),
                )
                sections.append(sec)
                stack.append((block.level, sec))
            ordinal = len(paragraphs)
            digest = hashlib.sha1(btext.encode("utf-8")).hexdigest()[:6]
            pid = f"{doc_id}:p{ordinal:04d}-{digest}"
            if block.kind == "table_row":
                if table_start is None:
                    table_start = block.spans[0][0]
                table_rows.append(pid)
            elif table_rows:
                tables.append(_table(doc_id, part_id, len(tables), table_rows, table_start, paragraphs))
                table_rows, table_start = [], None
            section = stack[-1][1] if stack else None
            heading_path = section.heading_path if section else ()
            paragraphs.append(
                Paragraph(
                    id=pid, document_id=doc_id, ordinal=ordinal, text=btext,
                    spans=tuple(Span(s, e, page_of(s)) for s, e in block.spans),
                    part_id=part_id, section_id=section.id if section else None,
                    heading_path=heading_path, label=block.label, kind=block.kind,
                    page=page_of(block.spans[0][0]),
                    table_id=f"{doc_id}:t{len(tables):03d}" if block.kind == "table_row" else None,
                    cells=tuple(Span(s, e) for s, e in block.cells),
                )
            )
        if table_rows:
            tables.append(_table(doc_id, part_id, len(tables), table_rows, table_start, paragraphs))
    return Segmentation(out_parts, sections, paragraphs, tables, list(furniture))


def _inherited_date(kind: str, earlier: list[Part], doc_date: str | None) -> str | None:
    """An appendix or plan without its own date carries the date of the report it is appended to."""
    if kind in ("appendix", "plan") and earlier and earlier[-1].date:
        return earlier[-1].date
    return doc_date


def _table(doc_id, part_id, n, row_ids, start, paragraphs) -> Table:
    last = next(p for p in reversed(paragraphs) if p.id == row_ids[-1])
    return Table(id=f"{doc_id}:t{n:03d}", document_id=doc_id, part_id=part_id, row_ids=tuple(row_ids),
                 span=Span(start, last.end))


def _peek_title(text: str, block: Block, blocks: list[Block]) -> str:
    """Title of a part that starts after a page break: its first heading, plus a second if short."""
    i = blocks.index(block)
    titles = [b.text(text).replace("**", "").strip() for b in blocks[i:i + 3] if b.kind == "heading"]
    for t in titles:
        if PROGRAMME_TITLE.search(t):
            return t
    return titles[0] if titles else block.text(text)[:120]


DATE_FIELDS = re.compile(
    r"^\s*(?:Date of Meeting|Date|DATE|Inspection dates?|Report published|Meeting date)\s*:?\s*(.+)$"
)


def _part_meta(text: str, blocks: list[Block], kind: str) -> dict:
    """Date, body and kind hints read from the first blocks of a part, where the text says so."""
    meta: dict = {}
    for block in blocks[:25]:
        for ln in block.lines:
            line = ln.text.replace("**", "")
            for cell in re.split(r"\t", line):
                m = DATE_FIELDS.match(cell)
                if m and "date" not in meta:
                    value = m.group(1)
                    if re.match(r"\s*Inspection dates?", cell, re.I):
                        # a hyphen parts a range only spaced (" - "): "2023-24" is one financial year
                        dates = re.split(rf"\bto\b|[{DASHES.replace('-', '')}]| - ", value)
                        value = dates[-1]
                    date = parse_date(value)
                    if date:
                        meta["date"] = date
            m = re.match(r"^\s*Minutes of\s*:\s*(.+)$", line, re.I)
            if m:
                meta["body"] = title_case(m.group(1).strip())
                meta["is_minutes"] = True
            m = re.match(r"^\s*(?:MEETING|Report to)\s*:\s*(?:\(a\)\s*)?([^\t]+)", line)
            if m and "body" not in meta:
                meta["body"] = m.group(1).strip()
    if kind == "inspection_report":
        meta["body"] = "Ofsted"
    if kind == "agenda":
        titled = [b.text(text).strip() for b in blocks[1:3] if b.kind == "heading"]
        if titled:
            meta["body"] = title_case(titled[0])
    return meta
