"""Accountability fixtures: the real corpus read once, and a graph of only this layer's facts."""
from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "fixtures"


@pytest.fixture(scope="session")
def analysis(real_corpus):
    from graph.extractors.accountability.analyse import analyse

    return analyse(real_corpus)


@pytest.fixture(scope="session")
def readings(analysis):
    return analysis.readings


@pytest.fixture(scope="session")
def accountability_graph(real_build):
    """The real build's graph (the accountability facts among the others): built once per session, shared."""
    return real_build.graph


def read_fixture(name: str):
    """Read one synthetic report (text or PDF) through the corpus layer, then this layer's parsers."""
    import corpus
    from corpus.records import Corpus
    from graph.extractors.accountability.analyse import read_corpus

    doc = corpus.load_document(FIXTURES / name)
    return doc, read_corpus(Corpus(documents=(doc,)))[doc.id]
