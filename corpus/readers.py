"""Turn a file into text we can point into: .txt/.md (UTF-8, reported cp1252 fallback) and .pdf.

Every rejection names the file and the problem, and happens before anything is written, so a bad
file can never be half-ingested.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from councilkg.errors import InputError

TEXT_SUFFIXES = {".txt", ".md"}
PDF_SUFFIXES = {".pdf"}
PDF_HEADER = b"%PDF-"  # what a PDF file opens with; a web page saved under a PDF's name does not
SUPPORTED = sorted(TEXT_SUFFIXES | PDF_SUFFIXES)
PAGE_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class ReadResult:
    """Decoded text, the offset where each PDF page starts, and how the bytes were decoded."""

    text: str
    page_starts: tuple[int, ...]
    encoding: str
    notes: tuple[str, ...] = ()


def read(path: str | Path, max_mb: float = 50.0) -> ReadResult:
    """Read a document; raise InputError with a sentence naming the file and the problem."""
    path = Path(path)
    name = path.name
    if not path.exists():
        raise InputError(f"{name}: no such file.")
    if not path.is_file():
        raise InputError(f"{name}: not a regular file.")
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | PDF_SUFFIXES:
        raise InputError(f"{name}: unsupported file type '{suffix or '(none)'}'; use one of {', '.join(SUPPORTED)}.")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{name}: the file is empty.")
    if size > max_mb * 1024 * 1024:
        raise InputError(f"{name}: the file is {size / 1048576:.1f} MB, over the {max_mb:g} MB limit.")
    data = path.read_bytes()
    result = _read_pdf(name, data) if suffix in PDF_SUFFIXES else _read_text(name, data)
    if not result.text.strip():
        raise InputError(f"{name}: no text could be read from the file.")
    return result


def _read_text(name: str, data: bytes) -> ReadResult:
    if data.startswith(PDF_HEADER):
        raise InputError(f"{name}: this is a PDF with a text extension; rename it to .pdf.")
    if b"\x00" in data:  # anywhere: a NUL at byte 70,000 is as binary as one at byte 7
        raise InputError(f"{name}: looks binary (contains NUL bytes), not a text document.")
    try:
        text, encoding, notes = data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(
                f"{name}: not valid UTF-8 (byte {exc.start}) and not Windows-1252 either; re-save it as UTF-8."
            ) from None
        encoding = "cp1252"
        notes = (f"{name}: not valid UTF-8 (first bad byte at {exc.start}); decoded as Windows-1252.",)
    if text.startswith("\ufeff"):
        text = text[1:]
        notes = notes + (f"{name}: removed a UTF-8 byte-order mark.",)
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:65536]) // 100):
        raise InputError(f"{name}: looks binary ({controls} control characters), not a text document.")
    return ReadResult(text=text.replace("\r\n", "\n").replace("\r", "\n"), page_starts=(), encoding=encoding, notes=notes)


def _read_pdf(name: str, data: bytes) -> ReadResult:
    import io
    import logging

    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pragma: no cover - pypdf is a declared dependency
        raise InputError("Reading PDFs needs pypdf: pip install pypdf.") from None
    if not data.startswith(PDF_HEADER):
        raise InputError(f"{name}: not a PDF (no %PDF header).")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(f"{name}: the PDF is encrypted; provide an unencrypted copy.")
        pages = [(page.extract_text() or "") for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError(f"{name}: the PDF is malformed and cannot be read ({exc.__class__.__name__}).") from None
    if not any(p.strip() for p in pages):
        raise InputError(f"{name}: the PDF has no extractable text (scanned images need OCR first).")
    parts, starts, offset = [], [], 0
    for i, page in enumerate(pages):
        page = page.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
        if i:
            parts.append(PAGE_SEPARATOR)
            offset += len(PAGE_SEPARATOR)
        starts.append(offset)
        parts.append(page)
        offset += len(page)
    return ReadResult(text="".join(parts), page_starts=tuple(starts), encoding="pdf")
