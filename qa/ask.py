"""``ask``: read the question, gather one candidate pool, rank it with the fitted model, answer or decline.

The answer is the best candidate and its close runners-up (a question naming two periods gets the
best of each; "what did Ofsted say about TOPIC" gets a topic brief), every sentence a verbatim quote
or a graph statement citing the spans of its facts. Found or not is one threshold on the probability
that one of the best candidates answers (``ranker.answerability``).
"""
from __future__ import annotations

import re
from dataclasses import replace

from councilkg.errors import QueryError
from embed.hybrid import Filters
from qa import candidates as pool_mod
from qa.features import question_weights
from qa.question import read
from qa.ranker import answerability, margin, score
from qa.records import Answer, GraphFact
from qa.render import Citations, render_lines, render_once, source_label

MAX_STATEMENTS = 3
# the least a complementing runner-up's probability is, as a share of the candidate floor. 0.15 since the refit of
# 2026-12-04 (inspection summaries): re-asked out of fold, 0.2, 0.15 and 0.1 answer the same 2,763 questions right (0.1
# one more) and 0.15 lengthens found answers by 4 characters on average; at 0.2 the synthetic "Who was the lead
# inspector …, and what were the inspection dates?" lost its dates (0.042 against a floor of 0.050)
COMPLEMENT_FLOOR = 0.15
NEIGHBOUR_SPAN = 3      # how many sentences from a chosen sentence, in its paragraph, a neighbour may lie
NEIGHBOUR_FLOOR = 0.5   # the least a neighbour's probability is, as a share of the candidate floor
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


def choose(ranked, model, limit: int = MAX_STATEMENTS) -> list:
    """The best candidate and the runners-up within the model's margin, no text said twice. An inspection's summary
    is given only as the best: it restates every judgement of the inspection, so as a runner-up to one of them ("What
    grade did Ofsted give the adoption service?") it buries the answer under the grades not asked for."""
    floor = margin(ranked, model)
    chosen = ranked[:1]
    for c in ranked[1:]:
        if len(chosen) >= limit or c.probability < floor:
            break
        if c.kind != "summary" and not c.restates(chosen):
            chosen.append(c)
    return chosen


def complement(engine, q, ranked, chosen, model) -> list:
    """``chosen`` and the best runner-up saying most of what the question asks and they do not (by the idf weight of
    its topic words): a question asking two things ("who was the senior data analyst and who was the quality
    assurance manager?") is answered by two statements, the second scored lower, often under the margin ``choose``
    keeps. The runner-up must say at least half of what is left unsaid, and its probability be at least
    ``COMPLEMENT_FLOOR`` of the candidate floor (cross-validated when it came: 14 more questions right of 2,579, none
    lost)."""
    _, topic = question_weights(engine, q, kinds=True)
    said = set().union(*(_says(engine, c) for c in chosen))
    unsaid = {t: w for t, w in topic.items() if t not in said}
    total = sum(unsaid.values())
    if not total:
        return chosen

    def says_half(c) -> bool:
        held = set(engine.tokens(c.text)) | _relation_words(engine, c)  # "… inspected 6 to 17 November" says "dates"
        return sum(w for t, w in unsaid.items() if t in held) >= total / 2

    return _with_runner_up(ranked, chosen, model.candidate_floor * COMPLEMENT_FLOOR, says_half)


def _with_runner_up(ranked, chosen, floor: float, accepts) -> list:
    """``chosen`` and the best runner-up of probability at least ``floor`` that says something new and ``accepts``."""
    for c in ranked[1:]:
        if c.probability < floor:
            break
        if not c.restates(chosen) and accepts(c):
            return chosen + [c]
    return chosen


def neighbour(ranked, chosen, model) -> list:
    """``chosen`` and the best runner-up sentence lying within ``NEIGHBOUR_SPAN`` sentences of a chosen sentence in its
    paragraph, when its probability is at least ``NEIGHBOUR_FLOOR`` of the candidate floor.

    Why: out of fold, 70 answerable questions were answered wrong although the answer quoted their evidence's
    paragraph, and in 50 the sentence that answers lay within three sentences of the one quoted, ranked just behind
    it under the margin ``choose`` keeps: the sentence naming the topic was quoted, the one after it stating the
    finding was not ("Too many care leavers are NEET." without "This accounts for 27% …"; the permanent Virtual School
    head for a question about the interim heads named two sentences before). A neighbour costs the reader one more
    sentence of a paragraph the answer already cites. Cross-validated with the same fold models: 21 more questions
    right of 2,579, none lost; found answers 9% longer (any runner-up, not only a neighbour, gains more, 39, at 21%)."""
    near = [(c.paragraph_id, c.sentence.index) for c in chosen if c.kind == "sentence" and c.sentence is not None]
    if not near:
        return chosen

    def beside(c) -> bool:
        return c.kind == "sentence" and c.sentence is not None and any(
            pid == c.paragraph_id and abs(i - c.sentence.index) <= NEIGHBOUR_SPAN for pid, i in near)

    return _with_runner_up(ranked, chosen, model.candidate_floor * NEIGHBOUR_FLOOR, beside)


def _says(engine, c) -> set[str]:
    """The tokens a candidate says: its words, where it is from (a source line names the council and the kind of
    paper), and for a graph statement the words naming its relation (a grade statement says a grade)."""
    return set(engine.tokens(c.text)) | engine.source_tokens(c.paragraph_id) | _relation_words(engine, c)


def _relation_words(engine, c) -> set[str]:
    """The tokens of the phrases naming a graph statement's relation (none for a sentence)."""
    from qa.graphfacts import RELATIONS

    return set(engine.label_tokens(RELATIONS[c.kind])) if c.kind in RELATIONS else set()


def _by_period(q, ranked, model) -> list:
    """One statement per period a comparison names: the best candidate dated in (or naming) each."""
    out = []
    for a, b in q.periods:
        year = a[:4]
        for c in ranked:
            if c.probability < model.candidate_floor * 0.5:
                break
            if (c.date or "")[:4] == year or (a <= (c.date or "")[:10] <= b):
                if c not in out:
                    out.append(c)
                break
    return out


def compose(engine, q, ranked, cites: Citations) -> str:
    """The answer text for the ranked candidates (their answerability clears the threshold)."""
    from qa import briefs
    from qa.continuation import following, preceding, value_neighbour, whole_list

    model = engine.model
    top = ranked[0]
    if q.comparison and top.kind == "sentence" and len(chosen := _by_period(q, ranked, model)) >= 2:
        return "\n".join(f"{(c.date or '')[:4]} — {source_label(engine, c.paragraph_id)}: {' '.join(render_lines(cites, c))}"
                         for c in sorted(chosen, key=lambda c: c.date or ""))
    chosen = choose(ranked, model)
    brief = briefs.compose(engine, q, ranked, cites, chosen)
    if brief:
        return brief
    chosen = neighbour(ranked, complement(engine, q, ranked, chosen, model), model)
    groups: dict[tuple, list] = {}
    for c in chosen:
        if c.kind == "sentence":
            p = engine.paragraph(c.paragraph_id)
            groups.setdefault((c.date or "", p.document_id, p.part_id), []).append(c)
    # graph statements, then each source's quotes oldest first; but the best candidate's block leads: a reader takes
    # the first line for the answer ("Who is the lead member for children's services?" opened with two lead
    # inspectors ranked 0.43 and 0.42, and the Cabinet Member, ranked 0.62, came third)
    blocks = [c for c in chosen if c.kind != "sentence"] + sorted(groups)  # a statement, or a group's key

    def leads(block) -> bool:
        return any(c is top for c in groups[block]) if isinstance(block, tuple) else block is top

    blocks.sort(key=lambda block: not leads(block))
    lines = []
    for block in blocks:
        if not isinstance(block, tuple):
            lines += render_lines(cites, block)
            continue
        key, said, done = block, [], set()
        for c in sorted(groups[key], key=lambda c: (engine.paragraph(c.paragraph_id).ordinal, c.sentence.index)):
            before, after = value_neighbour(engine, q, c)
            quoted = whole_list(engine, c) if q.type_of() == "list" else [c]
            said += render_once(cites, preceding(engine, c) + before + quoted + following(engine, c) + after, done)
        lines.append(f"{source_label(engine, groups[key][0].paragraph_id)}: " + " ".join(said))
    return "\n".join(lines)


def scoped(hard: Filters, q) -> Filters:
    """``hard`` narrowed to the papers of the council (publisher) the question names, when it names one: only its
    papers answer. The fit reads its training pools through this too, so the ranker learns from the pools it scores."""
    return replace(hard, document_ids=q.documents) if q.documents else hard


def pool(engine, q, hard: Filters, k: int = 5) -> tuple[list, list]:
    """(retrieved paragraphs, candidates): sentences of the best paragraphs and the graph's statements."""
    from qa import graphfacts

    retrieved = pool_mod.retrieve(engine, q, hard)
    candidates = pool_mod.sentences(engine, retrieved, limit=max(pool_mod.SENTENCE_PARAGRAPHS, k))
    if engine.facts is not None:
        candidates += [c for c in graphfacts.statements(engine, q) if engine.admits(hard, c.paragraph_id)]
    return retrieved, candidates


def nearest(ranked, cites: Citations, k: int) -> str:
    """Markers of the ranked pool's best paragraphs the answer does not cite yet, until ``k`` paragraphs are cited:
    where a reader looks next. A declined question lists them as its nearest passages (the evidence is often there
    when no sentence is a sure answer: 9 of the 15 declined answerable questions of three sets had it among their
    five); a found one as "See also". Each cites its candidate's first line (a verbatim sentence or a fact's span),
    so it adds no words to the answer, only sources."""
    cited = {c.paragraph_id for c in cites.items}
    marks = []
    for c in ranked:
        if len(cited) >= k:
            break
        if c.paragraph_id in cited or not c.lines or not c.lines[0][1]:
            continue
        cited.add(c.paragraph_id)
        marks.append(f"[{cites.add(*c.lines[0][1][0], related=True)}]")
    return " ".join(marks)


def _not_found(engine, question: str, hard: Filters, q, ranked=(), k: int = 5) -> Answer:
    searched = engine.searched(hard)
    n = searched["documents"]
    where = f"{n} document{'' if n == 1 else 's'} ({searched['paragraphs']} paragraphs)"
    period = f" dated {hard.date_from or 'any time'} to {hard.date_to or 'now'}" if hard.date_from or hard.date_to else (
        f", preferring {q.date_from[:4]}" + (f"–{q.date_to[:4]}" if q.date_to[:4] != q.date_from[:4] else "")
        if q.date_from else "")
    kinds = f" (parts: {', '.join(hard.part_kinds)})" if hard.part_kinds else ""
    text = (f"Not found: nothing in the {where}{kinds}{period} answers this question closely enough "
            f"to quote. Try other words, or name the document, body or year.")
    cites = Citations(engine)
    if marks := nearest(ranked, cites, k):
        text += f" Nearest passages, none a sure answer: {marks}"
    return Answer(question=question, found=False, answer=text, citations=tuple(cites.items), searched=searched)


def ask(question: str, *, k: int = 5, kinds: tuple[str, ...] = (), since: str | None = None,
        until: str | None = None, engine=None) -> Answer:
    """Answer ``question`` from the graph and the corpus, with a citation for every statement.

    Args:
        question: free text (at most 2,000 characters are read; longer questions are cut).
        k: at least this many paragraphs' sentences enter the candidate pool (1–50).
        kinds: restrict to part kinds (inspection_report, minutes, report, plan, appendix, agenda).
        since, until: restrict to parts dated in this range (YYYY, YYYY-MM or YYYY-MM-DD).
        engine: a loaded Engine (default: the process's, see ``get_engine``).
    Returns:
        An Answer; ``found`` is False (with what was searched, and the nearest passages as citations marked
        ``related``) when the probability that one of the best candidates answers (``ranker.answerability``,
        also the answer's ``confidence``) is below the fitted threshold.
    """
    if question is None or not str(question).strip():
        raise QueryError("The question is empty.", hint="Ask something like: Who chairs the Improvement Board?")
    if not isinstance(k, int) or not 1 <= k <= 50:
        raise QueryError(f"k must be a whole number from 1 to 50, not {k!r}.")
    from qa.engine import get_engine

    engine = engine or get_engine()
    hard = Filters(part_kinds=tuple(kinds), date_from=_check_date(since, "since"),
                   date_to=_check_date(until, "until", end=True))
    q = read(engine, str(question)[:10_000])
    hard = scoped(hard, q)
    retrieved, candidates = pool(engine, q, hard, k)
    ranked = score(engine, q, retrieved, candidates)
    answerable = answerability(ranked)  # 0.0 for an empty pool
    if answerable < engine.model.threshold:
        return _not_found(engine, str(question), hard, q, ranked, k)
    cites = Citations(engine)
    text = compose(engine, q, ranked, cites)
    facts = []
    used = {(ci.paragraph_id, ci.start, ci.end) for ci in cites.items}
    for c in ranked:
        if c.facts and any(span in used for _, spans in c.lines for span in spans):
            facts += [GraphFact(str(s), str(p), str(o), str(g)) for s, p, o, g in c.facts]
    if marks := nearest(ranked, cites, k):  # after the facts: the graph facts are those the answer states
        text += f"\nSee also: {marks}"
    return Answer(question=str(question), found=True, answer=text, citations=tuple(cites.items),
                  graph_facts=tuple(dict.fromkeys(facts)), searched=engine.searched(hard),
                  confidence=round(answerable, 3), answer_type=q.type_of())
