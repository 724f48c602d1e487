"""Traces and gaps on the real corpus: ILACS para 17 → priority 1.10; SEND priority action 6 → its actions."""
from __future__ import annotations

import pytest

import qa
from councilkg.errors import QueryError

pytestmark = pytest.mark.slow


def test_ilacs_para_17_is_finding_addressed_by_priority_1_10(engine):
    result = qa.trace("ILACS 2021 para 17", engine=engine)
    start = result.nodes[0]
    assert start.kind == "finding" and "paragraph 17" in start.label
    assert start.citation and start.citation.label == "17"
    priorities = [n for n in result.nodes if n.kind == "priority" and n.label.startswith("1.10")]
    assert priorities
    explicit = [e for e in result.edges if e.link == "explicit" and e.target == start.id]
    assert {e.source for e in explicit} >= {priorities[0].id}
    # the Appendix 3A row that states the link: "10 Para 17 | Monitoring systems for children …"
    assert all(e.citation is not None and "Para 17" in e.citation.quote for e in explicit)
    for e in result.edges:
        assert (e.link == "inferred") == (e.score is not None) or e.link == "explicit"


def test_send_priority_action_6_traces_to_its_actions_with_leads_and_due_dates(engine):
    result = qa.trace("SEND priority action 6", engine=engine)
    actions = {n.label.split()[0]: n for n in result.nodes if n.kind == "action"}
    assert {"6.1a", "6.1b", "6.1c", "6.1d", "6.2a", "6.2b"} <= set(actions)
    assert actions["6.1a"].due == "2024-09-30" and actions["6.1a"].lead
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


def test_appendix_source_row_folds_into_the_plan_priority_it_belongs_to(engine):
    """The plan's priority 1.10 and its Appendix 3A source row share a notation: one priority, one cited link."""
    for ref in ("1.10", "ILACS 2021 para 17"):
        result = qa.trace(ref, engine=engine)
        priorities = [n for n in result.nodes if n.kind == "priority" and n.label.startswith("1.10")]
        assert len(priorities) == 1 and "-sources/" not in priorities[0].id
        links = [e for e in result.edges if e.relation == "arisesFrom" and e.source == priorities[0].id]
        assert len(links) == 1 and links[0].citation is not None and "Para 17" in links[0].citation.quote
        assert not any("-sources/" in e.source or "-sources/" in e.target for e in result.edges)
