"""Tables read as tables: header, side-by-side bands, rows → cells with their own spans."""
from __future__ import annotations

from corpus.tables import looks_like_headings, read_table, tables

SIDE_BY_SIDE = """Sources

Area A Safety\t\tArea B Staff\t
1 Ref 7\tFirst thing in area A\t1 Ref 9\tFirst thing in area B
2 Ref 8\tSecond thing in area A\t2 Ref 3\tSecond thing in area B
\t\t3 Ref 1\tThird thing in area B

Closing paragraph.
"""

ACTIONS = """Plan

Outcome\tAction\tLead\tDue
1.1 Fewer delays\t1.1a Review the front door\tHead of Service\tMarch 2025
\t1.1b Train the team\t\tJune 2025
Outcome\tAction\tLead\tDue
\t1.1c Audit the cases\tPrincipal Social Worker\tJuly 2025
"""


def _doc(tmp_path, text, name="2024-01-01_tables.txt"):
    import corpus

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return corpus.load_document(path)


def test_side_by_side_bands_are_read_band_by_band_with_exact_cell_spans(tmp_path):
    doc = _doc(tmp_path, SIDE_BY_SIDE)
    (view,) = tables(doc)
    assert view.side_by_side and [b.heading for b in view.bands] == ["Area A Safety", "Area B Staff"]
    a, b = view.band_rows(0), view.band_rows(1)
    assert [r.cells[1].text for r in a] == ["First thing in area A", "Second thing in area A"]
    # the third printed line starts in the second band: it stays there, never merged with the first
    assert [r.cells[0].text for r in b] == ["1 Ref 9", "2 Ref 3", "3 Ref 1"]
    for row in view.rows:
        for cell in row.filled:
            assert doc.text[cell.span.start:cell.span.end] == cell.text
        # a row's span holds its band's words only
        assert "area A" not in doc.text[row.span.start:row.span.end] or row.band == 0
        assert "area B" not in doc.text[row.span.start:row.span.end] or row.band == 1


def test_column_headings_name_each_cell_and_repeated_headers_are_skipped(tmp_path):
    doc = _doc(tmp_path, ACTIONS)
    (view,) = tables(doc)
    assert not view.side_by_side and [c.text for c in view.header] == ["Outcome", "Action", "Lead", "Due"]
    assert len(view.rows) == 3  # the header printed again under a page break is not a row
    first, second, third = view.rows
    assert first.under("^lead").text == "Head of Service" and first.under("^due").text == "March 2025"
    assert second.under("^lead") is None and second.under("^due").text == "June 2025"
    assert third.under("action").text.startswith("1.1c")
    assert [c.text for c in view.column(0, 2)] == ["Head of Service", "Principal Social Worker"]


def test_a_numbered_first_line_is_data_not_a_header(tmp_path):
    doc = _doc(tmp_path, "T\n\n1 Ref 2\tA thing\n2 Ref 3\tAnother thing\n")
    (view,) = tables(doc)
    assert view.header == () and len(view.rows) == 2
    assert not looks_like_headings(read_table(doc, doc.tables[0]).rows[0].cells)


def test_appendix_3a_reads_three_themes_with_their_own_rows(real_corpus):
    doc = real_corpus.document("cyp-scrutiny-2022-01-20")
    view = next(v for v in tables(doc) if v.side_by_side)
    assert [b.heading.split()[:2] for b in view.bands] == [["Theme", "1"], ["Theme", "2"], ["Theme", "3"]]
    assert [len(view.band_rows(b.index)) for b in view.bands] == [12, 15, 7]
    row = view.band_rows(1)[10]  # Theme 2, row 11: on the same printed line as Theme 1's row 11
    text = doc.text[row.span.start:row.span.end]
    assert text.startswith("11 Para 13") and "Para XX" not in text
