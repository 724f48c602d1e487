"""Ask tab: a question, optional filters, and the answer with numbered, openable citations."""
from __future__ import annotations

import re
from types import SimpleNamespace

import gradio as gr

from ui_views.backend import backend
from ui_views.errors import fail, user_errors
from ui_views.render import compact, esc, link_markers, marked, paragraph_range

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


def citation_html(citation, context=None) -> str:
    """One citation as a collapsible card: metadata line, the paragraph with the quote marked, neighbours."""
    n = getattr(citation, "n", "")
    title = getattr(citation, "document_title", None) or getattr(citation, "document_id", "")
    meta = [
        getattr(citation, "date", None),
        getattr(citation, "part", None),
        getattr(citation, "section", None) if getattr(citation, "section", None) != getattr(citation, "part", None) else None,
        f"page {citation.page}" if getattr(citation, "page", None) else None,
        f"paragraph {citation.label}" if getattr(citation, "label", None) else None,
    ]
    summary_meta = " · ".join(esc(m) for m in meta if m)
    quote = getattr(citation, "quote", "") or ""
    before, after, body = [], [], None
    if context is not None:
        _doc, para, before, after = context
        rng = paragraph_range(para, getattr(citation, "start", None), getattr(citation, "end", None), quote)
        body = marked(para.text, *(rng or (None, None)))
    if body is None:
        text = getattr(citation, "paragraph_text", "") or quote
        at = text.find(quote) if quote else -1
        body = marked(text, at, at + len(quote)) if at >= 0 else esc(text)
    parts = [f'<details class="ckg-citation" id="ckg-cite-{esc(n)}" data-paragraph="{esc(citation.paragraph_id)}">',
             f'<summary>[{esc(n)}] {esc(title)} <span class="ckg-meta">{summary_meta}</span></summary>']
    parts += [f'<div class="ckg-para ckg-neighbour">{esc(p.text)}</div>' for p in before]
    parts.append(f'<div class="ckg-para ckg-cited">{body}</div>')
    parts += [f'<div class="ckg-para ckg-neighbour">{esc(p.text)}</div>' for p in after]
    parts.append(f'<div class="ckg-meta">{esc(citation.paragraph_id)}'
                 f'{f" · characters {esc(citation.start)}–{esc(citation.end)}" if getattr(citation, "start", None) is not None else ""}'
                 "</div></details>")
    return "\n".join(parts)


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


def answer_html(answer, contexts: dict | None = None) -> str:
    """The whole answer: text with linked [n] markers, graph facts, then the citations."""
    contexts = contexts or {}
    out = ['<div class="ckg-answer">']
    text = esc(getattr(answer, "answer", "") or "")
    if not getattr(answer, "found", True):
        out.append(f'<div class="ckg-notfound"><p><strong>Not found.</strong> {text}</p>'
                   f"<p>Searched {_searched(answer)}.</p></div>")
    else:
        out.append(f'<div class="ckg-answer-text">{link_markers(text).replace(chr(10), "<br>")}</div>')
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
    if citations:
        out.append("<h4>Sources</h4>")
        out += [citation_html(c, contexts.get(c.paragraph_id)) for c in citations]
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
    return answer_html(answer, contexts), data


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
    return citation_html(c, ctx).replace("<details ", "<details open ", 1)


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
