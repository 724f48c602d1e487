"""Does inspection text criticise, praise, or neither? Sorts a brief's sentences; groups a trace's gaps.

A brief's sentence (``label``): a fitted model — a multinomial logistic regression over the sentence's words,
word pairs and counts of the cue words below, fitted by ``bench/fit_polarity.py`` on 790 sentences of Ofsted
reports and councils' papers labelled by helpers who never saw the code (weakness = any shortfall or concern,
even beside praise; neutral = no judgement), cross-validated by document; weights in ``qa/polarity.json``.
A finding's whole paragraph (``polarity``, a trace's gap list): the cue words decide — a paragraph that names
any shortfall at least as often as it praises (or twice) is a weakness, since a gap list must not hide a concern
behind a compliment; on the 80 Bury findings labelled blind it agrees 0.875, the sentence model 0.79.
The cue words are general evaluative English (negation and shortfall versus effectiveness and quality), not one
report's wording.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from ontology import vocab

MODEL_FILE = Path(__file__).with_name("polarity.json")

# The two best grades of the scale are praise too ("good", "outstanding"), read from the vocabulary.
_PRAISE_GRADES = "|".join(re.escape(t.label.lower()) for t in vocab.ofsted_grades()[:2])

CONCERN = re.compile(
    r"\b(?:not|no|nor|never|too|lack(?:s|ing)?|insufficient(?:ly)?|inconsistent(?:ly)?|weak(?:ness(?:es)?)?|poor(?:ly)?|"
    r"delays?|delayed|drift|limited|variable|variabl[ey]|unable|fail(?:s|ed|ing|ure)?|concerns?|gaps?|shortfalls?|slow(?:ly)?|"
    r"ineffective(?:ly)?|inadequate(?:ly)?|deteriorat\w*|declin\w*|miss(?:ed|es)?|overly|over-optimistic|little|"
    r"yet to|needs? to|should|unclear|uneven|patchy|backlogs?|waiting|worr\w*|undermin\w*|hampered|fragile|"
    r"cannot|can't|isn't|aren't|doesn't|don't|haven't|hasn't|rarely|seldom|only (?:a )?(?:few|some))\b", re.I)
PRAISE = re.compile(
    r"\b(?:" + _PRAISE_GRADES + r"|effective(?:ly)?|strong(?:ly)?|well|timely|appropriate(?:ly)?|improved|positive(?:ly)?|benefit(?:s|ed|ing)?|"
    r"thorough(?:ly)?|robust(?:ly)?|consistent(?:ly)?|high[- ]quality|skilled|committed|swift(?:ly)?|sensitive(?:ly)?|"
    r"comprehensive(?:ly)?|helpful|valued|enjoy\w*|thriv\w*|strength(?:s|ened)?|impressive|excellent|"
    r"quickly|carefully|clear(?:ly)?|knowledgeable|confident(?:ly)?|proactive(?:ly)?|creative(?:ly)?|well-\w+)\b", re.I)


_WORD = re.compile(r"[a-z]+")


def features(text: str) -> list[str]:
    """The words of a sentence (lower case, "n't" read as "not"), its pairs of consecutive words, and how many
    words of the concern and praise lists it holds (at least 1, 2, 3; more concern than praise)."""
    text = text or ""
    words = _WORD.findall(text.lower().replace("n't", " not").replace("n’t", " not"))
    concerns, praise = len(CONCERN.findall(text)), len(PRAISE.findall(text))
    cues = [f"cue:concern>={k}" for k in (1, 2, 3) if concerns >= k] + [f"cue:praise>={k}" for k in (1, 2, 3) if praise >= k]
    if concerns and concerns >= praise:
        cues.append("cue:more_concern")
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])] + cues


class Model:
    """The fitted weights (``qa/polarity.json``), applied with numpy: no scikit-learn at run time."""

    def __init__(self, data: dict):
        self.classes = list(data["classes"])
        self.column = {f: i for i, f in enumerate(data["vocabulary"])}
        self.coef = np.asarray(data["coef"], dtype=np.float64)
        self.intercept = np.asarray(data["intercept"], dtype=np.float64)

    def label(self, text: str) -> str:
        """'weakness', 'strength' or 'neutral'."""
        present = sorted({self.column[f] for f in features(text) if f in self.column})
        return self.classes[int(np.argmax(self.coef[:, present].sum(axis=1) + self.intercept))]


@lru_cache(maxsize=1)
def model() -> Model:
    return Model(json.loads(MODEL_FILE.read_text(encoding="utf-8")))


def label(text: str) -> str:
    """'weakness', 'strength' or 'neutral' for one sentence a brief quotes (the fitted model)."""
    return model().label(text)


def polarity(text: str) -> str:
    """'weakness' or 'strength' for one finding's whole paragraph (see the module docstring)."""
    concerns = len(CONCERN.findall(text or ""))
    praise = len(PRAISE.findall(text or ""))
    return "weakness" if concerns >= praise or concerns >= 2 else "strength"
