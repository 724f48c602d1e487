"""Closed Python namespaces: a mistyped term is an AttributeError, not a silent new IRI.

``KG`` mirrors ``councilkg.ttl`` term for term (a test checks both directions). To add a term,
add it to the .ttl with a label and comment, then add the annotation line here.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

ONTOLOGY_DIR = Path(__file__).resolve().parent
VOCABULARY_TTL = ONTOLOGY_DIR / "councilkg.ttl"
SHAPES_TTL = ONTOLOGY_DIR / "shapes.ttl"
PROVENANCE_SHAPES_TTL = ONTOLOGY_DIR / "provenance_shapes.ttl"

NS = "https://w3id.org/councilkg/ns#"
DATA = "https://w3id.org/councilkg/id/"


class KG(DefinedNamespace):
    """The councilkg vocabulary (https://w3id.org/councilkg/ns#)."""

    _NS = Namespace(NS)
    _fail = True

    AgendaItem: URIRef
    AlsoInAttendance: URIRef
    Apologies: URIRef
    Attendance: URIRef
    AttendanceRoles: URIRef
    Board: URIRef
    Body: URIRef
    BodyTypes: URIRef
    ChairRole: URIRef
    Commitment: URIRef
    Committee: URIRef
    Council: URIRef
    Decision: URIRef
    DeclarationOfInterest: URIRef
    Directorate: URIRef
    DisclosablePecuniaryInterest: URIRef
    Document: URIRef
    Executive: URIRef
    ExtractionActivity: URIRef
    Extractor: URIRef
    FactGraph: URIRef
    Finding: URIRef
    Good: URIRef
    GovernmentDepartment: URIRef
    Grades: URIRef
    InTheChair: URIRef
    Inadequate: URIRef
    Indicator: URIRef
    InferredLink: URIRef
    Inspection: URIRef
    Inspectorate: URIRef
    InterestTypes: URIRef
    Judgement: URIRef
    Meeting: URIRef
    MemberRole: URIRef
    OtherInterest: URIRef
    Outstanding: URIRef
    Paragraph: URIRef
    Part: URIRef
    PartnerOrganisation: URIRef
    Person: URIRef
    PersonalInterest: URIRef
    Plan: URIRef
    PlannedAction: URIRef
    PostHolding: URIRef
    PrejudicialInterest: URIRef
    Present: URIRef
    Priority: URIRef
    PrioritySource: URIRef
    Question: URIRef
    Recommendation: URIRef
    RequiresImprovement: URIRef
    Roles: URIRef
    Section: URIRef
    SendOutcome1: URIRef
    SendOutcome2: URIRef
    SendOutcome3: URIRef
    Theme: URIRef
    addresses: URIRef
    answeredBy: URIRef
    apologies: URIRef
    area: URIRef
    arisesFrom: URIRef
    askedBy: URIRef
    attendanceRole: URIRef
    attendee: URIRef
    bodyType: URIRef
    chair: URIRef
    committedBy: URIRef
    decisionType: URIRef
    declarant: URIRef
    dependsOn: URIRef
    dueDate: URIRef
    dueText: URIRef
    duplicateOf: URIRef
    endOffset: URIRef
    extractorName: URIRef
    extractorVersion: URIRef
    framework: URIRef
    grade: URIRef
    headingPath: URIRef
    inAttendance: URIRef
    indicator: URIRef
    inspectedBody: URIRef
    inspection: URIRef
    interestType: URIRef
    item: URIRef
    itemNumber: URIRef
    judgement: URIRef
    kind: URIRef
    label: URIRef
    leadInspector: URIRef
    leadOfficer: URIRef
    linkSource: URIRef
    linkTarget: URIRef
    measure: URIRef
    meeting: URIRef
    method: URIRef
    observedOn: URIRef
    ordinal: URIRef
    page: URIRef
    paragraphNumber: URIRef
    plan: URIRef
    post: URIRef
    present: URIRef
    publicAttendance: URIRef
    questionType: URIRef
    reference: URIRef
    respondsTo: URIRef
    score: URIRef
    similarTo: URIRef
    startOffset: URIRef
    statement: URIRef
    text: URIRef
    time: URIRef
    unresolvedReference: URIRef


ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
DOCO = Namespace("http://purl.org/spar/doco/")
FABIO = Namespace("http://purl.org/spar/fabio/")
OPENGOV = Namespace("http://www.w3.org/ns/opengov#")
PERSON = Namespace("http://www.w3.org/ns/person#")
QB = Namespace("http://purl.org/linked-data/cube#")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, object] = {
    "kg": Namespace(NS), "org": ORG, "prov": PROV, "oa": OA, "dcterms": DCTERMS, "skos": SKOS,
    "schema": SCHEMA, "doco": DOCO, "fabio": FABIO, "opengov": OPENGOV, "qb": QB, "rdf": RDF,
    "rdfs": RDFS, "xsd": XSD, "owl": OWL,
}


def bind_prefixes(graph) -> None:
    """Bind our prefixes on a Graph or Dataset so serialisations read well."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, str(namespace), override=True)


def sparql_prologue() -> str:
    """PREFIX lines for every namespace above, so queries can use the short forms."""
    return "".join(f"PREFIX {p}: <{n}>\n" for p, n in PREFIXES.items())


__all__ = ["KG", "ORG", "PROV", "OA", "SCHEMA", "DOCO", "FABIO", "OPENGOV", "PERSON", "QB", "SH",
           "DCTERMS", "SKOS", "RDF", "RDFS", "XSD", "OWL", "PREFIXES", "bind_prefixes",
           "sparql_prologue", "NS", "DATA"]
