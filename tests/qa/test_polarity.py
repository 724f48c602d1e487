"""Which findings state a shortfall (qa.polarity), and how a brief lists them."""
from __future__ import annotations

import re
from types import SimpleNamespace

from qa import polarity


def test_a_finding_paragraph_naming_a_shortfall_beside_praise_is_a_weakness():
    text = ("Managers understand well the areas of weakness in their service and are taking effective steps to "
            "address these, but at the time of the inspection shortfalls were seen in the quality of care.")
    assert polarity.polarity(text) == "weakness"
    assert polarity.polarity("Children are seen quickly and their needs are well understood.") == "strength"


def test_praise_a_negator_governs_is_not_praise():
    # "not consistently robust": one concern against two words of praise, before negation was read
    assert polarity.polarity("When children go missing, the local authority response is not consistently robust.") == \
        "weakness"
    assert polarity.polarity("Plans are not always effective or timely.") == "weakness"
    # the praise after a clause's negated word still counts
    assert polarity.polarity("No child waits long, and plans are strong, clear and well understood.") == "strength"


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


class _OneParagraph:
    """What ``qa.briefs._a_finding`` asks of an engine: the paragraph's kind, the classes it states and its part's
    kind (an inspection report's sentences are read by the fitted polarity model)."""

    def __init__(self, classes=()):
        self.classes = set(classes)

    def paragraph(self, pid):
        return SimpleNamespace(id=pid, kind="list_item")

    def part_of(self, p):
        return SimpleNamespace(kind="inspection_report")

    def remembered(self, table, key, compute):
        return compute()

    def paragraph_classes(self, pid):
        return self.classes


def _finding(text: str, classes=()) -> bool:
    from qa.briefs import _a_finding
    from qa.candidates import Candidate

    return _a_finding(_OneParagraph(classes), Candidate("sentence", text, "p1"))


def test_a_criterion_or_a_step_of_a_grade_scale_is_not_a_finding():
    """A framework's criteria ("Extent to which …") and the steps of a grade scale ("… lead to inconsistent experiences
    and outcomes …", the vocabulary's grade names) name what is judged, not a judgement; a recommendation worded as an
    indirect question (ILACS "What needs to improve" items) still is one."""
    assert not _finding("Extent to which leaders are ambitious for children and achieve strong outcomes for them.")
    assert not _finding("How the partners work together effectively to plan and evaluate the system.")
    assert not _finding("2) The partnership's arrangements lead to inconsistent experiences and outcomes for children.")
    assert not _finding("The experiences and progress of care leavers require improvement to be good in the borough.")
    assert _finding("◼ How effectively children are supported to take up return home interviews.", {"Recommendation"})
    assert _finding("Care leavers benefit from positive relationships with personal advisers who are committed.")
    assert _finding("Strategy meetings do not always identify the necessary actions to protect children.")


def test_under_a_judgement_line_the_plain_answer_restating_a_grade_or_a_scale_step_is_not_repeated():
    """The plain answer's best sentence joins its source's block, except one a judgement line makes redundant: a
    sentence of the paragraph stating the judgement, or one naming a grade's step (the 2024 SEND Cabinet report's
    "2) … inconsistent experiences and outcomes …", listed in the inspection's scope before the outcome)."""
    from qa.briefs import _restates_a_grade
    from qa.candidates import Candidate

    def restates(text, classes=()):
        return _restates_a_grade(_OneParagraph(classes), Candidate("sentence", text, "p1"))

    assert restates("2) The partnership's arrangements lead to inconsistent experiences and outcomes for children.")
    assert restates("The local area partnership has widespread and/or systemic failings.")
    assert restates("Leaders have acted on the last inspection.", {"Judgement"})
    assert not restates("Strategy meetings do not always identify the necessary actions to protect children.")


def test_the_send_brief_gives_no_step_of_the_outcome_scale_as_a_finding(ask):
    """The 2024 Cabinet report lists the inspection's scope — the three possible outcomes and the criteria — before
    the outcome; the brief's judgement line gives the outcome, and neither the scale's steps nor the criteria are
    listed to improve or as strengths."""
    answer = ask("What did the 2024 local area SEND inspection conclude?")
    lines = [line for line in answer.answer.splitlines() if line.startswith(("To improve:", "Strengths:"))]
    cited = {int(n) for line in lines for n in re.findall(r"\[(\d+)\]", line)}
    quotes = [c.quote for c in answer.citations if c.n in cited]
    assert answer.found and quotes and any(line.startswith("Judgement:") for line in answer.answer.splitlines())
    assert not any(re.search(r"experiences and outcomes for children|^\W*extent to which|^\W*how the", q, re.I)
                   for q in quotes), quotes


def test_the_send_brief_lists_the_inspections_priority_actions_to_improve(ask, engine):
    """The Cabinet report restates the outcome but not what the inspection says needs to improve; the brief's "To
    improve" lines are the inspection's own priority actions, in order, each cited where the SEND plan states it, and
    the plan's priority restating the first is not listed again."""
    answer = ask("What did the 2024 local area SEND inspection conclude?")
    lines = answer.answer.splitlines()
    assert lines[1].startswith("Cabinet report, Jun 2024")  # the source is still the report on the inspection
    improve = next(line for line in lines if line.startswith("To improve:"))
    first = "To improve: Leaders across the partnership should ensure that the SEND strategy continues"
    assert improve.startswith(first)
    assert improve.count("Leaders across the partnership should") == 3
    cited = {c.n: c for c in answer.citations}
    for n in re.findall(r"\[(\d+)\]", improve):
        c = cited[int(n)]
        assert "Priority Impact Plan" in c.part, c.part
        assert engine.docs[c.document_id].text[c.start:c.end] == c.quote
    plan = next((line for line in lines if line.startswith("The plan:")), "")
    assert "PA1" not in plan


def test_the_fitted_reader_is_the_committed_model_and_reads_three_ways():
    """``qa/polarity.json`` is written by bench/fit_polarity.py from the blind labels; ``read`` uses it only when asked
    (an inspection report's sentence), the cue-word rule otherwise."""
    import json

    model = json.loads(polarity.MODEL_FILE.read_text(encoding="utf-8"))
    assert set(model["classes"]) == {"weakness", "strength", "neutral"}
    # fitted on every labelled sentence of the label files it names, the second round's too (1,302 in all)
    labels = [polarity.MODEL_FILE.parent.parent / name for name in model["info"]["labels"]]
    assert "bench/labels/polarity_sentence_labels2.jsonl" in model["info"]["labels"]
    assert model["info"]["sentences"] == sum(
        1 for path in labels for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("//")) >= 1302
    assert model["info"]["cv_decisions_by_source"]
    for fitted in (True, False):
        assert polarity.read("Inspection dates: 25 October to 5 November 2021", fitted) == "neutral"
        assert polarity.read("There is a lack of planning to minimise risk for children who go missing.", fitted) == \
            "weakness"
        assert polarity.read("Social workers benefit from regular supervision from their managers.", fitted) == \
            "strength"
    # where they differ: an inspector's plain statement of practice judges it (the rule finds no cue word in it)
    practice = "Young people are supported to stay put with their foster carers."
    assert polarity.read(practice, fitted=True) == "strength" and polarity.read(practice) == "neutral"
