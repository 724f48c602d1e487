"""Link identical or near-identical paragraphs across documents (the same report in two packs).

Why: retrieval should return one copy and cite the primary source; the graph should not count
one statement twice. The primary is the copy in the earliest-dated document (then the shorter
file, which is the standalone report rather than the pack that reprints it).
"""
from __future__ import annotations

import re
from collections import defaultdict

from corpus.records import Document

MIN_WORDS = 8
SHINGLE = 4
THRESHOLD = 0.85


def normalise(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _shingles(words: list[str]) -> set[int]:
    if len(words) < SHINGLE:
        return {hash(" ".join(words))}
    return {hash(" ".join(words[i:i + SHINGLE])) for i in range(len(words) - SHINGLE + 1)}


def find_duplicates(documents: list[Document]) -> dict[str, str]:
    """Map each duplicate paragraph id to the id of its primary copy."""
    order = sorted(documents, key=lambda d: (d.date or "9999", len(d.text), d.id))
    rank = {d.id: i for i, d in enumerate(order)}
    entries = []
    for doc in documents:
        for p in doc.paragraphs:
            words = normalise(p.text).split()
            if len(words) >= MIN_WORDS and p.kind != "heading":
                entries.append((p.id, doc.id, _shingles(words)))
    index: dict[int, list[int]] = defaultdict(list)
    for i, (_, _, sh) in enumerate(entries):
        for h in sh:
            index[h].append(i)
    primary_of: dict[str, str] = {}
    for i, (pid, doc_id, sh) in enumerate(entries):
        counts: dict[int, int] = defaultdict(int)
        for h in sh:
            for j in index[h]:
                if entries[j][1] != doc_id:
                    counts[j] += 1
        for j, shared in counts.items():
            other_id, other_doc, other_sh = entries[j]
            jaccard = shared / len(sh | other_sh)
            if jaccard >= THRESHOLD and (rank[other_doc], other_id) < (rank[doc_id], pid):
                best = primary_of.get(pid)
                if best is None or (rank[other_doc], other_id) < (rank[best.split(":")[0]], best):
                    primary_of[pid] = other_id
    # Point every duplicate at the root primary.
    for pid in list(primary_of):
        root = primary_of[pid]
        while root in primary_of:
            root = primary_of[root]
        primary_of[pid] = root
    return primary_of
