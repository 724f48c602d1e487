"""What answers read first, computed once per build and kept in ``build/qa/``: the corpus tables (word
statistics, the days, names and abbreviations the papers use, the parsed thesaurus), the graph tables (each
kind of node with its label and classes, every fact of the kinds answers inspect whole) and every authority's
gaps.

Why: with 251 Ofsted reports ingested a cold ``ask`` took 30 s, most of it computing these from the whole
corpus and graph, the same for every question. Each file is keyed by what it is computed from (the corpus's
content, the graph build's ``build.json``, the store, and the code that reads them), so a changed corpus,
build or reader recomputes it, and a missing or unreadable file is recomputed too: a cache, never a source of
truth.
"""
from __future__ import annotations

import gc
import hashlib
import pickle
import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from councilkg.code_key import source_key
from councilkg.fsutil import atomic_write

FILE = Path("qa") / "corpus-tables.pkl"
# The modules whose code decides the tables' content: a change to any of them invalidates a stored copy
_READERS = ("qa/tables.py", "qa/question.py", "qa/expand.py", "qa/scope.py", "embed/keyword.py",
            "ontology/thesaurus.py", "ontology/thesaurus.ttl")
# Two or more capitalised words in a row are shouted words ("55,388 ADULT MEMBERS"), not acronyms
_SHOUTED = re.compile(r"\b[A-Z][A-Z'’]+(?:[\s,&/-]+[A-Z][A-Z'’]+)+\b")
# Words the papers write in lower case somewhere: a capitalised run of words outside this set is a name
_LOWER_WORD = re.compile(r"(?<![\w'’@./-])[a-z][a-z'’-]+(?![\w@/]|\.[a-z])")  # not inside an address
LETTERS = re.compile(r"[A-Za-z][A-Za-z'’]*")  # a word as names are read (``capitalised_names``)
# What may precede a word that opens a sentence, a heading, a list item or a cell: its capital says nothing
_OPENING = frozenset(".!?:;•\n\"“(–-|*")


def tokenize(text: str) -> list[str]:
    """The index's tokens, with shouted phrases read as ordinary (stemmed) words; a lone acronym stays one."""
    from embed.keyword import tokenize as index_tokenize

    return index_tokenize(_SHOUTED.sub(lambda m: m.group(0).lower(), text))


def cached(path: Path | None, key: str | None, compute=None, write: bool = True):
    """The value stored at ``path`` under ``key``; else ``compute()`` (None without one), stored under ``key``
    when ``write``. The one way this module's files are read and written: a stale, missing or unreadable file
    is computed again (it is a cache, never a source of truth), and a folder that cannot be written costs the
    next call the time, not the answer."""
    if path is not None and key is not None and path.exists():
        try:
            with open(path, "rb") as fh, collector_paused():
                stored = pickle.load(fh)
            if stored.get("key") == key:
                return stored["value"]
        except Exception:  # noqa: BLE001 - a damaged cache is recomputed, whatever is wrong with it
            pass
    if compute is None:
        return None
    value = compute()
    if path is not None and key is not None and write:
        store(path, key, value)
    return value


@contextmanager
def collector_paused():
    """No cycle collection while unpickling a table: its passes over the objects being made took half of the time
    (every authority's gaps: 0.23 s without, about twice that with)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def store(path: Path, key: str, value) -> None:
    """Keep ``value`` at ``path`` under ``key`` (atomically; best effort)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, pickle.dumps({"key": key, "value": value}, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass


@dataclass
class CorpusTables:
    """Per-corpus look-up tables of the Engine."""

    df: dict[str, int]                                  # token -> paragraphs containing it
    document_tokens: dict[str, set[str]]                # document id -> its paragraphs', title's and publisher's tokens
    document_days: dict[str, set[tuple[int, int]]]      # document id -> (day, month) it mentions or is dated
    abbreviations: dict[str, str]                       # acronym -> expansion (glossaries, "Name (ABBR)")
    publisher_words: frozenset                          # tokens of the publishers' names
    lower_words: frozenset                              # words the papers write in lower case
    name_scopes: dict                                   # name word -> the documents it scopes a question to
    name_longer: dict                                   # name word -> words opening other bodies' longer names
    name_words: frozenset                               # words only ever capitalised inside a sentence (names)
    concepts: list                                      # the thesaurus's concepts, parsed (rdflib takes a second)

    @classmethod
    def compute(cls, corpus) -> "CorpusTables":
        from ontology import thesaurus
        from qa.expand import defined_abbreviations, glossary_entries
        from qa.question import days_mentioned
        from qa.scope import DocumentNames

        df: Counter = Counter()
        # a paper names its publisher and what its title says even where its text does not: a question naming the
        # inspectorate ("What did Ofsted say …") is not about another body's papers because a report never writes "Ofsted"
        document_tokens: dict[str, set[str]] = {d.id: set(tokenize(f"{d.title or ''} {d.publisher or ''}"))
                                                for d in corpus.documents}
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
        names = DocumentNames(corpus.documents, lower_words)
        return cls(
            df=dict(df), document_tokens=document_tokens, document_days=days,
            abbreviations={**glossary_entries(corpus), **defined_abbreviations(d.text for d in corpus.documents)},
            # The publishers' names ("Bury Council") say whose papers these are, not what a question is
            # about: read them from the manifest rather than listing any council's name in code.
            publisher_words=frozenset(t for d in corpus.documents for t in tokenize(d.publisher or "")),
            lower_words=lower_words, name_scopes=names.scopes, name_longer=names.longer,
            name_words=capitalised_names(d.text for d in corpus.documents),
            concepts=thesaurus.load().concepts())

    @classmethod
    def load_or_compute(cls, corpus, build_dir: Path | str | None, write: bool = True) -> "CorpusTables":
        """The stored tables when they were computed from this corpus by this code, else computed (and stored
        when ``write``)."""
        return cached(Path(build_dir) / FILE if build_dir else None, key_of(corpus), lambda: cls.compute(corpus), write)


def capitalised_names(texts) -> frozenset[str]:
    """The words ``texts`` write capitalised inside a sentence and never in lower case, lower-cased: the names of
    people, places, bodies and services ("Jeanette", "Pilkington", "Mockingbird", "Knowsley") read from the papers
    themselves, not from a list (``qa.features`` reads a name a candidate states with them). Once is enough: requiring
    two such uses (151 names in Bury's papers against 357) read worse held out at 0.8–0.95 declined
    (docs/qa-notebook.md, "A name the question does not hold"). Computed with the tables: at 251 reports a pass over
    every word at the first question would cost a second."""
    from councilkg.dates import MONTH_NAMES

    capitalised, lower = Counter(), Counter()
    for text in texts:
        for m in LETTERS.finditer(text):
            word = m.group(0)
            if word[0].islower():
                lower[word] += 1
            elif not word.isupper() and not opens_a_sentence(text, m.start()):
                capitalised[word.lower()] += 1
    months = {m.lower() for m in MONTH_NAMES}
    return frozenset(w for w in capitalised if not lower[w] and w not in months)


# An item's number just before a word: "1.11", "12.", "6.1a", "(b)"
_ITEM_NUMBER = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:\.\d{1,3})*[a-z]?\.?|\([a-z0-9]{1,3}\))$")


def opens_a_sentence(text: str, at: int) -> bool:
    """Whether the word at ``at`` opens a sentence, a line, a cell or a list item: only blanks between it and
    ``_OPENING`` or a PDF's bullet glyph (a private-use character, U+F06E in many reports), or an item's number
    between ("- 1.11 Additionally, …", "12. Additionally"). Its capital says nothing of a name."""
    at = _skip_blanks(text, at)
    number = _ITEM_NUMBER.search(text, max(0, at - 12), at + 1)
    if number is not None:
        at = _skip_blanks(text, number.start())
    return at < 0 or text[at] in _OPENING or "\ue000" <= text[at] <= "\uf8ff"


def _skip_blanks(text: str, at: int) -> int:
    """The position of the last character before ``at`` that is not a blank (-1 at the text's start)."""
    at -= 1
    while at >= 0 and text[at] in " \t":
        at -= 1
    return at


def key_of(corpus) -> str:
    """The corpus's content hash and the readers' code: what the tables are a function of."""
    from embed.units import corpus_hash

    return f"{corpus_hash(corpus)}:{source_key(*_READERS)}"


# The kinds of node answers look through (``qa.graphfacts``, ``qa.traces``): each kind's nodes in reading order,
# with their labels; for the kinds whose every node an answer inspects, every fact of each node too. Bodies,
# people and topics are labels and types only: one body, the inspectorate, is stated in a thousand reports,
# and a topic ("partnership") tags thousands of paragraphs.
LISTED_KINDS = ("Body", "Person", "Finding", "Recommendation", "Concept")
GAP_KINDS = ("Finding", "Recommendation")
# Kinds no answer scopes by their documents (gaps scope findings by where they are typed; people and topics are
# never scoped): their nodes' documents are not kept
UNSCOPED_KINDS = GAP_KINDS + ("Person", "Concept", "Post")
READ_KINDS = ("Post", "Priority", "PlannedAction", "Judgement", "Inspection", "Meeting", "Plan")
GRAPH_FILE = Path("qa") / "graph-tables.pkl"
_GRAPH_READERS = ("qa/tables.py", "qa/facts.py", "graph/access.py", "graph/stores/convert.py")


def _kinds():
    from rdflib.namespace import SKOS

    from ontology.namespace import KG, ORG

    def term(name):
        return ORG[name] if name in ("Post", "Organization") else SKOS[name] if name == "Concept" else KG[name]

    return [term(k) for k in LISTED_KINDS + ("Organization",)], [term(k) for k in READ_KINDS]


@dataclass
class GraphTables:
    """What answers read first from the graph, read once per graph build and kept in ``build/qa``.

    Why: at 251 reports a cold ``ask`` spent most of its time finding the nodes of each kind and their labels
    in the on-disk store (a few thousand pattern look-ups, each turned into rdflib terms). The content is
    exactly what ``FactTables`` reads (it is made by reading through one), so answers cannot differ; it is
    keyed by the graph build's ``build.json`` (checksums of every file) and the reading code.
    """

    by_type: dict   # class -> nodes in reading order
    out: dict       # node -> [(predicate, object, graph)] for the kinds read whole
    labels: dict    # node -> label
    typed_in: dict  # node -> the fact graphs stating its type
    types: dict     # node -> its classes (a body stated in a thousand reports is typed a thousand times)
    documents: dict  # node -> the documents stating something about it, for the kinds answers scope to a council

    @classmethod
    def compute(cls, facts) -> "GraphTables":
        listed, read = _kinds()
        by_type = {kind: facts.by_type.get(kind, []) for kind in listed + read}
        out = {node: facts.out.get(node, []) for kind in read for node in by_type[kind]}
        labels = {node: facts.label(node) for nodes in by_type.values() for node in nodes}
        # where findings and recommendations are typed, for gaps scoped to a council's documents
        typed_in = {node: set(facts._typed_in.get(node, ())) for kind in listed if kind.endswith(GAP_KINDS)
                    for node in by_type[kind]}
        types = {node: set(facts.types.get(node, ())) for nodes in by_type.values() for node in nodes}
        documents = {node: facts.documents_of(node) for kind in listed + read if not kind.endswith(UNSCOPED_KINDS)
                     for node in by_type[kind]}
        return cls(by_type=by_type, out=out, labels=labels, typed_in=typed_in, types=types, documents=documents)

    def fill(self, facts) -> None:
        """Put the tables into ``facts`` (a FactTables), as if it had read them itself."""
        for kind, nodes in self.by_type.items():
            dict.__setitem__(facts.by_type, kind, list(nodes))
        for node, triples in self.out.items():
            dict.__setitem__(facts.out, node, list(triples))
        facts._labels.update(self.labels)
        for node, graphs in self.typed_in.items():
            facts._typed_in.setdefault(node, set()).update(graphs)
        for node, classes in self.types.items():
            dict.__setitem__(facts.types, node, set(classes))
        facts._documents.update(self.documents)

    @classmethod
    def attach(cls, facts, corpus, build_dir: Path | str | None, write: bool = True) -> None:
        """Fill ``facts`` from the stored tables of this graph build, else read them now (and store them when
        ``write``). Without a graph build (a graph made in memory) nothing is stored or read."""
        key = graph_key(corpus, build_dir, facts)
        if key is None:
            return
        tables = cached(Path(build_dir) / GRAPH_FILE, key, (lambda: cls.compute(facts)) if write else None)
        if tables is not None:
            tables.fill(facts)


def graph_key(corpus, build_dir: Path | str | None, facts) -> str | None:
    """The graph build (its build.json, which holds every file's checksum), the store reading it (a server
    keeps a number's value, not its spelling), the corpus's order and the reading code: what the graph tables
    are a function of; None when there is no graph build."""
    meta = Path(build_dir) / "graph" / "build.json" if build_dir else None
    if meta is None or not meta.is_file():
        return None
    from embed.units import corpus_hash

    digest = hashlib.sha256(meta.read_bytes())
    paths = facts._paths
    digest.update(f"{type(paths).__name__}:{'' if paths.remote else len(paths)}".encode())
    return f"{corpus_hash(corpus)}:{digest.hexdigest()[:16]}:{source_key(*_GRAPH_READERS)}"


GAPS_FILE = Path("qa") / "gaps.pkl"


def stored_gaps(engine, compute) -> list:
    """Every authority's gaps (``qa.traces.gaps`` unscoped) as the build stored them for this graph build, else
    ``compute()``d and stored. Why: at 251 reports they are 17,000 findings read one by one (about 25 s), the
    same for every question and every UI visit until the next build, or until the code that groups them
    (``qa.traces``, ``qa.polarity``) changes: before, a changed grouping was served stale until the next build."""
    build_dir = getattr(engine.settings, "build_dir", None)
    key = graph_key(engine.corpus, build_dir, engine.facts) if engine.facts is not None else None
    if key:
        key += ":" + source_key(*_GAP_GROUPING)
    return cached(Path(build_dir) / GAPS_FILE if key else None, key, compute)


_GAP_GROUPING = ("qa/traces.py", "qa/polarity.py")


QUOTING_FILE = Path("qa") / "paragraph-facts.pkl"


def paragraph_facts(engine, write: bool = True) -> dict | None:
    """paragraph id -> (the nodes its fact graphs state, in reading order; how many facts those graphs hold; the
    local names of those nodes' classes) for every paragraph a fact was read from, as stored for this graph build,
    else read in one pass over the graph (and stored when ``write``). Paragraphs absent state nothing. None
    without a graph build or when the graph's access path cannot read it in one pass: answers then read each
    paragraph on first use. (A server store has the pass since ``QueryPaths.quoting``; the key holds
    graph/access.py's source, so a table a server build stored empty before it is computed again.)

    Why: every candidate's features ask how many facts its paragraph states and of which classes; read one
    paragraph at a time that cost 1-2 ms each on first use, about 5 s over 140 questions at 251 reports."""
    facts = engine.facts
    build_dir = getattr(engine.settings, "build_dir", None)
    key = graph_key(engine.corpus, build_dir, facts) if facts is not None else None
    if key is None:
        return None

    def compute():
        found = facts.quoting_all(list(engine.paragraphs))
        if found is None:
            return None
        table = {}
        for pid, (nodes, count) in found.items():
            classes = frozenset(str(c).rsplit("#", 1)[-1] for n in nodes for c in facts.types.get(n, ()))
            # node IRIs as text: a third of the unpickling time of rdflib terms (a blank node is kept as it is)
            table[pid] = (tuple(str(n) if type(n) is URIRef else n for n in nodes), count, classes)
        return table

    return cached(Path(build_dir) / QUOTING_FILE, key, compute if write else None)
