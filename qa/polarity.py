"""Does an inspection finding criticise or praise? Used to group gaps (weaknesses apart from strengths).

Inspection paragraphs are evaluative: "Strategy meetings do not always identify …" versus "Children
are seen quickly and …". The cue words below are general evaluative English (negation and shortfall
versus effectiveness and quality), not one report's wording; a paragraph that names any shortfall
at least as often as it praises is a weakness, since a gap list must not hide a concern behind a
compliment. Not fitted: ``bench/dump_link_candidates.py`` writes a sample of findings for a blind
labeller, and the README reports how often this agrees once labels exist.
"""
from __future__ import annotations

import re

from ontology import vocab

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
