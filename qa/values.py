"""What value a question asks for, and whether a sentence states it.

A question that asks for a date, a sum, a count, a figure, a grade or a person's name is answered
only by a sentence that states one — and, for a count, states it of the thing counted: "How many
libraries will close?" is not answered by "There are 3 matters the Council needs to consider", and
"How many foster carers…" is not answered by "a 7% increase in foster carer payments". The checks
read the wording generically (number words, month names, grade words, capitalised names the corpus
never writes in lower case); nothing here names a document or a question.
"""
from __future__ import annotations

import re
from functools import lru_cache

from councilkg.dates import MONTH_NAMES, MONTH_PATTERN
from ontology.vocab import grade_pattern
from qa.analyse import Analysis, days_mentioned

# What is asked ------------------------------------------------------------------------------------
_ASKS_MONEY = re.compile(
    r"\bhow much\b.*\b(?:money|cost|costs|costing|budget|spend|spending|spent|funding|price|paid|pay|paying|worth|charge|"
    r"charges|charged|charging|fee|fees)\b|"
    r"\bwhat (?:was|is|were|are|will be) the (?:\w+ ){0,3}(?:cost|budget|price|fee|fees|salary|allowance|charge|"
    r"(?:daily|day|hourly|weekly) rate)\b|\bwhat (?:\w+ ){0,2}(?:price|cost|fee|charge|sum)\b|\bat what (?:price|cost)\b|"
    r"\bhow much (?:is|was|were|are) (?:\w+ ){0,2}paid\b",
    re.I)
_ASKS_COUNT = re.compile(r"(?<!about )(?<!on )\bhow many\b|\b(?:the|what|average) number of\b", re.I)
_ASKS_NUMBER = re.compile(r"(?<!about )(?<!on )\bhow (?:many|much|long)\b|\b(?:what|the) (?:proportion|percentage|share|number|rate|"
                          r"cost|amount|total|figure)\b|\bwhat (?:was|is|were) the (?:\w+ ){0,3}"
                          r"(?:attendance|cost|budget|spend|rate|level)\b", re.I)
_LIST_NUMBERS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
# "What are the three themes of the framework?": a list of a stated length, announced as such in the papers
_ASKS_LIST = re.compile(rf"\b(?:what|which) (?:are|were|will be|would be) the ({'|'.join(_LIST_NUMBERS)}|\d{{1,2}}) ([\w'’ -]+)",
                        re.I)
_ASKS_DURATION = re.compile(r"(?<!about )(?<!on )\bhow long\b|\bfor how (?:many|long)\b(?! \w+ (?:people|children))", re.I)
_ASKS_NAME = re.compile(r"\b(?:what (?:is|was|were|are) the names? of|name (?:of )?the|who (?:is|was) named)\b|"
                        r"^\s*who (?:is|was|are|were) (?:the|its|their|[A-Z]\w+['’]s?)\s|"
                        r"^\s*who (?:chairs|chaired|leads|led|heads|headed|runs|ran|manages|managed)\b|"
                        r"^\s*(?:which|what) (?:company|companies|firm|contractor|provider|supplier|consultancy|charity)\b|"
                        r"^\s*which (?:officer|councillor|member|director|inspector|secretary of state|minister|chair|"
                        r"headteacher|manager|person|individual)s?\b", re.I)
_WHO_DOES = re.compile(r"^\s*who (chair|lead|led|head|run|ran|manag)\w*\b", re.I)
_POST = re.compile(r"\b(?:director|head|chair(?:man|woman|person)?|manager|leader|officer|lead member|cabinet member|"
                   r"councillor|chief executive|headteacher|commissioner|advis[eo]r|inspector|principal|mayor)\b", re.I)
# The role a name is asked for: "the name of the DfE adviser appointed …" → adviser; "who is the lead inspector" → inspector
_ROLE = re.compile(r"\b(?:names? of (?:the |a |an )?|^\s*who (?:is|was|are|were) (?:the |a |an |its |their |"
                   r"[A-Z]\w+['’]s? )?)([\w'’ -]+)", re.I)
_ASKS_GRADE = re.compile(r"\b(?:grade[sd]?|judge(?:d|ment)s?|judgement|rated|ratings?|verdict)\b", re.I)  # not "how well"
NUMERIC = ("number", "count", "money", "duration")

# What a counted thing is: the words after "how many" / "number of", up to the verb or preposition
_COUNTED = re.compile(r"\b(?:how many|number of)\s+([\w'’ -]+)", re.I)
_COUNTED_STOP = frozenset("""did do does were was are is have has had will would can could should in at on for from by
when per a an each and or with who that which across under over during than between to of held""".split())

# What a measure is of: the word before "rate", "price", "cost"… ("the social worker vacancy rate" → vacancy)
_MEASURED = re.compile(r"\b([A-Za-z][\w'’-]+)\s+(?:rate|price|cost|costs|fee|fees|charge|budget|percentage|proportion|"
                       r"share|level|ratio|score|spend)\b", re.I)
_GENERIC_MEASURE = frozenset("""the a an what which daily weekly hourly annual yearly monthly total overall average current
new full net gross final estimated likely expected their its his her our actual""".split())

# What a sentence holds ------------------------------------------------------------------------------
_DATE_SHAPE = re.compile(rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:{MONTH_PATTERN})\b|\b(?:19|20)\d\d\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b")
_NUMBER_SHAPE = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                           r"fourteen|fifteen|twenty|thirty|forty|fifty|hundred|thousand|million|half|halved|third|thirds|quarter|quarters|"
                           r"double|doubled|tripled|majority|minority|most|per ?cent)\b(?!-)", re.I)
# A length of time: a figure or number word with a unit ("12 week consultation", "six months", "27 weeks")
_DURATION_SHAPE = re.compile(r"\b(?:\d[\d.,]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                             r"fifteen|twenty|thirty|forty|fifty|sixty|ninety|several|few)[\s-]+(?:working |calendar |school |"
                             r"full |more |further |additional )?(?:days?|weeks?|months?|years?|hours?|minutes?|terms?)\b", re.I)
_MONEY_SHAPE = re.compile(r"[£$€]\s?\d|\d\s?(?:k|m|bn)\b|\b(?:million|billion|thousand pounds|pounds)\b", re.I)
_COUNT_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
                "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|"
                "million|dozen")
_COUNT_SHAPE = re.compile(rf"\d|\b(?:{_COUNT_WORDS})\b(?!-)", re.I)
# A count: a figure or number word that is not a percentage (a share is not a count)
_COUNT_VALUE = re.compile(rf"(?<![\w.])(?:\d[\d,]*(?:\.\d+)?|(?:{_COUNT_WORDS})(?:[\s-](?:{_COUNT_WORDS}))*)"
                          r"(?!\s*(?:%|per ?cent|percent)|[\w-])", re.I)
_GRADE_SHAPE = re.compile(rf"\b(?:{grade_pattern()}|systemic|inconsistent|"
                          r"positive experiences|red|amber|green|blue)\b", re.I)  # Ofsted grades, RAG ratings
A_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_DAY_OR_MONTH_ONLY = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTH_PATTERN})\b(?!\s*,?\s*\d)")
# A day or month named (a bare year is a coarser date)
DAY_OR_MONTH = re.compile(rf"\b(?:{MONTH_PATTERN})\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b")
_LABEL = re.compile(r"^\W*(?:\d{1,2}(?:\.\d{1,2})*[a-z]?|[a-z]\)|question \d+:?)\s+", re.I)
_YEAR_ONLY = re.compile(r"\b(?:19|20)\d\d(?:\s*[-/–]\s*(?:\d{2}|(?:19|20)\d\d))?\b")
_WORDS = re.compile(r"[\w'’%£$€-]+")
BEFORE_HEAD = 3  # a figure this many words before the counted thing quantifies it ("55,388 adult members")
AFTER_HEAD = 8   # or this many words after it ("care leavers who do well … there are currently 14")

# A person's name: an honorific and a capitalised word, or two or more capitalised words that the
# corpus never writes in lower case ("Gemma Parkes", not "Social Care" or "Head of Service")
_HONORIFIC = re.compile(r"\b(?:Cllr|Councillor|Mr|Mrs|Ms|Miss|Dr|Professor|Sir|Dame)\.?\s+(?:[A-Z]\.?\s+)?[A-Z][a-z'’-]+")
_POSSESSIVE = re.compile(r"['’]s?$")
_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z'’-]+(?:\s+(?:[A-Z]\.?\s+)?[A-Z][a-z'’-]+)+")


def asked_shape(analysis: Analysis) -> str | None:
    """The kind of value the question asks for: "date", "money" (a sum), "count" (how many: a figure, not
    "most"), "duration" (how long: a figure with a unit of time), "number" (a proportion, rate or other amount),
    "list" (the N things of something), "grade", "person" (a name), or None."""
    return _asked_shape(analysis.text, analysis.intents)


@lru_cache(maxsize=256)  # asked once per sentence read: read the question once
def _asked_shape(text: str, intents: tuple[str, ...]) -> str | None:
    if "when" in intents or "due" in intents:
        return "date"
    if _ASKS_LIST.search(text):
        return "list"
    if _ASKS_MONEY.search(text):
        return "money"
    if _ASKS_COUNT.search(text):
        return "count"
    if _ASKS_DURATION.search(text):
        return "duration"
    if _ASKS_NUMBER.search(text):
        return "number"
    if "grade" in intents and _ASKS_GRADE.search(text):
        return "grade"
    if _ASKS_NAME.search(text):
        return "person"
    return None


def counted(analysis: Analysis, tokenize) -> tuple[str, ...]:
    """The stemmed head word of what a count question counts ("how many new foster families were …" →
    ("famili",)): the last word before the verb or preposition; empty when the question counts nothing nameable."""
    return _counted(analysis.text, tokenize)


@lru_cache(maxsize=256)
def _counted(text: str, tokenize) -> tuple[str, ...]:
    m = _COUNTED.search(text)
    return _head(m.group(1), tokenize) if m else ()


def _head(phrase: str, tokenize) -> tuple[str, ...]:
    """The stemmed last word of a noun phrase: the words up to a verb or preposition ("new foster families were …")."""
    words = []
    for word in phrase.split()[:6]:
        if word.lower() in _COUNTED_STOP or (words and word.lower().endswith(("ed", "ing"))):
            break
        words.append(word)
    # "how many Castlemere families use …": the noun is the last plural, not the verb after it
    plural = [w for w in words if _PLURAL.search(w)]
    if plural and len(words) > 1:
        words = words[:words.index(plural[-1]) + 1]
    tokens = tokenize(" ".join(words).lower())
    return (tokens[-1],) if tokens else ()


_PLURAL = re.compile(r"(?i)(?:[^s'’]s|^(?:people|children|staff|men|women|police|personnel))$")


def listed(analysis: Analysis, tokenize) -> tuple[str, ...]:
    """(how many, the stemmed head word) of the list a question asks for ("what are the three themes …" →
    ("3", "theme")); empty when it asks for none."""
    return _listed(analysis.text, tokenize)


@lru_cache(maxsize=256)
def _listed(text: str, tokenize) -> tuple[str, ...]:
    m = _ASKS_LIST.search(text)
    if not m:
        return ()
    n = m.group(1).lower()
    head = _head(m.group(2), tokenize)
    return (n if n.isdigit() else str(_LIST_NUMBERS.index(n) + 2), *head) if head else ()


def _holds_post(question: str, text: str) -> bool:
    """"Who chairs the panel?" is answered by a post doing it ("chaired by the director of public health"): the
    sentence holds the verb's word and a post."""
    m = _WHO_DOES.match(question)
    return bool(m) and m.group(1).lower() in text.lower() and bool(_POST.search(text))


def role(analysis: Analysis, tokenize) -> tuple[str, ...]:
    """The stemmed head word of the role a person question asks about ("the name of the DfE adviser" → ("advis",))."""
    return _role(analysis.text, tokenize)


@lru_cache(maxsize=256)
def _role(text: str, tokenize) -> tuple[str, ...]:
    m = _ROLE.search(text)
    head = _head(m.group(1), tokenize) if m else ()
    return () if any(h in _ANY_ROLE for h in head) else head


# Heads that name no particular role ("the lead officer for action 2.3a" is whoever the row names)
_ANY_ROLE = frozenset("offic person member individu peopl lead leader contact owner".split())


def holds(engine, analysis: Analysis, text: str, written: str | None = None) -> bool:
    """The sentence states the value the question asks for (True when it asks for none). ``written`` is the
    date of the paper it is from: a question about what will happen is not answered by a date it looks back on."""
    kind = asked_shape(analysis)
    if kind is None:
        return True
    about = counted(analysis, engine.tokenize) if kind == "count" else listed(analysis, engine.tokenize) if kind == "list" else ()
    if not has_shape(kind, text, about, engine) and not (kind == "person" and _holds_post(analysis.text, text)):
        return False
    if kind == "date" and not _holds_date(analysis, text, written):
        return False
    if kind in NUMERIC and written and analysis.date_from and not analysis.comparison and not A_YEAR.search(text) \
            and _months_after(written, analysis.date_from) > STALE_MONTHS:
        return False  # "fourteen new families this year" in a 2024 paper is not a 2022-23 figure
    if kind == "person" and (asked := role(analysis, engine.tokenize)) and not any(
            t.startswith(a) for a in asked for t in engine.tokenize(text)):
        return False  # a name, but not said to hold the role asked about ("head" is held by a "headteacher")
    of = measured(analysis, engine.tokenize) if kind in ("money", "number") else ()
    return not of or near_value(kind, text, of, engine.tokenize)


def _holds_date(analysis: Analysis, text: str, written: str | None) -> bool:
    """A date that can answer: in the years asked (or beyond "after 2021"), ahead of its paper for a "will"
    question, a day when the question wants one, in the month asked about."""
    if analysis.years and not analysis.comparison:
        years = {int(y) for y in A_YEAR.findall(text)}
        if years and not _DAY_OR_MONTH_ONLY.search(A_YEAR.sub(" ", text)) and not any(
                _in_asked_years(analysis, y) for y in years):
            return False  # every date it holds is outside the years the question asks about
    if written and _FUTURE.search(analysis.text) and not _looks_ahead(text, written):
        return False
    if _ASKS_DAY.search(analysis.text) and not days_mentioned(text):
        return False  # "on what date in January 2022": the month alone does not answer
    asked_months = {m.lower() for m in _MONTH_ASKED.findall(analysis.text)}
    if asked_months and not analysis.comparison:
        months = {m.lower() for m in _MONTH_WORD.findall(text)}
        if months and not months & asked_months:
            return False  # every month it names is another than the one asked about
    return True


# A date question that wants a day: it names the month already, or asks for the date itself
_ASKS_DAY = re.compile(rf"\b(?:on what date|what (?:exact |precise )?date|which day|what day)\b|\b(?:{MONTH_PATTERN})\b", re.I)
_MONTH_WORD = re.compile(rf"\b({MONTH_PATTERN})\b")
_MONTH_ASKED = re.compile(rf"\b(?:date|day|when)\s+(?:in|during)\s+({MONTH_PATTERN})\b", re.I)  # "on what date in January"
STALE_MONTHS = 24  # a figure without a year, in a paper written this long after the asked period began, is a later one


def _months_after(written: str, since: str) -> int:
    return (int(written[:4]) - int(since[:4])) * 12 + int(written[5:7]) - int(since[5:7]) \
        if len(written) >= 7 and len(since) >= 7 else 0


_AFTER_YEAR = re.compile(r"\b(?:after|since|following|from)\b[^.?]{0,40}?\b((?:19|20)\d\d)\b", re.I)
_BEFORE_YEAR = re.compile(r"\b(?:before|until|prior to|ahead of)\b[^.?]{0,40}?\b((?:19|20)\d\d)\b", re.I)


def _in_asked_years(analysis: Analysis, year: int) -> bool:
    """The year is one the question asks about: a year it names, or on the named side of "after 2021" /
    "before 2024" (the named year is then the context, the answer lies beyond it)."""
    after, before = _year_bounds(analysis.text)
    if after or before:
        return all(year >= a for a in after) and all(year <= b for b in before)
    return year in analysis.years


@lru_cache(maxsize=256)
def _year_bounds(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The years the question looks after ("after 2021") and before ("before 2024")."""
    return (tuple(int(m.group(1)) for m in _AFTER_YEAR.finditer(text)),
            tuple(int(m.group(1)) for m in _BEFORE_YEAR.finditer(text)))


_FUTURE = re.compile(r"\b(?:will|next|expected|planned|due to|going to)\b", re.I)
_MONTH_YEAR = re.compile(rf"\b({MONTH_PATTERN})\s+((?:19|20)\d\d)\b")


def _looks_ahead(text: str, written: str) -> bool:
    """The sentence holds a date on or after the month its paper was written (a bare year: that year or later)."""
    month_years = [(int(y), MONTH_NAMES.index(m) + 1) for m, y in _MONTH_YEAR.findall(text)]
    years = [int(y) for y in A_YEAR.findall(_MONTH_YEAR.sub(" ", text))]
    if not month_years and not years:
        return True  # a day or month without a year: read as ahead
    then = (int(written[:4]), int(written[5:7]) if len(written) >= 7 else 1)
    return any(my >= then for my in month_years) or any(y >= then[0] for y in years)


def measured(analysis: Analysis, tokenize) -> tuple[str, ...]:
    """The stemmed word a sum or rate is of ("the social worker vacancy rate" → ("vacanc",)); empty for a
    generic modifier ("the daily rate")."""
    return _measured(analysis.text, tokenize)


@lru_cache(maxsize=256)
def _measured(text: str, tokenize) -> tuple[str, ...]:
    m = _MEASURED.search(text)
    if not m or m.group(1).lower() in _GENERIC_MEASURE:
        return ()
    return tuple(tokenize(m.group(1).lower())[-1:])


def _words_and_heads(text: str, heads_of: tuple[str, ...], tokenize) -> tuple[list[str], list[int]]:
    """The sentence's words, and the positions of those whose stem is one of ``heads_of``."""
    words = _WORDS.findall(text)
    heads = [i for i, w in enumerate(words) if (stem := tokenize(w.lower())[:1]) and stem[0] in heads_of]
    return words, heads


def near_value(kind: str, text: str, of: tuple[str, ...], tokenize, window: int = 8) -> bool:
    """A value of that kind stands within ``window`` words of the word the measure is of."""
    words, heads = _words_and_heads(_YEAR_ONLY.sub(" ", _LABEL.sub("", text)), of, tokenize)
    value = _MONEY_SHAPE if kind == "money" else _NUMBER_SHAPE
    return any(value.search(w) and any(abs(i - h) <= window for h in heads) for i, w in enumerate(words))


def has_shape(kind: str | None, text: str, about: tuple[str, ...] = (), engine=None) -> bool:
    """The sentence holds a value of that kind (a number that is not its own label or a bare year; for a
    count, a figure within a few words of the thing counted when ``about`` names it; for a person, a name)."""
    if kind == "date":
        return bool(_DATE_SHAPE.search(text))
    if kind in NUMERIC:
        bare = _YEAR_ONLY.sub(" ", _LABEL.sub("", text))
        if kind == "count" and about and engine is not None:
            return counts_of(bare, about, engine.tokenize)
        if kind == "duration":
            return bool(_DURATION_SHAPE.search(text))
        shape_re = {"number": _NUMBER_SHAPE, "count": _COUNT_SHAPE, "money": _MONEY_SHAPE}[kind]
        return bool(shape_re.search(bare))
    if kind == "grade":
        return bool(_GRADE_SHAPE.search(text))
    if kind == "list":  # the list announced or written out: its length just before its head ("three themes")
        if len(about) < 2 or engine is None:
            return False
        number, head = about[0], about[1:]
        names = {number, _LIST_NUMBERS[int(number) - 2] if 2 <= int(number) <= 12 else number}
        words, heads = _words_and_heads(text, head, engine.tokenize)
        return any(w.lower() in names and any(0 < h - i <= BEFORE_HEAD for h in heads) for i, w in enumerate(words))
    if kind == "person":
        return names_someone(text, getattr(engine, "person_names", None), getattr(engine, "lower_words", frozenset()))
    return False


def counts_of(text: str, about: tuple[str, ...], tokenize) -> bool:
    """A figure (not a percentage) counts the thing asked about: it stands just before it ("fourteen new
    families", "5 ASYE social workers") or a few words after it ("care leavers … there are currently 14")."""
    words, heads = _words_and_heads(text, about, tokenize)  # exact stems: "child protection chairs" count no children
    if not heads:
        return False
    for i, w in enumerate(words):
        if _COUNT_VALUE.fullmatch(w.strip(",.")) and any(
                0 < h - i <= BEFORE_HEAD or 0 < i - h <= AFTER_HEAD for h in heads):
            return True
    return False


def names_someone(text: str, names=None, lower_words: frozenset = frozenset()) -> bool:
    """The sentence names a person: one the graph knows, an honorific and a name, or a run of capitalised
    words none of which the corpus writes in lower case."""
    if names is not None and names.search(text):
        return True
    if _HONORIFIC.search(text):
        return True
    for m in _CAPITALISED_RUN.finditer(text):
        words = [w for w in re.findall(r"[A-Za-z'’-]+", m.group(0)) if len(w) > 1]
        if len(words) >= 2 and not any(w.lower() in lower_words or _POSSESSIVE.sub("", w.lower()) in lower_words
                                       for w in words):
            return True
    return False
