"""Acronyms expanded on hover: ILACS, SIF, PIP, AFI … become ``<abbr title="…">``.

Where the expansions come from, first found first:
1. ``ontology/thesaurus.ttl`` (the project's SKOS thesaurus): a concept's all-capitals ``skos:altLabel``
   (or ``skos:notation``) expands to its ``skos:prefLabel``;
2. the corpus's own glossary tables ("Term | Meaning", "Abbreviation | Definition"), read as tables;
3. a small fallback list of plan and service acronyms papers use without defining (inspection
   frameworks come from the vocabulary through the thesaurus, never from a list here).
Applied to already escaped HTML text only (never inside tags), whole words only.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

THESAURUS = Path(__file__).resolve().parent.parent / "ontology" / "thesaurus.ttl"
FALLBACK = {
    "SEND": "Special Educational Needs and Disabilities",
    "PIP": "Priority Impact Plan",
    "AFI": "Area for Improvement",
    "EHCP": "Education, Health and Care Plan",
    "EHC": "Education, Health and Care",
    "LGA": "Local Government Association",
    "MASH": "Multi-Agency Safeguarding Hub",
    "IRO": "Independent Reviewing Officer",
    "DCS": "Director of Children's Services",
    "LSCB": "Local Safeguarding Children Board",
    "CQC": "Care Quality Commission",
    "PEP": "Personal Education Plan",
    "PSV": "Project Safety Valve",
    "EOTAS": "Education Otherwise Than At School",
    "SENCo": "Special Educational Needs Co-ordinator",
    "SENCO": "Special Educational Needs Co-ordinator",
    "CYP": "Children and Young People",
    "DfE": "Department for Education",
    "ICB": "Integrated Care Board",
    "LADO": "Local Authority Designated Officer",
}
TERM_HEADING = re.compile(r"^(?:term|abbreviation|acronym)s?$", re.I)
MEANING_HEADING = re.compile(r"^(?:meaning|definition|description|stands for|in full)$", re.I)
ACRONYM = re.compile(r"^[A-Z][A-Za-z]{0,2}[A-Z]{1,6}s?$")


def _initials(label: str) -> str:
    words = [w for w in re.split(r"[\s\-/]+", label) if w and w.lower() not in ("and", "of", "for", "the", "to", "in")]
    return "".join(w[0] for w in words).lower()


def _from_thesaurus(path: Path) -> dict[str, str]:
    """acronym -> 'its spelled-out label — the concept's definition' (``ontology.thesaurus``)."""
    if not path.exists():
        return {}
    try:
        from ontology.thesaurus import load
    except ImportError:
        return {}
    try:
        thesaurus = load(path)
    except Exception:  # noqa: BLE001 - a broken thesaurus must not take the page down; the fallback serves
        return {}
    out = {}
    for concept in thesaurus.concepts():
        for label in concept.labels:
            if not ACRONYM.match(label) or label in out:
                continue
            spelled = next((l for l in concept.labels if _initials(l) == label.lower().rstrip("s")), None)
            definition = thesaurus.definition(label) or concept.pref_label
            out[label] = f"{spelled} — {definition}" if spelled and not definition.lower().startswith(spelled.lower()) \
                else definition
    return out


def _from_corpus(corpus) -> dict[str, str]:
    """Glossary tables of the papers themselves: a 'Term' column beside a 'Meaning' column."""
    from corpus.tables import tables

    out = {}
    for doc in getattr(corpus, "documents", ()):
        for view in tables(doc):
            headings = [c.text for c in view.header]
            term = next((k for k, h in enumerate(headings) if TERM_HEADING.match(h)), None)
            meaning = next((k for k, h in enumerate(headings) if MEANING_HEADING.match(h)), None)
            if term is None or meaning is None:
                continue
            for row in view.rows:
                cells = {c.column: c.text for c in row.cells}
                key, value = cells.get(term, ""), cells.get(meaning, "")
                if key and value and ACRONYM.match(key):
                    out.setdefault(key, value)
    return out


_CORPUS_TERMS: dict[int, dict[str, str]] = {}


def glossary(corpus=None) -> dict[str, str]:
    """acronym -> expansion (thesaurus first, then the corpus's glossary tables, then the fallback)."""
    merged = dict(FALLBACK)
    if corpus is not None:
        key = id(corpus)
        if key not in _CORPUS_TERMS:
            _CORPUS_TERMS.clear()
            _CORPUS_TERMS[key] = _from_corpus(corpus)
        merged.update(_CORPUS_TERMS[key])
    merged.update(_thesaurus_terms())
    return merged


@lru_cache(maxsize=1)
def _thesaurus_cached(mtime: float) -> dict[str, str]:
    return _from_thesaurus(THESAURUS)


def _thesaurus_terms() -> dict[str, str]:
    try:
        mtime = THESAURUS.stat().st_mtime
    except OSError:
        return {}
    return _thesaurus_cached(mtime)


@lru_cache(maxsize=8)
def _pattern(keys: tuple[str, ...]) -> re.Pattern:
    alternatives = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({alternatives})(?![\w-])")


def expand(escaped_html: str, terms: dict[str, str] | None = None) -> str:
    """Wrap known acronyms of ``escaped_html`` text (outside tags) in ``<abbr title=…>``."""
    terms = terms if terms is not None else glossary()
    if not terms or not escaped_html:
        return escaped_html
    pattern = _pattern(tuple(terms))
    pieces = re.split(r"(<[^>]*>)", escaped_html)
    inside_abbr = False
    for i, piece in enumerate(pieces):
        if piece.startswith("<"):
            low = piece.lower()
            inside_abbr = low.startswith("<abbr") or (inside_abbr and not low.startswith("</abbr"))
            continue
        if inside_abbr or not piece:
            continue
        pieces[i] = pattern.sub(lambda m: f'<abbr class="ckg-abbr" title="{html.escape(terms[m.group(1)], quote=True)}">'
                                          f"{m.group(1)}</abbr>", piece)
    return "".join(pieces)
