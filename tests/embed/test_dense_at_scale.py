"""The dense index past the exact threshold: IVF, IVF-PQ, memory-mapped files and shards, on clustered
synthetic vectors (FAISS for real; recall is measured against exact search, as bench_scale does)."""
import numpy as np
import pytest

from embed.dense import DenseIndex, choose

DIM = 48


def clustered(rows: int, seed: int = 0) -> np.ndarray:
    """Unit vectors around 300 centres: i.i.d. noise would make every approximate index look broken."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(300, DIM))
    vectors = centres[rng.integers(0, len(centres), rows)] + 0.35 * rng.normal(size=(rows, DIM))
    return np.ascontiguousarray(vectors / np.linalg.norm(vectors, axis=1, keepdims=True), dtype=np.float32)


def recall_at_10(index: DenseIndex, vectors: np.ndarray, queries: np.ndarray) -> float:
    truth = DenseIndex.build(vectors, {"type": "flat"}).search(queries, 10)[1]
    found = index.search(queries, 10)[1]
    return float(np.mean([len(set(f) & set(t)) / 10 for f, t in zip(found, truth)]))


@pytest.fixture(scope="module")
def data():
    vectors = clustered(20_000)
    queries = clustered(200, seed=1)
    return vectors, queries


def test_auto_picks_flat_then_ivf_then_ivfpq_with_nprobe_an_eighth_of_the_lists():
    assert choose(50_000)["type"] == "flat"
    ivf = choose(84_787)
    assert (ivf["type"], ivf["nlist"], ivf["nprobe"]) == ("ivf", 512, 64)
    assert choose(150_001)["type"] == "ivfpq"
    assert choose(1_000_000)["nlist"] == 2048
    assert choose(200_000, shard_rows=60_000)["shards"] == 4


def test_ivf_search_follows_its_params_not_the_index_objects_nprobe(data):
    vectors, queries = data
    params = choose(len(vectors), "ivf")
    index = DenseIndex.build(vectors, params)
    good = recall_at_10(index, vectors, queries)
    assert good >= 0.9
    index.index.nprobe = 1  # a stale object state must not narrow the search
    assert recall_at_10(index, vectors, queries) == good
    narrow = DenseIndex(index.index, {**params, "nprobe": 1})
    assert recall_at_10(narrow, vectors, queries) < good


def test_ivfpq_states_its_training_sample_and_maps_from_disk_unchanged(data, tmp_path):
    vectors, queries = data
    params = choose(len(vectors), "ivfpq")
    built = DenseIndex.build(vectors, params)
    assert params["factory"].startswith("IVF") and "PQ" in params["factory"]
    assert params["train_sample"]["of"] == len(vectors) and params["train_sample"]["rows"] <= len(vectors)
    assert recall_at_10(built, vectors, queries) >= 0.85  # the exact re-ranking of a PQ shortlist
    built.save(tmp_path / "dense.faiss")
    mapped = DenseIndex.load(tmp_path / "dense.faiss", params)
    assert np.array_equal(mapped.search(queries, 10)[1], built.search(queries, 10)[1])


def test_shards_return_global_rows_and_filters_hold_across_them(data, tmp_path):
    vectors, queries = data
    params = choose(len(vectors), "ivf", shard_rows=6_000)
    assert params["shards"] == 4
    built = DenseIndex.build(vectors, params)
    built.save(tmp_path / "dense.faiss")
    assert len(list(tmp_path.glob("dense-*.faiss"))) == 4
    mapped = DenseIndex.load(tmp_path / "dense.faiss", params)
    assert recall_at_10(mapped, vectors, queries) >= 0.9
    allowed = np.arange(15_000, 20_000)  # rows of the last shards only
    rows = mapped.search(queries[:20], 10, allowed_rows=allowed)[1]
    assert ((rows >= 15_000) | (rows == -1)).all() and (rows >= 15_000).any()
