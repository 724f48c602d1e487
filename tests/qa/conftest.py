"""One qa Engine over the session's real build (tests/conftest.py): no build of its own."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def engine(real_build):
    """The qa Engine on the shared real build (corpus, index and graph built once per session)."""
    from qa.engine import Engine

    return Engine(real_build.corpus, real_build.index, real_build.graph, real_build.settings)


@pytest.fixture(scope="session")
def ask(engine):
    import qa

    return lambda question, **kw: qa.ask(question, engine=engine, **kw)
