"""The one dates module: months keep their precision, months end on their real last day."""
from __future__ import annotations

from datetime import date

import pytest

from councilkg import dates
from councilkg.dates import Period


@pytest.mark.parametrize("year, last", [(2024, 29), (2023, 28), (2000, 29), (1900, 28)])
def test_february_ends_on_its_real_last_day(year, last):
    assert Period.month(year, 2).end == date(year, 2, last)
    assert dates.due_date(f"February {year}") == f"{year}-02-{last}"


def test_a_month_stays_a_month():
    september = Period.from_iso("2024-09")
    assert september.precision == "month" and september.iso == "2024-09" and str(september) == "September 2024"
    assert september.contains(Period.day(2024, 9, 5)) and not september.contains(Period.day(2024, 10, 1))
    assert september.overlaps(Period.year(2024)) and not september.overlaps(Period.month(2024, 8))
    assert Period.from_iso("2024").precision == "year" and Period.from_iso("2024-09-05").precision == "day"
    assert Period.from_iso("2024-13") is None and Period.from_iso("in 2024") is None


def test_day_month_year_in_the_forms_papers_write():
    assert dates.parse_date("Thursday, 20 January 2022") == "2022-01-20"
    assert dates.parse_date("19 th October 2016") == "2016-10-19"
    assert dates.parse_date("January 20, 2022") == "2022-01-20"
    assert dates.parse_date("on 11/7/24") == "2024-07-11"
    assert dates.parse_date("31 February 2024") is None  # no such day: not a date
    assert dates.find_dates("from 1 May 2020 to 2 June 2021") == [(5, 15, "2020-05-01"), (19, 30, "2021-06-02")]


def test_ranges_and_deadlines_as_reports_print_them():
    assert dates.parse_range("between 25 October 2021 and 5 November 2021")[:2] == ("2021-10-25", "2021-11-05")
    assert dates.parse_range("12–16 February 2024")[:2] == ("2024-02-12", "2024-02-16")
    assert dates.parse_range("12th and 16th February", default_year=2016)[:2] == ("2016-02-12", "2016-02-16")
    assert dates.parse_range("16 to 12 February 2024") is None  # an end before the start is not a range
    # the dashes PDF text gives ("Inspection date: 20 June 2017 ─ 13 July 2017", North Lincolnshire's 2017 report)
    for dash in "-‐–—―−─":
        assert dates.parse_range(f"20 June 2017 {dash} 13 July 2017")[:2] == ("2017-06-20", "2017-07-13"), dash
    assert dates.parse_single("published 31 September 2023") == "2023-09-30"  # a misprinted day is clamped
    assert dates.month_year("in Sept 2020") == "2020-09"
    assert dates.due_date("September - December 2024") == "2024-12-31"
    assert dates.due_date("31 March 2025") == "2025-03-31" and dates.due_date("ongoing") is None


def test_labels_and_month_names():
    assert dates.month_label("2025-10-15") == "October 2025" and dates.day_label("2025-10-15") == "15 October 2025"
    assert dates.month_label("2025") == "2025"
    assert dates.month_number("Sept") == 9 and dates.month_number("Smarch") is None


def test_a_range_of_days_names_a_shared_month_and_year_once():
    assert dates.days_label("2024-02-12", "2024-02-16") == "12 to 16 February 2024"
    assert dates.days_label("2024-02-28", "2024-03-03") == "28 February to 3 March 2024"
    assert dates.days_label("2023-12-30", "2024-01-02") == "30 December 2023 to 2 January 2024"
    assert dates.days_label("2024-02-12", "2024-02-12") == "12 February 2024"


def test_no_module_keeps_its_own_month_table():
    """Month names and month arithmetic live in councilkg/dates.py only (the leap-year bug lived in a copy)."""
    import ast
    import re
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    months = {m.lower() for m in dates.MONTH_NAMES}
    found = []
    for package in ("corpus", "graph", "embed", "qa", "ui_views", "councilkg", "ontology"):
        for path in (repo / package).rglob("*.py"):
            if path == repo / "councilkg" / "dates.py":
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                    if len(set(re.findall(r"[a-z]+", node.value.lower())) & months) >= 3:
                        found.append(f"{path.relative_to(repo)}:{node.lineno} lists month names")
                if isinstance(node, ast.Attribute) and node.attr in {"month_name", "month_abbr", "monthrange"} \
                        and isinstance(node.value, ast.Name) and node.value.id == "calendar":
                    found.append(f"{path.relative_to(repo)}:{node.lineno} uses calendar.{node.attr}")
    assert not found, "read months through councilkg.dates:\n" + "\n".join(found)


def test_an_abbreviated_month_that_dates_something_is_spelled_out():
    """A question's "Oct-Nov 2021" or "4 Nov 2021" is the papers' month; "Jan" the name and "mar" the verb are not."""
    assert dates.spell_months("Who led the Oct-Nov 2021 ILACS?") == "Who led the October-November 2021 ILACS?"
    assert dates.spell_months("apologies on 4 Nov 2021") == "apologies on 4 November 2021"
    assert dates.spell_months("Greenwich ILACS Dec 2019 lead HMI?") == "Greenwich ILACS December 2019 lead HMI?"
    assert dates.spell_months("the Sept–Oct 2015 inspection") == "the September–October 2015 inspection"
    assert dates.spell_months("Jan Smith said it would not mar the plan") == "Jan Smith said it would not mar the plan"
