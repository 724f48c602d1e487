"""``ask``: analyse a question, answer from the graph and/or the text, cite every sentence, or decline."""
from __future__ import annotations

import re
from dataclasses import replace

from councilkg.errors import QueryError
from embed.hybrid import Filters
from qa import calibration, extractive
from qa.analyse import analyse
from qa.compound import join, split_question
from qa.expand import expand
from qa.records import Answer, Citation, GraphFact
from qa.values import asked_shape, holds

VALUE_SLACK = 0.2  # the best sentence stating the asked value may score this much below the best sentence
READ_EXTRA = 7  # paragraphs read beyond k: sentence scores (shape, phrase) reorder what paragraph scores ranked
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _check_date(value: str | None, name: str, end: bool = False) -> str | None:
    if value is None or value == "":
        return None
    value = value.strip()
    if not _ISO.match(value):
        raise QueryError(f"--{name} must be a date like 2021, 2021-11 or 2021-11-05, not '{value}'.")
    if len(value) == 4:
        return f"{value}-12-31" if end else f"{value}-01-01"
    if len(value) == 7:
        return f"{value}-31" if end else f"{value}-01"
    return value


def quote_marks(cites, paragraph_id: str, sentence) -> str:
    """A sentence with its citation marker(s): one per piece when a page break splits it."""
    if not sentence.pieces:
        return f"{sentence.text} [{cites.add(paragraph_id, sentence.start, sentence.end)}]"
    return " ".join(f"{text} [{cites.add(paragraph_id, start, end)}]" for start, end, text in sentence.pieces)


class _Citations:
    """Numbers citations in the order the answer uses them; a repeated quote reuses its number."""

    def __init__(self, engine):
        self.engine = engine
        self.items: list[Citation] = []
        self._by_key: dict[tuple, int] = {}

    def add(self, paragraph_id: str, start: int, end: int) -> int:
        key = (paragraph_id, start, end)
        if key not in self._by_key:
            n = len(self.items) + 1
            self.items.append(self.engine.citation(n, paragraph_id, start, end))
            self._by_key[key] = n
        return self._by_key[key]


def _source_label(engine, paragraph_id: str) -> str:
    """Who and when, in a few words ("Ofsted, Nov 2021"); the full title is in the citation card."""
    from corpus.labels import source_label

    p = engine.paragraph(paragraph_id)
    part = engine.part_of(p)
    return source_label(part.kind, part.body, engine.date_of(p), engine.document_of(p).publisher)


def _render_extractive(engine, groups, cites: _Citations) -> str:
    lines = []
    for group in groups:
        parts = []
        for s in group:
            parts.append(quote_marks(cites, s.paragraph_id, s.sentence))
            for pid, follow in extractive.continuation(engine, s):
                parts.append(quote_marks(cites, pid, follow))
        lines.append(f"{_source_label(engine, group[0].paragraph_id)}: " + " ".join(parts))
    return "\n".join(lines)


MAX_OVER_TIME = 4  # sentences in an answer that quotes several inspections
COVER_SLACK = 0.2  # how much less of the question's weighted words another inspection's sentence may hold


def _each_inspection(engine, analysis, hard: Filters, cites: _Citations) -> str | None:
    """What inspections said about a topic when the question names inspectors but no period: the best
    sentence of each inspection report that answers confidently, oldest first, so change reads in order
    (None unless at least two do; then the ordinary answer reads best)."""
    if analysis.source != "inspection" or analysis.years or hard.date_from or hard.date_to \
            or asked_shape(analysis) or (hard.part_kinds and "inspection_report" not in hard.part_kinds):
        return None
    dates = sorted({
        part.date for part in engine.parts.values() if part.kind == "inspection_report" and part.date})
    if len(dates) < 2:
        return None
    found = []
    for date in dates:
        period = replace(hard, part_kinds=("inspection_report",), date_from=date, date_to=date)
        candidates = extractive.retrieve(engine, analysis, period)
        scored = extractive.best_sentences(engine, analysis, candidates, limit=READ_EXTRA)
        if scored and calibration.confident(engine, analysis, candidates, scored):
            found.append(scored[0])
    # each inspection's sentence must hold the topic as fully as the best-covering one (a shared word is not the topic)
    best = max((s.coverage for s in found), default=0.0)
    found = [s for s in found if s.coverage >= best - COVER_SLACK]
    if len(found) < 2:
        return None
    found = sorted(sorted(found, key=lambda s: -s.score)[:MAX_OVER_TIME], key=lambda s: s.date or "")
    return "\n".join(f"{_source_label(engine, s.paragraph_id)}: {quote_marks(cites, s.paragraph_id, s.sentence)}"
                     for s in found)


def _not_found(engine, question: str, hard: Filters, analysis) -> Answer:
    searched = engine.searched(hard)
    n = searched["documents"]
    where = f"{n} document{'' if n == 1 else 's'} ({searched['paragraphs']} paragraphs)"
    period = ""
    if hard.date_from or hard.date_to:
        period = f" dated {hard.date_from or 'any time'} to {hard.date_to or 'now'}"
    elif analysis.date_from:
        period = f", preferring {analysis.date_from[:4]}" + (
            f"–{analysis.date_to[:4]}" if analysis.date_to and analysis.date_to[:4] != analysis.date_from[:4] else "")
    kinds = f" (parts: {', '.join(hard.part_kinds)})" if hard.part_kinds else ""
    text = (f"Not found: nothing in the {where}{kinds}{period} answers this question closely enough "
            f"to quote. Try other words, or name the document, body or year.")
    return Answer(question=question, found=False, answer=text, searched=searched)


def ask(question: str, *, k: int = 5, kinds: tuple[str, ...] = (), since: str | None = None,
        until: str | None = None, engine=None, compound: bool = True, subject: str = "") -> Answer:
    """Answer ``question`` from the graph and the corpus, with a citation for every statement.

    Args:
        question: free text (at most 10,000 characters are read; longer questions are cut).
        k: the number of paragraphs the answer may draw on (1–50).
        kinds: restrict to part kinds (inspection_report, minutes, report, plan, appendix, agenda).
        since, until: restrict to parts dated in this range (YYYY, YYYY-MM or YYYY-MM-DD).
        engine: a loaded Engine (default: the process's, see ``get_engine``).
        compound: answer a question that asks two things ("…, and when was it published?") part by part.
        subject: words searched for but not scored — the first part's subject, when this is a question's second part.
    Returns:
        An Answer; ``found`` is False (with what was searched) when nothing clears the threshold.
    """
    if question is None or not str(question).strip():
        raise QueryError("The question is empty.", hint="Ask something like: Who chairs the Improvement Board?")
    if not isinstance(k, int) or not 1 <= k <= 50:
        raise QueryError(f"k must be a whole number from 1 to 50, not {k!r}.")
    from qa.engine import get_engine

    engine = engine or get_engine()
    question = str(question)
    if compound and (parts := split_question(question[:10_000])):
        first, second, subject = parts
        options = dict(k=k, kinds=kinds, since=since, until=until, engine=engine)
        return join(question, ask(first, compound=False, **options),
                    ask(second, compound=False, subject=subject, **options))
    analysis = expand(engine, analyse(question[:10_000]))
    if subject.strip():  # the second part of a two-part question: also search for the first's subject
        of_first = analyse(subject)
        analysis = replace(analysis, expansions=analysis.expansions + (subject,), **(
            {} if analysis.years else dict(years=of_first.years, date_from=of_first.date_from, date_to=of_first.date_to)))
    hard = Filters(part_kinds=tuple(kinds), date_from=_check_date(since, "since"),
                   date_to=_check_date(until, "until", end=True))
    named = engine.names.documents_named(analysis.text)
    if named:  # a council (publisher) the question names: only its papers answer
        hard = replace(hard, document_ids=named)
        analysis = replace(analysis, documents=named)
    cites = _Citations(engine)
    blocks: list[str] = []
    facts: list[GraphFact] = []

    # Who wrote a report: its author/contact fields
    from qa.authors import answer_author

    author = answer_author(engine, analysis)
    if author is not None and all(engine.admits(hard, pid) for pid in author.paragraph_ids):
        text, used = author.render(cites)
        blocks.append(text)
        facts.extend(used)

    # Graph answers for structured questions
    if engine.facts is not None and not blocks:
        from qa.structured import answer_from_graph

        graph_answer = answer_from_graph(engine, analysis, hard)
        graph_answer = graph_answer and graph_answer.within(engine, hard)
        if graph_answer is not None:
            text, used = graph_answer.render(cites)
            blocks.append(text)
            facts.extend(used)

    # Extractive answers: one statement per period for comparisons, else the best sentences
    if analysis.comparison and analysis.periods:
        lines = []
        for period in analysis.periods:
            candidates = extractive.retrieve(engine, analysis, hard, period=period)
            scored = extractive.best_sentences(engine, analysis, candidates, limit=k + 3)
            if scored and calibration.confident(engine, analysis, candidates, scored):
                s = scored[0]
                lines.append(f"{period[0][:4]} — {_source_label(engine, s.paragraph_id)}: "
                             f"{quote_marks(cites, s.paragraph_id, s.sentence)}")
        if lines:
            blocks.append("\n".join(lines))
    elif not blocks and (over_time := _each_inspection(engine, analysis, hard, cites)):
        blocks.append(over_time)
    elif not blocks:
        candidates = extractive.retrieve(engine, analysis, hard)
        scored = extractive.best_sentences(engine, analysis, candidates, limit=max(k, 5) + READ_EXTRA)
        if scored and calibration.confident(engine, analysis, candidates, scored):
            readable = [s for s in scored if s.paragraph_id in {c[0] for c in candidates[:k + READ_EXTRA]}] or scored
            # a question asking for a value is answered only by sentences that state it, and only when the best
            # of them is nearly as good a match as the best sentence overall
            stating = [s for s in readable if holds(engine, analysis, s.sentence.text, s.date)]
            if stating and stating[0].score >= readable[0].score - VALUE_SLACK:
                chosen = extractive.choose(stating)
                blocks.append(_render_extractive(engine, extractive.order_for_reading(chosen, engine), cites))

    if not blocks:
        return _not_found(engine, question, hard, analysis)
    return Answer(question=question, found=True, answer="\n".join(blocks), citations=tuple(cites.items),
                  graph_facts=tuple(dict.fromkeys(facts)), searched=engine.searched(hard))
