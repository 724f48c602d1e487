"""The ranker's value features: a candidate states the kind of value asked only when it states one the question
does not already hold ("How many 16 and 17 year olds …" is not answered by "… 16- and 17-year-olds …")."""
from __future__ import annotations

import re

from embed.hybrid import Filters
from qa.ask import pool
from qa.features import stated_values
from qa.question import read


class _Memo:
    """What ``stated_values`` asks of an engine: a memo table."""

    def remembered(self, table, key, compute):
        return compute()


def test_values_are_read_as_dates_and_numbers():
    said = stated_values(_Memo(), "At 22 February 2016, 1,275 children and 12% of families.")
    assert said["date"] == {"22 february", "february", "2016"}
    assert said["number"] == {"22", "1275", "12"}  # a year is a date, not a count


def test_numbers_a_question_holds_are_not_new_in_a_candidate(engine):
    question = "How many children were the subject of a child protection plan at 22 February 2016?"
    q = read(engine, question)
    retrieved, candidates = pool(engine, q, Filters())
    from qa.features import table

    rows = {c.text: row for c, row in zip(candidates, table(engine, q, retrieved, candidates))
            if c.kind == "sentence"}
    answer = next(t for t in rows if "275 children" in t)
    assert rows[answer]["new_number"] == 1.0 and rows[answer]["type_new_number"] > 0.5
    # a sentence whose only figures are the question's own date states no new number
    repeats = [t for t in rows if re.search(r"\d", t) and not (stated_values(engine, t)["number"] - {"22"})]
    assert repeats and all(rows[t]["new_number"] == 0.0 for t in repeats)
