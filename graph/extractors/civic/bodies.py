"""Bodies (boards, committees, inspectorates, departments) and who chairs them.

"The Improvement Board is being Chaired by Linda Clegg", "the SIAB … will be independently
chaired by Deborah Glassbrook", "X, Chair of the Y Board"; abbreviations defined as
"SEND Improvement & Assurance Board (SIAB)" are remembered per document.
"""
from __future__ import annotations

import re

from rdflib import Literal
from rdflib.namespace import RDF, SKOS

from corpus.records import Paragraph
from graph.extractors.civic.common import (
    FULL_NAME, TITLED_PERSON, body_name, body_node, owner, body_triples, clean, date_literal, doc_date, emit, is_name,
    person_node, person_triples,
)
from graph.facts import ExtractionContext, Fact, FunctionExtractor
from graph.iris import iri, local_name
from ontology.namespace import KG, ORG

NAME, VERSION = "civic.bodies", "1.0"

# Linear time: a name starts only where a word starts (the lookbehind), and a word or a space run
# once read is never re-read another way (atomic group, possessive ``*+``/``++``). Before, a 50 KB
# run of capitals cost 50K x 50K steps, and "SEND SEND …" 2^7 ways per word.
_CAP = r"(?>[A-Z][A-Za-z'’]*+|&|and|of|for|the|in|on)"
_BODY = (rf"(?<![A-Za-z'’])(?:[A-Z][A-Za-z'’]*+\s++)(?:{_CAP}\s++){{0,7}}?(?:Board|Committee|Sub-Committee|Partnership|"
         rf"Forum|Panel|Commission|Cabinet)(?:\s+(?:Board|Committee|Sub-Committee))?\b")
_BODY_RE = re.compile(_BODY)
_ABBREV_DEF = re.compile(rf"(?P<full>{_BODY})\s*\((?P<abbr>[A-Z][A-Za-z]{{1,7}})\)")
_NAMED = {
    "Ofsted": re.compile(r"\bOfsted\b"), "Care Quality Commission": re.compile(r"\bCQC\b|\bCare Quality Commission\b"),
    "Department for Education": re.compile(r"\bDfE\b|\bDepartment for Education\b"),
}
# The verb in any case ("is being Chaired by Linda Clegg"), the name in a name's: under one case-blind pattern "chaired
# by an experienced person", "by senior managers" and "by the police" read as names (30 of 33 such chairs in the
# corpus and the 251 Ofsted reports before)
_CHAIRED_BY = re.compile(r"(?i:\b(?:is|are|was|will\s+be|being|been|be)?\s*(?:independently\s+|jointly\s+)?"
                         rf"chaired\s+by)\s+(?P<name>{TITLED_PERSON}|{FULL_NAME})")
_CHAIR_OF = re.compile(rf"(?P<name>{TITLED_PERSON}|{FULL_NAME}),?\s+(?:the\s+)?(?:independent\s+)?Chair\s+of\s+(?:the\s+)?"
                       rf"(?P<body>{_BODY})")
_GENERIC = {"board", "committee", "cabinet", "partnership", "forum", "panel", "the board", "scrutiny committee"}


def _bodies_in(text: str, abbreviations: dict[str, str]):
    """(start, end, canonical name, surface) of every body mention in ``text``."""
    found = []
    for m in _BODY_RE.finditer(text):
        surface = m.group().strip()
        words = surface.split()
        while words and words[0] in {"The", "A", "An", "Our", "This", "New", "Newly", "And", "Of"}:
            words = words[1:]
        if len(words) < 2 and words and words[0] != "Cabinet":
            continue
        name = re.split(r"\s+(?:(?:of|for|to|by|with)\s+(?:the\s+)?|and\s+the\s+)(?=[A-Z])(?!.*\s(?:(?:of|for|to|by|with)\s+(?:the\s+)?|and\s+the\s+)[A-Z])",
                        " ".join(words))[-1] if not re.match(r"(?i)^(department|ministry)", " ".join(words)) else " ".join(words)
        if name.endswith("Cabinet"):
            parts = name.split()
            name = " ".join(parts[-2:]) if len(parts) > 1 and parts[-2] in {"Youth", "Shadow"} else "Cabinet"
        if name.split()[0].lower() in {"that", "options", "report", "members", "all", "each", "chair", "leader", "deputy"}:
            continue
        if name.lower() in _GENERIC:
            continue
        start = m.end() - len(name)
        found.append((start, m.end(), body_name(name), name))
    for abbr, full in abbreviations.items():
        for m in re.finditer(rf"\b{re.escape(abbr)}\b", text):
            found.append((m.start(), m.end(), full, abbr))
    for canonical, pattern in _NAMED.items():
        for m in pattern.finditer(text):
            found.append((m.start(), m.end(), canonical, m.group()))
    return sorted(found)


def extract_bodies(paragraph: Paragraph, context: ExtractionContext) -> list[Fact]:
    text = paragraph.text
    abbreviations = context.state.setdefault("abbreviations", {})
    for m in _ABBREV_DEF.finditer(text):
        abbreviations[m.group("abbr")] = body_name(re.sub(r"^(?:The|A|An|Our|New|Newly formed)\s+", "", m.group("full").strip()))
    date = doc_date(paragraph, context)
    facts: list[Fact] = []
    mentions = _bodies_in(text, abbreviations)
    seen = set()
    for start, end, name, surface in mentions:
        key = (name, surface)
        if key in seen:
            continue
        seen.add(key)
        node = body_node(name, owner(context))
        triples = body_triples(node, surface) + [(node, SKOS.prefLabel, Literal(name))] if surface == name else body_triples(node, surface)
        facts.append(emit(context, paragraph, start, end, triples, extractor))
    for m in _CHAIRED_BY.finditer(text):
        before = [b for b in mentions if b[1] <= m.start() and _same_sentence(text, b[1], m.start())]
        if before and is_name(m.group("name")):
            facts.append(_chair_fact(context, paragraph, before[-1], m.group("name"), before[-1][0], m.end("name"), date))
    for m in _CHAIR_OF.finditer(text):
        name = body_name(m.group("body").strip())
        if is_name(m.group("name")) and name.lower() not in _GENERIC:
            body = (m.start("body"), m.end("body"), name, m.group("body"))
            facts.append(_chair_fact(context, paragraph, body, m.group("name"), m.start(), m.end(), date))
    return facts


def _same_sentence(text: str, a: int, b: int) -> bool:
    return not re.search(r"[.;]\s+[A-Z]", text[a:b])


def _chair_fact(context, paragraph, body, person_surface: str, start: int, end: int, date) -> Fact:
    b_start, b_end, name, surface = body
    node = body_node(name, owner(context))
    person = person_node(person_surface)
    holding = iri.holding(local_name(person), local_name(node), "chair")
    triples = [*body_triples(node, surface), *person_triples(person, person_surface), (node, KG.chair, person),
               (holding, RDF.type, KG.PostHolding), (holding, RDF.type, ORG.Membership), (holding, ORG.member, person),
               (holding, ORG.organization, node), (holding, ORG.role, KG.ChairRole), (holding, KG.observedOn, date_literal(date))]
    return emit(context, paragraph, start, end, triples, extractor)


extractor = FunctionExtractor(NAME, VERSION, extract_bodies)
