"""Fixtures for the reliability suite: a private corpus copy and a real `councilkg` process runner.

Each test here reproduces a way a hostile or careless user broke the system (issue #16) and
asserts the behaviour we want instead: a one-sentence error (exit 2, no traceback) and nothing
lost.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def sentence(self) -> str:
        return self.err.strip()


def assert_one_sentence(run: Run, *needles: str) -> None:
    """Exit 2, no traceback, one line of error that mentions each needle (case-insensitive)."""
    assert run.code == 2, (run.code, run.out[-500:], run.err[-2000:])
    assert "Traceback" not in run.err, run.err[-2000:]
    lines = [line for line in run.err.strip().splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), run.err[-2000:]
    for needle in needles:
        assert needle.lower() in lines[0].lower(), (needle, lines[0])


@pytest.fixture
def corpus_copy(tmp_path):
    """A private copy of the real corpus folder (documents + manifest), 0755/0644 like a checkout."""
    target = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", target,
                    ignore=shutil.ignore_patterns("*.py", "__pycache__", "README.md", ".councilkg-*.lock"))
    return target


@pytest.fixture
def env(tmp_path, corpus_copy):
    """Environment of a `councilkg` process working on the private corpus and build folder."""
    value = dict(os.environ)
    value.update(COUNCILKG_CORPUS_DIR=str(corpus_copy), COUNCILKG_BUILD_DIR=str(tmp_path / "build"),
                 HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONUNBUFFERED="1")
    return value


@pytest.fixture
def councilkg(env):
    """Run `councilkg ARGS…` as a real process (argv items may be bytes, for non-UTF-8 names)."""
    def run(*args, timeout: float = 600, extra_env: dict | None = None, cwd=None) -> Run:
        proc = subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, timeout=timeout,
                              env={**env, **(extra_env or {})}, cwd=cwd or REPO)
        return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))

    return run


def spawn_cli(args, env, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cli", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=env, cwd=REPO, **kw)


EX = "https://w3id.org/councilkg/id/test/"
# Never finishes (27e9 rows) yet holds almost nothing: counting streams, so only the time limit can stop it
# (a sorted cross product can reach the memory cap first on a fast machine: the wrong limit tested).
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def small_graph(store: str, n: int = 3000):
    """A KnowledgeGraph of n quads in a few named graphs: enough for a cross product that never ends."""
    from rdflib import Literal, URIRef

    from graph.knowledge import KnowledgeGraph
    from graph.stores import create

    quads = [(URIRef(f"{EX}s{i}"), URIRef(f"{EX}p{i % 7}"), Literal(f"value {i}"), URIRef(f"{EX}graph/{i % 5}"))
             for i in range(n)]
    backend = create(store)
    backend.add(quads)
    return KnowledgeGraph(backend, quads, timeout=5)
