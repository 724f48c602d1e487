"""PDF extractions that lost their blank lines: a short line ends its block (fields, headings, table cells)."""
from __future__ import annotations

from pathlib import Path

import pytest

from corpus import load_document
from corpus.segment import _ragged_width, segment, split_lines
from pdf_text import READ_CACHE, REPORTS

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


def test_a_figure_wrapped_to_the_line_start_stays_in_its_sentence():
    """A number opening a line is a paragraph's label only when it reads as one: "28 weeks" after "… from 30 weeks
    to" is the sentence's figure (Bath and North East Somerset's 2017 report, paragraph 30); "31." opens a new
    paragraph."""
    text = ("30. Legal permanence for children is secured in good time. Care proceedings are\n"
            "timely, with the average length of proceedings decreasing from 30 weeks to\n"
            "28 weeks since 2015–16. Working relationships are positive.\n"
            "31. The local authority supports children being adopted, with an average of\n"
            "2017–\n"
            "18 adoptions so far.\n")
    paragraphs = segment("doc", text).paragraphs
    assert [p.label for p in paragraphs] == ["30", "31"]
    assert "decreasing from 30 weeks to\n28 weeks since 2015–16." in paragraphs[0].text
    assert paragraphs[1].text.endswith("18 adoptions so far.")


@pytest.mark.skipif(not REPORTS.is_dir(), reason="../shared/ofsted is not beside this checkout")
def test_a_real_report_keeps_its_wrapped_figures_in_their_paragraphs():
    """Bath and North East Somerset's 2017 report wraps "… decreasing from 30 weeks to" / "28 weeks since 2015–16.":
    paragraph 30 holds its figure, at offsets that slice the source text, and no paragraph is labelled 28 there."""
    doc = load_document(REPORTS / "bath-and-north-east-somerset" / "2017-07-07.pdf", cache_dir=READ_CACHE)
    thirty = next(p for p in doc.paragraphs if p.label == "30")
    assert "decreasing from 30 weeks to \n28 weeks since 2015–16." in thirty.text
    assert doc.text[thirty.start:thirty.end].startswith(thirty.text[:40])
    assert not [p for p in doc.paragraphs if p.text.startswith("28 weeks")]
