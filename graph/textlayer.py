"""The text layer in RDF: documents, parts, sections and paragraphs as nodes with stable IRIs.

It lives in its own named graph (``TEXT_GRAPH``): it restates the corpus records, it is not
read from a span, so it needs no per-fact provenance; every other triple does.
"""
from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from corpus.records import Corpus
from graph.iris import iri
from graph.stores.base import Quad
from ontology.namespace import DATA, DOCO, FABIO, KG

TEXT_GRAPH = URIRef(DATA + "graph/text-layer")


def _date(value: str | None):
    if not value:
        return None
    return Literal(value, datatype=XSD.date) if len(value) == 10 else Literal(value)


def text_layer_quads(corpus: Corpus) -> list[Quad]:
    """All text-layer triples of the corpus, in TEXT_GRAPH."""
    g = TEXT_GRAPH
    out: list[Quad] = []

    def add(s, p, o):
        if o is not None:
            out.append((s, p, o, g))

    for doc in corpus.documents:
        d = iri.document(doc.id)
        add(d, RDF.type, KG.Document)
        add(d, RDF.type, FABIO.ReportDocument)
        add(d, DCTERMS.identifier, Literal(doc.id))
        add(d, DCTERMS.title, Literal(doc.title))
        add(d, DCTERMS.date, _date(doc.date))
        add(d, KG.kind, Literal(doc.kind))
        add(d, DCTERMS.publisher, Literal(doc.publisher))
        for part in doc.parts:
            p = iri.part(part.id)
            add(p, RDF.type, KG.Part)
            add(p, DCTERMS.isPartOf, d)
            add(p, DCTERMS.title, Literal(part.title))
            add(p, KG.kind, Literal(part.kind))
            add(p, KG.ordinal, Literal(part.ordinal))
            add(p, DCTERMS.date, _date(part.date))
            add(p, KG.startOffset, Literal(part.span.start))
            add(p, KG.endOffset, Literal(part.span.end))
        for section in doc.sections:
            s = iri.section(section.id)
            add(s, RDF.type, KG.Section)
            add(s, DCTERMS.isPartOf, iri.part(section.part_id))
            add(s, DCTERMS.title, Literal(section.title))
            if section.label:
                add(s, KG.label, Literal(section.label))
        for para in doc.paragraphs:
            n = iri.paragraph(para.id)
            add(n, RDF.type, KG.Paragraph)
            add(n, DCTERMS.isPartOf, iri.section(para.section_id) if para.section_id else iri.part(para.part_id))
            add(n, KG.kind, Literal(para.kind))
            add(n, KG.ordinal, Literal(para.ordinal))
            add(n, KG.text, Literal(para.text))
            add(n, KG.startOffset, Literal(para.start))
            add(n, KG.endOffset, Literal(para.end))
            if para.label:
                add(n, KG.label, Literal(para.label))
            if para.page is not None:
                add(n, KG.page, Literal(para.page))
        for pid, primary in corpus.duplicates.items():
            if pid.split(":", 1)[0] == doc.id:
                add(iri.paragraph(pid), KG.duplicateOf, iri.paragraph(primary))
    return out
