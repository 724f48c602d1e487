"""The Engine: corpus, index and graph loaded once per process, plus the look-ups every answer needs."""
from __future__ import annotations

import gc
import math
import re
import threading
from contextlib import contextmanager
from collections import Counter
from functools import cached_property

from rdflib import URIRef

from corpus.records import Corpus, Document, Paragraph, Part
from councilkg.errors import BuildError
from qa.adapter import adapt
from qa.facts import LazyTable
from qa.records import Citation
from qa.sentences import Sentence, split
from qa.tables import CorpusTables, GraphTables, collector_paused, tokenize

NEIGHBOURS = 50  # paragraphs before an offset that may still hold it (one rejoined across a page break spans others)
MEMO_LIMIT = 200_000  # entries a memo table keeps before it is emptied (Engine.remembered)
_BUILD_HINT = "Run `councilkg build` first (it writes the graph and the index)."


class Engine:
    """Everything ``ask``/``trace`` read, held in plain Python structures for speed."""

    def __init__(self, corpus: Corpus, index, graph=None, settings=None):
        self.corpus = corpus
        self.index = index
        self.graph = graph
        self.settings = settings
        self.tokenize = tokenize
        self.docs: dict[str, Document] = {d.id: d for d in corpus.documents}
        self.paragraphs: dict[str, Paragraph] = {}
        self.parts: dict[str, Part] = {}
        self.table_header: dict[str, str] = {}  # a table's first row: what its other rows' cells mean
        self.table_rows: Counter = Counter()
        for doc in corpus.documents:
            for part in doc.parts:
                self.parts[part.id] = part
            for p in doc.paragraphs:
                self.paragraphs[p.id] = p
                if p.kind == "table_row" and p.table_id:
                    self.table_header.setdefault(p.table_id, p.id)
                    self.table_rows[p.table_id] += 1
        tables = CorpusTables.load_or_compute(corpus, getattr(settings, "build_dir", None))
        # Inverse document frequency over paragraphs, for sentence scoring and coverage
        n = max(len(self.paragraphs), 1)
        self.idf = {t: math.log(1 + n / c) for t, c in tables.df.items()}
        self.unseen_idf = math.log(1 + n / 0.5)
        self.document_tokens = tables.document_tokens
        self.document_days = tables.document_days
        self.abbreviations = tables.abbreviations
        self.publisher_words = tables.publisher_words
        self._encode_memo: dict[str, object] = {}
        self._search_memo: dict[str, object] = {}
        # A question is searched up to three times (filtered and not): encode it once
        index.encode = self._search_vectors
        self.facts = None
        if graph is not None:
            from qa.facts import FactTables

            self.facts = FactTables(graph, self)
            GraphTables.attach(self.facts, corpus, getattr(settings, "build_dir", None))
        self.lower_words = tables.lower_words
        self.name_words = tables.name_words
        from ontology.thesaurus import Thesaurus
        from qa.scope import DocumentNames

        self.names = DocumentNames(scopes=tables.name_scopes, longer=tables.name_longer)
        self.thesaurus = _Vocabulary(Thesaurus(tables.concepts))
        from qa import ranker

        self.model = ranker.load() or ranker.untrained()
        self._memo: dict[str, dict] = {}
        self.paragraph_facts: dict[str, int] = LazyTable(self._facts_stated)
        self.paragraph_nodes: dict[str, list] = LazyTable(self._nodes_stated)
        from qa.tables import paragraph_facts

        self._stated = paragraph_facts(self) if self.facts is not None else None

    def _nodes_stated(self, paragraph_id: str) -> list:
        """The graph nodes a paragraph states facts about (from the build's table, else read through the graph's
        access path on first use)."""
        if self._stated is not None:
            found = self._stated.get(paragraph_id)
            return [URIRef(n) if type(n) is str else n for n in found[0]] if found else []
        return self.facts.nodes_quoting(paragraph_id) if self.facts is not None else []

    def _facts_stated(self, paragraph_id: str) -> int:
        """How many facts a paragraph states."""
        if self._stated is not None:
            found = self._stated.get(paragraph_id)
            return found[1] if found else 0
        return self.facts.count_quoting(paragraph_id) if self.facts is not None else 0

    # Cached readings of paragraphs, labels and questions ------------------------------------
    def paragraph_tokens(self, paragraph_id: str) -> set[str]:
        """The tokens of a paragraph read with its context (headings, table header) and part title."""
        def read():
            p = self.paragraphs[paragraph_id]
            part = self.parts.get(p.part_id)
            return set(tokenize(f"{part.title if part else ''} {self.context(p)} {p.text}"))

        return self._kept("tokens", paragraph_id, read)

    def source_tokens(self, paragraph_id: str) -> set[str]:
        """The tokens of where a paragraph is from: the index's source line (kind, bodies, month) and part title."""
        def read():
            from qa.candidates import source_words

            unit = self.index.unit(paragraph_id) if paragraph_id in self.index.position else None
            return set(tokenize(source_words(self, unit))) if unit else set()

        return self._kept("source", paragraph_id, read)

    def paragraph_concepts(self, paragraph_id: str) -> set[str]:
        def read():
            p = self.paragraphs[paragraph_id]
            return self._concepts(f"{self.context(p)} {p.text}")

        return self._kept("concepts", paragraph_id, read)

    def paragraph_classes(self, paragraph_id: str) -> set[str]:
        """The local names of the graph classes of the nodes a paragraph states facts about ("Recommendation")."""
        def read():
            if self._stated is not None:
                found = self._stated.get(paragraph_id)
                return set(found[2]) if found else set()
            nodes = self.paragraph_nodes.get(paragraph_id, ())
            return {str(c).rsplit("#", 1)[-1] for n in nodes for c in self.facts.types.get(n, ())}

        return self._kept("classes", paragraph_id, read)

    def _kept(self, table: str, key, compute):
        """``compute()`` kept in the memo ``table`` under ``key`` for the engine's life: one entry per paragraph,
        label or text of the corpus and graph, so never emptied (unlike ``remembered``'s tables)."""
        memo = self._memo.setdefault(table, {})
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    def remembered(self, table: str, key, compute):
        """``compute()`` kept in the memo ``table`` under ``key``: texts and candidates recur across questions.
        A table is emptied when it passes MEMO_LIMIT entries, so a long-running server's memory stays bounded. A
        stored None is a result too (a judgement no paragraph cites), not a miss to compute again."""
        memo = self._memo.setdefault(table, {})
        found = memo.get(key, _MISSING)
        if found is _MISSING:
            if len(memo) > MEMO_LIMIT:
                memo.clear()
            found = memo[key] = compute()
        return found

    def tokens(self, text: str) -> list[str]:
        """``tokenize(text)``, remembered: the same sentences and labels are read for many questions."""
        return self.remembered("texts", text, lambda: tokenize(text))

    def text_concepts(self, text: str) -> set[str]:
        return self._kept("text_concepts", text, lambda: self._concepts(text))

    def _concepts(self, text: str) -> set[str]:
        return set(self.thesaurus.concepts(text)) if self.thesaurus else set()

    def notations(self) -> dict[str, list]:
        """Priorities, actions and themes by their notation in lower case ("1.10", "6.1a", "pa6")."""
        memo = self._memo.setdefault("notations", {})
        if not memo and self.facts is not None:
            from rdflib.namespace import SKOS

            from ontology.namespace import KG

            for cls in (KG.Priority, KG.PlannedAction, KG.Theme):
                for node in self.facts.by_type.get(cls, []):
                    notation = self.facts.value(node, SKOS.notation)
                    if notation is not None:
                        memo.setdefault(str(notation).lower(), []).append(node)
        return memo

    def label_weights(self, label: str) -> dict[str, float]:
        """A label's tokens with their idf (how much each word names it)."""
        return self._kept("label_weights", label,
                          lambda: {t: self.idf.get(t, self.unseen_idf) for t in self.label_tokens(label)})

    def label_tokens(self, label: str) -> list[str]:
        return self._kept("labels", label, lambda: tokenize(label.lower() if label.isupper() else label))

    def kinds_named(self, text: str) -> list[str]:
        """The kinds of part whose describing words the question uses ("Ofsted", "the minutes")."""
        from qa.features import KIND_WORDS

        asked = set(tokenize(text))
        return [kind for kind, words in KIND_WORDS.items() if asked & set(self.label_tokens(words))]

    def expansions(self, text: str) -> list[str]:
        """The abbreviations the papers define for terms the question spells out."""
        from qa.expand import expansions

        return expansions(self.abbreviations, text)

    def concept_labels(self, text: str) -> list[str]:
        """The thesaurus's other labels for the concepts the question names (one per distinct spelling)."""
        seen, out = {text.lower()}, []
        for label in self.thesaurus.expand(text) if self.thesaurus else ():
            key = " ".join(tokenize(label))
            if key and key not in seen and label.lower() not in text.lower():
                seen.add(key)
                out.append(label)
        return out

    def question_vector(self, text: str):
        return self._encode([text])[0]

    def search_as(self, query: str, question: str) -> None:
        """Dense search of ``query`` (the question with its expansions, which BM25 reads) uses the question's own
        vector (one encoding per question, the dominant cost of an ask), mapped by the model's query adapter."""
        _keep_few(self._search_memo, query, adapt(self.model.query_adapter, self._encode([question])))

    def search(self, query: str, question: str, k: int, filters=None) -> list:
        """``index.search`` of ``query`` with its dense search by ``question``'s own vector (``search_as``), set for
        this search: never the vector an earlier search left for the same query."""
        self.search_as(query, question)
        return self.index.search(query, k=k, filters=filters)

    def _search_vectors(self, texts: list[str]):
        """What the index's dense search encodes a query to: the adapted vector ``search_as`` set for it, else the
        text's own (adapted) vector."""
        found = self._search_memo.get("\x00".join(texts))
        return found if found is not None else adapt(self.model.query_adapter, self._encode(texts))

    @cached_property
    def person_names(self):
        """A pattern for the people the graph knows (a "who" question is answered by a sentence naming one),
        made on first use."""
        if self.facts is None:
            return None
        from ontology.namespace import KG

        names = sorted({" ".join(str(self.facts.label(p)).split()) for p in self.facts.by_type.get(KG.Person, [])},
                       key=len, reverse=True)
        names = [n for n in names if len(n) > 3 and " " in n]
        return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b") if names else None

    # Look-ups ---------------------------------------------------------------------------
    def paragraph(self, paragraph_id: str) -> Paragraph:
        return self.paragraphs[paragraph_id]

    def context(self, paragraph: Paragraph) -> str:
        """What a paragraph is read with: its nearest headings and, for a table row, its table's header row."""
        context = " ".join(paragraph.heading_path[-2:])
        header = self.table_header.get(paragraph.table_id) if paragraph.kind == "table_row" else None
        if header and header != paragraph.id:
            context += " " + self.paragraphs[header].text
        return context

    def document_of(self, paragraph: Paragraph) -> Document:
        return self.docs[paragraph.document_id]

    def part_of(self, paragraph: Paragraph) -> Part:
        return self.parts[paragraph.part_id]

    def date_of(self, paragraph: Paragraph) -> str | None:
        """The day of the paper a paragraph is in (the first of ``dates_of``)."""
        dates = self.dates_of(paragraph)
        return dates[0] if dates else None

    def part_dates(self, part: Part) -> tuple[str, ...]:
        """The days a paper goes by: its own (a meeting's, an inspection's last) and, when the document is that one
        paper, the day it was published. "The 2015 Ofsted report" on Halton was inspected until December 2014 and
        published in February 2015; a paper inside a pack goes by its own day only (the April minutes in a June
        agenda pack are not June's). What comes before a document's first paper (its ``front``: the council's name
        above an ILACS report of 2018–2020) is no paper of its own: Isle of Wight's report, inspected until November
        2018, published January 2019, is "the 2019 report" though its name line is a part."""
        doc = self.docs[part.document_id]
        own = part.date or doc.date
        papers = [p.id for p in doc.parts if p.kind != "front"] or [p.id for p in doc.parts]
        published = doc.date if papers == [part.id] and doc.date and doc.date != own else None
        return tuple(d for d in (own, published) if d)

    def dates_of(self, paragraph: Paragraph) -> tuple[str, ...]:
        """``part_dates`` of the paper a paragraph is in (its document's day when it has no part)."""
        part = self.parts.get(paragraph.part_id)
        return self.part_dates(part) if part else tuple(filter(None, (self.docs[paragraph.document_id].date,)))

    def sentences(self, paragraph_id: str) -> list[Sentence]:
        def read():
            p = self.paragraphs[paragraph_id]
            return [] if self._heads_columns(p) else split(p, self.docs[p.document_id].text)

        return self._kept("sentences", paragraph_id, read)

    def _heads_columns(self, p: Paragraph) -> bool:
        """The paragraph is a table's row of column headings ("Ref | Key Objectives | w/c 29 Nov | …"): at least
        three short cells opening a table of several rows. It names what cells mean and states nothing to quote."""
        if p.kind != "table_row" or not p.table_id or self.table_header.get(p.table_id) != p.id or len(p.cells) < 3:
            return False
        text = self.docs[p.document_id].text
        return self.table_rows[p.table_id] >= 2 and all(len(text[c.start:c.end].strip()) <= 40 for c in p.cells)

    def _encode(self, texts: list[str]):
        """The index's encoder, memoised per text so repeated searches of one question encode once."""
        from embed.encoder import get_query_encoder

        key = "\x00".join(texts)
        vec = self._encode_memo.get(key)
        if vec is None:
            vec = get_query_encoder(self.settings).encode(list(texts))
            _keep_few(self._encode_memo, key, vec)
        return vec

    def remember_question_vector(self, text: str, vector) -> None:
        """Take ``vector`` as ``question_vector(text)`` (encoded elsewhere: the fitting script encodes its questions
        once, in worker processes, and hands each to the engine that then reads it)."""
        _keep_few(self._encode_memo, text, vector[None])

    def stated_at(self, g) -> tuple[str, int, int] | None:
        """The paragraph and span fact graph ``g`` was read from (``paragraph_at`` of its span), remembered: the
        same graphs are cited by every question that offers their statements (an unscoped one, every inspection's)."""
        if g is None or self.facts is None:
            return None

        def where():
            span = self.facts.span_of(g)
            return self.paragraph_at(*span) if span else None

        return self.remembered("fact_spans", g, where)  # a None kept too: a graph with no span is read once

    def paragraph_at(self, document_id: str, start: int, end: int) -> tuple[str, int, int] | None:
        """The paragraph holding document offsets [start, end), with the range clipped to it."""
        import bisect

        doc = self.docs.get(document_id)
        if doc is None:
            return None
        keys, paragraphs = self._kept("starts", document_id,
                                      lambda: ([p.start for p in doc.paragraphs], doc.paragraphs))
        found = None
        i = bisect.bisect_right(keys, start)
        for j in range(i - 1, max(-1, i - NEIGHBOURS), -1):  # the first in text order that holds it
            if paragraphs[j].start <= start < paragraphs[j].end:
                found = paragraphs[j]
        return (found.id, start, min(end, found.end)) if found else None

    def citation(self, n: int, paragraph_id: str, start: int | None = None, end: int | None = None) -> Citation:
        """A citation of document offsets [start, end) inside a paragraph (default: its first span)."""
        p = self.paragraphs[paragraph_id]
        doc = self.docs[p.document_id]
        if start is None or end is None:
            start, end = p.spans[0].start, p.spans[0].end
        part = self.parts.get(p.part_id)
        section = p.heading_path[-1] if p.heading_path else (part.title if part else "")
        return Citation(
            n=n, paragraph_id=p.id, document_id=doc.id, document_title=doc.title, date=self.date_of(p),
            part=part.title if part else "", section=section, label=p.label,
            page=doc.page_at(start) if doc.page_starts else p.page, quote=doc.text[start:end], start=start,
            end=end, paragraph_text=p.text,
        )

    def admits(self, filters, paragraph_id: str) -> bool:
        """The paragraph passes the filters' documents, part kinds and dates (what a search would allow)."""
        p = self.paragraphs[paragraph_id]
        if filters.document_ids and p.document_id not in filters.document_ids:
            return False
        if filters.part_kinds and self.part_of(p).kind not in filters.part_kinds:
            return False
        date = (self.date_of(p) or "")[:10]
        if (filters.date_from or filters.date_to) and not date:
            return False
        return not ((filters.date_from and date < filters.date_from) or (filters.date_to and date > filters.date_to))

    def searched(self, filters=None) -> dict:
        """How much the question was searched against (the whole corpus, or what the filters allow)."""
        if filters is None or filters.is_empty():
            return {"documents": len(self.docs), "paragraphs": len(self.index)}
        from embed.hybrid import allowed_mask

        mask = allowed_mask(self.index.units, filters, self.index.columns)
        docs = {u.document_id for u, ok in zip(self.index.units, mask) if ok}
        return {"documents": len(docs), "paragraphs": int(mask.sum())}


_MISSING = object()  # a memo's "not computed yet": None is a value some memos keep


def _keep_few(memo: dict, key, value) -> None:
    """Keep ``value`` under ``key`` in a memo of vectors emptied past 256 entries (one or two per question)."""
    if len(memo) > 256:
        memo.clear()
    memo[key] = value


class _Vocabulary:
    """The thesaurus as answers read it: the concepts a text names, and the other labels of those concepts."""

    def __init__(self, thesaurus):
        self.thesaurus = thesaurus

    def concepts(self, text: str) -> list[str]:
        """The concepts a text names, with their related ones: a judgement area's name ("experiences and progress
        of care leavers") is spotted as the area, whose related concept is its topic (care leavers)."""
        named = list(dict.fromkeys(iri for iri, _, _ in self.thesaurus.concepts_in(text)))
        return list(dict.fromkeys(named + [r for iri in named for r in self.thesaurus.concept(iri).related]))

    def expand(self, text: str) -> list[str]:
        named = dict.fromkeys(iri for iri, _, _ in self.thesaurus.concepts_in(text))
        return [label for iri in named for label in self.thesaurus.concept(iri).labels]

    def label(self, iri: str) -> str | None:
        """A concept's preferred label (None for an IRI the thesaurus does not hold)."""
        concept = self.thesaurus.concept(iri)
        return concept.pref_label if concept else None


_LOCK = threading.Lock()
_ENGINES: dict[tuple, Engine] = {}


def get_engine(settings=None) -> Engine:
    """The process's Engine for ``settings`` (loaded on first use; BuildError if nothing is built)."""
    from councilkg.settings import get_settings

    settings = settings or get_settings()
    key = (str(settings.build_dir), str(settings.corpus_dir), settings.model_path, settings.store)
    with _LOCK:
        engine = _ENGINES.get(key)
        if engine is not None:
            return engine
        with _long_lived():
            engine = _load(settings)
        _ENGINES[key] = engine
        return engine


def _load(settings) -> Engine:
    import corpus as corpus_mod

    loaded = corpus_mod.load(settings.corpus_dir)
    try:
        import embed

        index = embed.load(settings, loaded)
    except BuildError as exc:
        raise BuildError(f"The search index is not ready: {exc.message}", hint=_BUILD_HINT) from exc
    try:
        import graph

        kg = graph.load(settings)
    except BuildError as exc:
        raise BuildError(f"The knowledge graph is not ready: {exc.message}", hint=_BUILD_HINT) from exc
    return Engine(loaded, index, kg, settings)


@contextmanager
def _long_lived():
    """Load the engine's millions of objects without the cycle collector, then exempt them from it (``gc.freeze``).

    Why: they live as long as the process; at 251 reports the collector's passes over them while unpickling took
    half of the load (the corpus: 0.7 s -> 0.36 s), and every later full collection would walk them all again in
    the middle of an answer. ``clear_engines`` hands them back to the collector."""
    with collector_paused():
        try:
            yield
        finally:
            gc.freeze()


def clear_engines() -> None:
    """Forget loaded engines (after a rebuild or ingest); their objects become collectable again."""
    with _LOCK:
        _ENGINES.clear()
        gc.unfreeze()
