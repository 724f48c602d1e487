"""The ranker's features: cheap measurements of how a candidate meets a question.

Retrieval (dense cosine, BM25, fused rank), coverage of the question's weighted words and thesaurus
concepts in the paragraph and the sentence, whether the sentence holds the kind of value the
question's answer type asks for and whether it sits beside the question's topic words, part kind and
source, dates against the question's period, graph support and position. Question-level checks (a name,
reference or day no paper holds) are features too, so answerability comes from the same model.
"""
from __future__ import annotations

import bisect
import math
import re
from functools import lru_cache

from councilkg.dates import MONTH_NAMES
from graph.extractors.civic.posts import POST_WORDS
from ontology import vocab
from qa.answer_type import FIGURES, TYPES, sums_as_numbers
from qa.question import POSSESSIVE
from qa.tables import LETTERS, opens_a_sentence, tokenize

# Words that describe each kind of part (what a question calls the source); vocabulary, read as data
KIND_WORDS = {
    "inspection_report": "inspection report Ofsted inspectors inspected inspection " + " ".join(vocab.framework_words()),
    "minutes": "minutes meeting committee members councillors discussed asked agreed",
    "plan": "plan improvement plan priority action plan actions",
    "report": "report cabinet officer",
    "appendix": "appendix plan",
    "agenda": "agenda",
}
KINDS = ("inspection_report", "minutes", "plan", "report", "appendix", "agenda")
# Graph classes a paragraph may state: a question naming one ("what did they recommend") prefers it
CLASSES = ("Recommendation", "Finding", "Decision", "Commitment", "Priority", "PlannedAction", "Judgement",
           "DeclarationOfInterest", "Question", "Inspection")
FACT_KINDS = ("chair", "post", "lead", "due", "priority", "grade", "inspected", "published", "lead_inspector",
              "apologies", "present", "in_attendance", "link", "gaps", "due_list", "authorities", "plan", "summary", "improve",
              "graded_areas")

# What a sentence holds: the shapes of values an answer type asks for
_MONTH = "|".join(MONTH_NAMES)
_DATE = re.compile(rf"\b(?:19|20)\d\d[-/]\d\d(?:-\d\d)?\b|\b(?:{_MONTH})\b|\b(?:19|20)\d\d\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b")
_DAY = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH})\b|\b(?:{_MONTH})\s+\d{{1,2}}\b")
_DIGITS = r"(?<![\w.])(?<![A-Za-z]-)\d[\d,]*(?:\.\d+)?(?!\.\d)"
_COUNT_WORDS = "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million"
_NUMBER = re.compile(rf"{_DIGITS}|\b(?:{_COUNT_WORDS}|half|third|quarter|majority)\b", re.I)
MONEY = re.compile(r"[£$€]\s?\d|\b\d[\d,.]*\s?(?:k|m|bn|million|billion)\b", re.I)
PERCENT = re.compile(r"\d\s?(?:%|per ?cent)", re.I)
# A count: a figure that is no sum, share or part of a whole ("68% of children", "£2m", "the majority of"); what "How
# many …" asks for, where the other figures answer another question. A sum or a percentage is blanked whole first
_FIGURE = re.compile(rf"\d[\d,.]*\s?(?:%|per ?cent)|{MONEY.pattern}", re.I)
_COUNT = re.compile(rf"{_DIGITS}|\b(?:{_COUNT_WORDS})\b", re.I)
_GRADE = re.compile(r"\b(?:" + "|".join(re.escape(n) for t in vocab.GRADES.values() for n in vocab.written_names(t)) + r")\b",
                    re.I)
_HONORIFIC = re.compile(r"\b(?:Cllr|Councillor|Mr|Mrs|Ms|Miss|Dr|Professor|Sir|Dame)\.?\s+[A-Z]")
_REASON = re.compile(r"\b(?:because|due to|owing to|as a result|in order to|so that|the reason|reasons?|in response to|"
                     r"following|led to|caused)\b", re.I)
_SECTION_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3}){1,3}[a-z]?\s+(?=[A-Z])")
_QUALIFIED = re.compile(r"^\W*(?:However|But|Although|Despite|While|Whilst)\b")
_WORD = re.compile(r"\S+")
# A post a question asks about: a post's head word (``POST_WORDS``, one or several) with the word before it ("lead
# member", "case officer", "team inspectors")
_POST = re.compile(rf"(?i)(?<![\w'’-])(?:[a-z][\w-]*\s+)?(?:{'|'.join(POST_WORDS)})s?\b")
# How many words either side of a stated value the question's topic words count as what the value is of: "Bury has
# 85 foster carers" states the number of foster carers; a figure further off ("… with 18 young people currently
# remaining with their foster carers" for care leavers) is of something else. Six, not the value's clause: held out, the
# clause read worse at 0.8-0.95 declined (docs/qa-notebook.md, "A value beside what the question asks about")
NEAR_WORDS = 6


def naming_a_source(engine) -> frozenset[str]:
    """The tokens of the words that name a source rather than a topic: kinds of part ("inspection", "minutes",
    "Ofsted", …; ``KIND_WORDS``) and the papers' publishers. Remembered: every question and every brief reads them."""
    return engine.remembered("naming_a_source", None, lambda: frozenset(
        engine.label_tokens(" ".join(KIND_WORDS.values()))) | engine.publisher_words)


def topic_concepts(engine, q) -> set[str]:
    """The question's thesaurus concepts less those naming a source ("What did Ofsted say about the MASH?" names the
    concept Ofsted too, and a council's "we will respond to the Ofsted findings" is not about the MASH)."""
    naming = naming_a_source(engine)
    labels = {k: engine.thesaurus.label(k) for k in q.concepts} if engine.thesaurus else {}
    return {k for k, label in labels.items() if label and not set(engine.label_tokens(label)) <= naming}


def question_weights(engine, q, kinds: bool = False) -> tuple[dict[str, float], dict[str, float]]:
    """(idf weight of each of the question's tokens but the names it holds, in question order; the same for its
    topic: those tokens less the ones naming a source, a date, whose papers or, unless ``kinds``, the kind of answer
    asked — the answer types' own names, "date", "name", "number", "grade", which the answer-type classifier reads:
    "On what date was the 2023 report published?" is not about dates, and "Inspection dates: 6 to 17 March 2023" held
    its topic's word. What a two-part answer must still say keeps them: "… and what were the inspection dates?")."""
    named = {t for w in engine.names.words_named(q.text) for t in engine.tokenize(w)}
    weights = {t: engine.idf.get(t, engine.unseen_idf) for t in dict.fromkeys(engine.tokenize(q.text)) if t not in named}
    source = naming_a_source(engine) | set(engine.label_tokens(" ".join((*MONTH_NAMES, *(() if kinds else TYPES)))))
    return weights, {t: w for t, w in weights.items() if not t.isdigit() and t not in source}


def absence_rates(model):
    """token → the share of the fitted questions asking it whose evidence lacks it, shrunk towards the share over
    all words by ``strength`` questions' worth (a word few questions asked reads near the prior; without a table,
    every word reads 0: all absences alike, as ``rarest_absent`` reads them). The table is the fit's
    (``bench/fit_qa.py`` ``word_absence``), counted from labelled evidence, never written by hand."""
    table = getattr(model, "word_absence", None)
    if not table:
        return lambda token: 0.0
    prior, strength, counts = table["prior"], table["strength"], table["counts"]

    def rate(token: str) -> float:
        absent, asked = counts.get(token, (0, 0))
        return (absent + prior * strength) / (asked + strength)

    return rate


class QuestionView:
    """What every candidate of one question is compared with, computed once."""

    def __init__(self, engine, q, retrieved):
        self.q = q
        self.weights, self.topic = question_weights(engine, q)
        ordered = list(self.weights)
        self.topic_total = sum(self.topic.values()) or 1.0
        self.extra = set(engine.tokenize(" ".join(q.expansions + q.concept_labels))) - set(self.weights)
        self.total = sum(self.weights.values()) or 1.0
        self.pairs = set(zip(ordered, ordered[1:]))
        # the concepts a candidate should hold: not one naming a source ("Ofsted"), as its words are no topic word
        # (``question_weights``): an inspection's grade line does not write its inspectorate's name
        self.concepts = topic_concepts(engine, q)
        self.concept_weights = {k: 1.0 for k in self.concepts}
        self.kind_share = {k: _share(self.weights, set(engine.label_tokens(KIND_WORDS[k]))) for k in KINDS}
        rare = sorted(self.weights, key=self.weights.get, reverse=True)[:2]
        top = set().union(*(engine.paragraph_tokens(r.paragraph_id) for r in retrieved[:3])) if retrieved else set()
        self.rare_missing = float(bool(rare) and not any(t in top for t in rare))
        # how much of the topic no retrieved paragraph holds: a near-miss question ("the monthly membership fee of
        # the leisure centre") shares most of its words with the papers but not the words naming what it asks for
        pooled = set().union(*(engine.paragraph_tokens(r.paragraph_id) for r in retrieved)) if retrieved else set()
        self.pool_absent = 1.0 - self.topic_coverage(pooled)
        # each topic word's weight by how seldom right answers lack it: "many", "accord", "judgement" frame a
        # question and its evidence often lacks them, "deputy" names what is asked and its evidence holds it
        rates = absence_rates(engine.model)
        self.telling = {t: w * (1.0 - rates(t)) for t, w in self.topic.items()}
        self.unseen_share = _share(self.topic, {t for t in self.topic if t not in engine.idf})
        self.idf_ceiling = max(self.topic.values(), default=1.0) or 1.0
        self.max_bm25 = max((r.bm25 for r in retrieved), default=0.0) or 1.0
        self.by_paragraph = {r.paragraph_id: r for r in retrieved}
        self.values_asked = stated_values(engine, q.text)
        # a name the question does not hold, and that does not name a source (a council, "Ofsted"), is news
        # (as written and without a possessive: "Rutland's" in a question is "Rutland" in a report)
        written = {w.lower() for w in LETTERS.findall(q.text)}
        self.not_new = written | {POSSESSIVE.sub("", w) for w in written} | naming_a_source(engine)
        # the tokens of the names the question holds: a run holding one names what was asked about ("Rutland County
        # Council" for "Which neighbouring council delivers Rutland's adoption service?"), not news
        self.named = frozenset(q.names)
        self.checks = {
            "unknown_name": float(bool(q.unknown_names)),
            "missing_reference": float(bool(q.missing_references)),
            "missing_day": float(bool(q.missing_days)),
            "q_has_period": float(bool(q.periods)),
            "q_comparison": float(q.comparison),
            "q_reference": float(bool(q.notations or q.paragraphs)),
            "q_words": min(len(self.weights), 12) / 12,
        }
        asked = set(engine.tokenize(q.text))
        self.classes_named = {c for c in CLASSES if asked & set(engine.label_tokens(_words_of(c)))}
        self.types = answer_types(q)
        # the words of the posts the question names: the topic features do not read "member", "officer" or
        # "inspector" (they name a kind of source, ``naming_a_source``), so "the lead member" and "the lead inspector"
        # read alike to them
        self.post = frozenset(engine.tokenize(" ".join(m.group(0) for m in _POST.finditer(q.text))))
        self._paragraphs: dict[str, dict[str, float]] = {}

    def paragraph(self, engine, p, part) -> dict[str, float]:
        """The features of a candidate's paragraph for this question (its retrieval, coverage, source), computed once
        per paragraph: an unscoped question offers three statements of each inspection, cited from one paragraph."""
        found = self._paragraphs.get(p.id)
        if found is None:
            r = self.by_paragraph.get(p.id)
            para_tokens = engine.paragraph_tokens(p.id)
            found = self._paragraphs[p.id] = {
                "dense": r.dense if r and r.dense is not None else 0.0,
                "dense_missing": float(not r or r.dense is None),
                "bm25": (r.bm25 / self.max_bm25) if r else 0.0,
                "rank": 1.0 / r.rank if r else 0.0,
                "searches": (r.searches if r else 0) / 3,
                "retrieved": float(r is not None),
                "para_cover": self.coverage(para_tokens),
                "para_phrase": self.phrase_in(_bigrams(engine, p.text)),
                "topic_para": self.topic_coverage(para_tokens),
                "concepts_para": _share(self.concept_weights, engine.paragraph_concepts(p.id)),
                "source_match": sum(self.kind_share[k] for k in KINDS if k == part.kind),
                "source_words": self.coverage(engine.source_tokens(p.id)),
                "name_absent": _absent(self.q.names, engine.document_tokens.get(p.document_id, set())),
                "name_absent_para": _absent(self.q.names, para_tokens),
            }
        return found

    def coverage(self, present: set[str]) -> float:
        return sum(w for t, w in self.weights.items() if t in present) / self.total

    def topic_coverage(self, present: set[str]) -> float:
        return sum(w for t, w in self.topic.items() if t in present) / self.topic_total

    def phrase_in(self, bigrams: frozenset) -> float:
        """The share of the question's pairs of consecutive tokens a text holds, given its pairs."""
        return len(self.pairs & bigrams) / len(self.pairs) if self.pairs else 0.0


def _words_of(class_name: str) -> str:
    """"PlannedAction" → "Planned Action": a class's name read as words."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", class_name)


def _absent(names: tuple[str, ...], present: set[str]) -> float:
    """Share of the names a question holds that a text does not (a council or person it asks about)."""
    return sum(1 for n in names if n not in present) / len(names) if names else 0.0


def _share(weights: dict, present: set) -> float:
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in present) / total if total else 0.0


def shapes(engine, text: str) -> dict[str, float]:
    """Which kinds of value a text states (remembered per text: an unscoped question offers every inspection's
    dates and grades, the same statements for every such question, and seven searches a text cost 0.1 ms)."""
    return engine.remembered("shapes", text, lambda: _shapes(engine, text))


def _shapes(engine, text: str) -> dict[str, float]:
    people = engine.person_names
    undated = _DATE.sub(" ", text)  # a year is no figure asked for
    return {
        "person": float(bool(_HONORIFIC.search(text) or (people is not None and people.search(text)))),
        "date": 1.0 if _DAY.search(text) else 0.5 if _DATE.search(text) else 0.0,
        "number": float(bool(_NUMBER.search(undated))),
        "money": float(bool(MONEY.search(text))),
        "percent": float(bool(PERCENT.search(text))),
        "count": float(bool(_COUNT.search(_FIGURE.sub(" ", undated)))),
        "grade": float(bool(_GRADE.search(text))),
        "reason": float(bool(_REASON.search(text))),
    }


def stated_values(engine, text: str) -> dict[str, frozenset[str]]:
    """The dates (days, months, years), numbers and names (``qa.tables.capitalised_names``) a text states, as lower-case strings
    without thousands commas, remembered per text: compared with those of the question, they tell whether a text
    states a value it does not."""
    def values():
        def norm(found):
            return frozenset(re.sub(r"[,\s]+", " ", v).strip().lower() for v in found)

        dates = norm(_DAY.findall(text) + _DATE.findall(text))
        numbers = norm(_NUMBER.findall(_DATE.sub(" ", text)))
        names = engine.name_words
        stated = frozenset(w.lower() for w in LETTERS.findall(text) if w[0].isupper() and w.lower() in names)
        return {"date": dates, "number": frozenset(n.replace(" ", "") for n in numbers), "name": stated}

    return engine.remembered("stated_values", text, values)


# A run of capitalised words, joined by at most one small word each ("Together for Adoption", "Families First",
# "Signs of Safety") or closed by a number ("Team 8"): how a body, service or programme is named in running text,
# whether or not its words are also ordinary words elsewhere (``qa.tables.capitalised_names`` reads single words never
# written in lower case, and missed 68 of the 158 names training questions ask for)
_CAPITAL = r"[A-Z][A-Za-z'’&-]*"
_JOINING = ("of", "for", "and", "the", "in", "on", "at")
_NAME_RUN = re.compile(rf"\b{_CAPITAL}(?:\s+(?:(?:{'|'.join(_JOINING)}|&)\s+)?(?:{_CAPITAL}|\d+\b))+")
_MONTH_WORDS = frozenset(m.lower() for m in MONTH_NAMES)
_LETTER = re.compile(r"[a-z]")
# A short span in quotation marks: how a report names a team, panel, programme or document in words it does not
# capitalise ("return home interviews, called ‘missing catch-ups’", "the ‘gateway’ panel"). An opening mark follows
# no letter and a closing one precedes none, so the apostrophes of "children's" and "services'" open and close nothing
# (and one inside a span, "“Let's Do it for Children Plan”", closes nothing)
_QUOTED = re.compile(r"(?<![\w’'])[‘“\"'](?=\S)((?:[^‘’“”\"'\n]|['’](?=[a-z])){1,60}?)(?<=\S)[’”\"'](?!\w)")
QUOTED_WORDS = 6  # longer quoted spans are what someone said ("‘I feel safe here’"), not a name


def name_runs(text: str) -> frozenset[tuple[str, ...]]:
    """The lower-cased words (small joining words aside) of each run of capitalised words ``text`` writes
    (``_NAME_RUN``), and of each short span it quotes (``_QUOTED``: a name in lower case, "‘missing catch-ups’"). A run
    opening a sentence, line or cell counts when a second word of it is capitalised or it holds a number: its first
    word may be capitalised for its place alone ("Children in care …")."""
    runs = set()
    for m in _QUOTED.finditer(text):
        tokens = _name_words(m.group(1))
        if 0 < len(tokens) <= QUOTED_WORDS:
            runs.add(tuple(t.lower() for t in tokens if t.lower() not in _JOINING))
    for m in _NAME_RUN.finditer(text):
        tokens = _name_words(m.group(0))
        placed = opens_a_sentence(text, m.start())
        if placed and sum(t[0].isupper() for t in tokens) < 2 and not any(t.isdigit() for t in tokens):
            continue
        runs.add(tuple(t.lower() for t in tokens if t.lower() not in _JOINING))
    return frozenset(runs)


def _name_words(span: str) -> list[str]:
    """The words of a name, without a quotation mark closing one ("‘The Cocoon’" → "The", "Cocoon")."""
    return [w for w in (t.rstrip("'’") for t in re.findall(r"[A-Za-z0-9'’&-]+", span)) if w]


def value_layout(engine, text: str) -> dict[str, tuple[tuple[str, frozenset[str]], ...]]:
    """For each kind of value — person, date, number — what ``text`` states of it: each value (as ``stated_values``
    writes it) with the tokens of the words within ``NEAR_WORDS`` of it. Remembered per text: at 251 reports an
    unscoped question offers thousands of candidates, and only which values the question holds changes."""
    def layout():
        words = list(_WORD.finditer(text))
        starts = [m.start() for m in words]
        tokens = [_word_tokens(m.group(0)) for m in words]

        def beside(m) -> frozenset[str]:
            i = max(0, bisect.bisect_right(starts, m.start()) - 1)
            return frozenset().union(*tokens[max(0, i - NEAR_WORDS):i + NEAR_WORDS + 1])

        def found(pattern, within=text, joined=False):
            def value(m) -> str:
                written = re.sub(r"[,\s]+", " ", m.group(0)).strip().lower()
                return written.replace(" ", "") if joined else written

            return tuple((value(m), beside(m)) for m in pattern.finditer(within))

        people = engine.person_names
        blank_dates = _DATE.sub(lambda m: " " * len(m.group(0)), text)
        return {"person": found(_HONORIFIC) + (found(people) if people is not None else ()),
                "date": found(_DAY) + found(_DATE), "number": found(_NUMBER, blank_dates, joined=True)}

    return engine.remembered("value_layout", text, layout)


@lru_cache(maxsize=1 << 16)
def _word_tokens(word: str) -> frozenset[str]:
    """The tokens of one word (``qa.tables.tokenize``, a pure function), remembered: ``value_layout`` reads every word
    of every candidate apart, and tokenizing each was about a seventh of a question's features (profiled)."""
    return frozenset(tokenize(word))


def _near_value(view, layout, kind: str) -> float:
    """The share of the question's topic (by idf) within ``NEAR_WORDS`` words of a value of ``kind`` the text states
    and the question does not: whether the text states the asked kind of value *of* what the question is about."""
    asked = view.values_asked.get(kind, frozenset())
    beside = [tokens for value, tokens in layout[kind] if value not in asked]
    return view.topic_coverage(frozenset().union(*beside)) if beside else 0.0


def _before(engine, c) -> set[str]:
    """The tokens of the sentence before a quoted one (a question's words there, the answer here: "… asked whether
    X. The panel was unable to …")."""
    if c.sentence is None or c.sentence.index == 0:
        return set()
    previous = engine.sentences(c.paragraph_id)[c.sentence.index - 1]
    return set(engine.tokens(previous.text))


def _period(view, p, dates: tuple[str, ...]) -> dict[str, float]:
    """The candidate's paper is of the question's period (by any of its ``dates``: ``Engine.part_dates``), names its
    year, or was written before it (by all of them)."""
    q = view.q
    if not q.periods:
        return {"in_period": 0.0, "names_year": 0.0, "written_before": 0.0}
    where = p.text + " " + " ".join(p.heading_path)
    names = any(str(y) in where for y in q.years)
    before = bool(dates) and max(d[:10] for d in dates) < q.periods[0][0] and not names
    in_period = q.in_period(*dates)
    return {"in_period": float(in_period), "names_year": float(names), "written_before": float(before)}


def _bigrams(engine, text: str) -> frozenset:
    """The text's pairs of consecutive tokens, remembered (a paragraph is compared with every question that offers
    one of its sentences or facts)."""
    def pairs():
        ordered = engine.tokens(text)
        return frozenset(zip(ordered, ordered[1:]))

    return engine.remembered("bigrams", text, pairs)


def _static(engine, c, p, part) -> tuple[dict[str, float], dict[str, float], set[str]]:
    """What no question changes in a candidate's features: what it is and where, the values it states, the graph
    classes its paragraph states; with the values held and those classes, which the question's features use.
    Remembered per candidate: an unscoped question offers every inspection's statements, the same each time."""
    key = (c.kind, c.value, c.text, c.paragraph_id, c.sentence.index if c.sentence is not None else None)
    return engine.remembered("static_features", key, lambda: _static_features(engine, c, p, part))


def _static_features(engine, c, p, part) -> tuple[dict[str, float], dict[str, float], set[str]]:
    shape = shapes(engine, c.text)
    is_fact = c.kind != "sentence"
    f = {
        "graph_support": min(engine.paragraph_facts.get(c.paragraph_id, 0), 5) / 5,
        "first_sentence": float(c.sentence is not None and c.sentence.index == 0),
        "table_row": float(p.kind == "table_row"),
        "heading": float(p.kind == "heading"),
        "length": min(math.log1p(len(c.text)) / 6, 1.5),
        "ends_colon": float(c.text.rstrip().endswith(":")),
        "qualified": float(bool(_QUALIFIED.match(c.text))),
        # a sentence that asks (a question put at a meeting, "Question 6: How many …? Kiera Delaney.") quotes the
        # question, not its answer
        "asks": float(not is_fact and "?" in c.text),
        "is_fact": float(is_fact),
    }
    for k in KINDS:
        f[f"kind_{k}"] = float(part.kind == k)
    held = {"person": shape["person"], "date": shape["date"], "number": max(shape["number"], shape["money"], shape["percent"]),
            "grade": shape["grade"]}
    if is_fact:
        held = {v: float(c.value == v) for v in ("person", "date", "number", "grade")}
    for v in ("person", "date", "number", "grade"):
        f[f"holds_{v}"] = held[v]
    # a sum: what a question asking for money wants, where any figure ("two specialist workers") answers a count
    f["holds_money"] = 0.0 if is_fact else shape["money"]
    # a percentage: what a question asking for a share wants, where a count ("12 care leavers") answers none
    f["holds_percent"] = 0.0 if is_fact else shape["percent"]
    # a count: what "How many …" asks for, where a share or a sum ("68% of children looked after …") answers another
    f["holds_count"] = held["number"] if is_fact else shape["count"]
    f["reason"] = shape["reason"]
    for k in FACT_KINDS:
        f[f"fact_{k}"] = float(c.kind == k)
    stated = engine.paragraph_classes(c.paragraph_id)
    for k in CLASSES:
        f[f"states_{k}"] = float(k in stated)
    return f, held, stated


def _untyped(engine, view: QuestionView, c) -> tuple[dict[str, float], tuple]:
    """The features of one candidate that do not read the question's answer types, and the two things ``typed`` reads
    beside them: (the candidate's value, whether it states a name the question does not hold)."""
    p = engine.paragraph(c.paragraph_id)
    part = engine.part_of(p)
    static, held, stated = _static(engine, c, p, part)
    para_tokens = engine.paragraph_tokens(c.paragraph_id)
    ordered = engine.tokens(c.text)
    text_tokens = set(ordered)
    is_fact = c.kind != "sentence"
    f = {
        **view.paragraph(engine, p, part),
        "text_cover": view.coverage(text_tokens),
        "text_phrase": view.phrase_in(_bigrams(engine, c.text)),
        "topic_text": view.topic_coverage(text_tokens),
        "topic_density": sum(w for t, w in view.topic.items() if t in text_tokens) / math.sqrt(len(ordered) + 4),
        "topic_before": view.topic_coverage(_before(engine, c)),
        "extra_cover": float(bool(view.extra & (text_tokens | para_tokens))),
        "novelty": sum(1 for t in text_tokens if t not in view.weights) / max(len(text_tokens), 1),
        "concepts_text": _share(view.concept_weights, engine.text_concepts(c.text)),
        "fact_match": c.match,
        "fact_exact": float(c.exact),
        "fact_relation": c.relation,
        # a statement goes by its item's day (and its report's publication); a sentence by its paper's
        **_period(view, p, (c.date,) + engine.dates_of(p)[1:] if is_fact and c.date else engine.dates_of(p)),
        **view.checks,
        "rare_missing": view.rare_missing,
        "pool_absent": view.pool_absent,
        "unseen_words": view.unseen_share,
        # the rarest topic word the candidate (its sentence and paragraph) lacks, relative to the question's rarest
        "rarest_absent": max((w for t, w in view.topic.items() if t not in text_tokens and t not in para_tokens),
                             default=0.0) / view.idf_ceiling,
        "topic_absent_text": sum(1 for t in view.topic if t not in text_tokens and t not in para_tokens) / 5,
        # the same, each word weighed by how seldom the evidence of a right answer lacks it
        "telling_absent": max((w for t, w in view.telling.items() if t not in text_tokens and t not in para_tokens),
                              default=0.0) / view.idf_ceiling,
    }
    f.update(static)
    # a value the question itself holds answers nothing ("How many 16 and 17 year olds …" against "… 16- and 17-
    # year-olds who present as homeless"): the asked kind of value, stated and not already in the question
    if is_fact:
        # a statement's value, or a count it states ("41 findings … have no linked priority", "2 planned actions are
        # due by June 2024"); not its dates, which every statement of an inspection carries
        counted = bool(stated_values(engine, c.text)["number"] - view.values_asked["number"])
        fresh = {"date": held["date"], "number": max(held["number"], float(counted)), "name": held["person"]}
        f["new_name_run"] = 0.0  # a statement's value is its fact's: a name there is ``fresh["name"]``
    else:
        stated_here = stated_values(engine, _unnumbered(c))
        fresh = {v: float(bool(stated_here[v] - view.values_asked[v])) for v in ("date", "number")}
        fresh["name"] = float(any(w not in view.not_new and not set(engine.tokenize(w)) & view.not_new
                                  for w in stated_here["name"]))
        # a run naming something the question does not: one of its words ("6into7", not "8" of "Team 8") is neither
        # the question's nor a month's
        f["new_name_run"] = float(any(
            any(_LETTER.search(w) and w not in view.not_new and w not in _MONTH_WORDS for w in run)
            and view.named.isdisjoint(frozenset().union(*map(_word_tokens, run)))
            for run in engine.remembered("name_runs", c.text, lambda: name_runs(c.text))))
    for v in ("date", "number"):
        f[f"new_{v}"] = fresh[v]
    layout = value_layout(engine, _unnumbered(c))
    near = {v: _near_value(view, layout, v) for v in ("person", "date", "number")}
    for v in near:
        f[f"near_{v}"] = near[v]
    f["class_named"] = float(bool(stated & view.classes_named))
    # the question's thesaurus concepts the candidate holds in its words or its paragraph: a fact about another
    # role or topic than the one asked ("the lead inspector" for "the director of children's services") holds none
    held_concepts = engine.text_concepts(c.text) | engine.paragraph_concepts(c.paragraph_id)
    f["concepts_held"] = _share(view.concept_weights, held_concepts) if view.concepts else 1.0
    # the share of the asked post's words the candidate states: whether the person it names holds the post asked
    # about ("Lead inspector: …" for "Who is the lead member …?" holds half)
    f["post_held"] = len(view.post & text_tokens) / len(view.post) if view.post else 1.0
    return f, (c.value, fresh["name"])


def typed(f: dict[str, float], value: str | None, new_name: float, t: dict[str, float]) -> dict[str, float]:
    """The features of one candidate that read the question's answer-type probabilities ``t``: the value it states
    (``f``'s ``holds_*``, ``new_*`` and ``near_*``, the candidate's ``value``, and ``new_name``, a name it states that
    the question does not hold) against the value the question's type asks for. Apart from the rest (``_untyped``)
    because they are all that differs when a question is read with another fold's answer types (``bench/fit_qa.py``)."""
    out = {}
    for v in ("person", "date", "number", "grade"):
        out[f"type_{v}"] = t[v] * f[f"holds_{v}"]
        out[f"asks_{v}"] = t[v]
    out["type_topic"] = t["topic"] * float(not f["is_fact"] or value == "topic")  # a quote, or an inspection's summary
    out["type_list"] = t["list"] * float(value == "list")
    out["asks_list"] = t["list"]
    out["type_text"] = t["text"] * (1.0 - max(f[f"holds_{v}"] for v in ("person", "date", "number", "grade")))
    for v in ("date", "number"):
        out[f"type_new_{v}"] = t[v] * f[f"new_{v}"]
    # a name the question does not hold: "Which company …", "Who chairs …" are answered by a sentence naming one
    out["type_new_name"] = t["person"] * new_name
    # the same for the name of a body, service or programme ("Which regional adoption agency …"): a sentence that
    # only describes it ("children are supported by independent advocacy") names none
    out["type_name"] = t["name"] * new_name
    out["type_name_run"] = t["name"] * max(new_name, f["new_name_run"])
    out["asks_name"] = t["name"]
    out["type_near"] = sum(t[v] * f[f"near_{v}"] for v in ("person", "date", "number"))
    # a sum asked for ("How much did … get from the innovation fund?") and whether the candidate states one: the
    # features above read a sum as a number, as a count is
    out["type_money"] = t["money"] * f["holds_money"]
    out["asks_money"] = t["money"]
    # the same for a share ("What percentage of care leavers are in education, employment or training?"): "The
    # majority of care leavers are …" states no percentage
    out["type_share"] = t["share"] * f["holds_percent"]
    out["asks_share"] = t["share"]
    # a figure neither a sum nor a share asked for (a count, a rate, a length of time) and whether the candidate
    # states one: the folded number above reads a percentage as a count
    out["type_count"] = max(t["number"] - t["money"] - t["share"], 0.0) * f["holds_count"]
    return out


def _unnumbered(c) -> str:
    """The candidate's text without its paragraph's own number in front ("1.5 Defibrillators are …"): a paragraph's
    number is where it sits in the paper, not a figure it states. A label the segmenter read is already outside the
    text; this is a section number ("1.5", "4.2a") left opening it (a numbered paragraph extracted as a list item)."""
    if c.sentence is None or c.sentence.index != 0:
        return c.text
    return _SECTION_NUMBER.sub("", c.text, count=1)


# Each measure's pool best is a question-level feature: best_in_period says whether anything found is of the asked
# period, best_type_new_number whether anything states a figure the question does not already hold
RELATIVE = ("text_cover", "para_cover", "dense", "bm25", "fact_match", "text_phrase", "topic_text", "topic_para",
            "topic_density", "rarest_absent", "in_period", "names_year", "type_new_number", "type_new_date",
            "concepts_held", "post_held", "type_near", "type_new_name", "type_name", "type_name_run")


def answer_types(q) -> dict[str, float]:
    """The question's probability of each answer type (0 for a type its reading lacks). A sum and a share are numbers
    too: every feature but ``type_money`` and ``type_share`` reads them as one figure asked for."""
    types = {v: q.types.get(v, 0.0) for v in TYPES}
    return {**sums_as_numbers(types), **{t: types[t] for t in FIGURES}}


def table(engine, q, retrieved, candidates) -> list[dict]:
    """The feature rows of a question's candidates, with each key measure also taken relative to the pool's best
    (a candidate is judged against the others it competes with) and the pool's best itself (how well anything
    in the papers meets the question: answerability)."""
    return typed_table(untyped_table(engine, q, retrieved, candidates), answer_types(q))


def untyped_table(engine, q, retrieved, candidates) -> list[tuple[dict[str, float], tuple]]:
    """Each candidate's features that do not read the answer types, with the rest ``typed`` reads (``_untyped``)."""
    view = QuestionView(engine, q, retrieved)
    return [_untyped(engine, view, c) for c in candidates]


def typed_table(untyped: list[tuple[dict[str, float], tuple]], types: dict[str, float]) -> list[dict]:
    """``table``'s rows from ``untyped_table``'s and the question's ``answer_types``."""
    rows = [{**f, **typed(f, *rest, types)} for f, rest in untyped]
    for name in RELATIVE:
        best = max((row[name] for row in rows), default=0.0)
        rel, best_name = f"rel_{name}", f"best_{name}"
        for row in rows:
            row[rel] = row[name] - best
            row[best_name] = best
    return rows
