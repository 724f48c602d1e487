"""The text layer's records: Document → Part → Section → Paragraph, with exact spans.

Every later stage anchors to these. Offsets count Python ``str`` code points into
``Document.text``; ``document.text[span.start:span.end]`` is always the verbatim source.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator


@dataclass(frozen=True)
class Span:
    """A half-open character range of a document's text (and the PDF page it starts on)."""

    start: int
    end: int
    page: int | None = None


@dataclass(frozen=True)
class Furniture:
    """A page-furniture line (running header, page number, "Agenda Item 3"): kept out of paragraphs."""

    span: Span
    kind: str
    text: str


@dataclass(frozen=True)
class Paragraph:
    """One paragraph, list item, heading or table row.

    ``text`` is the span texts joined by a single space (a paragraph rejoined across a page
    break has several spans). ``label`` is the number the source gives it ("17", "1.2", "6.1a").
    ``kind`` is one of: paragraph, heading, list_item, table_row, field.
    """

    id: str
    document_id: str
    ordinal: int
    text: str
    spans: tuple[Span, ...]
    part_id: str
    section_id: str | None
    heading_path: tuple[str, ...]
    label: str | None = None
    kind: str = "paragraph"
    page: int | None = None
    table_id: str | None = None
    cells: tuple[Span, ...] = ()

    @property
    def start(self) -> int:
        return self.spans[0].start

    @property
    def end(self) -> int:
        return self.spans[-1].end

    def doc_range(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) range of ``self.text`` to document offsets.

        A range inside one span maps exactly; a range crossing a page break maps to the
        document slice from its first to its last character (which includes the break).
        """
        def to_doc(pos: int, is_end: bool) -> int:
            offset = 0
            for i, span in enumerate(self.spans):
                length = span.end - span.start
                if pos < offset + length or (is_end and pos == offset + length) or i == len(self.spans) - 1:
                    return span.start + min(max(pos - offset, 0), length)
                offset += length + 1  # the joining space
            return self.spans[-1].end

        return to_doc(start, False), to_doc(end, True)


@dataclass(frozen=True)
class Section:
    """A heading (or numbered item) and the paragraphs under it."""

    id: str
    document_id: str
    part_id: str
    title: str
    label: str | None
    level: int
    heading_path: tuple[str, ...]
    span: Span


@dataclass(frozen=True)
class Table:
    """A run of tab-separated lines: its rows are Paragraphs of kind ``table_row``."""

    id: str
    document_id: str
    part_id: str
    row_ids: tuple[str, ...]
    span: Span


@dataclass(frozen=True)
class Part:
    """A self-contained piece of a pack: agenda, minutes, a report, an appendix, an Ofsted report."""

    id: str
    document_id: str
    ordinal: int
    title: str
    kind: str
    span: Span
    date: str | None = None
    body: str | None = None


@dataclass(frozen=True)
class Document:
    """A source file as read, with its manifest metadata and its segmentation."""

    id: str
    path: str
    title: str
    kind: str
    date: str | None
    publisher: str
    bodies: tuple[str, ...]
    licence: str
    sha256: str
    text: str
    page_starts: tuple[int, ...] = ()
    encoding: str = "utf-8"
    parts: tuple[Part, ...] = ()
    sections: tuple[Section, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    tables: tuple[Table, ...] = ()
    furniture: tuple[Furniture, ...] = ()

    def page_at(self, offset: int) -> int | None:
        """1-based PDF page holding ``offset``; None for text files."""
        if not self.page_starts:
            return None
        page = 0
        for i, start in enumerate(self.page_starts):
            if start <= offset:
                page = i + 1
        return page or 1

    def part(self, part_id: str) -> Part:
        return next(p for p in self.parts if p.id == part_id)


@dataclass(frozen=True)
class Corpus:
    """All documents, plus cross-document duplicate links between paragraphs."""

    documents: tuple[Document, ...]
    duplicates: dict[str, str] = field(default_factory=dict)  # paragraph id -> primary paragraph id
    content_hash: str = ""

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def document(self, document_id: str) -> Document:
        for doc in self.documents:
            if doc.id == document_id:
                return doc
        from councilkg.errors import InputError

        raise InputError(f"No document with id '{document_id}' in the corpus.")

    def paragraphs(self) -> Iterator[Paragraph]:
        for doc in self.documents:
            yield from doc.paragraphs

    def paragraph(self, paragraph_id: str) -> Paragraph:
        doc_id = paragraph_id.split(":", 1)[0]
        for p in self.document(doc_id).paragraphs:
            if p.id == paragraph_id:
                return p
        from councilkg.errors import InputError

        raise InputError(f"No paragraph with id '{paragraph_id}'.")
