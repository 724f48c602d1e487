"""Plans, themes, priorities, the Appendix 3A source table and the SEND Priority Impact Plan."""
from __future__ import annotations

SEND = "bury-local-area-send-partnership-priority-impact-plan-2024"
PLAN = "bury-improvement-plan-2022"


def _items(readings, plan, kind):
    return {it.notation: it for r in readings.values() for it in r.items if it.plan == plan and it.kind == kind}


def test_improvement_plan_is_named_and_has_three_themes_and_34_priorities(readings):
    names = {it.title for r in readings.values() for it in r.items if it.plan == PLAN and it.kind == "plan"}
    assert names == {"Let's Do it for Children Plan"}
    assert set(_items(readings, PLAN, "theme")) == {"1", "2", "3"}
    priorities = _items(readings, PLAN, "priority")
    assert len(priorities) == 12 + 13 + 9
    assert priorities["1.10"].title == "Monitoring for children home educated or missing from education"
    assert priorities["3.9"].parent == "3"


def test_appendix_3a_rows_cite_paragraphs_pages_and_the_lga_review(readings):
    """Keys are theme.row: rows are numbered within each theme, and are rows, never priorities."""
    links = {(l.subject[2], l.object) for l in readings["cyp-scrutiny-2022-01-20"].links
             if l.predicate == "arisesFrom" and l.subject[1] == f"{PLAN}-sources"}
    assert ("1.10", ("finding", "bury-ilacs-2021-10", 17)) in links
    assert {("1.8", ("finding", "bury-ilacs-2021-10", 19)), ("1.8", ("finding", "bury-ilacs-2021-10", 21))} <= links
    assert ("2.1", ("page", "bury-ilacs-2021-10", 2)) in links
    assert ("3.1", ("inspection", "bury-peer-review-2021-07")) in links
    assert not any(s == "1.11" for s, _ in links)  # "Para XX" names no paragraph: it is kept as unresolved
    unresolved = [l for l in readings["cyp-scrutiny-2022-01-20"].links if l.predicate == "unresolved"]
    assert [(l.subject[2], l.object) for l in unresolved] == [("1.11", ("reference", "Para XX"))]
    # Theme 2's row 11 cites Para 13; its printed line also holds Theme 1's row 11 ("Para XX"), never mixed in
    assert ("2.11", ("finding", "bury-ilacs-2021-10", 13)) in links
    rows = _items(readings, f"{PLAN}-sources", "source-row")
    assert len(rows) == 34 and not _items(readings, f"{PLAN}-sources", "priority")
    assert rows["2.11"].reference == "Para 13" and rows["2.11"].title.startswith("Quality and capacity")


def test_send_plan_priority_action_6_actions_led_by_wendy_young_with_due_dates(readings):
    pas = _items(readings, SEND, "priority-action")
    assert set(pas) == {f"PA{n}" for n in range(1, 7)}
    assert pas["PA6"].leads == (("Wendy Young", "Head of Service, SEND & Inclusion"),)
    actions = {n: it for n, it in _items(readings, SEND, "action").items() if n.startswith("6.")}
    assert sorted(actions) == ["6.1a", "6.1b", "6.1c", "6.1d", "6.2a", "6.2b"]
    assert {n: a.due for n, a in actions.items()} == {
        "6.1a": "2024-09", "6.1b": "2024-08", "6.1c": "2025-01", "6.1d": "2024-12",
        "6.2a": "2025-01", "6.2b": "2024-12"}  # printed as months: held as months
    assert all(a.leads == pas["PA6"].leads for a in actions.values())
    assert set(_items(readings, SEND, "area-for-improvement")) == {"AFI1", "AFI2", "AFI3"}
    assert len(_items(readings, SEND, "action")) == 52


def test_send_links_and_dependencies_are_read_from_their_column(readings):
    deps = {(l.subject[2], l.object[-1]) for l in readings["cyp-scrutiny-2024-07-11"].links if l.predicate == "dependsOn"}
    assert {("1.1d", "6.1b"), ("1.1d", "AFI1"), ("1.1d", "AFI3"), ("7.2a", "2.1c"), ("8.1b", "PSV6")} <= deps
    assert ("5.1a", "PSV3") in deps  # the shifted row whose date cell is garbled


def test_virtual_school_priorities_are_a_plan(readings):
    plans = {it.plan: it for r in readings.values() for it in r.items if it.kind == "plan" and "virtual-school" in it.plan}
    assert len(plans) == 1
    key = next(iter(plans))
    assert len(_items(readings, key, "priority")) == 20


def test_send_kpis_are_indicators_of_their_priority_area(readings):
    kpis = readings["cyp-scrutiny-2024-07-11"].indicators
    assert len(kpis) >= 40
    assert ("PA6", "EHCP issued within 20-weeks") in {(n, label) for _, n, label, _ in kpis}


def test_send_lead_and_due_date_links_quote_their_cells(readings, real_corpus):
    text = real_corpus.document("cyp-scrutiny-2024-07-11").text
    links = readings["cyp-scrutiny-2024-07-11"].links
    lead = next(l for l in links if l.predicate == "leadOfficer" and l.subject[2] == "PA6")
    assert text[lead.evidence.start:lead.evidence.end] == "Priority Lead: Wendy Young (Head of Service, SEND & Inclusion)"
    due = next(l for l in links if l.predicate == "dueDate" and l.subject[2] == "6.1a")
    assert text[due.evidence.start:due.evidence.end] == "September 2024"
    addresses = next(l for l in links if l.predicate == "addresses" and l.subject[2] == "6.2b")
    assert text[addresses.evidence.start:addresses.evidence.end].startswith("6.2b Training for SENCos")
    assert addresses.object == ("item", SEND, "PA6")
