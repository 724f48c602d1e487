"""The councilkg vocabulary and SHACL shapes (depends on nothing else in the project)."""
from ontology.namespace import KG, NS, VOCABULARY_TTL, SHAPES_TTL, PROVENANCE_SHAPES_TTL

__all__ = ["KG", "NS", "VOCABULARY_TTL", "SHAPES_TTL", "PROVENANCE_SHAPES_TTL"]
