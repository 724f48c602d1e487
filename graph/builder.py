"""Run the registered extractors over every paragraph, then the corpus-level passes, into quads.

Per document, one ExtractionContext is shared by all extractors and paragraphs in reading
order (so "the current meeting" carries from a heading to the lines under it). After every
document is read, each ``POST_EXTRACT`` pass sees all facts at once (entity resolution,
cross-document links) and returns the facts to keep.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from corpus.records import Corpus
from graph.facts import ExtractionContext, Extractor, Fact, read_once
from graph.provenance import check_fact, fact_quads
from graph.stores.base import Quad
from graph.textlayer import text_layer_quads

BUILDER_VERSION = "1"


@dataclass
class CorpusContext:
    """What a post-extract pass may look at: the corpus, each document's final state, shared state."""

    corpus: Corpus
    document_states: dict[str, dict[str, Any]]
    state: dict[str, Any] = field(default_factory=dict)
    readings: dict[str, Any] = field(default_factory=dict)  # the build's whole-corpus readings

    def reading(self, read) -> Any:
        """The build's ``read(corpus)``, as the extractors saw it (see ``graph.facts``)."""
        return read_once(self.readings, self.corpus, read)


def registry() -> tuple[list[Extractor], list]:
    from graph.extractors import EXTRACTORS, POST_EXTRACT

    return list(EXTRACTORS), list(POST_EXTRACT)


def extractors_key(extractors: Iterable[Extractor], post: Iterable) -> str:
    """A hash of what would be run: extractor names + versions and the post passes' names/versions."""
    names = sorted(f"{e.name}@{e.version}" for e in extractors)
    names += [f"post:{getattr(f, '__module__', '')}.{getattr(f, '__name__', repr(f))}@{getattr(f, 'version', '')}" for f in post]
    # The rules' own source too: a changed rule invalidates the build even if nobody bumped a version.
    digest = hashlib.sha256("\n".join([BUILDER_VERSION, *names]).encode())
    # Fitted thresholds (*.json beside the rules) and the corpus's table reading feed the extractors as well.
    root = Path(__file__).resolve().parent
    rules = [p for p in root.joinpath("extractors").rglob("*") if p.suffix in (".py", ".json")]
    for path in sorted(rules) + [root.parent / "corpus" / "tables.py"]:
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def extract(corpus: Corpus, extractors: Sequence[Extractor] | None = None, post: Sequence | None = None) -> list[Fact]:
    """All facts of the corpus, after the post-extract passes, each checked against its document."""
    if extractors is None or post is None:
        default_extractors, default_post = registry()
        extractors = default_extractors if extractors is None else extractors
        post = default_post if post is None else post
    readings: dict[str, Any] = {}  # whole-corpus readings, computed once for this build
    per_document = [extract_document(corpus, doc, extractors, readings) for doc in corpus.documents]
    return finish(corpus, per_document, post, readings)


def extract_document(corpus: Corpus, doc, extractors: Sequence[Extractor],
                     readings: dict[str, Any] | None = None) -> tuple[list[Fact], dict[str, Any]]:
    """One document's facts (paragraphs in reading order, extractors in registry order) and its final state.

    Separate from ``extract`` so a distributed build (``councilkg.distributed``) can run it per
    document on workers; ``readings`` is the build's (or the worker's) whole-corpus readings.
    """
    facts: list[Fact] = []
    context = ExtractionContext(corpus=corpus, document=doc, readings=readings if readings is not None else {})
    for paragraph in doc.paragraphs:
        for extractor in extractors:
            facts.extend(extractor.extract(paragraph, context))
    return facts, context.state


def finish(corpus: Corpus, per_document: Sequence[tuple[list[Fact], dict[str, Any]]], post: Sequence,
           readings: dict[str, Any] | None = None) -> list[Fact]:
    """The corpus-level merge: documents' facts in corpus order, then the post passes, each fact checked."""
    facts: list[Fact] = []
    states: dict[str, dict[str, Any]] = {}
    for doc, (doc_facts, state) in zip(corpus.documents, per_document):
        facts.extend(doc_facts)
        states[doc.id] = state
    corpus_context = CorpusContext(corpus=corpus, document_states=states,
                                   readings=readings if readings is not None else {})
    for fn in post:
        facts = list(fn(facts, corpus_context))
    texts = {doc.id: doc.text for doc in corpus.documents}
    for fact in facts:
        check_fact(fact, texts[fact.document_id])
    return facts


def quads_for(corpus: Corpus, facts: Iterable[Fact]) -> list[Quad]:
    """Text layer + every fact in its named graph + provenance, without duplicate quads."""
    quads = text_layer_quads(corpus)
    for fact in facts:
        if fact.triples:
            quads.extend(fact_quads(fact))
    return list(dict.fromkeys(quads))
