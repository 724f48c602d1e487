"""The answer layer's records: Citation, Answer, GraphFact, Trace — the JSON contract the UI and eval read."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Citation:
    """A verbatim quote: ``document.text[start:end] == quote``, inside paragraph ``paragraph_id``."""

    n: int
    paragraph_id: str
    document_id: str
    document_title: str
    date: str | None
    part: str
    section: str
    label: str | None
    page: int | None
    quote: str
    start: int
    end: int
    paragraph_text: str
    related: bool = False  # a passage listed beside the answer ("See also", a declined question's nearest), not quoted in it

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class GraphFact:
    """One triple an answer used, with the named graph that asserts it (its provenance)."""

    subject: str
    predicate: str
    object: str
    graph: str

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    """What ``qa.ask`` returns; ``to_json`` is the stable contract of ``councilkg ask --json``."""

    question: str
    found: bool
    answer: str
    citations: tuple[Citation, ...] = ()
    graph_facts: tuple[GraphFact, ...] = ()
    searched: dict = field(default_factory=dict)
    confidence: float | None = None   # the ranker's probability that one of the best statements answers
    answer_type: str | None = None    # what the question was read as asking for (person, date, topic, …)

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "found": self.found,
            "answer": self.answer,
            "citations": [c.to_json() for c in self.citations],
            "graph_facts": [f.to_json() for f in self.graph_facts],
            "searched": dict(self.searched),
            "confidence": self.confidence,
            "answer_type": self.answer_type,
        }


@dataclass(frozen=True)
class TraceNode:
    """A finding, recommendation, priority, action or later mention in a trace."""

    id: str
    kind: str  # finding | strength | recommendation | source row | priority | action | mention | paragraph | plan | inspection
    label: str
    text: str
    citation: Citation | None = None
    lead: str | None = None
    due: str | None = None  # ISO at the precision printed: "2024-09" is a month, "2025-03-31" a day
    measures: tuple[str, ...] = ()
    due_text: str | None = None  # the deadline as printed ("September - December 2024")
    unresolved: tuple[str, ...] = ()  # references the source prints that name nothing ("Para XX")

    def to_json(self) -> dict:
        return {**asdict(self), "measures": list(self.measures), "unresolved": list(self.unresolved)}


@dataclass(frozen=True)
class TraceEdge:
    """A link between two trace nodes: ``explicit`` (stated in a document) or ``inferred`` (similarity)."""

    source: str
    target: str
    relation: str
    link: str  # explicit | inferred
    score: float | None = None
    citation: Citation | None = None

    def to_json(self) -> dict:
        return asdict(self)  # the citation too, as its own ``to_json``


@dataclass(frozen=True)
class Trace:
    """The chain from a reference: nodes (the reference first) and the edges between them."""

    ref: str
    nodes: tuple[TraceNode, ...] = ()
    edges: tuple[TraceEdge, ...] = ()

    def to_json(self) -> dict:
        return {"ref": self.ref, "nodes": [n.to_json() for n in self.nodes],
                "edges": [e.to_json() for e in self.edges]}


@dataclass(frozen=True)
class GapItem:
    """A finding or recommendation that no priority or action is linked to (explicitly; ``inferred`` lists
    what only its wording matches)."""

    id: str
    kind: str  # finding | recommendation
    label: str
    text: str
    citation: Citation | None = None
    group: str = ""  # recommendation | weakness | strength: how the UI groups gaps
    number: int | None = None  # the paragraph or recommendation number, for ordering
    inspection: str = ""  # the inspection's label ("ILACS 2021 (Bury)")
    inferred: tuple[str, ...] = ()  # what is linked to it only by wording: "Theme 2, row 1: … (score 1.00)"

    def to_json(self) -> dict:
        return asdict(self)  # the citation too, as its own ``to_json``
