"""Evaluation packs are ingested as `councilkg ingest` ingests: what a pack's manifest leaves out is read from the
document, so a question naming an authority is scoped to its report (qa.evaluate.add_documents)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from corpus.manifest import read_manifest
from councilkg.settings import get_settings
from qa.evaluate import add_documents, pack_stamp

DATA = Path(__file__).resolve().parents[1] / "data"


def test_a_report_listed_with_kind_and_publisher_only_gets_its_title_and_authority(tmp_path):
    corpus_dir = tmp_path / "corpus"
    shutil.copytree(DATA / "tiny_corpus", corpus_dir)
    shutil.copyfile(DATA / "ofsted" / "darlington-2018-05-21.pdf", tmp_path / "2018-05-21.pdf")
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps([{"file": "2018-05-21.pdf", "kind": "inspection_report", "publisher": "Ofsted"}]))
    settings = get_settings(corpus_dir=corpus_dir, build_dir=tmp_path / "build")
    add_documents(manifest, json.loads(manifest.read_text()), settings)
    added = [e for e in read_manifest(corpus_dir) if e.file.endswith("2018-05-21.pdf")]
    assert len(added) == 1
    assert added[0].bodies == ("Darlington",) and "Darlington" in added[0].title
    assert added[0].kind == "inspection_report" and added[0].publisher == "Ofsted"


def test_a_packs_stamp_names_how_it_was_ingested(monkeypatch):
    import qa.evaluate as evaluate

    manifest = DATA / "unseen" / "manifest.json"
    _, now = pack_stamp(manifest)
    monkeypatch.setattr(evaluate, "PACK_INGEST", "another way")
    assert pack_stamp(manifest)[1] != now


def test_a_packs_stamp_follows_the_code_that_builds_it(monkeypatch):
    import qa.evaluate as evaluate

    manifest = DATA / "unseen" / "manifest.json"
    _, now = pack_stamp(manifest)
    from councilkg.code_key import package_files

    built_from = set(package_files(*evaluate.BUILT_BY))
    assert {"graph/extractors/civic/bodies.py", "corpus/segment.py", "ontology/thesaurus.ttl"} <= built_from
    assert not any(f.startswith("qa/") for f in built_from)
    monkeypatch.setattr(evaluate, "built_by", lambda: "a mended extractor")
    assert pack_stamp(manifest)[1] != now


def test_a_packs_stamp_follows_its_documents_not_its_questions(tmp_path):
    pack, elsewhere = tmp_path / "pack", tmp_path / "reports"
    pack.mkdir(), elsewhere.mkdir()
    (pack / "note.txt").write_text("A paragraph the pack holds.")
    (elsewhere / "2018-05-21.txt").write_text("A report the pack lists from elsewhere.")
    manifest = pack / "manifest.json"
    manifest.write_text(json.dumps([{"file": "note.txt"}, {"file": "../reports/2018-05-21.txt"}]))
    (pack / "qa_pack.jsonl").write_text('{"id": "Q1", "question": "What does the note say?"}\n')
    _, before = pack_stamp(manifest)
    (pack / "qa_pack.jsonl").write_text('{"id": "Q1", "question": "What does the note say?", "type": "text"}\n')
    (pack / "README.md").write_text("Who wrote these questions.")
    assert pack_stamp(manifest)[1] == before
    (elsewhere / "2018-05-21.txt").write_text("A report the pack lists from elsewhere, revised.")
    assert pack_stamp(manifest)[1] != before
    (elsewhere / "2018-05-21.txt").write_text("A report the pack lists from elsewhere.")
    (pack / "note.txt").write_text("A paragraph the pack holds, revised.")
    assert pack_stamp(manifest)[1] != before
