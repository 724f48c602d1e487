"""Whose papers a question is about: a council (or other publisher) it names scopes the search.

With several councils' papers in one corpus, "Who chaired Marrow Vale's Cabinet?" must be answered
from Marrow Vale's papers, never from another council's Cabinet. A name is recognised from the
manifest, not from a list: a word of the question (in whatever case it is typed) that the papers never
write in lower case, that appears in some documents' publisher, title or bodies, and whose uses in the text are
mostly inside those same documents ("Ofsted" is in one report's publisher field but quoted across
every council's papers, so it is a source, not a scope). A name every document carries scopes nothing.
"""
from __future__ import annotations

import re
from collections import Counter

_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z-]+(?=(?:['’]s)?\b)")
# An initialism as a question writes one: "BCP", "B&NES", "RBKC" (read without its "&"); ``_named`` takes only those
# with "&" from it, the others being capitalised words already
_INITIALS = re.compile(r"\b[A-Z](?:&?[A-Z]){2,}(?=(?:['’]s)?\b)")
_WORD = re.compile(r"[A-Za-z]+")
OWN_SHARE = 0.8  # share of a name's uses in the text that must fall inside the documents whose metadata carry it


class DocumentNames:
    """For each name word (lower case): the documents it scopes a question to."""

    def __init__(self, documents=(), lower_words: frozenset = frozenset(), scopes: dict | None = None):
        """Read the names from ``documents`` (or take ``scopes`` read before: ``qa.tables`` keeps them)."""
        if scopes is not None:
            self.scopes = dict(scopes)
            return
        documents = list(documents)
        carriers: dict[str, set[str]] = {}
        for d in documents:
            meta = " ".join([d.publisher or "", d.title or "", *(d.bodies or ())])
            words = {w.lower() for w in _WORD.findall(meta) if w[:1].isupper()}
            # a publisher or body written by its initials ("Bath and North East Somerset" → "bnes"), kept only as
            # a name is: when the papers use it mostly inside its own documents, or not at all
            words |= {i for name in (d.publisher or "", *(d.bodies or ())) if len(i := initials(name)) > 2}
            for word in words:
                if len(word) > 2 and word not in lower_words:
                    carriers.setdefault(word, set()).add(d.id)
        uses: dict[str, Counter] = {w: Counter() for w in carriers}
        for d in documents:
            for word in _named(d.text):
                if word in uses:
                    uses[word][d.id] += 1
        self.scopes: dict[str, frozenset[str]] = {}
        for word, docs in carriers.items():
            if len(docs) == len(documents):
                continue
            total = sum(uses[word].values())
            inside = sum(n for doc_id, n in uses[word].items() if doc_id in docs)
            if total == 0 or inside / total >= OWN_SHARE:
                self.scopes[word] = frozenset(docs)

    def words_named(self, question: str) -> frozenset[str]:
        """The name words (lower case) of the question that scope it."""
        return frozenset(w for w in _asked(question) if w in self.scopes)

    def documents_named(self, question: str) -> tuple[str, ...]:
        """The documents whose publisher, title or bodies the question names (empty: it names none)."""
        named = {self.scopes[w] for w in _asked(question) if w in self.scopes}
        # A name holding another named name's documents is the broader source: "Ofsted" scopes every report
        # once many are ingested, and "what did Ofsted say … in Barnsley" means Barnsley's. Names apart
        # ("Bury and Rochdale") each keep theirs.
        narrowest = [docs for docs in named if not any(other < docs for other in named)]
        return tuple(sorted(set().union(*narrowest))) if narrowest else ()


def initials(name: str) -> str:
    """The initials of a name's capitalised words, lower case ("Bournemouth, Christchurch and Poole" → "bcp")."""
    return "".join(w[0] for w in _WORD.findall(name) if w[0].isupper()).lower()


def _asked(question: str) -> list[str]:
    """The words of a question that may name a council, whatever their case ("derby ilacs 2022", "Stockton-on-Tees"):
    a name word is one the papers never write in lower case, so a question written in lower case names it as well.
    Initialisms as ``_named`` reads them ("B&NES" → "bnes")."""
    return [w.lower() for w in _WORD.findall(question)] + _ampersand_initials(question)


def _named(text: str) -> list[str]:
    """The capitalised words and initialisms of a text, lower case, "&" dropped ("B&NES" → "bnes"), each use once:
    an initialism without "&" ("BCP") is already a capitalised word, and counted twice it weighed double in the
    share of a name's uses inside its own documents."""
    return [m.group(0).lower() for m in _CAPITALISED.finditer(text)] + _ampersand_initials(text)


def _ampersand_initials(text: str) -> list[str]:
    """The initialisms written with "&" ("B&NES" → "bnes"): those without one are capitalised words already."""
    return [m.group(0).replace("&", "").lower() for m in _INITIALS.finditer(text) if "&" in m.group(0)]
