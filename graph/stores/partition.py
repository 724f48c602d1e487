"""Which document owns a quad: the unit a server store replaces when one document is re-ingested.

The build's quads carry their document in their IRIs (``graph/iris.py``): fact graphs are
``…/fact/{doc}/…``, text-layer nodes ``…/paragraph/{doc}/…``, provenance nodes ``…/span/{doc}/…``.
A SPARQL server has no private default graph to share (Virtuoso has none at all), so on a server
every quad lives in a named graph owned by one document:

    fact graph g (…/fact/{doc}/…)        stays g
    text layer (TEXT_GRAPH)              → TEXT_GRAPH/{doc}
    default graph (provenance metadata)  → …/graph/provenance/{doc}

``to_server`` and ``from_server`` map a quad there and back, so the quads read back from a
server are exactly the build's quads. Triples no document owns (extraction runs and agents,
repeated by every document) go to the ``SHARED`` partition.
"""
from __future__ import annotations

from urllib.parse import unquote

from rdflib import URIRef

from graph.stores.base import Quad
from graph.textlayer import TEXT_GRAPH
from ontology.namespace import DATA

SHARED = "_shared"
PROVENANCE_GRAPH = URIRef(DATA + "graph/provenance")
FACT_PREFIX = str(DATA) + "fact/"
_TEXT_PREFIX = str(TEXT_GRAPH) + "/"
_PROV_PREFIX = str(PROVENANCE_GRAPH) + "/"
# IRI kinds whose next path segment is a document id (see graph/iris.py)
_DOCUMENT_KINDS = ("fact", "span", "document", "part", "section", "paragraph")


def document_of(node) -> str | None:
    """The document id an IRI of ours is minted from, or None (persons, runs, extractors …)."""
    text = str(node)
    if not text.startswith(str(DATA)):
        return None
    segments = text[len(str(DATA)):].split("/")
    if len(segments) >= 2 and segments[0] in _DOCUMENT_KINDS:
        return unquote(segments[1])
    return None


def partition_of(quad: Quad) -> str:
    """The document owning ``quad`` (its graph's for facts, its subject's otherwise), or SHARED."""
    s, _p, _o, g = quad
    if g is not None and g != TEXT_GRAPH:
        return document_of(g) or SHARED
    return document_of(s) or SHARED


def partition_graphs(partition: str) -> tuple[URIRef, URIRef]:
    """The text-layer and provenance graphs of one partition on a server."""
    from urllib.parse import quote

    key = quote(partition, safe="-._~")
    return URIRef(_TEXT_PREFIX + key), URIRef(_PROV_PREFIX + key)


def to_server(quad: Quad) -> Quad:
    """The quad as a server stores it (every quad in a named graph owned by one document)."""
    s, p, o, g = quad
    if g is None:
        return s, p, o, partition_graphs(partition_of(quad))[1]
    if g == TEXT_GRAPH:
        return s, p, o, partition_graphs(partition_of(quad))[0]
    return quad


def from_server_graph(g):
    """The build's graph name for a server graph name (None = the default graph)."""
    text = str(g)
    if text.startswith(_PROV_PREFIX):
        return None
    if text.startswith(_TEXT_PREFIX):
        return TEXT_GRAPH
    return g


def split(quads) -> dict[str, list[Quad]]:
    """Quads grouped by owning document, each group in the server's graph layout."""
    groups: dict[str, list[Quad]] = {}
    for quad in quads:
        groups.setdefault(partition_of(quad), []).append(to_server(quad))
    return groups
