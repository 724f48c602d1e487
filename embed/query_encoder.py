"""Encode questions without importing torch: the same BERT forward pass in numpy, from the model's own files.

Why: ``import sentence_transformers`` costs 6–10 s on this machine (torch, transformers, sklearn),
more than the whole budget of a cold `councilkg ask` (5 s), to encode one question of 20 word-pieces.
This reads the same folder — tokenizer.json through the ``tokenizers`` library, the weights from
model.safetensors — and computes the same function: BERT encoder, mean pooling over the attention
mask, L2 normalisation. A test compares it with sentence-transformers on real text (cosine ≥ 0.99999).

It applies only to what it implements: a folder whose modules.json is Transformer → mean Pooling
(→ Normalize) over a BERT with absolute positions and GELU. Any other model (COUNCILKG_MODEL_PATH)
goes through sentence-transformers as before; building the index always does.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

_PREFIXES = ("", "bert.", "model.")


def supports(folder: str | Path) -> bool:
    """Whether the model in ``folder`` is one this forward pass computes exactly."""
    folder = Path(folder)
    try:
        modules = json.loads((folder / "modules.json").read_text())
        config = json.loads((folder / "config.json").read_text())
        types = [m["type"].rsplit(".", 1)[-1] for m in modules]
        if types[:2] != ["Transformer", "Pooling"] or any(t != "Normalize" for t in types[2:]) or len(types) > 3:
            return False
        pooling = json.loads((folder / modules[1]["path"] / "config.json").read_text())
        modes = {k for k, v in pooling.items() if k.startswith("pooling_mode") and v}
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return False
    return (modes == {"pooling_mode_mean_tokens"} and config.get("model_type") == "bert"
            and config.get("hidden_act") == "gelu" and config.get("position_embedding_type", "absolute") == "absolute"
            and (folder / "model.safetensors").is_file() and (folder / "tokenizer.json").is_file())


_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "I32": np.int32}


def read_safetensors(path: str | Path) -> dict[str, np.ndarray]:
    """The tensors of a .safetensors file as read-only memory maps (the format: an 8-byte header length, a JSON
    header naming each tensor's dtype, shape and byte range, then the data): milliseconds, and only the pages
    a question touches are read (a few rows of the 47 MB word-embedding table)."""
    with open(path, "rb") as fh:
        size = int.from_bytes(fh.read(8), "little")
        header = json.loads(fh.read(size))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + size)
    tensors = {}
    for name, spec in header.items():
        if name == "__metadata__" or spec["dtype"] not in _DTYPES:
            continue
        begin, end = spec["data_offsets"]
        array = data[begin:end].view(_DTYPES[spec["dtype"]]).reshape(spec["shape"])
        tensors[name] = array if array.dtype == np.float32 or array.dtype.kind == "i" else array.astype(np.float32)
    return tensors


def _erf(x: np.ndarray) -> np.ndarray:
    """erf with a fractional error below 1.2e-7 everywhere (Numerical Recipes' Chebyshev fit of erfc): float32's own
    precision, so GELU matches torch's exact (erf) GELU; numpy has no erf and scipy costs an import."""
    z = np.abs(x)
    t = 1.0 / (1.0 + 0.5 * z)
    poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (
        -0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    erfc = t * np.exp(poly)
    return np.where(x >= 0, 1.0 - erfc, erfc - 1.0)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class QueryEncoder:
    """``encode(texts)`` → (n, dim) float32 unit vectors, as sentence-transformers gives for this model."""

    def __init__(self, folder: str | Path, info: dict | None = None):
        from tokenizers import Tokenizer

        folder = Path(folder)
        config = json.loads((folder / "config.json").read_text())
        st_config = folder / "sentence_bert_config.json"
        self.max_tokens = int(json.loads(st_config.read_text()).get("max_seq_length") or 256) if st_config.is_file() \
            else int(config.get("max_position_embeddings", 512))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=self.max_tokens)
        self.tokenizer.no_padding()
        weights = read_safetensors(folder / "model.safetensors")
        prefix = next(p for p in _PREFIXES if f"{p}embeddings.word_embeddings.weight" in weights)
        self._w = {k[len(prefix):]: v for k, v in weights.items() if k.startswith(prefix)}
        self.layers = int(config["num_hidden_layers"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.dim = int(config["hidden_size"])
        self.info = info or {}
        self.name = self.info.get("name", folder.name)

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Mean-pooled last hidden states of a padded batch (n, length)."""
        w, n, length = self._w, ids.shape[0], ids.shape[1]
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length] \
            + w["embeddings.token_type_embeddings.weight"][0]
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        head = self.dim // self.heads
        bias = ((1.0 - mask[:, None, None, :]) * np.finfo(np.float32).min).astype(np.float32)
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def linear(h, name):
                return h @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            def split(h):
                return h.reshape(n, length, self.heads, head).transpose(0, 2, 1, 3)

            q, k, v = (split(linear(x, f"attention.self.{m}")) for m in ("query", "key", "value"))
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            context = (scores / scores.sum(-1, keepdims=True)) @ v
            context = context.transpose(0, 2, 1, 3).reshape(n, length, self.dim)
            x = _layer_norm(linear(context, "attention.output.dense") + x,
                            w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], self.eps)
            inner = linear(x, "intermediate.dense")
            inner = 0.5 * inner * (1.0 + _erf(inner / math.sqrt(2.0)))
            x = _layer_norm(linear(inner, "output.dense") + x,
                            w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], self.eps)
        weights = mask[:, :, None]
        return (x * weights).sum(1) / np.maximum(weights.sum(1), 1e-9)

    def encode(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        """Normalised float32 vectors, one row per text (batches of similar length, padded)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        with _one_blas_thread():
            self._encode_rows(encodings, order, batch_size, out)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.ascontiguousarray(out / np.maximum(norms, 1e-12), dtype=np.float32)

    def _encode_rows(self, encodings, order: list[int], batch_size: int, out: np.ndarray) -> None:
        for start in range(0, len(order), batch_size):
            rows = order[start:start + batch_size]
            length = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), length), dtype=np.int64)
            mask = np.zeros((len(rows), length), dtype=np.float32)
            for r, i in enumerate(rows):
                seq = encodings[i].ids
                ids[r, :len(seq)] = seq
                mask[r, :len(seq)] = 1.0
            out[rows] = self._forward(ids, mask)


_BLAS = None


def _one_blas_thread():
    """BLAS on one thread while a question is encoded: its matrices are a few dozen rows, and OpenBLAS's
    threads waiting for each other on a busy 2-core machine made one question cost 360 ms instead of 20 ms
    (bench/bench_qa.py). The controller is made once: asking for the limit then costs microseconds."""
    global _BLAS
    if _BLAS is None:
        from threadpoolctl import ThreadpoolController

        _BLAS = ThreadpoolController()
    return _BLAS.limit(limits=1, user_api="blas")
