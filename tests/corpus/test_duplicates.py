"""Duplicate links: the prefix-filtered join gives exactly the links of comparing every pair, in linear time
on boilerplate that every document repeats."""
from __future__ import annotations

import gc
import random
import time
from collections import defaultdict
from pathlib import Path

import pytest

from corpus.duplicates import MIN_WORDS, THRESHOLD, _shingles, find_duplicates, normalise, similar_pairs
from corpus.records import Document, Paragraph, Span

REPO = Path(__file__).resolve().parents[2]


def reference_duplicates(documents) -> dict[str, str]:
    """The first implementation, kept as the reference: every pair of paragraphs of different documents
    that share a shingle is compared (quadratic when all documents share boilerplate)."""
    order = sorted(documents, key=lambda d: (d.date or "9999", len(d.text), d.id))
    rank = {d.id: i for i, d in enumerate(order)}
    entries = []
    for doc in documents:
        for p in doc.paragraphs:
            words = normalise(p.text).split()
            if len(words) >= MIN_WORDS and p.kind != "heading":
                entries.append((p.id, doc.id, _shingles(words)))
    index = defaultdict(list)
    for i, (_, _, sh) in enumerate(entries):
        for h in sh:
            index[h].append(i)
    doc_of = {pid: doc for pid, doc, _ in entries}
    primary_of = {}
    for pid, doc_id, sh in entries:
        counts = defaultdict(int)
        for h in sh:
            for j in index[h]:
                if entries[j][1] != doc_id:
                    counts[j] += 1
        for j, shared in counts.items():
            other_id, other_doc, other_sh = entries[j]
            if shared / len(sh | other_sh) >= THRESHOLD and (rank[other_doc], other_id) < (rank[doc_id], pid):
                best = primary_of.get(pid)
                if best is None or (rank[other_doc], other_id) < (rank[doc_of[best]], best):
                    primary_of[pid] = other_id
    for pid in list(primary_of):
        root = primary_of[pid]
        while root in primary_of:
            root = primary_of[root]
        primary_of[pid] = root
    return primary_of


def _document(doc_id: str, paragraphs: list[str], date: str = "2020-01-01") -> Document:
    text, paras = "", []
    for i, body in enumerate(paragraphs):
        start = len(text)
        text += body + "\n\n"
        paras.append(Paragraph(id=f"{doc_id}:p{i:04d}", document_id=doc_id, ordinal=i, text=body, kind="paragraph",
                               spans=(Span(start, start + len(body)),), part_id=f"{doc_id}:part0", section_id=None,
                               heading_path=()))
    return Document(id=doc_id, path="", title=doc_id, kind="report", date=date, publisher="", bodies=(), licence="",
                    sha256="", text=text, page_starts=(), encoding="utf-8", parts=(), sections=(),
                    paragraphs=tuple(paras), tables=(), furniture=())


def _synthetic_corpus(n_docs: int, seed: int = 7, near_copies: bool = True) -> list[Document]:
    """Documents repeating boilerplate with a varying name, near-copies with a word changed, and own text."""
    rng = random.Random(seed)
    vocabulary = [f"w{i}" for i in range(400)]
    boilerplate = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(12, 60))) for _ in range(6)]
    shared_report = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(10, 40))) for _ in range(10)]
    docs = []
    for d in range(n_docs):
        name = f"Authority{d}"
        paras = [f"{b} {name}" if i % 2 and near_copies else b for i, b in enumerate(boilerplate)]
        for para in shared_report[: rng.randint(0, 10) if near_copies else 0]:
            words = para.split()
            if rng.random() < 0.5:  # a near copy: one word changed
                words[rng.randrange(len(words))] = rng.choice(vocabulary)
            paras.append(" ".join(words))
        paras += [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(5, 50))) for _ in range(8)]
        docs.append(_document(f"doc{d:03d}", paras, date=f"20{10 + d % 12:02d}-0{1 + d % 9}-01"))
    return docs


def test_the_links_are_those_of_comparing_every_pair_on_synthetic_boilerplate():
    docs = _synthetic_corpus(40)
    expected = reference_duplicates(docs)
    assert len(expected) > 100  # the boilerplate and the near copies are linked
    assert find_duplicates(docs) == expected


def test_similar_pairs_is_exact_against_brute_force():
    rng = random.Random(3)
    base = [frozenset(rng.sample(range(300), rng.randint(4, 60))) for _ in range(60)]
    sets = list(dict.fromkeys(base + [frozenset(list(s)[:-1] or s) for s in base] +
                              [s | {1000 + i} for i, s in enumerate(base)]))
    brute = {(i, j) for i in range(len(sets)) for j in range(i + 1, len(sets))
             if len(sets[i] & sets[j]) / len(sets[i] | sets[j]) >= THRESHOLD}
    found = {tuple(sorted(pair)) for pair in similar_pairs(sets)}
    assert found == brute and brute


def test_boilerplate_shared_by_every_document_costs_linear_time():
    """Ten times the documents must not cost anywhere near a hundred times the time (it did: 12 min at 250).
    (Near copies that differ by a name are each similar to all the others: those pairs are the output.)"""
    small, large = _synthetic_corpus(30, near_copies=False), _synthetic_corpus(300, near_copies=False)

    def cpu(docs):
        """Best of three, this thread's CPU, the collector paused: a collection of a big test session's heap
        (a pytest-xdist worker may hold the real build) costs the same whatever the input and swamps 30 documents."""
        timings = []
        gc.disable()
        try:
            for _ in range(3):
                t = time.thread_time()
                find_duplicates(docs)
                timings.append(time.thread_time() - t)
        finally:
            gc.enable()
        return min(timings)

    assert cpu(large) < 35 * max(cpu(small), 0.01)  # comparing every pair: about 100 times


@pytest.mark.slow
def test_the_links_on_the_project_corpus_and_real_ofsted_reports_are_those_of_comparing_every_pair(real_corpus):
    import corpus
    from pdf_text import READ_CACHE, read_texts

    paths = sorted((REPO / "tests" / "data" / "ofsted").glob("*.pdf"))
    read_texts(paths)  # pypdf once per report per session (the era tests read the same ten), then from the cache
    reports = [corpus.load_document(path, cache_dir=READ_CACHE) for path in paths]
    documents = list(real_corpus.documents) + reports
    expected = reference_duplicates(documents)
    assert find_duplicates(documents) == expected
    assert real_corpus.duplicates == reference_duplicates(list(real_corpus.documents))
