"""Segmentation on the real corpus: parts, labels, page-break rejoin, furniture, duplicates, offsets."""
from __future__ import annotations

import re

from corpus import furniture as furn
from corpus.quality import cut_by_page_break, furniture_inside, numbered_recovery


def test_every_span_round_trips_to_the_source_text(real_corpus):
    for doc in real_corpus:
        assert doc.paragraphs, doc.id
        for p in doc.paragraphs:
            pieces = [doc.text[s.start:s.end] for s in p.spans]
            assert " ".join(pieces) == p.text
            assert all(piece == piece.strip() and piece for piece in pieces), p.id
            for i, j in ((0, len(p.text)), (0, min(20, len(p.text)))):
                start, end = p.doc_range(i, j)
                assert doc.text[start:end].replace("\n", " ").startswith(p.text[i:j][:10].replace("\n", " "))


def test_paragraph_ids_are_stable_and_unique(real_corpus):
    import corpus
    from corpus.segment import segment

    ids = [p.id for p in real_corpus.paragraphs()]
    assert len(ids) == len(set(ids))
    doc = real_corpus.document("cyp-scrutiny-minutes-2022-03-23")
    again = segment(doc.id, doc.text, doc.page_starts, doc.date)
    assert [p.id for p in again.paragraphs] == [p.id for p in doc.paragraphs]
    assert all(re.fullmatch(rf"{re.escape(doc.id)}:p\d{{4}}-[0-9a-f]{{6}}", p.id) for p in doc.paragraphs)
    assert corpus.load() is real_corpus  # cached per process


def test_the_january_2022_pack_yields_its_parts(real_corpus):
    doc = real_corpus.document("cyp-scrutiny-2022-01-20")
    parts = [(p.kind, p.title, p.date) for p in doc.parts]
    kinds = [k for k, _, _ in parts]
    assert kinds == ["agenda", "minutes", "report", "inspection_report", "appendix", "appendix", "appendix",
                     "report", "report", "work_programme"]
    assert parts[1][2] == "2021-11-04"  # the minutes of 4 November 2021
    assert parts[2][1] == "Inspection of Children's Services"
    assert parts[3][1] == "Inspection of Bury local authority children's services"
    assert [t.split(":")[0] for _, t, _ in parts[4:7]] == ["Appendix 2", "Appendix 3(A)", "Appendix 4"]
    assert "Virtual School" in parts[7][1]
    assert "Defibrillators" in parts[8][1]
    assert "Agenda Plan" in parts[9][1]


def test_other_packs_find_minutes_reports_and_embedded_inspections(real_corpus):
    pack_2016 = real_corpus.document("cabinet-2016-06-08")
    assert [p.kind for p in pack_2016.parts][:2] == ["agenda", "minutes"]
    assert pack_2016.parts[1].date == "2016-04-13"
    sif = next(p for p in pack_2016.parts if p.kind == "inspection_report")
    assert sif.date == "2016-03-17" and sif.body == "Ofsted"
    pack_2024 = real_corpus.document("cyp-scrutiny-2024-07-11")
    assert pack_2024.parts[1].kind == "minutes" and pack_2024.parts[1].date == "2024-03-07"
    assert any(p.kind == "plan" and "Priority Impact Plan" in p.title for p in pack_2024.parts)


def test_ilacs_2021_paragraphs_1_to_52_are_labelled_under_their_judgement(ilacs_2021):
    doc, part = ilacs_2021
    numbered = [p for p in doc.paragraphs if p.part_id == part.id and p.label and p.label.isdigit()]
    assert [int(p.label) for p in numbered] == list(range(1, 53))
    para_17 = numbered[16]
    assert para_17.text.startswith("17. Monitoring systems for children who are electively home educated")
    assert para_17.heading_path[-1] == "The experiences and progress of children who need help and protection: Inadequate"
    assert numbered_recovery(doc) == [(part.title, 52, 52)]


def test_a_paragraph_split_by_a_page_break_is_rejoined(ilacs_2021):
    doc, part = ilacs_2021
    para_3 = next(p for p in doc.paragraphs if p.part_id == part.id and p.label == "3")
    assert len(para_3.spans) == 2
    assert doc.text[para_3.spans[0].start:para_3.spans[0].end].endswith("the thresholds to signpost children")
    assert doc.text[para_3.spans[1].start:para_3.spans[1].end].startswith("for early help support are inconsistently applied")
    assert "signpost children for early help support are inconsistently applied" in para_3.text


def test_page_furniture_is_recognised_and_kept_out_of_paragraphs(real_corpus):
    pack = real_corpus.document("cyp-scrutiny-2022-01-20")
    kinds = {f.kind for f in pack.furniture}
    assert "blank_page" in kinds
    assert real_corpus.document("cyp-scrutiny-2024-07-11").furniture[0].text in {"Agenda Item 3", "This page is intentionally left blank"} or \
        any(f.text == "Agenda Item 3" for f in real_corpus.document("cyp-scrutiny-2024-07-11").furniture)
    assert any(f.kind == "debris" and f.text == "BULLY" for f in real_corpus.document("cabinet-2016-06-08").furniture)
    assert any(f.kind == "debris" and f.text == "son" for f in real_corpus.document("cyp-scrutiny-minutes-2022-03-23").furniture)
    for doc in real_corpus:
        for f in doc.furniture:
            assert doc.text[f.span.start:f.span.end] == f.text  # recognised, never deleted
        assert furniture_inside(doc) == 0
        assert cut_by_page_break(doc) == 0
        for p in doc.paragraphs:
            assert not re.search(r"^(Agenda Item \d+|This page is intentionally left blank)$", p.text, re.M)


def test_running_header_between_page_halves_becomes_furniture(real_corpus):
    doc = real_corpus.document("cabinet-2016-06-08")
    assert any(f.kind == "running_header" and f.text == "Cabinet 13 April 2016" for f in doc.furniture)


def test_the_cabinet_report_reprinted_in_the_pack_is_linked_as_duplicate(real_corpus):
    dups = real_corpus.duplicates
    pack_ids = {p.id for p in real_corpus.document("cyp-scrutiny-2022-01-20").paragraphs}
    report_ids = {p.id for p in real_corpus.document("cabinet-report-2022-01-12").paragraphs}
    linked = {d: primary for d, primary in dups.items() if d in pack_ids and primary in report_ids}
    assert len(linked) >= 40  # the report's paragraphs point at the standalone (earlier) report
    for dup, primary in linked.items():
        a, b = real_corpus.paragraph(dup).text, real_corpus.paragraph(primary).text
        assert a[:30].lower() == b[:30].lower() or len(set(a.split()) & set(b.split())) > 0.8 * len(set(a.split()))
    assert not any(d in report_ids for d in dups)  # the primary copy is never itself a duplicate


def test_table_rows_keep_their_cells(ilacs_2021):
    doc, part = ilacs_2021
    rows = [p for p in doc.paragraphs if p.part_id == part.id and p.kind == "table_row"]
    cells = [[doc.text[c.start:c.end] for c in r.cells] for r in rows]
    assert ["Overall effectiveness", "Inadequate"] in cells
    table = next(t for t in doc.tables if rows[0].id in t.row_ids)
    assert len(table.row_ids) == 5


def test_furniture_classifier():
    assert furn.classify("Agenda Item 12") == "agenda_item_marker"
    assert furn.classify("This page is intentionally left blank") == "blank_page"
    assert furn.classify("Page 3 of 12") == "page_number"
    assert furn.classify("17") == "page_number"
    assert furn.classify("17. Monitoring systems") is None
