"""A query the server could not start for want of a resource is asked once more; other errors and updates are not."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from councilkg.errors import BuildError
from graph.stores.sparql import SparqlStore

RESULTS = b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "1"}}]}}'


@pytest.fixture
def server():
    """A local HTTP server answering each POST from a script of (status, body), counting the requests."""
    state = {"script": [], "seen": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            self.rfile.read(int(self.headers["Content-Length"]))
            status, body = state["script"][min(state["seen"], len(state["script"]) - 1)]
            state["seen"] += 1
            if status == 0:  # drop the connection without an answer
                self.close_connection = True
                self.connection.shutdown(2)
                return
            self.send_response(status)
            self.send_header("Content-Type", "application/sparql-results+json" if status == 200 else "text/plain")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    store = SparqlStore(f"{base}/query", f"{base}/update")
    store.RETRY_AFTER_S = 0.01  # the mechanism, not the pause (1 s in use)
    yield store, state
    httpd.shutdown()


def test_a_resource_shortage_is_asked_again_once(server):
    store, state = server
    state["script"] = [(500, b"Resource temporarily unavailable (os error 11)"), (200, RESULTS)]
    assert [str(r["n"]) for r in store.run("SELECT ?n WHERE {}")] == ["1"]
    assert state["seen"] == 2


def test_it_fails_if_the_second_answer_is_the_same(server):
    store, state = server
    state["script"] = [(500, b"Resource temporarily unavailable (os error 11)")]
    with pytest.raises(BuildError, match="temporarily unavailable"):
        store.run("SELECT ?n WHERE {}")
    assert state["seen"] == 2


def test_other_errors_and_updates_are_not_repeated(server):
    store, state = server
    state["script"] = [(500, b"some other failure")]
    with pytest.raises(BuildError, match="other failure"):
        store.run("SELECT ?n WHERE {}")
    assert state["seen"] == 1
    state["script"], state["seen"] = [(500, b"Resource temporarily unavailable (os error 11)")], 0
    with pytest.raises(BuildError):
        store._update("DROP SILENT GRAPH <urn:x>")
    assert state["seen"] == 1


def test_a_dropped_connection_is_asked_again_once_and_then_one_error(server):
    store, state = server
    state["script"] = [(0, b""), (200, RESULTS)]
    assert [str(r["n"]) for r in store.run("SELECT ?n WHERE {}")] == ["1"]
    state["script"], state["seen"] = [(0, b"")], 0
    with pytest.raises(BuildError, match="closed the connection"):
        store.run("SELECT ?n WHERE {}")
    assert state["seen"] == 2
