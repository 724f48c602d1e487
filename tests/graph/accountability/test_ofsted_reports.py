"""Real Ofsted reports of each era and layout (tests/data/ofsted/, OGL v3.0): what `read` learns from each.

Expected values are the report's own statements (checked against the peer scraper's CSV where it
has them). Each report stands for a layout the reader must hold on, not for its own wording:
SIF with LSCB review (2015), SIF with grades split over three lines (2018), a SIF re-inspection
that lists the previous inspection's grades in its body (2018), the first ILACS layout (2019),
ILACS with three judgements (2021), ILACS short with care leavers and a three-line title (2025),
ILACS after the 2026 reform (no overall effectiveness), a report whose title is also its running
header (2022), a looked-after-children inspection before the SIF (2013), and a SIF whose front
page says a quality "is not yet good" and leaves three areas "Not Judged" (2016).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.reading import read_document, read_file
from pdf_text import READ_CACHE, read_texts

DATA = Path(__file__).resolve().parents[2] / "data" / "ofsted"
RI = "requires-improvement"

EXPECTED = {
    "cheshire-east-2015-09-15.pdf": dict(
        framework="sif", type=None, authority="Cheshire East", start="2015-07-06", end="2015-07-30",
        published="2015-09-15", lead="Sarah Urding",
        judgements={"overall-effectiveness": RI, "help-and-protection": RI, "children-in-care": RI, "adoption": "good",
                    "care-leavers": RI, "impact-of-leaders": RI, "lscb": RI}),
    "darlington-2018-05-21.pdf": dict(
        framework="sif", type=None, authority="Darlington", start="2018-02-27", end="2018-03-22",
        published="2018-05-21", lead="Graham Reiter",
        judgements={"overall-effectiveness": RI, "help-and-protection": RI, "children-in-care": RI, "adoption": "good",
                    "care-leavers": "good", "impact-of-leaders": RI}),
    "lancashire-2018-08-17.pdf": dict(
        framework="sif", type=None, authority="Lancashire", start="2018-06-04", end="2018-06-28",
        published="2018-08-17", lead="Lorna Schlechte",
        judgements={"overall-effectiveness": RI, "help-and-protection": RI, "children-in-care": RI, "adoption": "good",
                    "care-leavers": RI, "impact-of-leaders": RI}),
    "newham-2019-03-25.pdf": dict(
        framework="ilacs", type="standard", authority="Newham", start="2019-02-11", end="2019-02-22", published=None,
        lead="Dawn Godfrey",
        judgements={"overall-effectiveness": "inadequate", "impact-of-leaders": "inadequate", "help-and-protection": RI,
                    "children-in-care": "inadequate"}),
    "knowsley-2021-12-03.pdf": dict(
        framework="ilacs", type="standard", authority="Knowsley", start="2021-10-11", end="2021-10-22", published=None,
        lead="Paula Thomson-Jones",
        judgements={"overall-effectiveness": RI, "impact-of-leaders": RI, "help-and-protection": RI, "children-in-care": RI}),
    "bath-and-north-east-somerset-2025-08-05.pdf": dict(
        framework="ilacs", type="short", authority="Bath and North East Somerset", start="2025-06-09", end="2025-06-13",
        published=None, lead="Amanda Maxwell",
        judgements={"overall-effectiveness": "good", "impact-of-leaders": "good", "help-and-protection": "good",
                    "children-in-care": "good", "care-leavers": "good"}),
    "somerset-2026-06-17.pdf": dict(
        framework="ilacs", type="short", authority="Somerset", start="2026-04-27", end="2026-05-01", published=None,
        lead="Alison Smale",
        judgements={"impact-of-leaders": RI, "help-and-protection": RI, "children-in-care": RI, "care-leavers": "good"}),
    "bracknell-forest-2022-07-29.pdf": dict(
        framework="ilacs", type="short", authority="Bracknell Forest", start="2022-06-13", end="2022-06-17", published=None,
        lead="Amanda Maxwell",
        judgements={"overall-effectiveness": "outstanding", "impact-of-leaders": "outstanding",
                    "help-and-protection": "outstanding", "children-in-care": "good"}),
    "kent-2013-08-23.pdf": dict(
        framework="looked-after-children", type=None, authority="Kent", start="2013-07-15", end="2013-07-19",
        published="2013-08-23", lead="Helen Cawston", judgements={}),  # graded on the older scale ("Adequate")
    "isles-of-scilly-2016-06-27.pdf": dict(
        framework="sif", type=None, authority="Isles of Scilly", start="2016-04-11", end="2016-04-28",
        published="2016-06-27", lead="Emmy Tomsett",
        judgements={"overall-effectiveness": "good", "help-and-protection": "good", "impact-of-leaders": "good",
                    "lscb": RI}),
}


# Tests reading the reports themselves are slow: pypdf over ten real PDFs costs ~10 CPU-seconds on a clone
# without the read cache (build/read-cache); the fast lane keeps the text-level tests below.
READS_PDFS = pytest.mark.slow


@pytest.fixture(scope="module")
def records():
    read_texts([DATA / name for name in EXPECTED])  # pypdf once per report (two at a time), then from the cache
    return {name: read_file(DATA / name, cache_dir=READ_CACHE) for name in EXPECTED}


def _reported(record):
    (inspection,) = [i for i in record["inspections"] if i["reported"]]
    return inspection


@pytest.mark.parametrize("name", sorted(EXPECTED))
@READS_PDFS
def test_each_era_and_layout_gives_its_inspection_authority_dates_lead_and_judgements(records, name):
    want, record = EXPECTED[name], records[name]
    assert record["error"] is None
    got = _reported(record)
    assert (got["framework"], got["type"] if got["framework"] == "ilacs" else None) == (want["framework"], want["type"])
    assert (got["authority"], got["start"], got["end"], got["published"], got["lead_inspector"]) == (
        want["authority"], want["start"], want["end"], want["published"], want["lead"])
    assert got["judgements"] == want["judgements"]


def test_sif_grades_wrapped_over_three_lines_are_read_whole():
    """'1. Children who need help and protection' / 'Requires' / 'improvement to be' / 'good'."""
    from graph.extractors.accountability import ofsted

    doc = read_document(DATA / "darlington-2018-05-21.pdf", cache_dir=READ_CACHE)
    lines = ofsted.lines_of(doc)
    (front,) = ofsted.find_reports(doc, lines)
    ofsted.read_judgements(doc, lines, front)
    row = next((s, e) for area, grade, s, e, how in front.judgements if area == "help-and-protection" and how == "table")
    quote = " ".join(doc.text[row[0]:row[1]].split())
    assert quote == "1. Children who need help and protection Requires improvement to be good"


def test_wrapped_table_rows_quote_the_whole_row_verbatim():
    from graph.extractors.accountability import ofsted

    doc = read_document(DATA / "bath-and-north-east-somerset-2025-08-05.pdf", cache_dir=READ_CACHE)
    lines = ofsted.lines_of(doc)
    (front,) = ofsted.find_reports(doc, lines)
    ofsted.read_judgements(doc, lines, front)
    rows = {area: doc.text[s:e] for area, _, s, e, how in front.judgements if how == "table"}
    assert " ".join(rows["impact-of-leaders"].split()) == (
        "The impact of leaders on social work practice with children and families Good")
    assert "\n" in rows["impact-of-leaders"]  # wrapped in the PDF text, quoted as it stands
    assert front.title.value == "Inspection of Bath and North East Somerset local authority children’s services"


@READS_PDFS
def test_a_quality_that_is_not_yet_good_and_areas_not_judged_give_no_grade(records):
    """The front page says early help assessments are "not yet good" and leaves three areas "Not Judged":
    neither is a judgement, so those areas have none (and no sentence adds one)."""
    got = _reported(records["isles-of-scilly-2016-06-27.pdf"])
    assert {"children-in-care", "adoption", "care-leavers"}.isdisjoint(got["judgements"])


@READS_PDFS
def test_grades_of_the_previous_inspection_listed_in_the_body_are_not_this_inspections(records):
    """The re-inspection recalls 'The judgements for the local authority were: … Inadequate' as bullets."""
    got = _reported(records["lancashire-2018-08-17.pdf"])
    assert "inadequate" not in got["judgements"].values()


def test_negated_and_qualified_grade_sentences_are_not_judgements():
    """Mechanism, on synthetic lines: a row's label must be an area's name and nothing else."""
    from graph.extractors.accountability.ofsted import _area_of

    assert _area_of("The experiences and progress of children in care is not") is None
    assert _area_of("Services for children in care for the fostering service are") is None
    assert _area_of("The experiences and progress of children in care and care leavers") == "children-in-care"
    assert _area_of("2.2 Experiences and progress of care leavers") == "care-leavers"


@READS_PDFS
def test_findings_and_what_needs_to_improve_items(records):
    bracknell = _reported(records["bracknell-forest-2022-07-29.pdf"])
    assert bracknell["findings"] >= 40
    assert [r[:40] for r in bracknell["recommendations"]] == [
        "The participation of care leavers in the", "The quality of practice and earlier plan"]


def test_read_command_prints_one_json_line_per_file_and_an_error_line_for_a_bad_one(tmp_path, capsys):
    from cli import main

    bad = tmp_path / "not-a-report.pdf"
    bad.write_text("<!DOCTYPE html><html></html>")
    assert main(["read", "--json", "--no-cache", str(DATA / "knowsley-2021-12-03.pdf"), str(bad)]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [bool(x["error"]) for x in lines] == [False, True]
    assert lines[0]["document"]["pages"] and lines[0]["inspections"][0]["judgements"]
    assert set(lines[0]["inspections"][0]) >= {"framework", "authority", "start", "end", "published", "lead_inspector",
                                               "reported", "judgements", "recommendations", "findings"}


@READS_PDFS
def test_an_inspection_range_written_with_a_box_drawing_dash_is_read_whole():
    """North Lincolnshire's 2017 report prints "Inspection date: 20 June 2017 ─ 13 July 2017" (U+2500, as pypdf gives
    its dash): read as a range, not as the first day alone (the graph said "inspected 20 June 2017")."""
    from pdf_text import REPORTS

    record = read_file(REPORTS / "north-lincolnshire" / "2017-09-04.pdf", cache_dir=READ_CACHE)
    got = _reported(record)
    assert (got["start"], got["end"], got["published"]) == ("2017-06-20", "2017-07-13", "2017-09-04")
