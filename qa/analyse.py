"""Question analysis: the sources, dates, references and intent a question names.

Everything here reads the question's wording generically (source words, years, month names,
numbered references, question words); nothing names a document or a dev question.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from councilkg.dates import MONTH_NAMES, MONTHS, Period

MAX_QUESTION_CHARS = 2000  # longer questions are cut (after analysis of the first part), not refused

_MONTH_RE = "|".join(m.lower() for m in MONTH_NAMES)  # full names only
# A day of a month as papers and questions write it: "15 October", "15th Oct", "October 15", "15.10.2025", "15/10/25"
_MONTH_ABBR = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\s?(?:st|nd|rd|th)?\s*(?:of\s+)?{_MONTH_ABBR}(?![a-z])", re.I)
_MONTH_DAY = re.compile(rf"\b{_MONTH_ABBR}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.I)
_NUMERIC_DAY = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](?:\d{4}|\d{2})\b")


def days_mentioned(text: str) -> set[tuple[int, int]]:
    """(day, month) of every date a text writes."""
    def month(name: str) -> int:
        return next(i for m, i in MONTHS.items() if m.startswith(name.lower()[:3]))

    days = {(int(d), month(m)) for d, m in _DAY_MONTH.findall(text)}
    days |= {(int(d), month(m)) for m, d in _MONTH_DAY.findall(text)}
    days |= {(int(d), int(m)) for d, m in _NUMERIC_DAY.findall(text) if 1 <= int(m) <= 12}
    return {(d, m) for d, m in days if 1 <= d <= 31}


# Source words → preferred part kinds (a soft preference unless the caller passes kinds)
SOURCES: list[tuple[re.Pattern, tuple[str, ...], str]] = [
    (re.compile(r"\b(ofsted|inspectors?|inspection|ilacs|cqc)\b", re.I),
     ("inspection_report",), "inspection"),
    (re.compile(r"\b(send inspection|area send|local area send)\b", re.I),
     ("inspection_report", "report", "plan"), "send"),
    (re.compile(r"\b(minutes|the committee|scrutiny committee|members (?:asked|agreed|noted)|councillors?)\b", re.I),
     ("minutes",), "minutes"),
    (re.compile(r"\b(improvement plan|priority impact plan|action plan|the plan)\b", re.I),
     ("plan", "appendix", "report"), "plan"),
    (re.compile(r"\b(cabinet report|report to cabinet)\b", re.I), ("report",), "report"),
]

# An inspection still to come: what the inspectors will do is a topic of the council's papers, not their report
_COMING_INSPECTION = re.compile(r"\b(?:expected|due|will|next|planned|going to|scheduled)\b[^?]{0,50}?"
                                r"\b(?:visit\w*|inspect\w*|re-?inspect\w*|return\w*|come back)\b", re.I)
_YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)(?:\s*[-/–]\s*(\d{2}|20[0-4]\d))?\b")
_MONTH_YEAR = re.compile(rf"\b({_MONTH_RE})\s+(20[0-4]\d)\b", re.I)
_COMPARE = re.compile(r"\b(change[sd]?|compare[sd]?|comparison|differ|progress(?:ed)?|improve[sd]?|over time|since)\b", re.I)
_PRIORITY = re.compile(r"\b(?:priority\s+)?(\d{1,2}\.\d{1,2})(?![\d.]*\d)([a-z])?\b", re.I)
_ACTION = re.compile(r"\b(\d{1,2}\.\d{1,2}[a-z])\b", re.I)
_PRIORITY_ACTION = re.compile(r"\bpriority\s+(?:action|area)\s+(\d{1,2})\b", re.I)
_AFI = re.compile(r"\barea\s+for\s+improvement\s+(\d{1,2})\b", re.I)
_PARA = re.compile(r"\bpara(?:graph)?\.?\s*(\d{1,3})\b", re.I)

INTENTS: list[tuple[str, re.Pattern]] = [
    ("chair", re.compile(r"\bwho\b.*\b(chair(?:s|ed|ing|man|woman|person)?|chaired)\b|^\s*(?:who|name)\b.*\bchair(?:ed)? (?:of|by)\b", re.I)),
    ("lead", re.compile(r"\b(?:who|which (?:officer|person|manager|lead|role))\b.*\b(leads?|led|lead officer|responsible|owns?)\b|"
                        r"\b(lead|leads) (?:for|on)\b", re.I)),
    ("grade", re.compile(r"\b(grade[sd]?|judge(?:d|ment)s?|rated|what rating|rating (?:did|was|were|given|awarded)|verdict|conclu(?:de|ded|sion)|outcome of the inspection|"
                         r"overall (?:finding|outcome|conclusion|effectiveness)|how well (?:did|does|do|was|were|is|are|has|have))\b", re.I)),
    ("due", re.compile(r"\bby when\b|\bdeadline\b|\bdue\b|\bwhen (?:will|is|are|should|must)\b.*\b(published|completed?|done|delivered|finished|confirmed|in place|ready)\b", re.I)),
    ("which_priority", re.compile(r"\bwhich (?:improvement )?(?:priority|priorities|action)\b|\bpriority (?:deals|addresses|covers)\b", re.I)),
    ("recommend", re.compile(r"\brecommend(?:s|ed|ation|ations)?\b", re.I)),
    ("decided", re.compile(r"\b(decid\w*|agree[ds]?|resolv\w*|resolution|approv\w*)\b", re.I)),
    ("attendance", re.compile(r"\bapolog\w*|\b(?:who|which \w+(?: \w+)?) (?:attended|was present|were present|"
                              r"was absent|were absent|sent apologies|(?:was|were) away|(?:was|were) missing|"
                              r"(?:did not|didn't|could not|couldn't) attend)\b|\bin attendance\b", re.I)),
    ("who", re.compile(r"^\s*who\b", re.I)),
    ("when", re.compile(r"^\s*when\b|\bwhat (?:date|dates|period|time ?frame)\b|\bwhich dates\b", re.I)),
]


@dataclass(frozen=True)
class Analysis:
    """What the question asks for, as filters and look-up keys."""

    text: str                                   # the question as searched (trimmed)
    source: str | None = None                   # inspection | send | minutes | plan | report
    prefer_kinds: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    comparison: bool = False
    periods: tuple[tuple[str, str], ...] = ()   # one (from, to) per named period, oldest first
    notations: tuple[str, ...] = ()             # "1.10", "6.1a"
    priority_actions: tuple[int, ...] = ()      # "Priority Action 6"
    areas_for_improvement: tuple[int, ...] = ()
    paragraphs: tuple[int, ...] = ()            # "para 17"
    intents: tuple[str, ...] = ()
    truncated: bool = False
    expansions: tuple[str, ...] = ()            # corpus-defined abbreviations of terms the question spells out
    documents: tuple[str, ...] = ()             # the papers of the council (publisher) the question names
    notes: tuple[str, ...] = field(default=())


def _year_range(y: int, y2: int | None) -> tuple[str, str]:
    if y2 is None:
        return f"{y}-01-01", f"{y}-12-31"
    # "2023-24": a financial or academic year, reported during and just after it
    return f"{y}-04-01", f"{y2 + 1}-03-31"


def analyse(question: str) -> Analysis:
    """Read sources, dates, references and intents from ``question``."""
    text = " ".join(question.split())
    truncated = len(text) > MAX_QUESTION_CHARS
    text = text[:MAX_QUESTION_CHARS]

    # Source named → preferred part kinds (first match wins)
    source, kinds = None, ()
    for pattern, part_kinds, name in SOURCES:
        if name == "inspection" and _COMING_INSPECTION.search(text):
            continue  # "when is Ofsted expected to visit": the council's papers say; no report has it yet
        if pattern.search(text):
            if name == "send" and source == "inspection":
                source, kinds = name, part_kinds
            elif source is None:
                source, kinds = name, part_kinds

    # Years and month-years → periods
    periods: list[tuple[str, str]] = []
    years: list[int] = []
    for m in _MONTH_YEAR.finditer(text):
        month, year = MONTHS[m.group(1).lower()], int(m.group(2))
        period = Period.month(year, month)
        periods.append((period.start.isoformat(), period.end.isoformat()))
        years.append(year)
    for m in _YEAR.finditer(text):
        y = int(m.group(1))
        if y in years:
            continue
        y2 = None
        if m.group(2):
            y2 = int(m.group(2)) if len(m.group(2)) == 4 else (y // 100) * 100 + int(m.group(2))
            if y2 != y + 1:
                y2 = None
        years.append(y)
        periods.append(_year_range(y, y2))
    periods.sort()
    comparison = len(periods) >= 2 and bool(_COMPARE.search(text) or re.search(r"\bbetween\b.*\band\b", text, re.I))
    date_from = min(p[0] for p in periods) if periods else None
    date_to = max(p[1] for p in periods) if periods else None

    # Numbered references
    actions = tuple(dict.fromkeys(m.group(1).lower() for m in _ACTION.finditer(text)))
    notations = tuple(dict.fromkeys(
        [m.group(1) + (m.group(2) or "").lower() for m in _PRIORITY.finditer(text)
         if not _looks_like_money(text, m.start())] + list(actions)))
    intents = tuple(name for name, pattern in INTENTS if pattern.search(text))
    return Analysis(
        text=text, source=source, prefer_kinds=kinds, years=tuple(sorted(set(years))),
        date_from=date_from, date_to=date_to, comparison=comparison,
        periods=tuple(periods) if comparison else (),
        notations=notations,
        priority_actions=tuple(int(m.group(1)) for m in _PRIORITY_ACTION.finditer(text)),
        areas_for_improvement=tuple(int(m.group(1)) for m in _AFI.finditer(text)),
        paragraphs=tuple(int(m.group(1)) for m in _PARA.finditer(text)),
        intents=intents, truncated=truncated,
    )


def _looks_like_money(text: str, pos: int) -> bool:
    return pos > 0 and text[pos - 1] in "£$€"


_BOILERPLATE = re.compile(
    r"^\s*(?:what|how|which|who|when|where|why)\s+(?:did|does|do|has|have|was|were|is|are)\s+"
    r"(?:the\s+)?(?:ofsted|inspectors?|the inspection|committee|minutes|report|council|cabinet|members)?\s*"
    r"(?:say|said|find|found|report|reported|note|noted|write|conclude|concluded|recommend)\s+(?:about|on|regarding)?\s*",
    re.I)
_DROP = re.compile(
    rf"\b(?:in|during|by|from|of)?\s*(?:{_MONTH_RE})?\s*\b(?:19[89]\d|20[0-4]\d)(?:\s*[-/–]\s*(?:\d{{2}}|20[0-4]\d))?\b"
    r"|\b(?:according to|did|does)\s+(?:ofsted|the inspectors?)\b|\bofsted(?:'s)?\b|\binspectors?\b", re.I)


def search_text(analysis: Analysis) -> str:
    """The words to search for: the question without the source and date words that became filters."""
    text = _BOILERPLATE.sub("", analysis.text)
    if analysis.source == "inspection" or analysis.years:
        text = _DROP.sub(" ", text)
    text = " ".join(text.replace("?", " ").split())
    return text if len(re.findall(r"\w{3,}", text)) >= 1 else analysis.text
