"""The learned ranker: one model over the candidates' features, and the answerability threshold.

The model file (``qa/ranker.json``) is written by ``bench/fit_qa.py`` and never edited by hand. It holds
the feature names, gradient-boosted trees (LightGBM's, exported as plain arrays and evaluated
here with numpy), the answer-type classifier, the query adapter (a linear map
on question vectors before dense search, ``qa.adapter``), the one threshold on ``answerability`` (the
probability that one of the best candidates answers) below which the answer is "not found", and the
cross-validated figures it was fitted with.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import numpy as np

from qa import adapter

MODEL_FILE = Path(__file__).resolve().parent / "ranker.json"


@dataclass
class Model:
    """P(candidate answers the question) = σ(baseline + Σ trees(features))."""

    features: list[str]
    trees: list[dict]              # each: feature, threshold, left, right, value (arrays by node; leaf: left = -1)
    baseline: float
    threshold: float = 0.5
    keep_within: float = 0.5       # runners-up kept while their probability is this share of the best
    answer_type: dict | None = None
    info: dict = field(default_factory=dict)
    query_adapter: np.ndarray | None = None   # d × d map on question vectors for dense search (None: as encoded)

    def __post_init__(self):
        # Every tree's nodes in one flat array (tree t's node n at offset[t] + n; a leaf points to itself): all
        # trees are walked for all rows at once, one numpy step per level over the pairs still walking. At a
        # thousand candidates (an unscoped question offers every inspection's dates) this is 40 ms, the
        # (row, tree) indexing over every pair at every level it replaces took 120 ms.
        sizes = [len(t["feature"]) for t in self.trees]
        offsets = np.cumsum([0] + sizes)[:-1].astype(np.int64)
        self._roots = offsets

        def flat(key, dtype):
            return np.concatenate([np.asarray(t[key], dtype=dtype) for t in self.trees]) if self.trees \
                else np.zeros(0, dtype=dtype)

        self._feature = flat("feature", np.int64)
        self._threshold = flat("threshold", np.float64)
        self._value = flat("value", np.float64)
        left, right = flat("left", np.int64), flat("right", np.int64)
        here = np.arange(len(left), dtype=np.int64)
        base = np.repeat(offsets, sizes)
        self._leaf = left < 0
        self._left = np.where(self._leaf, here, left + base)
        self._right = np.where(self._leaf, here, right + base)

    @property
    def candidate_floor(self) -> float:
        """The least probability a statement of an answer has: that of each of ``ANSWERABILITY_TOP`` equally likely
        candidates which together just reach the threshold (the threshold is on answerability, not on one
        candidate: 0.335 there is 0.128 here)."""
        return 1.0 - (1.0 - self.threshold) ** (1.0 / ANSWERABILITY_TOP)

    def raw(self, x: np.ndarray) -> np.ndarray:
        """The boosted score of each row of ``x``: every tree walked for every row, level by level, each level
        only over the (row, tree) pairs not yet at a leaf."""
        n, trees = len(x), len(self.trees)
        if not trees or not n:
            return np.full(n, self.baseline)
        x = np.ascontiguousarray(x, dtype=np.float64)
        # equal rows score equally: walk each distinct row once (a third of an unscoped question's thousand
        # candidates repeat another's features)
        first: dict[bytes, int] = {}
        which = np.fromiter((first.setdefault(row.tobytes(), len(first)) for row in x), dtype=np.int64, count=n)
        if len(first) < n:
            distinct = np.zeros(len(first), dtype=np.int64)
            distinct[which] = np.arange(n)
            return self.raw(x[distinct])[which]
        flat = x.ravel()
        row_start = np.repeat(np.arange(n, dtype=np.int64) * x.shape[1], trees)
        node = np.tile(self._roots, n)
        walking = np.flatnonzero(~self._leaf[node])
        while walking.size:
            at = node[walking]
            go_left = flat[row_start[walking] + self._feature[at]] <= self._threshold[at]
            reached = np.where(go_left, self._left[at], self._right[at])
            node[walking] = reached
            walking = walking[~self._leaf[reached]]
        return self.baseline + self._value[node].reshape(n, trees).sum(axis=1)

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
        return {"features": self.features, "baseline": self.baseline, "threshold": self.threshold,
                "keep_within": self.keep_within, "answer_type": self.answer_type, "info": self.info,
                "query_adapter": adapter.to_json(self.query_adapter), "trees": self.trees}

    @classmethod
    def from_json(cls, data: dict) -> "Model":
        return cls(features=list(data["features"]), trees=data["trees"], baseline=float(data["baseline"]),
                   threshold=float(data["threshold"]), keep_within=float(data.get("keep_within", 0.5)),
                   answer_type=data.get("answer_type"), info=data.get("info", {}),
                   query_adapter=adapter.from_json(data.get("query_adapter")))

    @classmethod
    def from_lightgbm(cls, features: list[str], booster) -> "Model":
        """Export a fitted LightGBM ``Booster`` (binary, numeric features without missing values) as plain arrays:
        each tree's nodes in depth-first order, a split sending a row left when its value is ``<=`` the threshold, as
        ``raw`` walks them. LightGBM puts the starting score into the first tree's leaves, so the baseline is 0."""
        trees = []
        for info in booster.dump_model()["tree_info"]:
            tree = {"feature": [], "threshold": [], "left": [], "right": [], "value": []}
            stack = [(info["tree_structure"], None, None)]  # (node, parent index, the parent's side)
            while stack:
                node, parent, side = stack.pop()
                k = len(tree["feature"])
                if parent is not None:
                    tree[side][parent] = k
                leaf = "leaf_value" in node
                if not leaf and node["decision_type"] != "<=":
                    raise ValueError(f"a split LightGBM decides by {node['decision_type']!r}, not '<='")
                tree["feature"].append(0 if leaf else int(node["split_feature"]))
                tree["threshold"].append(0.0 if leaf else float(node["threshold"]))
                tree["left"].append(-1)
                tree["right"].append(-1)
                tree["value"].append(round(float(node["leaf_value"]), 6) if leaf else 0.0)
                if not leaf:
                    stack += [(node["right_child"], k, "right"), (node["left_child"], k, "left")]
            trees.append(tree)
        return cls(list(features), trees, 0.0)


def load(path: Path | None = None) -> Model | None:
    """The fitted model, or None when ``bench/fit_qa.py`` has not written one."""
    path = Path(path or MODEL_FILE)
    if not path.is_file():
        return None
    return Model.from_json(json.loads(path.read_text(encoding="utf-8")))


def save(model: Model, path: Path | None = None) -> Path:
    path = Path(path or MODEL_FILE)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(model.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def untrained() -> Model:
    """A stand-in before the first fit: one stump on how much of the question the text covers (so ``ask`` runs)."""
    stump = {"feature": [0, -1, -1], "threshold": [0.5, 0.0, 0.0], "left": [1, -1, -1], "right": [2, -1, -1],
             "value": [0.0, -1.0, 1.0]}
    return Model(["text_cover"], [stump], 0.0, threshold=0.5)


# How many of the best candidates answerability reads. A question is answered when any of them answers it: a broad
# question ("what did Ofsted say about care leavers?") has several candidates that each answer in part, none much
# likelier than the rest (each 0.13–0.16 in the synthetic care-leavers brief). Out of fold, reading 1 to 10 moved
# the questions right by under 5 of 2,102 (README, "Answerability over the best three candidates").
ANSWERABILITY_TOP = 3


def answerability(ranked) -> float:
    """P(at least one of the best ``ANSWERABILITY_TOP`` candidates answers), read as independent: the one number the
    threshold cuts. ``ranked`` are candidates best first, or their probabilities."""
    best = [getattr(c, "probability", c) for c in ranked[:ANSWERABILITY_TOP]]
    return float(1.0 - np.prod([1.0 - p for p in best])) if best else 0.0


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
