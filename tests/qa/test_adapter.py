"""The query adapter: stored exactly enough, fitted to move questions towards their evidence, used by dense search
only (the answer-type classifier reads the encoder's own vector)."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from qa import adapter
from qa.ranker import Model, load

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from fit_adapter import SETTINGS, Batch, fit, hit_at  # noqa: E402


def _unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


def test_the_map_survives_the_model_file_to_float16_precision():
    rng = np.random.default_rng(0)
    matrix = (np.eye(16) + 0.05 * rng.standard_normal((16, 16))).astype(np.float32)
    model = Model(["text_cover"], [], query_adapter=matrix)
    back = Model.from_json(model.to_json()).query_adapter
    assert back.shape == (16, 16)
    assert np.abs(back - matrix).max() < 1e-3
    assert Model.from_json(Model(["text_cover"], []).to_json()).query_adapter is None


def test_adapting_renormalises_and_no_adapter_changes_nothing():
    rng = np.random.default_rng(1)
    vectors = _unit(rng.standard_normal((3, 8))).astype(np.float32)
    assert adapter.adapt(None, vectors) is vectors
    mapped = adapter.adapt(2 * np.eye(8, dtype=np.float32) + 0.1, vectors)
    assert np.allclose(np.linalg.norm(mapped, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(mapped, vectors)


def test_a_fitted_map_finds_the_evidence_of_questions_it_never_saw():
    """Questions are their evidence seen through a fixed distortion plus noise (as a question is worded unlike the
    paragraph that answers it): as encoded, few find their paragraph; the map fitted on other questions does."""
    rng = np.random.default_rng(2)
    dim, n_rows = 32, 400
    rows = _unit(rng.standard_normal((n_rows, dim))).astype(np.float32)
    distortion = np.eye(dim) + 2.5 * rng.standard_normal((dim, dim)) / np.sqrt(dim)
    targets = rng.choice(n_rows, size=240, replace=False)
    questions = _unit(rows[targets] @ distortion.T + 0.1 * rng.standard_normal((240, dim))).astype(np.float32)
    positive = np.zeros((240, n_rows), dtype=bool)
    positive[np.arange(240), targets] = True
    train, test = slice(0, 160), slice(160, 240)
    matrix = fit([Batch(questions[train], rows, positive[train])], **SETTINGS)
    held_out = Batch(questions[test], rows, positive[test])
    row_units = np.arange(n_rows)
    before = np.mean(hit_at(held_out, None, row_units, 5))
    after = np.mean(hit_at(held_out, matrix, row_units, 5))
    assert before < 0.6 and after > 0.9, (before, after)  # measured: 0.49 and 0.95


def test_hit_at_pools_rows_to_paragraphs_as_the_index_does():
    """``hit_at`` finds the best paragraphs from each paragraph's first row in score order; ``rows_to_units`` (the
    index's pooling) keeps each paragraph's best row: the same paragraphs, ties included."""
    from embed.hybrid import rows_to_units

    rng = np.random.default_rng(0)
    for trial in range(60):
        m, n = int(rng.integers(5, 300)), int(rng.integers(1, 12))
        rows = rng.normal(size=(m, 8)).astype(np.float32)
        if trial % 2:
            rows = np.round(rows)  # rows of equal score
        questions = rng.normal(size=(n, 8)).astype(np.float32)
        row_units = np.sort(rng.integers(0, max(2, m // 3), m))
        positive = rng.random((n, m)) < 0.05
        k = int(rng.integers(1, 25))
        pooled = []
        for s, pos in zip(adapter.adapt(None, questions) @ rows.T, positive):
            order = np.argsort(-s)
            best = {unit for unit, _ in rows_to_units(s[order], order, row_units)[:k]}
            pooled.append(bool(best & set(row_units[pos].tolist())))
        assert hit_at(Batch(questions, rows, positive), None, row_units, k) == pooled


def test_the_shipped_model_has_an_adapter_for_the_index_encoder():
    model = load()
    assert model is not None and model.query_adapter is not None
    assert model.query_adapter.shape == (384, 384)  # all-MiniLM-L6-v2's dimension
    figures = model.info["query_adapter"]["dense_recall_at_20_cv"]
    assert figures["adapted"] > figures["as_encoded"]


@pytest.mark.slow
def test_dense_search_uses_the_adapted_vector_and_answer_types_the_encoders(engine):
    question = "What did inspectors say about the stability of social workers for children in care?"
    raw = engine.question_vector(question)
    assert engine.model.query_adapter is not None
    engine.search_as(question, question)
    searched = engine.index.encode([question])
    assert np.allclose(searched, adapter.adapt(engine.model.query_adapter, raw[None, :]), atol=1e-6)
    assert not np.allclose(searched[0], raw, atol=1e-3)
    assert np.allclose(engine.question_vector(question), raw)  # the answer type still reads the encoder's vector
    engine.remember_question_vector("a question encoded elsewhere", raw)  # as bench/fit_qa.py hands it over
    assert np.shares_memory(engine.question_vector("a question encoded elsewhere"), raw)  # taken, not encoded
    hit = engine.index.search(question, k=1, mode="dense")[0]
    rows = np.flatnonzero(engine.index.row_units == engine.index.position[hit.paragraph_id])
    best = max(float(engine.index.dense.index.reconstruct(int(r)) @ searched[0]) for r in rows)
    assert hit.dense_score == pytest.approx(best, abs=1e-4)
