"""The business of a meeting: declarations of interest, questions, decisions and commitments.

"Councillor Boles declared a personal interest as …"; "In response to Councillor McBriar's
question …, Jeanette Richards explained …"; "It was agreed:" / "Delegated decision:" /
"RESOLVED:" and the "That …" lines under it; "Jeanette Richards agreed to bring a report back …".
Each is linked to the current meeting and agenda item (left in context.state by civic.meetings).
"""
from __future__ import annotations

import re

from rdflib import Literal
from rdflib.namespace import RDF

from corpus.records import Paragraph
from graph.extractors.civic.common import FULL_NAME, TITLED_PERSON, clean, emit, is_name, person_node, person_triples
from graph.facts import ExtractionContext, Fact, FunctionExtractor
from graph.iris import iri
from ontology.namespace import KG, PROV

NAME, VERSION = "civic.business", "1.0"

_WHO = rf"(?P<who>{TITLED_PERSON}|{FULL_NAME})"
_DECLARED = re.compile(
    rf"{_WHO}\s+declared\s+(?:a|an)\s+(?P<type>personal|prejudicial|disclosable\s+pecuniary|pecuniary|non-registrable|"
    rf"other\s+registrable|significant)?\s*(?:and\s+\w+\s+)?interest(?P<what>[^.]*(?:\.(?!\s+[A-Z])[^.]*)*)\.?")
_INTEREST = {"personal": KG.PersonalInterest, "prejudicial": KG.PrejudicialInterest,
             "disclosable pecuniary": KG.DisclosablePecuniaryInterest, "pecuniary": KG.DisclosablePecuniaryInterest}
_ITEM_REF = re.compile(r"(?i)\b(?:item|minute\s+(?:number|no\.?))\s+(?P<num>[A-Z]{0,4}\.?\d+[a-z]?)")
_QUESTION = re.compile(
    rf"In\s+response\s+to\s+(?P<asker>{TITLED_PERSON}|{FULL_NAME}|members|a\s+member\s+of\s+the\s+public|a\s+question)"
    rf"(?:['’]s?)?\s+(?:question|query|queries|questions)?[^.]*?,\s*(?P<responder>{TITLED_PERSON}|{FULL_NAME})\s+"
    rf"(?:explained|advised|reported|stated|confirmed|informed|said|responded|replied|noted|highlighted|agreed)")
_DECISION_HEAD = re.compile(r"(?i)^\W*(it\s+was\s+(?:agreed|resolved|noted)|delegated\s+decision|resolved|decision|agreed)\s*(?:that)?\s*:?\s*$")
_DECISION_INLINE = re.compile(r"(?i)^\W*(it\s+was\s+(?:agreed|resolved)|resolved|delegated\s+decision)\s*:\s*(?P<body>\S.*)$", re.S)
_COMMIT = re.compile(
    rf"{_WHO}\s+(?:agreed|undertook|committed|promised|offered|will|would)\s+to\s+(?P<what>(?:bring|provide|circulate|share|include|"
    rf"report|update|send|look|feed|arrange|present|come|return|write|follow|investigate|consider|review|liaise|confirm|"
    rf"check|give|ensure|produce|supply|make|take|invite|discuss|respond|contact)\b[^.]*)\.")
_TYPES = {"it was agreed": "agreed", "agreed": "agreed", "it was resolved": "resolved", "resolved": "resolved",
          "delegated decision": "delegated", "it was noted": "noted", "decision": "decided"}


def _where(context: ExtractionContext, paragraph: Paragraph):
    meeting = context.state.get("meeting")
    if not meeting or meeting.get("part_id") != paragraph.part_id:
        return None, None
    return meeting["iri"], meeting.get("item")


def extract_business(paragraph: Paragraph, context: ExtractionContext) -> list[Fact]:
    meeting, item = _where(context, paragraph)
    facts: list[Fact] = []
    text = paragraph.text
    if meeting is None:
        context.state.pop("decision_head", None)
        return facts
    facts += _decisions(paragraph, context, meeting, item)
    for m in _DECLARED.finditer(text):
        if not is_name(m.group("who")):
            continue
        node = iri.statement("declaration", context.document.id, *paragraph.doc_range(m.start(), m.end()))
        person = person_node(m.group("who"))
        kind = (m.group("type") or "").lower().replace("  ", " ")
        ref = _ITEM_REF.search(m.group("what") or "")
        target = iri.agenda_item(meeting, ref.group("num")) if ref else item
        facts.append(emit(context, paragraph, m.start(), m.end(), [
            *person_triples(person, m.group("who")), (node, RDF.type, KG.DeclarationOfInterest),
            (node, KG.declarant, person), (node, KG.meeting, meeting), (node, KG.item, target),
            (node, KG.interestType, _INTEREST.get(kind, KG.OtherInterest)),
            (node, KG.statement, Literal(clean(m.group()))),
        ], extractor))
    for m in _QUESTION.finditer(text):
        asker, responder = m.group("asker"), m.group("responder")
        if not is_name(responder):
            continue
        node = iri.statement("question", context.document.id, *paragraph.doc_range(m.start(), m.end()))
        triples = [(node, RDF.type, KG.Question), (node, KG.meeting, meeting), (node, KG.item, item),
                   (node, KG.questionType, Literal("member" if re.match(r"(?i)(councillor|cllr|members)", asker) else "public")),
                   (node, KG.statement, Literal(clean(m.group())))]
        if is_name(asker) and not re.match(r"(?i)(members|a\s)", asker):
            triples += [*person_triples(person_node(asker), asker), (node, KG.askedBy, person_node(asker))]
        triples += [*person_triples(person_node(responder), responder), (node, KG.answeredBy, person_node(responder))]
        facts.append(emit(context, paragraph, m.start(), m.end(), triples, extractor))
    for m in _COMMIT.finditer(text):
        if not is_name(m.group("who")):
            continue
        node = iri.statement("commitment", context.document.id, *paragraph.doc_range(m.start(), m.end()))
        person = person_node(m.group("who"))
        facts.append(emit(context, paragraph, m.start(), m.end(), [
            *person_triples(person, m.group("who")), (node, RDF.type, KG.Commitment), (node, RDF.type, PROV.Entity),
            (node, KG.committedBy, person), (node, KG.meeting, meeting), (node, KG.item, item),
            (node, KG.statement, Literal(clean(m.group()))),
        ], extractor))
    return facts


def _decisions(paragraph: Paragraph, context: ExtractionContext, meeting, item) -> list[Fact]:
    """A decision heading ("It was agreed:") applies to the "That …" paragraphs under it."""
    text = paragraph.text
    state = context.state
    head = _DECISION_HEAD.match(text)
    if head:
        state["decision_head"] = {"type": _TYPES.get(" ".join(head.group(1).lower().split()), "agreed"), "left": 6}
        return []
    inline = _DECISION_INLINE.match(text)
    pending = state.get("decision_head")
    if inline:
        kind, start = _TYPES.get(" ".join(inline.group(1).lower().split()), "agreed"), 0
    elif pending and pending["left"] > 0 and re.match(r"^\W*(?:\(?\d+\)?\.?\s+|[a-z]\)\s+|\d\.\s+)?that\b", text, re.I):
        kind, start = pending["type"], 0
        pending["left"] -= 1
    else:
        if pending and not re.match(r"^\W*(?:\(?\d+\)?\.?|[a-z]\))\s", text):
            state.pop("decision_head", None)
        return []
    node = iri.statement("decision", context.document.id, paragraph.start, paragraph.end)
    return [emit(context, paragraph, start, len(text), [
        (node, RDF.type, KG.Decision), (node, RDF.type, PROV.Entity), (node, KG.meeting, meeting), (node, KG.item, item),
        (node, KG.decisionType, Literal(kind)), (node, KG.statement, Literal(clean(text))),
    ], extractor)]


extractor = FunctionExtractor(NAME, VERSION, extract_business)
