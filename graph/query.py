"""Read-only SPARQL: refuse updates and federated calls before they reach a store."""
from __future__ import annotations

import re

from councilkg.errors import QueryError
from ontology.namespace import PREFIXES

# Strings, IRIs and comments are blanked first so a keyword inside a literal is not refused.
_NOISE = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*')
_FORBIDDEN = re.compile(r"(?<![\w?$:])(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|SERVICE)(?![\w:-])", re.I)
_FORM = re.compile(r"(?<![\w?$:])(SELECT|ASK|CONSTRUCT|DESCRIBE)(?![\w:])", re.I)


def check_read_only(sparql: str) -> None:
    """Raise QueryError unless ``sparql`` is a SELECT/ASK/CONSTRUCT/DESCRIBE without SERVICE."""
    bare = _NOISE.sub(" ", sparql)
    bad = _FORBIDDEN.search(bare)
    if bad:
        word = bad.group(1).upper()
        what = "federated SERVICE calls" if word == "SERVICE" else f"updates ({word})"
        raise QueryError(f"This endpoint is read-only: {what} are refused.",
                         hint="Use SELECT, ASK, CONSTRUCT or DESCRIBE over the local graph.")
    if not _FORM.search(bare):
        raise QueryError("The query has no SELECT, ASK, CONSTRUCT or DESCRIBE form.",
                         hint="Example: SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10")


def with_prefixes(sparql: str) -> str:
    """Prepend PREFIX lines for our namespaces the query does not declare itself."""
    declared = {m.group(1) for m in re.finditer(r"PREFIX\s+([\w-]*):", sparql, re.I)}
    lines = [f"PREFIX {p}: <{n}>" for p, n in PREFIXES.items() if p not in declared]
    return "\n".join(lines + [sparql])
