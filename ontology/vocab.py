"""Grades, inspection frameworks and judgement areas, read from the ontology's .ttl files.

Why: these names were declared in five places with three different labels. The .ttl files
(``councilkg.ttl`` for grades, ``inspections.ttl`` for frameworks and areas) are the one source;
extractors, answers and the UI read them from here, and a test checks that no other module spells
them out itself. To add a grade, framework or area, add it to the .ttl — nothing in Python changes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF, SKOS

from ontology.namespace import DATA, KG, ONTOLOGY_DIR, VOCABULARY_TTL

INSPECTIONS_TTL = ONTOLOGY_DIR / "inspections.ttl"
FRAMEWORK_SCHEME = URIRef(DATA + "concept/inspection-frameworks/scheme")
AREA_SCHEME = URIRef(DATA + "concept/judgement-areas/scheme")
AREA_ORDER = URIRef(DATA + "concept/judgement-areas/match-order")
OFSTED_SCALE = ("outstanding", "good", "requires-improvement", "inadequate")


@dataclass(frozen=True)
class Term:
    """One concept of a scheme: its key in code, IRI, names and notation."""

    key: str
    iri: URIRef
    label: str  # skos:prefLabel
    notation: str | None = None
    alt: tuple[str, ...] = ()  # skos:altLabel
    hidden: tuple[str, ...] = ()  # skos:hiddenLabel
    close_match: str | None = None  # key of the skos:closeMatch concept in the same scheme

    @property
    def names(self) -> tuple[str, ...]:
        """Every way the term is written: preferred, alternative and hidden labels."""
        return (self.label, *self.alt, *self.hidden)


@lru_cache(maxsize=1)
def _graph() -> Graph:
    graph = Graph()
    graph.parse(VOCABULARY_TTL)
    graph.parse(INSPECTIONS_TTL)
    return graph


def _term(graph: Graph, node: URIRef) -> Term:
    def texts(predicate) -> tuple[str, ...]:
        return tuple(sorted(str(o) for o in graph.objects(node, predicate)))

    match = graph.value(node, SKOS.closeMatch)
    return Term(
        key=str(graph.value(node, DCTERMS.identifier)),
        iri=node,
        label=str(graph.value(node, SKOS.prefLabel)),
        notation=str(graph.value(node, SKOS.notation)) if graph.value(node, SKOS.notation) is not None else None,
        alt=texts(SKOS.altLabel),
        hidden=texts(SKOS.hiddenLabel),
        close_match=str(graph.value(match, DCTERMS.identifier)) if match is not None else None,
    )


def _scheme(scheme: URIRef, order: list[URIRef] | None = None) -> dict[str, Term]:
    graph = _graph()
    nodes = order if order is not None else sorted(graph.subjects(SKOS.inScheme, scheme), key=str)
    terms = [_term(graph, n) for n in nodes]
    return {t.key: t for t in terms}


def _grades() -> dict[str, Term]:
    terms = _scheme(KG.Grades)
    scale = [terms[k] for k in OFSTED_SCALE]
    send = sorted((t for k, t in terms.items() if k not in OFSTED_SCALE), key=lambda t: t.notation or "")
    return {t.key: t for t in scale + send}


def _areas() -> dict[str, Term]:
    graph = _graph()
    order = list(Collection(graph, graph.value(AREA_ORDER, SKOS.memberList)))
    listed = set(order)
    missing = [n for n in graph.subjects(SKOS.inScheme, AREA_SCHEME) if n not in listed]
    if missing:
        raise ValueError(f"judgement areas missing from {AREA_ORDER}: {sorted(map(str, missing))}")
    return _scheme(AREA_SCHEME, order)


GRADES: dict[str, Term] = _grades()  # the Ofsted scale (1–4), then the Area SEND outcomes
FRAMEWORKS: dict[str, Term] = _scheme(FRAMEWORK_SCHEME)
AREAS: dict[str, Term] = _areas()  # in matching order: the first match wins
GRADE_BY_IRI: dict[URIRef, Term] = {t.iri: t for t in GRADES.values()}


def written_names(term: Term) -> list[str]:
    """A term's names as papers write them: without a qualifier naming its scale ("Positive experiences and outcomes
    (Area SEND)" → "Positive experiences and outcomes")."""
    return [n.split(" (")[0] for n in term.names]


def ofsted_grades() -> list[Term]:
    """The four-point Ofsted scale, best first."""
    return [GRADES[k] for k in OFSTED_SCALE]


def grade_rank(term: Term) -> int:
    """1 (Outstanding) … 4 (Inadequate); an Area SEND outcome's level 1 … 3."""
    return int(term.notation)


def grade_pattern(hidden: bool = True) -> str:
    """A regex alternation (one capturing group) of the four-point grades as reports write them,
    longest first ("Requires improvement to be good" before "Requires improvement")."""
    names = {n for t in ofsted_grades() for n in (t.names if hidden else (t.label, *t.alt))}
    return "(" + "|".join(re.escape(n).replace("\\ ", " ") for n in sorted(names, key=lambda n: (-len(n), n))) + ")"


def _first_words(term: Term) -> list[str]:
    return sorted({name.split()[0].lower() for name in term.names}, key=lambda w: (-len(w), w))


def grade_first_words() -> str:
    """A regex alternation (no group) of the first words of the four-point grades:
    'outstanding|good|requires|require|inadequate' — a grade as a cut cell or heading opens it."""
    return "|".join(w for t in ofsted_grades() for w in _first_words(t))


def grade_key(words: str) -> str | None:
    """'Requires improvement to be good' → 'requires-improvement'; None if ``words`` does not open
    with a grade. Only the first word counts, as a report's cell may be cut ('Requires')."""
    w = words.strip().lower()
    for term in ofsted_grades():
        if any(w.startswith(first) for first in _first_words(term)):
            return term.key
    return None


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text.lower()).replace("’", "'")


_AREA_PATTERNS = [(key, tuple(_squash(h) for h in term.hidden)) for key, term in AREAS.items()]


def area_key(text: str) -> str | None:
    """A judgement-area phrase → its key, or None. Case, spaces and a leading number are ignored, so
    "2.2 Experiences and progress of care le avers" (a split PDF cell) still reads as care leavers."""
    squashed = re.sub(r"^\d+(\.\d+)*\.?", "", _squash(text))
    for key, patterns in _AREA_PATTERNS:
        if any(p in squashed for p in patterns):
            return key
    return None


def framework_words() -> dict[str, str]:
    """Words a question names a framework by → the framework's code ("send" → "Area SEND")."""
    return {word.lower(): t.notation for t in FRAMEWORKS.values() for word in t.hidden}


__all__ = ["Term", "GRADES", "FRAMEWORKS", "AREAS", "GRADE_BY_IRI", "ofsted_grades", "grade_rank", "grade_pattern",
           "grade_key", "grade_first_words", "area_key", "framework_words", "INSPECTIONS_TTL"]
