"""Readers (text, PDF with pages), bad inputs rejected with a sentence, atomic ingest, manifest hashes."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import corpus
from corpus.ingest import ingest
from corpus.manifest import read_manifest
from corpus.readers import read
from corpus.segment import segment
from councilkg.errors import CorpusIntegrityError, InputError

REPO = Path(__file__).resolve().parents[2]


def make_pdf(path: Path, pages: list[list[str]]) -> Path:
    """A real PDF written with reportlab: one list of lines per page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for lines in pages:
        y = 800
        for line in lines:
            c.drawString(60, y, line)
            y -= 18
        c.showPage()
    c.save()
    return path


@pytest.fixture
def corpus_copy(tmp_path):
    """A private copy of the corpus folder, so ingest tests never touch the real one."""
    target = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def test_pdf_is_read_with_page_numbers_and_page_offsets(tmp_path):
    pdf = make_pdf(tmp_path / "report.pdf", [
        ["Inspection of Anytown local authority children's services", "", "1. Children are seen promptly and"],
        ["their plans are reviewed regularly.", "2. Care leavers are well supported."],
    ])
    result = read(pdf)
    assert result.encoding == "pdf" and len(result.page_starts) == 2
    assert result.text[result.page_starts[1]:].startswith("their plans")
    doc = corpus.load_document(pdf)
    para_2 = next(p for p in doc.paragraphs if p.label == "2")
    assert para_2.page == 2 and doc.page_at(para_2.start) == 2
    assert doc.text[para_2.start:para_2.end] == para_2.text


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"", "is empty"),
    ("blank.txt", b"   \n\n  ", "no text"),
    ("binary.txt", b"\x00\x01\x02binary\x00" * 50, "binary"),
    ("notes.docx", b"PK\x03\x04", "unsupported file type"),
    ("fake.pdf", b"this is not a pdf", "not a PDF"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj garbage", "malformed"),
    ("pdf-in-disguise.txt", b"%PDF-1.4\n...", "rename it to .pdf"),
])
def test_bad_files_are_rejected_with_a_sentence_naming_them(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        read(path)
    assert name in str(err.value) and message in str(err.value)


def test_oversized_file_is_rejected(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("word " * 300_000)
    with pytest.raises(InputError, match="over the 1 MB limit"):
        read(path, max_mb=1)


def test_windows_1252_is_decoded_by_a_reported_fallback(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes("The council\u2019s budget \u2013 agreed.\n".encode("cp1252"))
    result = read(path)
    assert result.encoding == "cp1252" and "council\u2019s" in result.text
    assert "Windows-1252" in result.notes[0]


def test_ingest_adds_document_and_manifest_entry_atomically(corpus_copy, tmp_path):
    src = tmp_path / "2023-05-10_anytown_minutes.txt"
    src.write_text("Minutes of: ANYTOWN CABINET\n\nDate of Meeting: 10 May 2023\n\n"
                   "Present: Councillor A Jones (in the Chair)\n\n1 APOLOGIES\n\nThere were none.\n")
    entry = ingest(src, corpus_copy, title="Anytown Cabinet minutes")
    assert entry.id == "2023-05-10-anytown-minutes" and entry.date == "2023-05-10" and entry.kind == "minutes"
    assert (corpus_copy / entry.file).read_bytes() == src.read_bytes()
    loaded = corpus.load(corpus_copy)
    doc = loaded.document(entry.id)
    assert doc.parts[0].kind == "minutes" and doc.parts[0].date == "2023-05-10"
    with pytest.raises(InputError, match="already in the corpus"):
        ingest(src, corpus_copy)


@pytest.mark.parametrize("name, content", [("bad.bin", b"\x00" * 10), ("empty.txt", b""), ("x.pdf", b"%PDF-1.4 junk")])
def test_rejected_ingest_leaves_corpus_and_manifest_untouched(corpus_copy, tmp_path, name, content):
    before_manifest = (corpus_copy / "manifest.toml").read_bytes()
    before_files = sorted(p.name for p in (corpus_copy / "documents").iterdir())
    src = tmp_path / name
    src.write_bytes(content)
    with pytest.raises(InputError):
        ingest(src, corpus_copy)
    assert (corpus_copy / "manifest.toml").read_bytes() == before_manifest
    assert sorted(p.name for p in (corpus_copy / "documents").iterdir()) == before_files


def test_a_changed_document_is_a_clear_integrity_error(corpus_copy):
    entry = read_manifest(corpus_copy)[0]
    path = corpus_copy / entry.file
    path.write_bytes(path.read_bytes() + b"\nappended")
    with pytest.raises(CorpusIntegrityError, match="does not match its manifest hash"):
        corpus.load(corpus_copy)


def test_cli_reports_bad_input_as_one_sentence(tmp_path, capsys):
    from cli import main

    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    assert main(["ingest", str(bad), "--no-build"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: empty.txt: the file is empty.") and "Traceback" not in err
    with pytest.raises(SystemExit) as exit_:
        main(["corpus", "show"])
    assert exit_.value.code == 2


def test_cli_lists_and_shows(capsys):
    from cli import main

    assert main(["corpus", "list"]) == 0
    out = capsys.readouterr().out
    assert "cyp-scrutiny-2022-01-20" in out and "inspection_report" in out
    pid = corpus.load().document("cyp-scrutiny-2022-01-20").paragraphs[5].id
    assert main(["corpus", "show", pid]) == 0
    assert pid in capsys.readouterr().out


words = st.text(alphabet="abcdefghij ", min_size=1, max_size=30).map(str.strip).filter(bool)
blocks = st.lists(
    st.one_of(
        words.map(lambda w: "HEADING " + w.upper()),
        st.tuples(st.integers(1, 60), words).map(lambda t: f"{t[0]}. Para {t[1]}."),
        words.map(lambda w: f"- item {w}"),
        st.tuples(words, words).map(lambda t: f"{t[0]}\t{t[1]}"),
        words.map(lambda w: f"Prose about {w} continues"),
        st.just("Agenda Item 4"),
        st.just("This page is intentionally left blank"),
        st.just("12"),
    ),
    min_size=1, max_size=30,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks=blocks, seps=st.lists(st.sampled_from(["\n", "\n\n", "\n\n\n\n\n", "\r\n"]), min_size=30, max_size=30))
def test_generated_documents_round_trip_offsets(blocks, seps):
    text = "".join(b + seps[i] for i, b in enumerate(blocks)).replace("\r\n", "\n")
    seg = segment("gen", text)
    for p in seg.paragraphs:
        assert " ".join(text[s.start:s.end] for s in p.spans) == p.text
        assert "Agenda Item 4" not in p.text and "intentionally left blank" not in p.text
    furniture = {(f.span.start, f.span.end) for f in seg.furniture}
    for p in seg.paragraphs:
        for s in p.spans:
            assert not any(fs < s.end and s.start < fe for fs, fe in furniture)
    assert [p.ordinal for p in seg.paragraphs] == list(range(len(seg.paragraphs)))
