"""Session-wide fixtures: the real corpus loaded once, ONE real build shared by every slow test, offline settings.

Fast tests use small synthetic documents and the fake encoder in ``tests/fakes.py``; every slow test
that needs the real graph or index takes ``real_build`` (or a fixture made from it), so the real
corpus is extracted and indexed once per session, reusing the repository build's vector cache.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# The data folders default to the current directory; tests always mean the repository's.
os.environ.setdefault("COUNCILKG_CORPUS_DIR", str(REPO / "corpus"))
os.environ.setdefault("COUNCILKG_BUILD_DIR", str(REPO / "build"))

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def real_corpus():
    import corpus

    return corpus.load(REPO / "corpus")


@pytest.fixture(scope="session")
def real_build(real_corpus, tmp_path_factory):
    """The real corpus built once (graph + index, ``councilkg.pipeline.build``) into a session folder.

    The repository build's vector cache is copied in when present (`make test` builds first), so only
    text it has not seen is encoded; on a fresh clone this is one cold build (~1–2 min on 2 cores).
    """
    from councilkg import pipeline
    from councilkg.settings import get_settings

    build_dir = tmp_path_factory.mktemp("real-build")
    cache = REPO / "build" / "embed_cache"
    if cache.is_dir():
        shutil.copytree(cache, build_dir / "embed_cache")
    settings = get_settings(build_dir=build_dir, corpus_dir=REPO / "corpus")
    return pipeline.build(settings, corpus=real_corpus, show_progress=False)


@pytest.fixture(scope="session")
def ilacs_2021(real_corpus):
    """(document, part) of the 2021 ILACS report embedded in the 20 January 2022 pack."""
    doc = real_corpus.document("cyp-scrutiny-2022-01-20")
    part = next(p for p in doc.parts if p.kind == "inspection_report")
    return doc, part
