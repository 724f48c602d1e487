"""The build on Ray: the same stages as the serial build, with the per-document work spread over workers.

    read + segment   one Ray task per new document (corpus.load's mapper) → duplicates, hash, corpus store
    extract          one task per document on worker actors          → graph.builder.finish (post passes)
    encode           text chunks on encoder actors (one per CPU)     → the vector cache (the merge)
    write            graph.save + embed.build, exactly as serially   → same quads, same index ids

Only the per-document work is distributed; the corpus-level passes (duplicates, entity
resolution, cross-document links) run once in the driver on the merged results, so the build
is the serial build's, whatever the number of workers. ``ray.init()`` starts a local Ray here;
``address`` joins a running cluster (each node needs this package installed and the corpus
folder at the same path).
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from councilkg.errors import BuildError

EXTRA_HINT = "Install the optional extra: `pip install 'councilkg[ray]'` (`make install` includes it)."
CHUNK_TEXTS = 64   # texts per encoding task: small enough to balance, large enough to batch


def require_ray():
    """The ray module, or BuildError naming the extra that provides it."""
    try:
        import ray
    except ImportError as exc:
        raise BuildError("The distributed build needs Ray, which is not installed.", hint=EXTRA_HINT) from exc
    return ray


def _log(message: str, progress: bool) -> None:
    if progress:
        print(message, file=sys.stderr, flush=True)


def _worker_env() -> dict:
    return {k: os.environ.get(k, v) for k, v in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"),
                                                 ("TOKENIZERS_PARALLELISM", "false"), ("OMP_NUM_THREADS", "1"))}


def _connect(ray, address: str | None) -> bool:
    """Start or join Ray; True when this call started it (and so must shut it down)."""
    if ray.is_initialized():
        return False
    env = {"env_vars": _worker_env()}
    try:
        if address and address != "local":
            ray.init(address=address, runtime_env=env, logging_level="ERROR", log_to_driver=False)
        else:
            # "local": always a new Ray of our own, never a cluster a `ray start` left on this machine
            ray.init(address="local", runtime_env=env, include_dashboard=False, logging_level="ERROR",
                     log_to_driver=False)
    except Exception as exc:  # noqa: BLE001 - Ray raises many kinds; the user needs one sentence
        auth = "auth" in type(exc).__name__.lower() or "token" in str(exc).lower()
        raise BuildError(f"Could not connect to the Ray cluster at '{address}' ({' '.join(str(exc).split())[:200]}).",
                         hint="A cluster started by `ray start` wants token authentication: set RAY_AUTH_MODE=token "
                              "and give the cluster's token (RAY_AUTH_TOKEN, or the file ~/.ray/auth_token or RAY_AUTH_TOKEN_PATH names)." if auth else
                         "Start it with `ray start --head` and pass its address, or use `--ray` alone for a local Ray.") from exc
    return True


# Stage functions run on the workers (module-level so Ray can ship them by reference) --------

def _run_job(function, job):
    return function(job)


class _Worker:
    """One per CPU: holds the corpus (for extraction) and the encoder (loaded once, one torch thread)."""

    def __init__(self, corpus, model_path: str):
        self.corpus = corpus
        self.readings = {}  # the whole-corpus readings the extractors share, computed once per worker
        self.model_path = model_path
        self._encoder = None

    def extract(self, doc_index: int):
        from graph.builder import extract_document, registry

        extractors, _post = registry()
        return doc_index, extract_document(self.corpus, self.corpus.documents[doc_index], extractors, self.readings)

    def encode(self, items, options):
        from embed.encoder import Encoder
        from embed.index import encode_texts

        if self._encoder is None:
            import torch

            torch.set_num_threads(1)  # one actor per CPU: threads inside an actor would only contend
            self._encoder = Encoder(self.model_path)
        return encode_texts(self._encoder, items, options)


# The driver ----------------------------------------------------------------------------------

def build(settings=None, address: str | None = None, progress: bool = True, workers: int | None = None):
    """Build graph and index with Ray; the result is the serial build's (same quads, same index ids).

    Args:
        settings: Settings (default: from the environment).
        address: a Ray cluster address ("127.0.0.1:6379"), or None/"local" for a local Ray.
        progress: report each phase on stderr.
        workers: worker actors (default: the cluster's CPUs).
    Returns:
        (corpus, KnowledgeGraph, Index).
    """
    ray = require_ray()
    from councilkg.settings import get_settings

    settings = settings or get_settings()
    started = _connect(ray, address)
    try:
        return _build(ray, settings, progress, workers)
    finally:
        if started:
            ray.shutdown()


def _build(ray, settings, progress: bool, workers: int | None):
    import corpus as corpus_mod
    import embed
    import graph
    from embed.index import BuildOptions, pending, vector_cache
    from graph.builder import finish, quads_for, registry
    from graph.persist import read_meta
    from ray.util import ActorPool

    timings = {}
    cpus = int(ray.cluster_resources().get("CPU", 1))
    workers = workers or max(1, cpus)
    _log(f"ray: {len(ray.nodes())} node(s), {cpus} CPUs, {workers} workers", progress)

    # Read and segment, one task per document not segmented before; the corpus-level step here
    t0 = time.perf_counter()
    read = ray.remote(num_cpus=1)(_run_job)

    def on_ray(function, jobs):
        return ray.get([read.remote(function, job) for job in jobs])

    corpus = corpus_mod.load(settings.corpus_dir, mapper=on_ray, settings=settings)
    timings["read_segment_s"] = time.perf_counter() - t0
    _log(f"ray: read and segmented {len(corpus.documents)} documents in {timings['read_segment_s']:.1f} s", progress)

    # Workers hold the corpus once each; extraction is one task per document, largest first
    t0 = time.perf_counter()
    corpus_ref = ray.put(corpus)
    actor = ray.remote(num_cpus=1)(_Worker)
    pool = [actor.remote(corpus_ref, settings.model_path or "") for _ in range(workers)]
    graph_meta = graph.cache_key(corpus)
    reuse_graph = (read_meta(graph.graph_dir(settings)) or {}).get("cache_key") == graph_meta
    per_document = [None] * len(corpus.documents)
    if not reuse_graph:
        order = sorted(range(len(corpus.documents)), key=lambda i: -len(corpus.documents[i].paragraphs))
        for i, result in ActorPool(pool).map_unordered(lambda a, i: a.extract.remote(i), order):
            per_document[i] = result
    timings["extract_s"] = time.perf_counter() - t0

    # Encoding: texts the cache lacks, longest first, in chunks over the encoder actors
    t0 = time.perf_counter()
    options = BuildOptions()
    missing = sorted(pending(corpus, settings, options).items(), key=lambda kv: -len(kv[1]))
    chunks = [missing[i:i + CHUNK_TEXTS] for i in range(0, len(missing), CHUNK_TEXTS)]
    _log(f"ray: encoding {len(missing)} texts in {len(chunks)} chunks on {workers} actors", progress)
    cache = vector_cache(settings)
    for vectors in ActorPool(pool).map_unordered(lambda a, chunk: a.encode.remote(chunk, options), chunks):
        cache.put_many(vectors)
    cache.save()
    timings["encode_s"] = time.perf_counter() - t0
    for a in pool:
        ray.kill(a)

    # The merge: corpus-level passes, then the same writers as the serial build
    t0 = time.perf_counter()
    if reuse_graph:
        kg = graph.build(corpus, settings)
    else:
        _extractors, post = registry()
        facts = finish(corpus, per_document, post)
        kg = graph.save(corpus, quads_for(corpus, facts), settings, {"cache_key": graph_meta, "facts": len(facts),
                                                                      "seconds": None, "executor": "ray"})
    index = embed.build(corpus, settings, progress=progress)
    timings["merge_write_s"] = time.perf_counter() - t0
    _log("ray: " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()), progress)
    return corpus, kg, index
