"""Traces and gaps on the real corpus: ILACS para 17 → priority 1.10; SEND priority action 6 → its actions."""
from __future__ import annotations

import pytest

import qa
from councilkg.errors import QueryError

pytestmark = pytest.mark.slow


def test_ilacs_para_17_reaches_priority_1_10_through_its_appendix_row(engine):
    """finding 17 ← Appendix 3A row 'Para 17' (explicit, cited by the row) ← priority 1.10 (inferred by wording)."""
    result = qa.trace("ILACS 2021 para 17", engine=engine)
    start = result.nodes[0]
    assert start.kind == "finding" and "paragraph 17" in start.label
    assert start.citation and start.citation.label == "17"
    rows = [n for n in result.nodes if n.kind == "source row"]
    explicit = [e for e in result.edges if e.link == "explicit" and e.target == start.id]
    assert {e.source for e in explicit} == {r.id for r in rows} and len(rows) == 1
    assert all(e.citation is not None and "Para 17" in e.citation.quote for e in explicit)
    priorities = {n.id: n for n in result.nodes if n.kind == "priority"}
    inferred = [e for e in result.edges if e.link == "inferred" and e.target == rows[0].id and e.source in priorities]
    assert [priorities[e.source].label.split()[0] for e in inferred] == ["1.10"] and 0 < inferred[0].score <= 1
    for e in result.edges:
        assert (e.link == "inferred") == (e.score is not None)


def test_disabled_children_para_13_reaches_2_9_and_never_an_invented_priority(engine):
    """Theme 2 numbers its rows differently from its priorities: row 11 ('Para 13') is not priority 2.11."""
    result = qa.trace("ILACS 2021 para 13", engine=engine)
    priorities = [n.label.split()[0] for n in result.nodes if n.kind == "priority"]
    assert priorities == ["2.9"]
    assert not any(e.link == "explicit" and e.relation == "arisesFrom" and e.source in
                   {n.id for n in result.nodes if n.kind == "priority"} for e in result.edges)


def test_para_xx_is_shown_as_an_unresolved_reference(engine):
    result = qa.trace("1.11", engine=engine)
    rows = [n for n in result.nodes if n.kind == "source row"]
    assert rows and rows[0].unresolved == ("Para XX",)
    assert not any(n.kind == "finding" for n in result.nodes)


def test_send_priority_action_6_traces_to_its_actions_with_leads_and_due_dates(engine):
    result = qa.trace("SEND priority action 6", engine=engine)
    actions = {n.label.split()[0]: n for n in result.nodes if n.kind == "action"}
    assert {"6.1a", "6.1b", "6.1c", "6.1d", "6.2a", "6.2b"} <= set(actions)
    assert actions["6.1a"].due == "2024-09" and actions["6.1a"].due_text == "September 2024"  # a month stays a month
    assert actions["6.1a"].lead == "Wendy Young (priority lead)"  # named on the priority's line, not the row
    assert actions["6.1a"].measures
    assert any(n.kind == "recommendation" for n in result.nodes)  # the inspection's priority action it answers
    for n in result.nodes:
        if n.citation:
            assert engine.docs[n.citation.document_id].text[n.citation.start:n.citation.end] == n.citation.quote


def test_action_and_paragraph_references(engine):
    action = qa.trace("6.1a", engine=engine)
    assert action.nodes[0].kind == "action" and any(n.label.startswith("PA6") for n in action.nodes)
    para17 = qa.trace("ILACS 2021 para 17", engine=engine).nodes[0].citation.paragraph_id
    by_id = qa.trace(para17, engine=engine)
    assert any(n.kind == "priority" for n in by_id.nodes)
    by_iri = qa.trace(action.nodes[0].id, engine=engine)
    assert by_iri.nodes[0].id == action.nodes[0].id
    with pytest.raises(QueryError):
        qa.trace("no such thing 99.99z", engine=engine)


def test_gaps_list_unlinked_findings_but_not_para_17(engine):
    items = qa.gaps(engine=engine)
    labels = {g.label for g in items}
    assert items and all(g.kind in ("finding", "recommendation") for g in items)
    assert not any(label.endswith("paragraph 17") and "ILACS 2021" in label for label in labels)
    json_items = [g.to_json() for g in items]
    assert all("label" in g and "text" in g for g in json_items)


def test_every_send_action_cites_its_own_row_as_the_blind_gold_quotes_it(engine):
    import json
    from pathlib import Path

    gold = [json.loads(line) for line in (Path(__file__).resolve().parents[1] / "data" / "gold_links_blind.jsonl")
            .read_text(encoding="utf-8").splitlines() if line.startswith("{")]
    for g in (g for g in gold if g["type"] == "send_action"):
        node = qa.trace(g["code"], engine=engine).nodes[0]
        assert node.kind == "action" and node.citation is not None, g["code"]
        doc = engine.docs[node.citation.document_id]
        at = doc.text.find(g["quote"])
        assert at >= 0
        line_start, line_end = doc.text.rfind("\n", 0, at) + 1, doc.text.find("\n", at)
        assert line_start <= node.citation.start < line_end, (g["code"], node.citation.quote)
        assert "Priority Lead" not in node.citation.quote
        if g["due_as_written"]:
            assert " ".join(node.due_text.split()) == " ".join(g["due_as_written"].split())


def test_gaps_are_grouped_and_ordered_by_number(engine):
    items = qa.gaps(engine=engine)
    groups = [g.group for g in items]
    assert groups == sorted(groups, key=("recommendation", "weakness", "strength").index)
    for group in set(groups):
        numbers = [(g.inspection, g.number) for g in items if g.group == group and g.number is not None]
        assert numbers == sorted(numbers)
