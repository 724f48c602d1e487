"""Precision and recall of the accountability facts in a built graph against a hand-checked gold.

Gold rows (JSONL, one fact per line, see tests/data/gold_accountability.jsonl) name nodes by
readable ids: ``finding:<inspection>:<n>``, ``recommendation:<inspection>:<kind>:<n>``,
``priority:<plan-or-scheme>:<notation>``, ``action:<plan>:<code>``, ``person:<slug>``,
``inspection:<key>``, ``plan:<key>``. Only predictions inside the gold's scope (its inspections
and plans) are scored, so a gold of three documents can be checked against a whole-corpus graph.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote

from graph.extractors.accountability.vocab import AREAS
from ontology.namespace import DATA

AREA_BY_LABEL = {label: key for key, (label, _) in AREAS.items()}
GRADE_BY_IRI = {"Outstanding": "outstanding", "Good": "good", "RequiresImprovement": "requires-improvement",
                "Inadequate": "inadequate", "SendOutcome1": "send-positive", "SendOutcome2": "send-inconsistent",
                "SendOutcome3": "send-systemic-failings"}
LINK_PREDICATES = ("arisesFrom", "addresses", "leadOfficer", "dependsOn", "respondsTo")


def node_id(node) -> str | None:
    """An IRI of ours → the gold's readable id."""
    text = str(node)
    if not text.startswith(DATA):
        return None
    parts = [unquote(p) for p in text[len(DATA):].split("/")]
    kind = parts[0]
    if kind == "inspection":
        if len(parts) == 1 + 1:
            return f"inspection:{parts[1]}"
        if parts[2] == "finding":
            return f"finding:{parts[1]}:{parts[3]}"
        if parts[2] == "judgement":
            return f"judgement:{parts[1]}:{parts[3]}"
        return f"recommendation:{parts[1]}:{parts[2]}:{parts[3]}"
    if kind == "concept":
        return f"priority:{parts[1]}:{parts[2]}"
    if kind == "plan":
        return f"action:{parts[1]}:{parts[3]}" if len(parts) > 3 else f"plan:{parts[1]}"
    if kind == "person":
        return f"person:{parts[1]}"
    return f"{kind}:{'/'.join(parts[1:])}"


def _q(kg, sparql: str) -> list[dict]:
    return kg.query(sparql, timeout=120)


def predicted_rows(kg) -> list[dict]:
    """The accountability facts of a KnowledgeGraph, as gold-shaped rows."""
    rows: list[dict] = []
    for r in _q(kg, """SELECT ?i ?fw ?start ?end ?lead WHERE { ?i a kg:Inspection ; kg:framework ?fw .
            OPTIONAL { ?i schema:startDate ?start } OPTIONAL { ?i schema:endDate ?end }
            OPTIONAL { ?i kg:leadInspector/schema:name ?lead } }"""):
        rows.append(dict(type="inspection", id=node_id(r["i"]).split(":", 1)[1], framework=str(r["fw"]),
                         start=str(r["start"]) if "start" in r else None, end=str(r["end"]) if "end" in r else None,
                         lead=str(r["lead"]) if "lead" in r else None))
    for r in _q(kg, "SELECT ?j ?i ?area ?g WHERE { ?j a kg:Judgement ; kg:inspection ?i ; kg:area ?area ; kg:grade ?g }"):
        rows.append(dict(type="judgement", inspection=node_id(r["i"]).split(":", 1)[1],
                         area=AREA_BY_LABEL.get(str(r["area"]), str(r["area"])),
                         grade=GRADE_BY_IRI.get(str(r["g"]).rsplit("#", 1)[-1], str(r["g"]))))
    for r in _q(kg, """SELECT ?f ?i ?n ?area WHERE { ?f a kg:Finding ; kg:inspection ?i ; kg:paragraphNumber ?n .
            OPTIONAL { ?f kg:area ?area } }"""):
        rows.append(dict(type="finding", inspection=node_id(r["i"]).split(":", 1)[1], number=int(str(r["n"])),
                         area=AREA_BY_LABEL.get(str(r.get("area", "")))))
    for r in _q(kg, "SELECT ?r ?i ?k ?n WHERE { ?r a kg:Recommendation ; kg:inspection ?i ; kg:kind ?k ; skos:notation ?n }"):
        rows.append(dict(type="recommendation", inspection=node_id(r["i"]).split(":", 1)[1], kind=str(r["k"]), number=int(str(r["n"]))))
    kinds = {"theme": "theme", "priority": "priority", "priority action": "priority-action",
             "area for improvement": "area-for-improvement", "desired outcome": "outcome", "source of priority": "source-priority"}
    for r in _q(kg, """SELECT ?p ?kind WHERE { ?p kg:kind ?kind . { ?p a kg:Priority } UNION { ?p a kg:Theme } }"""):
        _, scheme, notation = node_id(r["p"]).split(":", 2)
        rows.append(dict(type="priority", plan=scheme, notation=notation, kind=kinds.get(str(r["kind"]), str(r["kind"]))))
    for r in _q(kg, """SELECT ?a ?due WHERE { ?a a kg:PlannedAction . OPTIONAL { ?a kg:dueDate ?due } }"""):
        _, plan, code = node_id(r["a"]).split(":", 2)
        rows.append(dict(type="action", plan=plan, code=code, due=str(r["due"]) if "due" in r else None, outcome=code[:-1]))
    values = " ".join(f"kg:{p}" for p in LINK_PREDICATES)
    for r in _q(kg, f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o }}"):
        s, o = node_id(r["s"]), node_id(r["o"])
        if s and o:
            rows.append(dict(type="link", subject=s, predicate=str(r["p"]).rsplit("#", 1)[-1], object=o))
    return rows


def _key(row: dict) -> tuple:
    return tuple(sorted((k, json.dumps(v)) for k, v in row.items() if k not in ("ref",)))


def _scope(row: dict) -> str | None:
    """The inspection or plan a row belongs to (its scope for scoring)."""
    if row["type"] == "inspection":
        return row["id"]
    if row["type"] in ("judgement", "finding", "recommendation"):
        return row["inspection"]
    if row["type"] in ("priority", "action"):
        return row["plan"].removesuffix("-sources")
    parts = row["subject"].split(":")
    return parts[1].removesuffix("-sources")


def _group(row: dict) -> str:
    if row["type"] == "link":
        return f"link:{row['predicate']}"
    if row["type"] == "priority" and row.get("kind") in ("priority-action", "area-for-improvement", "outcome", "theme", "source-priority"):
        return f"priority:{row['kind']}"
    return row["type"]


def score(gold: list[dict], predicted: list[dict]) -> dict[str, dict]:
    """Per fact type (and per link predicate): tp, fp, fn, precision, recall."""
    scopes = {_scope(r) for r in gold}
    gold_keys: dict[str, set] = defaultdict(set)
    pred_keys: dict[str, set] = defaultdict(set)
    for r in gold:
        gold_keys[_group(r)].add(_key(r))
    for r in predicted:
        if _scope(r) in scopes:
            pred_keys[_group(r)].add(_key(r))
    out = {}
    groups = sorted(set(gold_keys) | set(pred_keys))
    totals = defaultdict(lambda: [0, 0, 0])
    for g in groups:
        tp = len(gold_keys[g] & pred_keys[g])
        fp = len(pred_keys[g] - gold_keys[g])
        fn = len(gold_keys[g] - pred_keys[g])
        out[g] = _prf(tp, fp, fn)
        out[g]["missing"] = sorted(dict(k) .get("subject", str(dict(k))) + " " + str(dict(k)) for k in gold_keys[g] - pred_keys[g])[:10]
        out[g]["extra"] = sorted(str(dict(k)) for k in pred_keys[g] - gold_keys[g])[:10]
        family = g.split(":")[0]
        for i, v in enumerate((tp, fp, fn)):
            totals[family][i] += v
    for family, (tp, fp, fn) in totals.items():
        out[f"{family} (all)"] = _prf(tp, fp, fn)
    return out


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3), "recall": round(r, 3)}


def load_gold(paths) -> list[dict]:
    rows = []
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def evaluate(kg, gold_paths) -> dict[str, dict]:
    """Score a KnowledgeGraph against gold JSONL files (what ``councilkg eval graph`` reports)."""
    return score(load_gold(gold_paths), predicted_rows(kg))


def render(results: dict[str, dict]) -> str:
    lines = [f"{'type':34} {'prec':>6} {'rec':>6} {'tp':>5} {'fp':>4} {'fn':>4}"]
    for g, r in sorted(results.items()):
        lines.append(f"{g:34} {r['precision']:6.3f} {r['recall']:6.3f} {r['tp']:5d} {r['fp']:4d} {r['fn']:4d}")
    return "\n".join(lines)


def main() -> None:
    import corpus
    import graph
    from graph.extractors.accountability import EXTRACTORS

    here = Path(__file__).resolve().parents[3]
    gold = sorted((here / "tests" / "data").glob("gold_accountability*.jsonl"))
    kg = graph.from_corpus(corpus.load(), extractors=EXTRACTORS, post=[])
    results = evaluate(kg, gold)
    print(render(results))
    for g, r in sorted(results.items()):
        for k in ("missing", "extra"):
            for item in r.get(k, [])[:5]:
                print(f"  {g} {k}: {item}")


if __name__ == "__main__":
    main()
