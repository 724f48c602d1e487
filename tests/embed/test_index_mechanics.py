"""Index mechanics on the tiny corpus with the fake encoder: fast, no model. The real model's own
behaviour is tested in test_index.py (slow)."""
from __future__ import annotations

import embed
from councilkg.settings import get_settings


def test_build_search_and_reuse_on_the_tiny_corpus(tiny_corpus, fake_encoder, tmp_path):
    settings = get_settings(build_dir=tmp_path / "build", corpus_dir=tmp_path / "corpus")
    index = embed.build(tiny_corpus, settings, progress=False)
    assert len(index) > 10 and fake_encoder.calls == 1

    hits = index.search("foster families recruitment campaign", k=3)
    assert hits and "foster families" in tiny_corpus.paragraph(hits[0].paragraph_id).text

    # an unchanged corpus reuses the folder: nothing is encoded again
    calls = fake_encoder.calls
    again = embed.build(tiny_corpus, settings, progress=False)
    assert fake_encoder.calls == calls and len(again) == len(index)


def test_a_reload_trusts_the_units_key_and_a_changed_key_makes_the_units(tiny_corpus, fake_encoder, tmp_path,
                                                                         monkeypatch):
    """An index whose units key matches is reused without making the units again to hash them (``load`` trusts
    the same key); one whose key does not match has its units made and compared, and is still reused when they
    are the same units."""
    import json

    from embed import index as index_module

    settings = get_settings(build_dir=tmp_path / "build", corpus_dir=tmp_path / "corpus")
    built = embed.build(tiny_corpus, settings, progress=False)
    made = []
    real = index_module.make_units
    monkeypatch.setattr(index_module, "make_units", lambda *a, **k: made.append(1) or real(*a, **k))

    again = embed.build(tiny_corpus, settings, progress=False)
    assert made == [] and [u.paragraph_id for u in again.units] == [u.paragraph_id for u in built.units]

    params_file = tmp_path / "build" / "index" / "params.json"
    params = json.loads(params_file.read_text())
    params_file.write_text(json.dumps({**params, "units_key": "another corpus or another units.py"}))
    calls = fake_encoder.calls
    third = embed.build(tiny_corpus, settings, progress=False)
    assert made and fake_encoder.calls == calls and len(third) == len(built)


def test_a_filter_keeps_only_the_kinds_asked_for(tiny_corpus, fake_encoder, tmp_path):
    settings = get_settings(build_dir=tmp_path / "build", corpus_dir=tmp_path / "corpus")
    index = embed.build(tiny_corpus, settings, progress=False)
    hits = index.search("care leavers homes", k=5, filters=embed.Filters(part_kinds=("inspection_report",)))
    assert hits
    kinds = {tiny_corpus.document(tiny_corpus.paragraph(h.paragraph_id).document_id).kind for h in hits}
    assert kinds == {"inspection_report"}


def test_filter_masks_by_codes_equal_the_string_comparison(tiny_corpus, fake_encoder, tmp_path):
    """Kinds and documents are matched by the columns' codes: the same units as comparing their strings,
    including names no unit holds."""
    import numpy as np

    from embed.hybrid import allowed_mask, unit_columns

    settings = get_settings(build_dir=tmp_path / "build", corpus_dir=tmp_path / "corpus")
    index = embed.build(tiny_corpus, settings, progress=False)
    codes = unit_columns(index.units)
    strings = {name: codes[name] for name in ("kind", "document", "date")}  # no codes: np.isin on the strings
    documents = sorted({u.document_id for u in index.units})
    for filters in (embed.Filters(document_ids=(documents[0], "no-such-document")),
                    embed.Filters(document_ids=tuple(documents[1:]), part_kinds=("Inspection_Report", "minutes")),
                    embed.Filters(part_kinds=("no-such-kind",))):
        by_codes = allowed_mask(index.units, filters, codes)
        assert np.array_equal(by_codes, allowed_mask(index.units, filters, strings))
        assert np.array_equal(by_codes, [(not filters.document_ids or u.document_id in filters.document_ids)
                                         and (not filters.part_kinds or u.part_kind.lower() in
                                              {k.lower() for k in filters.part_kinds}) for u in index.units])


def test_a_question_is_searched_on_one_thread_and_the_setting_restored(tiny_corpus, fake_encoder, tmp_path):
    """A few query vectors are searched on one OpenMP thread (the same rows and scores as on the process's
    threads); the calling thread's setting is back afterwards, and a large batch keeps every thread."""
    import faiss
    import numpy as np

    from embed import dense

    settings = get_settings(build_dir=tmp_path / "build", corpus_dir=tmp_path / "corpus")
    index = embed.build(tiny_corpus, settings, progress=False)
    queries = np.random.default_rng(0).standard_normal((3, index.dense.index.d)).astype("float32")
    before = faiss.omp_get_max_threads()
    seen = []
    real = index.dense._search
    index.dense._search = lambda *a: (seen.append(faiss.omp_get_max_threads()), real(*a))[1]
    scores, rows = index.dense.search(queries, 5)
    many = np.repeat(queries, dense.QUERY_BATCH, axis=0)
    index.dense.search(many, 5)
    assert seen == [1, before] and faiss.omp_get_max_threads() == before
    expected = real(faiss, queries, 5, None)
    assert np.array_equal(rows, expected[1]) and np.allclose(scores, expected[0])
