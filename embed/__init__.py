"""The index layer: dense (FAISS) and keyword (BM25) search over corpus paragraphs, fused.

    index = embed.build(corpus)            # cached by content hash; re-encodes only new text
    index = embed.load(settings, corpus)   # refuses a missing, corrupt or mismatched index
    hits = index.search("strategy meetings", k=5, filters=embed.Filters(part_kinds=("inspection_report",)))
"""
from .encoder import Encoder, get_encoder
from .hybrid import Filters, Hit
from .index import BuildOptions, Index, build, load

__all__ = ["build", "load", "Index", "Filters", "Hit", "Encoder", "get_encoder", "BuildOptions"]
