"""Tag paragraphs with the thesaurus concepts they mention, so every passage on a topic can be gathered.

"What did Ofsted say about care leavers?" should find the paragraph about pathway plans and
personal advisers as well as the one that says "care leavers": the thesaurus
(``ontology/thesaurus.ttl``) knows they are one topic. For each paragraph this extractor spots
the concepts (``ontology.thesaurus.concepts_in``: longest match, acronyms case-sensitive) and
states ``<paragraph> dcterms:subject <concept>`` once per concept, the fact's span being the words
of the concept's first mention in the paragraph (so "PAs" is the provenance of the tag "personal
adviser"). One fact per paragraph and concept, not per mention, keeps the graph small; broader
concepts are not added (the thesaurus holds ``skos:broader`` for whoever wants to climb).

The version carries a hash of the thesaurus file, so editing the thesaurus invalidates a build.
"""
from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DCTERMS

from corpus.records import Paragraph
from graph.facts import ExtractionContext, Fact, FunctionExtractor
from graph.iris import iri, short_hash
from ontology import thesaurus

NAME = "topics.tags"
VERSION = "1+" + short_hash(thesaurus.THESAURUS_TTL.read_bytes(), length=8)


def tag_paragraph(paragraph: Paragraph, context: ExtractionContext) -> list[Fact]:
    """One fact per concept the paragraph mentions: ``paragraph dcterms:subject concept``, at its first mention."""
    first: dict[str, tuple[int, int]] = {}
    for concept, start, end in thesaurus.concepts_in(paragraph.text):
        first.setdefault(concept, (start, end))
    subject = iri.paragraph(paragraph.id)
    facts = []
    for concept, (start, end) in first.items():
        doc_start, doc_end = paragraph.doc_range(start, end)
        facts.append(context.fact(paragraph, doc_start, doc_end, [(subject, DCTERMS.subject, URIRef(concept))], extractor))
    return facts


extractor = FunctionExtractor(name=NAME, version=VERSION, function=tag_paragraph)
