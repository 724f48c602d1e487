"""A user query that names graphs, scoped to our graphs by its own text instead of by a listed dataset.

Why: a query reads the server's merge of our graphs as its default graph (``UNION_GRAPH``, each triple
once), and its ``GRAPH ?g`` patterns must range over our graphs only — not over that merge (every row
twice), the bookkeeping graph or a server's own graphs. The SPARQL protocol can say so only by listing
every named graph (``named-graph-uri``), and at 251 Ofsted reports that is 125k fact graphs: a 15 MB
request, and Oxigraph then matches each ``GRAPH ?g`` pattern graph by graph (18–36 s per query, and
finding the list took 30 s on a cold server). Here the query itself says it, and runs with no dataset:

    WHERE { X }                   ->  WHERE { GRAPH <merge> { X } }
    GRAPH ?g { P }  (anywhere)    ->  { GRAPH ?g { P } FILTER(?g is one of ours) }

SPARQL gives the innermost GRAPH the active graph, so ``X``'s own patterns read the merge and each
``GRAPH ?g`` reads the server's quad indexes directly, filtered to our graphs. The text is rewritten by a
scanner that knows SPARQL's strings, IRIs, comments and escaped names (never by keyword search in raw
text); the caller parses the result again with the guard and falls back to listing graphs when this
returns None (a form or layout it does not handle).
"""
from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NAME_CHAR = re.compile(r"[A-Za-z0-9_:\-.\\%\u00b7\u00c0-\uffff]")


def _tokens(text: str):
    """(kind, start, end) of the tokens that matter here: words, '{', '}', '(', ')', IRIs, variables;
    strings, comments and the rest of prefixed names are skipped whole."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
        elif c in "'\"":
            long = text.startswith(c * 3, i)
            quote = c * 3 if long else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                if text[j] == "\\":
                    j += 1
                elif not long and text[j] == "\n":
                    return  # an unterminated string: not a query this scanner understands
                j += 1
            if j >= n:
                return
            i = j + len(quote)
        elif c == "<":
            m = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>").match(text, i)
            if m:  # an IRI (a less-than operator never matches: its neighbours are spaces, quotes or braces)
                yield "iri", i, m.end()
                i = m.end()
            else:
                i += 1
        elif c in "?$":
            m = _WORD.match(text, i + 1)
            end = m.end() if m else i + 1
            yield "var", i, end
            i = end
        elif c in "{}()":
            yield c, i, i + 1
            i += 1
        elif _WORD.match(text, i) and (i == 0 or not _NAME_CHAR.match(text[i - 1])):
            j = i
            while j < n and (_NAME_CHAR.match(text[j])):
                j += 2 if text[j] == "\\" else 1
            word = text[i:j]
            # a keyword is a bare word; a prefixed name (kg:where, graph:x) or a number is not
            yield ("word" if ":" not in word else "name"), i, j
            i = j
        elif c == "\\":
            i += 2
        else:
            i += 1


def scope_graphs(text: str, form: str, merge: str, graph_filter: str) -> str | None:
    """``text`` with its WHERE group read from ``merge`` and each GRAPH pattern filtered by ``graph_filter``
    (a SPARQL expression over ``{g}``, the pattern's graph term); None when the query is not one this handles."""
    if form not in ("SELECT", "ASK", "CONSTRUCT"):
        return None
    tokens = list(_tokens(text))
    parens, opens, closing = 0, [], {}  # open braces' token indices; each one's closing brace
    for index, (kind, _, _) in enumerate(tokens):
        if kind == "{":
            opens.append(index)
        elif kind == "}":
            if not opens:
                return None
            closing[opens.pop()] = index
        elif kind == "(":
            parens += 1
        elif kind == ")":
            parens -= 1
    if opens or parens:
        return None
    where = _where_group(text, tokens, form)
    if where is None:
        return None
    inserts: list[tuple[int, int, str]] = []  # (position, order, text): wrappers nest, so order breaks ties
    open_at, close_at = tokens[where][1], tokens[closing[where]][1] + 1
    inserts += [(open_at, 0, f"{{ GRAPH <{merge}> "), (close_at, 1, " }")]
    for index, (kind, start, end) in enumerate(tokens):
        if kind != "word" or text[start:end].upper() != "GRAPH":
            continue
        if index + 2 >= len(tokens) or tokens[index + 1][0] not in ("var", "iri", "name") or tokens[index + 2][0] != "{":
            return None
        if not (open_at < start < close_at):
            return None  # a GRAPH pattern outside the WHERE group (in a projected EXISTS?): not handled
        term = text[tokens[index + 1][1]:tokens[index + 1][2]]
        group_end = tokens[closing[index + 2]][1] + 1
        inserts += [(start, 2, "{ "), (group_end, -1, f" FILTER({graph_filter.format(g=term)}) }}")]
    out, last = [], 0
    for position, _, piece in sorted(inserts, key=lambda t: (t[0], t[1])):
        out += [text[last:position], piece]
        last = position
    return "".join(out + [text[last:]])


def _where_group(text: str, tokens: list, form: str) -> int | None:
    """Index of the '{' opening the query's WHERE group: the group after a top-level WHERE keyword, or
    (SELECT and ASK without the keyword) the first top-level group outside parentheses."""
    depth = parens = 0
    for index, (kind, start, end) in enumerate(tokens):
        if kind == "word" and depth == 0 and parens == 0 and text[start:end].upper() == "WHERE":
            nxt = index + 1
            return nxt if nxt < len(tokens) and tokens[nxt][0] == "{" else None
        if kind == "{":
            if depth == 0 and parens == 0 and form in ("SELECT", "ASK"):
                return index
            depth += 1
        elif kind == "}":
            depth -= 1
        elif kind == "(":
            parens += 1
        elif kind == ")":
            parens -= 1
    return None
