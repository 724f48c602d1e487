"""The accountability layer: inspections, judgements, findings, recommendations, plans, priorities,
actions, and the explicit (and, apart, inferred) links between them.
"""
from __future__ import annotations

from corpus.records import Paragraph
from graph.facts import ExtractionContext, Fact, FunctionExtractor
from graph.extractors.accountability.analyse import INSPECTIONS, LINKS, PLANS, VERSION, analyse


def _facts_of(name: str):
    def extract(paragraph: Paragraph, context: ExtractionContext) -> list[Fact]:
        analysis = context.reading(analyse)  # the whole corpus, read once per build
        merged: dict[tuple[int, int], list] = {}
        for extractor, start, end, triples in analysis.statements.get(paragraph.id, ()):
            if extractor == name:
                merged.setdefault((start, end), []).extend(triples)
        return [
            context.fact(paragraph, start, end, list(dict.fromkeys(triples)), _EXTRACTORS[name])
            for (start, end), triples in sorted(merged.items())
        ]

    extract.__name__ = f"extract_{name.split('.')[-1]}"
    return extract


_EXTRACTORS = {name: FunctionExtractor(name, VERSION, _facts_of(name)) for name in (INSPECTIONS, PLANS, LINKS)}
EXTRACTORS = list(_EXTRACTORS.values())
from graph.extractors.accountability.commitments import link_commitments  # noqa: E402

POST_EXTRACT: list = [link_commitments]
