"""Questions that ask two things at once ("Who led the inspection, and who was the deputy lead?").

Each part is answered on its own — the second also searching for the first's subject (it often says only
"it" or "she"), which widens the search without outweighing its own words — and the two answers are joined
into one, citations renumbered. A part that finds nothing leaves the other's answer; when neither finds
anything the question is declined as a whole.
"""
from __future__ import annotations

import re
from dataclasses import replace

from qa.records import Answer

# "…, and when was it published?": a second question starting with its own question word
_SECOND = re.compile(r",?\s+and\s+(?=(?:who|when|what|how|where|which|why)\b)", re.I)
_WH_LEAD = re.compile(r"^\s*(?:who|when|what|how(?:\s+(?:many|much|long|often))?|where|which|why)\s+"
                      r"(?:(?:was|were|is|are|did|does|do|has|have|had|will|would|can|could)\s+)?", re.I)
_MARKER = re.compile(r"\[(\d+)\]")


def split_question(question: str) -> tuple[str, str, str] | None:
    """(first question, second question, the first's subject), or None for a single question."""
    m = _SECOND.search(question)
    if not m:
        return None
    first, second = question[:m.start()].strip(" ,"), question[m.end():].strip()
    if len(first.split()) < 3 or len(second.split()) < 2:
        return None
    subject = _WH_LEAD.sub("", first).strip(" ?,.")
    return first.rstrip("?") + "?", second, subject


def join(question: str, first: Answer, second: Answer) -> Answer:
    """One answer from two: the second's citations renumbered after the first's (a quote both use keeps its number)."""
    if not second.found:
        return replace(first, question=question)
    if not first.found:
        return replace(second, question=question, searched=first.searched)
    key = lambda c: (c.paragraph_id, c.start, c.end)  # noqa: E731
    known = {key(c): c.n for c in first.citations}
    if all(key(c) in known for c in second.citations):
        return replace(first, question=question)  # the second part only repeats the first's evidence
    citations, numbers = list(first.citations), {}
    for c in second.citations:
        if key(c) not in known:
            known[key(c)] = len(citations) + 1
            citations.append(replace(c, n=known[key(c)]))
        numbers[c.n] = known[key(c)]
    text = _MARKER.sub(lambda m: f"[{numbers.get(int(m.group(1)), int(m.group(1)))}]", second.answer)
    return Answer(question=question, found=True, answer=f"{first.answer}\n{text}", citations=tuple(citations),
                  graph_facts=tuple(dict.fromkeys(first.graph_facts + second.graph_facts)), searched=first.searched)
