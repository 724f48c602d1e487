"""The Index: build (cached, incremental), load (verified) and search (dense, BM25 or hybrid)."""
from __future__ import annotations

import hashlib
import json
import pickle
import sys
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from councilkg.errors import BuildError, QueryError
from councilkg.settings import Settings, get_settings

from . import dense as dense_mod
from . import store
from .encoder import get_encoder, get_query_encoder, model_info
from .hybrid import Filters, Hit, allowed_mask, collapse, rows_to_units, rrf, top_units, unit_columns
from .keyword import KeywordIndex
from .units import Unit, corpus_hash, make_units, sentences, units_hash

UNITS_PICKLE = "units.pkl"  # the units of units.jsonl, pickled: what a command loads
GROUPS_FILE = "groups.npy"  # duplicate groups of the units: row 0 each unit's primary unit, row 1 its group

MODES = ("hybrid", "dense", "bm25")


@dataclass(frozen=True)
class BuildOptions:
    """How units become vectors. Defaults were chosen by measurement (see the README)."""

    context_depth: int = 2        # nearest headings prepended to each paragraph
    source_dense: bool = False    # prepend the source line (kind, body, month) for the encoder
    source_keyword: bool = True   # and for BM25
    sentences: bool = False       # extra dense rows, one per sentence, pointing at the paragraph
    window_tokens: int = 200      # word-pieces per encoder window (MiniLM reads 256 incl. context)
    window_stride: int = 150      # overlap of 50 word-pieces between windows
    batch_size: int = 16          # MiniLM on 2 CPU threads: 96 texts/s at 16 (also at 4 and 8), 75 at 32
    candidates: int = 100         # per-method depth before fusion
    rrf_k: int = 10
    dense_weight: float = 0.2
    bm25_weight: float = 1.0

    def encode_salt(self) -> str:
        return f"w{self.window_tokens}s{self.window_stride}"


def _log(msg: str, progress: bool) -> None:
    if progress:
        print(msg, file=sys.stderr, flush=True)


class Index:
    """A loaded index: units, dense FAISS index, BM25 — searchable, with its params."""

    def __init__(self, folder: Path, params: dict, units: list[Unit], row_units: np.ndarray,
                 dense: dense_mod.DenseIndex, keyword: KeywordIndex, settings: Settings):
        self.folder = folder
        self.params = params
        self.units = units
        self.row_units = row_units
        self.dense = dense
        self.keyword = keyword
        self.settings = settings
        self.position = {u.paragraph_id: i for i, u in enumerate(units)}
        fusion = params["fusion"]
        self._candidates = int(fusion["candidates"])
        self._rrf_k = int(fusion["k"])
        self._weights = [float(fusion["dense_weight"]), float(fusion["bm25_weight"])]
        stored = folder / GROUPS_FILE if folder is not None else None
        if stored is not None and stored.is_file():
            self.primary_unit, self.group_of = np.load(stored)
            self._members()
        else:
            self._groups()

    def _groups(self) -> None:
        """Duplicate groups: the corpus's duplicate links, plus units with identical text (computed at build
        and stored in ``groups.npy``: normalising 37,000 texts cost each command two seconds at 250 reports)."""
        n = len(self.units)
        self.primary_unit = np.arange(n)
        key_group: dict[str, int] = {}
        self.group_of = np.zeros(n, dtype=np.int64)
        for i, u in enumerate(self.units):
            p = self.position.get(u.primary, i)
            self.primary_unit[i] = p
            text_key = "t:" + " ".join(u.text.lower().split())
            root = "p:" + self.units[p].paragraph_id
            g = key_group.get(root, key_group.get(text_key)) if len(u.text) >= 40 else key_group.get(root)
            if g is None:
                g = i
            key_group.setdefault(root, g)
            if len(u.text) >= 40:
                key_group.setdefault(text_key, g)
            self.group_of[i] = g
        self._members()
        # Where text-identity joined a group without a corpus link, the first unit is the primary
        for g, units in self.members.items():
            if len(units) > 1:
                primary = next((u for u in units if self.units[u].primary == self.units[u].paragraph_id
                                and self.primary_unit[u] == u), units[0])
                for u in units:
                    if self.units[u].primary == self.units[u].paragraph_id:
                        self.primary_unit[u] = primary

    def _members(self) -> None:
        self.members: dict[int, list[int]] = {}
        for i, g in enumerate(self.group_of.tolist()):
            self.members.setdefault(g, []).append(i)

    def __len__(self) -> int:
        return len(self.units)

    @cached_property
    def columns(self) -> dict[str, np.ndarray]:
        """The units' filter columns, made on the first filtered search."""
        return unit_columns(self.units)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Normalised float32 vectors of questions from the index's model (loaded once per process)."""
        return get_query_encoder(self.settings).encode(list(texts))

    def unit(self, paragraph_id: str) -> Unit:
        return self.units[self.position[paragraph_id]]

    def rank_dense(self, query_vector: np.ndarray, n: int, mask: np.ndarray | None) -> list[tuple[int, float]]:
        """Units by cosine similarity of their best row (window or sentence)."""
        allowed = None
        if mask is not None:
            allowed = np.flatnonzero(mask[self.row_units])
            if len(allowed) == 0:
                return []
        rows_per_unit = self.dense.ntotal / max(len(self.units), 1)
        depth = int(n * max(1.0, rows_per_unit) * 1.5) + 10
        scores, rows = self.dense.search(query_vector, depth, allowed)
        return rows_to_units(scores[0], rows[0], self.row_units)[:n]

    def rank_bm25(self, query: str, n: int, mask: np.ndarray | None) -> tuple[list[tuple[int, float]], np.ndarray]:
        scores = self.keyword.scores(query)
        return top_units(scores, n, mask), scores

    def search(self, query: str, k: int = 10, filters: Filters | None = None, mode: str = "hybrid") -> list[Hit]:
        """The ``k`` best paragraphs for ``query``, duplicates folded into the primary source.

        Args:
            query: free text.
            k: number of hits.
            filters: optional metadata restriction (part kind, document, dates, body).
            mode: "hybrid" (RRF of dense and BM25), "dense" or "bm25".
        Returns:
            Hits in rank order (rank 1 first); fewer than k if the filters leave fewer units.
        """
        if mode not in MODES:
            raise QueryError(f"Unknown search mode '{mode}'.", hint="Use hybrid, dense or bm25.")
        if not query or not query.strip():
            raise QueryError("The search query is empty.")
        mask = allowed_mask(self.units, filters, self.columns)
        n = max(self._candidates, 3 * k)
        dense_ranked: list[tuple[int, float]] = []
        bm25_ranked: list[tuple[int, float]] = []
        bm25_all = None
        if mode in ("hybrid", "dense"):
            dense_ranked = self.rank_dense(self.encode([query]), n, mask)
        if mode in ("hybrid", "bm25"):
            bm25_ranked, bm25_all = self.rank_bm25(query, n, mask)
        if mode == "dense":
            ranked = dense_ranked
        elif mode == "bm25":
            ranked = bm25_ranked
        else:
            ranked = rrf([dense_ranked, bm25_ranked], self._weights, self._rrf_k)
        dense_scores = dict(dense_ranked)
        hits = []
        for rank, (unit, score, dups) in enumerate(
                collapse(ranked, self.group_of, self.members, self.primary_unit, mask, limit=k), start=1):
            members = [unit] + dups
            d = max((dense_scores[m] for m in members if m in dense_scores), default=None)
            b = None if bm25_all is None else float(max(bm25_all[m] for m in members))
            hits.append(Hit(paragraph_id=self.units[unit].paragraph_id, score=float(score), rank=rank,
                            dense_score=d, bm25_score=b,
                            duplicates=tuple(self.units[u].paragraph_id for u in dups)))
        return hits


# --- building -------------------------------------------------------------------------------

def _build_key(units_digest: str, model: dict, options: BuildOptions, dense_choice: dict) -> str:
    blob = json.dumps([store.FORMAT, units_digest, model["fingerprint"], options.__dict__, dense_choice,
                       KeywordIndex.PARAMS], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


def vector_cache(settings: Settings, model: dict | None = None) -> store.VectorCache:
    """The vector cache of the configured model (texts already encoded, by hash)."""
    model = model or model_info(settings.model_path or "")
    return store.VectorCache(Path(settings.build_dir) / "embed_cache" / model["fingerprint"])


def _unit_texts(units: list[Unit], options: BuildOptions) -> tuple[list[list[str]], list[list[str]]]:
    """What the encoder reads for each unit (its text, and its sentences if asked) and their cache keys."""
    salt = options.encode_salt()
    texts_per_unit = []
    for u in units:
        texts = [u.dense_text(options.source_dense)]
        if options.sentences:
            texts += sentences(u.text)
        texts_per_unit.append(texts)
    keys_per_unit = [[store.VectorCache.key(t, salt) for t in texts] for texts in texts_per_unit]
    return texts_per_unit, keys_per_unit


def _missing(cache: store.VectorCache, texts_per_unit, keys_per_unit) -> dict[str, str]:
    missing = {}
    for texts, keys in zip(texts_per_unit, keys_per_unit):
        for t, key in zip(texts, keys):
            if cache.get(key) is None:
                missing[key] = t
    return missing


def pending(corpus, settings: Settings | None = None, options: BuildOptions | None = None) -> dict[str, str]:
    """Texts of ``corpus`` the vector cache does not hold yet ({cache key: text}): what a build must encode.

    A distributed build encodes these elsewhere (``councilkg.distributed``), puts the vectors in
    the cache, and ``build`` then encodes nothing.
    """
    settings = settings or get_settings()
    options = options or BuildOptions()
    texts_per_unit, keys_per_unit = _unit_texts(make_units(corpus, options.context_depth), options)
    return _missing(vector_cache(settings), texts_per_unit, keys_per_unit)


def encode_texts(encoder, items: list[tuple[str, str]], options: BuildOptions | None = None) -> list[tuple[str, np.ndarray]]:
    """(key, vectors) for (key, text) items: each text windowed as ``build`` does, then encoded in one call."""
    options = options or BuildOptions()
    budget = min(options.window_tokens, encoder.max_tokens - 2)
    windows, owners = [], []
    for key, text in items:
        for w in encoder.windows(text, budget, options.window_stride):
            windows.append(w)
            owners.append(key)
    vectors = encoder.encode(windows, batch_size=options.batch_size)
    grouped: dict[str, list[int]] = {}
    for i, key in enumerate(owners):
        grouped.setdefault(key, []).append(i)
    return [(key, vectors[rows]) for key, rows in grouped.items()]


def _dense_rows(units: list[Unit], options: BuildOptions, settings: Settings, model: dict,
                progress: bool) -> tuple[np.ndarray, np.ndarray, dict]:
    """Vectors for every unit (windows and optional sentences), encoding only texts not in the cache."""
    cache = vector_cache(settings, model)
    texts_per_unit, keys_per_unit = _unit_texts(units, options)
    missing = _missing(cache, texts_per_unit, keys_per_unit)
    stats = {"encoded_texts": len(missing), "cached_texts": sum(map(len, keys_per_unit)) - len(missing),
             "encoded_windows": 0, "encode_seconds": 0.0}
    if missing:
        encoder = get_encoder(settings)
        # Window long texts so the encoder never silently truncates them
        budget = min(options.window_tokens, encoder.max_tokens - 2)
        windows, owners = [], []
        for key, text in missing.items():
            for w in encoder.windows(text, budget, options.window_stride):
                windows.append(w)
                owners.append(key)
        _log(f"encoding {len(windows)} windows of {len(missing)} new texts", progress)
        t0 = time.perf_counter()
        # A bar only on a terminal: in CI logs it is thousands of characters of carriage returns.
        vectors = encoder.encode(windows, batch_size=options.batch_size, progress=progress and sys.stderr.isatty())
        stats["encode_seconds"] = round(time.perf_counter() - t0, 2)
        stats["encoded_windows"] = len(windows)
        grouped: dict[str, list[int]] = {}
        for i, key in enumerate(owners):
            grouped.setdefault(key, []).append(i)
        cache.put_many([(key, vectors[rows]) for key, rows in grouped.items()])
        cache.save()
    rows, row_units = [], []
    for i, keys in enumerate(keys_per_unit):
        for key in keys:
            block = cache.get(key)
            rows.append(block)
            row_units.extend([i] * len(block))
    vectors = np.concatenate(rows).astype(np.float32) if rows else np.zeros((0, 1), np.float32)
    return vectors, np.asarray(row_units, dtype=np.int32), stats


def build(corpus, settings: Settings | None = None, progress: bool = True,
          options: BuildOptions | None = None) -> Index:
    """Build (or reuse) the index of ``corpus`` in ``settings.build_dir / "index"``.

    An unchanged corpus, model and parameter set reuses the existing folder after verifying its
    checksums; otherwise only paragraphs whose text is not in the vector cache are encoded, and
    the folder is replaced atomically.
    """
    settings = settings or get_settings()
    options = options or BuildOptions()
    folder = Path(settings.build_dir) / "index"
    model = model_info(settings.model_path or "")
    request = {"index_type": settings.index_type, "ann_threshold": settings.ann_threshold,
               "pq_threshold": settings.pq_threshold, "shard_rows": settings.index_shard_rows, "defaults": dense_mod.DEFAULTS_VERSION}
    existing = store.read_params(folder)
    # An index whose units key matches holds this corpus's units (``units_key``, as ``load`` trusts it): its units
    # hash is theirs, so a reload does not make them again to hash them (a quarter second a pack; the fit loads 51)
    if existing and existing.get("units_key") == units_key(corpus, options.context_depth) \
            and existing.get("units_hash"):
        units, digest = None, existing["units_hash"]
    else:
        units = make_units(corpus, options.context_depth)
        if not units:
            raise BuildError("The corpus has no paragraphs to index.", hint="Check corpus/manifest.toml.")
        digest = units_hash(units)
    key = _build_key(digest, model, options, request)

    # Reuse: same key and intact files
    if existing and existing.get("build_key") == key:
        try:
            index = load(settings, corpus)
            _log(f"index unchanged ({len(index)} units): reused {folder}", progress)
            return index
        except BuildError as exc:
            _log(f"rebuilding the index: {exc}", progress)
    units = units if units is not None else make_units(corpus, options.context_depth)

    t0 = time.perf_counter()
    vectors, row_units, stats = _dense_rows(units, options, settings, model, progress)
    dense_params = dense_mod.choose(len(vectors), settings.index_type, settings.ann_threshold,
                                    settings.pq_threshold, settings.index_shard_rows)
    dense_index = dense_mod.DenseIndex.build(vectors, dense_params)
    keyword = KeywordIndex.build([u.keyword_text(options.source_keyword) for u in units], settings.index_shard_rows)
    params = {
        "format": store.FORMAT,
        "build_key": key,
        "corpus_hash": corpus_hash(corpus),
        "units_hash": digest,
        "units_key": units_key(corpus, options.context_depth),
        "model": model,
        "dimension": int(vectors.shape[1]),
        "normalised": True,
        "metric": "inner_product",
        "units": {"kind": "paragraph", "count": len(units), "context": f"heading_path[-{options.context_depth}:]",
                  "sentence_rows": options.sentences, "dense_rows": int(len(vectors)),
                  "windows": {"tokens": options.window_tokens, "stride": options.window_stride,
                              "pooling": "max over windows at search time"}},
        "dense": dense_params,
        "dense_request": request,
        "keyword": {**KeywordIndex.PARAMS, "shards": len(keyword.shards)},
        "fusion": {"method": "rrf", "k": options.rrf_k, "candidates": options.candidates,
                   "dense_weight": options.dense_weight, "bm25_weight": options.bm25_weight},
        "options": options.__dict__,
        "versions": store.library_versions(),
        "build": {**stats, "seconds": None, "built_at": time.strftime("%Y-%m-%dT%H:%M:%S")},
    }

    def write(tmp: Path) -> None:
        dense_index.save(tmp / "dense.faiss")
        keyword.save(tmp / "bm25")
        ids = {"paragraph_ids": [u.paragraph_id for u in units],
               "note": "dense row i belongs to unit row_units[i] (row_units.npy); bm25 row i is unit i"}
        (tmp / "ids.json").write_text(json.dumps(ids, indent=1) + "\n")
        np.save(tmp / "row_units.npy", row_units)
        with open(tmp / "units.jsonl", "w", encoding="utf-8") as fh:
            for u in units:
                fh.write(json.dumps(u.to_json(), ensure_ascii=False) + "\n")
        with open(tmp / UNITS_PICKLE, "wb") as fh:
            pickle.dump(list(units), fh, protocol=pickle.HIGHEST_PROTOCOL)
        grouped = Index(None, params, units, row_units, dense_index, keyword, settings)
        np.save(tmp / GROUPS_FILE, np.stack([grouped.primary_unit, grouped.group_of]))

    params["build"]["seconds"] = round(time.perf_counter() - t0, 2)
    store.write_folder(folder, params, write)
    _log(f"index built: {len(units)} units, {len(vectors)} dense rows ({dense_params['type']}), "
         f"{stats['encoded_texts']} texts encoded, {stats['cached_texts']} from cache, in {folder}", progress)
    return load(settings, corpus)


def _read_units(folder: Path) -> list[Unit]:
    """The units, from ``units.pkl`` (a fifth of the time of parsing ``units.jsonl``, the same records; both are
    checksummed in params.json), or from ``units.jsonl`` for an index built before the pickle was written."""
    if (folder / UNITS_PICKLE).is_file():
        with open(folder / UNITS_PICKLE, "rb") as fh:
            units = pickle.load(fh)
        if isinstance(units, list) and all(isinstance(u, Unit) for u in units[:1]):
            return units
        raise ValueError(f"{UNITS_PICKLE} does not hold units")
    with open(folder / "units.jsonl", encoding="utf-8") as fh:
        return [Unit.from_json(json.loads(line)) for line in fh if line.strip()]


def units_key(corpus, context_depth: int) -> str:
    """What the units are a function of: the corpus's content, the context depth and the code making them. An
    index whose key matches holds this corpus's units without making them again to compare (a second per
    command at 250 reports); any other index is checked unit by unit."""
    from councilkg.code_key import source_key

    return f"{corpus_hash(corpus)}:{context_depth}:{source_key('embed/units.py')}"


def load(settings: Settings | None = None, corpus=None) -> Index:
    """Load the existing index; raise BuildError if it is missing, corrupt or built for another corpus/model."""
    settings = settings or get_settings()
    folder = Path(settings.build_dir) / "index"
    params = store.read_params(folder)
    if params is None:
        raise BuildError(f"No index in '{folder}' (or its params.json is unreadable).", hint=store.REBUILD_HINT)
    model = model_info(settings.model_path or "")
    if params.get("model", {}).get("fingerprint") != model["fingerprint"]:
        raise BuildError(f"The index in '{folder}' was built with model '{params.get('model', {}).get('path')}', "
                         f"not the configured '{model['path']}'.", hint=store.REBUILD_HINT)
    if corpus is not None and params.get("corpus_hash") != corpus_hash(corpus):
        raise BuildError(f"The index in '{folder}' was built from a different corpus (corpus hash mismatch).",
                         hint=store.REBUILD_HINT)
    store.verify(folder, params)
    try:
        units = _read_units(folder)
        ids = json.loads((folder / "ids.json").read_text())["paragraph_ids"]
        row_units = np.load(folder / "row_units.npy")
    except (OSError, ValueError, KeyError, TypeError, pickle.UnpicklingError) as exc:
        raise BuildError(f"The index in '{folder}' is unreadable ({exc}).", hint=store.REBUILD_HINT) from exc
    depth = int(params["options"]["context_depth"])
    if corpus is not None and params.get("units_key") != units_key(corpus, depth) \
            and units_hash(make_units(corpus, depth)) != params.get("units_hash"):
        raise BuildError(f"The index in '{folder}' does not match the corpus's paragraphs.", hint=store.REBUILD_HINT)
    dense_index = dense_mod.DenseIndex.load(folder / "dense.faiss", params["dense"])
    keyword = KeywordIndex.load(folder / "bm25", len(units))
    if ids != [u.paragraph_id for u in units] or dense_index.ntotal != len(row_units) \
            or dense_index.index.d != params["dimension"]:
        raise BuildError(f"The index in '{folder}' is inconsistent (id map and vectors disagree).",
                         hint=store.REBUILD_HINT)
    return Index(folder, params, units, row_units, dense_index, keyword, settings)
