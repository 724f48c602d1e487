"""Ingest and remove under hostile input and concurrency: one sentence, nothing lost, nothing half-done."""
from __future__ import annotations

import os
import resource
import stat
import time
from pathlib import Path

import pytest

from corpus.manifest import read_manifest, sha256_of
from tests.reliability.conftest import assert_one_sentence, spawn_cli

PARAGRAPH = ("The Improvement Board met on 3 March 2023 and agreed that every child in need will have a "
             "named social worker within five working days.\n\n")


def write_doc(path: Path, n: int = 1, salt: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"Report {salt}\n\n" + PARAGRAPH * n + f"Closing remark {salt}.\n", encoding="utf-8")
    return path


def listed_files(corpus_dir: Path) -> set[str]:
    return {Path(e.file).name for e in read_manifest(corpus_dir)}


def test_missing_path_is_one_sentence(councilkg, tmp_path):
    assert_one_sentence(councilkg("ingest", str(tmp_path / "nowhere.txt"), "--no-build"), "no such file")


def test_directory_is_one_sentence(councilkg, tmp_path):
    (tmp_path / "folder.txt").mkdir()
    assert_one_sentence(councilkg("ingest", str(tmp_path / "folder.txt"), "--no-build"), "folder")


def test_non_utf8_file_name_is_sanitised(councilkg, tmp_path, corpus_copy):
    raw = os.fsencode(str(tmp_path)) + b"/minutes_\xff\xfe_2023-03-03.txt"
    with open(raw, "w", encoding="utf-8") as fh:
        fh.write("Minutes\n\n" + PARAGRAPH)
    run = councilkg("ingest", raw, "--no-build")
    assert run.code == 0 and "Traceback" not in run.err, run.err
    names = listed_files(corpus_copy)
    added = [n for n in names if n.startswith("minutes_")]
    assert added and added[0].encode("utf-8").decode("utf-8") == added[0]
    assert (corpus_copy / "documents" / added[0]).is_file()


@pytest.mark.parametrize("bad", ["2024-13-45", "2024-02-30", "20240101", "yesterday"])
def test_impossible_dates_are_refused_before_work(councilkg, tmp_path, corpus_copy, bad):
    before = (corpus_copy / "manifest.toml").read_bytes()
    run = councilkg("ingest", str(write_doc(tmp_path / "report.txt")), "--date", bad, "--no-build")
    assert_one_sentence(run, bad)
    assert (corpus_copy / "manifest.toml").read_bytes() == before


def test_impossible_date_in_the_manifest_is_a_sentence_not_a_traceback(councilkg, corpus_copy):
    manifest = corpus_copy / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    first_date = next(line for line in text.splitlines() if line.startswith("date = "))
    manifest.write_text(text.replace(first_date, 'date = "2024-13-45"', 1), encoding="utf-8")
    assert_one_sentence(councilkg("corpus", "list"), "2024-13-45")


def test_size_is_checked_before_the_file_is_read(councilkg, tmp_path, corpus_copy):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:  # sparse: 2 GB on paper, nothing on disk
        fh.truncate(2 * 1024 ** 3)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    run = councilkg("ingest", str(big), "--no-build")
    elapsed = time.perf_counter() - started
    assert_one_sentence(run, "limit")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert peak_mb < 600 or peak_mb <= before / 1024, f"ingest of a 2 GB file peaked at {peak_mb:.0f} MB"
    assert elapsed < 30


def test_nul_bytes_anywhere_are_refused(councilkg, tmp_path, corpus_copy):
    doc = tmp_path / "report.txt"
    doc.write_bytes(("Report\n\n" + PARAGRAPH * 800).encode() + b"\x00tail\n")  # NUL after the first 64 KiB
    assert doc.stat().st_size > 70_000
    assert_one_sentence(councilkg("ingest", str(doc), "--no-build"), "NUL")
    assert "report.txt" not in listed_files(corpus_copy)


def test_ingest_keeps_the_folder_permissions(councilkg, tmp_path, corpus_copy):
    os.chmod(corpus_copy, 0o755)
    os.chmod(corpus_copy / "documents", 0o755)
    doc = write_doc(tmp_path / "report.txt")
    os.chmod(doc, 0o644)
    run = councilkg("ingest", str(doc), "--no-build")
    assert run.code == 0, run.err
    assert stat.S_IMODE((corpus_copy / "documents" / "report.txt").stat().st_mode) == 0o644
    assert stat.S_IMODE((corpus_copy / "manifest.toml").stat().st_mode) == 0o644


@pytest.mark.slow  # seconds of subprocesses or a memory limit: not the fast lane
def test_six_concurrent_ingests_keep_six_documents_or_refuse_none_lost(env, tmp_path, corpus_copy):
    docs = [write_doc(tmp_path / "in" / f"report-{i}.txt", n=3, salt=str(i)) for i in range(6)]
    procs = [spawn_cli(["ingest", str(d), "--no-build"], env) for d in docs]
    results = [(p.wait(timeout=300), p.stderr.read().decode()) for p in procs]
    names = listed_files(corpus_copy)
    on_disk = {p.name for p in (corpus_copy / "documents").iterdir()}
    for doc, (code, err) in zip(docs, results):
        assert "Traceback" not in err, err
        if code == 0:
            assert doc.name in names, f"{doc.name} printed 'added' but is not in the manifest"
            assert sha256_of(corpus_copy / "documents" / doc.name) == sha256_of(doc)
        else:
            assert code == 2 and "another" in err.lower(), err
            assert doc.name not in names
    assert on_disk == names, f"orphan files: {on_disk - names}"
    assert sum(code == 0 for code, _ in results) == 6  # with the default wait, all six get their turn


def test_same_name_ingested_twice_at_once_never_overwrites(env, tmp_path, corpus_copy):
    first = write_doc(tmp_path / "a" / "report.txt", n=2, salt="first")
    second = write_doc(tmp_path / "b" / "report.txt", n=2, salt="second")
    procs = [spawn_cli(["ingest", str(p), "--no-build"], env) for p in (first, second)]
    codes = [p.wait(timeout=300) for p in procs]
    errs = [p.stderr.read().decode() for p in procs]
    assert sorted(codes) == [0, 2], errs
    assert all("Traceback" not in e for e in errs)
    winner = (first, second)[codes.index(0)]
    entry = next(e for e in read_manifest(corpus_copy) if e.file == "documents/report.txt")
    assert entry.sha256 == sha256_of(winner) == sha256_of(corpus_copy / "documents" / "report.txt")


@pytest.mark.slow  # seconds of subprocesses or a memory limit: not the fast lane
def test_remove_takes_a_document_out_atomically(councilkg, tmp_path, corpus_copy):
    doc = write_doc(tmp_path / "report.txt")
    assert councilkg("ingest", str(doc), "--no-build").code == 0
    entry = next(e for e in read_manifest(corpus_copy) if e.file == "documents/report.txt")
    run = councilkg("remove", entry.id, "--no-build")
    assert run.code == 0, run.err
    assert entry.id not in {e.id for e in read_manifest(corpus_copy)}
    assert not (corpus_copy / "documents" / "report.txt").exists()
    assert_one_sentence(councilkg("remove", entry.id, "--no-build"), entry.id)
    # and it can come back
    assert councilkg("ingest", str(doc), "--no-build").code == 0


def test_a_writer_holding_the_lock_makes_the_next_one_wait_then_refuse(councilkg, tmp_path, corpus_copy):
    from councilkg.locks import corpus_lock

    before = (corpus_copy / "manifest.toml").read_bytes()
    with corpus_lock(corpus_copy, wait_s=0):
        run = councilkg("ingest", str(write_doc(tmp_path / "report.txt")), "--no-build",
                        extra_env={"COUNCILKG_LOCK_WAIT_S": "0.5"})
    assert_one_sentence(run, "another")
    assert (corpus_copy / "manifest.toml").read_bytes() == before


def test_an_orphan_left_by_a_killed_ingest_does_not_block_the_name(councilkg, tmp_path, corpus_copy):
    (corpus_copy / "documents" / "report.txt").write_text("half-copied", encoding="utf-8")
    (corpus_copy / "documents" / ".ingest-abc123").write_text("temp", encoding="utf-8")
    run = councilkg("ingest", str(write_doc(tmp_path / "report.txt")), "--no-build")
    assert run.code == 0, run.err
    assert not (corpus_copy / "documents" / ".ingest-abc123").exists()
    assert "report.txt" in listed_files(corpus_copy)
