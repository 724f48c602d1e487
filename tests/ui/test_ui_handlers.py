"""Handlers called directly against a fake backend over a tiny corpus that holds hostile markup."""
from __future__ import annotations

import re

import pytest

from tests.reliability.conftest import corpus_copy  # noqa: F401 - a fixture: a copy of the real corpus folder

gr = ask = documents = explore = provenance = render = sparql = trace = None


@pytest.fixture(autouse=True, scope="module")
def _views():
    """gradio and the views, imported when these tests run rather than when pytest collects the file: gradio
    takes 5-8 s to import, which every pytest-xdist worker would otherwise pay while collecting."""
    global gr, ask, documents, explore, provenance, render, sparql, trace
    import gradio as gr
    from ui_views import ask, documents, explore, provenance, render, sparql, trace


def test_answer_links_markers_and_citation_marks_the_exact_quote(fake):
    html, data = ask.ask("What about strategy meetings?", ["minutes"], "2021", "2022-12-31", 5)
    assert '<a class="ckg-ref" href="#ckg-cite-1">[1]</a>' in html
    assert "<mark>strategy meetings, which do not always identify the necessary actions</mark>" in html
    assert 'id="ckg-cite-1"' in html and "paragraph 2" in html
    assert data["citations"][0]["quote"].startswith("strategy meetings")
    assert fake.last_ask[1] == {"k": 5, "kinds": ("minutes",), "since": "2021", "until": "2022-12-31"}


def test_citation_shows_neighbouring_paragraphs(fake):
    html, _ = ask.ask("strategy meetings?")
    assert html.count('class="ckg-para ckg-neighbour"') == 2
    assert "Councillor Jane &lt;b&gt;Smith&lt;/b&gt;" in html and "improvement plan be brought back" in html


def test_document_markup_is_escaped_everywhere(fake):
    html, _ = ask.ask("strategy meetings?")
    assert "<script>" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<b>" not in html
    opened = ask.citation(fake_paragraph_id(fake, "2"))
    assert "<script>" not in opened and "&lt;script&gt;" in opened


def fake_paragraph_id(fake, label):
    return next(p.id for p in fake.corpus().documents[0].paragraphs if p.label == label)


def test_not_found_says_what_was_searched(fake):
    html, data = ask.ask("nothing here")
    assert "No answer found" in html and "Searched 1 documents, 4 paragraphs" in html
    assert data["found"] is False


def test_a_not_found_answer_reads_cleanly_once():
    from qa.records import Answer

    answer = Answer(question="q", found=False, answer="Not found: nothing in the 5 documents (3000 paragraphs) answers "
                                                    "this question closely enough to quote.", searched={"documents": 5})
    html = ask.answer_html(answer)
    assert "Not found" not in html and html.count("No answer found") == 1
    assert "Nothing in the 5 documents" in html and "Searched" not in html  # the sentence already says what was searched


def test_answer_sentences_lead_with_a_short_source_label_and_expand_acronyms():
    text = "Ofsted, Nov 2021: “Strategy meetings in ILACS terms [1].” [1]\nCabinet minutes, Apr 2016: “Agreed.” [2]"
    html = ask.answer_text_html(text, {"ILACS": "Inspection of Local Authority Children's Services"})
    assert html.startswith('<span class="ckg-src">Ofsted, Nov 2021:</span> “Strategy')
    assert '<span class="ckg-src">Cabinet minutes, Apr 2016:</span>' in html
    assert '<abbr class="ckg-abbr" title="Inspection of Local Authority Children&#x27;s Services">ILACS</abbr>' in html
    assert '<a class="ckg-ref" href="#ckg-cite-2">[2]</a>' in html


@pytest.mark.parametrize("args, words", [(("",), "Type a question"), (("q", None, "last week"), "not a date"),
                                         (("q", None, "2022", "2021"), "after")])
def test_bad_questions_reach_the_user_as_sentences(fake, args, words):
    with pytest.raises(gr.Error, match=words):
        ask.ask(*args)


def test_trace_lists_chain_and_draws_explicit_and_inferred_edges(fake):
    chain, svg, data = trace.trace("finding 2")
    assert chain.index("Finding &lt;2&gt;") < chain.index("Bring back the plan")
    assert "Lead:</strong> Jane Smith" in chain and "Due:</strong> March" in chain and "plan agreed" in chain
    assert "strategy meetings" in chain  # each node cites its source quote
    assert svg.startswith("<svg") and svg.count('data-link="explicit"') == 1
    assert re.search(r'stroke-dasharray="5,4" marker-end="url\(#ckg-arrow\)" data-link="inferred"', svg)
    assert "Finding &lt;2&gt;" in svg and "<2>" not in svg
    assert {n["kind"] for n in data["nodes"]} == {"finding", "action", "mention", "source row"}


def test_a_picked_node_iri_is_traced_from_the_paragraph_that_states_it(fake):
    iri = fake.typed_labels[0][2]
    _, _, data = trace.trace(iri)
    assert data["ref"] == fake_paragraph_id(fake, "1")
    with pytest.raises(gr.Error, match="Nothing in the graph matches"):
        trace.trace("https://example.org/unknown")


def test_gaps_are_grouped_by_kind_and_ordered_by_number_with_no_identifier_in_view(fake):
    html = trace.gaps("Bury ")
    assert fake.last_gaps == "Bury"
    order = [html.index(f'data-group="{g}"') for g in ("recommendation", "weakness", "strength")]
    assert order == sorted(order)
    weak = html[order[1]:order[2]]
    assert weak.index("Finding 2") < weak.index("Finding 3") and "Finding 9" not in weak
    assert "Improve &lt;care&gt;." in html and "<care>" not in html
    assert "Matched by wording only (inferred, not stated): Theme 2, row 1: Improve care (score 0.90)" in html
    visible = re.sub(r'<details class="ckg-tech">.*?</details>', "", html, flags=re.S)
    assert "f1" not in re.sub(r"<[^>]+>", "", visible)  # ids only behind the fold


def test_trace_shows_unresolved_references_due_as_printed_and_folds_identifiers(fake):
    chain, _, _ = trace.trace("finding 2")
    assert "Unresolved reference: “Para XX”" in chain and "Due:</strong> March" in chain
    visible = re.sub(r"<details class=\"ckg-tech\">.*?</details>", "", chain, flags=re.S)
    assert "https://w3id.org" not in visible and "https://w3id.org" in chain
    assert "addresses" in chain and "(stated in the papers)" in chain and "(inferred, score 0.71)" in chain


def test_explore_finds_a_person_and_lists_facts_by_label_with_provenance(fake):
    dropdown, note = explore.search("smith", ["Person"])
    assert note == "1 match"
    iri = dropdown.value
    html, facts, graphs = explore.card(iri)
    assert "Jane &lt;b&gt;Smith&lt;/b&gt;" in html and "<b>" not in html
    assert facts["headers"] == explore.FACT_COLUMNS
    rows = [dict(zip(facts["headers"], row)) for row in facts["data"]]
    names = [r for r in rows if r["fact"] == "name"]
    assert names and names[0]["quote"] == "Jane <b>Smith</b>" and names[0]["extractor"] == "test-people 1"
    assert not any(str(v).startswith(("http", "kg:", "schema:")) for r in rows for v in (r["fact"], r["value"]))
    assert {r["value"] for r in rows if r["fact"] == "is a"} == {"Person"}
    visible = re.sub(r'<details class="ckg-tech">.*?</details>', "", html, flags=re.S)
    assert iri not in visible and iri in html  # the IRI behind the fold
    assert explore.search("nobody at all", None)[1].startswith("Nothing called")
    assert "/fact/" in explore.fact_graph_of(graphs, 0)


def test_timeline_draws_area_send_outcomes_on_their_own_scale_for_the_chosen_authority():
    rows = [
        {"area": "Help and protection", "grade": "https://w3id.org/councilkg/ns#Inadequate", "gradeLabel": "Inadequate",
         "date": "2021-10-25", "framework": "ILACS", "body": "b1", "bodyLabel": "Bury Council"},
        {"area": "Local area SEND", "grade": "https://w3id.org/councilkg/ns#SendOutcome3",
         "gradeLabel": "Widespread and/or systemic failings (Area SEND)",
         "date": "2024-02-12", "framework": "Area SEND", "body": "b1", "bodyLabel": "Bury Council"},
        {"area": "Help and protection", "grade": "https://w3id.org/councilkg/ns#Good", "gradeLabel": "Good",
         "date": "2022-01-01", "framework": "ILACS", "body": "b2", "bodyLabel": "Other Council"},
    ]
    points = explore.timeline_points(rows, "Bury Council")
    assert points["send"] == {"Local area SEND": [("2024-02-12", 3.0, "Widespread and/or systemic failings (Area SEND)",
                                                   "Area SEND")]}
    assert points["ofsted"] == {"Help and protection": [("2021-10-25", 4.0, "Inadequate", "ILACS")]}
    assert explore.authorities(rows) == ["Bury Council", "Other Council"]
    scales = explore._scales()
    assert len(scales["send"]) == 3 and len(scales["ofsted"]) == 4


def test_provenance_of_a_fact_graph_shows_extractor_offsets_quote_and_context(fake):
    graph_iri = fake.graph().provenance(next(iter(fake.graph().paths.fact_quads()))[3])[0].graph
    html = provenance.provenance(graph_iri)
    assert "test-people version 1" in html and "<mark>Jane &lt;b&gt;Smith&lt;/b&gt;</mark>" in html
    assert "matches the document verbatim" in html
    triple = provenance.provenance(f"<{fake.typed_labels[0][2]}> schema:name \"Jane <b>Smith</b>\"")
    assert "1 source span" in triple
    with pytest.raises(gr.Error, match="no provenance"):
        provenance.provenance("https://example.org/nothing")


def test_sparql_returns_a_table_and_refuses_updates_and_service(fake):
    table, status = sparql.run("SELECT ?p WHERE { ?p a kg:Person }")
    assert table["headers"] == ["p"] and len(table["data"]) == 1 and status.startswith("1 row")
    with pytest.raises(gr.Error, match="read-only"):
        sparql.run("INSERT DATA { <a:b> <a:c> <a:d> }")
    with pytest.raises(gr.Error, match="SERVICE"):
        sparql.run("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")


def test_sparql_examples_include_the_readme_blocks_named_for_what_they_ask(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# X\n\n### Who chairs?\n```sparql\nSELECT ?c WHERE { ?m kg:chair ?c }\n```\n\n### Worked examples\n\n"
                      "Judgements over time for one area (help and protection: 2016 Good):\n\n```sparql\nSELECT ?j WHERE {}\n```\n"
                      "\nThe provenance of a link — which words say it:\n\n```sparql\nSELECT ?g WHERE {}\n```\n")
    assert sparql.readme_examples(readme) == {"Who chairs?": "SELECT ?c WHERE { ?m kg:chair ?c }",
                                              "Judgements over time for one area": "SELECT ?j WHERE {}",
                                              "The provenance of a link": "SELECT ?g WHERE {}"}


def test_the_reader_shows_a_whole_document_with_an_anchor_per_paragraph(fake):
    from ui_views import reader

    doc = fake.corpus().documents[0]
    html, _ = reader.read(f"{doc.id}#{doc.paragraphs[1].id}")
    for para in doc.paragraphs:
        assert html.count(f'id="para-{para.id}"') == 1
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert f'data-focus="{doc.paragraphs[1].id}"' in html and html.count("ckg-focus") == 1


def test_glossary_expands_whole_words_outside_tags_only():
    from ui_views.glossary import expand

    terms = {"SEND": "Special Educational Needs and Disabilities", "AFI": "Area for Improvement"}
    html = expand('<a title="SEND">SEND and AFI</a> SENDER', terms)
    assert html.startswith('<a title="SEND"><abbr class="ckg-abbr" title="Special Educational Needs and Disabilities">SEND</abbr>')
    assert "SENDER" in html and html.count("<abbr") == 2


def test_documents_table_counts_parts_and_paragraphs(fake):
    table = documents.documents_table()
    doc = fake.corpus().documents[0]
    assert table["data"] == [[doc.id, doc.title, doc.date or "", doc.kind, len(doc.parts), len(doc.paragraphs)]]
    parts = documents.parts_table(doc.id)
    assert sum(row[-1] for row in parts["data"]) == len(doc.paragraphs)


@pytest.mark.parametrize("name, content, words", [
    ("notes.docx", b"PK\x03\x04", "not a .txt or .pdf"),
    ("fake.pdf", b"hello, not a pdf", "not a PDF"),
    ("binary.txt", b"\x00\x01\x02 data", "binary data"),
    ("empty.txt", b"", "empty"),
    ("huge.txt", b"a" * (1024 * 1024 + 10), "the limit is 1 MB"),
])
def test_bad_uploads_are_refused_and_change_nothing(fake, corpus_copy, tmp_path, name, content, words):
    fake.settings = type(fake.settings)(**{**fake.settings.__dict__, "corpus_dir": corpus_copy})
    before = (corpus_copy / "manifest.toml").read_bytes(), sorted(p.name for p in (corpus_copy / "documents").iterdir())
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(gr.Error, match=words):
        documents.upload(str(path), "", progress=lambda *a, **k: None)
    after = (corpus_copy / "manifest.toml").read_bytes(), sorted(p.name for p in (corpus_copy / "documents").iterdir())
    assert before == after and fake.rebuilt == 0


def test_good_upload_runs_the_atomic_ingest_then_rebuilds(fake, corpus_copy, tmp_path):
    fake.settings = type(fake.settings)(**{**fake.settings.__dict__, "corpus_dir": corpus_copy})
    path = tmp_path / "2021-11-04_tiny-minutes.txt"
    path.write_text("Scrutiny Committee\n\n1. A paragraph about <i>care</i> leavers.\n")
    status, table = documents.upload(str(path), "Tiny <minutes>", progress=lambda *a, **k: None)
    assert fake.rebuilt == 1 and "Tiny &lt;minutes&gt;" in status
    assert any(row[1] == "Tiny <minutes>" for row in table["data"])
    assert (corpus_copy / "documents" / path.name).exists()
    with pytest.raises(gr.Error, match="already in the corpus"):
        documents.upload(str(path), "", progress=lambda *a, **k: None)


def test_error_sentences_are_escaped_because_gradio_renders_them_as_html(fake):
    with pytest.raises(gr.Error) as caught:
        ask.ask("q", None, "<img src=x onerror=alert(1)>")
    assert "<img" not in str(caught.value.message) and "&lt;img" in str(caught.value.message)


def test_marked_refuses_bad_ranges_and_escapes():
    assert render.marked("a<b", 5, 9) == "a&lt;b"
    assert render.marked("a<b>c", 1, 4) == "a<mark>&lt;b&gt;</mark>c"


def test_sparql_on_a_real_store_refuses_a_bypass_and_a_file_in_one_sentence_and_stops_at_the_limit(listener):
    """Hostile SPARQL through the tab's handler on a real embedded store (tests/reliability has the same
    through the stores and the CLI; the UI's tests live here, so one pytest-xdist worker imports gradio)."""
    from tests.reliability.conftest import ENDLESS, small_graph
    from ui_views.backend import set_backend

    url, hits = listener
    graph = small_graph("memory")  # big enough that ENDLESS can never finish inside the limit

    class Fake:
        settings = type("S", (), {"sparql_timeout_s": 1.0})()

        def graph(self):
            return graph

    set_backend(Fake())
    try:
        for query in (f"SELECT * WHERE {{ ?x kg:a\\' ?y . SERVICE <{url}> {{ ?s ?p ?o }} FILTER(?y != 'x') }}",
                      "SELECT * FROM <file:///dev/zero> WHERE { ?s ?p ?o }"):
            with pytest.raises(gr.Error) as caught:
                sparql.run(query)
            message = str(caught.value.message)
            assert message.count(". ") == 0 and ("SERVICE" in message or "FROM" in message), message
        with pytest.raises(gr.Error, match="did not finish"):
            sparql.run(ENDLESS)
    finally:
        set_backend(None)
    assert hits == []


def test_remove_action_takes_a_real_corpus_document_out_and_rebuilds(tmp_path, corpus_copy):
    from corpus.manifest import read_manifest
    from councilkg.settings import get_settings
    from ui_views.backend import set_backend

    class FakeBackend:
        settings = get_settings(corpus_dir=corpus_copy, build_dir=tmp_path / "build")
        rebuilt = 0

        def rebuild(self, progress=None):
            self.rebuilt += 1

        def corpus(self):
            import corpus

            return corpus.load(corpus_copy)

    fake = FakeBackend()
    set_backend(fake)
    try:
        victim = read_manifest(corpus_copy)[0]
        status, table = documents.remove(victim.id, progress=lambda *a, **k: None)
        assert fake.rebuilt == 1 and victim.id in status
        assert victim.id not in {row[0] for row in table["data"]}
        assert not (corpus_copy / victim.file).exists()
        with pytest.raises(gr.Error, match="No document"):
            documents.remove(victim.id, progress=lambda *a, **k: None)
    finally:
        set_backend(None)
