"""Read tab: a whole document, part by part, every paragraph anchored so a citation can open it.

Each paragraph is ``<p id="para-<paragraph id>">``; tables are drawn as tables (side-by-side bands
one under another, each cell from its own span) with each row anchored by the paragraph it came
from. A citation's "Read in the document" link fills the hidden ``#reader-target`` box with
``document-id#paragraph-id``; the page script then scrolls to the anchor and marks it.
"""
from __future__ import annotations

import re

import gradio as gr

from ui_views.backend import backend
from ui_views.errors import fail, user_errors
from ui_views.glossary import expand, glossary
from ui_views.render import esc, source_label


def _table_html(doc, view, anchored: set[str], terms, focus: str | None = None) -> str:
    out = []
    for band in view.bands:
        rows = view.band_rows(band.index)
        if not rows:
            continue
        out.append('<table class="ckg-table">')
        if band.heading:
            out.append(f"<caption>{expand(esc(band.heading), terms)}</caption>")
        headings = [h for h in band.column_headings if h]
        if headings and not band.heading:
            out.append("<thead><tr>" + "".join(f"<th>{expand(esc(h or ''), terms)}</th>" for h in band.column_headings)
                       + "</tr></thead>")
        out.append("<tbody>")
        for row in rows:
            anchor = "" if row.paragraph_id in anchored else f' id="para-{esc(row.paragraph_id)}"'
            anchor += ' class="ckg-focus"' if row.paragraph_id == focus else ""
            anchored.add(row.paragraph_id)
            cells = "".join(f'<td data-start="{c.span.start}" data-end="{c.span.end}">{expand(esc(c.text), terms)}</td>'
                            for c in row.cells)
            out.append(f'<tr{anchor} data-para="{esc(row.paragraph_id)}">{cells}</tr>')
        out.append("</tbody></table>")
    return "".join(out)


def document_html(document_id: str, focus: str | None = None) -> str:
    """The whole document as HTML: parts, headings, paragraphs (anchored), tables as tables."""
    from corpus.tables import table_of

    b = backend()
    doc = b.corpus().document(document_id)
    terms = glossary(b.corpus())
    out = [f'<article class="ckg-reader" data-document="{esc(doc.id)}" data-focus="{esc(focus or "")}">',
           f"<h2>{expand(esc(doc.title), terms)}</h2>",
           f'<p class="ckg-meta">{esc(doc.publisher)} · {esc(doc.date or "undated")} · {len(doc.paragraphs)} paragraphs'
           f" · <code>{esc(doc.id)}</code></p>"]
    part_titles = {p.id: p for p in doc.parts}
    current_part, anchored, done_tables = None, set(), set()
    for para in doc.paragraphs:
        if para.part_id != current_part:
            current_part = para.part_id
            part = part_titles.get(para.part_id)
            if part is not None:
                out.append(f'<h3 class="ckg-part">{expand(esc(part.title), terms)} '
                           f'<span class="ckg-meta">{esc(part.kind.replace("_", " "))}{" · " + esc(part.date) if part.date else ""}</span></h3>')
        if para.kind == "table_row" and para.table_id:
            if para.table_id in done_tables:
                continue
            done_tables.add(para.table_id)
            view = table_of(doc, para.table_id)
            if view is not None and view.rows:
                out.append(_table_html(doc, view, anchored, terms, focus))
                # a header line has no row of its own: anchor it on the table
                for pid in (view.header_paragraph_id,):
                    if pid and pid not in anchored:
                        anchored.add(pid)
                        out[-1] = out[-1].replace('<table class="ckg-table">', f'<table class="ckg-table" id="para-{esc(pid)}">', 1)
                continue
        if para.id in anchored:
            continue
        anchored.add(para.id)
        printed = para.label and re.match(rf"^\W*{re.escape(para.label)}\b", para.text)
        label = f'<span class="ckg-label">{esc(para.label)}</span> ' if para.label and para.kind != "heading" and not printed else ""
        tag = "h4" if para.kind == "heading" else "p"
        focused = " ckg-focus" if para.id == focus else ""
        out.append(f'<{tag} id="para-{esc(para.id)}" class="ckg-rpara ckg-{esc(para.kind)}{focused}"'
                   f' data-page="{esc(para.page or "")}">{label}{expand(esc(para.text), terms)}</{tag}>')
    out.append("</article>")
    return "\n".join(out)


@user_errors
def read(target: str):
    """``document-id`` or ``document-id#paragraph-id`` → (document HTML, dropdown value)."""
    target = (target or "").strip()
    if not target:
        raise fail("Pick a document to read.")
    document_id, _, focus = target.partition("#")
    if not focus and ":" in document_id and ":p" in document_id:
        document_id, focus = document_id.split(":", 1)[0], document_id
    return document_html(document_id, focus or None), gr.update(value=document_id)


@user_errors
def choices():
    docs = backend().corpus().documents
    return gr.Dropdown(choices=[(f"{source_label(d.kind, d.publisher, d.date)} — {d.title}", d.id) for d in docs])


def build_target() -> tuple[gr.Textbox, gr.Button]:
    """The hidden box and button the page script uses to open a document at a paragraph (outside the tabs)."""
    target = gr.Textbox(elem_id="reader-target", elem_classes=["ckg-hidden"], show_label=False, container=False)
    go = gr.Button("Open", elem_id="reader-go", elem_classes=["ckg-hidden"])
    return target, go


def build(demo: gr.Blocks, target: gr.Textbox, go: gr.Button) -> None:
    pick = gr.Dropdown(label="Document", choices=[], allow_custom_value=True, elem_id="reader-pick")
    page = gr.HTML(elem_id="reader-doc", value="<p class='ckg-meta'>Pick a document, or open one from a citation.</p>")
    pick.input(read, pick, [page, pick], api_name="read")
    go.click(read, target, [page, pick], api_name=False)
    demo.load(choices, None, pick, api_name=False)
