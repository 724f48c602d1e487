"""Corpus tables are kept in the build and reused only for the corpus (and code) they were computed from."""
from __future__ import annotations

import pickle
from dataclasses import replace

from qa.tables import FILE, CorpusTables, tokenize


def test_tables_count_each_paragraphs_words_once(tiny_corpus):
    tables = CorpusTables.compute(tiny_corpus)
    paragraphs = [p for d in tiny_corpus.documents for p in d.paragraphs]
    word = tokenize(paragraphs[0].text)[0]
    assert tables.df[word] == sum(1 for p in paragraphs if word in tokenize(p.text))
    assert set(tables.document_tokens) == {d.id for d in tiny_corpus.documents}
    assert all(tables.document_tokens[d.id] for d in tiny_corpus.documents)
    assert "the" in tables.lower_words


def test_stored_tables_are_reused_for_the_same_corpus(tiny_corpus, tmp_path):
    first = CorpusTables.load_or_compute(tiny_corpus, tmp_path)
    assert (tmp_path / FILE).is_file()
    marked = replace(first, abbreviations={"MARK": "stored copy"})
    (tmp_path / FILE).write_bytes(pickle.dumps(marked))
    assert CorpusTables.load_or_compute(tiny_corpus, tmp_path).abbreviations == {"MARK": "stored copy"}


def test_another_corpus_or_a_damaged_file_recomputes(tiny_corpus, tmp_path):
    stale = replace(CorpusTables.compute(tiny_corpus), key="another-corpus", abbreviations={"MARK": "stale"})
    (tmp_path / FILE).parent.mkdir(parents=True)
    (tmp_path / FILE).write_bytes(pickle.dumps(stale))
    fresh = CorpusTables.load_or_compute(tiny_corpus, tmp_path)
    assert fresh.abbreviations != {"MARK": "stale"} and fresh.key != "another-corpus"
    assert CorpusTables.load_or_compute(tiny_corpus, tmp_path).key == fresh.key  # and the fresh copy was stored
    (tmp_path / FILE).write_bytes(b"not a pickle")
    assert CorpusTables.load_or_compute(tiny_corpus, tmp_path).df == fresh.df


def test_fact_graph_iris_name_their_document():
    from graph.iris import iri

    g = iri.fact_graph("bury-ilacs:2021 report", 10, 20, "ofsted.judgements v2")
    assert iri.fact_graph_document(g) == "bury-ilacs:2021 report"
    assert iri.fact_graph_span(g) == ("bury-ilacs:2021 report", 10, 20)
    assert iri.fact_graph_document(iri.document("bury-ilacs")) is None
    assert iri.fact_graph_document(iri.span("bury-ilacs", 1, 2)) is None
