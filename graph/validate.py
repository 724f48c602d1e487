"""SHACL validation: domain shapes on the union graph, provenance shapes on the default graph."""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    domain_report: str
    provenance_report: str


def validate(kg) -> ValidationResult:
    """Validate a KnowledgeGraph against ontology/shapes.ttl and ontology/provenance_shapes.ttl."""
    from pyshacl import validate as shacl

    from ontology.namespace import PROVENANCE_SHAPES_TTL, SHAPES_TTL

    domain_ok, _, domain_text = shacl(kg.union(), shacl_graph=Graph().parse(SHAPES_TTL), inference="none")
    prov_ok, _, prov_text = shacl(kg.default_graph(), shacl_graph=Graph().parse(PROVENANCE_SHAPES_TTL), inference="none")
    return ValidationResult(bool(domain_ok and prov_ok), domain_text, prov_text)
