"""Who wrote a report: the report's own author/contact fields (and the graph's dcterms:creator), quoted whole.

Council reports name their author in fields ("CONTACT OFFICER: …", "Report Author and Contact
Details:" then name / post / e-mail lines, "REPORT FROM: …"). A question asking who wrote, authored
or is the contact for a report is answered by finding the report part whose title the question
names (shared weighted words, its date in the period the question names) and quoting those fields.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib.namespace import DCTERMS

from qa.records import GraphFact
from qa.sentences import display

ASKS_AUTHOR = re.compile(
    r"\bwho\b.{0,40}\b(?:wrote|writes|written|authored|prepared|produced|the author|the contact officer)\b"
    r"|\b(?:author|contact officer|contact details|e-?mail(?: address)?)\b.{0,60}\breport\b"
    r"|\breport\b.{0,60}\b(?:author|contact officer|contact details)\b"
    r"|\b(?:which|what) officers?\b.{0,40}\bcontacts?\b|\b(?:named |listed )?as (?:a |the )?contacts?\b.{0,60}\breport\b"
    r"|\bthe contact (?:officer |person )?(?:for|on)\b.{0,60}\breport\b", re.I)
# A field that names who wrote or answers for a report, and a label whose following lines do
_FIELD = re.compile(r"^\W*(?:report author|author|contact officer|report from|report of|lead officer)\b\W*\s*\S", re.I)
_BLOCK = re.compile(r"^\W*(?:report author|contact details|contact officers?|author)\b[^.]{0,40}:?-?\W*$", re.I)
# Words of the request, not of the report's subject
AUTHOR_WORDS = frozenset("""who wrote write writes written author authored prepared produced report reports paper
contact officer details email e mail address phone telephone number name is was the of on about for""".split())
_ENDS_BLOCK = re.compile(r":|_{2,}|^\W*\d|^\[")
# Lines of a contact block that carry their own label ("Name: Beth Speak", "Position: …", "E-mail: …")
_CONTACT_LINE = re.compile(r"^\W*(?:name|position|job title|title|post|role|department|directorate|service|e-?mail|"
                           r"tel\w*|phone|contact)\s*:", re.I)
MIN_TITLE_MATCH = 0.3
DATE_BONUS = 0.2
BLOCK_LINES = 6          # lines (name, post, e-mail: often split into heading + paragraph) after a "Contact Details:" label
FIELD_MAX = 200          # a field is a short line, not a sentence that mentions a report


@dataclass
class AuthorAnswer:
    """The report and the paragraphs (fields) that name its author, rendered like a graph answer."""

    title: str
    date: str | None
    paragraph_ids: list[str]
    facts: list[GraphFact] = field(default_factory=list)

    def render(self, cites) -> tuple[str, list[GraphFact]]:
        engine = cites.engine
        parts = []
        for pid in self.paragraph_ids:
            p = engine.paragraph(pid)
            doc = engine.document_of(p)
            marks = " ".join(f"[{cites.add(pid, s.start, s.end)}]" for s in p.spans)
            parts.append(f"{display(' '.join(doc.text[s.start:s.end] for s in p.spans))} {marks}")
        when = f" ({self.date})" if self.date else ""
        return f"{self.title}{when} — " + "; ".join(parts), list(self.facts)


def asks_author(analysis) -> bool:
    return bool(ASKS_AUTHOR.search(analysis.text))


def author_fields(engine, part_id: str) -> list[str]:
    """Paragraph ids of a part's author/contact fields, in reading order."""
    part = engine.parts[part_id]
    doc = engine.docs[part.document_id]
    out, block = [], 0
    for p in doc.paragraphs:
        if p.part_id != part_id:
            continue
        text = p.text.strip()
        if _BLOCK.match(text) and len(text) < 60:
            block = BLOCK_LINES
            continue
        if block:
            if (_ENDS_BLOCK.search(text) and not _CONTACT_LINE.match(text)) or len(text) > FIELD_MAX:
                block = 0  # a new label, a form line or a numbered section: the block is over
            else:
                if re.search(r"[A-Za-z]", text):
                    out.append(p.id)
                block -= 1
                continue
        if _FIELD.match(text) and len(text) <= FIELD_MAX and p.kind in ("field", "table_row", "heading", "paragraph") \
                and not re.search(r"\b(?:attached|to follow|is attached)\b", text, re.I):
            out.append(p.id)
    # "who wrote": the author and contact officer before the member the report comes from
    return sorted(dict.fromkeys(out), key=lambda pid: (bool(re.match(r"^\W*report (?:from|of)\b",
                                                                     engine.paragraph(pid).text, re.I)),
                                                        engine.paragraph(pid).ordinal))


def answer_author(engine, analysis) -> AuthorAnswer | None:
    """The best-named report's author fields, or None when no report with such fields matches."""
    from qa.structured import match

    if not asks_author(analysis):
        return None
    weights = {t: engine.idf.get(t, engine.unseen_idf) for t in dict.fromkeys(engine.tokenize(analysis.text))
               if t not in _author_words(engine) and not t.isdigit()}
    if not weights:
        return None
    candidates = []
    for part_id, part in engine.parts.items():
        title = " ".join((part.title or "").split())
        if not title:
            continue
        # an all-capitals title is words, not acronyms: match it as ordinary text
        score = match(engine, weights, title.lower() if title.isupper() else title)
        if analysis.date_from and part.date:
            score += DATE_BONUS if analysis.date_from <= part.date[:10] <= analysis.date_to else -DATE_BONUS
        if score >= MIN_TITLE_MATCH:
            candidates.append((score, part.date or "", part_id, title))
    for score, date, part_id, title in sorted(candidates, key=lambda c: (-c[0], c[1])):
        fields = author_fields(engine, part_id)
        if fields:
            return AuthorAnswer(title, engine.parts[part_id].date, fields, _creators(engine, part_id))
    return None


def _creators(engine, part_id: str) -> list[GraphFact]:
    """The graph's dcterms:creator facts for the part, if its extractors recorded any."""
    t = engine.facts
    if t is None:
        return []
    from graph.iris import iri

    node = iri.part(part_id)
    return [GraphFact(str(node), str(DCTERMS.creator), str(o), str(g)) for o, g in t.values(node, DCTERMS.creator)]


_WORDS_CACHE: dict = {}


def _author_words(engine) -> frozenset:
    if "w" not in _WORDS_CACHE:
        _WORDS_CACHE["w"] = AUTHOR_WORDS | frozenset(engine.tokenize(" ".join(AUTHOR_WORDS)))
    return _WORDS_CACHE["w"]
