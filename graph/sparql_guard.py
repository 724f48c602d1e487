"""The read-only SPARQL guard: parse the query, then judge its parse tree and algebra — never its text.

Why parsed: the old check blanked strings with a regex and looked for keywords, so an escaped
quote in a prefixed name (``?x kg:a\\' ?y``, valid SPARQL) hid a following ``SERVICE <http://…>``
and the query called out to any URL. Here rdflib's own SPARQL parser reads the query; only a
SELECT/ASK/CONSTRUCT/DESCRIBE passes, with no SERVICE anywhere in its parse tree or algebra and
no FROM / FROM NAMED outside the project's own graphs. Updates (INSERT, DELETE, LOAD, CLEAR, …)
do not parse as queries at all and are named as updates.

Every store calls ``check_query`` before it runs anything (memory, embedded Oxigraph, a SPARQL
server), so one guard serves them all; rdflib's fetching of FROM graphs is also switched off
process-wide (``disable_graph_loading``), in case anything reaches rdflib unguarded.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from councilkg.errors import QueryError
from ontology.namespace import DATA, PREFIXES

FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
MAX_QUERY_CHARS = 50_000  # rdflib parses ~80 KB/s; a longer query is not something a person typed
HINT = "Use SELECT, ASK, CONSTRUCT or DESCRIBE over the local graph."


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed the guard: its full text (our prefixes added), form and rdflib algebra."""

    text: str
    form: str
    algebra: Any  # rdflib.plugins.sparql.sparql.Query, evaluated directly by the rdflib store
    has_dataset: bool = False  # FROM / FROM NAMED given: the query chose its own default graph
    names_graphs: bool = False  # a GRAPH pattern: the query reads named graphs, not only their merge
    graph_patterns: int = 0  # how many GRAPH patterns its algebra holds (a rewrite that scopes them checks it)

    def __str__(self) -> str:
        return self.text


def disable_graph_loading() -> None:
    """Never let rdflib fetch a URL or read a file named in FROM / FROM NAMED."""
    import rdflib.plugins.sparql

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


def with_prefixes(sparql: str) -> str:
    """Prepend PREFIX lines for our namespaces the query does not declare itself."""
    declared = {m.group(1) for m in re.finditer(r"PREFIX\s+([\w-]*):", sparql, re.I)}
    lines = [f"PREFIX {p}: <{n}>" for p, n in PREFIXES.items() if p not in declared]
    return "\n".join(lines + [sparql])


def is_project_graph(iri: str) -> bool:
    """Graphs the project wrote (fact graphs, the text layer) all live under its data namespace."""
    return str(iri).startswith(str(DATA))


def check_query(sparql: "str | CheckedQuery") -> CheckedQuery:
    """Parse ``sparql`` and return it checked; QueryError (one sentence) when it may not run.

    Refused: anything that is not SELECT/ASK/CONSTRUCT/DESCRIBE (updates, LOAD, …), SERVICE
    anywhere, FROM / FROM NAMED naming a graph outside the project's, text rdflib cannot parse.
    """
    if isinstance(sparql, CheckedQuery):
        return sparql
    if not isinstance(sparql, str) or not sparql.strip():
        raise QueryError("The SPARQL query is empty.", hint="Example: SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10")
    if len(sparql) > MAX_QUERY_CHARS:
        raise QueryError(f"The SPARQL query is {len(sparql):,} characters long; the limit is {MAX_QUERY_CHARS:,}.")
    text = with_prefixes(sparql)
    parsed = _parse(text)
    form_node = parsed[1]
    form = FORMS.get(getattr(form_node, "name", ""))
    if form is None:  # pragma: no cover - the query grammar only yields the four forms
        raise QueryError("The query has no SELECT, ASK, CONSTRUCT or DESCRIBE form.", hint=HINT)
    _refuse_service(parsed)
    # (CompValue.get returns the key itself when it is missing: test membership instead.)
    clauses = (form_node["datasetClause"] if "datasetClause" in form_node else None) or ()
    for clause in clauses:
        for key in ("default", "named"):
            graph = clause[key] if key in clause else None
            if graph is not None and not is_project_graph(graph):
                raise QueryError(f"FROM{' NAMED' if key == 'named' else ''} <{_short(graph)}> is refused: queries "
                                 "read only the project's own graphs, which they already see without FROM.")
    algebra = _translate(parsed)
    _refuse_service(algebra.algebra)
    graphs = sum(1 for node in _nodes(algebra.algebra) if getattr(node, "name", "") == "Graph")
    return CheckedQuery(text=text, form=form, algebra=algebra, has_dataset=bool(clauses), names_graphs=graphs > 0,
                        graph_patterns=graphs)


def _parse(text: str):
    from pyparsing import ParseException

    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        return parseQuery(text)
    except ParseException as exc:
        query_error = exc
    except RecursionError:
        raise QueryError("The SPARQL query is nested too deeply (or has too many patterns in one group) "
                         "for the parser.", hint="Split it into smaller queries.") from None
    except Exception as exc:  # noqa: BLE001 - rdflib raises plain Exceptions for bad prefixes, IRIs, …
        raise QueryError(f"The SPARQL query could not be parsed: {_first_line(exc)}.") from None
    try:
        parseUpdate(text)
    except Exception:  # noqa: BLE001 - not an update either: report the query parser's complaint
        raise QueryError(f"The SPARQL query could not be parsed: {_first_line(query_error)}.",
                         hint="Check the syntax near that position.") from None
    raise QueryError("This endpoint is read-only: updates (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP, COPY, MOVE, "
                     "ADD) are refused; use SELECT, ASK, CONSTRUCT or DESCRIBE.")


def _translate(parsed):
    from rdflib.plugins.sparql.algebra import translateQuery

    try:
        return translateQuery(parsed)
    except RecursionError:
        raise QueryError("The SPARQL query is nested too deeply for the query planner.",
                         hint="Split it into smaller queries.") from None
    except Exception as exc:  # noqa: BLE001 - e.g. a variable projected but not grouped
        raise QueryError(f"The SPARQL query is not valid: {_first_line(exc)}.") from None


def _nodes(node, depth: int = 0) -> Iterator[Any]:
    """Every CompValue in a parse tree or algebra (dicts, lists and pyparsing results nest them)."""
    from pyparsing import ParseResults

    from rdflib.plugins.sparql.parserutils import CompValue

    if depth > 5000:  # pragma: no cover - the parser's own recursion limit is far lower
        raise QueryError("The SPARQL query is nested too deeply.")
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _nodes(value, depth + 1)
    elif isinstance(node, (list, tuple, ParseResults)):
        for value in node:
            yield from _nodes(value, depth + 1)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _nodes(value, depth + 1)


def _refuse_service(tree) -> None:
    for node in _nodes(tree):
        if node.name == "ServiceGraphPattern":
            raise QueryError("This endpoint is read-only and local: federated SERVICE calls are refused, "
                             "so nothing was fetched.")


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _first_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return (text[:200] + "…") if len(text) > 200 else text.rstrip(".")
