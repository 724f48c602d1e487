"""Documents tab: the corpus with its parts, and an upload that runs the CLI's validated, atomic ingest."""
from __future__ import annotations

from pathlib import Path

import gradio as gr

from ui_views.backend import backend
from ui_views.errors import fail, user_errors

ALLOWED = {".txt": None, ".pdf": b"%PDF-"}
DOC_COLUMNS = ["id", "title", "date", "kind", "parts", "paragraphs"]
PART_COLUMNS = ["part", "kind", "title", "date", "body", "paragraphs"]


@user_errors
def documents_table():
    """One row per document: id, title, date, kind, number of parts and paragraphs."""
    rows = [[d.id, d.title, d.date or "", d.kind, len(d.parts), len(d.paragraphs)] for d in backend().corpus().documents]
    return {"headers": DOC_COLUMNS, "data": rows or [[""] * len(DOC_COLUMNS)]}


@user_errors
def parts_table(document_id: str):
    """The parts of one document with their paragraph counts."""
    if not (document_id or "").strip():
        raise fail("Pick a document first.")
    doc = backend().corpus().document(document_id.strip())
    counts: dict[str, int] = {}
    for para in doc.paragraphs:
        counts[para.part_id] = counts.get(para.part_id, 0) + 1
    rows = [[p.ordinal, p.kind, p.title, p.date or "", p.body or "", counts.get(p.id, 0)] for p in doc.parts]
    return {"headers": PART_COLUMNS, "data": rows or [[""] * len(PART_COLUMNS)]}


def check_upload(path: str | None, max_mb: float) -> Path:
    """Reject a file by type (suffix and content) and size before ingest sees it."""
    if not path:
        raise fail("Choose a .txt or .pdf file to add.")
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in ALLOWED:
        raise fail(f"'{file.name}' is not a .txt or .pdf file; only plain text and PDF documents can be added.")
    size = file.stat().st_size
    if size == 0:
        raise fail(f"'{file.name}' is empty.")
    if size > max_mb * 1024 * 1024:
        raise fail(f"'{file.name}' is {size / 1024 / 1024:.1f} MB; the limit is {max_mb:g} MB.")
    with open(file, "rb") as fh:
        head = fh.read(4096)
    magic = ALLOWED[suffix]
    if magic is not None and not head.startswith(magic):
        raise fail(f"'{file.name}' is named .pdf but is not a PDF file.")
    if magic is None:
        if b"\x00" in head or head.startswith(b"%PDF-"):
            raise fail(f"'{file.name}' is named .txt but holds binary data; save it as plain text (UTF-8).")
    return file


@user_errors
def upload(path: str | None, title: str = "", progress=gr.Progress()):
    """Validate, ingest atomically, then rebuild graph and index; returns (status, documents table)."""
    b = backend()
    settings = b.settings
    file = check_upload(path, float(settings.max_file_mb))
    from corpus.ingest import ingest

    progress(0.05, desc="Validating and adding the document")
    entry = ingest(file, settings.corpus_dir, title=(title or "").strip() or None, max_mb=float(settings.max_file_mb))
    _rebuild_after(b, progress, f"'{entry.id}' was added to the corpus")
    doc = b.corpus().document(entry.id)
    status = (f"Added **{_md(doc.title)}** as `{entry.id}`: {len(doc.parts)} parts, {len(doc.paragraphs)} paragraphs. "
              "Graph and index rebuilt.")
    return status, documents_table()


@user_errors
def remove(document_id: str, progress=gr.Progress()):
    """Take the picked document out of the corpus atomically, then rebuild; returns (status, documents table)."""
    if not (document_id or "").strip():
        raise fail("Pick the document to remove first.")
    b = backend()
    from corpus.ingest import remove as remove_document

    progress(0.05, desc="Removing the document")
    entry = remove_document(document_id.strip(), b.settings.corpus_dir)
    _rebuild_after(b, progress, f"'{entry.id}' was removed from the corpus")
    return f"Removed **{_md(entry.title)}** (`{entry.id}`). Graph and index rebuilt.", documents_table()


def _rebuild_after(b, progress, done: str) -> None:
    """Rebuild after a corpus change; when another writer holds the build, say what did happen."""
    from councilkg.errors import BusyError

    try:
        b.rebuild(progress)
    except BusyError:
        raise fail(f"{done}, but another build is running, so this one did not rebuild; "
                   "run 'councilkg build' when it has finished.") from None


def _md(text: str) -> str:
    """Escape text shown inside Markdown (HTML and Markdown control characters)."""
    import html
    import re

    return re.sub(r"([\\`*_{}\[\]()#+\-.!|>~])", r"\\\1", html.escape(str(text)))


def build(demo: gr.Blocks) -> None:
    table = gr.Dataframe(headers=DOC_COLUMNS, interactive=False, wrap=True, elem_id="docs-table", label="Corpus")
    with gr.Row():
        pick = gr.Dropdown(label="Document", choices=[], allow_custom_value=True, scale=3, elem_id="docs-pick")
        show = gr.Button("Show parts", scale=1)
        drop = gr.Button("Remove document", scale=1, variant="stop", elem_id="docs-remove")
    parts = gr.Dataframe(headers=PART_COLUMNS, interactive=False, wrap=True, label="Parts")
    show.click(parts_table, pick, parts, api_name="parts")
    pick.input(parts_table, pick, parts, api_name=False)
    gr.Markdown("### Add a document")
    with gr.Row():
        file = gr.File(label=".txt or .pdf", file_types=[".txt", ".pdf"], type="filepath", elem_id="docs-upload")
        with gr.Column():
            title = gr.Textbox(label="Title (optional)", max_lines=1)
            add = gr.Button("Add and rebuild", variant="primary", elem_id="docs-add")
    status = gr.Markdown(elem_id="docs-status")
    add.click(upload, [file, title], [status, table], api_name="upload", concurrency_limit=1, concurrency_id="ingest")
    drop.click(remove, pick, [status, table], api_name="remove", concurrency_limit=1, concurrency_id="ingest")

    def refresh():
        data = documents_table()
        return data, gr.Dropdown(choices=[(f"{r[1]} ({r[0]})", r[0]) for r in data["data"] if r[0]])

    demo.load(refresh, None, [table, pick], api_name=False)
    table.change(lambda d: gr.Dropdown(choices=[(f"{r[1]} ({r[0]})", r[0]) for r in _rows(d) if r and r[0]]),
                 table, pick, api_name=False)


def _rows(value):
    if hasattr(value, "values"):
        return value.values.tolist()
    if isinstance(value, dict):
        return value.get("data", [])
    return value or []

