"""Corpus tables are kept in the build and reused only for the corpus (and code) they were computed from."""
from __future__ import annotations

import pickle
from dataclasses import replace

from qa.tables import FILE, CorpusTables, key_of, store, tokenize


def test_tables_count_each_paragraphs_words_once(tiny_corpus):
    tables = CorpusTables.compute(tiny_corpus)
    paragraphs = [p for d in tiny_corpus.documents for p in d.paragraphs]
    word = tokenize(paragraphs[0].text)[0]
    assert tables.df[word] == sum(1 for p in paragraphs if word in tokenize(p.text))
    assert set(tables.document_tokens) == {d.id for d in tiny_corpus.documents}
    assert all(tables.document_tokens[d.id] for d in tiny_corpus.documents)
    assert "the" in tables.lower_words


def test_a_papers_publisher_and_title_are_among_its_words(tiny_corpus):
    """A report that never writes "Ofsted" is still Ofsted's: a question naming the publisher does not count it as a
    name the paper lacks (the synthetic Greyford reports were penalised so, and their care-leavers brief declined)."""
    doc = replace(tiny_corpus.documents[0], title="Inspection of Zephyrton", publisher="Quillbury Inspectorate")
    tables = CorpusTables.compute(replace(tiny_corpus, documents=[doc, *tiny_corpus.documents[1:]]))
    words = tables.document_tokens[doc.id]
    assert set(tokenize("Zephyrton Quillbury Inspectorate")) <= words
    assert "zephyrton" not in tables.df  # its paragraphs' statistics are the text's alone


def test_stored_tables_are_reused_for_the_same_corpus(tiny_corpus, tmp_path):
    first = CorpusTables.load_or_compute(tiny_corpus, tmp_path)
    assert (tmp_path / FILE).is_file()
    store(tmp_path / FILE, key_of(tiny_corpus), replace(first, abbreviations={"MARK": "stored copy"}))
    assert CorpusTables.load_or_compute(tiny_corpus, tmp_path).abbreviations == {"MARK": "stored copy"}


def test_another_corpus_or_a_damaged_file_recomputes(tiny_corpus, tmp_path):
    store(tmp_path / FILE, "another-corpus", replace(CorpusTables.compute(tiny_corpus), abbreviations={"MARK": "stale"}))
    fresh = CorpusTables.load_or_compute(tiny_corpus, tmp_path)
    stored = pickle.loads((tmp_path / FILE).read_bytes())
    assert fresh.abbreviations != {"MARK": "stale"} and stored["key"] != "another-corpus"
    assert stored["key"] == key_of(tiny_corpus) and stored["value"] == fresh  # and the fresh copy was stored
    (tmp_path / FILE).write_bytes(b"not a pickle")
    assert CorpusTables.load_or_compute(tiny_corpus, tmp_path).df == fresh.df


def test_fact_graph_iris_name_their_document():
    from graph.iris import iri

    g = iri.fact_graph("bury-ilacs:2021 report", 10, 20, "ofsted.judgements v2")
    assert iri.fact_graph_document(g) == "bury-ilacs:2021 report"
    assert iri.fact_graph_span(g) == ("bury-ilacs:2021 report", 10, 20)
    assert iri.fact_graph_document(iri.document("bury-ilacs")) is None
    assert iri.fact_graph_document(iri.span("bury-ilacs", 1, 2)) is None


def test_graph_tables_give_what_the_graph_gives_and_follow_the_build(tiny_corpus, tmp_path):
    from types import SimpleNamespace

    import graph
    from councilkg.settings import get_settings
    from qa.facts import FactTables
    from qa.tables import GRAPH_FILE, READ_KINDS, GraphTables, _kinds

    settings = get_settings(build_dir=tmp_path / "build", store="oxigraph")
    kg = graph.build(tiny_corpus, settings)
    engine = SimpleNamespace(corpus=tiny_corpus)
    GraphTables.attach(FactTables(kg, engine), tiny_corpus, settings.build_dir)  # reads and stores
    assert (settings.build_dir / GRAPH_FILE).is_file()
    stored, plain = FactTables(graph.load(settings), engine), FactTables(graph.load(settings), engine)
    GraphTables.attach(stored, tiny_corpus, settings.build_dir, write=False)
    listed, read = _kinds()
    assert any(dict.get(stored.by_type, kind) for kind in listed + read)  # filled from the file, not read
    assert len(READ_KINDS) == len(read)
    for kind in listed + read:
        nodes = plain.by_type.get(kind, [])
        assert stored.by_type.get(kind, []) == nodes
        for node in nodes:
            assert stored.label(node) == plain.label(node)
            assert stored.typed_in_documents(node) == plain.typed_in_documents(node)
            assert dict.__contains__(stored.types, node) and stored.types.get(node) == plain.types.get(node)
            if kind in read:
                assert stored.out.get(node) == plain.out.get(node)
    # another build (changed build.json) is not served the old tables
    meta = settings.build_dir / "graph" / "build.json"
    meta.write_text(meta.read_text().replace("{", '{"note": "another build", ', 1))
    fresh = FactTables(kg, engine)
    GraphTables.attach(fresh, tiny_corpus, settings.build_dir, write=False)
    assert not any(dict.__contains__(fresh.by_type, kind) for kind in listed + read)


def test_the_build_keeps_every_authoritys_gaps_and_an_engine_serves_them(tiny_corpus, fake_encoder, tmp_path):
    import pickle

    from councilkg import pipeline
    from councilkg.settings import get_settings
    from qa import traces
    from qa.engine import Engine
    from qa.tables import GAPS_FILE

    settings = get_settings(build_dir=tmp_path / "build", store="oxigraph")
    built = pipeline.build(settings, corpus=tiny_corpus, show_progress=False)
    path = settings.build_dir / GAPS_FILE
    assert path.is_file()
    fresh = Engine(tiny_corpus, built.index, built.graph, settings)
    computed = traces._gaps(fresh, fresh.facts, None, set())
    assert computed and traces.gaps(engine=fresh) == computed
    stored = pickle.loads(path.read_bytes())
    stored["value"] = stored["value"][:1]  # what the engine returns comes from the file
    path.write_bytes(pickle.dumps(stored))
    assert traces.gaps(engine=Engine(tiny_corpus, built.index, built.graph, settings)) == computed[:1]


def test_a_build_hands_on_the_engine_that_stored_its_tables(tiny_corpus, fake_encoder, tmp_path, monkeypatch):
    """Loading a pack made two Engines (one storing the answer tables, one to answer): the build now returns the
    first, over its own index and graph, and a pack's engine is that one."""
    from councilkg import pipeline
    from councilkg.settings import get_settings
    from qa import evaluate
    from qa.engine import Engine

    settings = get_settings(build_dir=tmp_path / "build", store="oxigraph")
    pipeline.build(settings, corpus=tiny_corpus, show_progress=False)
    made = []
    real_init = Engine.__init__
    monkeypatch.setattr(Engine, "__init__", lambda self, *a, **k: made.append(self) or real_init(self, *a, **k))
    built = pipeline.build(settings, corpus=tiny_corpus, show_progress=False)  # reloaded, not rebuilt
    assert made == [built.engine] and built.engine.index is built.index
    monkeypatch.setattr(pipeline, "build", lambda *a, **k: built)
    assert evaluate._built_engine(settings) is built.engine and made == [built.engine]
