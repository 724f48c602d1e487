"""UI fixtures: a fake backend over a tiny hostile corpus (handlers), one real launched app (server, browser)."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from graph.facts import FunctionExtractor
from graph.iris import iri, slug
from ontology.namespace import KG, SCHEMA
from qa.records import Answer, Citation, GapItem, Trace, TraceEdge, TraceNode
from servers import free_port
from ui_views.backend import Backend

TINY = """Children and Young People Scrutiny Committee

1. Councillor Jane <b>Smith</b> was in the chair.

2. The committee noted the report <script>alert("x")</script> on strategy meetings, which do not always identify the necessary actions.

3. It was agreed that the improvement plan be brought back in March.
"""
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="session")
def tiny_corpus(tmp_path_factory):
    import corpus
    from corpus.records import Corpus

    path = tmp_path_factory.mktemp("tiny") / "2021-11-04_tiny-minutes.txt"
    path.write_text(TINY, encoding="utf-8")
    doc = corpus.load_document(path)
    return Corpus(documents=(doc,), content_hash="tiny")


def _people(paragraph, context):
    """A test extractor: 'Councillor <name>' -> a kg:Person with that (hostile) name."""
    m = re.search(r"Councillor (Jane <b>Smith</b>)", paragraph.text)
    if not m:
        return []
    start, end = paragraph.doc_range(m.start(1), m.end(1))
    person = iri.person(slug("Jane Smith"))
    triples = [(person, RDF.type, KG.Person), (person, SCHEMA.name, Literal(m.group(1)))]
    return [context.fact(paragraph, start, end, triples, PEOPLE)]


PEOPLE = FunctionExtractor("test-people", "1", _people)


@pytest.fixture(scope="session")
def tiny_graph(tiny_corpus):
    import graph

    return graph.from_corpus(tiny_corpus, extractors=[PEOPLE], post=[])


class FakeBackend(Backend):
    """A Backend whose stages are the tiny corpus and graph and whose QA answers from fixed records."""

    def __init__(self, corpus, graph, settings):
        super().__init__(settings)
        self._corpus, self._graph = corpus, graph
        self.rebuilt = 0

    def engine(self):
        return None

    def ask(self, question, **kw):
        self.last_ask = (question, kw)
        return fake_answer(self.corpus(), question)

    def trace(self, ref):
        if ref.startswith("http"):  # like qa.trace: names and paragraph ids, not IRIs
            from councilkg.errors import QueryError

            raise QueryError(f"Nothing in the graph matches '{ref}'.")
        return fake_trace(self.corpus(), ref)

    def gaps(self, authority=None):
        self.last_gaps = authority
        c = fake_citation(self.corpus(), 2, "strategy meetings")
        return [GapItem(id="r1", kind="recommendation", label="Recommendation 1", text="Improve <care>.", citation=c,
                        group="recommendation", number=1, inferred=("Theme 2, row 1: Improve care (score 0.90)",)),
                GapItem(id="f1", kind="finding", label="Finding 2", text=c.paragraph_text, citation=c, group="weakness", number=2),
                GapItem(id="f9", kind="finding", label="Finding 9", text="Children are seen quickly.", citation=None,
                        group="strength", number=9),
                GapItem(id="f3", kind="finding", label="Finding 3", text=c.paragraph_text, citation=c, group="weakness", number=3)]

    def rebuild(self, progress=None):
        import corpus as corpus_module

        self.rebuilt += 1
        self._corpus = corpus_module.load(self.settings.corpus_dir)
        self.__dict__.pop("paragraph_index", None)


def fake_citation(corpus, label: int, quote: str, n: int = 1):
    doc = corpus.documents[0]
    para = next(p for p in doc.paragraphs if p.label == str(label))
    at = para.text.index(quote)
    start, end = para.doc_range(at, at + len(quote))
    assert doc.text[start:end] == quote
    return Citation(n=n, paragraph_id=para.id, document_id=doc.id, document_title=doc.title, date=doc.date,
                    part=doc.part(para.part_id).title, section=" › ".join(para.heading_path), label=para.label,
                    page=para.page, quote=quote, start=start, end=end, paragraph_text=para.text)


def fake_answer(corpus, question):
    if "nothing" in question:
        return Answer(question=question, found=False, answer="No passage answers this question.",
                      searched={"documents": 1, "paragraphs": 4})
    quote = "strategy meetings, which do not always identify the necessary actions"
    return Answer(question=question, found=True, answer=f"The committee heard that {quote} [1].",
                  citations=(fake_citation(corpus, 2, quote),), searched={"documents": 1, "paragraphs": 4})


def fake_trace(corpus, ref):
    c = fake_citation(corpus, 2, "strategy meetings")
    a = fake_citation(corpus, 3, "improvement plan")
    return Trace(ref=ref, nodes=(
        TraceNode(id="f", kind="finding", label="Finding <2>", text=c.paragraph_text, citation=c),
        TraceNode(id="a", kind="action", label="Bring back the plan", text=a.paragraph_text, citation=a,
                  lead="Jane Smith", due="2022-03", due_text="March", measures=("plan agreed",)),
        TraceNode(id="https://w3id.org/councilkg/id/plan/p/source-row/1-11", kind="source row",
                  label="Theme 1, row 11: Timeliness of IRO action", text="Timeliness of IRO action", unresolved=("Para XX",)),
        TraceNode(id="m", kind="mention", label="Later mention", text="later", citation=None),
    ), edges=(
        TraceEdge(source="a", target="f", relation="addresses", link="explicit", citation=a),
        TraceEdge(source="m", target="a", relation="similar to", link="inferred", score=0.71),
    ))


@pytest.fixture()
def fake(tiny_corpus, tiny_graph, tmp_path):
    """Install a FakeBackend for one test (settings point at an empty temporary corpus folder)."""
    from councilkg.settings import get_settings
    from ui_views.backend import set_backend

    settings = get_settings(corpus_dir=tmp_path / "corpus", build_dir=tmp_path / "build", max_file_mb=1.0)
    backend = FakeBackend(tiny_corpus, tiny_graph, settings)
    set_backend(backend)
    yield backend
    set_backend(None)


@pytest.fixture()
def corpus_copy(tmp_path):
    """A writable copy of the real corpus folder (manifest + documents)."""
    target = tmp_path / "corpus"
    (target / "documents").mkdir(parents=True)
    shutil.copy(REPO / "corpus" / "manifest.toml", target / "manifest.toml")
    for doc in (REPO / "corpus" / "documents").iterdir():
        shutil.copy(doc, target / "documents" / doc.name)
    return target


@pytest.fixture(scope="session")
def live_app(real_build):
    """The real app on the session's real build (tests/conftest.py), launched once on a free 127.0.0.1 port.

    It never skips: a missing build is built by the fixture, and a server that cannot start fails."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    import ui
    from ui_views.backend import Backend, set_backend

    set_backend(Backend(real_build.settings))
    ui.backend().engine()
    port = free_port()
    ui.launch(host="127.0.0.1", port=port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/"
    ui.demo.close()
    set_backend(None)
