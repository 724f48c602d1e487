"""The query adapter: a fitted linear map applied to a question's vector before dense search.

Why: MiniLM places a question and the paragraph that answers it further apart than it places the
question and paragraphs that merely share its words ("What did inspectors say about care leavers?"
lands near headings and other questions, not near the report's sentences on personal advisers).
A map ``W`` fitted on the labelled questions (``bench/fit_qa.py``: softmax over every paragraph
vector of the question's corpus, the evidence paragraphs as targets, ``W`` held near the identity)
moves questions towards the text that answers questions like them. Only the question side moves,
so the index is never re-encoded; a model file without an adapter searches with the vector as
encoded. The answer-type classifier keeps the encoder's own vector (it was fitted on it).

Stored in the ranker's JSON as float16 (a 384 × 384 map is 390 kB of base64): the fitted map's entries
lie within 0.11 of the identity's, and a half-unit rounding of every entry moves an adapted vector's
entries by < 1e-4 (cosine to the unrounded one > 0.99999).
"""
from __future__ import annotations

import base64

import numpy as np


def adapt(matrix: np.ndarray | None, vectors: np.ndarray) -> np.ndarray:
    """Question vectors (rows) mapped by ``matrix`` and normalised again; unchanged when there is no adapter."""
    if matrix is None:
        return vectors
    mapped = np.asarray(vectors, dtype=np.float32) @ matrix.T
    norms = np.linalg.norm(mapped, axis=-1, keepdims=True)
    return (mapped / np.maximum(norms, 1e-12)).astype(np.float32)


def to_json(matrix: np.ndarray | None) -> dict | None:
    if matrix is None:
        return None
    data = np.ascontiguousarray(matrix, dtype="<f2")
    return {"shape": list(data.shape), "dtype": "float16", "base64": base64.b64encode(data.tobytes()).decode("ascii")}


def from_json(data: dict | None) -> np.ndarray | None:
    if not data:
        return None
    raw = np.frombuffer(base64.b64decode(data["base64"]), dtype="<f2")
    return raw.reshape(data["shape"]).astype(np.float32)
