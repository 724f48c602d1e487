"""The index layer: dense (FAISS) and keyword (BM25) search over corpus paragraphs, fused.

    index = embed.build(corpus)            # cached by content hash; re-encodes only new text
    index = embed.load(settings, corpus)   # refuses a missing, corrupt or mismatched index
    hits = index.search("strategy meetings", k=5, filters=embed.Filters(part_kinds=("inspection_report",)))

The names are imported on first use (PEP 562), so a command that never searches — `councilkg sparql`,
the CLI's start — does not pay for numpy, FAISS and BM25.
"""
from importlib import import_module

_EXPORTS = {"build": "index", "load": "index", "Index": "index", "BuildOptions": "index",
            "Filters": "hybrid", "Hit": "hybrid", "Encoder": "encoder", "get_encoder": "encoder",
            "get_query_encoder": "encoder"}

__all__ = ["build", "load", "Index", "Filters", "Hit", "Encoder", "get_encoder", "get_query_encoder", "BuildOptions"]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'embed' has no attribute '{name}'")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
