"""Short source labels for people reading answers: "Ofsted, Nov 2021:", "Cabinet minutes, Apr 2016:".

A label says who wrote the words and when, in a few words; the full document and part titles stay in
the citation card. It is read from a part's own kind, body and date (the text layer's metadata), so
any council's papers get labels without a list of titles.
"""
from __future__ import annotations

from councilkg.dates import month_name

KIND_WORDS = {"minutes": "minutes", "agenda": "agenda", "report": "report", "appendix": "appendix", "plan": "plan",
              "work_programme": "work programme", "agenda_pack": "papers", "front": "papers"}


def month_year(date: str | None) -> str:
    """'2021-11-05' or '2021-11' → 'Nov 2021'; '2021' → '2021'; anything else → ''."""
    date = (date or "").strip()
    if len(date) >= 7 and date[4] == "-" and date[5:7].isdigit() and 1 <= int(date[5:7]) <= 12:
        return f"{month_name(int(date[5:7]))[:3]} {date[:4]}"
    return date[:4] if date[:4].isdigit() else ""


def source_label(kind: str | None, body: str | None, date: str | None, publisher: str | None = None) -> str:
    """Who and when: an inspection report is its inspectorate ("Ofsted, Nov 2021"); anything else its
    body and kind ("Cabinet minutes, Apr 2016", "Bury Council report, Jan 2022")."""
    when = month_year(date)
    if kind == "inspection_report":
        who = body or publisher or "Inspection report"
    else:
        who = " ".join(x for x in (body or publisher or "", KIND_WORDS.get(kind or "", (kind or "").replace("_", " "))) if x)
    who = who[:1].upper() + who[1:] if who else "Source"
    return f"{who}, {when}" if when else who
