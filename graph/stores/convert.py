"""Convert terms between rdflib and pyoxigraph (both directions), for the fast paths."""
from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def to_ox(term: Node):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to pyoxigraph")


def to_ox_quad(s, p, o, g) -> "ox.Quad":
    return ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph() if g is None else to_ox(g))


_NAMED: dict[str, URIRef] = {}
_NAMED_MAX = 1_000_000  # IRIs remembered (about 200 MB at most); past it the memo starts again


def _named(value: str) -> URIRef:
    """rdflib checks every IRI it makes (most of the cost of reading a node's facts from Oxigraph); the graph
    names the same IRIs over and over, so each is made once."""
    found = _NAMED.get(value)
    if found is None:
        if len(_NAMED) >= _NAMED_MAX:
            _NAMED.clear()
        found = _NAMED[value] = URIRef(value)
    return found


def from_ox(term):
    if isinstance(term, ox.NamedNode):
        return _named(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _RDF_LANG):
            return Literal(term.value)
        return Literal(term.value, datatype=_named(datatype))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"cannot convert {term!r} from pyoxigraph")


def from_ox_quad(quad: "ox.Quad"):
    return from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object), from_ox(quad.graph_name)
