"""Precision and recall of the graph against hand-checked gold rows, per entity/relation type.

Gold files are ``tests/data/gold_*.jsonl``, one row per fact:
``{"type": "chair", "document": "cyp-scrutiny-minutes-2022-03-23", "subject": "Children and Young People
Scrutiny Committee 2022-03-23", "object": "S Wright"}``. Keys are compared normalised (lower-case words);
a person matches through any of its surface forms. Each type has a query (``QUERIES``) giving the
graph's (document, subject keys, object keys) rows; another stage adds types with ``QUERIES[...] = fn``.
Precision counts only predictions from documents that the gold covers for that type.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Callable

from councilkg.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
Row = tuple[str, frozenset, frozenset]  # (document id, subject keys, object keys)


def norm(text) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", str(text).lower().replace("&", " and ")))


def _labels(kg, node) -> frozenset:
    keys = {norm(o) for s, p, o, g in kg.triples((node, None, None))
            if str(p).endswith(("altLabel", "prefLabel", "#name", "/name", "title"))}
    keys |= {norm(re.sub(r"(?i)^(councillor|cllr)\s+", "", k)) for k in keys}
    return frozenset(keys | {norm(str(node).rsplit("/", 1)[-1].replace("-", " "))})


def _relation(kg, predicate: str, subject_keys=None) -> list[Row]:
    rows = []
    for prov_rows in kg.query(f"""SELECT DISTINCT ?s ?o ?g WHERE {{ GRAPH ?g {{ ?s {predicate} ?o }} }}"""):
        s, o, g = prov_rows["s"], prov_rows["o"], prov_rows["g"]
        for prov in kg.provenance(g):
            rows.append((prov.document_id, subject_keys(kg, s) if subject_keys else _labels(kg, s), _labels(kg, o)))
    return rows


def _meeting_keys(kg, meeting) -> frozenset:
    rows = kg.query(f"SELECT ?b ?d WHERE {{ <{meeting}> schema:organizer ?b ; schema:startDate ?d }}")
    keys = set()
    for row in rows:
        for label in _labels(kg, row["b"]):
            keys.add(norm(f"{label} {row['d']}"))
    return frozenset(keys)


def _statement_rows(kg, cls: str, who: str) -> list[Row]:
    rows = []
    for r in kg.query(f"SELECT DISTINCT ?x ?m ?p ?g WHERE {{ GRAPH ?g {{ ?x a {cls} ; kg:meeting ?m ; {who} ?p }} }}"):
        for prov in kg.provenance(r["g"]):
            rows.append((prov.document_id, _labels(kg, r["p"]), _meeting_keys(kg, r["m"])))
    return rows


QUERIES: dict[str, Callable] = {
    "meeting": lambda kg: [(doc, frozenset({norm("meeting")}), keys) for doc, _, keys in
                           [(p.document_id, None, _meeting_keys(kg, r["m"]))
                            for r in kg.query("SELECT DISTINCT ?m ?g WHERE { GRAPH ?g { ?m a kg:Meeting } }")
                            for p in kg.provenance(r["g"])]],
    "chair": lambda kg: _relation(kg, "kg:chair", lambda kg_, s: _meeting_keys(kg_, s) or _labels(kg_, s)),
    "present": lambda kg: _relation(kg, "kg:present", _meeting_keys),
    "apologies": lambda kg: _relation(kg, "kg:apologies", _meeting_keys),
    "in_attendance": lambda kg: _relation(kg, "kg:inAttendance", _meeting_keys),
    "post": lambda kg: _relation(kg, "org:holds"),
    "declaration": lambda kg: _statement_rows(kg, "kg:DeclarationOfInterest", "kg:declarant"),
    "commitment": lambda kg: _statement_rows(kg, "kg:Commitment", "kg:committedBy"),
}


# Gold types that are not (subject, object) rows: a scorer reads the graph and its gold rows itself and
# returns the same keys (gold, predicted, precision, recall, missed, wrong) plus a "detail" dict.
SCORERS: dict[str, Callable] = {}

QUERY_MODULES = ["graph.extractors.accountability.eval_queries",  # each adds its types to QUERIES/SCORERS on import
                 "graph.evaluate_links"]


def _load_query_modules() -> None:
    import importlib

    for name in QUERY_MODULES:
        importlib.import_module(name)  # a missing module is an error, never a silently shorter evaluation


def load_gold(paths=None) -> list[dict]:
    files = [Path(p) for p in paths] if paths else sorted((ROOT / "tests" / "data").glob("gold_*.jsonl"))
    if not files:
        raise InputError("No gold files found.", hint="Pass a path or add tests/data/gold_*.jsonl.")
    rows = []
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() and not line.lstrip().startswith("//"):
                try:
                    rows.append(json.loads(line))
                except ValueError as exc:
                    raise InputError(f"{path}:{n} is not valid JSON ({exc}).") from exc
    return rows


def evaluate(kg, paths=None) -> dict[str, dict]:
    """{type: {precision, recall, gold, predicted, true_positives, missed: [...], wrong: [...]}}."""
    _load_query_modules()
    gold = load_gold(paths)
    results = {}
    for kind in sorted({row["type"] for row in gold}):
        if kind in SCORERS:
            results[kind] = SCORERS[kind](kg, [r for r in gold if r["type"] == kind])
            continue
        if kind not in QUERIES:
            results[kind] = {"error": f"no query for type '{kind}'"}
            continue
        gold_rows = [r for r in gold if r["type"] == kind]
        docs = {r["document"] for r in gold_rows}
        predicted = {(d, s, o) for d, s, o in QUERIES[kind](kg) if d in docs}
        found = [any(d == r["document"] and norm(r["subject"]) in s and norm(r["object"]) in o for d, s, o in predicted)
                 for r in gold_rows]
        correct = [p for p in predicted if any(p[0] == r["document"] and norm(r["subject"]) in p[1] and norm(r["object"]) in p[2]
                                               for r in gold_rows)]
        distinct, distinct_correct = predicted, set(correct)
        results[kind] = {
            "gold": len(gold_rows), "predicted": len(distinct), "true_positives": sum(found),
            "precision": round(len(distinct_correct) / len(distinct), 3) if distinct else 0.0,
            "recall": round(sum(found) / len(gold_rows), 3),
            "missed": [f"{r['subject']} -> {r['object']}" for r, ok in zip(gold_rows, found) if not ok],
            "wrong": sorted(f"{d}: {sorted(s)[:1]} -> {sorted(o)[:2]}" for d, s, o in predicted
                            if (d, s, o) in distinct - distinct_correct)[:20],
        }
    return results


def render(results: dict) -> str:
    lines = [f"{'type':16} {'gold':>5} {'pred':>5} {'prec':>6} {'recall':>6}"]
    for kind, r in results.items():
        if "error" in r:
            lines.append(f"{kind:16} {r['error']}")
            continue
        lines.append(f"{kind:16} {r['gold']:5d} {r['predicted']:5d} {r['precision']:6.3f} {r['recall']:6.3f}")
        lines += _detail_lines(r.get("detail") or {}, "    ")
        for miss in r["missed"][:5]:
            lines.append(f"    missed: {miss}")
        for wrong in r["wrong"][:5]:
            lines.append(f"    wrong:  {wrong}")
    return "\n".join(lines)


def _detail_lines(detail: dict, indent: str) -> list[str]:
    """A scorer's detail dict, one measure a line (nested dicts indented)."""
    lines = []
    for key, value in detail.items():
        if isinstance(value, dict):
            flat = {k: v for k, v in value.items() if not isinstance(v, (dict, list))}
            lines.append(f"{indent}{key}: " + ", ".join(f"{k} {v}" for k, v in flat.items()))
            lines += _detail_lines({k: v for k, v in value.items() if isinstance(v, dict)}, indent + "  ")
            lines += [f"{indent}  {k}: {'; '.join(map(str, v[:8]))}" for k, v in value.items() if isinstance(v, list) and v]
        elif not isinstance(value, list):
            lines.append(f"{indent}{key}: {value}")
    return lines
