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

    The repository's build is copied in when present (`make test` builds first): each stage keeps
    what its cache key (corpus, extractor code, ontology; text and model) says is current and
    rebuilds the rest, so a stale copy costs a rebuild, never a wrong answer. On a fresh clone
    without `make build` this is one cold build (~1–2 min on 2 cores).
    """
    from councilkg import pipeline
    from councilkg.settings import get_settings

    build_dir = tmp_path_factory.mktemp("real-build")
    for stage in ("embed_cache", "graph", "index"):
        if (REPO / "build" / stage).is_dir():
            shutil.copytree(REPO / "build" / stage, build_dir / stage)
    settings = get_settings(build_dir=build_dir, corpus_dir=REPO / "corpus")
    return pipeline.build(settings, corpus=real_corpus, show_progress=False)


TINY_CORPUS = REPO / "tests" / "data" / "tiny_corpus"


@pytest.fixture(scope="session")
def tiny_corpus():
    """Three short documents written for the tests (minutes, an ILACS report, a plan): fast to read and build."""
    import corpus

    return corpus.load(TINY_CORPUS)


class FakeEncoder:
    """A deterministic stand-in for the sentence encoder: hashed bags of words, unit length.

    Texts sharing words get a high cosine, unrelated texts a low one, the same text the same vector
    on every run and machine — enough for unit tests of index mechanics (caching, filters, fusion,
    windows) without loading torch. The real model has its own slow tests.
    """

    dim = 64
    max_tokens = 64
    name = "fake-encoder"
    info = {"name": "fake-encoder", "path": "(fake)", "fingerprint": "fake0000000000000"}

    def __init__(self):
        self.calls = 0

    def _words(self, text: str) -> list[str]:
        import re

        return re.findall(r"[a-z0-9]+", text.lower())

    def encode(self, texts, batch_size: int = 32, progress: bool = False):
        import hashlib

        import numpy as np

        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in self._words(text) or ["<empty>"]:
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def count_tokens(self, texts):
        return [len(self._words(t)) for t in texts]

    def windows(self, text: str, budget: int, stride: int) -> list[str]:
        words = text.split()
        if len(words) <= budget:
            return [text]
        return [" ".join(words[i:i + budget]) for i in range(0, max(len(words) - budget, 0) + stride, stride)]


@pytest.fixture
def fake_encoder(monkeypatch):
    """Swap the sentence encoder for FakeEncoder everywhere the index and qa look it up."""
    import embed.encoder
    import embed.index

    fake = FakeEncoder()
    for module in (embed.encoder, embed.index):
        monkeypatch.setattr(module, "get_encoder", lambda settings=None: fake)
        monkeypatch.setattr(module, "get_query_encoder", lambda settings=None: fake)
    monkeypatch.setattr(embed.index, "model_info", lambda model_path="": dict(FakeEncoder.info))
    return fake


@pytest.fixture(scope="session")
def ilacs_2021(real_corpus):
    """(document, part) of the 2021 ILACS report embedded in the 20 January 2022 pack."""
    doc = real_corpus.document("cyp-scrutiny-2022-01-20")
    part = next(p for p in doc.parts if p.kind == "inspection_report")
    return doc, part


# Files that start a cluster, then servers or a browser, then the other slow ones run first, and among
# files of one rank those with more tests: on two pytest-xdist workers (a file at a time, `make test`,
# with --no-loadscope-reorder so xdist keeps this order instead of its own by test count) the long files
# start early and the many short ones fill in at the end, so the workers finish together. A file keeps
# its tests' order.
FIRST = ("ray", "sparql", "server", "browser", "slow")


def _weight(item) -> int:
    return next((rank for rank, mark in enumerate(FIRST) if item.get_closest_marker(mark)), len(FIRST))


def pytest_collection_modifyitems(config, items):
    """A test that uses the real build is slow, whatever its file says: the fast lane never builds.
    Then the heaviest files first (FIRST)."""
    for item in items:
        if "real_build" in getattr(item, "fixturenames", ()) and item.get_closest_marker("slow") is None:
            item.add_marker(pytest.mark.slow)
    weight: dict[str, int] = {}
    tests: dict[str, int] = {}
    for item in items:
        weight[item.fspath] = min(weight.get(item.fspath, len(FIRST)), _weight(item))
        tests[item.fspath] = tests.get(item.fspath, 0) + 1
    items.sort(key=lambda item: (weight[item.fspath], -tests[item.fspath]))


@pytest.fixture
def listener():
    """A local HTTP server that records every request: a SPARQL SERVICE call would show up here."""
    import http.server
    import socketserver
    import threading

    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = socketserver.TCPServer(("127.0.0.1", 0), Handler)
    # a short poll: shutdown() waits for the loop to look, which at the default 0.5 s idled ~12 s of the tests
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", hits
    server.shutdown()
    server.server_close()
