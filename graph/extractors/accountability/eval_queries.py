"""The accountability fact types of ``councilkg eval graph`` (gold: tests/data/gold_accountability.jsonl).

Each type is a query giving (document, subject keys, object keys) rows for the facts the graph
holds, with the document taken from each fact's provenance. Nodes are keyed by readable ids:
``finding:<inspection>:<n>``, ``recommendation:<inspection>:<kind>:<n>``, ``priority:<scheme>:<notation>``,
``action:<plan>:<code>``, ``source-row:<plan>:<theme>-<row>``, ``person:<slug>``, ``inspection:<key>``, ``plan:<key>``.
"""
from __future__ import annotations

from urllib.parse import unquote

from graph.evaluate import QUERIES, norm
from ontology import vocab
from ontology.namespace import DATA

AREA_BY_LABEL = {term.label: key for key, term in vocab.AREAS.items()}
ITEM_KINDS = {"theme": "theme", "priority": "priority", "priority action": "priority-action",
              "area for improvement": "area-for-improvement", "desired outcome": "outcome",
              "source of priority": "source-priority"}


def node_id(node) -> str:
    """One of our IRIs → its readable id (see the module docstring)."""
    text = str(node)
    if not text.startswith(DATA):
        return text
    parts = [unquote(p) for p in text[len(DATA):].split("/")]
    kind = parts[0]
    if kind == "inspection":
        if len(parts) == 2:
            return f"inspection:{parts[1]}"
        if parts[2] == "finding":
            return f"finding:{parts[1]}:{parts[3]}"
        return f"{'judgement' if parts[2] == 'judgement' else 'recommendation'}:{parts[1]}:" + ":".join(parts[2:])
    if kind == "concept":
        return f"priority:{parts[1]}:{parts[2]}"
    if kind == "plan":
        if len(parts) > 3 and parts[2] == "source-row":
            return f"source-row:{parts[1]}:{parts[3]}"
        return f"action:{parts[1]}:{parts[3]}" if len(parts) > 3 else f"plan:{parts[1]}"
    return f"{kind}:{':'.join(parts[1:])}"


def _local(node_id_: str) -> str:
    """'finding:bury-ilacs-2021-10:17' → 'bury-ilacs-2021-10 17' (the gold's subject form)."""
    return " ".join(node_id_.split(":")[1:])


def _rows(kg, sparql: str, subject, obj) -> list:
    out = []
    for r in kg.query(sparql):
        for prov in kg.provenance(r["g"]):
            out.append((prov.document_id, frozenset({norm(subject(r))}), frozenset({norm(obj(r))})))
    return out


def _grade(node) -> str:
    term = vocab.GRADE_BY_IRI.get(node)
    return term.key if term else str(node)


def _register() -> None:
    QUERIES["acc_inspection"] = lambda kg: _rows(
        kg, "SELECT ?i ?s ?e ?g WHERE { GRAPH ?g { ?i schema:startDate ?s ; schema:endDate ?e } ?i a kg:Inspection }",
        lambda r: _local(node_id(r["i"])), lambda r: f"{r['s']} {r['e']}")
    QUERIES["acc_lead_inspector"] = lambda kg: _rows(
        kg, "SELECT ?i ?n ?g WHERE { GRAPH ?g { ?i kg:leadInspector ?p } ?p schema:name ?n }",
        lambda r: _local(node_id(r["i"])), lambda r: str(r["n"]))
    QUERIES["acc_judgement"] = lambda kg: _rows(
        kg, "SELECT ?i ?a ?grade ?g WHERE { GRAPH ?g { ?j a kg:Judgement ; kg:inspection ?i ; kg:area ?a ; kg:grade ?grade } }",
        lambda r: f"{_local(node_id(r['i']))} {AREA_BY_LABEL.get(str(r['a']), str(r['a']))}", lambda r: _grade(r["grade"]))
    QUERIES["acc_finding"] = lambda kg: _rows(
        kg, "SELECT ?f ?a ?g WHERE { GRAPH ?g { ?f a kg:Finding ; kg:paragraphNumber ?n . OPTIONAL { ?f kg:area ?a } } }",
        lambda r: _local(node_id(r["f"])), lambda r: AREA_BY_LABEL.get(str(r.get("a", "")), "none"))
    QUERIES["acc_recommendation"] = lambda kg: _rows(
        kg, "SELECT ?x ?k ?g WHERE { GRAPH ?g { ?x a kg:Recommendation ; kg:kind ?k } }",
        lambda r: _local(node_id(r["x"])), lambda r: str(r["k"]))
    QUERIES["acc_priority"] = lambda kg: _rows(
        kg, "SELECT ?p ?k ?g WHERE { GRAPH ?g { ?p kg:kind ?k ; skos:notation ?n . } { ?p a kg:Priority } UNION { ?p a kg:Theme } }",
        lambda r: _local(node_id(r["p"])), lambda r: ITEM_KINDS.get(str(r["k"]), str(r["k"])))
    QUERIES["acc_action"] = lambda kg: _rows(
        kg, "SELECT ?a ?due ?g WHERE { GRAPH ?g { ?a a kg:PlannedAction } OPTIONAL { ?a kg:dueDate ?due } }",
        lambda r: _local(node_id(r["a"])), lambda r: str(r["due"]) if "due" in r else "none")
    QUERIES["acc_source_row"] = lambda kg: _rows(
        kg, "SELECT ?r ?ref ?g WHERE { GRAPH ?g { ?r a kg:PrioritySource ; kg:reference ?ref } }",
        lambda r: _local(node_id(r["r"])), lambda r: str(r["ref"]))
    for predicate in ("arisesFrom", "addresses", "leadOfficer", "dependsOn", "respondsTo"):
        QUERIES[f"acc_link_{predicate}"] = (lambda p: lambda kg: _rows(
            kg, f"SELECT ?s ?o ?g WHERE {{ GRAPH ?g {{ ?s kg:{p} ?o }} }}",
            lambda r: node_id(r["s"]), lambda r: node_id(r["o"])))(predicate)


_register()


def main() -> None:
    """Score this layer alone on the real corpus: ``python -m graph.extractors.accountability.eval_queries``."""
    from pathlib import Path

    import corpus
    import graph
    from graph.evaluate import evaluate, render
    from graph.extractors.accountability import EXTRACTORS

    gold = sorted((Path(__file__).resolve().parents[3] / "tests" / "data").glob("gold_accountability*.jsonl"))
    kg = graph.from_corpus(corpus.load(), extractors=EXTRACTORS, post=[])
    print(render(evaluate(kg, gold)))


if __name__ == "__main__":
    main()
