"""Stable IRIs minted from corpus ids and normalised names, so links survive rebuilds.

Usage: ``from graph.iris import iri, slug``; ``iri.person(slug("Isobel Booler"))``. Every
function is pure: the same input always gives the same IRI.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from types import SimpleNamespace
from urllib.parse import quote, unquote

from rdflib import URIRef

from ontology.namespace import DATA


def slug(text: str, max_length: int = 80) -> str:
    """Lower-case ASCII words joined by '-': "Children's Services (Bury)" -> "childrens-services-bury"."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    text = text.replace("&", " and ").replace("'", "").replace("’", "")
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:max_length].strip("-") or "x"


_COUNCIL_WORDS = re.compile(r"\b(metropolitan|borough|county|city|district|council|local area partnership|local area|"
                            r"the|of)\b", re.I)


def council_slug(name: str) -> str:
    """A council's place name as a slug: 'Bury Borough Council' / 'Bury Local Area Partnership' / 'Bury' → 'bury'."""
    return slug(_COUNCIL_WORDS.sub(" ", name))


def short_hash(*parts: object, length: int = 10) -> str:
    """A short content hash of the parts (stable across runs and machines)."""
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:length]


def _mint(*segments: object) -> URIRef:
    return URIRef(DATA + "/".join(quote(str(s), safe="-._~") for s in segments))


def document(doc_id: str) -> URIRef:
    return _mint("document", doc_id)


def part(part_id: str) -> URIRef:
    return _mint("part", *part_id.split(":", 1))


def section(section_id: str) -> URIRef:
    return _mint("section", *section_id.split(":", 1))


def paragraph(paragraph_id: str) -> URIRef:
    """``doc:p0123-ab12cd`` -> ``…/paragraph/doc/p0123-ab12cd``."""
    return _mint("paragraph", *paragraph_id.split(":", 1))


def span(doc_id: str, start: int, end: int) -> URIRef:
    return _mint("span", doc_id, f"{start}-{end}")


def selector(doc_id: str, start: int, end: int, kind: str) -> URIRef:
    """The position or quote selector of a span (``kind`` is 'position' or 'quote')."""
    return _mint("span", doc_id, f"{start}-{end}", kind)


def fact_graph(doc_id: str, start: int, end: int, extractor: str) -> URIRef:
    """One named graph per (source span × extractor)."""
    return _mint("fact", doc_id, f"{start}-{end}", slug(extractor))


def fact_graph_span(g) -> tuple[str, int, int] | None:
    """(document id, start, end) of the span a fact graph's IRI names (``fact_graph``'s inverse), or None for
    any other IRI.

    Every fact graph is minted by ``fact_graph`` from its fact's span, so where a fact was read is known
    without reading its provenance: citing a graph fact, or scoping answers to a document, then costs no
    store look-up (the provenance graph says the same, with the quote and the extractor run)."""
    text = str(g)
    prefix = DATA + "fact/"
    if not text.startswith(prefix):
        return None
    parts = text[len(prefix):].split("/")
    if len(parts) != 3:
        return None
    start, _, end = parts[1].partition("-")
    if not (start.isdigit() and end.isdigit()):
        return None
    return unquote(parts[0]), int(start), int(end)


def fact_graph_document(g) -> str | None:
    """The document id a fact graph's IRI names, or None for any other IRI (see ``fact_graph_span``)."""
    span = fact_graph_span(g)
    return span[0] if span else None


def run(extractor: str, version: str) -> URIRef:
    """The extraction activity of one extractor at one version."""
    return _mint("run", slug(extractor), slug(version))


def extractor(name: str) -> URIRef:
    return _mint("extractor", slug(name))


def person(name_slug: str) -> URIRef:
    return _mint("person", slug(name_slug))


def body(name_slug: str) -> URIRef:
    return _mint("body", slug(name_slug))


# Words that join a post's title and tell no post from another: "Executive Director for Children's Services" and
# "… of Children's Services", "Director of Education & Skills" and "… for Education and Skills" are one post each
_JOINING = frozenset({"of", "for", "the", "and"})


def post_key(title: str) -> str:
    """What tells one post from another: its title's words, lower case, without joining words or punctuation. Why:
    keyed by its title as written, one post was up to five nodes in Bury's papers (19 of 52 titles were another's
    variant: "Cabinet Member for Children, Young People and Skills", "Cabinet Member, Children, Young People and
    Skills", …), and an answer listed one holder once a variant."""
    return slug(" ".join(w for w in re.findall(r"[a-z0-9]+", title.lower().replace("&", " and ")) if w not in _JOINING))


def post(title_slug: str, body_slug: str | None = None) -> URIRef:
    return _mint("post", slug(title_slug)) if not body_slug else _mint("post", slug(body_slug), slug(title_slug))


def holding(person_slug: str, post_or_body_slug: str, role: str = "holds") -> URIRef:
    """A dated post holding or membership (org:Membership) of a person."""
    return _mint("holding", slug(person_slug), slug(role), slug(post_or_body_slug))


def meeting(body_slug: str, date: str) -> URIRef:
    """A meeting of a body on an ISO date ("2022-03-23")."""
    return _mint("meeting", slug(body_slug), date)


def agenda_item(meeting_iri: URIRef, number: str) -> URIRef:
    return URIRef(f"{meeting_iri}/item/{quote(slug(number), safe='-')}")


def attendance(meeting_iri: URIRef, person_iri: URIRef, role: str) -> URIRef:
    return URIRef(f"{meeting_iri}/attendance/{slug(role)}/{str(person_iri).rsplit('/', 1)[-1]}")


def statement(kind: str, doc_id: str, start: int, end: int) -> URIRef:
    """A decision, commitment, declaration, question, finding, … anchored at its span."""
    return _mint(slug(kind), doc_id, f"{start}-{end}")


def inspection(name_slug: str) -> URIRef:
    return _mint("inspection", slug(name_slug))


def plan(name_slug: str) -> URIRef:
    return _mint("plan", slug(name_slug))


def concept(scheme_slug: str, notation: str) -> URIRef:
    """A theme or priority of a plan's concept scheme, by its notation ("1.10")."""
    return _mint("concept", slug(scheme_slug), notation)


def mint(kind: str, *parts: object) -> URIRef:
    """Any other entity kind: ``mint("indicator", "cp-plans-repeat")``."""
    return _mint(slug(kind), *parts)


def local_name(node) -> str:
    """The last path segment of an IRI (for display and slugs)."""
    return str(node).rstrip("/").rsplit("/", 1)[-1]


iri = SimpleNamespace(
    document=document, part=part, section=section, paragraph=paragraph, span=span, selector=selector,
    fact_graph=fact_graph, fact_graph_span=fact_graph_span, fact_graph_document=fact_graph_document, run=run,
    extractor=extractor, person=person, body=body, post=post,
    holding=holding, meeting=meeting, agenda_item=agenda_item, attendance=attendance,
    statement=statement, inspection=inspection, plan=plan, concept=concept, mint=mint,
)

__all__ = ["iri", "slug", "short_hash", "local_name"] + [k for k in vars(iri)]
