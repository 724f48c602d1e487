"""Session-wide fixtures: the real corpus, loaded once; offline settings for every test."""
from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def real_corpus():
    import corpus

    return corpus.load()


@pytest.fixture(scope="session")
def ilacs_2021(real_corpus):
    """(document, part) of the 2021 ILACS report embedded in the 20 January 2022 pack."""
    doc = real_corpus.document("cyp-scrutiny-2022-01-20")
    part = next(p for p in doc.parts if p.kind == "inspection_report")
    return doc, part
