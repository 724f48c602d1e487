"""Explore tab: search people, bodies, meetings and inspections; an entity card; a judgement timeline."""
from __future__ import annotations

import re

import gradio as gr
from rdflib import Literal

from ontology import vocab
from ui_views.backend import backend
from ui_views.errors import fail, user_errors
from ui_views.render import compact, esc

SEARCH_KINDS = ["Person", "Body", "Meeting", "Inspection"]
FACT_COLUMNS = ["predicate", "object", "quote", "document", "extractor", "subject", "graph"]

TIMELINE_QUERY = """
SELECT ?inspection ?area ?grade ?gradeLabel ?notation ?date ?framework WHERE {
  { ?inspection kg:judgement ?j } UNION { ?j kg:inspection ?inspection }
  ?j kg:area ?area ; kg:grade ?grade .
  OPTIONAL { ?grade skos:prefLabel ?gradeLabel }
  OPTIONAL { ?grade skos:notation ?notation }
  OPTIONAL { ?inspection kg:framework ?framework }
  OPTIONAL { { ?inspection prov:startedAtTime ?date } UNION { ?inspection schema:startDate ?date }
             UNION { ?inspection dcterms:date ?date } UNION { ?inspection prov:endedAtTime ?date } }
}
"""


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", str(text).lower()))


@user_errors
def search(text: str, kinds=None):
    """Entities whose names contain the words of ``text``: (Dropdown update, result count line)."""
    wanted = _norm(text)
    kinds = set(kinds or SEARCH_KINDS)
    hits = []
    for kind, label, iri, names in backend().typed_labels:
        if kind not in kinds:
            continue
        normed = _norm(names) + " " + _norm(label)
        if not wanted or all(word in normed for word in wanted.split()):
            exact = _norm(label) == wanted
            hits.append((not exact, kind, label.lower(), f"{kind}: {label}", iri))
    hits.sort()
    shown = [(h[3], h[4]) for h in hits[:200]]
    note = f"{len(hits)} match{'es' if len(hits) != 1 else ''}" + (" (first 200 shown)" if len(hits) > 200 else "")
    if not hits:
        note = f"Nothing called '{text}' among {', '.join(sorted(kinds)).lower()}."
    return gr.Dropdown(choices=shown, value=shown[0][1] if shown else None), note


def _facts_rows(facts) -> list[list[str]]:
    rows = []
    for f in facts:
        prov = f.provenance
        obj = str(f.object) if isinstance(f.object, Literal) else compact(f.object)
        rows.append([compact(f.predicate), obj, prov.quote, prov.document_id, f"{prov.extractor} {prov.version}",
                     compact(f.subject), prov.graph])
    return rows


@user_errors
def card(iri: str):
    """Everything the graph holds about one node: (card HTML, facts table)."""
    iri = (iri or "").strip()
    if not iri:
        raise fail("Search for a person, body, meeting or inspection and pick one from the list.")
    b = backend()
    graph = b.graph()
    known = {row[2]: row for row in b.typed_labels}
    if iri not in known:
        if iri.startswith("http"):
            row = ("Node", iri.rsplit("/", 1)[-1], iri, "")
        else:
            found = graph.find_entities(iri) if hasattr(graph, "find_entities") else []
            if not found:
                raise fail(f"No person, body, meeting or inspection called '{iri}' in the graph.")
            iri = str(found[0])
            row = known.get(iri, ("Entity", iri.rsplit("/", 1)[-1], iri, ""))
    else:
        row = known[iri]
    facts = graph.facts_about(iri)
    kind, label, _, names = row
    surface = sorted({n for n in names.split("\n") if n} - {label})
    documents = sorted({f.provenance.document_id for f in facts})
    html = (f'<div class="ckg-card"><h3>{esc(label)}</h3><p class="ckg-meta">{esc(kind)} · <code>{esc(iri)}</code></p>'
            f"<p>{len(facts)} facts from {len(documents)} document{'s' if len(documents) != 1 else ''}"
            f"{': ' + esc(', '.join(documents)) if documents else ''}.</p>"
            + (f"<p class='ckg-meta'>Also written as: {esc('; '.join(surface[:20]))}</p>" if surface else "")
            + "<p class='ckg-meta'>Select a fact row to see its provenance.</p></div>")
    return html, {"headers": FACT_COLUMNS, "data": _facts_rows(facts) or [[""] * len(FACT_COLUMNS)]}


def _grade_rank(label: str, notation) -> float | None:
    if notation not in (None, ""):
        try:
            return float(notation)
        except ValueError:
            pass
    low = str(label).lower()
    for term in vocab.ofsted_grades():
        if any(name.lower() in low for name in (*term.alt, term.label)):
            return float(vocab.grade_rank(term))
    m = re.search(r"outcome\s*(\d)", low)
    return float(m.group(1)) if m else None


@user_errors
def timeline():
    """Judgements per area across inspections, as a matplotlib figure (None when there are none)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = backend().graph().query(TIMELINE_QUERY)
    points = {}
    for row in rows:
        local = str(row.get("grade")).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        label = str(row.get("gradeLabel") or re.sub(r"(?<=[a-z])(?=[A-Z0-9])", " ", local))
        rank = _grade_rank(label, row.get("notation"))
        date = str(row.get("date") or "")[:10]
        if rank is None or not date:
            continue
        key = (str(row.get("area")), date)
        points[key] = (rank, label, str(row.get("framework") or ""))
    fig, ax = plt.subplots(figsize=(9, 4.2))
    if not points:
        ax.text(0.5, 0.5, "No graded judgements in the graph yet.", ha="center", va="center")
        ax.set_axis_off()
        return fig
    import datetime as dt

    areas = sorted({a for a, _ in points})
    for area in areas:
        series = sorted((dt.date.fromisoformat(d if len(d) == 10 else d[:7] + "-01"), v[0]) for (a, d), v in points.items() if a == area)
        line, = ax.plot([s[0] for s in series], [s[1] for s in series], marker="o", label=area[:60])
        for (a, d), (rank, label, _framework) in points.items():
            if a == area and "outcome" in label.lower():  # Area SEND outcomes share the axis: name them
                ax.annotate(label, (dt.date.fromisoformat(d if len(d) == 10 else d[:7] + "-01"), rank), fontsize=7,
                            xytext=(-4, 6), textcoords="offset points", ha="right", color=line.get_color())
    scale = vocab.ofsted_grades()
    ax.set_yticks([vocab.grade_rank(t) for t in scale], [(t.alt or (t.label,))[0].replace(" ", "\n", 1) for t in scale])
    ax.set_ylim(4.5, 0.5)
    ax.set_title("Judgements per area across inspections")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False)
    fig.tight_layout()
    return fig


def fact_graph_of(table, row: int) -> str:
    """The named graph IRI of row ``row`` of the facts table (a DataFrame or a dict value)."""
    col = FACT_COLUMNS.index("graph")
    if hasattr(table, "iloc"):
        return str(table.iloc[row, col])
    rows = table.get("data", []) if isinstance(table, dict) else table
    return str(rows[row][col])


def build(tab: gr.Tab, provenance_input: gr.Textbox, tabs: gr.Tabs, provenance_tab_id: str) -> None:
    """Lay out the Explore tab; selecting a fact row opens its provenance in the Provenance tab."""
    with gr.Row():
        text = gr.Textbox(label="Search", placeholder="e.g. Tariq, Improvement Board, ILACS", scale=3, elem_id="explore-search")
        kinds = gr.CheckboxGroup(SEARCH_KINDS, value=SEARCH_KINDS, label="Kinds", scale=2)
        go = gr.Button("Search", scale=1, elem_id="explore-submit")
    note = gr.Markdown()
    pick = gr.Dropdown(label="Results", choices=[], allow_custom_value=True, elem_id="explore-results")
    card_html = gr.HTML(elem_id="explore-card")
    facts = gr.Dataframe(headers=FACT_COLUMNS, interactive=False, wrap=True, elem_id="explore-facts", max_height=420,
                         column_widths=["12%", "18%", "30%", "10%", "10%", "10%", "10%"])
    go.click(search, [text, kinds], [pick, note], api_name="search").then(card, pick, [card_html, facts], api_name=False)
    text.submit(search, [text, kinds], [pick, note], api_name=False).then(card, pick, [card_html, facts], api_name=False)
    pick.input(card, pick, [card_html, facts], api_name="entity")

    def to_provenance(table, evt: gr.SelectData):
        row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        return fact_graph_of(table, row), gr.Tabs(selected=provenance_tab_id)

    facts.select(to_provenance, facts, [provenance_input, tabs], api_name=False)
    gr.Markdown("### Judgements over time")
    plot = gr.Plot(elem_id="explore-timeline", show_label=False)
    gr.Button("Redraw timeline", size="sm", elem_id="timeline-submit").click(timeline, None, plot, api_name="timeline")
    tab.select(timeline, None, plot, api_name=False)
