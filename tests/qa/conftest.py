"""One qa Engine over the session's real build (tests/conftest.py): no build of its own."""
from __future__ import annotations

from pathlib import Path

import pytest

from councilkg.settings import get_settings


@pytest.fixture(scope="session")
def engine(real_build):
    """The qa Engine on the shared real build (corpus, index and graph built once per session)."""
    from qa.engine import Engine

    return Engine(real_build.corpus, real_build.index, real_build.graph, real_build.settings)


@pytest.fixture(scope="session")
def ask(engine):
    import qa

    return lambda question, **kw: qa.ask(question, engine=engine, **kw)


SYNTHETIC = Path(__file__).resolve().parent / "data" / "synthetic"


@pytest.fixture(scope="session")
def synthetic_engine(tmp_path_factory):
    """An Engine over synthetic inspection reports only (two of one council, years apart; an Area SEND report),
    ingested and built like any documents: text nobody tuned on, for mechanism tests."""
    import json

    entries = json.loads((SYNTHETIC / "manifest.json").read_text(encoding="utf-8"))
    return engine_over(tmp_path_factory.mktemp("synthetic"), [dict(e, file=SYNTHETIC / e["file"]) for e in entries])


def engine_over(root: Path, entries: list[dict]):
    """An Engine over ``entries`` (manifest entries: file, title, date, kind, publisher), ingested into a corpus under
    ``root`` and built there like any documents."""
    import corpus
    import embed
    import graph
    from corpus.ingest import ingest
    from qa.engine import Engine

    corpus_dir = root / "corpus"
    (corpus_dir / "documents").mkdir(parents=True)
    (corpus_dir / "manifest.toml").write_text("", encoding="utf-8")
    for e in entries:
        ingest(e["file"], corpus_dir, title=e["title"], date=e["date"], kind=e["kind"], publisher=e["publisher"])
    settings = get_settings(build_dir=root / "build", corpus_dir=corpus_dir)
    loaded = corpus.load(corpus_dir)
    return Engine(loaded, embed.build(loaded, settings, progress=False), graph.build(loaded, settings), settings)


def assert_cited_verbatim(answer, engine) -> None:
    """Every quote is its document's text at its offsets, inside its paragraph; every [n] marker is a citation."""
    import re

    numbers = {c.n for c in answer.citations}
    for c in answer.citations:
        assert engine.docs[c.document_id].text[c.start:c.end] == c.quote
        p = engine.paragraphs[c.paragraph_id]
        assert p.start <= c.start < c.end <= p.end
    assert {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)} <= numbers
