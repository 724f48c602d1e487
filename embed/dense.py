"""Dense vector search with FAISS inner product: exact (flat) by default, IVF or HNSW at scale."""
from __future__ import annotations

import math
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


def choose(n: int, index_type: str = "auto", threshold: int = 50_000) -> dict:
    """Index type and parameters for ``n`` vectors.

    auto: flat (exact) up to ``threshold`` vectors, IVF above it. IVF uses nlist ≈ 2·√n (a power
    of two between 256 and 4096: 512 at 100k, 2048 at 1M vectors) and nprobe = 16; bench/
    measures recall@10 against exact search for nprobe 4–64 and records the result. HNSW: M=32,
    efConstruction=80, efSearch=128.
    """
    kind = index_type if index_type != "auto" else ("ivf" if n > threshold else "flat")
    if kind == "flat":
        return {"type": "flat"}
    if kind == "ivf":
        nlist = 2 ** round(math.log2(max(2 * math.sqrt(max(n, 1)), 1)))
        nlist = int(min(4096, max(256, nlist)))
        nlist = max(1, min(nlist, n // 39 or 1))  # FAISS wants ≥39 training points per list
        return {"type": "ivf", "nlist": nlist, "nprobe": min(16, nlist)}
    if kind == "hnsw":
        return {"type": "hnsw", "M": 32, "efConstruction": 80, "efSearch": 128}
    raise BuildError(f"Unknown dense index type '{index_type}'.", hint="Use auto, flat, ivf or hnsw.")


class DenseIndex:
    """A FAISS inner-product index over normalised vectors; row i is vector i."""

    def __init__(self, index, params: dict):
        self.index = index
        self.params = params

    @classmethod
    def build(cls, vectors: np.ndarray, params: dict) -> "DenseIndex":
        """Create the index described by ``params`` (see :func:`choose`) and add ``vectors``."""
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
            rng = np.random.default_rng(0)
            sample = vectors if len(vectors) <= 64 * params["nlist"] else \
                vectors[rng.choice(len(vectors), 64 * params["nlist"], replace=False)]
            index.train(sample)
            index.nprobe = params["nprobe"]
        elif kind == "hnsw":
            index = fa.IndexHNSWFlat(dim, params["M"], fa.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = params["efConstruction"]
            index.hnsw.efSearch = params["efSearch"]
        else:
            raise BuildError(f"Unknown dense index type '{kind}'.")
        index.add(vectors)
        return cls(index, params)

    def search(self, queries: np.ndarray, k: int, allowed_rows: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
        """Top-k rows by inner product: (scores, rows), rows -1 where fewer than k exist.

        ``allowed_rows`` restricts the search (a FAISS ID selector), so filters never lose
        results to post-filtering.
        """
        fa = _require_faiss()
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        k = max(1, min(k, self.index.ntotal))
        kind = self.params["type"]
        if allowed_rows is None:
            return self.index.search(queries, k)
        selector = fa.IDSelectorBatch(np.ascontiguousarray(allowed_rows, dtype=np.int64))
        if kind == "ivf":
            sp = fa.SearchParametersIVF(sel=selector, nprobe=self.params["nprobe"])
        elif kind == "hnsw":
            sp = fa.SearchParametersHNSW(sel=selector, efSearch=self.params["efSearch"])
        else:
            sp = fa.SearchParameters(sel=selector)
        return self.index.search(queries, k, params=sp)

    @property
    def ntotal(self) -> int:
        return int(self.index.ntotal)

    def save(self, path: Path) -> None:
        _require_faiss().write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path, params: dict) -> "DenseIndex":
        fa = _require_faiss()
        try:
            index = fa.read_index(str(path))
        except Exception as exc:
            raise BuildError(f"The dense index '{path}' is unreadable ({exc}).") from exc
        if params["type"] == "ivf":
            index.nprobe = params["nprobe"]
        elif params["type"] == "hnsw":
            index.hnsw.efSearch = params["efSearch"]
        return cls(index, params)
