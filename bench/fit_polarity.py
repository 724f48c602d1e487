"""Fit the polarity model briefs read (``qa/polarity.json``) on blind-labelled sentences, against the cue-word rule.

    .venv/bin/python bench/fit_polarity.py [--labels FILE …] [--out FILE]

Tuning code, never imported at run time. Labels: sentences labelled weakness / strength / neutral by helpers who
never saw the code or any prediction — 515 of 103 Ofsted reports of the training packs, 512 more of 128 in a second
round (2026-12-05) and 275 of 11 councils' own papers (``bench/dump_polarity_sentences.py [--council]``). The model:
a multinomial logistic regression over the words and word pairs a sentence holds and how many words of the rule's
concern and praise lists it holds (``features``: present or not; the vocabulary is what at least ``MIN_COUNT``
training sentences hold), figures cross-validated with folds grouped by document (a report's sentences never train
the model that labels them), beside the rule on the same sentences and on the 80 Bury findings labelled earlier
(``bench/labels/polarity_labels.jsonl``: whole paragraphs, weakness / strength), never trained on. Written with
``--out qa/polarity.json``, briefs read inspection reports' sentences with it (``qa.polarity.read``); not a council's
own papers, whose plain facts ("does not maintain a record") it reads as judging nothing: used on every sentence it
cost four cross-validated answers (2026-12-02, README "Topic briefs").
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from qa.polarity import Model, features  # noqa: E402  (the run-time reader of the fitted model)

LABELS = (ROOT / "bench" / "labels" / "polarity_sentence_labels.jsonl",          # Ofsted reports' sentences
          ROOT / "bench" / "labels" / "polarity_sentence_labels2.jsonl",         # … a second round, other sentences
          ROOT / "bench" / "labels" / "polarity_council_sentence_labels.jsonl")  # the councils' own papers
FINDINGS = ROOT / "bench" / "labels" / "polarity_labels.jsonl"
FOLDS = 5
MIN_COUNT = 2
# Settings compared by the grouped CV; the one with the best balanced accuracy (mean recall of the three classes:
# weaknesses and neutral sentences are the fewer, and a gap list needs them more than a fourth strength) is fitted
# on everything
SETTINGS = [(c, w) for w in ("balanced", None) for c in (0.3, 1.0, 3.0)]


def read_labels(path: Path) -> tuple[list[dict], str]:
    """The labelled rows (a first line starting // is the labeller's note)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    note = lines[0][2:].strip() if lines and lines[0].startswith("//") else ""
    rows = [json.loads(line) for line in lines if line.strip() and not line.startswith("//")]
    return [r for r in rows if r.get("label") in ("weakness", "strength", "neutral")], note


def _vocabulary(texts: list[str]) -> list[str]:
    counts = Counter(f for t in texts for f in set(features(t)))
    return sorted(f for f, n in counts.items() if n >= MIN_COUNT)


def _matrix(texts: list[str], vocabulary: list[str]) -> np.ndarray:
    column = {f: i for i, f in enumerate(vocabulary)}
    x = np.zeros((len(texts), len(vocabulary)), dtype=np.float32)
    for r, t in enumerate(texts):
        for f in features(t):
            if f in column:
                x[r, column[f]] = 1.0
    return x


def fit(texts: list[str], labels: list[str], setting: tuple) -> dict:
    """The fitted model as JSON (classes, vocabulary, weights, settings)."""
    from sklearn.linear_model import LogisticRegression

    c, weights = setting
    vocabulary = _vocabulary(texts)
    clf = LogisticRegression(C=c, class_weight=weights, max_iter=5000).fit(_matrix(texts, vocabulary), labels)
    return {"classes": list(clf.classes_), "vocabulary": vocabulary, "coef": np.round(clf.coef_, 5).tolist(),
            "intercept": np.round(clf.intercept_, 5).tolist(), "C": c, "class_weight": weights}


def _folds(rows: list[dict]) -> list[list[int]]:
    """Rows dealt into folds by report, largest report first to the smallest fold."""
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        groups.setdefault(r["report"], []).append(i)
    folds = [[] for _ in range(FOLDS)]
    for _, members in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])):
        min(folds, key=len).extend(members)
    return folds


def _scores(truth: list[str], predicted: list[str]) -> dict:
    n = len(truth)
    out = {"n": n, "accuracy": round(sum(t == p for t, p in zip(truth, predicted)) / n, 3) if n else None}
    kinds = [k for k in ("weakness", "strength", "neutral") if k in truth]
    out["balanced_accuracy"] = round(float(np.mean([sum(t == p == k for t, p in zip(truth, predicted)) / truth.count(k)
                                                     for k in kinds])), 3) if kinds else None
    for k in ("weakness", "strength", "neutral"):
        said = [t for t, p in zip(truth, predicted) if p == k]
        real = [p for t, p in zip(truth, predicted) if t == k]
        out[k] = {"precision": round(sum(t == k for t in said) / len(said), 3) if said else None,
                  "recall": round(sum(p == k for p in real) / len(real), 3) if real else None, "n": len(real)}
    return out


def _decisions(truth: list[str], predicted: list[str]) -> dict:
    """The two decisions a brief takes: does the sentence judge (not neutral), and does it state a shortfall; with
    the three-way accuracy."""
    n = len(truth)
    same = lambda f: round(sum(f(t) == f(p) for t, p in zip(truth, predicted)) / n, 3) if n else None  # noqa: E731
    return {"n": n, "three_way": same(lambda x: x), "judges": same(lambda x: x != "neutral"),
            "weakness": same(lambda x: x == "weakness")}


def cross_validate(rows: list[dict], setting: tuple) -> list[str]:
    """Out-of-fold labels of every row."""
    predicted = [None] * len(rows)
    for test in _folds(rows):
        held = set(test)
        train = [r for i, r in enumerate(rows) if i not in held]
        model = Model(fit([r["text"] for r in train], [r["label"] for r in train], setting))
        for i in test:
            predicted[i] = model.label(rows[i]["text"])
    return predicted


def _rule(text: str) -> str:
    """``qa.polarity`` read three ways, as briefs read it: neutral when the sentence judges nothing
    (``qa.polarity.evaluative``), else ``qa.polarity.polarity``."""
    from qa.polarity import read

    return read(text)


# Sentences of council papers that briefs also sort (the labels are all Ofsted's): where the model goes wrong
PROBES = ("Report to: | Cabinet | Date: 13 June 2024",
          "However, services for children and young people who are looked after and for care leavers require further "
          "work to ensure good outcomes for all children and young people.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, nargs="+", default=list(LABELS))
    parser.add_argument("--out", type=Path, help="write the fitted model here (qa/polarity.json is the one briefs read)")
    args = parser.parse_args()

    rows, notes = [], []
    for path in args.labels:
        read, note = read_labels(path)
        rows += [{**r, "source": path.stem} for r in read]
        notes.append(note)
    note = " | ".join(notes)
    truth = [r["label"] for r in rows]
    print(f"{len(rows)} labelled sentences of {len({r['report'] for r in rows})} reports: {dict(Counter(truth))}")
    by_setting = {}
    for setting in SETTINGS:
        by_setting[setting] = r = _scores(truth, cross_validate(rows, setting))
        print(f"  C={setting[0]}, class weights {setting[1]}: cross-validated accuracy {r['accuracy']}, balanced "
              f"{r['balanced_accuracy']} (weakness recall {r['weakness']['recall']}, precision {r['weakness']['precision']})")
    best = max(SETTINGS, key=lambda k: (by_setting[k]["balanced_accuracy"], by_setting[k]["accuracy"]))
    predicted = cross_validate(rows, best)
    by_source = {}
    for source in sorted({r["source"] for r in rows}):
        idx = [i for i, r in enumerate(rows) if r["source"] == source]
        by_source[source] = {"model": _decisions([truth[i] for i in idx], [predicted[i] for i in idx]),
                             "rule": _decisions([truth[i] for i in idx], [_rule(rows[i]["text"]) for i in idx])}
        print(f"  {source}: {by_source[source]}")
    rule = _scores(truth, [_rule(r["text"]) for r in rows])
    print(f"  the cue-word rule (qa.polarity) on the same sentences: accuracy {rule['accuracy']}, balanced {rule['balanced_accuracy']} (weakness recall "
          f"{rule['weakness']['recall']}, precision {rule['weakness']['precision']})")
    model = fit([r["text"] for r in rows], truth, best)
    m = Model(model)
    findings, finding_note = read_labels(FINDINGS) if FINDINGS.exists() else ([], "")
    findings = [r for r in findings if r["label"] in ("weakness", "strength")]
    on_findings = {
        "model": _scores([r["label"] for r in findings],
                         [("weakness" if m.label(r["text"]) == "weakness" else "strength") for r in findings]),
        "rule": _scores([r["label"] for r in findings],
                        [("weakness" if _rule(r["text"]) == "weakness" else "strength") for r in findings]),
    }
    print(f"  on the {len(findings)} Bury findings (paragraphs, never trained on): model accuracy "
          f"{on_findings['model']['accuracy']}, rule {on_findings['rule']['accuracy']}")
    for text in PROBES:
        print(f"  model on {text!r}: {m.label(text)} (rule: {_rule(text)})")
    model["info"] = {"fitted": time.strftime("%Y-%m-%d %H:%M"), "labels": [str(p.relative_to(ROOT)) for p in args.labels],
                     "labelled_by": note, "sentences": len(rows), "reports": len({r["report"] for r in rows}),
                     "counts": dict(Counter(truth)), "min_count": MIN_COUNT,
                     "cv_grouped_by_report": {f"C={c}, class_weight={w}": r for (c, w), r in by_setting.items()},
                     "cv_decisions_by_source": by_source,
                     "chosen": {"C": best[0], "class_weight": best[1]},
                     "cue_word_rule_same_sentences": rule, "bury_findings": on_findings}
    print(json.dumps({k: v for k, v in model["info"].items() if k in ("chosen", "bury_findings")}))
    if args.out:
        args.out.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {args.out} (C={best[0]}, class weights {best[1]}, {len(model['vocabulary'])} features)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
