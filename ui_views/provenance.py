"""Provenance tab: a fact graph IRI, a triple or any node IRI → where each statement was read."""
from __future__ import annotations

import re

import gradio as gr
from rdflib import Literal, URIRef

from ui_views.backend import backend
from ui_views.errors import fail, user_errors
from ui_views.render import compact, esc, source_window

_TRIPLE = re.compile(r"^\s*(<[^>]+>|\S+)\s+(<[^>]+>|\S+)\s+(.+?)\s*\.?\s*$", re.S)


def _term(token: str):
    """A token of a pasted triple: <iri>, prefix:name, or a "literal"."""
    from ontology.namespace import PREFIXES

    token = token.strip()
    if token.startswith("<") and token.endswith(">"):
        return URIRef(token[1:-1])
    if token.startswith('"'):
        m = re.match(r'^"(.*)"(?:@[\w-]+|\^\^\S+)?$', token, re.S)
        return Literal(m.group(1) if m else token.strip('"'))
    if token.startswith("http"):
        return URIRef(token)
    prefix, _, local = token.partition(":")
    if prefix in PREFIXES and local:
        return URIRef(str(PREFIXES[prefix]) + local)
    if prefix == "id" and local:
        from ontology.namespace import DATA

        return URIRef(DATA + local)
    return Literal(token)


def provenance_html(prov, document=None) -> str:
    """One Provenance record: graph, extractor, document, offsets, quote and the text around it."""
    rows = [("Named graph", f"<code>{esc(prov.graph)}</code>"),
            ("Extractor", f"{esc(prov.extractor)} version {esc(prov.version)}"),
            ("Document", esc(f"{document.title} ({prov.document_id}, {document.date})" if document else prov.document_id)),
            ("Paragraph", f"<code>{esc(prov.paragraph_id)}</code>"),
            ("Offsets", f"characters {esc(prov.start)}–{esc(prov.end)}"
             + (f", page {esc(document.page_at(prov.start))}" if document is not None and document.page_starts else "")),
            ("Quote", f'<div class="ckg-quote">{esc(prov.quote)}</div>')]
    out = ['<div class="ckg-prov"><table>'] + [f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows] + ["</table>"]
    if document is not None and 0 <= prov.start < prov.end <= len(document.text):
        verbatim = document.text[prov.start:prov.end] == prov.quote
        out.append(f"<p class='ckg-meta'>Source text around it "
                   f"({'the quote matches the document verbatim' if verbatim else 'WARNING: the quote no longer matches the document'}):</p>")
        out.append(f'<div class="ckg-source">{source_window(document.text, prov.start, prov.end)}</div>')
    out.append("</div>")
    return "\n".join(out)


@user_errors
def provenance(ref: str):
    """Provenance of a fact graph, of a triple "s p o", or of every fact about a node."""
    ref = (ref or "").strip()
    if not ref:
        raise fail("Paste a fact graph IRI, a node IRI or a triple 'subject predicate object'.")
    b = backend()
    graph = b.graph()
    records, title = [], ""
    single = ref.strip("<>")
    if " " not in ref.strip() and single.startswith("http"):
        records = graph.provenance(URIRef(single))
        title = f"Fact graph <code>{esc(single)}</code>"
        if not records:
            facts = graph.facts_about(single)
            records = list(dict.fromkeys(f.provenance for f in facts))
            title = f"{len(facts)} facts about <code>{esc(single)}</code>"
    else:
        m = _TRIPLE.match(ref)
        if not m:
            raise fail("Write a triple as: subject predicate object (IRIs in <>, or prefixed names such as kg:chair).")
        s, p, o = (_term(t) for t in m.groups())
        records = graph.provenance((s, p, o))
        title = f"Triple {esc(compact(s))} {esc(compact(p))} {esc(compact(o) if isinstance(o, URIRef) else o)}"
    if not records:
        raise fail(f"The graph holds no provenance for '{ref}': check the IRI, or pick a fact in the Explore tab.")
    docs = {}
    for prov in records:
        if prov.document_id not in docs:
            try:
                docs[prov.document_id] = b.corpus().document(prov.document_id)
            except Exception:  # noqa: BLE001 - a removed document still shows its stored quote
                docs[prov.document_id] = None
    shown = records[:50]
    head = f"<p>{title}: {len(records)} source span{'s' if len(records) != 1 else ''}" \
           + (" (first 50 shown)" if len(records) > 50 else "") + ".</p>"
    return head + "\n<hr>\n".join(provenance_html(pr, docs[pr.document_id]) for pr in shown)


def build() -> gr.Textbox:
    with gr.Row():
        ref = gr.Textbox(label="Fact graph IRI, node IRI or triple", scale=4, elem_id="prov-input",
                         placeholder="https://w3id.org/councilkg/id/fact/…  or  <s> <p> <o>")
        go = gr.Button("Show provenance", variant="primary", scale=1, elem_id="prov-submit")
    out = gr.HTML(elem_id="prov-output")
    go.click(provenance, ref, out, api_name="provenance")
    ref.submit(provenance, ref, out, api_name=False)
    ref.change(lambda v: provenance(v) if (v or "").startswith("http") and "/fact/" in v else gr.HTML(), ref, out,
               api_name=False, show_progress="minimal")
    return ref
