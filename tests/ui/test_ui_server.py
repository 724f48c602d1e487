"""The real app on the real build, launched once and driven through gradio_client."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def client(live_app):
    from gradio_client import Client

    return Client(live_app, verbose=False)


def test_ask_returns_an_answer_with_citations(client):
    html, data = client.predict("What did Ofsted say about strategy meetings in 2021?", [], "", "", 5, api_name="/ask")
    assert data["found"] and data["citations"]
    first = data["citations"][0]
    assert f'id="ckg-cite-{first["n"]}"' in html and "<mark>" in html
    assert "[1]" in data["answer"]


def test_not_found_answer_says_what_was_searched(client):
    html, data = client.predict("What is the airspeed velocity of an unladen swallow?", [], "", "", 5, api_name="/ask")
    assert not data["found"] and all(c["related"] for c in data["citations"])
    assert "No answer found" in html and "document" in html and "Not found" not in html
    assert ("<h4>Nearest passages</h4>" in html) == bool(data["citations"]) and "<h4>Sources</h4>" not in html


def test_trace_of_a_finding_lists_nodes_and_draws_them(client):
    chain, svg, data = client.predict("ILACS 2021 para 17", api_name="/trace")
    assert data["nodes"], "the ILACS 2021 paragraph 17 finding should trace to something"
    assert svg.startswith("<svg") and "ckg-node" in chain


def test_sparql_select_returns_the_documents(client):
    table, status = client.predict("SELECT ?d WHERE { ?d a kg:Document }", api_name="/sparql")
    assert len(table["data"]) == 5 and status.startswith("5 rows")


def test_sparql_update_is_refused_with_a_sentence(client):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="read-only"):
        client.predict("DELETE WHERE { ?s ?p ?o }", api_name="/sparql")


def test_upload_of_a_bad_file_is_refused(client, tmp_path):
    from gradio_client import handle_file
    from gradio_client.exceptions import AppError

    bad = tmp_path / "not-a-document.pdf"
    bad.write_bytes(b"this is not a pdf at all")
    with pytest.raises(AppError, match="not a PDF"):
        client.predict(handle_file(str(bad)), "", api_name="/upload")
