"""Trace tab: finding → recommendation/priority → action → later mentions, as a list and a picture."""
from __future__ import annotations

import dataclasses
import textwrap

import gradio as gr

from councilkg.errors import QueryError

from ui_views.backend import backend
from ui_views.errors import fail, user_errors
from ui_views.glossary import expand, glossary
from ui_views.render import KIND_COLOURS, due_label, esc, kind_badge, read_link, relation_label, source_label, tech_details

KIND_ORDER = ["inspection", "judgement", "finding", "strength", "recommendation", "source row", "theme", "priority",
              "action", "mention"]
TRACEABLE = ("Finding", "Recommendation", "Source row", "Priority", "Action")
LINKS_OPEN = 6  # a longer list of links starts folded: the chain above already reads in order
GROUP_TITLES = {"recommendation": "Recommendations and areas to improve", "weakness": "Weaknesses found",
                "strength": "Strengths found"}


def _kind_rank(kind: str) -> int:
    kind = str(kind).lower()
    for i, name in enumerate(KIND_ORDER):
        if name in kind:
            return i
    return len(KIND_ORDER)


def _squash(text) -> str:
    return " ".join(str(text or "").split()).lower()


def _cite(citation, terms=None, ids: tuple = ()) -> str:
    """A one-line source reference for a node or edge citation: short label, quote, a link to read it;
    identifiers (``ids`` and the paragraph's) in one fold."""
    if citation is None:
        return tech_details(*ids)
    get = (lambda k: citation.get(k)) if isinstance(citation, dict) else (lambda k: getattr(citation, k, None))
    bits = [source_label(None, None, get("date"), get("document_title")) if not get("part") else get("part"),
            get("date"), f"paragraph {get('label')}" if get("label") else None, f"page {get('page')}" if get("page") else None]
    head = " · ".join(esc(b) for b in bits if b)
    quote = get("quote") or ""
    x = (lambda h: expand(h, terms)) if terms else (lambda h: h)  # noqa: E731
    link = read_link(get("document_id"), get("paragraph_id")) if get("document_id") and get("paragraph_id") else ""
    return (f'<div class="ckg-meta">{x(head)} {link}</div>'
            + (f'<div class="ckg-quote">{x(esc(quote))}</div>' if quote else "")
            + tech_details(*ids, ("paragraph", get("paragraph_id") or ""), ("document", get("document_id") or "")))


def _worth_showing(node) -> bool:
    """A node's text, unless its label or its cited quote already says it."""
    text = _squash(getattr(node, "text", ""))
    quote = _squash(getattr(getattr(node, "citation", None), "quote", ""))
    return bool(text) and text not in _squash(node.label) and text not in quote


def trace_list_html(trace, terms=None) -> str:
    """Nodes in chain order (finding first), each with its details and citation; then the links in words."""
    nodes = sorted(trace.nodes, key=lambda n: (_kind_rank(n.kind), str(n.label)))
    if not nodes:
        return f"<p>Nothing is linked to <code>{esc(trace.ref)}</code>.</p>"
    x = (lambda h: expand(h, terms)) if terms else (lambda h: h)  # noqa: E731
    inferred = sum(1 for e in trace.edges if str(e.link).lower() == "inferred")
    out = [f'<div class="ckg-trace"><p class="ckg-meta">Trace of <strong>{esc(trace.ref)}</strong>: '
           f"{len(nodes)} statements, {len(trace.edges) - inferred} links stated in the papers, "
           f"{inferred} inferred by wording (with their score).</p>"]
    for node in nodes:
        extra = []
        if getattr(node, "lead", None):
            extra.append(f"<strong>Lead:</strong> {esc(node.lead)}")
        if getattr(node, "due", None) or getattr(node, "due_text", None):
            extra.append(f"<strong>Due:</strong> {esc(due_label(node.due, getattr(node, 'due_text', None)))}")
        measures = getattr(node, "measures", None) or ()
        if measures:
            extra.append("<strong>Measures:</strong> " + "; ".join(x(esc(m)) for m in measures))
        for ref in getattr(node, "unresolved", None) or ():
            extra.append(f'<span class="ckg-unresolved">Unresolved reference: “{esc(ref)}”</span> '
                         "(the paper prints it, but it names no paragraph; not guessed)")
        out.append(f'<div class="ckg-node" data-kind="{esc(node.kind)}" style="--depth:{min(_kind_rank(node.kind), 8) // 2}">'
                   f"{kind_badge(node.kind)} <strong>{x(esc(node.label))}</strong>"
                   + (f'<div class="ckg-para">{x(esc(node.text))}</div>' if _worth_showing(node) else "")
                   + ("<div>" + " · ".join(extra) + "</div>" if extra else "")
                   + _cite(getattr(node, "citation", None), terms, (("node", node.id),)) + "</div>")
    labels = {n.id: n.label for n in trace.nodes}
    if trace.edges:
        stated = len(trace.edges) - inferred
        fold = "open" if len(trace.edges) <= LINKS_OPEN else ""
        out.append(f'<details class="ckg-links" {fold}><summary><strong>Links ({len(trace.edges)})</strong>: '
                   f"{stated} stated in the papers, {inferred} inferred — each with the words that state it</summary><ul>")
        for e in trace.edges:
            how = "stated in the papers" if str(e.link).lower() == "explicit" else "inferred"
            score = f", score {float(e.score):.2f}" if getattr(e, "score", None) is not None else ""
            out.append(f'<li data-link="{esc(e.link)}"><strong>{x(esc(labels.get(e.source, e.source)))}</strong> '
                       f"<em>{esc(relation_label(e.relation))}</em> <strong>{x(esc(labels.get(e.target, e.target)))}</strong>"
                       f' <span class="ckg-meta">({esc(how)}{esc(score)})</span>{_cite(getattr(e, "citation", None), terms)}</li>')
        out.append("</ul></details>")
    out.append("</div>")
    return "\n".join(out)


def trace_svg(trace, width: int = 1000) -> str:
    """The chain as an SVG: one column per node kind, solid arrows explicit, dashed arrows inferred."""
    columns: dict[int, list] = {}
    for node in sorted(trace.nodes, key=lambda n: (_kind_rank(n.kind), str(n.label))):
        columns.setdefault(_kind_rank(node.kind), []).append(node)
    if not columns:
        return ""
    order = sorted(columns)
    box_w, box_h, gap_y = 190, 54, 18
    col_w = max(box_w + 50, min(260, width // max(1, len(order))))
    pos = {}
    for ci, rank in enumerate(order):
        for ri, node in enumerate(columns[rank]):
            pos[node.id] = (20 + ci * col_w, 50 + ri * (box_h + gap_y))
    height = 60 + max(len(v) for v in columns.values()) * (box_h + gap_y)
    total_w = 40 + len(order) * col_w
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="ckg-trace-svg" viewBox="0 0 {total_w} {height}" '
             f'width="100%" style="max-width:{total_w}px" role="img" aria-label="Trace graph">',
             '<defs><marker id="ckg-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#374151"/></marker></defs>',
             '<g font-family="sans-serif" font-size="11">',
             '<line x1="20" y1="14" x2="60" y2="14" stroke="#374151" stroke-width="2" marker-end="url(#ckg-arrow)"/>'
             '<text x="66" y="18">explicit link</text>'
             '<line x1="160" y1="14" x2="200" y2="14" stroke="#374151" stroke-width="2" stroke-dasharray="5,4" '
             'marker-end="url(#ckg-arrow)"/><text x="206" y="18">inferred link (similarity)</text>']
    for ci, rank in enumerate(order):
        name = KIND_ORDER[rank] if rank < len(KIND_ORDER) else "other"
        parts.append(f'<text x="{20 + ci * col_w}" y="40" font-weight="bold" fill="{KIND_COLOURS.get(name, "#374151")}">'
                     f"{esc(name.title())}</text>")
    for e in trace.edges:
        if e.source not in pos or e.target not in pos:
            continue
        (x1, y1), (x2, y2) = pos[e.source], pos[e.target]
        if x1 == x2:
            sx, sy, tx, ty = x1 + box_w, y1 + box_h / 2, x2 + box_w, y2 + box_h / 2
            path = f"M{sx},{sy} C{sx + 40},{sy} {tx + 40},{ty} {tx},{ty}"
        else:
            if x1 > x2:
                (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
            sx, sy, tx, ty = x1 + box_w, y1 + box_h / 2, x2, y2 + box_h / 2
            path = f"M{sx},{sy} C{(sx + tx) / 2},{sy} {(sx + tx) / 2},{ty} {tx},{ty}"
        dash = ' stroke-dasharray="5,4"' if str(e.link).lower() == "inferred" else ""
        parts.append(f'<path d="{path}" fill="none" stroke="#374151" stroke-width="1.5"{dash} '
                     f'marker-end="url(#ckg-arrow)" data-link="{esc(e.link)}"><title>{esc(e.relation)} ({esc(e.link)})</title></path>')
    for node in trace.nodes:
        x, y = pos[node.id]
        colour = KIND_COLOURS.get(KIND_ORDER[_kind_rank(node.kind)] if _kind_rank(node.kind) < len(KIND_ORDER) else "", "#374151")
        lines = textwrap.wrap(str(node.label), 30)[:3] or [""]
        parts.append(f'<g data-kind="{esc(node.kind)}"><title>{esc(node.text or node.label)}</title>'
                     f'<rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="6" fill="#fff"/>'
                     f'<rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="6" fill="{colour}" fill-opacity="0.12" '
                     f'stroke="{colour}" stroke-width="1.5"/>')
        for li, line in enumerate(lines):
            parts.append(f'<text x="{x + 8}" y="{y + 16 + li * 14}">{esc(line)}</text>')
        parts.append("</g>")
    parts.append("</g></svg>")
    return "".join(parts)


def _gap_source(citation, terms, node_id) -> str:
    """Where a gap item is printed: a link to read it, identifiers folded (its text is shown above)."""
    get = (lambda k: citation.get(k)) if isinstance(citation, dict) else (lambda k: getattr(citation, k, None))
    link = read_link(get("document_id"), get("paragraph_id")) if citation is not None and get("document_id") else ""
    return f'<div class="ckg-meta">{link}</div>' + tech_details(("node", node_id), ("paragraph", get("paragraph_id") if citation else ""))


def gaps_html(items, terms=None) -> str:
    """Gaps grouped by kind (recommendations, weaknesses, strengths), each group in paragraph order."""
    if not items:
        return "<p>Every finding and recommendation is linked to a priority or action.</p>"
    x = (lambda h: expand(h, terms)) if terms else (lambda h: h)  # noqa: E731
    get = lambda item, k: (item.get(k) if isinstance(item, dict) else getattr(item, k, None))  # noqa: E731
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(get(item, "group") or get(item, "kind") or "finding", []).append(item)
    out = ['<div class="ckg-gaps"><p class="ckg-meta">Findings and recommendations that no priority, source-table row '
           "or action links to.</p>"]
    for group in list(GROUP_TITLES) + [g for g in groups if g not in GROUP_TITLES]:
        members = groups.get(group)
        if not members:
            continue
        out.append(f'<section data-group="{esc(group)}"><h4>{esc(GROUP_TITLES.get(group, group.title()))} ({len(members)})</h4><ol>')
        for item in members:
            number = get(item, "number")
            out.append(f'<li data-number="{esc(number if number is not None else "")}"><strong>{x(esc(get(item, "label")))}</strong>'
                       f'<div class="ckg-para">{x(esc(get(item, "text")))}</div>'
                       + "".join(f'<div class="ckg-meta">Matched by wording only (inferred, not stated): {x(esc(m))}</div>'
                                 for m in (get(item, "inferred") or ()))
                       + f'{_gap_source(get(item, "citation"), terms, get(item, "id"))}</li>')
        out.append("</ol></section>")
    out.append("</div>")
    return "\n".join(out)


def _stating_paragraph(b, iri: str) -> str | None:
    """The paragraph where the node ``iri`` was typed (its defining statement), if the graph knows it."""
    from rdflib import URIRef
    from rdflib.namespace import RDF

    facts = b.graph().facts_about(URIRef(iri))
    typed = [f for f in facts if str(f.subject) == iri and f.predicate == RDF.type]
    chosen = (typed or [f for f in facts if str(f.subject) == iri] or facts)
    return chosen[0].provenance.paragraph_id if chosen else None


@user_errors
def trace(ref: str):
    """Trace ``ref`` (a finding, recommendation, priority or action: IRI or typed reference)."""
    ref = (ref or "").strip()
    if not ref:
        raise fail("Pick or type a finding, recommendation, priority or action to trace.")
    b = backend()
    try:
        result = b.trace(ref)
    except QueryError:
        # A node IRI from the picker: trace from the paragraph that states it (qa.trace reads ids and names).
        paragraph_id = _stating_paragraph(b, ref) if ref.startswith("http") else None
        if not paragraph_id:
            raise
        result = b.trace(paragraph_id)
    data = result.to_json() if hasattr(result, "to_json") else {}
    if isinstance(data, str):
        import json

        data = json.loads(data)
    return trace_list_html(result, glossary(b.corpus())), trace_svg(result), data


@user_errors
def gaps(authority: str | None = None):
    """Findings and recommendations that nothing links to (one authority's, when chosen), grouped, as HTML."""
    b = backend()
    return gaps_html(b.gaps((authority or "").strip() or None), glossary(b.corpus()))


@user_errors
def authorities():
    """The authorities whose inspections the graph holds (for the gaps filter)."""
    from ui_views.explore import TIMELINE_QUERY, authorities as names_of

    try:
        names = names_of(list(backend().graph().query(TIMELINE_QUERY)))
    except Exception:  # noqa: BLE001 - without judgements the filter is simply empty
        names = []
    return gr.Dropdown(choices=names, value=names[0] if len(names) == 1 else None)


@user_errors
def choices():
    """Dropdown choices: every traceable statement in the graph, as (kind: label, IRI)."""
    rows = [(f"{kind}: {label}", iri) for kind, label, iri, _ in backend().typed_labels if kind in TRACEABLE]
    return gr.Dropdown(choices=rows)


def build(demo: gr.Blocks) -> None:
    with gr.Row():
        ref = gr.Dropdown(label="Finding, recommendation, priority or action", choices=[], allow_custom_value=True,
                          filterable=True, scale=4, elem_id="trace-ref",
                          info="Pick from the list or type a reference, e.g. 'priority 1.10' or an IRI.")
        go = gr.Button("Trace", variant="primary", scale=1, elem_id="trace-submit")
    picture = gr.HTML(elem_id="trace-picture")
    chain = gr.HTML(elem_id="trace-list")
    with gr.Accordion("Trace as JSON", open=False):
        raw = gr.JSON(show_label=False)
    go.click(trace, ref, [chain, picture, raw], api_name="trace", concurrency_limit=4)
    gr.Markdown("### Gaps: findings and recommendations nothing links to")
    with gr.Row():
        gap_authority = gr.Dropdown(label="Authority (none = all)", choices=[], allow_custom_value=True, scale=3,
                                    elem_id="gaps-authority")
        show_gaps = gr.Button("Show gaps", elem_id="gaps-submit", scale=1)
    table = gr.HTML(elem_id="gaps-table")
    show_gaps.click(gaps, gap_authority, table, api_name="gaps")
    demo.load(choices, None, ref, api_name=False)
    demo.load(authorities, None, gap_authority, api_name=False)
