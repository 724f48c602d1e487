"""One candidate pool per question: retrieved paragraphs, their sentences, and graph facts.

Every candidate is something an answer could say, with what it cites: a sentence quotes its own
document range; a graph statement cites the spans of the triples behind it. The ranker
(``qa.ranker``) scores them all with one model; nothing here decides what the question asks.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from embed.hybrid import Filters
from qa.sentences import Sentence

PARAGRAPHS = 25      # paragraphs read per search
PERIOD_DEPTH = 12    # extra paragraphs from the period the question names
KIND_DEPTH = 12      # extra paragraphs from each kind of part the question names
CONCEPT_DEPTH = 12   # extra paragraphs searched with the thesaurus's labels for the question's concepts
CONCEPT_LABELS = 8   # labels added to that search
SENTENCE_PARAGRAPHS = 20  # the best paragraphs whose sentences enter the pool


@dataclass(frozen=True)
class Retrieved:
    """A paragraph the index returned, with the evidence of how it was found."""

    paragraph_id: str
    rank: int            # best fused rank over the searches (1 = first)
    dense: float | None  # cosine of its best window (None: only BM25 found it)
    bm25: float
    searches: int        # how many of the searches returned it


@dataclass
class Candidate:
    """A sentence or graph statement an answer could give, with the features the ranker reads."""

    kind: str                       # sentence | chair | post | lead | due | priority | grade | inspection | ...
    text: str                       # what the answer says: the quote itself, or a statement built from facts
    paragraph_id: str               # the paragraph quoted, or the one whose span states the first fact
    sentence: Sentence | None = None
    facts: tuple = ()               # (subject, predicate, object, graph): the triples a statement uses
    lines: tuple = ()               # (text, ((paragraph id, start, end), …)) per line: what is said and cited
    value: str = "text"             # the type of value it states: person | date | number | grade | list | text
    match: float = 0.0              # share of the graph item's label the question names
    exact: bool = False             # the item is a reference the question names ("1.10", "para 17")
    relation: float = 0.0           # the question names the relation ("chairs", "due", "published")
    date: str | None = None         # the date the statement is about (inspection, meeting, due date)
    source: str | None = None       # for briefs: the inspection or part it reports
    features: dict = field(default_factory=dict)
    probability: float = 0.0

    @property
    def key(self) -> str:
        return " ".join(self.text.lower().split())

    def restates(self, chosen: list["Candidate"]) -> bool:
        """Says again what one of ``chosen`` says: the text of one holds the other's, or the graph facts of one are all
        the other's (an outcome's statement, and a list of the areas judged so that cites the same judgement)."""
        facts = set(self.facts)
        return repeats(self.key, [c.key for c in chosen]) or bool(facts) and any(
            c.facts and (facts <= set(c.facts) or facts >= set(c.facts)) for c in chosen)


def repeats(key: str, keys) -> bool:
    """A candidate's text (its ``key``) says again what one of ``keys`` says: it holds one, or one holds it."""
    return any(key in k or k in key for k in keys)


def distinct(items: list[Candidate]) -> list[Candidate]:
    """``items`` without any that repeats one kept before it (``repeats``): no text said twice."""
    out, keys = [], []
    for c in items:
        key = c.key  # read once: comparing against every kept key was most of a brief's time
        if not repeats(key, keys):
            keys.append(key)
            out.append(c)
    return out


def source_words(engine, unit) -> str:
    """The words that say where a paragraph is from: its index source line, part title and kind's vocabulary."""
    from qa.features import KIND_WORDS

    part = engine.parts.get(engine.paragraphs[unit.paragraph_id].part_id)
    return " ".join((unit.source, part.title if part else "", KIND_WORDS.get(unit.part_kind, "")))


def retrieve(engine, q, hard: Filters) -> list[Retrieved]:
    """Hybrid paragraph retrieval: the question as asked, plus searches inside the period and the kinds of part
    it names (a soft preference: every search's hits join one list)."""
    query = " ".join((q.text,) + q.expansions)
    searches = [(query, hard, PARAGRAPHS)]
    if q.date_from and not (hard.date_from or hard.date_to):
        searches.append((query, replace(hard, date_from=q.periods[0][0], date_to=q.date_to), PERIOD_DEPTH))
    for kind in engine.kinds_named(q.text):
        if not hard.part_kinds:
            searches.append((query, replace(hard, part_kinds=(kind,)), KIND_DEPTH))
    if q.concept_labels:  # the thesaurus's other words for the topic: papers say "CLA" for "children in care"
        searches.append((" ".join((query,) + q.concept_labels[:CONCEPT_LABELS]), hard, CONCEPT_DEPTH))
    found: dict[str, Retrieved] = {}
    for query, filters, depth in searches:
        for hit in engine.search(query, q.text, depth, None if filters.is_empty() else filters):
            old = found.get(hit.paragraph_id)
            rank = min(hit.rank, old.rank) if old else hit.rank
            found[hit.paragraph_id] = Retrieved(hit.paragraph_id, rank, hit.dense_score, hit.bm25_score or 0.0,
                                                (old.searches if old else 0) + 1)
    return sorted(found.values(), key=lambda r: (r.rank, -r.searches))


def sentences(engine, retrieved: list[Retrieved], limit: int = SENTENCE_PARAGRAPHS) -> list[Candidate]:
    """Every quotable sentence of the best paragraphs."""
    return [sentence_candidate(r.paragraph_id, s, date=engine.date_of(engine.paragraph(r.paragraph_id)))
            for r in retrieved[:limit] for s in engine.sentences(r.paragraph_id)]


def sentence_candidate(paragraph_id: str, s: Sentence, date: str | None = None) -> Candidate:
    """The candidate quoting sentence ``s``, piece by piece when a page break splits it."""
    spans = tuple((paragraph_id, a, b) for a, b, _ in s.pieces) or ((paragraph_id, s.start, s.end),)
    return Candidate("sentence", s.text, paragraph_id, sentence=s, lines=((s.text, spans),), date=date)
