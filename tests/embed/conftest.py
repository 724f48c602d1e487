"""One real index of the whole corpus per test session, built into a temporary build folder."""
from __future__ import annotations

import shutil

import pytest

from councilkg.settings import get_settings


@pytest.fixture(scope="session")
def built(real_corpus, tmp_path_factory):
    """(settings, index) for the real corpus: one cold build (~1 min), shared by every slow test."""
    import embed

    build_dir = tmp_path_factory.mktemp("embed-build")
    settings = get_settings(build_dir=build_dir)
    return settings, embed.build(real_corpus, settings, progress=False)


@pytest.fixture
def build_copy(built, tmp_path):
    """Settings pointing at a private copy of the session build (index + vector cache)."""
    settings, _ = built
    target = tmp_path / "build"
    shutil.copytree(settings.build_dir, target)
    return get_settings(build_dir=target)
