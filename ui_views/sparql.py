"""SPARQL tab: a read-only console with example queries, results as a table and a time limit."""
from __future__ import annotations

import re
from pathlib import Path

import gradio as gr

from ui_views.backend import backend
from ui_views.errors import fail, user_errors
from ui_views.render import compact

# Used when the README has no ```sparql blocks yet; the README's own examples come first.
EXAMPLES = {
    "Documents": "SELECT ?doc ?title ?date WHERE {\n  ?doc a kg:Document ; dcterms:title ?title .\n"
                 "  OPTIONAL { ?doc dcterms:date ?date }\n} ORDER BY ?date",
    "Judgements": "SELECT ?inspection ?area ?grade WHERE {\n  ?j a kg:Judgement ; kg:inspection ?inspection ;\n"
                  "     kg:area ?area ; kg:grade ?grade .\n} ORDER BY ?inspection",
    "Findings → priorities": "SELECT ?finding ?number ?priority WHERE {\n  ?finding a kg:Finding .\n"
                             "  OPTIONAL { ?finding kg:paragraphNumber ?number }\n"
                             "  ?priority kg:addresses|kg:arisesFrom ?finding .\n} LIMIT 50",
    "Actions with leads": "SELECT ?action ?lead ?due WHERE {\n  ?action a kg:PlannedAction .\n"
                          "  OPTIONAL { ?action kg:leadOfficer ?lead }\n  OPTIONAL { ?action kg:dueDate ?due }\n} LIMIT 50",
    "Where a fact came from": "SELECT ?g ?extractor ?quote WHERE {\n  ?g prov:wasDerivedFrom ?span ; prov:wasGeneratedBy ?run .\n"
                              "  ?run kg:extractorName ?extractor .\n  ?span oa:hasSelector ?sel .\n  ?sel oa:exact ?quote .\n} LIMIT 20",
    "Chairs of meetings": "SELECT ?meeting ?chair WHERE {\n  ?meeting a kg:Meeting ; kg:chair ?c .\n"
                          "  ?c schema:name ?chair .\n} LIMIT 50",
}
MAX_ROWS = 2000


def example_title(before: str) -> str:
    """What a query asks, from the prose line just above its block ("Who chaired which meeting:"), else the
    nearest heading: the first clause, without a closing colon or an aside in brackets or after a dash."""
    lines = [l.strip() for l in before.rstrip().splitlines()]
    prose = []
    for line in reversed(lines):
        if not line or line.startswith("```"):
            if prose:
                break
            continue
        if line.startswith("#"):
            if not prose:
                prose = [line.lstrip("# ")]
            break
        prose.insert(0, line)
    title = re.sub(r"\s*\([^)]*\)", "", " ".join(prose))
    title = re.split(r"\s[—–]\s|:\s*$|:\s", title)[0].strip(" .:")
    return title[:1].upper() + title[1:] if title else ""


def readme_examples(path: Path | None = None) -> dict[str, str]:
    """The README's ```sparql blocks, each titled by what it asks (the prose line above it)."""
    path = path or Path(__file__).resolve().parent.parent / "README.md"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}
    found = {}
    for m in re.finditer(r"```sparql\s*\n(.*?)```", text, re.S):
        query = m.group(1).strip()
        first = query.splitlines()[0] if query else ""
        title = first.lstrip("# ").strip() if first.startswith("#") else example_title(text[:m.start()])
        title = title or f"Example {len(found) + 1}"
        if len(title) > 70:
            title = title[:69].rsplit(" ", 1)[0] + "…"
        base, n = title, 2
        while title in found:
            title = f"{base} ({n})"
            n += 1
        found[title] = query
    return found


def examples() -> dict[str, str]:
    return {**readme_examples(), **{k: v for k, v in EXAMPLES.items()}}


@user_errors
def run(query: str):
    """Run a read-only query; returns (results table, status line). Updates and SERVICE are refused."""
    if not (query or "").strip():
        raise fail("Write a SPARQL query or pick an example.")
    b = backend()
    timeout = float(getattr(b.settings, "sparql_timeout_s", 10.0))
    graph = b.graph()
    run_query = getattr(graph, "user_query", graph.query)  # bounded: time, rows and memory limits
    rows = run_query(query, timeout=timeout)
    truncated = bool(getattr(rows, "truncated", False))
    if isinstance(rows, bool):
        return {"headers": ["result"], "data": [[str(rows).lower()]]}, "ASK answered."
    rows = list(rows)
    columns = []
    for row in rows:
        for key in row:
            if key not in columns:
                columns.append(str(key))
    shown = rows[:MAX_ROWS]
    data = [[compact(row.get(c)) if row.get(c) is not None else "" for c in columns] for row in shown]
    status = f"{len(rows)} row{'s' if len(rows) != 1 else ''}" + (f" (first {MAX_ROWS} shown)" if len(rows) > MAX_ROWS else "") \
        + (" — more rows matched than the row limit, so the rest were cut off" if truncated else "") \
        + f"; read-only, time limit {min(max(timeout, 0.5), 120):g} s."
    return {"headers": columns or ["(no variables)"], "data": data or [[""] * max(1, len(columns))]}, status


def build() -> None:
    queries = examples()
    gr.Markdown("Read-only SPARQL over the whole graph (all named graphs). Prefixes `kg:`, `prov:`, `oa:`, "
                "`schema:`, `skos:`, `dcterms:`, `org:` … are predeclared. Updates and `SERVICE` calls are refused.")
    with gr.Row():
        buttons = [gr.Button(name, size="sm") for name in queries]
    query = gr.Code(value=next(iter(queries.values())), language="sql", label="Query", lines=8, elem_id="sparql-query",
                    interactive=True)
    go = gr.Button("Run query", variant="primary", elem_id="sparql-submit")
    status = gr.Markdown(elem_id="sparql-status")
    table = gr.Dataframe(interactive=False, wrap=True, elem_id="sparql-results")
    for button, text in zip(buttons, queries.values()):
        button.click(lambda t=text: t, None, query, api_name=False)
    go.click(run, query, [table, status], api_name="sparql", concurrency_limit=2)
