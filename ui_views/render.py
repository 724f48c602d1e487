"""HTML renderers: every document or user string passes through ``esc`` before it reaches the page.

Gradio's ``gr.HTML`` inserts markup as given, so escaping here is what makes a document holding
``<script>`` show it as text. Quoted spans are wrapped in ``<mark>`` *after* escaping each side.
"""
from __future__ import annotations

import html
import re

from corpus.labels import month_year, source_label  # noqa: F401 - re-exported for the views
from ontology.namespace import PREFIXES

CSS = """
.ckg-answer {font-size: 1.02rem; line-height: 1.5}
.ckg-answer .ckg-ref {font-weight: 600; text-decoration: none}
.ckg-notfound {border-left: 4px solid #d97706; padding: .4rem .8rem; background: rgba(217,119,6,.08)}
details.ckg-citation {border: 1px solid #d1d5db; border-radius: 6px; margin: .35rem 0; padding: .3rem .6rem}
details.ckg-citation > summary {cursor: pointer; font-weight: 600}
details.ckg-citation > summary .ckg-meta {font-weight: 400}
.ckg-meta {color: #6b7280; font-size: .85rem}
.ckg-para {margin: .35rem 0; white-space: pre-wrap}
.ckg-para.ckg-neighbour {color: #6b7280; font-size: .9rem}
.ckg-para mark {background: #fde68a; color: inherit; padding: 0 1px}
.ckg-quote {border-left: 3px solid #9ca3af; padding-left: .6rem; white-space: pre-wrap}
.ckg-node {margin: .3rem 0 .3rem calc(var(--depth, 0) * 1.2rem)}
.ckg-kind {display: inline-block; border-radius: 4px; padding: 0 .35rem; font-size: .8rem; color: #fff}
.ckg-source {white-space: pre-wrap; font-family: ui-monospace, monospace; font-size: .85rem;
             border: 1px solid #e5e7eb; padding: .5rem; max-height: 24rem; overflow: auto}
.ckg-hidden {display: none !important}
.ckg-flash {outline: 3px solid #f59e0b; outline-offset: 2px; transition: outline-color 1.5s}
.ckg-src {font-weight: 600}
abbr.ckg-abbr {text-decoration: underline dotted; cursor: help}
.ckg-read {font-size: .85rem; margin-left: .5rem}
.ckg-tech {color: #6b7280; font-size: .8rem; margin-top: .25rem}
.ckg-tech > summary {cursor: pointer}
.ckg-unresolved {color: #b45309; font-weight: 600}
.ckg-reader {max-width: 60rem; line-height: 1.5}
.ckg-reader .ckg-rpara {margin: .4rem 0; scroll-margin-top: 5rem}
.ckg-reader .ckg-label {display: inline-block; min-width: 1.8rem; color: #6b7280; font-weight: 600}
.ckg-reader tr, .ckg-reader table {scroll-margin-top: 5rem}
.ckg-reader .ckg-focus {background: rgba(253, 230, 138, .45)}
table.ckg-table {border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem}
table.ckg-table caption {text-align: left; font-weight: 600; padding: .2rem 0}
table.ckg-table td, table.ckg-table th {border: 1px solid #d1d5db; padding: .2rem .4rem; vertical-align: top}
.ckg-gaps section {margin-bottom: 1rem}
.ckg-gaps li {margin: .35rem 0}
"""

# Page script (launch(head=…)): a citation marker opens and scrolls to its card; "Read in the document"
# opens the Read tab at the cited paragraph. Event delegation, so answers rendered later are covered.
HEAD = """<script>
(function () {
  function reveal(id) {
    var el = document.getElementById(id);
    if (!el) return false;
    for (var p = el; p; p = p.parentElement) { if (p.tagName === 'DETAILS') p.open = true; }
    el.scrollIntoView({block: 'center'});
    el.classList.add('ckg-flash');
    setTimeout(function () { el.classList.remove('ckg-flash'); }, 2500);
    return true;
  }
  function fill(id, value) {
    var box = document.querySelector('#' + id + ' textarea, #' + id + ' input');
    if (!box) return false;
    var proto = box.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value').set.call(box, value);
    box.dispatchEvent(new Event('input', {bubbles: true}));
    return true;
  }
  function openReader(doc, para) {
    var tab = Array.prototype.find.call(document.querySelectorAll('button[role="tab"]'),
                                        function (b) { return b.textContent.trim() === 'Read'; });
    if (tab) tab.click();
    var old = document.querySelector('#reader-doc .ckg-reader');
    if (old) old.removeAttribute('data-document');
    fill('reader-target', doc + '#' + para);
    setTimeout(function () { var go = document.querySelector('#reader-go'); if (go) go.click(); }, 50);
    var tries = 0;
    var timer = setInterval(function () {
      tries += 1;
      var page = document.querySelector('#reader-doc .ckg-reader[data-document="' + doc + '"]');
      if ((page && reveal('para-' + para)) || tries > 200) clearInterval(timer);
    }, 100);
  }
  window.ckgReveal = reveal;
  document.addEventListener('click', function (e) {
    if (!e.target.closest) return;
    var ref = e.target.closest('a.ckg-ref');
    if (ref) { e.preventDefault(); reveal(ref.getAttribute('href').slice(1)); return; }
    var read = e.target.closest('a.ckg-read');
    if (read) { e.preventDefault(); openReader(read.getAttribute('data-doc'), read.getAttribute('data-para')); }
  });
})();
</script>"""

RELATIONS = {"arisesFrom": "arises from", "addresses": "addresses", "similarTo": "matched by wording to",
             "mentionedIn": "mentioned later in", "isPartOf": "is part of", "broader": "comes under",
             "dependsOn": "depends on"}


def relation_label(relation: str) -> str:
    """'arisesFrom' → 'arises from' (a link named in words)."""
    return RELATIONS.get(str(relation), re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(relation)).lower())


def due_label(due: str | None, printed: str | None = None) -> str:
    """A deadline at the precision printed: '2024-09' → 'September 2024'; the printed words win when given."""
    if printed:
        return " ".join(printed.split())
    if not due:
        return ""
    from councilkg.dates import day_label, month_label

    due = str(due)
    if len(due) == 7:
        return month_label(due)
    if len(due) == 10:
        return day_label(due)
    return due


def read_link(document_id: str, paragraph_id: str, text: str = "Read in the document") -> str:
    """A link that opens the Read tab at ``paragraph_id`` (handled by the page script)."""
    return (f'<a class="ckg-read" href="#para-{esc(paragraph_id)}" data-doc="{esc(document_id)}" '
            f'data-para="{esc(paragraph_id)}">{esc(text)} ↗</a>')


def tech_details(*pairs: tuple[str, str]) -> str:
    """Identifiers (IRIs, paragraph ids) behind a fold: there for auditors, out of a councillor's way."""
    items = "".join(f"<div>{esc(k)}: <code>{esc(v)}</code></div>" for k, v in pairs if v)
    return f'<details class="ckg-tech"><summary>Identifiers</summary>{items}</details>' if items else ""

KIND_COLOURS = {
    "finding": "#2563eb", "recommendation": "#9333ea", "priority": "#059669", "action": "#d97706",
    "mention": "#6b7280", "judgement": "#dc2626", "inspection": "#0f766e", "theme": "#0891b2",
}


def esc(value) -> str:
    """Escape any value for HTML text or attribute context (None becomes empty)."""
    return html.escape("" if value is None else str(value), quote=True)


def compact(iri) -> str:
    """A prefixed name for an IRI in one of our namespaces, else the IRI itself."""
    text = str(iri)
    for prefix, namespace in PREFIXES.items():
        ns = str(namespace)
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns):]}"
    from ontology.namespace import DATA

    if text.startswith(DATA):
        return "id:" + text[len(DATA):]
    return text


def marked(text: str, start: int | None, end: int | None) -> str:
    """``text`` escaped, with ``text[start:end]`` inside ``<mark>`` (no mark if the range is unusable)."""
    if start is None or end is None or not (0 <= start < end <= len(text)):
        return esc(text)
    return f"{esc(text[:start])}<mark>{esc(text[start:end])}</mark>{esc(text[end:])}"


def paragraph_range(paragraph, start: int, end: int, quote: str = "") -> tuple[int, int] | None:
    """Map document offsets [start, end) to offsets in ``paragraph.text`` (joined spans).

    Falls back to finding ``quote`` in the paragraph text when the offsets fall outside its spans.
    """
    def to_para(pos: int, is_end: bool) -> int | None:
        offset = 0
        for span in paragraph.spans:
            if span.start <= pos < span.end or (is_end and span.start < pos <= span.end):
                return offset + pos - span.start
            offset += span.end - span.start + 1
        return None

    if start is not None and end is not None and start >= 0:
        a, b = to_para(start, False), to_para(end, True)
        if a is not None and b is not None and a < b:
            return a, b
    if quote:
        at = paragraph.text.find(quote)
        if at >= 0:
            return at, at + len(quote)
    return None


def source_window(text: str, start: int, end: int, radius: int = 400) -> str:
    """The source text around [start, end), escaped, the span marked, cut at line ends where possible."""
    lo = max(0, start - radius)
    hi = min(len(text), end + radius)
    nl = text.rfind("\n", lo, start)
    lo = nl + 1 if nl >= 0 and start - nl < radius else lo
    nl = text.find("\n", end, hi)
    hi = nl if nl >= 0 and nl - end > 40 else hi
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) else ""
    return f"{prefix}{esc(text[lo:start])}<mark>{esc(text[start:end])}</mark>{esc(text[end:hi])}{suffix}"


def link_markers(escaped_text: str, anchor_prefix: str = "ckg-cite-") -> str:
    """Turn ``[n]`` markers of an already escaped answer into links to citation ``n``."""
    return re.sub(r"\[(\d{1,3})\]", lambda m: f'<a class="ckg-ref" href="#{anchor_prefix}{m.group(1)}">[{m.group(1)}]</a>',
                  escaped_text)


def kind_badge(kind: str) -> str:
    colour = KIND_COLOURS.get(str(kind).lower(), "#374151")
    return f'<span class="ckg-kind" style="background:{colour}">{esc(kind)}</span>'


def table_rows(rows: list[dict], columns: list[str] | None = None) -> tuple[list[str], list[list[str]]]:
    """Dict rows to (headers, values) for a Dataframe, every value as plain text."""
    columns = columns or sorted({k for row in rows for k in row})
    return columns, [["" if row.get(c) is None else str(row.get(c)) for c in columns] for row in rows]
