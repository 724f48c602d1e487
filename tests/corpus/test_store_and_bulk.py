"""The segmented corpus kept in the build (no source re-read) and bulk ingest of real Ofsted reports."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from councilkg.errors import CorpusIntegrityError
from councilkg.settings import get_settings

REPO = Path(__file__).resolve().parents[2]
OFSTED = REPO / "tests" / "data" / "ofsted"


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """A copy of the project corpus and an empty build folder, selected through the settings."""
    corpus_dir, build_dir = tmp_path / "corpus", tmp_path / "build"
    shutil.copytree(REPO / "corpus", corpus_dir, ignore=shutil.ignore_patterns("*.py", "__pycache__", "README.md"))
    monkeypatch.setenv("COUNCILKG_CORPUS_DIR", str(corpus_dir))
    monkeypatch.setenv("COUNCILKG_BUILD_DIR", str(build_dir))
    import corpus

    corpus._CACHE.clear()
    return get_settings()


def test_a_second_process_loads_the_corpus_from_the_build_without_reading_a_source(scratch, monkeypatch):
    import corpus
    import corpus.store

    first = corpus.load(scratch.corpus_dir)
    corpus._CACHE.clear()  # as a new process would start

    def no_reading(*args, **kwargs):
        raise AssertionError("a source file was read again")

    monkeypatch.setattr(corpus.store, "read", no_reading)
    monkeypatch.setattr(corpus.store, "file_sha256", no_reading)
    second = corpus.load(scratch.corpus_dir)
    assert second.content_hash == first.content_hash
    assert [p.id for p in second.paragraphs()] == [p.id for p in first.paragraphs()]
    assert second.duplicates == first.duplicates


def test_a_changed_source_is_still_refused(scratch):
    import corpus

    corpus.load(scratch.corpus_dir)
    corpus._CACHE.clear()
    victim = next((scratch.corpus_dir / "documents").iterdir())
    victim.write_bytes(victim.read_bytes() + b" ")
    with pytest.raises(CorpusIntegrityError):
        corpus.load(scratch.corpus_dir)


def test_bulk_ingest_reads_metadata_from_the_reports_skips_known_files_and_reports_bad_ones(scratch, tmp_path):
    from corpus.manifest import read_manifest
    from councilkg.bulk import ingest_many

    inbox = tmp_path / "inbox"
    for name, folder in (("knowsley-2021-12-03.pdf", "knowsley"), ("somerset-2026-06-17.pdf", "somerset")):
        (inbox / folder).mkdir(parents=True)
        shutil.copy(OFSTED / name, inbox / folder / name.split("-", 1)[1])  # '2021-12-03.pdf': a generic name
    (inbox / "broken.pdf").write_text("<!DOCTYPE html>")
    said: list[str] = []
    added = ingest_many([inbox], scratch, workers=1, progress=False, say=said.append)
    assert sorted(e.id for e in added) == ["knowsley-2021-12-03", "somerset-2026-06-17"]
    knowsley = next(e for e in added if e.id.startswith("knowsley"))
    assert (knowsley.kind, knowsley.date, knowsley.publisher, knowsley.bodies) == (
        "inspection_report", "2021-12-03", "Ofsted", ("Knowsley",))
    assert "Knowsley" in knowsley.title
    assert len(said) == 1 and said[0].startswith("rejected: broken.pdf")
    manifest = {e.id for e in read_manifest(scratch.corpus_dir)}
    assert {"knowsley-2021-12-03", "somerset-2026-06-17"} <= manifest

    said.clear()
    assert ingest_many([inbox], scratch, workers=1, progress=False, say=said.append) == []
    assert said[0] == "skipped 2 files already in the corpus (same bytes)" and said[1].startswith("rejected: broken.pdf")


def test_a_day_anywhere_in_a_file_name_dates_the_document(scratch, tmp_path):
    """A report named by its authority and its publication day ("knowsley-2021-12-03.pdf", as packs stage two
    authorities' reports of one day) is of that day; read from the name's start alone, it went by its inspection's
    last day (the report prints no publication date). A name's impossible day is no date."""
    from corpus.manifest import entry_for
    from councilkg.bulk import ingest_many

    added = ingest_many([OFSTED / "knowsley-2021-12-03.pdf"], scratch, workers=1, progress=False, say=lambda _: None)
    assert [(e.id, e.date) for e in added] == [("knowsley-2021-12-03", "2021-12-03")]
    for name, day in (("cabinet-2024-06-12.txt", "2024-06-12"), ("2016-06-08_cabinet_agenda-pack.txt", "2016-06-08"),
                      ("minutes-2024-13-40.txt", None)):
        (tmp_path / name).write_text("Minutes.", encoding="utf-8")
        assert entry_for(tmp_path / name, None).date == day


def test_bulk_ingested_documents_are_segmented_once(scratch, tmp_path, monkeypatch):
    """The documents bulk ingest read are stored in the build: the rebuild does not read them again."""
    import corpus
    import corpus.store
    from councilkg.bulk import ingest_many

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(OFSTED / "knowsley-2021-12-03.pdf", inbox)
    corpus.load(scratch.corpus_dir)  # the project's own documents, stored
    ingest_many([inbox], scratch, workers=1, progress=False, say=lambda s: None)
    corpus._CACHE.clear()
    monkeypatch.setattr(corpus.store, "read", lambda *a, **k: (_ for _ in ()).throw(AssertionError("read again")))
    loaded = corpus.load(scratch.corpus_dir)
    assert "knowsley-2021-12-03" in {d.id for d in loaded.documents}


def test_a_corpus_loaded_for_other_settings_is_kept_in_their_build_not_the_default_one(scratch, tmp_path):
    """An eval pack's scratch build keeps its corpus in its own folder: kept in the default build, fifteen packs'
    corpora took turns in its eight places and each load found the near-duplicates again."""
    import corpus

    other = get_settings(build_dir=tmp_path / "other-build", corpus_dir=scratch.corpus_dir)
    corpus.load(scratch.corpus_dir, settings=other)
    assert list((tmp_path / "other-build" / "corpus").glob("corpus-*.pkl"))
    assert not list((Path(scratch.build_dir) / "corpus").glob("corpus-*.pkl"))
