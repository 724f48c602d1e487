"""What a quoted sentence must be read with: the items of a list it introduces, a sentence that qualifies it, the
sentence its opening pronoun points back to, or the neighbouring sentence holding the value the question asks for.

"The framework is built around three themes:" means nothing without its three items; an
inspector's "X is done well. However, Y" is one statement; "This took place in July 2021." says
nothing of what took place. These are read from the text's structure (a colon, a lead-in's count,
a qualifying opener, a pronoun opening the sentence), never from the question. A
sentence that speaks of what was asked but not its value ("the Council invited the LGA to
conduct a peer challenge" for "when did the LGA do its peer challenge?") is read with the
sentence beside it that states a value of the asked type, when the question's answer type
(the fitted classifier's) is a date, a figure or a person.
"""
from __future__ import annotations

import re

from qa.candidates import Candidate, sentence_candidate
from qa.features import shapes

# the answer types whose value a sentence's shape shows, and how (``qa.features.shapes``)
_VALUE_SHAPES = {"date": ("date",), "number": ("number", "money", "percent"), "person": ("person",)}

_COUNT_WORDS = {w: i for i, w in enumerate("two three four five six".split(), start=2)}
_LEAD_COUNT = re.compile(r"\b(two|three|four|five|six|[2-6])\s+(?:\w+\s+){0,2}\w+\s*:\s*$", re.I)
_POINTS_BACK = re.compile(r"^\W*(?:This|These|That|Those|It|They|He|She|Such|Both)\b")
_QUALIFIES = re.compile(r"^\W*(?:However|But|Yet|Despite this|Nevertheless|This (?:leads|means|results|has led|has meant|"
                        r"is because)|As a result|Consequently)\b")


def lead_in_count(text: str, default: int = 2) -> int:
    """How many items a lead-in announces ("built around three themes:" → 3); ``default`` when it names none."""
    m = _LEAD_COUNT.search(text)
    if not m:
        return default
    word = m.group(1).lower()
    return int(word) if word.isdigit() else _COUNT_WORDS[word]


def following(engine, c: Candidate) -> list[Candidate]:
    """The list items a sentence ending in a colon introduces (as many as it announces, else two), or the next
    sentence of its paragraph when that one qualifies it."""
    if c.sentence is None:
        return []
    if not c.sentence.text.rstrip().endswith(":"):
        nxt = _beside(engine, c, 1)
        return nxt if nxt and _QUALIFIES.match(nxt[0].text) else []
    p = engine.paragraph(c.paragraph_id)
    siblings = engine.document_of(p).paragraphs
    if siblings[p.ordinal].id != p.id:
        return []
    out = []
    for nxt in siblings[p.ordinal + 1:p.ordinal + 1 + lead_in_count(c.sentence.text)]:
        if nxt.kind not in ("list_item", "paragraph") or nxt.part_id != p.part_id:
            break
        said = engine.sentences(nxt.id)
        if said:
            out.append(sentence_candidate(nxt.id, said[0]))
    return out


LIST_ITEMS = 15  # the most items of one list an answer quotes


def whole_list(engine, c: Candidate) -> list[Candidate]:
    """The list a quoted list item belongs to, in order: the run of list items around its paragraph in its part
    (at most ``LIST_ITEMS``), each read by its first sentence; ``[c]`` for anything else. For a question asking for
    a list ("what are the four things … needs to improve?"), whose items the ranker scores unevenly (0.75, 0.71,
    0.53, 0.42), so that the margin ``choose`` keeps and its three statements cut the list short."""
    p = engine.paragraph(c.paragraph_id)
    siblings = engine.document_of(p).paragraphs
    if c.sentence is None or p.kind != "list_item" or siblings[p.ordinal].id != p.id:
        return [c]

    def run(step: int):
        i = p.ordinal + step
        while 0 <= i < len(siblings) and siblings[i].kind == "list_item" and siblings[i].part_id == p.part_id:
            yield siblings[i]
            i += step

    before = list(run(-1))[::-1]
    start = max(0, len(before) - LIST_ITEMS + 1)  # the list's head, unless the quoted item lies past the cap
    items = [*before, p, *run(1)][start:start + LIST_ITEMS]
    out = []
    for item in items:
        if item.id == p.id:
            out.append(c)
        elif said := engine.sentences(item.id):
            out.append(sentence_candidate(item.id, said[0]))
    return out


def preceding(engine, c: Candidate) -> list[Candidate]:
    """The sentence before ``c`` in its paragraph when ``c`` opens with a pronoun pointing back to it."""
    if c.sentence is None or c.sentence.index == 0 or not _POINTS_BACK.match(c.sentence.text):
        return []
    return _beside(engine, c, -1)


def value_neighbour(engine, q, c: Candidate) -> tuple[list[Candidate], list[Candidate]]:
    """(before, after): the sentence next to ``c`` in its paragraph (the next one first, else the one before) that
    states a value of the question's answer type, when ``c`` states none; nothing for other types or statements."""
    kinds = _VALUE_SHAPES.get(q.type_of())
    if c.sentence is None or kinds is None or _holds(engine, c.sentence.text, kinds):
        return [], []
    for offset in (1, -1):
        n = _beside(engine, c, offset)
        if n and _holds(engine, n[0].text, kinds):
            return ([], n) if offset > 0 else (n, [])
    return [], []


def _beside(engine, c: Candidate, offset: int) -> list[Candidate]:
    """The sentence ``offset`` places from ``c`` in its paragraph, as a candidate (none past either end)."""
    found = [s for s in engine.sentences(c.paragraph_id) if s.index == c.sentence.index + offset]
    return [sentence_candidate(c.paragraph_id, found[0])] if found else []


def _holds(engine, text: str, kinds: tuple[str, ...]) -> bool:
    shape = shapes(engine, text)
    return any(shape[k] for k in kinds)
