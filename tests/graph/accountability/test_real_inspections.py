"""The inspections, judgements, findings and recommendations of the real corpus, with their spans."""
from __future__ import annotations

import pytest

from graph.extractors.accountability.rdf import finding_iri


def _inspection(readings, key):
    found = [i for r in readings.values() for i in r.inspections if i.key == key and i.reported]
    assert found, f"no reported inspection {key}"
    return found[0]


def _quote(real_corpus, doc_id, ev):
    return real_corpus.document(doc_id).text[ev.start:ev.end]


def _judgements(readings, key):
    return {j.area: j.grade for r in readings.values() for j in r.judgements if j.inspection == key}


def test_ilacs_2021_dates_lead_inspector_and_judgements_with_spans(readings, real_corpus):
    i = _inspection(readings, "bury-ilacs-2021-10")
    assert (i.framework, i.start, i.end, i.lead_inspector) == ("ilacs", "2021-10-25", "2021-11-05", "Lorna Schlechte")
    doc = "cyp-scrutiny-2022-01-20"
    assert _quote(real_corpus, doc, i.evidence["dates"]) == "Inspection dates: 25 October 2021 to 5 November 2021"
    assert "Lorna Schlechte" in _quote(real_corpus, doc, i.evidence["lead"])
    assert _judgements(readings, i.key) == {
        "overall-effectiveness": "inadequate", "impact-of-leaders": "inadequate",
        "help-and-protection": "inadequate", "children-in-care": "requires-improvement",
    }
    table = [j for j in readings[doc].judgements if j.inspection == i.key and j.area == "overall-effectiveness"]
    assert _quote(real_corpus, doc, table[0].evidence) == "Overall effectiveness\tInadequate"


def test_sif_2016_dates_lead_inspector_and_six_judgements(readings, real_corpus):
    i = _inspection(readings, "bury-sif-2016-02")
    assert (i.framework, i.start, i.end, i.published, i.lead_inspector) == (
        "sif", "2016-02-22", "2016-03-17", "2016-05-16", "Sheena Doyle")
    assert ("deputy lead inspector", "Nick Stacey") in i.team
    grades = _judgements(readings, i.key)
    assert {k: grades[k] for k in grades if k != "lscb"} == {
        "overall-effectiveness": "requires-improvement", "help-and-protection": "good",
        "looked-after-permanence": "requires-improvement", "adoption": "good",
        "care-leavers": "requires-improvement", "leadership-management-governance": "good",
    }
    assert grades["lscb"] == "good"
    split_row = next(j for j in readings["cabinet-2016-06-08"].judgements if j.area == "care-leavers" and j.stated_as == "table")
    assert _quote(real_corpus, "cabinet-2016-06-08", split_row.evidence) == "2.2 Experiences and progress of care le\tavers Requires improvement"


def test_grades_stated_in_table_heading_prose_and_list_agree(readings, analysis):
    ways = {j.stated_as for r in readings.values() for j in r.judgements if j.inspection == "bury-sif-2016-02"}
    assert ways == {"table", "heading", "prose", "list"}
    assert analysis.conflicts == []


def test_area_send_2024_is_ofsted_and_cqc_with_systemic_failings(readings, real_corpus):
    send = [i for r in readings.values() for i in r.inspections if i.key == "bury-area-send-2024-02" and i.start]
    assert send and (send[0].start, send[0].end) == ("2024-02-12", "2024-02-16")
    assert set(send[0].inspectorates) == {"ofsted", "cqc"}
    assert "Care Quality Commission and Ofsted" in _quote(real_corpus, "cyp-scrutiny-2024-07-11", send[0].evidence["mention"])
    outcome = [j for r in readings.values() for j in r.judgements if j.inspection == "bury-area-send-2024-02"]
    assert {j.grade for j in outcome} == {"send-systemic-failings"}
    assert "widespread, systemic failings" in _quote(real_corpus, "cyp-scrutiny-2024-07-11", outcome[0].evidence)


def test_ilacs_2021_has_52_numbered_findings_under_their_judgement_headings(readings, real_corpus):
    findings = {f.number: f for f in readings["cyp-scrutiny-2022-01-20"].findings if f.inspection == "bury-ilacs-2021-10"}
    assert sorted(findings) == list(range(1, 53))
    assert findings[17].area == "help-and-protection" and findings[19].area == "children-in-care"
    assert findings[52].area == "impact-of-leaders" and "supervision" in findings[52].topics
    assert "missing-education" in findings[17].topics and "front-door" in findings[2].topics
    assert _quote(real_corpus, "cyp-scrutiny-2022-01-20", findings[17].evidence).startswith("17. Monitoring systems for children")
    assert str(finding_iri("bury-ilacs-2021-10", 17)).endswith("/inspection/bury-ilacs-2021-10/finding/17")


def test_what_needs_to_improve_items_and_2016_recommendations_council_and_lscb(readings):
    improve = [x for x in readings["cyp-scrutiny-2022-01-20"].recommendations if x.kind == "improve"]
    assert [x.number for x in improve] == list(range(1, 10))
    assert improve[0].text.startswith("The timely recognition and response to risk at the front door")
    recs = {x.number: x.addressee for x in readings["cabinet-2016-06-08"].recommendations}
    assert {n for n, a in recs.items() if a == "council"} == set(range(1, 12))
    assert {n for n, a in recs.items() if a == "lscb"} == set(range(120, 125))


def test_inspections_over_time_are_distinct_nodes(readings):
    keys = {i.key for r in readings.values() for i in r.inspections}
    assert {"bury-sif-2016-02", "bury-focused-visit-2020-10", "bury-peer-review-2021-07", "bury-ilacs-2021-10",
            "bury-monitoring-visit-2023-11", "bury-area-send-2024-02"} <= keys


@pytest.mark.parametrize("doc_id", ["cyp-scrutiny-minutes-2022-03-23"])
def test_minutes_without_a_report_yield_no_findings(readings, doc_id):
    assert readings[doc_id].findings == [] and readings[doc_id].judgements == []


def test_council_paper_prose_grades_and_publication_date_resolve_to_the_same_ilacs(readings, analysis):
    r = readings["cabinet-report-2022-01-12"]
    (mention,) = [i for i in r.inspections if i.framework == "ilacs"]
    assert (mention.key, mention.start, mention.end, mention.published) == (
        "bury-ilacs-2021-10", "2021-10-25", "2021-11-05", "2021-12-17")
    prose = {j.area: j.grade for j in r.judgements if j.stated_as == "prose"}
    assert prose == {"impact-of-leaders": "inadequate", "help-and-protection": "inadequate",
                     "children-in-care": "requires-improvement", "overall-effectiveness": "inadequate"}
    assert analysis.conflicts == []
