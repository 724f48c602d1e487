"""Sentences inside paragraphs, as document ranges: what an extractive answer may quote.

A quote never crosses page furniture (a sentence split by a page break is cut to the part
inside one span) and never carries markup: a sentence holding an HTML tag is not quotable.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.records import Paragraph
from corpus.segment import carries_on, is_field_line

# Sentence ends: . ! ? (optionally closed by a quote/bracket) then space and a capital, digit or
# opening quote; tabs separate table cells, which are read as separate units.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“‘(\[A-Z0-9])|\t+|(?<!\s)\s*\n\s*\n\s*")  # (?<!\s): linear
_LEAD = re.compile(r"^(?:\s|[-•▪■*]\s|\*\*|#+\s)+")
_TRAIL = re.compile(r"(?:\s|\*\*)+$")
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^<>]{0,200}>|&(?:[a-z]+|#\d+);")
_WORD = re.compile(r"[A-Za-z]{2,}")


@dataclass(frozen=True)
class Sentence:
    """A quotable range: ``doc.text[start:end] == quote``; ``text`` is the display form."""

    paragraph_id: str
    index: int
    start: int
    end: int
    quote: str
    text: str
    pieces: tuple[tuple[int, int, str], ...] = ()  # (start, end, display text) per span, for a sentence
                                                    # split by a page break; empty when it is one piece


SHORT_ROW = 300  # a table row up to this long is quoted whole (its cells read together: "area | grade")


def display(quote: str) -> str:
    """The answer form of a quote: whitespace collapsed, table cells joined by " | ", markdown emphasis dropped."""
    cells = [" ".join(cell.replace("**", "").split()) for cell in quote.split("\t")]
    return " | ".join(cell for cell in cells if cell)


def has_markup(text: str) -> bool:
    return bool(_MARKUP.search(text))


def _pieces(text: str, whole_rows: bool = False) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _BOUNDARY.finditer(text):
        if whole_rows and m.group(0).startswith("\t"):
            continue
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


# A sentence reporting a question ("Mr Hussain asked how many families …", "… ?") is read with the next
# one, its reply: the question alone restates what was asked, the reply alone loses what it answers.
_REPORTS_QUESTION = re.compile(r"\basked\b[^.;]{0,80}?\b(?:why|whether|if|how|what|when|who|which|where|about)\b|\?[\"'”’)\]]*\s*$",
                               re.I)


def _with_replies(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pieces with each reported question joined to the piece that follows it."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(pieces):
        a, b = pieces[i]
        if i + 1 < len(pieces) and _REPORTS_QUESTION.search(text[a:b]) and "\t" not in text[b:pieces[i + 1][0]]:
            b = pieces[i + 1][1]
            i += 1
        out.append((a, b))
        i += 1
    return out


_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def _field_lines(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pieces of a field paragraph cut after each labelled line ("Label: value") the next line does not carry on
    (``carries_on``); the other lines stay together (a table of grades after it is one piece, as before).

    Why: a labelled line ("Report published: 24 November 2017") is a statement of its own, but the segmenter keeps the
    lines after it in its paragraph when no blank line parts them, and a PDF's cover page has none: "Report published:
    24 November 2017 Children's services in Camden are good" was one sentence, quoted for when Camden was inspected,
    and an ILACS report's "Lead inspector: …" line was one sentence with the whole table of grades after it."""
    out = []
    for a, b in pieces:
        start, line_start = a, a
        for m in _LINE_BREAK.finditer(text, a, b):
            next_end = text.find("\n", m.end(), b)  # the next line only: a line's scan reads no further (linear)
            line, following = text[line_start:m.start()].strip(), text[m.end():b if next_end < 0 else next_end].strip()
            if is_field_line(line) and following and not carries_on(line, following):
                out.append((start, m.start()))
                start = m.end()
            line_start = m.end()
        out.append((start, b))
    return out


def _span_ranges(paragraph: Paragraph) -> list[tuple[int, int]]:
    """Where each span sits in ``paragraph.text`` (spans are joined by one space)."""
    out, pos = [], 0
    for span in paragraph.spans:
        length = span.end - span.start
        out.append((pos, pos + length))
        pos += length + 1
    return out


def split(paragraph: Paragraph, doc_text: str) -> list[Sentence]:
    """The quotable sentences of ``paragraph`` with exact document offsets."""
    text = paragraph.text
    spans = _span_ranges(paragraph)
    out: list[Sentence] = []
    pieces = _pieces(text, whole_rows=paragraph.kind == "table_row" and len(text) <= SHORT_ROW)
    if paragraph.kind == "field":
        pieces = _field_lines(text, pieces)
    if paragraph.kind != "table_row":
        pieces = _with_replies(text, pieces)
    for a, b in pieces:
        # A sentence split by a page break is quoted piece by piece: no quote crosses furniture
        ranges = []
        for s, e in spans:
            lo, hi = max(a, s), min(b, e)
            if hi <= lo:
                continue
            lead = _LEAD.match(text[lo:hi])
            if lead:
                lo += lead.end()
            trail = _TRAIL.search(text[lo:hi])
            if trail:
                hi = lo + trail.start()
            if hi - lo >= 1 and text[lo:hi].strip():
                ranges.append(paragraph.doc_range(lo, hi))
        if not ranges:
            continue
        quotes = [doc_text[s:e] for s, e in ranges]
        whole = " ".join(quotes)
        if len(whole) < 3 or not _WORD.search(whole) or any(has_markup(q) for q in quotes):
            continue
        pieces = tuple((s, e, display(q)) for (s, e), q in zip(ranges, quotes)) if len(ranges) > 1 else ()
        out.append(Sentence(paragraph.id, len(out), ranges[0][0], ranges[0][1], quotes[0], display(whole), pieces))
    return out
