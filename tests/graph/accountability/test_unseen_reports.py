"""Synthetic reports in Ofsted's published style, other councils and grades, as text and PDF."""
from __future__ import annotations

from tests.graph.accountability.conftest import read_fixture


def test_ilacs_text_report_of_another_council():
    doc, r = read_fixture("ofsted_northmoor_ilacs_2023.txt")
    (i,) = r.inspections
    assert (i.key, i.start, i.end, i.lead_inspector) == ("northmoor-ilacs-2023-03", "2023-03-06", "2023-03-17", "Priya Ramanathan")
    grades = {j.area: j.grade for j in r.judgements}
    assert grades == {"overall-effectiveness": "good", "impact-of-leaders": "good", "help-and-protection": "requires-improvement",
                      "children-in-care": "outstanding", "care-leavers": "good"}
    assert r.conflicts == []
    assert [(f.number, f.area) for f in r.findings][:1] == [(1, "help-and-protection")]
    assert {f.number: f.area for f in r.findings}[7] == "care-leavers"
    assert [x.number for x in r.recommendations if x.kind == "improve"] == [1, 2, 3]
    assert doc.text[r.findings[2].evidence.start:r.findings[2].evidence.end].startswith("3. When children go missing")


def test_area_send_pdf_report_outcome_team_strengths_and_areas_for_improvement():
    doc, r = read_fixture("ofsted_westshire_area_send_2023.pdf")
    (i,) = r.inspections
    assert (i.framework, i.start, i.end, i.lead_inspector) == ("area-send", "2023-12-04", "2023-12-08", "Daniel Okafor")
    assert ("care quality commission inspector", "Helen Marsh") in i.team
    assert [(j.area, j.grade) for j in r.judgements] == [("area-send", "send-inconsistent")]
    afi = [x for x in r.recommendations if x.kind == "area-for-improvement"]
    assert len(afi) == 2 and afi[1].text.startswith("Leaders across the partnership should reduce waiting times")
    assert len(r.strengths) == 2
    assert doc.page_starts and doc.text[afi[0].evidence.start:afi[0].evidence.end].startswith("Leaders across")


def test_sif_pdf_report_with_judgement_lines_instead_of_a_table():
    doc, r = read_fixture("ofsted_eastborough_sif_2017.pdf")
    (i,) = r.inspections
    assert (i.key, i.published, i.lead_inspector, i.council_name) == ("eastborough-sif-2017-01", "2017-03-14", "Marcus Bell", "Eastborough")
    grades = {j.area: j.grade for j in r.judgements}
    assert grades == {"overall-effectiveness": "inadequate", "help-and-protection": "inadequate",
                      "looked-after-permanence": "requires-improvement", "adoption": "good",
                      "care-leavers": "requires-improvement", "leadership-management-governance": "inadequate",
                      "lscb": "requires-improvement"}
    assert r.conflicts == []
    assert {f.number: f.area for f in r.findings} == {3: "help-and-protection", 4: "help-and-protection", 5: "care-leavers"}
    assert [x.number for x in r.recommendations] == [1, 2]


def test_text_and_pdf_versions_agree():
    _, text = read_fixture("ofsted_eastborough_sif_2017.txt")
    _, pdf = read_fixture("ofsted_eastborough_sif_2017.pdf")
    as_set = lambda r: ({(j.area, j.grade) for j in r.judgements}, {(f.number, f.area) for f in r.findings})
    assert as_set(text) == as_set(pdf)


def test_monitoring_visit_letter_dates_and_inspectors_from_prose():
    doc, r = read_fixture("ofsted_harford_monitoring_visit_2023.txt")
    (i,) = r.inspections
    assert (i.key, i.framework, i.start, i.end, i.lead_inspector) == (
        "harford-monitoring-visit-2023-11", "monitoring-visit", "2023-11-07", "2023-11-08", "Anna Lee")
    assert ("inspector", "Tom Price") in i.team
    assert doc.text[i.evidence["dates"].start:i.evidence["dates"].end] == "7 and 8 November 2023"


def test_ilacs_text_and_pdf_versions_agree():
    _, text = read_fixture("ofsted_northmoor_ilacs_2023.txt")
    _, pdf = read_fixture("ofsted_northmoor_ilacs_2023.pdf")
    facts = lambda r: ({(j.area, j.grade) for j in r.judgements}, {(f.number, f.area) for f in r.findings},
                       {(x.kind, x.number) for x in r.recommendations}, r.inspections[0].lead_inspector)
    assert facts(text) == facts(pdf)
    assert pdf.conflicts == []


def test_action_table_read_by_its_column_headings():
    """A plan table with 'Ref | Action | Lead | Due date | Success measure | Status' columns: the code alone in its
    cell, the action beside it, the row's own lead (a person, not a post) and the due date from its column."""
    _, r = read_fixture("plan_lead_column.txt")
    actions = {a.notation: a for a in r.items if a.kind == "action"}
    assert set(actions) == {"2.1a", "2.1b"}
    assert actions["2.1a"].title == "Open two new in-house children's homes"
    assert actions["2.1a"].due == "2027-03-31" and actions["2.1a"].leads == (("Sam Patel", "Head of Residential Services"),)
    assert "On track" not in actions["2.1a"].measures and "Sam Patel, Head of Residential Services" not in actions["2.1a"].measures
    assert actions["2.1a"].measures == ("Fewer children placed more than 20 miles from home",)
    # a lead cell holding only a post names no person; nor does the priority lead "Director of …"
    assert all(name != "Head of Fostering" for name, _ in actions["2.1b"].leads)
    assert not any(name.startswith("Director") for it in r.items for name, _ in it.leads)
    assert any(link.predicate == "actionLead" and link.subject[2] == "2.1a" for link in r.links)


def test_priorities_headed_with_a_dash_and_no_lead_line_still_carry_their_action_tables():
    """'Priority 1 - Timely assessments' followed by its action table (no 'Priority lead:' line) under a plan title
    that opens a title block ('Better Together: … Improvement Plan 2026-2027')."""
    _, r = read_fixture("plan_dash_priorities.txt")
    actions = {a.notation: a for a in r.items if a.kind == "action"}
    assert set(actions) == {"1.1a", "1.1b", "2.1a"}
    assert actions["2.1a"].leads == (("Owen Price", "Commissioning Manager"),) and actions["2.1a"].due == "2027-03-31"
    assert any(it.kind == "plan" and it.title.startswith("Better Together") for it in r.items)


def test_what_needs_to_improve_written_as_plain_paragraphs():
    _, r = read_fixture("ofsted_ilacs_plain_improve.txt")
    improve = [x for x in r.recommendations if x.kind == "improve"]
    assert [x.number for x in improve] == [1, 2] and improve[1].text.startswith("The range of suitable homes")
    assert [f.number for f in r.findings] == [1]


def test_an_ilacs_title_may_open_with_ofsted():
    from graph.extractors.accountability.inspections import TITLES

    ilacs = dict((name, pattern) for name, pattern in reversed(TITLES))["ilacs"]
    m = ilacs.match("Ofsted inspection of Northby local authority children's services")
    assert m and m.group("body") == "Northby"
