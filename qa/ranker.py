"""The learned ranker: one logistic regression over the candidates' features, and the answerability threshold.

The model file (``qa/ranker.json``) is written by ``councilkg fit`` and never edited by hand. It holds
the feature names, their standardisation, the coefficients, the answer-type classifier, the one
threshold on the best candidate's probability below which the answer is "not found", and the
cross-validated figures it was fitted with.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).resolve().parent / "ranker.json"


@dataclass
class Model:
    """A fitted ranker: P(candidate answers the question) = σ(w · standardised features + b)."""

    features: list[str]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float = 0.5
    keep_within: float = 0.5       # runners-up kept while their probability is this share of the best
    answer_type: dict | None = None
    info: dict = field(default_factory=dict)

    def probabilities(self, rows: list[dict]) -> np.ndarray:
        if not rows:
            return np.zeros(0)
        x = np.array([[row.get(name, 0.0) for name in self.features] for row in rows], dtype=np.float64)
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def to_json(self) -> dict:
        return {"features": self.features, "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": self.coef.tolist(), "intercept": self.intercept, "threshold": self.threshold,
                "keep_within": self.keep_within, "answer_type": self.answer_type, "info": self.info}

    @classmethod
    def from_json(cls, data: dict) -> "Model":
        return cls(features=list(data["features"]), mean=np.asarray(data["mean"], dtype=np.float64),
                   scale=np.asarray(data["scale"], dtype=np.float64), coef=np.asarray(data["coef"], dtype=np.float64),
                   intercept=float(data["intercept"]), threshold=float(data["threshold"]),
                   keep_within=float(data.get("keep_within", 0.5)), answer_type=data.get("answer_type"),
                   info=data.get("info", {}))


def load(path: Path | None = None) -> Model | None:
    """The fitted model, or None when ``councilkg fit`` has not written one."""
    path = Path(path or MODEL_FILE)
    if not path.is_file():
        return None
    return Model.from_json(json.loads(path.read_text(encoding="utf-8")))


def save(model: Model, path: Path | None = None) -> Path:
    path = Path(path or MODEL_FILE)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def untrained(features: list[str]) -> Model:
    """A neutral stand-in before the first fit: coverage and retrieval rank only (so ``ask`` still runs)."""
    coef = np.array([1.0 if f in ("text_cover", "para_cover", "rank", "fact_match") else 0.0 for f in features])
    return Model(features, np.zeros(len(features)), np.ones(len(features)), coef, -1.5, threshold=0.3)
