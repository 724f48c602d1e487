"""The accountability layer as triples: explicit links carry their words; inferred links are apart."""
from __future__ import annotations

from pathlib import Path

import pytest

QUERIES = Path(__file__).resolve().parents[3] / "graph" / "queries"
GOLD = Path(__file__).resolve().parents[3] / "tests" / "data"


def test_ilacs_para_17_is_cited_by_its_appendix_row_which_is_linked_to_priority_1_10_by_wording(accountability_graph):
    rows = accountability_graph.query((QUERIES / "link_provenance.rq").read_text())
    assert len(rows) == 1
    assert str(rows[0]["finding"]).endswith("/inspection/bury-ilacs-2021-10/finding/17")
    assert str(rows[0]["quote"]).startswith("10 Para 17\tMonitoring systems for children who are electively home educated")
    assert str(rows[0]["priority"]) == "1.10" and 0 < float(rows[0]["score"]) <= 1  # inferred, never stated


def test_no_priority_is_invented_and_no_row_is_a_priority(accountability_graph):
    notations = {str(r["n"]) for r in accountability_graph.query(
        "SELECT ?n WHERE { ?p a kg:Priority ; kg:plan ?plan ; skos:notation ?n . ?plan rdfs:label \"Let's Do it for Children Plan\" }")}
    assert len(notations) == 34 and "2.14" not in notations and "2.15" not in notations
    assert str(accountability_graph.query("ASK { ?r a kg:PrioritySource , kg:Priority }")[0]["ask"]) == "false"
    explicit = accountability_graph.query("SELECT ?p WHERE { ?p kg:arisesFrom ?r . ?r a kg:PrioritySource }")
    assert not explicit  # the pack never states which row feeds which priority
    unresolved = accountability_graph.query("SELECT ?u WHERE { ?r a kg:PrioritySource ; kg:unresolvedReference ?u }")
    assert [str(r["u"]) for r in unresolved] == ["Para XX"]


def test_send_priority_action_6_to_actions_and_lead_in_the_graph(accountability_graph):
    rows = accountability_graph.query("""
        SELECT ?code ?due ?lead WHERE {
          ?pa skos:notation "PA6" ; a kg:Priority .
          ?a kg:addresses ?pa ; skos:notation ?code ; kg:dueDate ?due ; kg:leadOfficer/schema:name ?lead . }""")
    assert {(str(r["code"]), str(r["lead"])) for r in rows} == {
        (c, "Wendy Young") for c in ("6.1a", "6.1b", "6.1c", "6.1d", "6.2a", "6.2b")}
    assert {str(r["due"]) for r in rows if str(r["code"]) == "6.1a"} == {"2024-09"}  # "September 2024" stays a month


def test_judgements_over_time_query_lists_2016_good_then_2021_inadequate(accountability_graph):
    rows = accountability_graph.query((QUERIES / "judgements_over_time.rq").read_text())
    seq = [(str(r["start"])[:4], str(r["grade"])) for r in rows]
    assert seq[0] == ("2016", "Good") and seq[-1] == ("2021", "Inadequate")


@pytest.mark.parametrize("name", sorted(p.name for p in QUERIES.glob("*.rq")))
def test_example_queries_run_and_answer(accountability_graph, name):
    text = (QUERIES / name).read_text()
    assert text.startswith("#"), "each example starts with a comment header"
    assert accountability_graph.query(text)


def test_inferred_links_have_score_and_method_and_never_use_explicit_predicates(accountability_graph):
    rows = accountability_graph.query("""
        SELECT ?s ?t ?score WHERE { ?l a kg:InferredLink ; kg:linkSource ?s ; kg:linkTarget ?t ; kg:score ?score ; kg:method ?m .
          ?s kg:similarTo ?t . FILTER NOT EXISTS { ?s kg:arisesFrom ?t } }""")
    assert rows and all(0 < float(r["score"]) <= 1 for r in rows)


def test_every_fact_quotes_its_document_exactly(accountability_graph, real_corpus):
    provenance = [p for g in accountability_graph.graphs() for p in accountability_graph.provenance(g)
                  if p.extractor.startswith("accountability")]
    assert provenance
    for p in provenance:
        assert real_corpus.document(p.document_id).text[p.start:p.end] == p.quote


def test_gold_precision_and_recall_meet_the_targets(accountability_graph):
    from graph.evaluate import evaluate

    results = evaluate(accountability_graph, sorted(GOLD.glob("gold_accountability*.jsonl")))
    assert results["acc_judgement"]["precision"] == results["acc_judgement"]["recall"] == 1.0
    for kind in ("acc_finding", "acc_priority", "acc_action", "acc_recommendation", "acc_inspection"):
        assert results[kind]["precision"] >= 0.95 and results[kind]["recall"] >= 0.95, (kind, results[kind])
    for kind in [k for k in results if k.startswith("acc_link_")]:
        assert results[kind]["precision"] >= 0.95, (kind, results[kind])


def test_commitment_in_minutes_is_linked_to_the_plan_it_concerns(accountability_graph):
    from rdflib.namespace import DCTERMS

    stated = [(o, g) for s, p, o, g in accountability_graph.quads if p == DCTERMS.subject and "/commitment/" in str(s)]
    links = [(prov, o) for o, g in stated for prov in accountability_graph.provenance(g)
             if prov.extractor == "accountability.links"]
    assert any(str(o).endswith("/plan/bury-improvement-plan-2022") and "agreed to include this within the plan" in prov.quote
               for prov, o in links)
