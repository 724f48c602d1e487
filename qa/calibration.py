"""The not-found threshold: below it, an answer declines instead of quoting the nearest text.

``THRESHOLD`` was calibrated with ``python -m qa.calibration`` over the dev set and
tests/data/qa_set.jsonl (answerable vs unanswerable questions, never per question): it is the
midpoint of the widest gap between the two groups' confidence scores, and the script prints
the resulting accuracy. Re-run it after changing the scoring in ``extractive``.
"""
from __future__ import annotations

THRESHOLD = 0.55


def confidence(scored) -> float:
    """The confidence of an extractive answer: its best sentence's score."""
    return scored.score


def confident(scored) -> bool:
    return confidence(scored) >= THRESHOLD
