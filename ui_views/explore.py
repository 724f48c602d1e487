"""Explore tab: search people, bodies, meetings and inspections; an entity card; a judgement timeline."""
from __future__ import annotations

import re

import gradio as gr
from rdflib import Literal

from ontology import vocab
from ui_views.backend import backend
from ui_views.errors import fail, user_errors
from ui_views.glossary import expand, glossary
from ui_views.render import compact, esc, tech_details

SEARCH_KINDS = ["Person", "Body", "Meeting", "Inspection", "Priority", "Action"]
FACT_COLUMNS = ["fact", "value", "quote", "document", "extractor"]
# Words for the predicates a reader meets most; others come from the vocabulary's rdfs:label.
PREDICATE_WORDS = {"type": "is a", "name": "name", "prefLabel": "name", "altLabel": "also written", "label": "label",
                   "member": "member", "notation": "number", "text": "text", "position": "position"}

TIMELINE_QUERY = """
SELECT ?inspection ?area ?grade ?gradeLabel ?notation ?date ?framework ?body ?bodyLabel WHERE {
  { ?inspection kg:judgement ?j } UNION { ?j kg:inspection ?inspection }
  ?j kg:area ?area ; kg:grade ?grade .
  OPTIONAL { ?grade skos:prefLabel ?gradeLabel }
  OPTIONAL { ?grade skos:notation ?notation }
  OPTIONAL { ?inspection kg:framework ?framework }
  OPTIONAL { ?inspection kg:inspectedBody ?body . OPTIONAL { ?body rdfs:label ?bodyLabel } }
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


_PREDICATE_LABELS: dict[str, str] = {}


def predicate_label(predicate) -> str:
    """A predicate in words: the vocabulary's rdfs:label for our terms, a plain word for common standard ones."""
    if not _PREDICATE_LABELS:
        from rdflib import Graph
        from rdflib.namespace import RDFS

        from ontology.namespace import VOCABULARY_TTL

        g = Graph().parse(VOCABULARY_TTL, format="turtle")
        _PREDICATE_LABELS.update({str(s): str(o) for s, o in g.subject_objects(RDFS.label)})
    text = str(predicate)
    local = re.split(r"[#/]", text)[-1]
    return _PREDICATE_LABELS.get(text) or PREDICATE_WORDS.get(local) or re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local).lower()


def _value_label(value, labels: dict) -> str:
    """A literal as written; a node by its label (a class by its vocabulary label), never its IRI."""
    if isinstance(value, Literal):
        return str(value)
    text = str(value)
    return labels.get(text) or _PREDICATE_LABELS.get(text) or re.split(r"[#/]", text)[-1].replace("-", " ")


def _facts_rows(facts, labels: dict | None = None) -> tuple[list[list[str]], list[str]]:
    """(table rows in words, the fact-graph IRI of each row)."""
    labels = labels or {}
    rows, graphs = [], []
    for f in facts:
        prov = f.provenance
        rows.append([predicate_label(f.predicate), _value_label(f.object, labels), prov.quote, prov.document_id,
                     f"{prov.extractor} {prov.version}"])
        graphs.append(prov.graph)
    return rows, graphs


@user_errors
def card(iri: str):
    """Everything the graph holds about one node: (card HTML, facts table, fact-graph IRIs of the rows)."""
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
    facts = [f for f in graph.facts_about(iri) if str(f.subject) == iri] + \
            [f for f in graph.facts_about(iri) if str(f.subject) != iri]
    kind, label, _, names = row
    labels = {r[2]: r[1] for r in b.typed_labels}
    surface = sorted({n for n in names.split("\n") if n} - {label})
    documents = sorted({f.provenance.document_id for f in facts})
    terms = glossary(b.corpus())
    html = (f'<div class="ckg-card"><h3>{expand(esc(label), terms)}</h3><p class="ckg-meta">{esc(kind)}</p>'
            f"<p>{len(facts)} facts from {len(documents)} document{'s' if len(documents) != 1 else ''}"
            f"{': ' + esc(', '.join(documents)) if documents else ''}.</p>"
            + (f"<p class='ckg-meta'>Also written as: {esc('; '.join(surface[:20]))}</p>" if surface else "")
            + "<p class='ckg-meta'>Select a fact row to see where it was read.</p>"
            + tech_details(("IRI", iri)) + "</div>")
    rows, graphs = _facts_rows(facts, labels)
    return html, {"headers": FACT_COLUMNS, "data": rows or [[""] * len(FACT_COLUMNS)]}, graphs


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


# Each framework grades on its own scale: Ofsted's four grades for ILACS/SIF judgements, three outcome
# levels for Area SEND (both read from the vocabulary). Drawing one on the other's axis would misstate it.
def _scales() -> dict[str, list]:
    ofsted = vocab.ofsted_grades()
    send = [t for t in vocab.GRADES.values() if t not in ofsted]
    return {"ofsted": ofsted, "send": sorted(send, key=vocab.grade_rank)}


def _tick(term) -> str:
    import textwrap

    label = re.sub(r"\s*\((?:Area )?SEND\)\s*$", "", term.label)
    return "\n".join(textwrap.wrap(f"{label} ({term.notation})" if term not in vocab.ofsted_grades() else label, 22))


def _scale_of(grade, label: str) -> tuple[str, float] | None:
    """(scale, rank) of a judgement's grade: by its vocabulary term, else by the grade words of its label."""
    from rdflib import URIRef

    term = vocab.GRADE_BY_IRI.get(URIRef(str(grade)))
    if term is not None:
        return ("ofsted" if term in vocab.ofsted_grades() else "send", float(vocab.grade_rank(term)))
    rank = _grade_rank(label, None)
    if rank is None:
        return None
    return ("send", rank) if re.search(r"outcome\s*\d|send", str(label), re.I) else ("ofsted", rank)


def timeline_points(rows, authority: str | None = None) -> dict:
    """{scale: {area: [(date, rank, label, framework)]}} for one authority (all when None)."""
    points: dict = {"ofsted": {}, "send": {}}
    for row in rows:
        body = str(row.get("bodyLabel") or row.get("body") or "")
        if authority and body != authority:
            continue
        local = str(row.get("grade")).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        label = str(row.get("gradeLabel") or re.sub(r"(?<=[a-z])(?=[A-Z0-9])", " ", local))
        scaled = _scale_of(row.get("grade"), label)
        date = str(row.get("date") or "")[:10]
        if scaled is None or not date:
            continue
        scale, rank = scaled
        series = points[scale].setdefault(str(row.get("area")), {})
        series[date] = (rank, label, str(row.get("framework") or ""))
    return {scale: {area: sorted((d, *v) for d, v in series.items()) for area, series in areas.items()}
            for scale, areas in points.items()}


def authorities(rows) -> list[str]:
    return sorted({str(r.get("bodyLabel") or r.get("body")) for r in rows if r.get("body") is not None})


@user_errors
def timeline(authority: str | None = None):
    """Judgements per area across inspections, each framework on its own scale (matplotlib figure)."""
    import datetime as dt

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    rows = list(backend().graph().query(TIMELINE_QUERY))
    names = authorities(rows)
    if not authority and len(names) == 1:
        authority = names[0]
    points = timeline_points(rows, authority or None)
    scales = [s for s in ("ofsted", "send") if points[s]]
    if not scales:
        fig, ax = plt.subplots(figsize=(9, 3))
        ax.text(0.5, 0.5, "No graded judgements for this authority in the graph.", ha="center", va="center")
        ax.set_axis_off()
        return fig
    widths = [3 if s == "ofsted" else 1.6 for s in scales]
    fig, axes = plt.subplots(1, len(scales), figsize=(11, 4.6), gridspec_kw={"width_ratios": widths}, squeeze=False)
    day = lambda d: dt.date.fromisoformat(d if len(d) == 10 else d[:7] + "-01")  # noqa: E731
    for ax, scale in zip(axes[0], scales):
        ticks = [_tick(t) for t in _scales()[scale]]
        for area, series in sorted(points[scale].items()):
            xs, ys = [day(p[0]) for p in series], [p[1] for p in series]
            ax.plot(xs, ys, marker="o", label=f"{area[:55]} ({', '.join(sorted({p[3] for p in series}))})")
        ax.set_yticks(range(1, len(ticks) + 1), ticks, fontsize=8)
        ax.set_ylim(len(ticks) + 0.5, 0.5)
        ax.grid(alpha=0.3)
        ax.set_title("Ofsted grades (ILACS, SIF)" if scale == "ofsted" else "Area SEND outcome", fontsize=10)
        ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=1, frameon=False)
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        for label in ax.get_xticklabels():
            label.set_fontsize(8)
    fig.suptitle(f"Judgements over time — {authority or 'all authorities'}", fontsize=11)
    fig.tight_layout()
    return fig


@user_errors
def authority_choices():
    """The inspected authorities the graph holds judgements for."""
    names = authorities(list(backend().graph().query(TIMELINE_QUERY)))
    return gr.Dropdown(choices=names, value=names[0] if len(names) == 1 else None)


def fact_graph_of(graphs, row: int) -> str:
    """The named graph IRI of row ``row`` of the facts table (kept beside the table, not shown in it)."""
    return str(graphs[row])


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
                         column_widths=["16%", "24%", "36%", "14%", "10%"])
    graphs = gr.State([])
    go.click(search, [text, kinds], [pick, note], api_name="search").then(card, pick, [card_html, facts, graphs], api_name=False)
    text.submit(search, [text, kinds], [pick, note], api_name=False).then(card, pick, [card_html, facts, graphs], api_name=False)
    pick.input(card, pick, [card_html, facts, graphs], api_name="entity")

    def to_provenance(held, evt: gr.SelectData):
        row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        return fact_graph_of(held, row), gr.Tabs(selected=provenance_tab_id)

    facts.select(to_provenance, graphs, [provenance_input, tabs], api_name=False)
    gr.Markdown("### Judgements over time\nEach framework on its own scale: Ofsted's four grades; Area SEND's three outcomes.")
    with gr.Row():
        authority = gr.Dropdown(label="Authority", choices=[], allow_custom_value=True, elem_id="timeline-authority", scale=3)
        redraw = gr.Button("Draw timeline", size="sm", elem_id="timeline-submit", scale=1)
    plot = gr.Plot(elem_id="explore-timeline", show_label=False)
    redraw.click(timeline, authority, plot, api_name="timeline")
    authority.input(timeline, authority, plot, api_name=False)
    tab.select(authority_choices, None, authority, api_name=False).then(timeline, authority, plot, api_name=False)
