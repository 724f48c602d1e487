"""Who chairs a body is read only where the text names a person: Ofsted reports say "chaired by an experienced person"
or "by senior managers" far more often than they name the chair (30 of 33 "chaired by" phrases in the corpus and the
251 Ofsted reports)."""
from __future__ import annotations

CHAIRS = (
    "Fostering and adoption.\n\n"
    "The Adoption Panel is chaired by an experienced person with relevant expertise. "
    "The Fostering Panel is well chaired by senior managers, and the Corporate Parenting Board is chaired by the "
    "elected mayor.\n\n"
    "The Improvement Board is being Chaired by Linda Clegg and meets monthly. "
    "The Safeguarding Partnership Board is independently chaired by Dr Marian Whitlock.\n"
)


def test_a_chair_is_a_named_person_never_the_words_after_chaired_by(tmp_path):
    import corpus
    import graph
    from corpus.records import Corpus
    from graph.extractors import civic

    path = tmp_path / "2024-03-05_panel_report.txt"
    path.write_text(CHAIRS, encoding="utf-8")
    kg = graph.from_corpus(Corpus(documents=(corpus.load_document(path),)), extractors=civic.EXTRACTORS,
                           post=civic.POST_EXTRACT)
    chairs = {(str(r["b"]), str(r["n"])) for r in kg.query(
        "SELECT ?b ?n WHERE { ?body kg:chair ?p ; skos:prefLabel ?b . ?p schema:name ?n }")}
    assert chairs == {("Improvement Board", "Linda Clegg"), ("Safeguarding Partnership Board", "Marian Whitlock")}
