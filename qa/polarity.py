"""Does a finding criticise or praise, or judge nothing? Groups gaps (weaknesses apart from strengths) and sorts a
brief's sentences.

Two readers. The cue-word rule (``polarity``, ``evaluative``): general evaluative English (negation and shortfall
versus effectiveness and quality), not one report's wording; a text that names any shortfall at least as often as it
praises is a weakness, since a gap list must not hide a concern behind a compliment. And a fitted model
(``qa/polarity.json``, written by ``bench/fit_polarity.py`` from 790 sentences labelled by blind helpers: a
multinomial logistic regression over words, word pairs and the rule's cue counts), which reads an inspection report's
sentences better than the rule (cross-validated by report, three ways 0.77 against 0.65) but not a council's own
papers, whose plain statements it reads as judging nothing (``read``: the model for inspection reports' sentences).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from ontology import vocab

MODEL_FILE = Path(__file__).resolve().parent / "polarity.json"

# The two best grades of the scale are praise too ("good", "outstanding"), read from the vocabulary.
_PRAISE_GRADES = "|".join(re.escape(t.label.lower()) for t in vocab.ofsted_grades()[:2])

CONCERN = re.compile(
    r"\b(?:not|no|nor|never|too|lack(?:s|ing)?|insufficient(?:ly)?|inconsistent(?:ly)?|weak(?:ness(?:es)?)?|poor(?:ly)?|"
    r"delays?|delayed|drift|limited|variable|variabl[ey]|unable|fail(?:s|ed|ing|ure)?|concerns?|gaps?|shortfalls?|slow(?:ly)?|"
    r"ineffective(?:ly)?|inadequate(?:ly)?|deteriorat\w*|declin\w*|miss(?:ed|es)?|overly|over-optimistic|little|"
    r"yet to|needs? to|should|unclear|uneven|patchy|backlogs?|waiting|worr\w*|undermin\w*|hampered|fragile|"
    r"cannot|can't|isn't|aren't|doesn't|don't|haven't|hasn't|rarely|seldom|only (?:a )?(?:few|some))\b", re.I)
_PRAISE_WORDS = (
    _PRAISE_GRADES + r"|effective(?:ly)?|strong(?:ly)?|well|timely|appropriate(?:ly)?|improved|positive(?:ly)?|benefit(?:s|ed|ing)?|"
    r"thorough(?:ly)?|robust(?:ly)?|consistent(?:ly)?|high[- ]quality|skilled|committed|swift(?:ly)?|sensitive(?:ly)?|"
    r"comprehensive(?:ly)?|helpful|valued|enjoy\w*|thriv\w*|strength(?:s|ened)?|impressive|excellent|"
    r"quickly|carefully|clear(?:ly)?|knowledgeable|confident(?:ly)?|proactive(?:ly)?|creative(?:ly)?|well-\w+")
PRAISE = re.compile(rf"\b(?:{_PRAISE_WORDS})\b", re.I)


# A word of praise up to three words after a negator is not praise ("is not consistently robust", "are not always
# effective", "no longer timely"): general English negation scope (the negator already counts as a concern)
_NEGATED = re.compile(rf"\b(?:not|no|never|nor|cannot|insufficiently|rarely|seldom)\b(?:\W+\w+){{0,2}}?\W+"
                      rf"(?=(?:{_PRAISE_WORDS})\b)", re.I)


def polarity(text: str) -> str:
    """'weakness' or 'strength' for one finding's text (see the module docstring)."""
    text = text or ""
    negated = len(_NEGATED.findall(text))
    concerns = len(CONCERN.findall(text))
    praise = len(PRAISE.findall(text)) - negated
    return "weakness" if concerns >= praise or concerns >= 2 else "strength"


def evaluative(text: str) -> bool:
    """The text judges something (a word of concern or of praise); "Inspection dates: …" does not."""
    return bool(CONCERN.search(text) or PRAISE.search(text))


def read(text: str, fitted: bool = False) -> str:
    """'weakness', 'strength' or 'neutral' (judges nothing): the fitted model's reading when ``fitted`` and the model
    file exists, else the rule's."""
    model = _model() if fitted else None
    if model is not None:
        return model.label(text)
    return polarity(text) if evaluative(text) else "neutral"


_WORD = re.compile(r"[a-z]+")


def features(text: str) -> list[str]:
    """The model's inputs: the words of a sentence (lower case, "n't" read as "not"), its pairs of consecutive words,
    and how many of the rule's concern and praise words it holds (at least 1, 2, 3; more concern than praise)."""
    text = text or ""
    words = _WORD.findall(text.lower().replace("n't", " not").replace("n’t", " not"))
    concerns, praise = len(CONCERN.findall(text)), len(PRAISE.findall(text))
    cues = [f"cue:concern>={k}" for k in (1, 2, 3) if concerns >= k] + [f"cue:praise>={k}" for k in (1, 2, 3) if praise >= k]
    if concerns and concerns >= praise:
        cues.append("cue:more_concern")
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])] + cues


class Model:
    """A fitted model's weights, applied with numpy."""

    def __init__(self, data: dict):
        self.classes = list(data["classes"])
        self.column = {f: i for i, f in enumerate(data["vocabulary"])}
        self.coef = np.asarray(data["coef"], dtype=np.float64)
        self.intercept = np.asarray(data["intercept"], dtype=np.float64)

    def label(self, text: str) -> str:
        present = sorted({self.column[f] for f in features(text) if f in self.column})
        return self.classes[int(np.argmax(self.coef[:, present].sum(axis=1) + self.intercept))]


@lru_cache(maxsize=1)
def _model() -> Model | None:
    return Model(json.loads(MODEL_FILE.read_text(encoding="utf-8"))) if MODEL_FILE.is_file() else None
