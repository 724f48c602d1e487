"""One engine over the real corpus per session: index + graph built into a temporary folder."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from councilkg.settings import get_settings


@pytest.fixture(scope="session")
def engine(real_corpus, tmp_path_factory):
    """The qa Engine on a fresh build (the vector cache of an existing build is reused when present)."""
    import embed
    import graph
    from qa.engine import Engine

    build_dir = tmp_path_factory.mktemp("qa-build")
    cache = Path(get_settings().build_dir) / "embed_cache"
    if cache.is_dir():
        shutil.copytree(cache, build_dir / "embed_cache")
    settings = get_settings(build_dir=build_dir)
    index = embed.build(real_corpus, settings, progress=False)
    kg = graph.build(real_corpus, settings)
    return Engine(real_corpus, index, kg, settings)


@pytest.fixture(scope="session")
def ask(engine):
    import qa

    return lambda question, **kw: qa.ask(question, engine=engine, **kw)
