"""Graph answers for structured questions."""
from __future__ import annotations


def answer_from_graph(engine, analysis, hard):
    return None
