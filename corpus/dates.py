"""Read the dates council papers write ("Thursday, 20 January 2022", "19 th October 2016", "11/7/24")."""
from __future__ import annotations

import re
from datetime import date

MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"])}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9

DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})\s*(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
MONTH_DAY_YEAR = re.compile(r"\b([A-Za-z]{3,9})\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")


def parse_date(value: str) -> str | None:
    """The first date in ``value`` as ISO YYYY-MM-DD, or None."""
    for m in DAY_MONTH_YEAR.finditer(value):
        iso = _iso(int(m.group(3)), MONTHS.get(m.group(2).lower()), int(m.group(1)))
        if iso:
            return iso
    for m in MONTH_DAY_YEAR.finditer(value):
        iso = _iso(int(m.group(3)), MONTHS.get(m.group(1).lower()), int(m.group(2)))
        if iso:
            return iso
    m = NUMERIC.search(value)
    if m:
        year = int(m.group(3))
        return _iso(year + 2000 if year < 100 else year, int(m.group(2)), int(m.group(1)))
    return None


def find_dates(value: str) -> list[tuple[int, int, str]]:
    """Every day-month-year date in ``value`` as (start, end, ISO date)."""
    found = []
    for m in DAY_MONTH_YEAR.finditer(value):
        iso = _iso(int(m.group(3)), MONTHS.get(m.group(2).lower()), int(m.group(1)))
        if iso:
            found.append((m.start(), m.end(), iso))
    return found


def _iso(year: int, month: int | None, day: int) -> str | None:
    if not month:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
