"""Reading a question: the period, references and days it names, whose papers, its topic words and answer type.

Nothing here recognises a wording. Years and month names become a period; numbered references
("1.10", "6.1a", "para 17", "priority action 6") become look-up keys; a council the manifest knows
scopes the papers; the answer type comes from a small fitted classifier (``qa.answer_type``) over
the question's embedding. What the question asks is then left to the ranker's features.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from councilkg.dates import MONTHS, Period, spell_months
from qa.answer_type import sums_as_numbers

POSSESSIVE = re.compile(r"['’]s?$")  # "Rutland's", "services'": a name's possessive ending

MAX_QUESTION_CHARS = 2000

_MONTH_RE = "|".join(MONTHS)
_MONTH_ABBR = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\s?(?:st|nd|rd|th)?\s*(?:of\s+)?{_MONTH_ABBR}(?![a-z])", re.I)
_MONTH_DAY = re.compile(rf"\b{_MONTH_ABBR}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.I)
_NUMERIC_DAY = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](?:\d{4}|\d{2})\b")
_YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)(?:\s*[-/–]\s*(\d{2}|20[0-4]\d))?\b")
_MONTH_YEAR = re.compile(rf"\b({_MONTH_RE})\s+(20[0-4]\d)\b", re.I)
_MONTH_RANGE = re.compile(rf"\b({_MONTH_RE})\s*(?:-|–|—|/|to|until)\s*({_MONTH_RE})\s+(20[0-4]\d)\b", re.I)
# A bound on dates: "due by June 2024", "since 2014", "before 2020"
_UPTO = re.compile(rf"\b(?:by|before|until|up to|no later than)\s+(?:the end of\s+)?(?:(?:{_MONTH_RE})\s+)?(?:19|20)\d\d\b", re.I)
_SINCE = re.compile(rf"\b(?:since|after|from)\s+(?:(?:{_MONTH_RE})\s+)?(?:19|20)\d\d\b", re.I)
# Numbered references: notations of plans, inspection paragraphs, priority actions, areas for improvement
# (public: the fit moves a question's references to make its missing-reference twins, bench/fit_qa.py)
NOTATION = re.compile(r"(?<![£$€\d.])\b(\d{1,2}\.\d{1,2}[a-z]?)(?![\d.]*\d)\b", re.I)
_PRIORITY_ACTION = re.compile(r"\bpriority\s+(?:action|area)\s+(\d{1,2})\b", re.I)
_AFI = re.compile(r"\barea\s+for\s+improvement\s+(\d{1,2})\b", re.I)
_PARA = re.compile(r"\bpara(?:graph)?s?\.?\s*(\d{1,3})\b", re.I)
_NAME = re.compile(r"(?<=[a-z,;:]\s)([A-Z][a-z]+(?:['’]s)?)(?![A-Za-z])")


def days_mentioned(text: str) -> set[tuple[int, int]]:
    """(day, month) of every date a text writes ("15 October", "Oct 15th", "15/10/2025")."""
    def month(name: str) -> int:
        return next(i for m, i in MONTHS.items() if m.startswith(name.lower()[:3]))

    days = {(int(d), month(m)) for d, m in _DAY_MONTH.findall(text)}
    days |= {(int(d), month(m)) for m, d in _MONTH_DAY.findall(text)}
    days |= {(int(d), int(m)) for d, m in _NUMERIC_DAY.findall(text) if 1 <= int(m) <= 12}
    return {(d, m) for d, m in days if 1 <= d <= 31}


@dataclass(frozen=True)
class Question:
    """A question as the candidate pool and the ranker read it."""

    text: str
    periods: tuple[tuple[str, str], ...] = ()   # one (from, to) per year or month named, oldest first
    date_from: str | None = None                 # the span of all named periods
    date_to: str | None = None
    due_by: str | None = None                    # "by June 2024": an upper bound, not a period
    since: str | None = None                     # "since 2014": a lower bound
    notations: tuple[str, ...] = ()              # "1.10", "6.1a", "PA6", "AFI2"
    paragraphs: tuple[int, ...] = ()             # "para 17"
    days: tuple[tuple[int, int], ...] = ()
    documents: tuple[str, ...] = ()              # the papers of a council the question names
    expansions: tuple[str, ...] = ()             # abbreviations the papers define for terms it spells out
    concepts: tuple[str, ...] = ()               # thesaurus concepts the question names
    concept_labels: tuple[str, ...] = ()         # their other labels ("CLA", "looked after children", …)
    types: dict = field(default_factory=dict)    # answer type → probability
    names: tuple[str, ...] = ()                  # tokens of the capitalised words (places, bodies, people) it names
    unknown_names: tuple[str, ...] = ()          # capitalised words no paper holds
    missing_references: tuple[str, ...] = ()     # references no paper in scope holds
    missing_days: tuple[tuple[int, int], ...] = ()
    truncated: bool = False

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({int(p[0][:4]) for p in self.periods}))

    def in_period(self, *dates) -> bool:
        """One of ``dates`` lies in a period the question names, or in a year it names."""
        days = [str(d)[:10] for d in dates if d]
        return any(any(a <= day <= b for a, b in self.periods) or int(day[:4]) in self.years for day in days)

    @property
    def comparison(self) -> bool:
        """Two or more periods: a question about change answers one statement per period."""
        return len({p[0][:4] for p in self.periods}) >= 2 and not (self.due_by or self.since)

    def type_of(self) -> str:
        """The likeliest answer type, a sum read as a number: what is quoted beside a figure, and the answer's JSON
        ``answer_type``, treat every figure alike; only the ranker's features tell a sum from a count."""
        if not self.types:
            return "text"
        folded = sums_as_numbers(self.types)
        return max(folded, key=folded.get)


def periods_of(text: str) -> list[tuple[str, str]]:
    """(from, to) for each month-year, run of months ("October-November 2021") and year a text names ("2023-24" is a
    financial year)."""
    periods, years, ranges = [], set(), []
    for m in _MONTH_RANGE.finditer(text):  # "October-November 2021": one period over both months
        first, last, year = MONTHS[m.group(1).lower()], MONTHS[m.group(2).lower()], int(m.group(3))
        if first < last:
            periods.append((Period.month(year, first).start.isoformat(), Period.month(year, last).end.isoformat()))
            years.add(year)
            ranges.append(m.span())
    for m in _MONTH_YEAR.finditer(text):
        if any(a <= m.start() < b for a, b in ranges):
            continue
        month, year = MONTHS[m.group(1).lower()], int(m.group(2))
        month_period = Period.month(year, month)
        periods.append((month_period.start.isoformat(), month_period.end.isoformat()))
        years.add(year)
    for m in _YEAR.finditer(text):
        y = int(m.group(1))
        if y in years:
            continue
        y2 = m.group(2) and (int(m.group(2)) if len(m.group(2)) == 4 else (y // 100) * 100 + int(m.group(2)))
        years.add(y)
        periods.append((f"{y}-04-01", f"{y2 + 1}-03-31") if y2 == y + 1 else (f"{y}-01-01", f"{y}-12-31"))
    return sorted(set(periods))


def references(text: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """(notations, paragraph numbers) a question names."""
    notations = [m.group(1).lower() for m in NOTATION.finditer(text)]
    notations += [f"PA{m.group(1)}" for m in _PRIORITY_ACTION.finditer(text)]
    notations += [f"AFI{m.group(1)}" for m in _AFI.finditer(text)]
    return tuple(dict.fromkeys(notations)), tuple(int(m.group(1)) for m in _PARA.finditer(text))


def short_form(word: str, names: frozenset[str]) -> bool:
    """Whether ``word`` is a name the papers hold written short, as a county's is: its stem a prefix of the name and
    its closing "s" later in it, past the letter after the stem ("Lincs" for Lincolnshire, "Glos" for Gloucestershire,
    "Leics"; not "Derbys", which reads as "Thames" would beside "Thamesmead"). A name no paper holds ("Rochdale",
    "Derby's" beside Derbyshire's report) is none."""
    w = POSSESSIVE.sub("", word).lower()
    stem = w[:-1]
    return len(w) >= 4 and w.endswith("s") and any(
        n.startswith(stem) and "s" in n[len(w):] for n in names if len(n) > len(w))


def read(engine, question: str) -> Question:
    """The Question ``engine`` answers: dates, references, scope, thesaurus concepts, checks and answer type."""
    text = " ".join(str(question).split())
    truncated = len(text) > MAX_QUESTION_CHARS
    text = spell_months(text[:MAX_QUESTION_CHARS])
    periods = periods_of(text)
    bounded = [(p, _UPTO.search(text), _SINCE.search(text)) for p in periods]
    due_by = max((p[1] for p, upto, _ in bounded if upto and p[0][:4] in upto.group(0)), default=None)
    since = min((p[0] for p, _, after in bounded if after and p[0][:4] in after.group(0)), default=None)
    notations, paragraphs = references(text)
    documents = engine.names.documents_named(text)
    docs = documents or tuple(engine.docs)
    days = tuple(sorted(days_mentioned(text)))
    missing_refs = tuple(n for n in notations if not n.startswith(("PA", "AFI")) and not any(
        set(engine.tokenize(n)) <= engine.document_tokens[d] for d in docs))
    named = [(m.group(1), engine.tokenize(m.group(1))) for m in _NAME.finditer(text)]
    unknown = tuple(word for word, tokens in named if tokens and all(t not in engine.idf for t in tokens)
                    and not short_form(word, engine.name_words))
    names = tuple(dict.fromkeys(t for _, tokens in named for t in tokens if t in engine.idf))
    expansions = tuple(engine.expansions(text))
    q = Question(
        text=text, periods=tuple(periods), date_from=min((p[0] for p in periods), default=None),
        date_to=max((p[1] for p in periods), default=None), due_by=due_by, since=since, notations=notations,
        paragraphs=paragraphs, days=days, documents=documents, expansions=expansions,
        concepts=tuple(engine.thesaurus.concepts(text)) if engine.thesaurus else (),
        concept_labels=tuple(engine.concept_labels(text)),
        names=names, unknown_names=unknown, missing_references=missing_refs,
        missing_days=tuple(d for d in days if not any(d in engine.document_days[doc] for doc in docs)),
        truncated=truncated)
    from qa.answer_type import predict

    return _with_types(q, predict(engine, text))


def _with_types(q: Question, types: dict) -> Question:
    from dataclasses import replace

    return replace(q, types=types)
