"""Ask tab: a question, optional filters, and the answer with numbered, openable citations."""
from __future__ import annotations

import re
from types import SimpleNamespace

import gradio as gr

from ui_views.backend import backend
from ui_views.errors import fail, user_errors
from ui_views.glossary import expand, glossary
from ui_views.render import compact, esc, link_markers, marked, paragraph_range, read_link, source_label, tech_details

EXAMPLES = [
    "What did Ofsted say about strategy meetings in 2021?",
    "What grade did Bury get in 2021 for the impact of leaders on social work practice?",
    "Who chairs the Children and Young People Scrutiny Committee?",
    "Which actions address early identification of special educational needs?",
    "What did the committee decide about the improvement plan?",
    "What happened to the library service consultation?",
]
SOURCE_KINDS = ["inspection_report", "minutes", "report", "agenda", "appendix", "plan"]
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _date_or_none(value, name: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if not _DATE.fullmatch(value):
        raise fail(f"The {name} date '{value}' is not a date: write it as YYYY, YYYY-MM or YYYY-MM-DD.")
    return value


def citation_html(citation, context=None, terms=None) -> str:
    """One citation as a collapsible card: a short source label, the full titles, the paragraph with the quote
    marked and its neighbours, a link to read it in the whole document; identifiers behind a fold."""
    get = lambda k: getattr(citation, k, None)  # noqa: E731
    n = get("n") or ""
    title = get("document_title") or get("document_id") or ""
    part = get("part")
    label = _card_label(citation, context)
    meta = [
        get("date"),
        get("section") if get("section") not in (None, "", part) else None,
        f"page {get('page')}" if get("page") else None,
        f"paragraph {get('label')}" if get("label") else None,
    ]
    summary_meta = " · ".join(esc(m) for m in meta if m)
    quote = get("quote") or ""
    before, after, body = [], [], None
    if context is not None:
        _doc, para, before, after = context
        rng = paragraph_range(para, get("start"), get("end"), quote)
        body = marked(para.text, *(rng or (None, None)))
    if body is None:
        text = get("paragraph_text") or quote
        at = text.find(quote) if quote else -1
        body = marked(text, at, at + len(quote)) if at >= 0 else esc(text)
    x = (lambda h: expand(h, terms)) if terms else (lambda h: h)  # noqa: E731
    titles = esc(title) + (f" — {esc(part)}" if part and part != title else "")
    parts = [f'<details class="ckg-citation" id="ckg-cite-{esc(n)}" data-paragraph="{esc(get("paragraph_id"))}">',
             f'<summary>[{esc(n)}] {x(esc(label))} <span class="ckg-meta">{summary_meta}</span></summary>',
             f'<div class="ckg-meta ckg-title">{x(titles)}</div>']
    parts += [f'<div class="ckg-para ckg-neighbour">{x(esc(p.text))}</div>' for p in before]
    parts.append(f'<div class="ckg-para ckg-cited">{x(body)}</div>')
    parts += [f'<div class="ckg-para ckg-neighbour">{x(esc(p.text))}</div>' for p in after]
    if get("document_id") and get("paragraph_id"):
        parts.append(f"<div>{read_link(get('document_id'), get('paragraph_id'))}</div>")
    chars = f"{get('start')}–{get('end')}" if get("start") is not None else ""
    parts.append(tech_details(("paragraph", get("paragraph_id")), ("document", get("document_id")), ("characters", chars)))
    parts.append("</details>")
    return "\n".join(parts)


def _card_label(citation, context) -> str:
    """'Ofsted, Nov 2021' from the cited part's kind, body and date (the document's when no part is known)."""
    if context is not None:
        doc, para, _, _ = context
        try:
            part = doc.part(para.part_id)
            return source_label(part.kind, part.body, getattr(citation, "date", None) or part.date, doc.publisher)
        except StopIteration:
            pass
    return source_label(None, None, getattr(citation, "date", None), getattr(citation, "document_title", None))


def _searched(answer) -> str:
    searched = getattr(answer, "searched", None) or {}
    bits = []
    for key in ("documents", "paragraphs"):
        value = searched.get(key) if isinstance(searched, dict) else None
        if value is None:
            continue
        count = len(value) if isinstance(value, (list, tuple, set)) else value
        bits.append(f"{esc(count)} {key}")
    extra = {k: v for k, v in searched.items() if k not in ("documents", "paragraphs")} if isinstance(searched, dict) else {}
    bits += [f"{esc(k)}: {esc(v)}" for k, v in extra.items() if v not in (None, "", [], ())]
    return ", ".join(bits) or "the whole corpus"


_NOT_FOUND = re.compile(r"^\s*not found\s*[:.]\s*", re.I)
# A sentence's short source label: "Ofsted, Nov 2021: …" (also "2016 — Cabinet minutes, Apr 2016: …")
_LEAD_LABEL = re.compile(r"^((?:\d{4} — )?[^:\n<“]{2,80}?, (?:[A-Z][a-z]{2} )?\d{4}):\s", re.M)


def answer_text_html(text: str, terms=None) -> str:
    """The answer's text: each sentence's short source label in bold, [n] markers linked to their cards,
    acronyms expanded on hover."""
    html = _LEAD_LABEL.sub(lambda m: f'<span class="ckg-src">{m.group(1)}:</span> ', esc(text))
    html = link_markers(html)
    return (expand(html, terms) if terms else html).replace(chr(10), "<br>")


def answer_html(answer, contexts: dict | None = None, terms=None) -> str:
    """The whole answer: text with linked [n] markers, graph facts, then the citations."""
    contexts = contexts or {}
    out = ['<div class="ckg-answer">']
    text = getattr(answer, "answer", "") or ""
    if not getattr(answer, "found", True):
        rest = _NOT_FOUND.sub("", text).strip()
        rest = rest[:1].upper() + rest[1:]
        said = "document" in rest.lower()
        out.append(f'<div class="ckg-notfound"><p><strong>No answer found in the papers.</strong> {link_markers(esc(rest))}</p>'
                   + ("" if said else f"<p>Searched {_searched(answer)}.</p>") + "</div>")
    else:
        out.append(f'<div class="ckg-answer-text">{answer_text_html(text, terms)}</div>')
        out.append(f'<p class="ckg-meta">Searched {_searched(answer)}.</p>')
    facts = list(getattr(answer, "graph_facts", None) or [])
    if facts:
        out.append("<details class='ckg-facts'><summary>Graph facts used</summary><ul>")
        for fact in facts:
            get = (lambda k: fact.get(k)) if isinstance(fact, dict) else (lambda k: getattr(fact, k, None))
            out.append(f"<li>{esc(compact(get('subject')))} <em>{esc(compact(get('predicate')))}</em> "
                       f"{esc(compact(get('object')))} <span class='ckg-meta'>in {esc(compact(get('graph')))}</span></li>")
        out.append("</ul></details>")
    citations = list(getattr(answer, "citations", None) or [])
    quoted = [c for c in citations if not getattr(c, "related", False)]
    related = [c for c in citations if getattr(c, "related", False)]
    for title, group in (("Sources", quoted),
                         ("See also" if getattr(answer, "found", True) else "Nearest passages", related)):
        if group:
            out.append(f"<h4>{title}</h4>")
            out += [citation_html(c, contexts.get(c.paragraph_id), terms) for c in group]
    out.append("</div>")
    return "\n".join(out)


@user_errors
def ask(question: str, kinds=None, since: str = "", until: str = "", k: float = 5):
    """Answer ``question``; returns (answer HTML, answer as JSON)."""
    question = (question or "").strip()
    if not question:
        raise fail("Type a question first, for example: " + EXAMPLES[0])
    if len(question) > 1000:
        raise fail("The question is too long: keep it under 1,000 characters.")
    since, until = _date_or_none(since, "from"), _date_or_none(until, "to")
    if since and until and since > until:
        raise fail("The 'from' date is after the 'to' date.")
    b = backend()
    answer = b.ask(question, k=int(k or 5), kinds=tuple(kinds or ()), since=since, until=until)
    contexts = {}
    for citation in getattr(answer, "citations", None) or []:
        ctx = b.paragraph_context(citation.paragraph_id)
        if ctx is not None:
            contexts[citation.paragraph_id] = ctx
    data = answer.to_json() if hasattr(answer, "to_json") else {}
    if isinstance(data, str):
        import json

        data = json.loads(data)
    return answer_html(answer, contexts, glossary(b.corpus())), data


@user_errors
def citation(paragraph_id: str, start: float | None = None, end: float | None = None):
    """One paragraph in its context, with [start, end) marked: what a citation opens."""
    ctx = backend().paragraph_context((paragraph_id or "").strip())
    if ctx is None:
        raise fail(f"No paragraph with id '{paragraph_id}' in the corpus.")
    doc, para, before, after = ctx

    c = SimpleNamespace(
        n=para.label or "", paragraph_id=para.id, document_id=doc.id, document_title=doc.title, date=doc.date,
        part=doc.part(para.part_id).title if para.part_id else None, section=" › ".join(para.heading_path) or None,
        label=para.label, page=para.page, quote="", paragraph_text=para.text,
        start=int(start) if start is not None else None, end=int(end) if end is not None else None,
    )
    return citation_html(c, ctx, glossary(backend().corpus())).replace("<details ", "<details open ", 1)


def build() -> None:
    """Lay out the Ask tab inside the current Blocks context."""
    with gr.Row():
        with gr.Column(scale=3):
            question = gr.Textbox(label="Question", placeholder=EXAMPLES[0], lines=2, elem_id="ask-question")
        with gr.Column(scale=1, min_width=160):
            submit = gr.Button("Ask", variant="primary", elem_id="ask-submit")
    with gr.Accordion("Filters", open=False):
        with gr.Row():
            kinds = gr.CheckboxGroup(SOURCE_KINDS, label="Source kind (none = all)")
            since = gr.Textbox(label="From date", placeholder="YYYY-MM-DD", max_lines=1)
            until = gr.Textbox(label="To date", placeholder="YYYY-MM-DD", max_lines=1)
            k = gr.Slider(1, 10, value=5, step=1, label="Citations")
    gr.Examples(EXAMPLES, inputs=[question], label="Example questions")
    output = gr.HTML(elem_id="ask-answer", value="<p class='ckg-meta'>Ask a question about the council papers.</p>")
    with gr.Accordion("Answer as JSON", open=False):
        raw = gr.JSON(show_label=False)
    inputs = [question, kinds, since, until, k]
    submit.click(ask, inputs, [output, raw], api_name="ask", concurrency_limit=4, concurrency_id="ask")
    question.submit(ask, inputs, [output, raw], api_name=False, concurrency_limit=4, concurrency_id="ask")
    # Hidden API: open one paragraph in context (used by clients; the page opens citations inline).
    pid, start, end, opened = gr.Textbox(visible=False), gr.Number(visible=False), gr.Number(visible=False), gr.HTML(visible=False)
    gr.Button(visible=False).click(citation, [pid, start, end], opened, api_name="citation")
