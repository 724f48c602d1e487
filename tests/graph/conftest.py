"""Graph fixtures: the real graph is the session's one real build (tests/conftest.py)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def civic_kg(real_build):
    """The real build's graph (civic facts among the others): built once per session, shared."""
    return real_build.graph
