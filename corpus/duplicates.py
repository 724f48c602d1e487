"""Link identical or near-identical paragraphs across documents (the same report in two packs).

Why: retrieval should return one copy and cite the primary source; the graph should not count
one statement twice. The primary is the copy in the earliest-dated document (then the shorter
file, which is the standalone report rather than the pack that reprints it).

Two paragraphs are near-identical when the Jaccard similarity of their 4-word shingles is at
least 0.85. Why not compare every pair that shares a shingle (the first implementation): with 250
Ofsted reports every report shares its boilerplate with every other, so those lists hold hundreds
of paragraphs and the pass was quadratic (12 minutes). Now identical shingle sets are grouped first
(the boilerplate printed in every report is one set), and the distinct sets are joined by prefix
filtering (AllPairs: shingles ordered rarest first, a pair at 0.85 must share one of the first
~15% of either set's shingles), which is exact: the links are those of the all-pairs comparison.
"""
from __future__ import annotations

import math
import re

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


def similar_pairs(sets: list[frozenset], threshold: float = THRESHOLD) -> list[tuple[int, int]]:
    """Index pairs (i, j) of distinct ``sets`` whose Jaccard similarity is at least ``threshold``.

    Exact, by prefix filtering: if J(x, y) >= t then |x ∩ y| >= t·max(|x|, |y|), so with every
    set's elements in one global order (rarest first), x's first |x| - floor(t|x|) + 1 elements
    and y's first |y| - floor(t|y|) + 1 share one. Only sets sharing a prefix element of similar
    size are compared; rare shingles make those lists short.
    """
    frequency: dict[int, int] = {}
    for s in sets:
        for h in s:
            frequency[h] = frequency.get(h, 0) + 1
    order = sorted(range(len(sets)), key=lambda i: len(sets[i]))
    index: dict[int, list[int]] = {}
    pairs = []
    for i in order:
        x = sets[i]
        n = len(x)
        prefix = sorted(x, key=lambda h: (frequency[h], h))[:n - math.floor(threshold * n) + 1]
        seen = set()
        for h in prefix:
            for j in index.get(h, ()):
                if j in seen:
                    continue
                seen.add(j)
                y = sets[j]
                if len(y) < threshold * n - 1e-9:  # sizes ascend: y is the smaller set
                    continue
                shared = len(x & y)
                if shared / (n + len(y) - shared) >= threshold:
                    pairs.append((j, i))
        for h in prefix:
            index.setdefault(h, []).append(i)
    return pairs


def find_duplicates(documents: list[Document]) -> dict[str, str]:
    """Map each duplicate paragraph id to the id of its primary copy.

    A paragraph's primary is the first (by document rank, then paragraph id) of the paragraphs of
    other documents whose shingles are at least THRESHOLD similar to its own, if that one comes
    before it; chains are followed to their root.
    """
    order = sorted(documents, key=lambda d: (d.date or "9999", len(d.text), d.id))
    rank = {d.id: i for i, d in enumerate(order)}
    # Paragraphs with identical shingle sets form one group: one set to compare, many members.
    group_of_set: dict[frozenset, int] = {}
    members: list[list[tuple[tuple[int, str], str]]] = []  # per group: ((doc rank, paragraph id), doc id)
    entries = []  # (paragraph id, doc id, group)
    for doc in documents:
        for p in doc.paragraphs:
            words = normalise(p.text).split()
            if len(words) >= MIN_WORDS and p.kind != "heading":
                key = frozenset(_shingles(words))
                g = group_of_set.setdefault(key, len(group_of_set))
                if g == len(members):
                    members.append([])
                members[g].append(((rank[doc.id], p.id), doc.id))
                entries.append((p.id, doc.id, g))
    sets = list(group_of_set)
    neighbours: list[list[int]] = [[g] for g in range(len(sets))]  # a group is similar to itself
    for a, b in similar_pairs(sets):
        neighbours[a].append(b)
        neighbours[b].append(a)
    # The two first members of each group from different documents: the first member of another
    # document than any given paragraph's is one of them.
    firsts = []
    for group in members:
        group.sort()
        first = group[0]
        second = next((m for m in group if m[1] != first[1]), None)
        firsts.append((first, second))
    primary_of: dict[str, str] = {}
    for pid, doc_id, g in entries:
        own = (rank[doc_id], pid)
        best = None
        for h in neighbours[g]:
            first, second = firsts[h]
            candidate = first if first[1] != doc_id else second
            if candidate is not None and candidate[0] < own and (best is None or candidate[0] < best):
                best = candidate[0]
        if best is not None:
            primary_of[pid] = best[1]
    # Point every duplicate at the root primary.
    for pid in list(primary_of):
        root = primary_of[pid]
        while root in primary_of:
            root = primary_of[root]
        primary_of[pid] = root
    return primary_of
