"""A SPARQL 1.1 server as the store (Oxigraph server, Virtuoso, Fuseki …), through standard protocols only.

Queries go over the SPARQL 1.1 Protocol (POST, JSON results), loads over SPARQL 1.1 Update
(``INSERT DATA`` in chunks) — or, when a Graph Store Protocol URL is configured, as one N-Quads
POST per document, the bulk path Oxigraph's ``/store`` offers. Each document's quads live in
named graphs it owns (``graph/stores/partition.py``), so re-ingesting a document replaces just
its graphs, and a digest per document (``kg:partitionDigest`` in the server's own bookkeeping
graph) lets a rebuild skip the documents whose quads did not change.

Why no client library: three HTTP calls (query, update, store) are plain ``urllib``; a library
would add a dependency and hide the timeouts.
"""
from __future__ import annotations

import hashlib
import http.client
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from councilkg.errors import BuildError, QueryError
from graph.stores import partition
from graph.stores.base import Quad
from graph.stores.convert import from_ox, from_ox_quad, to_ox_quad
from ontology.namespace import DATA, KG

BOOKKEEPING_GRAPH = URIRef(DATA + "graph/partitions")
# Each distinct triple of ours once: the default graph of every query that names no graph. A server's
# union of named graphs keeps one copy per graph (Oxigraph's --union-default-graph, Virtuoso's
# default), so joins over restated triples multiply rows (see graph/stores/oxigraph.py); SPARQL's
# default graph is their RDF merge, a set.
UNION_GRAPH = URIRef(DATA + "graph/union")
# Where a document's triples wait, inside one update, while the merge forgets those no other graph
# holds (outside DATA, so no query of ours ever reads it; empty between updates)
_RETRACTING = URIRef("urn:councilkg:union-retracting")
_DIGEST = URIRef(DATA + "partitionDigest")  # bookkeeping only: not an ontology term of the data
_CHUNK = 4000          # quads per INSERT DATA request (Virtuoso refuses very large requests)
_BULK_CHUNK = 100_000  # triples per Graph Store POST of the merged default graph
_OURS = f'STRSTARTS(STR(?g), "{DATA}")'  # a server may hold other graphs (Virtuoso's system graphs)
# The graphs a user's GRAPH pattern may read: ours, not the merge or the bookkeeping (``graph_scope``)
_USER_GRAPH = f'(STRSTARTS(STR({{g}}), "{DATA}") && {{g}} != <{UNION_GRAPH}> && {{g}} != <{BOOKKEEPING_GRAPH}>)'
# Results as JSON, parsed by pyoxigraph (Rust) rather than json.loads and a Python loop. Not XML, though Virtuoso
# writes it ~5x faster: both servers write a carriage return in a literal unescaped, which an XML parser reads as a
# line feed (and pyoxigraph's XML reader trims a literal's edge whitespace)
_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


def _nquads(quads: Iterable[Quad]) -> bytes:
    return ox.serialize([to_ox_quad(*q) for q in quads], format=ox.RdfFormat.N_QUADS)


class SparqlStore:
    """Quads held by a SPARQL 1.1 server; reads are queries, writes are per-document replacements."""

    name = "sparql"
    remote = True
    RETRY_AFTER_S = 1.0  # the pause before a query the server could not start is asked once more

    def __init__(self, query_url: str, update_url: str = "", store_url: str = "", timeout: float | None = 10.0):
        if not query_url:
            raise BuildError("COUNCILKG_STORE=sparql needs a query endpoint.",
                             hint="Set COUNCILKG_SPARQL_QUERY_URL (e.g. http://127.0.0.1:7878/query).")
        self.query_url = query_url
        self.update_url = update_url
        self.store_url = store_url
        self.timeout = timeout
        self._graphs: list[str] | None = None  # our named graphs, for queries that name graphs

    # HTTP ----------------------------------------------------------------------------------
    def _post(self, url: str, body: bytes, content_type: str, accept: str = "*/*", timeout: float | None = None) -> bytes:
        return self._exchange(url, body, content_type, accept, timeout)[0]

    def _exchange(self, url: str, body: bytes, content_type: str, accept: str = "*/*",
                  timeout: float | None = None) -> tuple[bytes, str]:
        """POST ``body``; the answer's bytes and its media type (lower case, no parameters).

        A query the server could not start for want of a resource (Oxigraph's 500 "Resource temporarily
        unavailable (os error 11)", or a connection it dropped because it could not spawn a thread for it: each
        stopped a build at 251 reports on a loaded machine; or a 503) is asked once more after a second: queries
        change nothing, so asking again is safe. Updates are never repeated."""
        try:
            return self._exchange_once(url, body, content_type, accept, timeout)
        except _Transient:
            time.sleep(self.RETRY_AFTER_S)
        try:
            return self._exchange_once(url, body, content_type, accept, timeout)
        except _Transient as exc:
            raise exc.error from None

    def _exchange_once(self, url: str, body: bytes, content_type: str, accept: str,
                       timeout: float | None) -> tuple[bytes, str]:
        request = urllib.request.Request(url, data=body, method="POST",
                                         headers={"Content-Type": content_type, "Accept": accept})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                kind = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
                return response.read(), kind
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            message = detail[0][:300] if detail else exc.reason
            if exc.code in (400, 422) and url == self.query_url:
                raise QueryError(f"The SPARQL server refused the query: {message}") from exc
            error = BuildError(f"The SPARQL server at {url} answered {exc.code}: {message}")
            error.__cause__ = exc
            if url == self.query_url and (exc.code == 503 or (exc.code == 500 and "temporarily unavailable" in message)):
                raise _Transient(error) from exc
            raise error
        except (socket.timeout, TimeoutError) as exc:
            raise QueryError(f"The SPARQL query did not finish within {timeout:g} s.",
                             hint="Narrow it (add a LIMIT or more specific patterns) or raise COUNCILKG_SPARQL_TIMEOUT_S.") from exc
        except (ConnectionResetError, http.client.RemoteDisconnected) as exc:
            # Oxigraph's HTTP server drops a connection it cannot spawn a thread for ("OxHTTP thread spawn error:
            # Resource temporarily unavailable", during a build's thousands of queries on a loaded machine)
            error = BuildError(f"The SPARQL server at {url} closed the connection without an answer ({exc}).")
            error.__cause__ = exc
            if url == self.query_url:
                raise _Transient(error) from exc
            raise error
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (socket.timeout, TimeoutError)):
                raise QueryError(f"The SPARQL query did not finish within {timeout:g} s.") from exc
            raise BuildError(f"The SPARQL server at {url} cannot be reached ({exc.reason}).",
                             hint="Start it (e.g. `make sparql-server`) or check COUNCILKG_SPARQL_QUERY_URL.") from exc

    def _update(self, sparql: str) -> None:
        if not self.update_url:
            raise BuildError("Loading the graph into the SPARQL server needs an update endpoint.",
                             hint="Set COUNCILKG_SPARQL_UPDATE_URL (e.g. http://127.0.0.1:7878/update).")
        self._post(self.update_url, urllib.parse.urlencode({"update": sparql}).encode(),
                   "application/x-www-form-urlencoded", timeout=max(self.timeout or 0, 600))

    # Reading -------------------------------------------------------------------------------
    def select(self, query, timeout: float | None = None, *, limits=None) -> list[dict[str, Node]]:
        """A query through the one guard (``graph.sparql_guard``), then to the server.

        A user query (``timeout`` or ``limits``) is bounded by the HTTP time limit (the server's
        own ``--timeout-s`` stops its work too) and cut at the row cap; memory is the server's.
        """
        from graph.sparql_guard import check_query
        from graph.stores.bounded import QueryLimits, Rows

        checked = check_query(query)
        if limits is None and timeout is not None:
            limits = QueryLimits.of(timeout)
        text, merged, named = self._dataset_for(checked)
        if limits is None:
            return self.run(text, timeout=None, merged=merged, named=named)
        rows = self.run(text, timeout=limits.timeout_s, merged=merged, named=named)
        out = Rows(rows[:limits.max_rows])
        out.truncated = len(rows) > limits.max_rows
        out.limit = limits.max_rows
        return out

    def _dataset_for(self, checked) -> tuple[str, bool, Iterable[str]]:
        """(text, merged, named) to send for a checked user query: the text scoped to our graphs when it
        names graphs (``graph_scope``: no dataset listed), else the merged default graph as the dataset.

        Listing every graph of ours as ``named-graph-uri`` (the fallback, for a query the scoping cannot
        rewrite) costs a 15 MB request and a graph-by-graph match on Oxigraph at 251 reports (18-36 s)."""
        from graph.sparql_guard import check_query
        from graph.stores.graph_scope import scope_graphs

        if checked.has_dataset:  # the query chose its own graphs (the guard kept them to ours)
            return checked.text, False, ()
        if not checked.names_graphs:
            return checked.text, True, ()
        scoped = scope_graphs(checked.text, checked.form, str(UNION_GRAPH), _USER_GRAPH)
        if scoped is not None:
            try:  # parsed (and guarded) again: the scanner's output must be valid SPARQL with one GRAPH more (the merge's)
                rechecked = check_query(scoped)
                if rechecked.graph_patterns == checked.graph_patterns + 1:
                    return rechecked.text, False, ()
            except QueryError:
                pass
        return checked.text, True, self.named_graphs()

    def run(self, sparql: str, timeout: float | None = None, merged: bool = False,
            named: Iterable[str] = ()) -> list[dict[str, Node]]:
        """Run a query of the project's own (not a user's: no guard) and parse the results.

        With ``merged`` the query's default graph is ``UNION_GRAPH`` (SPARQL protocol's
        default-graph-uri), each triple once, and its named graphs ``named`` (named-graph-uri:
        Oxigraph then offers no other, as the protocol says; Virtuoso offers all anyway).
        Rows of {variable: rdflib term}; ASK gives [{"ask": bool}], CONSTRUCT/DESCRIBE {"s","p","o"} rows.
        """
        params = [("query", sparql)]
        if merged:
            params += [("default-graph-uri", str(UNION_GRAPH))] + [("named-graph-uri", g) for g in named]
        body = urllib.parse.urlencode(params).encode()
        raw, kind = self._exchange(self.query_url, body, "application/x-www-form-urlencoded", _ACCEPT,
                                   timeout or self.timeout or None)
        if kind != "application/sparql-results+json" and not raw.lstrip().startswith(b"{"):
            # a graph (CONSTRUCT/DESCRIBE) in N-Triples
            triples = ox.parse(raw, format=ox.RdfFormat.N_TRIPLES)
            return [dict(zip("spo", from_ox_quad(ox.Quad(t.subject, t.predicate, t.object))[:3])) for t in triples]
        try:
            parsed = ox.parse_query_results(raw, ox.QueryResultsFormat.JSON)
        except SyntaxError as exc:  # a server that stops a query mid-stream appends its message to the results
            raise QueryError("The SPARQL server stopped the query before the end of its results "
                             f"(its own time limit?): {raw[-200:].decode('utf-8', 'replace')}") from exc
        if isinstance(parsed, ox.QueryBoolean):
            return [{"ask": Literal(bool(parsed))}]
        names = [v.value for v in parsed.variables]
        rows = [{name: from_ox(term) for name, term in zip(names, solution) if term is not None} for solution in parsed]
        if names == ["__ASK_RETVAL"]:  # Virtuoso answers ASK as a one-column SELECT
            return [{"ask": Literal(bool(rows) and str(rows[0]["__ASK_RETVAL"]) not in ("0", "false"))}]
        return rows

    def quads(self) -> Iterator[Quad]:
        """Every quad of ours, in the build's layout (text layer and default graph mapped back)."""
        rows = self.run(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({_OURS} "
                        f"&& ?g != <{BOOKKEEPING_GRAPH}> && ?g != <{UNION_GRAPH}>) }}", timeout=3600)
        for row in rows:
            yield row["s"], row["p"], row["o"], partition.from_server_graph(row["g"])

    def __len__(self) -> int:
        """Distinct quads of ours (a triple shared by two documents' provenance counts once)."""
        rows = self.run(f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o ?h WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                           f"FILTER({_OURS} && ?g != <{BOOKKEEPING_GRAPH}> && ?g != <{UNION_GRAPH}>) "
                        f"BIND(IF(STRSTARTS(STR(?g), \"{partition._PROV_PREFIX}\"), \"\", STR(?g)) AS ?h) }} }}",
                        timeout=600)
        return int(rows[0]["n"]) if rows else 0

    # Writing -------------------------------------------------------------------------------
    def digests(self) -> dict[str, str]:
        """The digest of each document's quads as last loaded (empty for a new server)."""
        rows = self.run(f"SELECT ?part ?d WHERE {{ GRAPH <{BOOKKEEPING_GRAPH}> {{ ?part <{_DIGEST}> ?d }} }}")
        return {urllib.parse.unquote(str(r["part"]).rsplit("/", 1)[-1]): str(r["d"]) for r in rows}

    def add(self, quads: Iterable[Quad]) -> None:
        """Load ``quads``, replacing the graphs of every document they hold (a whole-build load)."""
        self.replace(partition.split(quads))

    def replace(self, groups: dict[str, list[Quad]], keep_others: bool = True, digests: dict | None = None) -> dict:
        """Replace each document's graphs whose digest changed; with ``keep_others=False`` drop the rest.

        Args:
            groups: document id -> its quads in the server layout (``partition.split``).
            keep_others: leave documents not in ``groups`` alone (an ingest) or drop them (a rebuild).
            digests: the groups' digests when the caller has them (``partition_digests``).
        Returns:
            {"loaded": [...], "unchanged": [...], "dropped": [...]} document ids.
        """
        old = self.digests()
        # A whole build into an empty server writes the merge once at the end; a server loaded before the
        # merge existed gets it whole too; otherwise each drop and load keeps it the merge as it goes
        whole = not old or not self._has_union()
        digests = digests or partition_digests(groups)
        report = {"loaded": [], "unchanged": [], "dropped": []}
        for doc, quads in groups.items():
            digest = digests[doc]
            if old.get(doc) == digest:
                report["unchanged"].append(doc)
                continue
            if doc in old:
                self.drop(doc, merge=not whole)
            self._load(quads, merge=not whole)
            self._update(f"INSERT DATA {{ GRAPH <{BOOKKEEPING_GRAPH}> {{ <{_part_iri(doc)}> <{_DIGEST}> \"{digest}\" }} }}")
            report["loaded"].append(doc)
        if not keep_others:
            for doc in set(old) - set(groups):
                self.drop(doc, merge=not whole)
                report["dropped"].append(doc)
        if whole and not old and self.store_url:  # an empty server: the merge in bulk, from here
            merged = list({(s, p, o) for quads in groups.values() for s, p, o, _ in quads})
            self._update(f"DROP SILENT GRAPH <{UNION_GRAPH}>")
            # In bodies of _BULK_CHUNK triples: the server holds one request's writes in memory until it
            # commits (Oxigraph: 5 GB and 10 minutes under load for the 251 reports' merged graph in one body)
            for start in range(0, len(merged), _BULK_CHUNK):
                self._post(self.store_url, _nquads((s, p, o, UNION_GRAPH) for s, p, o in merged[start:start + _BULK_CHUNK]),
                           "application/n-quads", timeout=max(self.timeout or 0, 600))
        elif whole:
            self.refresh_union()  # on the server: 9 s for 90 k quads on Oxigraph, 2 s on Virtuoso
        self._graphs = None
        return report

    def named_graphs(self) -> list[str]:
        """The named graphs to offer beside the merged default graph: none when the server keeps
        offering all of them (Virtuoso, which also refuses a long list), else every graph of ours
        (Oxigraph) — found once per process, and again after documents are loaded or dropped here."""
        if self._graphs is None and self.run("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1", merged=True):
            self._graphs = []
        if self._graphs is None:
            rows = self.run(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({_OURS} "
                            f"&& ?g != <{BOOKKEEPING_GRAPH}> && ?g != <{UNION_GRAPH}>) }}", timeout=600)
            self._graphs = [str(r["g"]) for r in rows]
        return self._graphs

    def _has_union(self) -> bool:
        rows = self.run(f"ASK {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }}")
        return bool(rows and rows[0]["ask"])

    def refresh_union(self) -> None:
        """Rewrite ``UNION_GRAPH`` from every graph of ours (9 s for 90 k quads on Oxigraph, 2-4 s on
        Virtuoso): after a whole load, or for a server loaded without it; partial replaces keep it up to
        date document by document (``drop`` and ``_load``)."""
        self._update(f"DROP SILENT GRAPH <{UNION_GRAPH}> ;\n"
                     f"INSERT {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                     f"FILTER({_OURS} && ?g != <{BOOKKEEPING_GRAPH}> && ?g != <{UNION_GRAPH}>) }}")

    def drop(self, doc: str, merge: bool = True) -> None:
        """Remove every graph a document owns: its fact graphs (listed in its provenance graph) and the rest.

        With ``merge`` (unless the whole merge is rewritten afterwards) the same update takes out of ``UNION_GRAPH``
        the document's triples that no other graph of ours holds, so the merge stays exact without
        being rewritten: the document's triples are set aside, its graphs dropped, and each set-aside
        triple still found in a graph of ours is kept.
        """
        text, prov = partition.partition_graphs(doc)
        owned = (f"{{ GRAPH <{prov}> {{ ?g a <{KG.FactGraph}> }} GRAPH ?g {{ ?s ?p ?o }} }} "
                 f"UNION {{ GRAPH <{text}> {{ ?s ?p ?o }} }} UNION {{ GRAPH <{prov}> {{ ?s ?p ?o }} }}")
        set_aside = (f"DROP SILENT GRAPH <{_RETRACTING}> ;\n"
                     f"INSERT {{ GRAPH <{_RETRACTING}> {{ ?s ?p ?o }} }} WHERE {{ {owned} }} ;\n") if merge else ""
        forget = (f" ;\nDELETE {{ GRAPH <{UNION_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{_RETRACTING}> {{ ?s ?p ?o }} "
                  f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER({_OURS.replace('?g', '?h')} "
                  f"&& ?h != <{BOOKKEEPING_GRAPH}> && ?h != <{UNION_GRAPH}>) }} }} ;\n"
                  f"DROP SILENT GRAPH <{_RETRACTING}>") if merge else ""
        self._update(
            set_aside +
            f"DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{prov}> {{ ?g a <{KG.FactGraph}> }} "
            f"GRAPH ?g {{ ?s ?p ?o }} }} ;\n"
            f"DROP SILENT GRAPH <{text}> ;\nDROP SILENT GRAPH <{prov}> ;\n"
            f"DELETE WHERE {{ GRAPH <{BOOKKEEPING_GRAPH}> {{ <{_part_iri(doc)}> ?p ?o }} }}" + forget)

    def _load(self, quads: list[Quad], merge: bool = True) -> None:
        """Add a document's quads; with ``merge`` its triples to ``UNION_GRAPH`` too, in the same request
        (a set: a triple already there stays once)."""
        merged = {(s, p, o, UNION_GRAPH) for s, p, o, _ in quads} if merge else set()
        self._insert([*quads, *merged])

    def _insert(self, quads: list[Quad]) -> None:
        if self.store_url:  # bulk: the whole document as one N-Quads body
            self._post(self.store_url, _nquads(quads), "application/n-quads", timeout=max(self.timeout or 0, 600))
            return
        for start in range(0, len(quads), _CHUNK):
            chunk = quads[start:start + _CHUNK]
            by_graph: dict = {}
            for s, p, o, g in chunk:
                by_graph.setdefault(g, []).append((s, p, o))
            blocks = []
            for g, triples in by_graph.items():
                lines = " .\n".join(f"{s.n3()} {p.n3()} {_n3(o)}" for s, p, o in triples)
                blocks.append(f"GRAPH <{g}> {{\n{lines} }}")
            self._update("INSERT DATA {\n" + "\n".join(blocks) + "\n}")

    def clear(self) -> None:
        """Drop every graph of ours (tests and benches start from an empty server)."""
        for doc in list(self.digests()):
            self.drop(doc, merge=False)  # the merge goes whole below
        self._update(f"DROP SILENT GRAPH <{BOOKKEEPING_GRAPH}> ;\nDROP SILENT GRAPH <{UNION_GRAPH}>")
        self._graphs = None


class _Transient(Exception):
    """A query the server could not run just now (carries the error to raise if it fails again)."""

    def __init__(self, error: Exception):
        super().__init__(str(error))
        self.error = error


def _n3(term: Node) -> str:
    """N-Triples form of a term; plain strings written without a datatype (what every server reads)."""
    if isinstance(term, Literal) and term.datatype is None and not term.language:
        return json.dumps(str(term), ensure_ascii=False)
    return term.n3()


def _part_iri(doc: str) -> URIRef:
    return URIRef(f"{BOOKKEEPING_GRAPH}/{urllib.parse.quote(doc, safe='-._~')}")


def partition_digests(groups: dict[str, list[Quad]]) -> dict[str, str]:
    """A content digest of each document's quads (order-independent)."""
    return {doc: _digest(quads) for doc, quads in groups.items()}


def _digest(quads: list[Quad]) -> str:
    lines = sorted(f"{s.n3()} {p.n3()} {o.n3()} {g.n3() if g is not None else ''}" for s, p, o, g in quads)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:24]
