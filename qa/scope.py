"""Whose papers a question is about: a council (or other publisher) it names scopes the search.

With several councils' papers in one corpus, "Who chaired Marrow Vale's Cabinet?" must be answered
from Marrow Vale's papers, never from another council's Cabinet. A name is recognised from the
manifest, not from a list: a word of the question (in whatever case it is typed) that the papers never
write in lower case, that appears in some documents' publisher, title or bodies, and whose uses in the text are
mostly inside those same documents ("Ofsted" is in one report's publisher field but quoted across
every council's papers, so it is a source, not a scope). A name every document carries scopes nothing.
A use is a word standing for that name: not a word of a longer name ("Greater Manchester"), nor a setting
many other papers repeat (the inspectorate's Manchester address closing every report). Words written
together in the question are one name ("East Sussex"), meaning the documents they share.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter

_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z-]+(?=(?:['’]s)?\b)")
# An initialism as a question writes one: "BCP", "B&NES", "RBKC" (read without its "&"); ``_named`` takes only those
# with "&" from it, the others being capitalised words already
_INITIALS = re.compile(r"\b[A-Z](?:&?[A-Z]){2,}(?=(?:['’]s)?\b)")
_WORD = re.compile(r"[A-Za-z]+")
OWN_SHARE = 0.8  # share of a name's uses in the text that must fall inside the documents whose metadata carry it
# Words either side of a use that make its setting, and how many documents not carrying the name may repeat that
# setting before it is the papers' furniture rather than a use: Ofsted's address ("Piccadilly Gate, Store Street,
# Manchester M1 2WD") closes every report, and counted as a use of "Manchester" it put four in five of the name's uses
# outside Manchester's report once a dozen reports were ingested
SETTING_WORDS = 4
FURNITURE_DOCUMENTS = 3
_TOKEN = re.compile(r"[A-Za-z0-9]+")


class DocumentNames:
    """For each name word (lower case): the documents it scopes a question to."""

    def __init__(self, documents=(), lower_words: frozenset = frozenset(), scopes: dict | None = None,
                 longer: dict | None = None):
        """Read the names from ``documents`` (or take ``scopes`` and ``longer`` read before: ``qa.tables`` keeps
        them)."""
        if scopes is not None:
            self.scopes, self.longer = dict(scopes), dict(longer or {})
            return
        documents = list(documents)
        carriers: dict[str, set[str]] = {}
        meta_words: dict[str, set[str]] = {}  # each name word: every capitalised word of its carriers' metadata
        for d in documents:
            meta = " ".join([d.publisher or "", d.title or "", *(d.bodies or ())])
            words = {w.lower() for w in _WORD.findall(meta) if w[:1].isupper()}
            # a publisher or body written by its initials ("Bath and North East Somerset" → "bnes"), kept only as
            # a name is: when the papers use it mostly inside its own documents, or not at all
            words |= {i for name in (d.publisher or "", *(d.bodies or ())) if len(i := initials(name)) > 2}
            for word in words:
                meta_words.setdefault(word, set()).update(words)
                if len(word) > 2 and word not in lower_words:
                    carriers.setdefault(word, set()).add(d.id)
        uses, prefixed = _uses(documents, carriers, meta_words)
        self.scopes: dict[str, frozenset[str]] = {}
        for word, docs in carriers.items():
            if len(docs) == len(documents):
                continue
            total = sum(uses[word].values())
            inside = sum(n for doc_id, n in uses[word].items() if doc_id in docs)
            if total == 0 or inside / total >= OWN_SHARE:
                self.scopes[word] = frozenset(docs)
        # each name word's longer names of other bodies: the word before it that the papers write with it mostly
        # outside its own documents ("Greater" of "Greater Manchester" in Bury's papers, not "County" of "County
        # Durham" in Durham's report), which makes the question's two words that longer name
        self.longer: dict[str, frozenset[str]] = {}
        for word, by_prefix in prefixed.items():
            foreign = {p for p, docs in by_prefix.items() if _outside_share(docs, carriers[word]) >= OWN_SHARE}
            if word in self.scopes and foreign:
                self.longer[word] = frozenset(foreign)

    def words_named(self, question: str) -> frozenset[str]:
        """The name words (lower case) of the question that scope it."""
        return frozenset(w for name in self._names_asked(question) for w in name)

    def documents_named(self, question: str) -> tuple[str, ...]:
        """The documents whose publisher, title or bodies the question names (empty: it names none)."""
        named = set()
        for name in self._names_asked(question):
            # the words of one name ("East Sussex", "North East Lincolnshire") mean the documents they share: "Sussex"
            # alone carries West Sussex's papers too; words that share none are names side by side
            documents = [self.scopes[w] for w in name]
            shared = frozenset.intersection(*documents)
            named |= {shared} if shared else set(documents)
        # A name holding another named name's documents is the broader source: "Ofsted" scopes every report
        # once many are ingested, and "what did Ofsted say … in Barnsley" means Barnsley's. Names apart
        # ("Bury and Rochdale") each keep theirs.
        narrowest = [docs for docs in named if not any(other < docs for other in named)]
        return tuple(sorted(set().union(*narrowest))) if narrowest else ()

    def _names_asked(self, question: str) -> list[list[str]]:
        """The name words of the question, lower case, grouped by name: words written next to each other (only a space
        or a hyphen between them) are one name. A word is read whatever its case ("derby ilacs 2022",
        "Stockton-on-Tees"): a name word is one the papers never write in lower case, so a question written in lower
        case names it as well. Initialisms as ``_named`` reads them ("B&NES" → "bnes") are names of their own."""
        names, last_end, previous = [], None, None
        for m in _WORD.finditer(question):
            word, after = m.group(0).lower(), previous
            previous = m
            if word not in self.scopes or self._ends_another_bodys_name(question, after, m, word):
                continue
            if last_end is not None and not question[last_end:m.start()].strip(" -"):
                names[-1].append(word)
            else:
                names.append([word])
            last_end = m.end()
        return names + [[w] for w in _ampersand_initials(question) if w in self.scopes]

    def _ends_another_bodys_name(self, question: str, before, m, word: str) -> bool:
        """Whether the question's word ``m`` ends a longer name with the word ``before`` it (only a space or a hyphen
        between them) that the papers write mostly outside ``word``'s documents ("Greater Manchester")."""
        return (before is not None and not question[before.end():m.start()].strip(" -")
                and before.group(0).lower() in self.longer.get(word, ()))


def _outside_share(by_document: Counter, own: set[str]) -> float:
    """The share of a longer name's uses written in documents not in ``own``."""
    return sum(n for doc_id, n in by_document.items() if doc_id not in own) / sum(by_document.values())


def _uses(documents, carriers: dict[str, set[str]], meta_words: dict[str, set[str]]) -> tuple[dict, dict]:
    """Per name word, how often each document uses it as that name: not as a word of a longer name its carriers do
    not hold ("Greater Manchester" is not Manchester's council), nor in a setting that ``FURNITURE_DOCUMENTS`` or more
    documents not carrying it repeat word for word (a publisher's address, a footer). With them, per name word and
    the word beginning such a longer name, how often each document writes it."""
    found = []  # (word, document, setting)
    prefixed: dict[str, dict[str, Counter]] = {}
    for d in documents:
        spans = [(m.start(), m.end()) for m in _TOKEN.finditer(d.text)]
        starts = [a for a, _ in spans]
        for at, word in _named(d.text):
            if word not in carriers:
                continue
            i = bisect.bisect_right(starts, at) - 1
            if _in_a_longer_name(d.text, spans, i, meta_words[word]):
                prefix = d.text[slice(*spans[i - 1])].lower()
                prefixed.setdefault(word, {}).setdefault(prefix, Counter())[d.id] += 1
                continue
            setting = " ".join(d.text[a:b].lower() for a, b in spans[max(0, i - SETTING_WORDS):i + SETTING_WORDS + 1])
            found.append((word, d.id, setting))
    repeated: dict[tuple[str, str], set[str]] = {}
    for word, doc_id, setting in found:
        repeated.setdefault((word, setting), set()).add(doc_id)
    uses: dict[str, Counter] = {w: Counter() for w in carriers}
    for word, doc_id, setting in found:
        if len(repeated[(word, setting)] - carriers[word]) < FURNITURE_DOCUMENTS:
            uses[word][doc_id] += 1
    return uses, prefixed


def _in_a_longer_name(text: str, spans: list[tuple[int, int]], i: int, own: set[str]) -> bool:
    """Whether token ``i`` continues a capitalised name that the token before it begins (only spaces or a hyphen
    between them) with a word not of the name's own ("Greater Manchester"; "North Yorkshire" is North Yorkshire's).
    A token opening a sentence or a line ("The LSCB met") is capitalised as a word, not as a name."""
    if i == 0:
        return False
    (a, b), word = spans[i - 1], text[slice(*spans[i - 1])]
    gap = text[spans[i - 2][1] if i > 1 else 0:a]
    opens = a == 0 or "\n" in gap or gap.strip()[-1:] in tuple(".!?:;|")
    return word[:1].isupper() and word.lower() not in own and not text[b:spans[i][0]].strip(" -") and not opens


def initials(name: str) -> str:
    """The initials of a name's capitalised words, lower case ("Bournemouth, Christchurch and Poole" → "bcp")."""
    return "".join(w[0] for w in _WORD.findall(name) if w[0].isupper()).lower()


def _named(text: str) -> list[tuple[int, str]]:
    """(where, the word in lower case) of each capitalised word and initialism of a text, "&" dropped ("B&NES" →
    "bnes"), each use once: an initialism without "&" ("BCP") is already a capitalised word, and counted twice it
    weighed double in the share of a name's uses inside its own documents."""
    return [(m.start(), m.group(0).lower()) for m in _CAPITALISED.finditer(text)] + \
        [(m.start(), m.group(0).replace("&", "").lower()) for m in _INITIALS.finditer(text) if "&" in m.group(0)]


def _ampersand_initials(text: str) -> list[str]:
    """The initialisms written with "&" ("B&NES" → "bnes"): those without one are capitalised words already."""
    return [m.group(0).replace("&", "").lower() for m in _INITIALS.finditer(text) if "&" in m.group(0)]
