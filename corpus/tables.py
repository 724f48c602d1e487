"""Read a table block as a table: columns with their headings, rows of cells, each cell with its span.

Segmentation finds table blocks (runs of tab-separated lines, one ``table_row`` paragraph per line);
this module reads their layout, for any document:

- the **header**: the first line when it reads as column headings (short labelled cells, not a
  numbered data row);
- **bands**: tables printed side by side and flattened into one line per printed row (Appendix 3A's
  "Theme 1 | Theme 2 | Theme 3", each theme two columns wide) are recognised from a header whose
  headings each span the same number of columns; each band is read as a table of its own, so a
  line holding row 11 of Theme 1 and row 11 of Theme 2 gives two rows, never one;
- **rows → cells**: every cell keeps its column position (empty cells counted, so a row that
  starts in the second band stays in it), its heading and its exact document span.

Rows come band by band (all of Theme 1, then Theme 2 …), i.e. in reading order of the printed page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.records import Document, Paragraph, Span, Table

MAX_HEADING_CHARS = 80
MAX_HEADING_WORDS = 12
# A data row opens with its number ("1 Para 42", "6.1a Training …", "12."), a heading never does.
ROW_NUMBER = re.compile(r"^\(?\d{1,2}(?:\.\d{1,2}){0,2}[a-z]?[.)]?(?:\s|$)")


@dataclass(frozen=True)
class Cell:
    """One cell: its text (stripped), exact document span, column position and column heading."""

    text: str
    span: Span
    column: int
    heading: str | None = None


@dataclass(frozen=True)
class Row:
    """One row of one band: the band's cells, empty ones included (zero-length spans)."""

    paragraph_id: str
    band: int
    cells: tuple[Cell, ...]

    @property
    def filled(self) -> tuple[Cell, ...]:
        return tuple(c for c in self.cells if c.text)

    @property
    def span(self) -> Span:
        """From the first to the last non-empty cell of this band (the row's own words only)."""
        filled = self.filled
        return Span(filled[0].span.start, filled[-1].span.end) if filled else self.cells[0].span

    def under(self, heading: re.Pattern | str) -> Cell | None:
        """The non-empty cell under the first column whose heading matches ``heading``."""
        pattern = re.compile(heading, re.I) if isinstance(heading, str) else heading
        for cell in self.cells:
            if cell.heading and pattern.search(cell.heading):
                return cell if cell.text else None
        return None


@dataclass(frozen=True)
class Band:
    """A group of adjacent columns read as one table (the whole table when nothing is side by side)."""

    index: int
    first_column: int
    end_column: int  # exclusive
    heading: str | None = None
    heading_span: Span | None = None
    column_headings: tuple[str | None, ...] = ()


@dataclass(frozen=True)
class TableView:
    """A table block read by column and row."""

    table_id: str
    header: tuple[Cell, ...]  # empty when the first line is data
    header_paragraph_id: str | None
    bands: tuple[Band, ...]
    rows: tuple[Row, ...]

    @property
    def side_by_side(self) -> bool:
        return len(self.bands) > 1

    def band_rows(self, band: int) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.band == band)

    def column(self, band: int, k: int) -> list[Cell]:
        """The cells of the ``k``-th column of ``band``, top to bottom (empty cells skipped)."""
        return [r.cells[k] for r in self.band_rows(band) if k < len(r.cells) and r.cells[k].text]


def line_cells(doc: Document, paragraph: Paragraph) -> list[Cell]:
    """The tab-separated cells of a table row's whole source line, empty cells kept, with spans."""
    text = doc.text
    start = text.rfind("\n", 0, paragraph.start) + 1
    end = text.find("\n", paragraph.end)
    end = len(text) if end < 0 else end
    cells, pos = [], start
    for k, piece in enumerate(text[start:end].split("\t")):
        stripped = piece.strip()
        lead = len(piece) - len(piece.lstrip())
        s = pos + lead if stripped else pos
        cells.append(Cell(stripped, Span(s, s + len(stripped), paragraph.page), k))
        pos += len(piece) + 1
    return cells


def looks_like_headings(cells: list[Cell]) -> bool:
    """Short labels, no sentence, no row number: a line of column headings."""
    filled = [c for c in cells if c.text]
    if len(filled) < 2 and not (filled and len(cells) > 1):
        return False
    for c in filled:
        t = c.text.replace("*", "").strip()
        if len(t) > MAX_HEADING_CHARS or len(t.split()) > MAX_HEADING_WORDS or t.endswith((".", ";", ",", ":")):
            return False
        if not re.search(r"[A-Za-z]", t):
            return False
    return not ROW_NUMBER.match(filled[0].text.replace("*", ""))


def _bands(header: list[Cell], width: int) -> list[Band]:
    """Side-by-side bands from a header whose headings each span the same number (≥ 2) of columns."""
    starts = [c.column for c in header if c.text]
    if len(starts) >= 2 and starts[0] == 0:
        widths = [b - a for a, b in zip(starts, starts[1:] + [max(width, starts[-1] + 1)])]
        if min(widths) >= 2 and len(set(widths)) == 1:
            return [Band(i, s, s + widths[0], header[s].text, header[s].span, (None,) * widths[0])
                    for i, s in enumerate(starts)]
    headings = tuple((header[k].text or None) if k < len(header) else None for k in range(width))
    return [Band(0, 0, width, None, None, headings)]


def read_table(doc: Document, table: Table) -> TableView:
    """Read one table block of ``doc`` by column and row (see the module docstring)."""
    paragraphs = {p.id: p for p in doc.paragraphs if p.table_id == table.id}
    lines = [(pid, line_cells(doc, paragraphs[pid])) for pid in table.row_ids if pid in paragraphs]
    if not lines:
        return TableView(table.id, (), None, (), ())
    width = max(len(cells) for _, cells in lines)
    header_pid, header = (lines[0][0], lines[0][1]) if len(lines) > 1 and looks_like_headings(lines[0][1]) else (None, [])
    bands = _bands(header, width) if header else [Band(0, 0, width)]
    header_texts = [c.text for c in header if c.text]
    rows = []
    for band in bands:
        for pid, cells in lines:
            if pid == header_pid or (header and [c.text for c in cells if c.text] == header_texts):
                continue  # the header, or the header repeated under a page break
            mine = []
            for k in range(band.first_column, band.end_column):
                if k < len(cells):
                    cell = cells[k]
                else:  # a ragged row: pad with empty cells at the line's end
                    end = cells[-1].span.end
                    cell = Cell("", Span(end, end, cells[-1].span.page), k)
                heading = band.column_headings[k - band.first_column] if k - band.first_column < len(band.column_headings) else None
                mine.append(Cell(cell.text, cell.span, k - band.first_column, heading if not band.heading or heading else None))
            if any(c.text for c in mine):
                rows.append(Row(pid, band.index, tuple(mine)))
    return TableView(table.id, tuple(header), header_pid, tuple(bands), tuple(rows))


_CACHE: dict[tuple, tuple[TableView, ...]] = {}


def tables(doc: Document) -> tuple[TableView, ...]:
    """Every table block of ``doc`` read as a table (cached per document content)."""
    key = (doc.id, doc.sha256, len(doc.text), tuple(t.id for t in doc.tables))
    views = _CACHE.get(key)
    if views is None:
        if len(_CACHE) > 64:
            _CACHE.clear()
        views = _CACHE[key] = tuple(read_table(doc, t) for t in doc.tables)
    return views


def table_of(doc: Document, table_id: str) -> TableView | None:
    return next((v for v in tables(doc) if v.table_id == table_id), None)
