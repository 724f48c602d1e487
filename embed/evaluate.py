"""Retrieval evaluation: evidence recall@1/5/10 and MRR for BM25, dense and hybrid, side by side.

A question is hit at rank r when the r-th retrieved paragraph (or a duplicate folded into it)
contains one of its evidence quotes, compared case- and whitespace-insensitively.
"""
from __future__ import annotations

import json
from pathlib import Path

from councilkg.errors import InputError

from .index import MODES, Index

CUTOFFS = (1, 5, 10)


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("\u2019", "'").split())


def read_questions(path: Path) -> list[dict]:
    """Questions from a dev-set JSONL file (one object per line, with "question" and "evidence")."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"Cannot read the question file '{path}' ({exc.strerror}).") from exc
    questions = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
        except ValueError as exc:
            raise InputError(f"Line {n} of '{path}' is not valid JSON ({exc}).") from exc
        if "question" not in q:
            raise InputError(f"Line {n} of '{path}' has no \"question\" field.")
        questions.append(q)
    return questions


def first_hit_rank(index: Index, hits, evidence: list[str]) -> int | None:
    """1-based rank of the first hit whose text (or a duplicate's) contains an evidence quote."""
    quotes = [_norm(e) for e in evidence if e.strip()]
    for hit in hits:
        for pid in (hit.paragraph_id, *hit.duplicates):
            text = _norm(index.unit(pid).text)
            if any(q in text for q in quotes):
                return hit.rank
    return None


def evaluate(index: Index, questions: list[dict], modes=MODES, k: int = 10) -> dict:
    """Per-mode metrics over the answerable questions, plus per-question ranks.

    Returns:
        {"n": answerable count, "modes": {mode: {"recall@1": .., "recall@5": .., "recall@10": .., "mrr": ..}},
         "ranks": {question id: {mode: rank or None}}}
    """
    answerable = [q for q in questions if q.get("evidence") and q.get("found", True)]
    ranks: dict[str, dict[str, int | None]] = {}
    for q in answerable:
        ranks[q.get("id", q["question"])] = {
            mode: first_hit_rank(index, index.search(q["question"], k=k, mode=mode), q["evidence"])
            for mode in modes}
    metrics = {}
    n = max(len(answerable), 1)
    for mode in modes:
        rs = [r[mode] for r in ranks.values()]
        m = {f"recall@{c}": sum(1 for r in rs if r is not None and r <= c) / n for c in CUTOFFS}
        m["mrr"] = sum(1.0 / r for r in rs if r is not None) / n
        metrics[mode] = m
    return {"n": len(answerable), "skipped_unanswerable": len(questions) - len(answerable),
            "modes": metrics, "ranks": ranks}


def format_table(result: dict) -> str:
    """A markdown table: one row per metric, one column per mode."""
    modes = list(result["modes"])
    names = [f"recall@{c}" for c in CUTOFFS] + ["mrr"]
    lines = ["| metric | " + " | ".join(modes) + " |", "|---|" + "---|" * len(modes)]
    for name in names:
        lines.append(f"| {name} | " + " | ".join(f"{result['modes'][m][name]:.3f}" for m in modes) + " |")
    return "\n".join(lines)
