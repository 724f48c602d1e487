"""Layouts of inspection reports that the general block rules miss: judgement headings wrapped over lines,
and section headings printed straight after a paragraph.

Why: an Ofsted report heads each judgement section with the area and its grade ("The experiences and
progress of children who need help and / protection: outstanding"), wrapped over two or three lines in
the PDF text and printed straight after the previous item's last line. Read as prose, the heading ran
into the list item above it, so the item and the heading were one paragraph.
"""
from __future__ import annotations

import re

from ontology.vocab import grade_pattern

GRADES = grade_pattern().replace(" ", r"\s+")  # as the ontology names them, any spacing
GRADED_END = re.compile(rf":\s*\**{GRADES}\**\s*$", re.I)
ENDS_SENTENCE = re.compile(r"""[.!?:;)\]"'’”]\s*$""")
MAX_HEADING = 200


# The section headings every inspection report uses, printed on a line of their own right after the
# previous paragraph's last line (no blank line in a PDF's text): "What needs to improve?".
SECTION_HEADING = re.compile(
    r"^\s*(?:what needs to improve(?: in this area)?\??|recommendations|inspection findings|executive summary|"
    r"areas? for (?:priority action|improvement)|what needs to be better\??)(?:\s*[–—-]\s*[^.;:]{3,80})?\s*\d?\s*$", re.I)


def graded_headings(lines: list[str]) -> dict[int, int]:
    """First line → last line (inclusive) of each heading that ends "…: <grade>" and was wrapped over up
    to three lines; it starts after the previous sentence, item or blank line."""
    out: dict[int, int] = {}
    for i, line in enumerate(lines):
        if not GRADED_END.search(line) or len(line.strip()) > MAX_HEADING:
            continue
        start = i
        for k in (i - 1, i - 2):
            prev = lines[k].strip() if k >= 0 else ""
            if not prev or ENDS_SENTENCE.search(prev) or re.match(r"^\s*(?:\d{1,3}\.\s|[^\w\s'‘“(])", prev):
                break
            if sum(len(lines[j].strip()) + 1 for j in range(k, i + 1)) > MAX_HEADING:
                break
            start = k
        out[start] = i
    for i, line in enumerate(lines):
        if SECTION_HEADING.match(line) and i > 0 and ENDS_SENTENCE.search(lines[i - 1].strip() or "."):
            out.setdefault(i, i)
    return out
