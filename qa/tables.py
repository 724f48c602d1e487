"""Corpus tables: what answers read from the whole corpus (word statistics, the days, names and abbreviations
the papers use) and the parsed thesaurus, computed once per corpus and kept in the build.

Why: with 251 Ofsted reports ingested, tokenising every paragraph and scanning every text for days and
lower-case words took ten of the fifteen seconds an ``ask`` spent before reading the question. The tables
depend only on the corpus's content and on the code that reads it, so the build writes them
(``build/qa/corpus-tables.pkl``) keyed by both: a changed corpus or a changed reader recomputes them, and
a missing or unreadable file is recomputed too (it is a cache, never a source of truth).
"""
from __future__ import annotations

import hashlib
import pickle
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from councilkg.fsutil import atomic_write

FILE = Path("qa") / "corpus-tables.pkl"
# The modules whose code decides the tables' content: a change to any of them invalidates a stored copy
_READERS = ("qa/tables.py", "qa/question.py", "qa/expand.py", "qa/scope.py", "embed/keyword.py",
            "ontology/thesaurus.py", "ontology/thesaurus.ttl")
# Two or more capitalised words in a row are shouted words ("55,388 ADULT MEMBERS"), not acronyms
_SHOUTED = re.compile(r"\b[A-Z][A-Z'’]+(?:[\s,&/-]+[A-Z][A-Z'’]+)+\b")
# Words the papers write in lower case somewhere: a capitalised run of words outside this set is a name
_LOWER_WORD = re.compile(r"(?<![\w'’@./-])[a-z][a-z'’-]+(?![\w@/]|\.[a-z])")  # not inside an address


def tokenize(text: str) -> list[str]:
    """The index's tokens, with shouted phrases read as ordinary (stemmed) words; a lone acronym stays one."""
    from embed.keyword import tokenize as index_tokenize

    return index_tokenize(_SHOUTED.sub(lambda m: m.group(0).lower(), text))


def _code_fingerprint() -> str:
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for name in _READERS:
        path = root / name
        digest.update(path.read_bytes() if path.exists() else name.encode())
    return digest.hexdigest()[:16]


@dataclass
class CorpusTables:
    """Per-corpus look-up tables of the Engine."""

    df: dict[str, int]                                  # token -> paragraphs containing it
    document_tokens: dict[str, set[str]]                # document id -> its paragraphs' tokens
    document_days: dict[str, set[tuple[int, int]]]      # document id -> (day, month) it mentions or is dated
    abbreviations: dict[str, str]                       # acronym -> expansion (glossaries, "Name (ABBR)")
    publisher_words: frozenset                          # tokens of the publishers' names
    lower_words: frozenset                              # words the papers write in lower case
    name_scopes: dict                                   # name word -> the documents it scopes a question to
    concepts: list                                      # the thesaurus's concepts, parsed (rdflib takes a second)
    key: str = ""

    @classmethod
    def compute(cls, corpus) -> "CorpusTables":
        from ontology import thesaurus
        from qa.expand import defined_abbreviations, glossary_entries
        from qa.question import days_mentioned
        from qa.scope import DocumentNames

        df: Counter = Counter()
        document_tokens: dict[str, set[str]] = {d.id: set() for d in corpus.documents}
        for doc in corpus.documents:
            for p in doc.paragraphs:
                tokens = set(tokenize(p.text))
                df.update(tokens)
                document_tokens[doc.id] |= tokens
        # The days each document mentions or is dated: a question about a day no paper names cannot be answered
        days = {d.id: days_mentioned(d.text) for d in corpus.documents}
        for d in corpus.documents:
            for date in [d.date] + [part.date for part in d.parts]:
                if date and len(date) >= 10:
                    days[d.id].add((int(date[8:10]), int(date[5:7])))
        lower_words = frozenset(w for d in corpus.documents for w in _LOWER_WORD.findall(d.text))
        return cls(
            df=dict(df), document_tokens=document_tokens, document_days=days,
            abbreviations={**glossary_entries(corpus), **defined_abbreviations(d.text for d in corpus.documents)},
            # The publishers' names ("Bury Council") say whose papers these are, not what a question is
            # about: read them from the manifest rather than listing any council's name in code.
            publisher_words=frozenset(t for d in corpus.documents for t in tokenize(d.publisher or "")),
            lower_words=lower_words, name_scopes=DocumentNames(corpus.documents, lower_words).scopes,
            concepts=thesaurus.load().concepts(), key=key_of(corpus))

    @classmethod
    def load_or_compute(cls, corpus, build_dir: Path | str | None, write: bool = True) -> "CorpusTables":
        """The stored tables when they were computed from this corpus by this code, else computed (and stored
        when ``write``, atomically; a build folder that cannot be written only costs the next call the time)."""
        key = key_of(corpus)
        path = Path(build_dir) / FILE if build_dir else None
        if path is not None and path.exists():
            try:
                with open(path, "rb") as fh:
                    stored = pickle.load(fh)
                if isinstance(stored, cls) and stored.key == key:
                    return stored
            except Exception:  # noqa: BLE001 - a damaged cache is recomputed, whatever is wrong with it
                pass
        tables = cls.compute(corpus)
        if path is not None and write:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(path, pickle.dumps(tables, protocol=pickle.HIGHEST_PROTOCOL))
            except OSError:
                pass
        return tables


def key_of(corpus) -> str:
    """The corpus's content hash and the readers' code: what the tables are a function of."""
    from embed.units import corpus_hash

    return f"{corpus_hash(corpus)}:{_code_fingerprint()}"
