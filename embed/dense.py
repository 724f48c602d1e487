"""Dense vector search with FAISS inner product: exact (flat) by default; IVF, IVF-PQ or HNSW at scale, sharded past one node."""
from __future__ import annotations

import math
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from councilkg.errors import BuildError

try:
    import faiss
except ImportError:  # pragma: no cover - depends on the environment
    faiss = None


def _require_faiss():
    if faiss is None:
        raise BuildError("FAISS is not installed.", hint="Run `.venv/bin/pip install faiss-cpu`.")
    return faiss


def _nlist(n: int) -> int:
    nlist = 2 ** round(math.log2(max(2 * math.sqrt(max(n, 1)), 1)))
    nlist = int(min(4096, max(256, nlist)))
    return max(1, min(nlist, n // 39 or 1))  # FAISS wants ≥39 training points per list


# Bumped whenever ``choose`` picks other parameters for the same rows, so an index built under the old
# defaults is rebuilt (from the vector cache, without encoding) instead of being reused as it is.
DEFAULTS_VERSION = 2  # 2: IVF nprobe nlist/8 (was 16)


def choose(n: int, index_type: str = "auto", threshold: int = 50_000, pq_threshold: int = 150_000,
           shard_rows: int = 0) -> dict:
    """Index type and parameters for ``n`` vectors.

    auto: flat (exact) up to ``threshold`` vectors, IVF-flat up to ``pq_threshold``, IVF-PQ above
    it. IVF uses nlist ≈ 2·√n (a power of two between 256 and 4096: 512 at 100k, 2048 at 1M
    vectors) and nprobe = nlist / 8 (at least 16): on the 100× corpus's 84,787 real vectors (IVF512,
    113 labelled questions) recall@10 was 0.906 at nprobe 16, 0.951 at 32, 0.969 at 64 and 0.981 at
    128, each a fraction of a millisecond against 15 ms exact (``bench/bench_scale.py``). IVF-PQ ("ivfpq") is IVF + PQ (optionally OPQ; 8 dimensions per
    sub-quantizer, 8 bits: 48 bytes per MiniLM vector instead of 1,536) whose shortlist (k_factor × k)
    is re-ranked on the exact vectors, which stay on disk (memory-mapped). k_factor 16, not 8: at
    200k rows recall@10 went from 0.894 to 0.961, while nprobe 16-128 changed nothing
    (``bench/bench_scale.py --index-rows 200000``). HNSW: M=32, efConstruction=80, efSearch=128. With ``shard_rows`` set and more
    vectors than that, the rows are split into that many-row shards searched together.
    """
    kind = index_type if index_type != "auto" else (
        "flat" if n <= threshold else "ivf" if n <= pq_threshold else "ivfpq")
    if kind == "flat":
        params = {"type": "flat"}
    elif kind == "ivf":
        nlist = _nlist(n)
        params = {"type": "ivf", "nlist": nlist, "nprobe": min(nlist, max(16, nlist // 8))}
    elif kind == "ivfpq":
        nlist = _nlist(n)
        params = {"type": "ivfpq", "nlist": nlist, "nprobe": min(32, nlist), "dims_per_code": 8, "nbits": 8,
                  "opq": False, "k_factor": 16}
    elif kind == "hnsw":
        params = {"type": "hnsw", "M": 32, "efConstruction": 80, "efSearch": 128}
    else:
        raise BuildError(f"Unknown dense index type '{index_type}'.", hint="Use auto, flat, ivf, ivfpq or hnsw.")
    if shard_rows and n > shard_rows:
        params["shards"] = math.ceil(n / shard_rows)
    return params


def _factory(params: dict, dim: int) -> str:
    """The FAISS index_factory string of an ivfpq index (e.g. "IVF512,PQ48x8np,RFlat"; np: no polysemous training, which costs minutes and serves Hamming filtering we do not use)."""
    m = max(1, dim // int(params["dims_per_code"]))
    while dim % m:
        m -= 1
    return f"{'OPQ%d,' % m if params.get('opq') else ''}IVF{params['nlist']},PQ{m}x{params['nbits']}np,RFlat"


def _train_sample(vectors: np.ndarray, params: dict) -> tuple[np.ndarray, dict]:
    """A uniform random sample (seed 0) big enough for the coarse and product quantizers."""
    want = 64 * params["nlist"] if params["type"] == "ivf" else max(64 * params["nlist"], 40 * 256)
    rng = np.random.default_rng(0)
    if len(vectors) <= want:
        return vectors, {"rows": int(len(vectors)), "of": int(len(vectors)), "method": "all rows"}
    rows = np.sort(rng.choice(len(vectors), want, replace=False))
    return vectors[rows], {"rows": int(want), "of": int(len(vectors)),
                           "method": "uniform random rows without replacement, numpy default_rng(0)"}


class DenseIndex:
    """A FAISS inner-product index over normalised vectors; row i is vector i."""

    def __init__(self, index, params: dict, shards: list | None = None):
        self.index = index
        self.params = params
        self.shards = shards or []  # the shard indexes when ``index`` searches several

    @classmethod
    def build(cls, vectors: np.ndarray, params: dict) -> "DenseIndex":
        """Create the index described by ``params`` (see :func:`choose`) and add ``vectors``.

        ``params`` gains what a reader needs to know: the FAISS factory string and the training
        sample (rows, of how many, how drawn) of a trained index.
        """
        fa = _require_faiss()
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = vectors.shape[1]
        kind = params["type"]
        if kind == "flat":
            index = fa.IndexFlatIP(dim)
        elif kind == "ivf":
            quantizer = fa.IndexFlatIP(dim)
            index = fa.IndexIVFFlat(quantizer, dim, params["nlist"], fa.METRIC_INNER_PRODUCT)
            # Train on a sample: k-means on every vector adds time, not accuracy
            sample, params["train_sample"] = _train_sample(vectors, params)
            index.train(sample)
            index.nprobe = params["nprobe"]
        elif kind == "ivfpq":
            params["factory"] = _factory(params, dim)
            index = fa.index_factory(dim, params["factory"], fa.METRIC_INNER_PRODUCT)
            sample, params["train_sample"] = _train_sample(vectors, params)
            index.train(sample)
        elif kind == "hnsw":
            index = fa.IndexHNSWFlat(dim, params["M"], fa.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = params["efConstruction"]
            index.hnsw.efSearch = params["efSearch"]
        else:
            raise BuildError(f"Unknown dense index type '{kind}'.")
        shards = int(params.get("shards", 1))
        if shards <= 1:
            index.add(vectors)
            return cls(index, params)
        # Shards: copies of the trained (empty) index, each holding a contiguous range of rows
        # under their global row numbers, so a search over all shards returns global rows
        bounds = np.linspace(0, len(vectors), shards + 1).astype(np.int64)
        parts = []
        for a, b in zip(bounds[:-1], bounds[1:]):
            part = fa.IndexIDMap(fa.clone_index(index))
            part.add_with_ids(vectors[a:b], np.arange(a, b, dtype=np.int64))
            parts.append(part)
        params["shard_bounds"] = bounds.tolist()
        return cls(_shard_set(parts, dim), params, parts)

    def search(self, queries: np.ndarray, k: int, allowed_rows: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
        """Top-k rows by inner product: (scores, rows), rows -1 where fewer than k exist.

        ``allowed_rows`` restricts the search (a FAISS ID selector), so filters never lose
        results to post-filtering.
        """
        fa = _require_faiss()
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        k = max(1, min(k, self.index.ntotal))
        with _one_thread(fa, len(queries) <= QUERY_BATCH):
            return self._search(fa, queries, k, allowed_rows)

    def _search(self, fa, queries: np.ndarray, k: int, allowed_rows: np.ndarray | None):
        kind = self.params["type"]
        if allowed_rows is None:
            if kind in ("ivf", "ivfpq"):  # the params rule, not whatever nprobe the index object holds
                return self.index.search(queries, k, params=_search_parameters(fa, self.params, None))
            return self.index.search(queries, k)
        selector = fa.IDSelectorBatch(np.ascontiguousarray(allowed_rows, dtype=np.int64))
        return self.index.search(queries, k, params=_search_parameters(fa, self.params, selector))

    @property
    def ntotal(self) -> int:
        return int(self.index.ntotal)

    def save(self, path: Path) -> None:
        """One file, or ``name-000.faiss`` … per shard beside ``path`` when sharded."""
        fa = _require_faiss()
        if not self.shards:
            fa.write_index(self.index, str(path))
            return
        for i, part in enumerate(self.shards):
            fa.write_index(part, str(shard_path(path, i)))

    @classmethod
    def load(cls, path: Path, params: dict, mmap: bool = True) -> "DenseIndex":
        """Read the index; memory-mapped where FAISS can (IVF lists and stored vectors stay on disk)."""
        fa = _require_faiss()
        flags = fa.IO_FLAG_MMAP | fa.IO_FLAG_READ_ONLY | getattr(fa, "IO_FLAG_MMAP_IFC", 0) if mmap else 0
        shards = int(params.get("shards", 1))
        files = [path] if shards <= 1 else [shard_path(path, i) for i in range(shards)]
        loaded = []
        for file in files:
            try:
                loaded.append(fa.read_index(str(file), flags) if flags else fa.read_index(str(file)))
            except Exception:
                try:  # not every index type can be mapped: read it into memory instead
                    loaded.append(fa.read_index(str(file)))
                except Exception as exc:
                    raise BuildError(f"The dense index '{file}' is unreadable ({exc}).") from exc
        if shards > 1:
            index = _shard_set(loaded, loaded[0].d)
        else:
            index = loaded[0]
        if params["type"] == "ivf":
            for part in loaded:
                fa.extract_index_ivf(part).nprobe = params["nprobe"]
        elif params["type"] == "hnsw":
            for part in loaded:
                (fa.downcast_index(part.index) if shards > 1 else part).hnsw.efSearch = params["efSearch"]
        return cls(index, params, loaded if shards > 1 else None)


def shard_path(path: Path, i: int) -> Path:
    return Path(path).with_name(f"{Path(path).stem}-{i:03d}{Path(path).suffix}")


def _shard_set(parts: list, dim: int):
    """One searchable index over shard indexes (FAISS IndexShards; ids are the shards' global rows)."""
    fa = _require_faiss()
    shards = fa.IndexShards(dim, False, False)  # not threaded: the caller's queries are one at a time
    for part in parts:
        shards.add_shard(part)
    return shards


QUERY_BATCH = 8  # up to this many query vectors are searched on one OpenMP thread


@contextmanager
def _one_thread(fa, wanted: bool):
    """Search a question's vector on one OpenMP thread (the calling thread's setting, restored after).

    Why: on the shared 2-core machine, with other jobs running, a flat search of one vector over 34,000 rows took
    36-39 ms on FAISS's two threads and 9 ms on one (the threads wait on each other), and an ask searches three
    or four times; the question encoder's BLAS runs on one thread for the same reason."""
    if not wanted:
        yield
        return
    before = fa.omp_get_max_threads()
    fa.omp_set_num_threads(1)
    try:
        yield
    finally:
        fa.omp_set_num_threads(before)


def _search_parameters(fa, params: dict, selector):
    """FAISS search parameters for ``params`` (nprobe, efSearch, re-ranking depth) with an optional row filter."""
    kind = params["type"]
    if kind == "ivf":
        return fa.SearchParametersIVF(sel=selector, nprobe=params["nprobe"])
    if kind == "hnsw":
        return fa.SearchParametersHNSW(sel=selector, efSearch=params["efSearch"])
    if kind == "ivfpq":
        ivf = fa.SearchParametersIVF(sel=selector, nprobe=params["nprobe"])
        base = fa.SearchParametersPreTransform(index_params=ivf, sel=selector) if params.get("opq") else ivf
        return fa.IndexRefineSearchParameters(k_factor=float(params["k_factor"]), base_index_params=base, sel=selector)
    return fa.SearchParameters(sel=selector)
