"""The answer type a question asks for, from a small fitted classifier: the question's embedding plus a few cues.

Types: ``person`` (a person's name), ``name`` (the name of anything else: a body, service, group, programme or
place — "Which regional adoption agency …", "What is the front door called"), ``date``, ``money`` (a sum: a cost,
budget, grant, spend), ``number`` (any other figure: a count, a rate per so many, a length of time), ``grade`` (a
judgement), ``share`` (a percentage or proportion of a whole: "What percentage of care leavers …"), ``topic``
(what a source said about something: a brief), ``list`` (the graph's items that meet a
condition: actions due by a date, findings with no action, authorities judged inadequate) and ``text`` (anything
else). The weights are fitted by ``bench/fit_qa.py`` (multinomial logistic regression) and stored with the
ranker's; the cues are the question's opening words only.
"""
from __future__ import annotations

import re

import numpy as np

TYPES = ("person", "name", "date", "money", "number", "share", "grade", "topic", "list", "text")
# The kinds of figure asked for that every reader of the type but the ranker's own features for them reads as a number
FIGURES = ("money", "share")
# The opening words of a question: which kind of answer it asks for is usually said first
CUES = ("who", "when", "what", "which", "how many", "how much", "how long", "how", "why", "where", "yes/no")
_YES_NO = frozenset("is are was were did does do has have had can could will would should".split())


def cues(text: str) -> np.ndarray:
    """Which of ``CUES`` open the question (its first three words; a two-word cue in its first six)."""
    words = re.findall(r"[a-z]+", text.lower())
    opening = f" {' '.join(words[:6])} "
    out = np.zeros(len(CUES), dtype=np.float32)
    for i, cue in enumerate(CUES):
        if cue == "yes/no":
            out[i] = bool(words) and words[0] in _YES_NO
        elif " " in cue:
            out[i] = f" {cue} " in opening
        else:
            out[i] = cue in words[:3]
    return out


def sums_as_numbers(types: dict[str, float]) -> dict[str, float]:
    """``types`` with the probabilities of a sum and of a share added to a number's, and neither kept (``FIGURES``):
    each is a figure asked for to every reader of the type but the ranker's features for it (``qa.features.typed``)."""
    folded = {t: p for t, p in types.items() if t not in FIGURES}
    folded["number"] = types.get("number", 0.0) + sum(types.get(t, 0.0) for t in FIGURES)
    return folded


def words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower())


def inputs(vector: np.ndarray, text: str, vocabulary: list[str] | tuple = ()) -> np.ndarray:
    """The classifier's input: the question's normalised embedding, its cues, and which of the fitted
    vocabulary's words it holds (the words were chosen by ``bench/fit_qa.py``: those frequent in training questions)."""
    column = _made_once(vocabulary, lambda: {w: i for i, w in enumerate(vocabulary)})
    bag = np.zeros(len(vocabulary), dtype=np.float32)
    bag[[column[w] for w in set(words(text)) if w in column]] = 1.0
    return np.concatenate([np.asarray(vector, dtype=np.float32).ravel(), cues(text), bag])


def predict(engine, text: str) -> dict[str, float]:
    """Probability of each answer type for ``text`` (uniform before the model is fitted)."""
    model = engine.model.answer_type if engine.model else None
    if not model:
        return {t: 1.0 / len(TYPES) for t in TYPES}
    x = inputs(engine.question_vector(text), text, model.get("vocabulary", ()))
    coef, intercept = _made_once(model, lambda: (np.asarray(model["coef"], dtype=np.float32),
                                                 np.asarray(model["intercept"], dtype=np.float32)))
    return probabilities(coef, intercept, model["classes"], x)


_MADE: dict[int, tuple] = {}  # id(object) -> (the object, what was made from it)


def _made_once(source, make):
    """``make()``, made once for the object ``source`` (a model's lists, its vocabulary) and kept while it is in use.
    Why: converting the classifier's lists to arrays and looking its vocabulary up word by word took 0.64 ms an ask,
    and the fit's asks read the types of every held-out question under five fold models."""
    kept = _MADE.get(id(source))
    if kept is None or kept[0] is not source:
        if len(_MADE) >= 16:  # a fit's models, each fold's and the final one's, a few times over
            _MADE.clear()
        kept = _MADE[id(source)] = (source, make())
    return kept[1]


def probabilities(coef: np.ndarray, intercept: np.ndarray, classes, x: np.ndarray) -> dict[str, float]:
    """The classifier's probability of each of its ``classes`` for the input ``x`` (``inputs``): the softmax of its
    scores. The fit (``bench/fit_qa.py``) reads every training question with it, from arrays made once a model."""
    z = coef @ x + intercept
    p = np.exp(z - z.max())
    p /= p.sum()
    return {t: float(v) for t, v in zip(classes, p)}
