"""Linear-time matching for patterns that would otherwise try every start position of a paragraph.

Why: a pattern such as ``[\\w ]*?\\bplan\\s+will be known as`` tries each start position and scans
forward from it, so a 5 MB line without the phrase costs 5M x 5M steps — the build ran for days.
Such patterns all hinge on a fixed phrase ("will be known as", "inspected by"), which a regex
finds in one linear pass. ``search_near`` finds the phrase first, then runs the full pattern only
in a bounded window around each occurrence: the same matches, in time linear in the text.
"""
from __future__ import annotations

import bisect
import re
from typing import Iterator


MAX_CUES = 4  # per text: a real paragraph states "will be known as" once; a hostile one 200,000 times


def search_near(pattern: re.Pattern, cue: re.Pattern, text: str, before: int, after: int) -> re.Match | None:
    """The first ``pattern`` match found in a window ``[cue - before, cue + after]`` around a ``cue``.

    ``pattern`` must contain the cue, and a match may reach at most ``before`` characters before
    the cue's start and ``after`` characters past its end (true of patterns with bounded parts).
    Offsets in the match are offsets in ``text``. Only the first ``MAX_CUES`` occurrences of
    the cue are looked at, so the cost per text is bounded whatever it repeats.
    """
    return next(finditer_near(pattern, cue, text, before, after), None)


def finditer_near(pattern: re.Pattern, cue: re.Pattern, text: str, before: int, after: int) -> Iterator[re.Match]:
    """Every distinct ``pattern`` match near a ``cue`` occurrence, in order (see ``search_near``)."""
    last_end = -1
    for n, c in enumerate(cue.finditer(text)):
        if n >= MAX_CUES:
            return
        start = max(0, c.start() - before, last_end)
        m = pattern.search(text, start, min(len(text), c.end() + after))
        if m and m.start() >= last_end:
            last_end = max(m.end(), last_end + 1)
            yield m


class Spans:
    """Non-overlapping (start, end) spans already claimed in a text, with O(log n) overlap checks.

    Why: checking each new mention against a list of every earlier one is quadratic; a paragraph
    naming 3,000 councillors took 10 s in that check alone.
    """

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end)  # spans starting before ``end``…
        return i > 0 and self._ends[i - 1] > start  # …the last of which reaches past ``start``

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)
