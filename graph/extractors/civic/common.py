"""Shared reading helpers for the civic extractors: names of people and bodies, dates, facts."""
from __future__ import annotations

import re

from rdflib import Literal
from rdflib.namespace import RDF, SKOS, XSD

from councilkg.dates import parse_date
from corpus.records import Paragraph
from graph.facts import ExtractionContext, Fact
from graph.iris import council_slug, iri, slug
from ontology.namespace import KG, ORG

# A personal-name word: "Booler", "McBriar", "FitzGerald", "Staples-Jones", "O'Neill".
WORD = r"(?:Mc|Mac|O['’]|Fitz)?[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)*(?:[A-Z][a-z]+)?"
INITIAL = r"[A-Z]\.?"
TITLE = r"(?:Councillor|Cllr\.?|Mr|Mrs|Ms|Miss|Dr|Professor|Prof\.?|Revd|Rev\.?|Reverend|Canon|Sir|Dame)"
# "Councillor T Tariq", "Cllr Tamoor Tariq", "Isobel Booler", "Councillor Lancaster"
PERSON = (rf"(?:{TITLE}\s+)?(?:(?:{INITIAL}\s+){{1,2}}|(?:{WORD}\s+){{1,2}})?{WORD}")
TITLED_PERSON = rf"{TITLE}\s+(?:(?:{INITIAL}\s+){{1,2}}|{WORD}\s+)?{WORD}"
FULL_NAME = rf"{WORD}\s+(?:{INITIAL}\s+)?{WORD}"

# Capitalised words that are not names even when they look like one.
NOT_NAMES = {
    "the", "council", "councillors", "committee", "cabinet", "board", "members", "member", "chair", "director",
    "children", "young", "people", "services", "service", "scrutiny", "report", "ofsted", "local",
    "executive", "assistant", "head", "lead", "officer", "strategic", "interim", "deputy", "leader", "public",
    "apologies", "present", "also", "in", "attendance", "minutes", "date", "meeting", "it", "there", "that",
    "this", "we", "our", "they", "he", "she", "his", "her", "and", "of", "for", "to", "a", "an", "education",
    "skills", "social", "care", "send", "improvement", "plan", "school", "schools", "virtual", "trade", "union",
    "youth", "health", "department", "team", "group", "partnership", "safeguarding", "in", "on", "at", "by",
    "with", "from", "as", "all", "any", "each", "agenda", "item", "question", "response", "topic", "delegated",
    "decision", "resolved", "agreed", "noted", "following", "further", "since", "during", "after", "before",
    "democratic", "law", "monitoring", "mayor", "england", "government", "nhs",
    "cllr", "councillor", "mr", "mrs", "ms", "dr", "corporate", "affairs", "transformation", "finance", "resources", "hr", "housing", "regeneration", "communities",
    "adult", "adults", "performance", "quality", "assurance", "learning", "early", "help", "strategy", "development",
    "business", "economy", "environment", "planning", "culture", "leisure", "safety", "community", "practice",
    "representative", "consultant", "manager", "head", "headteacher", "principal", "chief", "policy", "support",
}

HONORIFIC_RE = re.compile(rf"^{TITLE}\s+", re.I)

BODY_TAIL = r"(?:Board|Committee|Sub-Committee|Cabinet|Council|Partnership|Forum|Panel|Commission|Trust|Group|Executive)"


def clean(text: str) -> str:
    """Strip markdown emphasis and collapse whitespace."""
    return " ".join(text.replace("**", "").replace("*", " ").split())


def is_name(surface: str, labelled: bool = False) -> bool:
    """A plausible personal name: some word after the title that is not a common word, and a last word that is not
    one either — unless a label says the words are a name ("Deputy lead inspector: Ian Young"): surnames such as
    Young and Law are common words, and a labelled line is no sentence running on past a name."""
    words = re.findall(r"[A-Za-z'’-]+", HONORIFIC_RE.sub("", surface))
    if not words:
        return False
    last = words[-1].lower()
    if len(last) < 2 or (last in NOT_NAMES and not labelled):
        return False
    return not all(w.lower() in NOT_NAMES for w in words if len(w) > 1)


def strip_title(surface: str) -> str:
    return HONORIFIC_RE.sub("", clean(surface)).strip()


def person_node(surface: str):
    """A provisional IRI for a person mention (entity resolution later merges variants)."""
    return iri.person(slug(strip_title(surface)))


def person_triples(node, surface: str) -> list[tuple]:
    triples = [(node, RDF.type, KG.Person), (node, SKOS.altLabel, Literal(clean(surface)))]
    if re.match(r"(?i)(councillor|cllr)\b", surface.strip()):
        triples.append((node, KG.kind, Literal("councillor")))
    return triples


BODY_TYPES = [
    (re.compile(r"(?i)\b(ofsted|cqc|care quality commission|hmi|inspectorate)\b"), KG.Inspectorate),
    (re.compile(r"(?i)\b(department (for|of)|dfe|dhsc|home office|ministry)\b"), KG.GovernmentDepartment),
    (re.compile(r"(?i)\bcabinet\b|\bexecutive\b"), KG.Executive),
    (re.compile(r"(?i)\b(committee|sub-committee|panel|commission)\b"), KG.Committee),
    (re.compile(r"(?i)\b(board|partnership)\b"), KG.Board),
    (re.compile(r"(?i)\bcouncil\b"), KG.Council),
]


def body_name(raw: str) -> str:
    """'THE CABINET' -> 'Cabinet'; '**CHILDREN AND YOUNG PEOPLE SCRUTINY COMMITTEE**' -> title case."""
    name = clean(raw).strip(" .,:;")
    name = re.sub(r"(?i)^(the|a|an|our|this|its|their)\s+", "", name)
    name = re.sub(r"(?i)^(newly formed|new|independent)\s+", "", name)
    if name.isupper():
        small = {"and", "of", "for", "the", "in", "on"}
        name = " ".join(w.lower() if w.lower() in small else w.capitalize() for w in name.split())
        name = name[0].upper() + name[1:]
    return name


def owner(context) -> str:
    """Whose bodies a document's minutes and reports speak of: its publisher's place name ("Bury Council" →
    "bury"), so that two councils' Cabinets are two bodies; empty when the manifest names no publisher."""
    publisher = (context.document.publisher or "").strip()
    return council_slug(publisher) if publisher else ""


def body_node(name: str, owner_slug: str = ""):
    """A body of the council ``owner_slug`` (its papers' publisher)."""
    local = slug(body_name(name).replace("&", "and"))
    return iri.body(f"{owner_slug}-{local}" if owner_slug and not local.startswith(owner_slug) else local)


def body_triples(node, surface: str) -> list[tuple]:
    name = body_name(surface)
    triples = [(node, RDF.type, KG.Body), (node, RDF.type, ORG.Organization), (node, SKOS.altLabel, Literal(clean(surface)))]
    for pattern, concept in BODY_TYPES:
        if pattern.search(name):
            triples.append((node, KG.bodyType, concept))
            break
    return triples


def date_literal(value: str | None):
    if not value:
        return None
    return Literal(value, datatype=XSD.date) if len(value) == 10 else Literal(value)


def doc_date(paragraph: Paragraph, context: ExtractionContext) -> str | None:
    """The date a paragraph speaks for: its meeting, else its part, else its document."""
    meeting = context.state.get("meeting")
    if meeting and meeting.get("part_id") == paragraph.part_id and meeting.get("date"):
        return meeting["date"]
    try:
        part = context.document.part(paragraph.part_id)
        if part.date:
            return part.date
    except StopIteration:
        pass
    return context.document.date


def emit(context: ExtractionContext, paragraph: Paragraph, start: int, end: int, triples, extractor) -> Fact:
    """A fact for paragraph.text[start:end] (mapped to document offsets, trimmed of spaces)."""
    text = paragraph.text
    while start < end and text[start] in " \t\n*":
        start += 1
    while end > start and text[end - 1] in " \t\n*":
        end -= 1
    doc_start, doc_end = paragraph.doc_range(start, end)
    return context.fact(paragraph, doc_start, doc_end, [t for t in triples if t[2] is not None], extractor)


def emit_doc(context: ExtractionContext, paragraph: Paragraph, doc_start: int, doc_end: int, triples, extractor) -> Fact:
    """A fact for document range [doc_start, doc_end) (may run past the paragraph, e.g. a header block)."""
    text = context.document.text
    while doc_start < doc_end and text[doc_start] in " \t\n*":
        doc_start += 1
    while doc_end > doc_start and text[doc_end - 1] in " \t\n*":
        doc_end -= 1
    return context.fact(paragraph, doc_start, doc_end, [t for t in triples if t[2] is not None], extractor)


__all__ = ["WORD", "TITLE", "PERSON", "TITLED_PERSON", "FULL_NAME", "BODY_TAIL", "clean", "is_name", "strip_title",
           "person_node", "person_triples", "body_name", "body_node", "body_triples", "date_literal", "doc_date",
           "emit", "emit_doc", "parse_date"]
