"""Entity resolution: merge the surface forms of one person into one canonical IRI.

"Isobel Booter" / "Isobel Booler"; "Councillor Tariq" / "Cllr Tamoor Tariq" / "Tariq Tamoor" /
"Councillor Tarig" / "T Tarig". Rules, in order: same words in any order; surnames equal or one
edit apart (long enough) with compatible given names (equal, or an initial of the other); a bare
surname (or initial + surname) joins the one full-name cluster it fits, and stays alone if
several fit. Every surface form stays as skos:altLabel in its own fact; the canonical
``schema:name`` is asserted in the fact of a mention that spells it exactly.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from graph.extractors.civic.common import strip_title
from graph.facts import Fact
from graph.iris import iri, slug
from ontology.namespace import KG, SCHEMA

VERSION = "1.0"


def _tokens(surface: str) -> tuple[list[str], str]:
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", strip_title(surface))
    words = [w.strip(".") for w in words]
    return words[:-1], words[-1] if words else ""


def _edit1(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 5:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _given_compatible(g1: list[str], g2: list[str]) -> bool:
    if not g1 or not g2:
        return True
    a, b = g1[0].lower(), g2[0].lower()
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


class _Person:
    def __init__(self, node: URIRef, labels: set[str]):
        self.node = node
        self.labels = labels
        forms = [_tokens(label) for label in labels]
        full = [f for f in forms if f[0] and len(f[0][0]) > 1]
        self.given, self.surname = max(full or forms, key=lambda f: (len(f[0]), len(f[1])))
        self.words = {w.lower() for w in [*self.given, self.surname]}
        self.councillor = any(re.match(r"(?i)(councillor|cllr)\b", label) for label in labels)

    @property
    def full(self) -> bool:
        return bool(self.given) and len(self.given[0]) > 1


def resolve_people(facts: list[Fact], context) -> list[Fact]:
    """Rewrite person IRIs to one canonical IRI per person (a POST_EXTRACT pass)."""
    labels: dict[URIRef, set[str]] = {}
    counts: Counter = Counter()
    for fact in facts:
        for s, p, o in fact.triples:
            if p == SKOS.altLabel and (s, RDF.type, KG.Person) in fact.triples:
                labels.setdefault(s, set()).add(str(o))
                counts[(s, str(o))] += 1
    people = [_Person(node, ls) for node, ls in labels.items()]
    parent = {p.node: p.node for p in people}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a, b):
        parent[find(a)] = find(b)

    full = [p for p in people if p.full]
    # Full names: same words in any order, or near-identical surnames with the same given name.
    for i, a in enumerate(full):
        for b in full[i + 1:]:
            if a.words == b.words or (_edit1(a.surname.lower(), b.surname.lower()) and _given_compatible(a.given, b.given)):
                union(a.node, b.node)
    # Partial names (surname, initial + surname): join the single cluster they fit.
    for person in people:
        if person.full:
            continue
        fits = {find(c.node) for c in full
                if (c.councillor or not person.councillor) and _given_compatible(person.given, c.given)
                and (_edit1(person.surname.lower(), c.surname.lower()) or person.surname.lower() in c.words)}
        if len(fits) == 1:
            union(person.node, fits.pop())
    # Partial names that match no full name but each other ("Councillor Boles" / "C Boles").
    partial = [p for p in people if not p.full and find(p.node) == p.node]
    for i, a in enumerate(partial):
        for b in partial[i + 1:]:
            if a.surname.lower() == b.surname.lower() and _given_compatible(a.given, b.given):
                union(a.node, b.node)

    clusters: dict[URIRef, list[_Person]] = {}
    for person in people:
        clusters.setdefault(find(person.node), []).append(person)
    mapping: dict[URIRef, URIRef] = {}
    canonical_name: dict[URIRef, str] = {}
    for members in clusters.values():
        name = _canonical_name(members, counts)
        node = iri.person(slug(name))
        canonical_name[node] = name
        for m in members:
            mapping[m.node] = node

    named: set[URIRef] = set()
    out = []
    for fact in facts:
        triples = [tuple(mapping.get(t, t) for t in triple) for triple in fact.triples]
        for s, p, o in list(triples):
            if p == SKOS.altLabel and s in canonical_name and s not in named and strip_title(str(o)) == canonical_name[s]:
                triples.append((s, SCHEMA.name, Literal(canonical_name[s])))
                named.add(s)
        out.append(replace(fact, triples=tuple(dict.fromkeys(triples))))
    return out


def _canonical_name(members: list[_Person], counts: Counter) -> str:
    """The most often written full form ("Given Surname"), else the most frequent surface form."""
    forms: Counter = Counter()
    for m in members:
        for label in m.labels:
            given, surname = _tokens(label)
            weight = counts[(m.node, label)]
            if given and len(given[0]) > 1:
                forms[" ".join([*given, surname])] += weight
    if forms:
        return forms.most_common(1)[0][0]
    best = max((strip_title(label) for m in members for label in m.labels), key=lambda s: (len(s), s))
    return best


resolve_people.version = VERSION
