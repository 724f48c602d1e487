"""Index benchmarks: corpus build/rebuild/encode/query timings, and approximate search at 100k and 1M units.

Run: .venv/bin/python bench/bench_index.py [--quick]
Prints a markdown table and writes bench/results/index.json (and index.md).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def rss_mb() -> float:
    try:
        import psutil

        return psutil.Process().memory_info().rss / 2**20
    except ImportError:  # pragma: no cover
        return float("nan")


def percentile_ms(samples: list[float], p: float) -> float:
    return round(float(np.percentile(np.asarray(samples) * 1000, p)), 3)


def questions() -> list[str]:
    out = []
    for path in (ROOT / "tests" / "data" / "qa_set.jsonl", ROOT.parent / "shared" / "eval" / "dev_qa.jsonl"):
        if path.exists():
            out += [json.loads(line)["question"] for line in path.read_text().splitlines() if line.strip()]
    return out


def bench_corpus() -> tuple[dict, "object"]:
    """Cold build (segment + encode + index) in an empty build dir, unchanged rebuild, query latency."""
    import corpus
    import embed
    from councilkg.settings import get_settings

    build_dir = Path(tempfile.mkdtemp(prefix="councilkg-bench-"))
    try:
        settings = get_settings(build_dir=build_dir)
        t0 = time.perf_counter()
        loaded = corpus.load(settings.corpus_dir)
        t_segment = time.perf_counter() - t0
        index = embed.build(loaded, settings, progress=False)
        t_cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        loaded2 = corpus.load(settings.corpus_dir)
        embed.build(loaded2, settings, progress=False)
        t_rebuild = time.perf_counter() - t0
        stats = index.params["build"]
        qs = questions()
        for q in qs[:5]:  # warm-up
            index.search(q, k=10)
        lat, lat_search = [], []
        for q in qs:
            t0 = time.perf_counter()
            index.search(q, k=10)
            lat.append(time.perf_counter() - t0)
        vec = index.encode(["warm"])
        for q in qs:
            t0 = time.perf_counter()
            index.dense.search(vec, 10)
            lat_search.append(time.perf_counter() - t0)
        return {
            "units": len(index), "dense_rows": index.params["units"]["dense_rows"],
            "segment_s": round(t_segment, 2), "cold_build_s": round(t_cold, 2),
            "unchanged_rebuild_s": round(t_rebuild, 2),
            "encode_units_per_s": round(stats["encoded_windows"] / max(stats["encode_seconds"], 1e-9), 1),
            "query_p50_ms": percentile_ms(lat, 50), "query_p95_ms": percentile_ms(lat, 95),
            "flat_search_p95_ms": percentile_ms(lat_search, 95), "queries": len(qs),
        }, index
    finally:
        shutil.rmtree(build_dir, ignore_errors=True)


def synthetic(real: np.ndarray, n: int, rng, noise: float = 0.6) -> np.ndarray:
    """``n`` unit vectors drawn around real corpus vectors (cosine ≈ 0.85 to their seed), in chunks."""
    dim = real.shape[1]
    out = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        block = real[rng.integers(0, len(real), m)] + rng.standard_normal((m, dim), dtype=np.float32) * (noise / np.sqrt(dim))
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start:start + m] = block
    return out


def bench_scale(n: int, real: np.ndarray, query_vectors: np.ndarray, rng) -> dict:
    """Exact vs IVF at ``n`` synthetic units: build time, memory, recall@10, single-query latency."""
    import faiss

    from embed.dense import DenseIndex, choose

    vectors = synthetic(real, n, rng)
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    _, truth = exact.search(query_vectors, 10)
    flat_lat = []
    for q in query_vectors[:50]:
        t0 = time.perf_counter()
        exact.search(q[None, :], 10)
        flat_lat.append(time.perf_counter() - t0)
    del exact
    params = choose(n, "ivf")
    rss0 = rss_mb()
    t0 = time.perf_counter()
    ivf = DenseIndex.build(vectors, params)
    build_s = time.perf_counter() - t0
    index_mb = faiss.serialize_index(ivf.index).nbytes / 2**20
    sweep = []
    for nprobe in (4, 8, 16, 32, 64):
        if nprobe > params["nlist"]:
            break
        ivf.index.nprobe = nprobe
        _, found = ivf.index.search(query_vectors, 10)
        recall = float(np.mean([len(set(found[i]) & set(truth[i])) / 10 for i in range(len(truth))]))
        lat = []
        for q in query_vectors:
            t0 = time.perf_counter()
            ivf.index.search(q[None, :], 10)
            lat.append(time.perf_counter() - t0)
        sweep.append({"nprobe": nprobe, "recall@10": round(recall, 4), "p50_ms": percentile_ms(lat, 50),
                      "p95_ms": percentile_ms(lat, 95)})
    chosen = next((s for s in sweep if s["recall@10"] >= 0.95), sweep[-1])
    return {"n": n, "index": f"IVF{params['nlist']},Flat", "nlist": params["nlist"], "default_nprobe": params["nprobe"],
            "build_s": round(build_s, 1), "index_mb": round(index_mb, 1), "vectors_mb": round(vectors.nbytes / 2**20, 1),
            "rss_delta_mb": round(rss_mb() - rss0, 1), "exact_p95_ms": percentile_ms(flat_lat, 95),
            "chosen": chosen, "sweep": sweep}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="Corpus and 100k only (skips 1M).")
    args = parser.parse_args()
    import faiss

    faiss.omp_set_num_threads(os.cpu_count() or 1)
    corpus_result, index = bench_corpus()
    print(f"corpus: {json.dumps(corpus_result)}", flush=True)
    real = index.dense.index.reconstruct_n(0, index.dense.ntotal)
    rng = np.random.default_rng(0)
    qv = index.encode(questions())
    noisy = synthetic(real, 200 - min(len(qv), 100), rng)
    query_vectors = np.ascontiguousarray(np.concatenate([qv[:100], noisy]), dtype=np.float32)
    scales = []
    for n in ((100_000,) if args.quick else (100_000, 1_000_000)):
        result = bench_scale(n, real, query_vectors, rng)
        print(f"scale {n}: {json.dumps(result)}", flush=True)
        scales.append(result)
    out = {"corpus": corpus_result, "scale": scales, "cpu_count": os.cpu_count(),
           "when": time.strftime("%Y-%m-%d %H:%M"), "quick": args.quick}
    RESULTS.mkdir(parents=True, exist_ok=True)
    lines = ["| measure | value |", "|---|---|"]
    c = corpus_result
    lines += [f"| corpus units (dense rows) | {c['units']} ({c['dense_rows']}) |",
              f"| cold build (segment + encode + index) | {c['cold_build_s']} s |",
              f"| unchanged rebuild (load corpus + verify cache) | {c['unchanged_rebuild_s']} s |",
              f"| encode throughput | {c['encode_units_per_s']} units/s |",
              f"| query p50 / p95 (encode + hybrid, warm) | {c['query_p50_ms']} / {c['query_p95_ms']} ms |"]
    for s in scales:
        ch = s["chosen"]
        lines.append(f"| {s['n']:,} units: {s['index']} nprobe {ch['nprobe']} | recall@10 {ch['recall@10']}, "
                     f"p50/p95 {ch['p50_ms']}/{ch['p95_ms']} ms (exact p95 {s['exact_p95_ms']} ms), "
                     f"build {s['build_s']} s, index {s['index_mb']} MB |")
    table = "\n".join(lines)
    (RESULTS / ("index-quick.json" if args.quick else "index.json")).write_text(json.dumps(out, indent=1) + "\n")
    (RESULTS / ("index-quick.md" if args.quick else "index.md")).write_text(table + "\n")
    print(table)


if __name__ == "__main__":
    main()
