"""Fit the not-found threshold of ``qa.calibration`` (tuning code: never imported at run time).

    python bench/fit_threshold.py ../shared/eval/dev_qa.jsonl tests/data/qa_set.jsonl tests/data/qa_heldout.jsonl

prints every question's confidence and the threshold to write into ``qa.calibration.THRESHOLD``.
It lives here, not in ``qa/``, because it runs the whole evaluation, which runs ``qa.ask``, which
reads the threshold: inside the runtime package that was an import cycle.
"""
from __future__ import annotations


def scores(files: list[str], engine=None) -> list[tuple[float, bool]]:
    """(confidence of the best extractive sentence, expected found) for every question in ``files``."""
    from embed.hybrid import Filters
    from qa import extractive
    from qa.analyse import analyse
    from qa.calibration import confidence, unsupported
    from qa.engine import get_engine
    from qa.evaluate import read_questions
    from qa.expand import expand

    engine = engine or get_engine()
    out = []
    for path in files:
        for item in read_questions(path):
            analysis = expand(engine, analyse(item["question"]))
            candidates = extractive.retrieve(engine, analysis, Filters())
            scored = extractive.best_sentences(engine, analysis, candidates)
            # a question the support checks decline is declined at any threshold: it does not place it
            conf = 0.0 if unsupported(engine, analysis, candidates) else confidence(engine, analysis, candidates, scored)
            out.append((conf, bool(item.get("found", True))))
    return out


def choose_threshold(points: list[tuple[float, bool]], slack: int = 1) -> tuple[float, float]:
    """The middle of the widest gap between neighbouring scores among thresholds whose accuracy is within
    ``slack`` questions of the best: a wide gap moves less when one question is left out than the single
    best cut between two close scores does. Returns (threshold, accuracy)."""
    values = sorted({s for s, _ in points})
    pos = [s for s, f in points if f]
    neg = [s for s, f in points if not f]
    cuts = []
    for lo, hi in zip(values, values[1:]):
        t = (lo + hi) / 2
        correct = sum(s >= t for s in pos) + sum(s < t for s in neg)
        cuts.append((correct, hi - lo, t))
    if not cuts:
        return 0.0, 0.0
    best = max(c[0] for c in cuts)
    correct, _, t = max((c for c in cuts if c[0] >= best - slack), key=lambda c: (c[1], c[0]))
    return round(t, 3), round(correct / max(len(points), 1), 3)


if __name__ == "__main__":
    import sys

    from qa.calibration import THRESHOLD

    pts = scores(sys.argv[1:])
    threshold, acc = choose_threshold(pts)
    for s, f in sorted(pts):
        print(f"{s:.3f} {'answerable' if f else 'UNANSWERABLE'}")
    print(f"threshold {threshold} (accuracy {acc}); current THRESHOLD = {THRESHOLD}")
