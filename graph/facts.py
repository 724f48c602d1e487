"""The contract between extractors and the graph builder.

An extractor reads one paragraph (with its context) and returns Facts. A Fact is the set of
triples that one span of source text states, as read by one extractor: the builder writes each
Fact into its own named graph and records the span, the paragraph and the extractor (PROV-O +
Web Annotation) in the default graph. So no triple can exist without the words that state it.

Some statements only make sense over whole documents (an inspection report's judgements, a plan's
priorities and the links between them and across papers). Such an extractor still answers per
paragraph, but first reads the corpus once per build through ``context.reading(read)``: the
builder keeps one ``readings`` dict per build, shared by every document's context and the
corpus-level passes, so the reading is computed once and never outlives its build. Either way
the contract holds: one paragraph in, the facts anchored in that paragraph out, each quoting
its own span.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Protocol

from rdflib.term import Node

from corpus.records import Corpus, Document, Paragraph

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class Fact:
    """Triples stated by ``document.text[start:end]`` (``quote``), read by ``extractor``."""

    triples: tuple[Triple, ...]
    document_id: str
    paragraph_id: str
    start: int
    end: int
    quote: str
    extractor: str
    version: str


@dataclass
class ExtractionContext:
    """What an extractor may look at beyond its paragraph: the document, the corpus, shared state.

    ``state`` is a scratch dict per build so that extractors can carry document-level context
    (the current meeting, the current inspection) from one paragraph to the next.
    """

    corpus: Corpus
    document: Document
    state: dict[str, Any] = field(default_factory=dict)
    readings: dict[str, Any] = field(default_factory=dict)  # per build, shared by every document

    def reading(self, read: Callable[[Corpus], Any]) -> Any:
        """``read(self.corpus)``, computed once per build and shared (see the module docstring)."""
        return read_once(self.readings, self.corpus, read)

    def fact(self, paragraph: Paragraph, start: int, end: int, triples, extractor: "Extractor") -> Fact:
        """Build a Fact for document range [start, end), quoting the document text verbatim."""
        return Fact(
            triples=tuple(triples),
            document_id=self.document.id,
            paragraph_id=paragraph.id,
            start=start,
            end=end,
            quote=self.document.text[start:end],
            extractor=extractor.name,
            version=extractor.version,
        )


def read_once(readings: dict[str, Any], corpus: Corpus, read: Callable[[Corpus], Any]) -> Any:
    """Memoise a whole-corpus reading in one build's ``readings`` dict, keyed by the reading function."""
    key = f"{read.__module__}.{read.__qualname__}"
    if key not in readings:
        readings[key] = read(corpus)
    return readings[key]


class Extractor(Protocol):
    """A small named, versioned rule set: ``extract(paragraph, context) -> list[Fact]``."""

    name: str
    version: str

    def extract(self, paragraph: Paragraph, context: ExtractionContext) -> list[Fact]: ...


@dataclass(frozen=True)
class FunctionExtractor:
    """Wrap a plain function as an Extractor (most extractors are one function)."""

    name: str
    version: str
    function: Callable[[Paragraph, ExtractionContext], list[Fact]]

    def extract(self, paragraph: Paragraph, context: ExtractionContext) -> list[Fact]:
        return self.function(paragraph, context)
