"""Dates as council papers, inspection reports and questions write them — one module for every stage.

Why one module: month names, "February 2024" → its last day, and day-month-year parsing were
written four times (corpus, the accountability extractors, qa, embed) and disagreed (one ended
every February on the 28th). Corpus, graph and qa all read dates through here.

A written date keeps the precision it was written with: "September 2024" is a month, not
1 September. ``Period`` holds that precision and compares by the days it covers, so "due by
September 2024" and "inspected in September 2024" meet whatever day of the month is meant.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
# Full names, three-letter abbreviations and "sept", lower-cased → month number.
MONTHS: dict[str, int] = {name.lower(): i for i, name in enumerate(MONTH_NAMES, start=1)}
MONTHS.update({name[:3]: i for name, i in list(MONTHS.items())})
MONTHS["sept"] = 9

# Regex alternations (no groups). MONTH_PATTERN: full names as the papers print them (capitalised);
# MONTH: full names or abbreviations, for dates in running text and tables.
MONTH_PATTERN = "|".join(MONTH_NAMES)
MONTH = r"(?:" + "|".join(MONTH_NAMES) + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
DAY = r"(?:\d{1,2})(?:st|nd|rd|th)?"
# The dashes a range is written with: the hyphen, the en and em dashes, and what PDF text extraction gives for them
# (the minus sign, the horizontal bar, and the box-drawing line of "Inspection date: 20 June 2017 ─ 13 July 2017")
DASHES = "-‐‑‒–—―−─"
DASH = rf"\s*(?:to|[{DASHES}]|and|until)\s*"

# "Thursday, 20 January 2022", "19 th October 2016", "January 20, 2022", "11/7/24"
DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s*(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,9})\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")

# "25 October 2021 to 5 November 2021", "22 February 2016 – 17 March 2016", "12 to 16 February 2024",
# "12th and 16th February" (year supplied by the caller), "12–16 February 2024".
RANGE = re.compile(
    rf"(?P<d1>{DAY})(?:\s+(?P<m1>{MONTH}))?(?:\s+(?P<y1>\d{{4}}))?{DASH}(?P<d2>{DAY})\s+(?P<m2>{MONTH})(?:\s+(?P<y2>\d{{4}}))?",
    re.I,
)
SINGLE = re.compile(rf"(?P<d>{DAY})\s+(?P<m>{MONTH})\s+(?P<y>\d{{4}})", re.I)
MONTH_YEAR = re.compile(rf"(?P<m>{MONTH})\s*(?P<y>\d{{4}})", re.I)


# An abbreviated month where it dates something: next to a day or year ("Feb 2016", "4 Nov 2021") or to another
# month ("Oct-Nov 2021"); not "Jan" the name ("Jan Smith") nor "mar" the verb
_ABBREVIATIONS = sorted(set(MONTHS) - {name.lower() for name in MONTH_NAMES}, key=lambda k: (-len(k), k))
_ABBREVIATED = re.compile(r"\b(" + "|".join(_ABBREVIATIONS) + r")\b\.?", re.I)
_DATING_AFTER = re.compile(rf"\.?\s*(?:\d|(?:–|—|-|/|to)\s*{MONTH}\b)", re.I)
_DATING_BEFORE = re.compile(rf"(?:\d(?:st|nd|rd|th)?|\b{MONTH}\.?\s*(?:–|—|-|/|to))\s*$", re.I)


def spell_months(text: str) -> str:
    """The text with each abbreviated month that dates something written in full ("Oct-Nov 2021" → "October-November
    2021"): a question's "Feb 2016" is the papers' "February 2016", read as a period, searched and matched as such,
    where "Oct" was an unknown capitalised word and a topic word no paper holds."""
    def full(m: re.Match) -> str:
        dated = _DATING_AFTER.match(text, m.end(1)) or _DATING_BEFORE.search(text, 0, m.start())
        return month_name(MONTHS[m.group(1).lower()]) if dated else m.group(0)

    return _ABBREVIATED.sub(full, text)


def month_number(name: str) -> int | None:
    """'September', 'Sept', 'sep' → 9; None for a word that is not a month."""
    low = name.lower()
    return MONTHS.get(low) or MONTHS.get(low[:3])


def last_day(year: int, month: int) -> int:
    """The last day of a month, leap years included (February 2024 → 29)."""
    return calendar.monthrange(year, month)[1]


def month_name(month: int) -> str:
    return MONTH_NAMES[month - 1]


@dataclass(frozen=True, order=True)
class Period:
    """The days a written date covers, and the precision it was written with (day, month or year)."""

    start: date
    end: date
    precision: str = "day"  # day | month | year

    @classmethod
    def day(cls, year: int, month: int, day: int) -> "Period":
        d = date(year, month, day)
        return cls(d, d, "day")

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        return cls(date(year, month, 1), date(year, month, last_day(year, month)), "month")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31), "year")

    @classmethod
    def from_iso(cls, value: str) -> "Period | None":
        """'2024' → a year, '2024-09' → a month, '2024-09-05' → a day; None if it is none of these."""
        m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", str(value).strip())
        if not m:
            return None
        try:
            if m.group(3):
                return cls.day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if m.group(2):
                return cls.month(int(m.group(1)), int(m.group(2)))
            return cls.year(int(m.group(1)))
        except ValueError:
            return None

    @property
    def iso(self) -> str:
        """Written back at its own precision: '2024', '2024-09' or '2024-09-05'."""
        if self.precision == "year":
            return f"{self.start.year:04d}"
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        return self.start.isoformat()

    def contains(self, other: "Period") -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Period") -> bool:
        return self.start <= other.end and other.start <= self.end

    def __str__(self) -> str:
        if self.precision == "year":
            return str(self.start.year)
        if self.precision == "month":
            return f"{month_name(self.start.month)} {self.start.year}"
        return f"{self.start.day} {month_name(self.start.month)} {self.start.year}"


def iso_date(year: int, month: int | None, day: int, clamp: bool = False) -> str | None:
    """YYYY-MM-DD, or None when no such day exists. With ``clamp`` a day past the month's end (a
    printed '31 September') is read as the month's last day."""
    if not month:
        return None
    if clamp:
        if not 1 <= day <= 31:
            return None
        try:
            day = min(day, last_day(year, month))
        except (ValueError, calendar.IllegalMonthError):
            return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(value: str) -> str | None:
    """The first date in ``value`` as ISO YYYY-MM-DD (day-month-year, month-day-year, d/m/y), or None."""
    for m in DAY_MONTH_YEAR.finditer(value):
        iso = iso_date(int(m.group(3)), MONTHS.get(m.group(2).lower()), int(m.group(1)))
        if iso:
            return iso
    for m in MONTH_DAY_YEAR.finditer(value):
        iso = iso_date(int(m.group(3)), MONTHS.get(m.group(1).lower()), int(m.group(2)))
        if iso:
            return iso
    m = NUMERIC.search(value)
    if m:
        year = int(m.group(3))
        return iso_date(year + 2000 if year < 100 else year, int(m.group(2)), int(m.group(1)))
    return None


def find_dates(value: str) -> list[tuple[int, int, str]]:
    """Every day-month-year date in ``value`` as (start, end, ISO date)."""
    found = []
    for m in DAY_MONTH_YEAR.finditer(value):
        iso = iso_date(int(m.group(3)), MONTHS.get(m.group(2).lower()), int(m.group(1)))
        if iso:
            found.append((m.start(), m.end(), iso))
    return found


def _int_day(s: str) -> int:
    return int(re.match(r"\d+", s).group())


def parse_range(text: str, default_year: int | None = None) -> tuple[str, str, tuple[int, int]] | None:
    """First date range in ``text`` as (start ISO, end ISO, (match start, match end)), or None."""
    for m in RANGE.finditer(text):
        m2 = month_number(m.group("m2"))
        y2 = int(m.group("y2")) if m.group("y2") else default_year
        y1 = int(m.group("y1")) if m.group("y1") else y2
        if y2 is None:
            continue
        m1 = month_number(m.group("m1")) if m.group("m1") else m2
        start = iso_date(y1, m1, _int_day(m.group("d1")), clamp=True)
        end = iso_date(y2, m2, _int_day(m.group("d2")), clamp=True)
        if start and end and start <= end:
            return start, end, m.span()
    return None


def parse_single(text: str) -> str | None:
    """The first 'day month year' in ``text`` as ISO (a day past the month's end is clamped), or None."""
    m = SINGLE.search(text)
    return iso_date(int(m.group("y")), month_number(m.group("m")), _int_day(m.group("d")), clamp=True) if m else None


def month_year(text: str) -> str | None:
    """'October 2020' → '2020-10' (the first month-year in ``text``)."""
    m = MONTH_YEAR.search(text)
    return f"{int(m.group('y')):04d}-{month_number(m.group('m')):02d}" if m else None


def due_date(text: str) -> str | None:
    """A deadline as printed ('October 2024', 'September - December 2024', '31 March 2025') → last
    ISO day it allows; None when no month and year are printed."""
    single = parse_single(text)
    found = list(MONTH_YEAR.finditer(text))
    if not found:
        return single
    last = found[-1]
    y, mo = int(last.group("y")), month_number(last.group("m"))
    if single and single.startswith(f"{y:04d}-{mo:02d}"):
        return single
    return Period.month(y, mo).end.isoformat()


def month_label(iso: str) -> str:
    """'2024-09-05' or '2024-09' → 'September 2024'; other forms as given."""
    iso = str(iso)
    if len(iso) >= 7 and iso[5:7].isdigit() and 1 <= int(iso[5:7]) <= 12:
        return f"{month_name(int(iso[5:7]))} {iso[:4]}"
    return iso


def day_label(iso: str) -> str:
    """'2025-10-15' → '15 October 2025'; other forms as given."""
    iso = str(iso)
    if len(iso) >= 10 and iso[5:7].isdigit() and iso[8:10].isdigit():
        return f"{int(iso[8:10])} {month_name(int(iso[5:7]))} {iso[:4]}"
    return iso


def days_label(start: str, end: str) -> str:
    """Two days as a range is written: '12 to 16 February 2024', '28 February to 3 March 2024', '30 December 2023 to
    2 January 2024' — the month and year once where the days share them, as reports and minutes write inspection
    dates; other forms as given."""
    first, last = day_label(start), day_label(end)
    if first == last:
        return first
    a, b = first.split(" "), last.split(" ")
    if len(a) == 3 and len(b) == 3 and a[2] == b[2]:
        return f"{a[0]} to {last}" if a[1] == b[1] else f"{a[0]} {a[1]} to {last}"
    return f"{first} to {last}"
