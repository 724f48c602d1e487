"""Write each Fact into its own named graph, with PROV-O + Web Annotation metadata in the default graph.

    ?g prov:wasDerivedFrom ?span ; prov:wasQuotedFrom ?paragraph ; prov:wasGeneratedBy ?run .
    ?span a oa:SpecificResource ; oa:hasSource ?document ;
          oa:hasSelector ?pos , ?quote .         # TextPositionSelector start/end, TextQuoteSelector exact

Reading goes the other way: ``read_provenance(quads)`` gives each fact graph its Provenance.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from councilkg.errors import BuildError
from graph.facts import Fact
from graph.iris import iri
from graph.stores.base import Quad
from ontology.namespace import KG, OA, PROV


@dataclass(frozen=True)
class Provenance:
    """Where the triples of one named graph came from: ``document.text[start:end] == quote``."""

    graph: str
    extractor: str
    version: str
    document_id: str
    paragraph_id: str
    start: int
    end: int
    quote: str

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def check_fact(fact: Fact, text: str) -> None:
    """A fact whose quote is not the document text at its offsets is an extractor bug: stop."""
    if not (0 <= fact.start < fact.end <= len(text)) or text[fact.start:fact.end] != fact.quote:
        raise BuildError(
            f"Extractor '{fact.extractor}' produced a fact whose quote does not match "
            f"{fact.document_id}[{fact.start}:{fact.end}].",
            hint="Build facts with ExtractionContext.fact(...) so the quote is read from the document.",
        )


def fact_quads(fact: Fact) -> list[Quad]:
    """The fact's triples in its named graph, plus that graph's provenance in the default graph."""
    g = iri.fact_graph(fact.document_id, fact.start, fact.end, fact.extractor)
    quads: list[Quad] = [(s, p, o, g) for s, p, o in fact.triples]
    quads.extend((s, p, o, None) for s, p, o in graph_metadata(fact, g))
    return quads


def graph_metadata(fact: Fact, g: URIRef) -> list[tuple]:
    """Default-graph triples describing fact graph ``g``."""
    doc, start, end = fact.document_id, fact.start, fact.end
    span = iri.span(doc, start, end)
    pos = iri.selector(doc, start, end, "position")
    quote = iri.selector(doc, start, end, "quote")
    run = iri.run(fact.extractor, fact.version)
    agent = iri.extractor(fact.extractor)
    return [
        (g, RDF.type, KG.FactGraph),
        (g, PROV.wasDerivedFrom, span),
        (g, PROV.wasQuotedFrom, iri.paragraph(fact.paragraph_id)),
        (g, PROV.wasGeneratedBy, run),
        (span, RDF.type, OA.SpecificResource),
        (span, OA.hasSource, iri.document(doc)),
        (span, OA.hasSelector, pos),
        (span, OA.hasSelector, quote),
        (pos, RDF.type, OA.TextPositionSelector),
        (pos, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)),
        (pos, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)),
        (quote, RDF.type, OA.TextQuoteSelector),
        (quote, OA.exact, Literal(fact.quote)),
        (run, RDF.type, PROV.Activity),
        (run, RDF.type, KG.ExtractionActivity),
        (run, KG.extractorName, Literal(fact.extractor)),
        (run, KG.extractorVersion, Literal(fact.version)),
        (run, PROV.wasAssociatedWith, agent),
        (agent, RDF.type, KG.Extractor),
        (agent, RDF.type, PROV.SoftwareAgent),
    ]


def read_provenance(default_graph_triples: Iterable[tuple]) -> dict[URIRef, Provenance]:
    """Index the default graph's provenance metadata: fact graph IRI -> Provenance."""
    by_subject: dict = {}
    for s, p, o in default_graph_triples:
        by_subject.setdefault(s, {}).setdefault(p, []).append(o)

    def one(node, pred):
        values = by_subject.get(node, {}).get(pred)
        return values[0] if values else None

    result: dict[URIRef, Provenance] = {}
    for g, props in by_subject.items():
        if KG.FactGraph not in props.get(RDF.type, ()):
            continue
        span, para, run = one(g, PROV.wasDerivedFrom), one(g, PROV.wasQuotedFrom), one(g, PROV.wasGeneratedBy)
        start = end = exact = None
        for sel in by_subject.get(span, {}).get(OA.hasSelector, ()):
            if one(sel, OA.start) is not None:
                start, end = int(one(sel, OA.start)), int(one(sel, OA.end))
            if one(sel, OA.exact) is not None:
                exact = str(one(sel, OA.exact))
        doc = str(one(span, OA.hasSource) or "").rsplit("/", 1)[-1]
        para_path = str(para or "").split("/paragraph/", 1)[-1]
        result[g] = Provenance(
            graph=str(g), extractor=str(one(run, KG.extractorName) or ""), version=str(one(run, KG.extractorVersion) or ""),
            document_id=doc, paragraph_id=para_path.replace("/", ":", 1), start=start if start is not None else -1,
            end=end if end is not None else -1, quote=exact or "",
        )
    return result
