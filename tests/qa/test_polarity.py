"""Which findings state a shortfall (qa.polarity), and how a brief lists them."""
from __future__ import annotations

import re

from qa import polarity


def test_a_finding_paragraph_naming_a_shortfall_beside_praise_is_a_weakness():
    text = ("Managers understand well the areas of weakness in their service and are taking effective steps to "
            "address these, but at the time of the inspection shortfalls were seen in the quality of care.")
    assert polarity.polarity(text) == "weakness"
    assert polarity.polarity("Children are seen quickly and their needs are well understood.") == "strength"


def _blocks(answer: str) -> dict[str, list[str]]:
    blocks: dict[str, list[str]] = {}
    current = None
    for line in answer.splitlines()[1:]:
        if line.startswith(("Judgement:", "Most relevant:", "To improve:", "Strengths:", "The plan:")):
            blocks[current].append(line)
        elif not line.startswith("See also:"):
            current = line
            blocks[current] = []
    return blocks


def test_a_brief_never_lists_a_sentence_both_to_improve_and_as_a_strength(ask):
    """A recommendation worded in praise ("The timely recognition and response to risk at the front door.") is
    listed to improve, and no longer under strengths as well."""
    answer = ask("What did Ofsted say about the front door in 2021?")
    assert answer.found and answer.answer_type == "topic"
    blocks = _blocks(answer.answer)
    ofsted = [lines for label, lines in blocks.items() if label.startswith("Ofsted")]
    assert ofsted and any(line.startswith("To improve:") and "front door" in line for line in ofsted[0])
    for lines in blocks.values():
        marks = {h: set(re.findall(r"\[(\d+)\]", " ".join(x for x in lines if x.startswith(h))))
                 for h in ("To improve:", "Strengths:")}
        assert not marks["To improve:"] & marks["Strengths:"]
