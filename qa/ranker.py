"""The learned ranker: one model over the candidates' features, and the answerability threshold.

The model file (``qa/ranker.json.gz``, gzipped JSON) is written by ``bench/fit_qa.py`` and never edited by hand. It holds
the feature names, gradient-boosted trees (a bag of LightGBM boosters, in LightGBM's own text, scored by
its predictor), the answer-type classifier, the query adapter (a linear map
on question vectors before dense search, ``qa.adapter``), the one threshold on ``answerability`` (the
probability that one of the best candidates answers) below which the answer is "not found", and the
cross-validated figures it was fitted with.
"""
from __future__ import annotations

import gzip
import json
import sys
import threading
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from pathlib import Path

import numpy as np

from councilkg.errors import BuildError
from qa import adapter

MODEL_FILE = Path(__file__).resolve().parent / "ranker.json.gz"
_GZIP_MAGIC = b"\x1f\x8b"
TREES_END = "end of trees"  # where a LightGBM model's text finishes its trees (its parameters follow)
# What ``import lightgbm`` imports when installed, for its scikit-learn, pandas, Dask and plotting interfaces; the
# predictor reads model text and numpy rows and uses none of them (``_lightgbm``)
LIGHTGBM_EXTRAS = ("sklearn", "pandas", "dask", "pyarrow", "matplotlib", "graphviz")
_IMPORTING = threading.Lock()


def _lightgbm():
    """LightGBM's module, imported without the optional libraries a process has not imported yet (``LIGHTGBM_EXTRAS``).

    Why: ``import lightgbm`` imports scikit-learn for its estimator classes, 1.2 s (0.3 s without): a cold ``councilkg
    ask`` on Bury's papers took 1.6–1.9 s with it, 0.7 s without (README). A library left out is only hidden while
    LightGBM's module loads (its interfaces to that library then say it is missing; ``lightgbm.train`` and
    ``Booster`` never need it); a process that holds scikit-learn already (the fit) gets LightGBM as it always
    imports."""
    with _IMPORTING:  # once a model (``Model._predictors``): the lock costs nothing, no thread sees half a module
        if "lightgbm" in sys.modules:
            return sys.modules["lightgbm"]
        hidden = [name for name in LIGHTGBM_EXTRAS if name not in sys.modules]
        sys.modules.update(dict.fromkeys(hidden))  # None: an import of that name fails, and LightGBM skips it
        try:
            import lightgbm
        finally:
            for name in hidden:
                if sys.modules.get(name, False) is None:
                    del sys.modules[name]
    return lightgbm


@dataclass
class Model:
    """P(candidate answers the question) = σ(the mean raw score of the bag's LightGBM boosters)."""

    features: list[str]
    boosters: list[str]            # LightGBM's own text of each fitted booster of the bag (its trees, no parameters)
    threshold: float = 0.5
    keep_within: float = 0.5       # runners-up kept while their probability is this share of the best
    answer_type: dict | None = None
    info: dict = field(default_factory=dict)
    query_adapter: np.ndarray | None = None   # d × d map on question vectors for dense search (None: as encoded)
    # how often each question word is absent from the evidence of the answerable questions the fit read
    # ({"prior", "strength", "counts": {token: [absent, asked]}}; ``qa.features.absence_rates``)
    word_absence: dict | None = None

    @cached_property
    def _predictors(self) -> list:
        """The boosters, loaded by LightGBM when first scored (a model sent to a worker process travels as text)."""
        lightgbm = _lightgbm()
        return [lightgbm.Booster(model_str=text) for text in self.boosters]

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_predictors"}

    @property
    def candidate_floor(self) -> float:
        """The least probability a statement of an answer has: that of each of ``ANSWERABILITY_TOP`` equally likely
        candidates which together just reach the threshold (the threshold is on answerability, not on one
        candidate: 0.335 there is 0.128 here)."""
        return 1.0 - (1.0 - self.threshold) ** (1.0 / ANSWERABILITY_TOP)

    def raw(self, x: np.ndarray) -> np.ndarray:
        """The boosted score of each row of ``x``: the mean of the boosters' raw scores, by LightGBM's predictor on
        one thread (an ask scores its sixty candidates in a quarter of a millisecond a booster; the numpy walk of
        the exported trees it replaced took 4 ms an ask, and a fifth of the fit's held-out asks)."""
        if not len(x) or not self.boosters:
            return np.zeros(len(x))
        x = np.ascontiguousarray(x, dtype=np.float64)
        return np.mean([b.predict(x, raw_score=True, num_threads=1) for b in self._predictors], axis=0)

    def matrix(self, rows: list[dict]) -> np.ndarray:
        """The rows' features in the model's order (a feature a row lacks is 0)."""
        names, zeros = self.features, [0.0] * len(self.features)
        values = chain.from_iterable(map(row.get, names, zeros) for row in rows)
        return np.fromiter(values, dtype=np.float64, count=len(rows) * len(names)).reshape(len(rows), len(names))

    def probabilities(self, rows: list[dict]) -> np.ndarray:
        if not rows:
            return np.zeros(0)
        return 1.0 / (1.0 + np.exp(-np.clip(self.raw(self.matrix(rows)), -30, 30)))

    def to_json(self) -> dict:
        return {"features": self.features, "threshold": self.threshold, "keep_within": self.keep_within,
                "answer_type": self.answer_type, "info": self.info,
                "query_adapter": adapter.to_json(self.query_adapter), "word_absence": self.word_absence,
                "lightgbm": self.boosters}

    @classmethod
    def from_json(cls, data: dict) -> "Model":
        if "lightgbm" not in data:
            raise BuildError("the ranker's file predates LightGBM's boosters (its trees are arrays): refit it with "
                             "bench/fit_qa.py")
        return cls(features=list(data["features"]), boosters=list(data["lightgbm"]), threshold=float(data["threshold"]),
                   keep_within=float(data.get("keep_within", 0.5)), answer_type=data.get("answer_type"),
                   info=data.get("info", {}), query_adapter=adapter.from_json(data.get("query_adapter")),
                   word_absence=data.get("word_absence"))

    @classmethod
    def from_lightgbm(cls, features: list[str], booster) -> "Model":
        """A fitted LightGBM ``Booster`` as a model of one: its text up to its trees' end (the parameters it was
        fitted with, thread count and all, are in ``info`` once, not in each booster)."""
        text = booster.model_to_string()
        return cls(list(features), [text[:text.index(TREES_END) + len(TREES_END)] + "\n"])

    @classmethod
    def bag(cls, fits: list["Model"]) -> "Model":
        """One model scoring the mean of ``fits``' raw scores (each a bag member fitted with its own seed)."""
        return cls(list(fits[0].features), [text for fit in fits for text in fit.boosters])


def load(path: Path | None = None) -> Model | None:
    """The fitted model, or None when ``bench/fit_qa.py`` has not written one. Gzipped or plain JSON (a fit written
    with ``--out F.json``), told apart by the file's first bytes; parsed once while the file is unchanged
    (``_PARSED``), each call a Model of its own."""
    path = Path(path or MODEL_FILE)
    if not path.is_file():
        return None
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    parsed = _PARSED.get(key)
    if parsed is None:
        data = path.read_bytes()
        if data[:2] == _GZIP_MAGIC:
            data = gzip.decompress(data)
        parsed = json.loads(data.decode("utf-8"))
        _PARSED.clear()
        _PARSED[key] = parsed
    return Model.from_json(parsed)


# (path, modification time, size) -> the model file's JSON, parsed once: every Engine loads the model, a fit makes a
# hundred (70 ms each to unzip and parse; loading a fit's 51 packs 27.0 → 21.7 s); the dicts Models share are read only
_PARSED: dict[tuple, dict] = {}


def save(model: Model, path: Path | None = None) -> Path:
    """Write ``model`` as JSON, gzipped when ``path`` ends in ".gz" (with no time stamp, so an identical refit
    writes identical bytes): the trees of a bag of twelve are 7.3 MB of text, 3.1 MB gzipped."""
    path = Path(path or MODEL_FILE)
    data = (json.dumps(model.to_json(), separators=(",", ":")) + "\n").encode("utf-8")
    if path.suffix == ".gz":
        data = gzip.compress(data, mtime=0)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path


def untrained() -> Model:
    """A stand-in before the first fit: one split on how much of the question the text covers (so ``ask`` runs)."""
    lightgbm = _lightgbm()
    cover = np.repeat([[0.0], [1.0]], 20, axis=0)
    booster = lightgbm.train(dict(objective="binary", num_leaves=2, min_data_in_leaf=1, verbose=-1, num_threads=1),
                             lightgbm.Dataset(cover, cover[:, 0]), num_boost_round=1)
    return Model.from_lightgbm(["text_cover"], booster)


# How many of the best candidates answerability reads. A question is answered when any of them answers it: a broad
# question ("what did Ofsted say about care leavers?") has several candidates that each answer in part, none much
# likelier than the rest (each 0.13–0.16 in the synthetic care-leavers brief). Out of fold, reading 1 to 10 moved
# the questions right by under 5 of 2,102 (docs/qa-notebook.md, "Answerability over the best three candidates").
ANSWERABILITY_TOP = 3


def answerability(ranked, groups=None) -> float:
    """P(at least one of the best ``ANSWERABILITY_TOP`` distinct candidates answers), read as independent: the one
    number the threshold cuts. ``ranked`` are candidates best first, or their probabilities with ``groups`` (each one's
    restatement group; without, each its own). Candidates quoting the same text are one chance, not several
    (``restatement_groups``): "Who was the deputy lead inspector in 2021?" of a report naming only its lead inspector
    had the line "Lead inspector: …", the graph's statement of it and the inspector's post at 0.65, 0.63 and 0.52, read
    as three chances (0.94) where they are one (docs/qa-notebook.md, "Restatements are one chance")."""
    if groups is None:
        groups = restatement_groups(ranked)
    best, seen = [], set()
    for c, group in zip(ranked, groups):
        if group not in seen:
            seen.add(group)
            best.append(getattr(c, "probability", c))
            if len(best) == ANSWERABILITY_TOP:
                break
    return float(1.0 - np.prod([1.0 - p for p in best])) if best else 0.0


def restatement_groups(candidates) -> list[int]:
    """Each candidate's group: candidates quoting overlapping text of one paragraph, directly or through another, are
    one group (a sentence, the graph statement citing it and a post stated on the same line). A bare probability, or
    a candidate quoting nothing, is a group of its own."""
    parent = list(range(len(candidates)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    spans = sorted((pid, a, b, i) for i, c in enumerate(candidates)
                   for _, quoted in getattr(c, "lines", ()) for pid, a, b in quoted)
    reach = None  # (paragraph, end, candidate) of the overlapping run so far
    for pid, a, b, i in spans:
        if reach and reach[0] == pid and a < reach[1]:
            parent[root(i)] = root(reach[2])
            reach = (pid, max(reach[1], b), reach[2])
        else:
            reach = (pid, b, i)
    return [root(i) for i in range(len(candidates))]


def score(engine, q, retrieved, candidates) -> list:
    """The candidates with their features and probabilities under ``engine.model``, best first."""
    from qa.features import table

    rows = table(engine, q, retrieved, candidates)
    for c, row, p in zip(candidates, rows, engine.model.probabilities(rows)):
        c.features, c.probability = row, float(p)
    return sorted(candidates, key=lambda c: -c.probability)


def margin(ranked, model) -> float:
    """The least probability of a runner-up given with the best candidate: the candidate floor, or the share
    ``keep_within`` of the best's probability when that is higher."""
    return max(model.candidate_floor, ranked[0].probability * model.keep_within)
