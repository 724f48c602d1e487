"""Recognise page furniture: lines that belong to the page, not to the prose.

Furniture is kept in the source (offsets must not move) but never enters a paragraph, so a quote
can never contain "Agenda Item 3" or a page number in the middle of a sentence.
"""
from __future__ import annotations

import re
from collections import Counter

from councilkg.dates import MONTH_PATTERN

PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("agenda_item_marker", re.compile(r"^\s*Agenda Item\s+\d+[A-Za-z]?\s*$", re.I)),
    ("blank_page", re.compile(r"^\s*This page is intentionally (left )?blank\.?\s*$", re.I)),
    ("page_number", re.compile(r"^\s*(Page\s+)?\d{1,4}(\s+of\s+\d{1,4})?\s*$", re.I)),
    ("page_number", re.compile(r"^\s*-\s*\d{1,4}\s*-\s*$")),
    ("stray_number", re.compile(r"^\s*\d{1,3}\.\s*$")),
    ("table_rule", re.compile(r"^[\s\-=_|+\t]{3,}$")),
)


# "Cabinet 13 April 2016", "Children and Young People Scrutiny Committee, 23 March 2022": a page's
# running header or footer naming the meeting. Only counted when it stands alone between blank lines.
DATED_HEADER = re.compile(
    rf"^\s*[A-Z][^.:;!?\t]{{2,90}}?,?\s+\d{{1,2}}(st|nd|rd|th)?\s+({MONTH_PATTERN})\s+\d{{4}}\s*$"
)


def is_dated_header(line: str) -> bool:
    return bool(DATED_HEADER.match(line)) and len(line.split()) <= 12


def classify(line: str) -> str | None:
    """The furniture kind of one line, or None if it is content."""
    for kind, pattern in PATTERNS:
        if pattern.match(line):
            return kind
    return None


def is_top_debris(line: str) -> bool:
    """A lone short word before the real start of a file ("BULLY", "son"): extraction debris."""
    stripped = line.strip()
    return bool(stripped) and " " not in stripped and len(stripped) <= 12 and stripped.upper() not in {
        "AGENDA", "MINUTES", "REPORT", "CONTENTS"
    }


def repeated_at_page_edges(lines: list[str], min_repeats: int = 3, reach: int = 3) -> set[str]:
    """Running headers/footers of a PDF extracted to plain text (no page boundaries known): short lines that
    recur at least ``min_repeats`` times, each time within ``reach`` non-blank lines of a page number."""
    content = [(i, line.strip()) for i, line in enumerate(lines) if line.strip()]
    page_marks = [k for k, (_, line) in enumerate(content) if classify(line) == "page_number"]
    near: Counter[str] = Counter()
    total = Counter(line for _, line in content)
    for k, (_, line) in enumerate(content):
        if total[line] < min_repeats or len(line) > 100 or classify(line) is not None:
            continue
        if any(abs(k - m) <= reach for m in page_marks):
            near[line] += 1
    return {line for line, n in near.items() if n >= min_repeats}


def page_free(line: str) -> str:
    """A page-edge line without the page number printed beside it ("17 to 21 March 2025 4" → "17 to 21
    March 2025"): a running header or footer that carries the page number differs on every page."""
    return re.sub(r"\s+\d{1,3}$", "", line.strip())


def running_headers(page_lines: list[list[str]], min_pages: int = 3) -> set[str]:
    """Lines that open or close at least ``min_pages`` pages of a PDF (once a page number printed beside
    them is set aside): running headers/footers. Test a line with ``is_running(line, headers)``."""
    counts: Counter[str] = Counter()
    for lines in page_lines:
        content = [line.strip() for line in lines if line.strip()]
        edges = {page_free(line) for line in content[:2] + content[-2:]}
        counts.update(line for line in edges if len(line) <= 100 and line)
    return {line for line, n in counts.items() if n >= min_pages}


def is_running(line: str, headers: set[str]) -> bool:
    return bool(headers) and (line.strip() in headers or page_free(line) in headers)
