"""Index fixtures: the session's one real build (tests/conftest.py) and private copies of it."""
from __future__ import annotations

import shutil

import pytest

from councilkg.settings import get_settings


@pytest.fixture(scope="session")
def built(real_build):
    """(settings, index) of the session's real build: shared by every slow test, never re-encoded here."""
    return real_build.settings, real_build.index


@pytest.fixture
def build_copy(built, tmp_path):
    """Settings pointing at a private copy of the session build (index + vector cache)."""
    settings, _ = built
    target = tmp_path / "build"
    shutil.copytree(settings.build_dir, target, ignore=shutil.ignore_patterns("*.lock", ".*.lock"))
    return get_settings(build_dir=target, corpus_dir=settings.corpus_dir)
