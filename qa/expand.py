"""Query expansion from the corpus itself: abbreviations the papers define ("Local Safeguarding Children Board (LSCB)",
or a glossary table's "Term | Meaning" rows).

A question that spells out a defined term also searches for its abbreviation; nothing here is a
hand-written synonym list.
"""
from __future__ import annotations

import math
import re
from collections import Counter

_ABBR = re.compile(r"\(([A-Z][A-Za-z&]{1,7})s?\)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
SMALL = frozenset("and or of for the in with to on at a an &".split())


def _content(words: list[str]) -> list[str]:
    return [w for w in words if w.lower() not in SMALL]


def defined_abbreviations(texts) -> dict[str, tuple[str, ...]]:
    """{abbreviation: its long form's content words (lower case)} for every "Long Form (ABBR)" whose initials spell it."""
    found: dict[str, Counter] = {}
    for text in texts:
        for m in _ABBR.finditer(text):
            abbr = m.group(1)
            letters = [c for c in abbr if c.isupper()]
            if len(letters) < 2:
                continue
            words = _WORD.findall(text[max(0, m.start() - 160):m.start()])
            content, taken = [], 0
            for w in reversed(words):
                taken += 1
                if w.lower() in SMALL:
                    if not content:
                        break
                    continue
                content.insert(0, w)
                if len(content) == len(letters):
                    break
            if len(content) == len(letters) and all(w[0].upper() == c for w, c in zip(content, letters)):
                found.setdefault(abbr, Counter())[tuple(w.lower() for w in content)] += 1
    return {abbr: forms.most_common(1)[0][0] for abbr, forms in found.items()}


_GLOSSARY_HEAD = re.compile(r"^(?:term|abbreviation|acronym)s?$", re.I)
_GLOSSARY_MEANING = re.compile(r"^(?:meaning|definition|description|stands for|full name)s?$", re.I)


def glossary_entries(corpus) -> dict[str, tuple[str, ...]]:
    """{abbreviation: long form's content words} from glossary tables (header row "Term | Meaning")."""
    out: dict[str, tuple[str, ...]] = {}
    for doc in corpus.documents:
        rows_by_table: dict[str, list] = {}
        for p in doc.paragraphs:
            if p.kind == "table_row" and p.table_id and p.cells:
                rows_by_table.setdefault(p.table_id, []).append(
                    [" ".join(doc.text[c.start:c.end].split()) for c in p.cells])
        for rows in rows_by_table.values():
            head = rows[0]
            if len(head) < 2 or not _GLOSSARY_HEAD.match(head[0]) or not _GLOSSARY_MEANING.match(head[1]):
                continue
            for cells in rows[1:]:
                if len(cells) >= 2 and re.fullmatch(r"[A-Z][A-Za-z&]{1,7}", cells[0]) and cells[1]:
                    form = tuple(w.lower() for w in _content(_WORD.findall(cells[1])))
                    if len(form) >= 2:
                        out.setdefault(cells[0], form)
    return out


def _names(words: list[str], form: tuple[str, ...]) -> bool:
    """The question spells out at least three quarters of the long form (at least two words), from its first word, in
    order. ``words`` are the question's content words as ``_stems`` gives them."""
    need = max(2, math.ceil(0.75 * len(form)))
    form = _stems(form)
    for i in range(len(words)):
        n = 0
        while n < len(form) and i + n < len(words) and words[i + n] == form[n]:
            n += 1
        if n >= need:
            return True
    return False


def _stems(words) -> list[str]:
    """Words compared as the papers' forms and the question's may differ: lower case, no possessive."""
    return [w.lower().rstrip("'’s") for w in words]


def expansions(abbreviations: dict[str, tuple[str, ...]], question: str) -> list[str]:
    """The abbreviations of the terms a question spells out (the papers mostly write the short form after
    defining it; the long form is not added for an abbreviation, which would dilute the question's words). Only forms
    whose first word the question holds are read: a pack defines a hundred, a question spells out one or two."""
    words = _WORD.findall(question)
    used, content = set(words), _stems(_content(words))
    held = set(content)
    return [abbr for abbr, form in abbreviations.items()
            if abbr not in used and _stems(form[:1])[0] in held and _names(content, form)]
