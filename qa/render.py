"""Rendering an answer: numbered citations, short source labels, a candidate's lines with their markers."""
from __future__ import annotations

from dataclasses import replace

from qa.records import Citation


class Citations:
    """Numbers citations in the order the answer uses them; a repeated quote reuses its number."""

    def __init__(self, engine):
        self.engine = engine
        self.items: list[Citation] = []
        self._by_key: dict[tuple, int] = {}

    def add(self, paragraph_id: str, start: int, end: int, related: bool = False) -> int:
        key = (paragraph_id, start, end)
        if key not in self._by_key:
            self.items.append(replace(self.engine.citation(len(self.items) + 1, paragraph_id, start, end),
                                      related=related))
            self._by_key[key] = len(self.items)
        return self._by_key[key]

    def marks(self, spans) -> str:
        return " ".join(dict.fromkeys(f"[{self.add(*span)}]" for span in spans))


def source_label(engine, paragraph_id: str) -> str:
    """Who and when, in a few words ("Ofsted, Nov 2021"); the full title is in the citation card."""
    from corpus.labels import source_label as label

    p = engine.paragraph(paragraph_id)
    part = engine.part_of(p)
    return label(part.kind, part.body, engine.date_of(p), engine.document_of(p).publisher)


def render_lines(cites: Citations, candidate) -> list[str]:
    """A candidate's lines, each followed by the markers of the spans it cites."""
    out = []
    for text, spans in candidate.lines:
        if candidate.sentence is not None and candidate.sentence.pieces:
            out.append(" ".join(f"{piece} [{cites.add(pid, a, b)}]" for (pid, a, b), (_, _, piece)
                                in zip(spans, candidate.sentence.pieces)))
        else:
            out.append(f"{text} {cites.marks(spans)}".rstrip())
    return out


def render_once(cites: Citations, pieces, shown: set) -> list[str]:
    """``render_lines`` of each piece not in ``shown`` yet (a sentence known by its paragraph and place, a statement
    by its text), adding it there: a sentence read with its neighbours may be chosen in its own right too."""
    out = []
    for piece in pieces:
        key = (piece.paragraph_id, piece.sentence.index) if piece.sentence is not None else piece.key
        if key not in shown:
            shown.add(key)
            out += render_lines(cites, piece)
    return out
