"""PDF extractions that lost their blank lines: a short line ends its block (fields, headings, table cells)."""
from __future__ import annotations

from pathlib import Path

from corpus import load_document
from corpus.segment import _ragged_width, split_lines
from pdf_text import READ_CACHE

UNSEEN = Path(__file__).resolve().parents[1] / "data" / "unseen"


def test_a_pdf_without_blank_lines_keeps_its_fields_and_headings_apart():
    doc = load_document(UNSEEN / "2025-04-25_ashdown_ofsted-ilacs-inspection-report.pdf", cache_dir=READ_CACHE)
    texts = [p.text for p in doc.paragraphs]
    assert "Inspection dates: 3 to 14 March 2025" in texts
    assert "Lead inspector: Rachel Thornbury, His Majesty’s Inspector" in texts
    assert "Overall effectiveness" in texts
    assert all(doc.text[p.start:p.end].startswith(p.text[:20]) for p in doc.paragraphs)


def test_text_whose_blank_lines_mark_paragraphs_is_not_read_as_ragged():
    text = "\n".join(["A heading", "", "A paragraph line that runs on.", ""] * 10)
    assert _ragged_width(split_lines(text)) is None
