"""The thesaurus (``ontology/thesaurus.ttl``) as a small API: labels, expansion, spotting, definitions.

The field's vocabulary (CLA / LAC / looked after children / children in care, EHCP / EHC plan, …)
is data in a SKOS concept scheme, so that query expansion, label matching, topic tags and the UI's
acronym hover all read one list instead of words hidden in regexes. This module loads it once and
answers:

- ``concepts()`` – every concept (a frozen ``Concept``: IRI, labels, broader, definition, notation);
- ``concept(iri_or_label)`` – one concept, or None;
- ``expand(term)`` – every label of the concepts a term names ({"CLA", "children in care", …});
- ``concepts_in(text)`` – ``[(concept_iri, start, end), …]`` for every mention, longest match first;
- ``definition(acronym)`` – "children in care: Children the council looks after, …" for a hover;
- ``broader(concept)`` – the IRIs of a concept's broader concepts.

Matching rules (one place, for every caller): a label matches whole words only; case, hyphens,
apostrophes and the punctuation between words are ignored ("looked-after children", "Looked After
Children" and "looked after\\nchildren" all match), "&" reads as "and"; but a short acronym token
(at most six characters, two or more capitals: "PA", "CP", "LAC", "DfE", "EHCPs") matches only as
written, so "CP" fires on neither "CPU" nor "cp" and "PA" not on "pa". A one-token acronym also
matches with a plural "s" ("EHCP" → "EHCPs"). Spotting walks a token trie from each word, so it is
linear in the text (no backtracking regex) and takes well under a second for a megabyte.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from ontology.namespace import ONTOLOGY_DIR

THESAURUS_TTL = ONTOLOGY_DIR / "thesaurus.ttl"

# A word is a run of letters/digits ("children's" is "children", "s"); "&" is a word standing for "and".
_TOKEN = re.compile(r"[^\W_]+|&")
# What may stand between two words of one label: spaces, line breaks, hyphens, slashes, commas, apostrophes.
_GAP = re.compile(r"[\s\-‐‑–—/,'’]*")


@dataclass(frozen=True)
class Concept:
    """One SKOS concept of the thesaurus."""

    iri: str
    pref_label: str
    alt_labels: tuple[str, ...]
    broader: tuple[str, ...]
    related: tuple[str, ...]
    definition: str | None
    notation: str | None
    exact_match: tuple[str, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        """The preferred label first, then every alternative label."""
        return (self.pref_label, *self.alt_labels)


def _is_acronym(token: str) -> bool:
    """Short tokens with two or more capitals ("PA", "CiCC", "EHCPs") must match case-sensitively."""
    return len(token) <= 6 and sum(ch.isupper() for ch in token) >= 2


def _label_keys(label: str) -> list[tuple[tuple[bool, str], ...]]:
    """The token sequences a label matches, each token (exact?, key); plus a one-token acronym's plural.

    An acronym token is kept as written (exact), any other lower-cased: "CP plan" → ((True, "CP"),
    (False, "plan")); "EHCP" also matches "EHCPs".
    """
    tokens = _TOKEN.findall(label)
    if not tokens:
        return []
    keys = [tuple((True, t) if _is_acronym(t) else (False, "and" if t == "&" else t.lower()) for t in tokens)]
    if len(tokens) == 1 and _is_acronym(tokens[0]) and not tokens[0].endswith("s"):
        keys.append(((True, tokens[0] + "s"),))
    return keys


def _node() -> list:
    """A trie node: [children by lower-cased word, children by exact (acronym) word, concept IRIs ending here]."""
    return [{}, {}, ()]


class Thesaurus:
    """Concepts indexed by IRI and by label, with a token trie for spotting them in text."""

    def __init__(self, concepts: list[Concept]):
        self._concepts = sorted(concepts, key=lambda c: c.iri)
        self._by_iri = {c.iri: c for c in self._concepts}
        self._trie = _node()
        for c in self._concepts:
            for label in c.labels:
                for keys in _label_keys(label):
                    node = self._trie
                    for exact, token in keys:
                        children = node[1] if exact else node[0]
                        node = children.setdefault(token, _node())
                        if token == "and":
                            children["&"] = node
                    node[2] = tuple(sorted(set(node[2]) | {c.iri}))
        # Lower-cased forms of every exact (acronym) word: only words in here need an exact look-up.
        self._acronyms = {k.lower() for node in _walk(self._trie) for k in node[1]}
        # the words that can open a label, lower-cased: most words of a text open none, and are skipped unread
        self._first_words = frozenset(self._trie[0]) | {k.lower() for k in self._trie[1]}

    # -- lookup ---------------------------------------------------------------------------------
    def concepts(self) -> list[Concept]:
        """Every concept, sorted by IRI."""
        return list(self._concepts)

    def concept(self, iri_or_label: str) -> Concept | None:
        """A concept by IRI, or the first concept a label names (None if neither)."""
        if iri_or_label in self._by_iri:
            return self._by_iri[iri_or_label]
        named = self.named_by(iri_or_label)
        return self._by_iri[named[0]] if named else None

    def named_by(self, term: str) -> list[str]:
        """IRIs of the concepts whose label is exactly ``term`` (by the matching rules above).

        A lower-case acronym typed by a user ("cla", "ehcp") is tried in capitals when nothing
        matches as typed.
        """
        found = self._whole(term)
        if not found and len(term.strip()) <= 6:
            found = self._whole(term.strip().upper())
        return list(found)

    def _whole(self, term: str) -> tuple[str, ...]:
        nodes = [self._trie]
        for token in _TOKEN.findall(term):
            nodes = _step(nodes, token.lower(), token)
        return tuple(sorted({iri for node in nodes for iri in node[2]}))

    def expand(self, term: str) -> set[str]:
        """Every label (preferred and alternative) of the concepts ``term`` names; empty if none."""
        return {label for iri in self.named_by(term) for label in self._by_iri[iri].labels}

    def definition(self, acronym: str) -> str | None:
        """'personal adviser: The worker who …' for a hover; two meanings are joined with '; or '."""
        parts = []
        for iri in self.named_by(acronym):
            c = self._by_iri[iri]
            if c.definition:
                parts.append(f"{c.pref_label}: {c.definition.rstrip('.')}")
        return ("; or ".join(parts) + ".") if parts else None

    def broader(self, concept: str, transitive: bool = False) -> list[str]:
        """IRIs of the broader concepts of a concept (IRI or label); all ancestors if ``transitive``."""
        c = self.concept(concept)
        if c is None:
            return []
        out: list[str] = []
        todo = list(c.broader)
        while todo:
            iri = todo.pop(0)
            if iri in out:
                continue
            out.append(iri)
            if transitive and iri in self._by_iri:
                todo.extend(self._by_iri[iri].broader)
        return out

    # -- spotting -------------------------------------------------------------------------------
    def concepts_in(self, text: str) -> list[tuple[str, int, int]]:
        """Mentions of concepts in ``text``: ``(concept_iri, start, end)`` with ``text[start:end]`` the words.

        Leftmost-longest: at each word the longest label wins and the scan resumes after it, so
        "experiences and progress of care leavers" is the judgement area, not "care leavers". A
        label that names two concepts yields one tuple per concept for the same span.
        """
        # Lower-case the text once; a few capitals lower-case to two characters, then word by word.
        lowered = text.lower()
        same_length = len(lowered) == len(text)
        words = list(_TOKEN.finditer(lowered if same_length else text))
        acronyms = self._acronyms

        def keys(m) -> tuple[str, str | None]:
            low = m.group() if same_length else m.group().lower()
            return low, (text[m.start():m.end()] if low in acronyms else None)

        out: list[tuple[str, int, int]] = []
        i, n = 0, len(words)
        first_words, root = self._first_words, [self._trie]
        while i < n:
            word = words[i].group()
            if (word if same_length else word.lower()) not in first_words:  # no label starts with it
                i += 1
                continue
            nodes = _step(root, *keys(words[i]))
            if not nodes:  # most words start no label
                i += 1
                continue
            best, j = None, i
            while True:
                ends = [node[2] for node in nodes if node[2]]
                if ends:
                    best = (j, tuple(sorted(set().union(*ends))) if len(ends) > 1 else ends[0])
                j += 1
                if j >= n:
                    break
                gap_start, gap_end = words[j - 1].end(), words[j].start()
                if not (gap_end - gap_start == 1 and text[gap_start] == " ") and not _GAP.fullmatch(text, gap_start, gap_end):
                    break
                nodes = _step(nodes, *keys(words[j]))
                if not nodes:
                    break
            if best is None:
                i += 1
                continue
            last, iris = best
            out.extend((iri, words[i].start(), words[last].end()) for iri in iris)
            i = last + 1
        return out


def _step(nodes: list, low: str, exact: str | None) -> list:
    """The trie nodes reached from ``nodes`` by one word (lower-cased, and as written if an acronym)."""
    out = []
    for node in nodes:
        child = node[0].get(low)
        if child is not None:
            out.append(child)
        if exact is not None:
            child = node[1].get(exact)
            if child is not None:
                out.append(child)
    return out


def _walk(node: list):
    """Every node of a trie, depth first."""
    yield node
    for children in (node[0], node[1]):
        for child in children.values():
            yield from _walk(child)


def _read(path: Path) -> list[Concept]:
    graph = Graph().parse(path, format="turtle")

    def strs(s, p) -> tuple[str, ...]:
        return tuple(sorted(str(o) for o in graph.objects(s, p)))

    concepts = []
    for s in graph.subjects(RDF.type, SKOS.Concept):
        if not isinstance(s, URIRef):
            continue
        definition, notation = graph.value(s, SKOS.definition), graph.value(s, SKOS.notation)
        concepts.append(Concept(
            iri=str(s), pref_label=str(graph.value(s, SKOS.prefLabel)), alt_labels=strs(s, SKOS.altLabel),
            broader=strs(s, SKOS.broader), related=strs(s, SKOS.related),
            definition=str(definition) if definition is not None else None,
            notation=str(notation) if notation is not None else None, exact_match=strs(s, SKOS.exactMatch),
        ))
    return concepts


@cache
def load(path: str | Path = THESAURUS_TTL) -> Thesaurus:
    """The thesaurus at ``path`` (default ``ontology/thesaurus.ttl``), parsed once per process."""
    return Thesaurus(_read(Path(path)))


def concepts() -> list[Concept]:
    """Every concept of the default thesaurus."""
    return load().concepts()


def concept(iri_or_label: str) -> Concept | None:
    """One concept of the default thesaurus by IRI or label."""
    return load().concept(iri_or_label)


def expand(term: str) -> set[str]:
    """All labels of the concepts ``term`` names ("CLA" → {"children in care", "LAC", …})."""
    return load().expand(term)


def concepts_in(text: str) -> list[tuple[str, int, int]]:
    """``[(concept_iri, start, end), …]`` for the concepts mentioned in ``text``."""
    return load().concepts_in(text)


def definition(acronym: str) -> str | None:
    """The expansion and one-line definition of an acronym or term, for a hover; None if unknown."""
    return load().definition(acronym)


def broader(concept_iri_or_label: str, transitive: bool = False) -> list[str]:
    """IRIs of the broader concepts (all ancestors if ``transitive``)."""
    return load().broader(concept_iri_or_label, transitive)


__all__ = ["Concept", "Thesaurus", "THESAURUS_TTL", "load", "concepts", "concept", "expand", "concepts_in",
           "definition", "broader"]
