"""Extractive answers: retrieve paragraphs, pick their best sentences, quote them verbatim.

Scores combine the index's dense similarity with how much of the question's weighted vocabulary
a paragraph and a sentence contain; a source or period the question names is a preference
(boost), so a question about a source the corpus lacks still finds the nearest real evidence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from embed.hybrid import Filters
from qa.analyse import Analysis, search_text
from qa.sentences import Sentence
from qa.values import A_YEAR, DAY_OR_MONTH, asked_shape, has_shape, holds

CANDIDATES = 25          # paragraphs read per search
PREFERRED = 15           # extra paragraphs from the named source/period
W_DENSE = 0.6            # weight of the dense cosine of the paragraph
W_COVER_PARA = 0.35      # weight of query-term coverage of the paragraph (with its headings)
W_PHRASE_PARA = 0.15     # weight of the question's word pairs found as pairs in the paragraph
W_COVER_SENT = 0.30      # weight of query-term coverage of the sentence
W_PHRASE_SENT = 0.15
BOOST_KIND = 0.20        # the paragraph is in the kind of part the question names
BOOST_DATE = 0.10        # the paragraph's date is in the period the question names
BOOST_RESOLUTION = 0.10  # a question about what was decided: the paragraph states a resolution or recommendation
W_NEW = 0.15             # a sentence must add words the question does not already hold
W_SHAPE = 0.15           # the sentence has the shape of the answer asked for (a date for "when", a number for "how many")
MAX_SENTENCES = 3
PER_PARAGRAPH = 2        # sentences a paragraph may offer: an inspector's point is often its second sentence
KEEP_WITHIN = 0.08       # further sentences must score within this of the best
MISSING_DENSE = 0.25     # dense score assumed for a paragraph only BM25 found

# A "why" question is answered by a reason: a sentence giving a cause or purpose has its shape
_ASKS_REASON = re.compile(r"^\s*why\b|\bwhat (?:prompted|caused|led to|is the reason|was the reason|were the reasons)\b|"
                          r"\breasons? (?:for|why)\b", re.I)
_REASON = re.compile(r"\b(?:because|due to|owing to|as a result of|result(?:ed|s|ing)? (?:from|in)|caused by|following|"
                     r"in order to|so that|so as to|the reason|reasons? (?:for|why|is|was)|since|given that|driven by|"
                     r"in response to|in light of|on the basis that|will (?:remove|reduce|enable|allow|ensure))\b",
                     re.I)


def asks_reason(analysis: Analysis) -> bool:
    return bool(_ASKS_REASON.search(analysis.text))


def shape(analysis: Analysis, text: str, engine=None) -> float:
    """How well the sentence holds the kind of value the question asks for (0–1).

    For a date: a day or month counts fully, a bare year half; a sentence whose years are all outside
    the years the question names holds some other date (0)."""
    kind = asked_shape(analysis)
    if kind is None and asks_reason(analysis):
        return 1.0 if _REASON.search(text) else 0.0
    # with an engine, the full check (a count of the thing asked, a sum near what it measures, …)
    if kind is None or not (holds(engine, analysis, text) if engine is not None else has_shape(kind, text)):
        return 0.0
    if kind != "date":
        return 1.0
    years = {int(y) for y in A_YEAR.findall(text)}
    if analysis.years and years and not years & set(analysis.years):
        return 0.0
    return 1.0 if DAY_OR_MONTH.search(text) else 0.5


@dataclass(frozen=True)
class Scored:
    """A candidate sentence with the scores that chose it."""

    sentence: Sentence
    paragraph_id: str
    date: str | None
    para_score: float
    score: float
    dense: float
    coverage: float


def _weights(engine, text: str) -> dict[str, float]:
    """The question's words weighted by idf, without a council name that scoped it ("Castlemere"): that name
    chose the papers searched, and a title or running header holding it says nothing about the topic."""
    named = {t for w in engine.names.words_named(text) for t in engine.tokenize(w)}
    tokens = dict.fromkeys(t for t in engine.tokenize(text) if t not in named)
    return {t: engine.idf.get(t, engine.unseen_idf) for t in tokens}


def coverage(engine, weights: dict[str, float], text: str) -> float:
    """Share of the question's idf weight whose terms occur in ``text``."""
    total = sum(weights.values())
    if not total:
        return 0.0
    present = set(engine.tokenize(text))
    return sum(w for t, w in weights.items() if t in present) / total


def _pairs(tokens: list[str]) -> set[tuple[str, str]]:
    return set(zip(tokens, tokens[1:]))


def phrase(engine, query_pairs: set, text: str) -> float:
    """Share of the question's adjacent word pairs that occur adjacent in ``text``."""
    if not query_pairs:
        return 0.0
    return len(query_pairs & _pairs(engine.tokenize(text))) / len(query_pairs)


def novelty(engine, weights: dict[str, float], text: str) -> float:
    """Share of the sentence's words that the question does not contain (0 = it only echoes the question)."""
    tokens = [t for t in engine.tokenize(text) if not t.isdigit()]
    if not tokens:
        return 0.0
    return sum(1 for t in tokens if t not in weights) / len(tokens)


_COUNT_WORDS = {w: i for i, w in enumerate("two three four five six".split(), start=2)}
_LEAD_COUNT = re.compile(r"\b(two|three|four|five|six|[2-6])\s+(?:\w+\s+){0,2}\w+\s*:\s*$", re.I)


def lead_in_count(text: str, default: int = 2) -> int:
    """How many items a lead-in announces ("built around three themes:" → 3); ``default`` when it names none."""
    m = _LEAD_COUNT.search(text)
    if not m:
        return default
    word = m.group(1).lower()
    return int(word) if word.isdigit() else _COUNT_WORDS[word]


_QUALIFIES = re.compile(r"^\W*(?:However|But|Yet|Despite this|Nevertheless|This (?:leads|means|results|has led|has meant|is because)|"
                        r"As a result|Consequently)\b")


def continuation(engine, scored: Scored, limit: int | None = None) -> list:
    """What a quoted sentence must be read with: the items of a list it introduces ("… to :", as many as it
    announces, else two), or the next sentence of its paragraph when that one qualifies it ("However, …",
    "This leads to …") — an inspector's "X is done well. However, Y" is one statement."""
    if not scored.sentence.text.rstrip().endswith(":"):
        following = [s for s in engine.sentences(scored.paragraph_id) if s.index == scored.sentence.index + 1]
        if following and _QUALIFIES.match(following[0].text):
            return [(scored.paragraph_id, following[0])]
        return []
    limit = limit or lead_in_count(scored.sentence.text)
    p = engine.paragraph(scored.paragraph_id)
    siblings = engine.document_of(p).paragraphs
    out = []
    for q in siblings[p.ordinal + 1:p.ordinal + 1 + limit] if siblings[p.ordinal].id == p.id else []:
        if q.kind not in ("list_item", "paragraph") or q.part_id != p.part_id:
            break
        sentences = engine.sentences(q.id)
        if sentences:
            out.append((q.id, sentences[0]))
    return out


def _in_period(date: str | None, start: str | None, end: str | None) -> bool:
    return bool(date) and (start is None or date[:10] >= start) and (end is None or date[:10] <= end)


# What a body resolved or a report asks it to decide: "RESOLVED – That …", "2.1 Approve the Full Business Case …",
# "That Cabinet approve the framework …", or any paragraph under a "Recommendations"/"Decision" heading
_RESOLUTION = re.compile(r"^\W*(?:\(?[\da-z]{1,3}[.)]\s*(?:\d{1,2}\.?\s*)?)?(?:RESOLVED\b|Resolved\b|That\b|(?:To\s+)?"
                         r"(?:Approve|Agree|Note|Endorse|Authorise|Authorize|Delegate|Recommend|Consider)s?\b)")
_RESOLUTION_HEADING = re.compile(r"\b(?:recommendations?|resolved|resolutions?|decisions?(?: required| sought)?)\b", re.I)


def asks_resolution(analysis: Analysis) -> bool:
    """The question asks what a body decided or was asked to decide (not what inspectors recommended)."""
    return bool({"decided", "recommend"} & set(analysis.intents)) and analysis.source != "inspection"


# Minuted actions and agreements inside a paragraph: "It was agreed that …", "Members to be provided with …"
_AGREED = re.compile(r"\b(?:it was (?:agreed|resolved)|(?:members |the committee )?agreed that|resolved that)\b|^\W*agreed\b|"
                     r"\bto be (?:provided|sent|circulated|shared|brought|presented|reported|added|considered|updated|"
                     r"invited|given|made available|arranged|reviewed)\b", re.I)


def states_resolution(p) -> bool:
    return bool(_RESOLUTION.match(p.text) or _AGREED.search(p.text)) or any(
        _RESOLUTION_HEADING.search(h) for h in p.heading_path[-2:])


def retrieve(engine, analysis: Analysis, hard: Filters, k: int = CANDIDATES,
             period: tuple[str, str] | None = None) -> list[tuple[str, float, float]]:
    """(paragraph id, paragraph score, dense score) for the best candidates, best first."""
    query = search_text(analysis)
    weights = _weights(engine, query)
    pairs = _pairs(engine.tokenize(query))
    hits = {}
    resolutions = asks_resolution(analysis)
    searches = [(hard, k)]
    if period:
        searches = [(replace(hard, date_from=period[0], date_to=period[1]), k)]
    elif analysis.prefer_kinds or analysis.date_from:
        preferred = replace(hard, part_kinds=hard.part_kinds or analysis.prefer_kinds,
                            date_from=hard.date_from or analysis.date_from, date_to=hard.date_to or analysis.date_to)
        searches.append((preferred, PREFERRED))
        if analysis.prefer_kinds and analysis.date_from:
            searches.append((replace(preferred, part_kinds=hard.part_kinds), PREFERRED))
    for filters, depth in searches:
        for hit in engine.index.search(" ".join((query,) + analysis.expansions), k=depth, filters=None if filters.is_empty() else filters):
            if hit.paragraph_id not in hits:
                hits[hit.paragraph_id] = hit
    out = []
    for pid, hit in hits.items():
        p = engine.paragraph(pid)
        part = engine.part_of(p)
        dense = hit.dense_score if hit.dense_score is not None else MISSING_DENSE
        context = engine.context(p)
        score = (W_DENSE * dense + W_COVER_PARA * coverage(engine, weights, f"{context} {p.text}")
                 + W_PHRASE_PARA * phrase(engine, pairs, p.text))
        if analysis.prefer_kinds and part.kind in analysis.prefer_kinds:
            score += BOOST_KIND
        if analysis.date_from and _in_period(engine.date_of(p), analysis.date_from, analysis.date_to):
            score += BOOST_DATE
        if resolutions and states_resolution(p):
            score += BOOST_RESOLUTION
        out.append((pid, score, dense))
    if analysis.years and not period and not (hard.date_from or hard.date_to):
        # A paper written before the period the question names cannot report on it: whenever the corpus
        # has candidates dated in or after the period (or naming its year), earlier ones are dropped
        # (later ones stay: a report follows the inspection it discusses); else the nearest evidence is read
        named = [x for x in out if not written_before(engine, analysis, engine.paragraph(x[0]))]
        out = named or out
    out.sort(key=lambda x: -x[1])
    return out


def written_before(engine, analysis: Analysis, p) -> bool:
    """The paragraph is dated before the period the question names and its text and headings name none of its years."""
    date = engine.date_of(p)
    if not date or not analysis.date_from or date[:10] >= analysis.date_from:
        return False
    where = p.text + " " + " ".join(p.heading_path)
    return not any(str(y) in where for y in analysis.years)


_CONCESSIVE = re.compile(r"^\W*(?:although|though|while|whilst|despite|notwithstanding|even though)\b[^,;]*[,;]\s*", re.I)


def main_clause(text: str) -> str:
    """What a sentence asserts: a concessive opening ("Although X, Y") is background, so only Y is matched."""
    rest = _CONCESSIVE.sub("", text, count=1)
    return rest if rest and rest != text and len(rest) > 20 else text


def best_sentences(engine, analysis: Analysis, candidates: list[tuple[str, float, float]],
                   limit: int = 12) -> list[Scored]:
    """Each candidate paragraph's best sentences (``PER_PARAGRAPH``), best first."""
    query = search_text(analysis)
    weights = _weights(engine, query)
    pairs = _pairs(engine.tokenize(query))
    out = []
    # "who" asks for a person: a sentence naming one the graph knows has the answer's shape
    people = engine.person_names if "who" in analysis.intents and asked_shape(analysis) is None else None
    for pid, para_score, dense in candidates[:limit]:
        scored_here = []
        for s in engine.sentences(pid):
            asserted = main_clause(s.text)
            cov = coverage(engine, weights, asserted)
            score = (para_score + W_COVER_SENT * cov + W_PHRASE_SENT * phrase(engine, pairs, asserted)
                     + W_NEW * min(1.0, 2 * novelty(engine, weights, s.text)) + W_SHAPE * shape(analysis, s.text, engine))
            if people is not None and people.search(s.text):
                score += W_SHAPE
            scored_here.append(Scored(s, pid, engine.date_of(engine.paragraph(pid)), para_score, score, dense, cov))
        scored_here.sort(key=lambda x: -x.score)
        out.extend(scored_here[:PER_PARAGRAPH])
    out.sort(key=lambda s: -s.score)
    return out


def choose(scored: list[Scored], max_sentences: int = MAX_SENTENCES) -> list[Scored]:
    """The best sentence and any close runners-up, without repeating a sentence's text."""
    if not scored:
        return []
    top = scored[0].score
    chosen, seen = [], set()
    for s in scored:
        key = " ".join(s.sentence.text.lower().split())
        if key in seen or any(key in k or k in key for k in seen if len(k) > 40 and len(key) > 40):
            continue
        if chosen and s.score < top - KEEP_WITHIN:
            break
        seen.add(key)
        chosen.append(s)
        if len(chosen) >= max_sentences:
            break
    return chosen


def order_for_reading(chosen: list[Scored], engine) -> list[list[Scored]]:
    """Group sentences by source document and date, oldest first (newest last)."""
    groups: dict[tuple, list[Scored]] = {}
    for s in chosen:
        p = engine.paragraph(s.paragraph_id)
        groups.setdefault((s.date or "", p.document_id, p.part_id), []).append(s)
    ordered = []
    for key in sorted(groups):
        ordered.append(sorted(groups[key], key=lambda s: (engine.paragraph(s.paragraph_id).ordinal, s.sentence.index)))
    return ordered
