"""Posts and roles with their holders and the date the document shows them held.

"Isobel Booler, Director of Education and Skills advised …", "CONTACT OFFICER: Gemma Parkes,
Virtual School Headteacher", "REPORT FROM: Cllr Tariq Tamoor, Cabinet Member for …",
"Lead inspector: Lorna Schlechte", "Report Author and Contact Details:" blocks.
"""
from __future__ import annotations

import re
from dataclasses import replace

from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF, SKOS

from corpus.records import Paragraph
from graph.extractors.civic.common import (
    FULL_NAME, TITLED_PERSON, clean, date_literal, doc_date, emit, is_name, person_node, person_triples,
)
from graph.extractors.windows import Spans
from graph.facts import ExtractionContext, Fact, FunctionExtractor
from graph.iris import iri, local_name, post_key
from ontology.namespace import KG, ORG

NAME, VERSION = "civic.posts", "1.4"

POST_HEAD = (r"(?:Executive|Deputy|Assistant|Interim|Acting|Strategic|Service|Chief|Corporate|Cabinet|Lead|Head|"
             r"Director|Chair|Vice[- ]Chair|Leader|Shadow|Portfolio|Principal|Senior|Monitoring|Democratic|"
             r"Virtual|Independent|Youth|Trade|Unison|Team|Programme|Project|Children'?s|Mayor|Councillor|"
             r"Member|Manager|Officer|Headteacher|Consultant|Her Majesty'?s|HMI|Social)")
# The head words of a job title (as regular expressions): a post is written with one ("Cabinet Member for …")
POST_WORDS = ("director", "member", "officer", "lead", "manager", "head", "headteacher", "representative", "chair",
              "leader", "inspector", "executive", "consultant", "advis[eo]r", "co-?ordinator", "principal", "secretary",
              "mayor", "clerk", "solicitor", "accountant", "commissioner", "chief", "practitioner", "worker", "ambassador")
POST_WORD = re.compile(rf"(?i)\b({'|'.join(POST_WORDS)})\b")
_SPEECH = (r"(?:reported|advised|explained|said|stated|informed|confirmed|highlighted|noted|presented|agreed|"
           r"responded|outlined|added|gave|provided|wished|commented|introduced|updated|thanked|reminded|"
           r"acknowledged|assured|clarified|suggested|asked|welcomed|emphasised|emphasized|answered|replied)")
_PROSE = re.compile(rf"(?P<name>{TITLED_PERSON}|{FULL_NAME})(?:,\s*|\s+[—–]\s+|\s+(?=(?:{POST_HEAD})\b))"
                    rf"(?:the\s+)?(?P<post>(?:{POST_HEAD})\b[^.;:()\n]{{2,110}}?)\s*,?\s+{_SPEECH}\b")
_BRACKET = re.compile(rf"(?P<name>{TITLED_PERSON}|{FULL_NAME})\s*\((?P<post>(?:{POST_HEAD})\b[^()\n]{{2,100}})\)")
# A label, the holder's name, and the post after a comma or dash or, on a cover sheet written in capitals, straight
# after the name ("CONTACT OFFICER: KLARE RUFO ASSISTANT DIRECTOR LEARNING AND CULTURE": the line named no one before)
_LABELLED = re.compile(
    rf"(?im)^[ \t]*\**(?P<label>contact officer|report from|report author|lead inspector|deputy lead inspector|"
    rf"name|author|presented by|lead officer|lead member)\**\s*:\s*\**(?P<name>{TITLED_PERSON}|{FULL_NAME})\**"
    rf"(?:(?:\s*[,—–-]\s*|\s+(?={POST_HEAD}\b))(?P<post>[^\n,]*(?:,[^\n,]*)?))?[ \t]*$")
_ROLE_OF_LABEL = {"contact officer": "Contact Officer", "report author": "Report Author", "author": "Report Author",
                  "lead inspector": "Lead Inspector", "deputy lead inspector": "Deputy Lead Inspector",
                  "report from": "Report Author", "presented by": "Presenter", "lead officer": "Lead Officer",
                  "lead member": "Lead Member"}
_AUTHOR_BLOCK = re.compile(r"(?i)report\s+author|contact\s+details")
_SPLIT_POSTS = re.compile(rf"(?<!\s)\s*;\s*|(?<!\s)\s*(?:,|\band\b)\s+"  # (?<!\s): linear on space runs
                          rf"(?=(?:Deputy|Cabinet|Director|Executive|Chair|Leader|Lead Member|Head|Assistant)\b)")


def looks_like_post(text: str, loose: bool = False) -> bool:
    """A job title: has a post word, is not a sentence."""
    text = clean(text)
    if not text or len(text) > 120 or re.search(r"\b(was|were|is|are|will|has|have|had)\b", text):
        return False
    if POST_WORD.search(text):
        return True
    return loose and bool(re.match(r"(?i)(democratic services|youth|unison|trade union)", text))


def post_titles(text: str) -> list[str]:
    """'Deputy Leader and Cabinet Member for Children, Young People and Skills' -> two posts."""
    return [clean(t).strip(" ,.") for t in _SPLIT_POSTS.split(clean(text)) if clean(t).strip(" ,.")]


def name_posts(facts: list[Fact], context) -> list[Fact]:
    """One ``skos:prefLabel`` per post (a post pass): each fact names its post's title as written (``skos:altLabel``),
    and the post's preferred label is its most often written title (ties: the first read), asserted in the first fact
    that writes it."""
    posts = {s for f in facts for s, p, o in f.triples if p == RDF.type and o == ORG.Post}
    written: dict = {}  # (post, title) -> (times written, the first fact writing it)
    for order, f in enumerate(facts):
        for s, p, o in f.triples:
            if p == SKOS.altLabel and s in posts:
                count, first = written.get((s, str(o)), (0, order))
                written[(s, str(o))] = (count + 1, first)
    best: dict = {}  # post -> ((times written, -first fact), title, first fact)
    for (post, title), (count, first) in written.items():
        if post not in best or (count, -first) > best[post][0]:
            best[post] = ((count, -first), title, first)
    named: dict[int, list] = {}  # fact -> the preferred labels it asserts
    for post, (_, title, first) in best.items():
        named.setdefault(first, []).append((post, SKOS.prefLabel, Literal(title)))
    return [replace(f, triples=(*f.triples, *named[order])) if order in named else f for order, f in enumerate(facts)]


name_posts.version = "1.0"


def holding_triples(person, post_text: str, date: str | None) -> list[tuple]:
    """Person holds each post named in ``post_text``, seen on ``date`` (an org:Membership)."""
    triples = []
    for title in post_titles(post_text):
        if not looks_like_post(title, loose=True):
            continue
        post = iri.post(post_key(title))
        holding = iri.holding(local_name(person), local_name(post), "holds")
        triples += [
            (post, RDF.type, ORG.Post), (post, SKOS.altLabel, Literal(title)),
            (person, ORG.holds, post), (post, ORG.heldBy, person),
            (holding, RDF.type, KG.PostHolding), (holding, RDF.type, ORG.Membership), (holding, ORG.member, person),
            (holding, KG.post, post), (holding, KG.observedOn, date_literal(date)),
        ]
    return triples


def extract_posts(paragraph: Paragraph, context: ExtractionContext) -> list[Fact]:
    text = paragraph.text
    date = doc_date(paragraph, context)
    facts: list[Fact] = []
    taken = Spans()  # O(log n) overlap checks: linear time on a paragraph naming thousands

    def add(start, end, surface, post, extra=(), labelled=False):
        if taken.overlaps(start, end) or not is_name(surface, labelled):
            return
        person = person_node(surface)
        triples = [*person_triples(person, surface), *holding_triples(person, post, date), *extra]
        if len(triples) > 3:
            taken.add(start, end)
            facts.append(emit(context, paragraph, start, end, triples, extractor))

    for m in _LABELLED.finditer(text):
        role = _ROLE_OF_LABEL.get(m.group("label").lower())
        person = person_node(m.group("name"))
        extra = []
        if role in ("Report Author", "Presenter"):
            extra.append((iri.part(paragraph.part_id), DCTERMS.creator, person))
        post = m.group("post") or ""
        # ";" keeps the stated post and the label's role two posts ("Director of Education; Contact Officer")
        posts = "; ".join(p for p in (post, role) if p and looks_like_post(p, loose=True)) if m.group("label").lower() != "name" else post
        add(m.start("name"), m.end("post") if m.group("post") else m.end("name"), m.group("name"), posts, extra,
            labelled=True)
    for pattern in (_PROSE, _BRACKET):
        for m in pattern.finditer(text):
            add(m.start("name"), m.end("post"), m.group("name"), m.group("post"))
    for m in re.finditer(TITLED_PERSON, text):  # bare mentions: "Councillor Tarig explained …"
        if not taken.overlaps(m.start(), m.end()) and is_name(m.group()):
            person = person_node(m.group())
            taken.add(m.start(), m.end())
            facts.append(emit(context, paragraph, m.start(), m.end(), person_triples(person, m.group()), extractor))
    facts += _author_block(paragraph, context, date)
    return facts


def _author_block(paragraph: Paragraph, context: ExtractionContext, date) -> list[Fact]:
    """'Report Author and Contact Details:' then lines of name / post / e-mail."""
    state = context.state
    if _AUTHOR_BLOCK.search(paragraph.text) and len(paragraph.text) < 60:
        state["author_block"] = 6
        return []
    if not state.get("author_block"):
        return []
    state["author_block"] -= 1
    lines = [line for line in paragraph.text.split("\n") if line.strip()]
    if not lines or not re.fullmatch(rf"\s*{FULL_NAME}\s*", lines[0]) or not is_name(lines[0]):
        return []
    if len(lines) < 2 or not looks_like_post(lines[1]):
        return []
    name_start = paragraph.text.index(lines[0])
    post_end = paragraph.text.index(lines[1], name_start) + len(lines[1])
    person = person_node(lines[0].strip())
    triples = [*person_triples(person, lines[0].strip()), *holding_triples(person, f"{lines[1]}, Report Author", date),
               (iri.part(paragraph.part_id), DCTERMS.creator, person)]
    return [emit(context, paragraph, name_start, post_end, triples, extractor)]


extractor = FunctionExtractor(NAME, VERSION, extract_posts)
