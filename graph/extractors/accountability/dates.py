"""Dates as inspection reports and plans print them: ranges, ordinals, month-only deadlines."""
from __future__ import annotations

import calendar
import re

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
DAY = r"(?:\d{1,2})(?:st|nd|rd|th)?"
DASH = r"\s*(?:to|–|—|-|and|until)\s*"

# "25 October 2021 to 5 November 2021", "22 February 2016 – 17 March 2016", "12 to 16 February 2024",
# "12th and 16th February" (year supplied by the caller), "12–16 February 2024".
RANGE = re.compile(
    rf"(?P<d1>{DAY})(?:\s+(?P<m1>{MONTH}))?(?:\s+(?P<y1>\d{{4}}))?{DASH}(?P<d2>{DAY})\s+(?P<m2>{MONTH})(?:\s+(?P<y2>\d{{4}}))?",
    re.I,
)
SINGLE = re.compile(rf"(?P<d>{DAY})\s+(?P<m>{MONTH})\s+(?P<y>\d{{4}})", re.I)
MONTH_YEAR = re.compile(rf"(?P<m>{MONTH})\s*(?P<y>\d{{4}})", re.I)


def _month(name: str) -> int:
    return MONTHS[name.lower()[:3] if name.lower() not in MONTHS else name.lower()]


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return f"{y:04d}-{m:02d}-{min(d, calendar.monthrange(y, m)[1]):02d}" if 1 <= d <= 31 else None
    except (ValueError, calendar.IllegalMonthError):
        return None


def _int_day(s: str) -> int:
    return int(re.match(r"\d+", s).group())


def parse_range(text: str, default_year: int | None = None) -> tuple[str, str, tuple[int, int]] | None:
    """First date range in ``text`` as (start ISO, end ISO, (match start, match end)), or None."""
    for m in RANGE.finditer(text):
        m2 = _month(m.group("m2"))
        y2 = int(m.group("y2")) if m.group("y2") else default_year
        y1 = int(m.group("y1")) if m.group("y1") else y2
        if y2 is None:
            continue
        m1 = _month(m.group("m1")) if m.group("m1") else m2
        start, end = _iso(y1, m1, _int_day(m.group("d1"))), _iso(y2, m2, _int_day(m.group("d2")))
        if start and end and start <= end:
            return start, end, m.span()
    return None


def parse_single(text: str) -> str | None:
    m = SINGLE.search(text)
    return _iso(int(m.group("y")), _month(m.group("m")), _int_day(m.group("d"))) if m else None


def month_year(text: str) -> str | None:
    """'October 2020' → '2020-10' (the first month-year in ``text``)."""
    m = MONTH_YEAR.search(text)
    return f"{int(m.group('y')):04d}-{_month(m.group('m')):02d}" if m else None


def due_date(text: str) -> str | None:
    """A deadline as printed ('October 2024', 'September - December 2024', '31 March 2025') → last
    ISO day it allows; None when no month and year are printed."""
    single = parse_single(text)
    found = list(MONTH_YEAR.finditer(text))
    if not found:
        return single
    last = found[-1]
    y, mo = int(last.group("y")), _month(last.group("m"))
    if single and single.startswith(f"{y:04d}-{mo:02d}"):
        return single
    return _iso(y, mo, calendar.monthrange(y, mo)[1])
