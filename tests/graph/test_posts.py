"""Posts and their holders (graph.extractors.civic.posts) on synthetic text: a labelled line names its holder even when
the surname is a common word; a sentence still does not make one of a common word."""
from __future__ import annotations

import pytest
from rdflib.namespace import ORG, SKOS

from graph.extractors.civic import posts
from graph.extractors.civic.common import is_name
from graph.facts import ExtractionContext

TEXT = """Inspection of Testshire children's services

Lead inspector: Sarah Hill

Deputy lead inspector: Ian Young

Support for Children and Young people improved over the year.
"""


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    import corpus
    from corpus.records import Corpus

    path = tmp_path_factory.mktemp("posts") / "2024-01-01_testshire_report_inspection.txt"
    path.write_text(TEXT)
    document = corpus.load_document(path)
    context = ExtractionContext(corpus=Corpus(documents=(document,)), document=document)
    return document, [f for p in document.paragraphs for f in posts.extract_posts(p, context)]


def _holders(facts) -> dict[str, str]:
    """Each post's title against its holder's name, as the facts' triples write them (``skos:altLabel``: the post's
    preferred label is chosen over every paper, ``posts.name_posts``)."""
    out = {}
    for f in facts:
        written = {s: str(o) for s, p, o in f.triples if p == SKOS.altLabel}
        out.update({written[post]: written[person] for person, p, post in f.triples if p == ORG.holds})
    return out


def test_a_labelled_line_names_its_holder_whatever_the_surname(facts):
    document, found = facts
    assert _holders(found) == {"Lead Inspector": "Sarah Hill", "Deputy Lead Inspector": "Ian Young"}
    for f in found:
        assert document.text[f.start:f.end] == f.quote  # the holder's name, verbatim at its offsets


def test_a_common_word_ending_a_name_in_running_text_is_still_no_name():
    assert is_name("Ian Young", labelled=True)
    assert not is_name("Ian Young")  # "… Children and Young" in a sentence
    assert not is_name("Children Young", labelled=True)  # every word a common one


def test_a_cover_sheet_in_capitals_names_the_holder_before_the_post(tmp_path):
    """"CONTACT OFFICER: KLARE RUFO ASSISTANT DIRECTOR LEARNING AND CULTURE": no comma between name and post."""
    import corpus
    from corpus.records import Corpus

    path = tmp_path / "2016-06-08_testshire_cabinet_report.txt"
    path.write_text("SUBJECT:\tLIBRARY CONSULTATION\n\nCONTACT OFFICER:\tMARY OAKES ASSISTANT DIRECTOR LEARNING AND "
                    "CULTURE\n\nREPORT FROM:\tCABINET MEMBER FOR CULTURE\n")
    document = corpus.load_document(path)
    context = ExtractionContext(corpus=Corpus(documents=(document,)), document=document)
    found = [f for p in document.paragraphs for f in posts.extract_posts(p, context)]
    assert _holders(found) == {"ASSISTANT DIRECTOR LEARNING AND CULTURE": "MARY OAKES", "Contact Officer": "MARY OAKES"}
    for f in found:
        assert document.text[f.start:f.end] == f.quote
