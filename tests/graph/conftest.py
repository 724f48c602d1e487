"""Session fixtures for graph tests: the real corpus and a civic-only graph built in memory."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def real_corpus():
    import corpus

    return corpus.load()


@pytest.fixture(scope="session")
def civic_kg(real_corpus):
    import graph
    from graph.extractors import civic

    return graph.from_corpus(real_corpus, extractors=civic.EXTRACTORS, post=civic.POST_EXTRACT)
