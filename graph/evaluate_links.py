"""Scoring the graph's links against a gold file of source-table rows and plan actions.

Gold rows (``tests/data/gold_links_blind.jsonl``, written by someone who never saw the extractors):

- ``a3a_row``: one row of a plan's source table (theme, row number within the theme, the reference
  printed, the inspection paragraphs it cites, ``unresolved`` for "Para XX", the priority it feeds by
  reading, ``priority_stated`` whether the text states that priority, ``priority_ambiguous`` where two
  are plausible, and the row's verbatim ``quote``);
- ``send_action``: an action of an action plan (code, its own row's words, ``due_as_written``);
- ``priority_list``: every priority the plan has (anything else typed a priority is invented).

What is measured (rows marked ``priority_ambiguous`` are reported apart, never pooled):

- row → finding: explicit links, each cited by the row's own words (the gold quote inside its span);
- row → priority: the priority the graph reaches (explicit where stated, else inferred with a score);
  explicit links the text does not state are counted as errors whatever they point at;
- finding → priority: every cited paragraph reaches the gold priority through its row;
- unresolved references kept as printed; priorities that the plan does not have;
- actions: own-row citation (the fact typing the action quotes its row, not a lead line), due dates
  at the precision printed (a month stays a month), leads that the row does not print.
"""
from __future__ import annotations

import re
from collections import defaultdict
from councilkg.dates import MONTH_PATTERN
from graph.evaluate import SCORERS, norm

MONTH = re.compile(rf"\b({MONTH_PATTERN})\b", re.I)


def _ratio(num: int, den: int) -> float:
    return round(num / den, 3) if den else 0.0


def _pr(correct: int, predicted: int, found: int, gold: int) -> dict:
    return {"gold": gold, "predicted": predicted, "true_positives": found,
            "precision": _ratio(correct, predicted), "recall": _ratio(found, gold)}


def _graph_rows(kg, documents: set[str]) -> dict:
    """(document, theme, row) -> {iri, text, reference, unresolved, findings: {n: prov}, priorities: {notation: (link, score)}}."""
    rows: dict = {}
    by_iri: dict = {}
    for r in kg.query("""SELECT ?row ?pos ?tn ?text ?g WHERE { GRAPH ?g { ?row a kg:PrioritySource ; schema:position ?pos ;
                            dcterms:isPartOf ?theme ; kg:text ?text } ?theme skos:notation ?tn }"""):
        for prov in kg.provenance(r["g"]):
            if prov.document_id in documents:
                key = (prov.document_id, str(r["tn"]), int(r["pos"]))
                rows[key] = by_iri[r["row"]] = {"iri": r["row"], "text": str(r["text"]), "prov": prov,
                                               "unresolved": set(), "findings": {}, "priorities": {}}
    for r in kg.query("SELECT ?row ?u WHERE { ?row a kg:PrioritySource ; kg:unresolvedReference ?u }"):
        if r["row"] in by_iri:
            by_iri[r["row"]]["unresolved"].add(str(r["u"]))
    for r in kg.query("""SELECT ?row ?n ?g WHERE { GRAPH ?g { ?row kg:arisesFrom ?f } ?row a kg:PrioritySource .
                          ?f a kg:Finding ; kg:paragraphNumber ?n }"""):
        if r["row"] in by_iri:
            by_iri[r["row"]]["findings"][str(r["n"])] = kg.provenance(r["g"])
    for r in kg.query("""SELECT ?row ?pn WHERE { ?p kg:arisesFrom ?row . ?row a kg:PrioritySource .
                          ?p a kg:Priority ; skos:notation ?pn }"""):
        if r["row"] in by_iri:
            by_iri[r["row"]]["priorities"][str(r["pn"])] = ("explicit", None)
    for r in kg.query("""SELECT ?row ?pn ?score WHERE { ?l a kg:InferredLink ; kg:linkSource ?p ; kg:linkTarget ?row ;
                          kg:score ?score . ?row a kg:PrioritySource . ?p a kg:Priority ; skos:notation ?pn }"""):
        if r["row"] in by_iri:
            by_iri[r["row"]]["priorities"].setdefault(str(r["pn"]), ("inferred", float(r["score"])))
    return rows


def _key(g: dict) -> tuple:
    return (g["document"], str(g["theme"]), int(g["row"]))


def _quote_inside(quote: str, provs) -> bool:
    """The gold quote lies inside the cited words (whitespace-insensitive)."""
    q = " ".join(quote.split())
    return any(q in " ".join(p.quote.split()) for p in provs)


def score_rows(kg, gold: list[dict]) -> dict:
    docs = {g["document"] for g in gold}
    graph_rows = _graph_rows(kg, docs)
    out: dict = {}
    for part, wanted in (("clear", False), ("ambiguous", True)):
        part_gold = [g for g in gold if bool(g.get("priority_ambiguous")) == wanted]
        keys = {(g["document"], str(g["theme"]), int(g["row"])) for g in part_gold}
        found_rows = [k for k in keys if k in graph_rows]
        # row -> finding (explicit, cited by the row)
        gold_links = {(g["document"], str(g["theme"]), int(g["row"]), n) for g in part_gold for n in g["findings"]}
        pred_links = {(k[0], k[1], k[2], n) for k in keys if k in graph_rows for n in graph_rows[k]["findings"]}
        quotes = {(g["document"], str(g["theme"]), int(g["row"])): g["quote"] for g in part_gold}
        cited = [l for l in pred_links & gold_links if _quote_inside(quotes[l[:3]], graph_rows[l[:3]]["findings"][l[3]])]
        # row -> priority
        reached = {k: graph_rows[k]["priorities"] for k in keys if k in graph_rows}
        gold_priority = {(g["document"], str(g["theme"]), int(g["row"])): g["priority"] for g in part_gold}
        stated = {(g["document"], str(g["theme"]), int(g["row"])): g.get("priority_stated", False) for g in part_gold}
        predicted_pairs = [(k, p) for k, ps in reached.items() for p in ps]
        correct_pairs = [(k, p) for k, p in predicted_pairs if p == gold_priority[k]]
        explicit_unstated = [(k, p) for k, p in predicted_pairs if reached[k][p][0] == "explicit" and not stated[k]]
        # finding -> priority through the row
        gold_reach = {(k, n, gold_priority[k]) for k in gold_priority for n in
                      next(g["findings"] for g in part_gold if (g["document"], str(g["theme"]), int(g["row"])) == k)}
        pred_reach = {(k, n, p) for k in keys if k in graph_rows for n in graph_rows[k]["findings"] for p in reached.get(k, {})}
        out[part] = {
            "rows": len(keys), "rows_found": len(found_rows),
            "row_finding": {**_pr(len(pred_links & gold_links), len(pred_links), len(pred_links & gold_links), len(gold_links)),
                            "cited_by_own_row": len(cited)},
            "row_priority": {**_pr(len(correct_pairs), len(predicted_pairs), len({k for k, _ in correct_pairs}), len(gold_priority)),
                             "explicit": sum(1 for k, p in predicted_pairs if reached[k][p][0] == "explicit"),
                             "explicit_not_stated": len(explicit_unstated)},
            "finding_priority": _pr(len(pred_reach & gold_reach), len(pred_reach), len(pred_reach & gold_reach), len(gold_reach)),
            "wrong": sorted(f"theme {k[1]} row {k[2]}: {p} (gold {gold_priority[k]}, {reached[k][p][0]}"
                            f"{'' if reached[k][p][1] is None else ' %.2f' % reached[k][p][1]})"
                            for k, p in predicted_pairs if p != gold_priority[k])[:20],
            "missed": sorted(f"theme {k[1]} row {k[2]} -> {gold_priority[k]}" for k in gold_priority
                             if gold_priority[k] not in reached.get(k, {}))[:20],
        }
    # a 'Page 2' row -> the report item it restates (inferred by wording; gold: the row's ofsted_item)
    items: dict = defaultdict(list)
    for r in kg.query("""SELECT ?row ?text WHERE { ?l a kg:InferredLink ; kg:linkSource ?row ; kg:linkTarget ?x .
                          ?row a kg:PrioritySource . ?x a kg:Recommendation ; kg:text ?text }"""):
        items[r["row"]].append(str(r["text"]))
    page_gold = [g for g in gold if g.get("ofsted_item")]
    page_pred = [(g, t) for g in page_gold for t in items.get(graph_rows.get(_key(g), {}).get("iri"), [])]
    page_ok = [(g, t) for g, t in page_pred if norm(t) == norm(g["ofsted_item"])]
    out["page_item"] = _pr(len(page_ok), len(page_pred), len({id(g) for g, _ in page_ok}), len(page_gold))
    unresolved_gold = [g for g in gold if g.get("unresolved")]
    shown = [g for g in unresolved_gold if norm(g["reference"]) in
             {norm(u) for u in graph_rows.get((g["document"], str(g["theme"]), int(g["row"])), {}).get("unresolved", ())}]
    clear = out["clear"]
    return {
        "gold": len(gold), "predicted": sum(1 for k in graph_rows if k[0] in docs),
        "true_positives": clear["finding_priority"]["true_positives"],
        "precision": clear["finding_priority"]["precision"], "recall": clear["finding_priority"]["recall"],
        "detail": {**out, "unresolved_references": {"gold": len(unresolved_gold), "shown_as_unresolved": len(shown)}},
        "missed": clear["missed"], "wrong": clear["wrong"],
    }


def score_priority_list(kg, gold: list[dict]) -> dict:
    """Priorities of the plans the gold lists: every listed one present, none the plan does not have."""
    listed = {(g["document"], n) for g in gold for n in g["notations"]}
    docs = {g["document"] for g in gold}
    rows = []
    for r in kg.query("SELECT ?n ?plan ?g WHERE { GRAPH ?g { ?p a kg:Priority ; skos:notation ?n } OPTIONAL { ?p kg:plan ?plan } }"):
        for prov in kg.provenance(r["g"]):
            if prov.document_id in docs and re.fullmatch(r"\d{1,2}\.\d{1,2}", str(r["n"])):
                rows.append((prov.document_id, str(r["n"]), r.get("plan")))
    # the plans the list belongs to: those holding a listed notation (another plan's 6.1 is not invented)
    plans = {plan for doc, n, plan in rows if (doc, n) in listed}
    found = {(doc, n) for doc, n, plan in rows if plan in plans}
    invented = sorted(found - listed)
    return {"gold": len(listed), "predicted": len(found), "true_positives": len(found & listed),
            "precision": _ratio(len(found & listed), len(found)), "recall": _ratio(len(found & listed), len(listed)),
            "detail": {"invented_priorities": len(invented)},
            "missed": sorted(n for _, n in listed - found), "wrong": [f"invented {n}" for _, n in invented]}


def _month_precision(written: str, value: str) -> bool:
    """A deadline printed as a month (no day) is held as that month, not a padded day."""
    has_day = re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\s+" + MONTH.pattern, written, re.I) is not None
    return len(value) == 10 if has_day else len(value) == 7


def score_actions(kg, gold: list[dict]) -> dict:
    docs = {g["document"] for g in gold}
    actions: dict = {}
    for r in kg.query("SELECT ?a ?code ?g WHERE { GRAPH ?g { ?a a kg:PlannedAction ; skos:notation ?code } }"):
        for prov in kg.provenance(r["g"]):
            if prov.document_id in docs:
                actions.setdefault((prov.document_id, str(r["code"])), {"iri": r["a"], "typed": [], "due": [], "text": [],
                                                                        "own_leads": 0, "inherited_leads": 0})["typed"].append(prov)
    by_iri = {v["iri"]: v for v in actions.values()}
    for r in kg.query("SELECT ?a ?due ?text WHERE { ?a a kg:PlannedAction ; kg:dueDate ?due . OPTIONAL { ?a kg:dueText ?text } }"):
        if r["a"] in by_iri:
            by_iri[r["a"]]["due"].append(str(r["due"]))
            if r.get("text") is not None:
                by_iri[r["a"]]["text"].append(str(r["text"]))
    for r in kg.query("SELECT ?a ?g WHERE { GRAPH ?g { ?a kg:leadOfficer ?p } ?a a kg:PlannedAction }"):
        if r["a"] in by_iri:
            for prov in kg.provenance(r["g"]):
                own = any(prov.paragraph_id == t.paragraph_id for t in by_iri[r["a"]]["typed"])
                by_iri[r["a"]]["own_leads" if own else "inherited_leads"] += 1
    found = [g for g in gold if (g["document"], g["code"]) in actions]
    own_row = [g for g in found if _quote_overlaps(g["quote"], actions[(g["document"], g["code"])]["typed"])]
    dated = [g for g in found if g.get("due_as_written")]
    as_written = [g for g in dated if any(norm(t) == norm(g["due_as_written"]) for t in actions[(g["document"], g["code"])]["text"])]
    precise = [g for g in dated if actions[(g["document"], g["code"])]["due"]
               and all(_month_precision(g["due_as_written"], d) for d in actions[(g["document"], g["code"])]["due"])]
    invented_leads = [g["code"] for g in found if g.get("lead") is None and actions[(g["document"], g["code"])]["own_leads"]]
    predicted = [k for k in actions if k[0] in docs]
    gold_keys = {(g["document"], g["code"]) for g in gold}
    return {
        "gold": len(gold), "predicted": len(predicted), "true_positives": len(found),
        "precision": _ratio(len(set(predicted) & gold_keys), len(predicted)), "recall": _ratio(len(found), len(gold)),
        "detail": {"cites_own_row": len(own_row), "due_written": len(dated), "due_text_as_written": len(as_written),
                   "due_at_printed_precision": len(precise), "own_row_leads_not_printed": len(invented_leads),
                   "leads_inherited_from_priority_line": sum(1 for g in found if actions[(g["document"], g["code"])]["inherited_leads"])},
        "missed": [g["code"] for g in gold if (g["document"], g["code"]) not in actions]
                  + [f"{g['code']} not cited by its own row" for g in found if g not in own_row],
        "wrong": [f"{g['code']} due {actions[(g['document'], g['code'])]['due']} (printed {g['due_as_written']!r})"
                  for g in dated if g not in precise][:20],
    }


def _quote_overlaps(quote: str, provs) -> bool:
    """The action's own words and the gold's own-row quote overlap (one holds the other, or they share a long run)."""
    q = " ".join(quote.split())
    for p in provs:
        c = " ".join(p.quote.split())
        if q in c or c in q or q[:40] in c or c[-40:] in q:
            return True
    return False


SCORERS["a3a_row"] = score_rows
SCORERS["priority_list"] = score_priority_list
SCORERS["send_action"] = score_actions
