"""Topic tags: a paragraph is dcterms:subject of each thesaurus concept it names, quoting the words that name it."""
from __future__ import annotations

import pytest
from rdflib.namespace import DCTERMS

from graph.extractors.topics import tags
from graph.facts import ExtractionContext
from graph.iris import iri
from ontology import thesaurus

TEXT = """Services for care leavers

Care leavers have personal advisers. Their PAs visit often and most care leavers have a pathway plan.

The CPU of the council's server was replaced.
"""


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    import corpus
    from corpus.records import Corpus

    path = tmp_path_factory.mktemp("topics") / "2024-01-01_testshire_report_care-leavers.txt"
    path.write_text(TEXT)
    document = corpus.load_document(path)
    return Corpus(documents=(document,)), document


def _facts(corpus, document):
    context = ExtractionContext(corpus=corpus, document=document)
    return [f for p in document.paragraphs for f in tags.tag_paragraph(p, context)]


def test_one_fact_per_paragraph_and_concept_quoting_the_first_mention(synthetic):
    corpus, document = synthetic
    facts = _facts(corpus, document)
    body = next(p for p in document.paragraphs if "personal advisers" in p.text)
    mine = [f for f in facts if f.paragraph_id == body.id]
    by_concept = {str(f.triples[0][2]).rsplit("/", 1)[-1]: f.quote for f in mine}
    assert by_concept == {"care-leavers": "Care leavers", "personal-adviser": "personal advisers", "pathway-plan": "pathway plan"}
    for f in mine:
        assert f.triples == ((iri.paragraph(body.id), DCTERMS.subject, f.triples[0][2]),)
        assert document.text[f.start:f.end] == f.quote
        assert f.extractor == tags.NAME and f.version == tags.VERSION


def test_a_paragraph_naming_no_concept_gets_no_tag(synthetic):
    corpus, document = synthetic
    cpu = next(p for p in document.paragraphs if "CPU" in p.text)
    assert tags.tag_paragraph(cpu, ExtractionContext(corpus=corpus, document=document)) == []


def test_the_version_changes_with_the_thesaurus():
    assert tags.VERSION.startswith("1+") and len(tags.VERSION) > 4


def test_the_extractor_is_registered():
    from graph.extractors import EXTRACTORS

    assert tags.extractor in EXTRACTORS


def test_real_corpus_tags_are_verbatim_and_gather_a_topic_across_wordings(real_corpus):
    care_leavers = thesaurus.concept("care leavers").iri
    personal_adviser = thesaurus.concept("personal adviser").iri
    quotes: dict[str, set[str]] = {}
    for document in real_corpus.documents:
        context = ExtractionContext(corpus=real_corpus, document=document)
        for paragraph in document.paragraphs:
            for fact in tags.tag_paragraph(paragraph, context):
                assert document.text[fact.start:fact.end] == fact.quote
                assert paragraph.start <= fact.start < fact.end <= paragraph.end
                concept = str(fact.triples[0][2])
                assert thesaurus.concept(concept) is not None
                quotes.setdefault(concept, set()).add(" ".join(fact.quote.split()).lower())
    assert len(quotes[care_leavers]) >= 2  # "care leavers", "care leaver", "care experienced", …
    assert {"pas", "personal advisors"} & quotes[personal_adviser]
