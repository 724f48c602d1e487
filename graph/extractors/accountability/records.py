"""Plain records that the accountability parsers return, before they become RDF Facts.

Parsing (text → records) is kept apart from writing (records → triples) so each can be tested
alone and the parsers work on any Document, however it was read.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Evidence:
    """The words that state something: document offsets [start, end) inside one paragraph."""

    paragraph_id: str
    start: int
    end: int


@dataclass(frozen=True)
class Inspection:
    """An inspection, visit or review, reported in full or only mentioned.

    ``key`` is stable across documents: council slug + framework + start month, so that the
    2021 ILACS report and a later paper's "the ILACS carried out between 25 October 2021 and …"
    resolve to one node.
    """

    key: str
    framework: str  # ilacs | sif | area-send | monitoring-visit | focused-visit | peer-review | …
    council: str  # slug of the inspected local authority ("bury")
    council_name: str
    inspectorates: tuple[str, ...] = ()
    start: str | None = None  # ISO date or year-month
    end: str | None = None
    published: str | None = None
    lead_inspector: str | None = None
    team: tuple[tuple[str, str], ...] = ()  # (role, name)
    title: str | None = None
    reported: bool = False  # True when the document holds the report itself
    type: str | None = None  # ILACS: standard | short
    evidence: dict[str, Evidence] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Judgement:
    inspection: str
    area: str  # key in vocab.AREAS
    grade: str  # key in vocab.GRADES
    evidence: Evidence
    stated_as: str  # table | heading | prose | list


@dataclass(frozen=True)
class Finding:
    inspection: str
    number: int
    area: str | None  # the judgement heading it sits under
    topics: tuple[str, ...]
    evidence: Evidence


@dataclass(frozen=True)
class Recommendation:
    """A "What needs to improve?" item, a numbered recommendation, a priority action or AFI."""

    inspection: str
    kind: str  # improve | recommendation | priority-action | area-for-improvement
    number: int
    addressee: str | None  # council | lscb | partnership
    text: str
    topics: tuple[str, ...]
    evidence: Evidence


@dataclass(frozen=True)
class Strength:
    inspection: str
    number: int
    text: str
    evidence: Evidence


@dataclass(frozen=True)
class PlanItem:
    """A plan, theme, priority, desired outcome or action, identified by plan key + notation."""

    plan: str
    kind: str  # plan | theme | priority | priority-action | area-for-improvement | outcome | action
    notation: str
    title: str
    evidence: Evidence
    parent: str | None = None  # notation of the broader item
    due: str | None = None  # ISO date (year-month as YYYY-MM) for actions
    due_text: str | None = None
    measures: tuple[str, ...] = ()
    leads: tuple[tuple[str, str | None], ...] = ()  # (person name, post)
    reference: str | None = None  # a source-table row's reference as printed ("Para 19/21", "Page 2", "Para XX")


@dataclass(frozen=True)
class Link:
    """An explicit link the text states: subject and object are record references.

    References are tuples: ("finding", inspection, number), ("recommendation", inspection, kind,
    number), ("item", plan, notation), ("row", plan, notation) for a source-table row, ("inspection", key),
    ("external", scheme, code), ("reference", text) for a reference nothing resolves ("Para XX").
    ``score`` is None for explicit links and a similarity for inferred ones.
    """

    predicate: str  # addresses | sourcedFrom | dependsOn | answers | concerns
    subject: tuple
    object: tuple
    evidence: Evidence
    score: float | None = None
