"""Read, check and atomically rewrite ``manifest.toml`` (one ``[[document]]`` per source file)."""
from __future__ import annotations

import datetime
import hashlib
import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass, asdict
from pathlib import Path

from councilkg.dates import iso_date, parse_date
from councilkg.errors import CorpusIntegrityError, InputError
from councilkg.fsutil import atomic_write

REQUIRED = ("id", "file", "title", "publisher", "bodies", "date", "kind", "licence", "sha256")


@dataclass(frozen=True)
class Entry:
    id: str
    file: str
    title: str
    publisher: str
    bodies: tuple[str, ...]
    date: str | None
    kind: str
    licence: str
    sha256: str


def read_manifest(corpus_dir: Path) -> list[Entry]:
    path = Path(corpus_dir) / "manifest.toml"
    if not path.exists():
        raise InputError(f"No manifest at {path}; a corpus folder needs manifest.toml and documents/.")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CorpusIntegrityError(f"{path.name} is not valid TOML: {exc}.") from None
    entries = []
    for i, raw in enumerate(data.get("document", [])):
        missing = [k for k in REQUIRED if k not in raw]
        if missing:
            raise CorpusIntegrityError(f"{path.name}: document #{i + 1} lacks {', '.join(missing)}.")
        if raw["date"] and not valid_date(raw["date"]):
            raise CorpusIntegrityError(f"{path.name}: document '{raw['id']}' has the date '{raw['date']}', "
                                       "which is not a real YYYY-MM-DD date.")
        entries.append(Entry(**{**{k: raw[k] for k in REQUIRED}, "bodies": tuple(raw["bodies"]),
                                "date": raw["date"] or None}))
    ids = [e.id for e in entries]
    if len(ids) != len(set(ids)):
        raise CorpusIntegrityError(f"{path.name}: duplicate document ids.")
    return entries


def valid_date(value) -> bool:
    """True for a real calendar date written YYYY-MM-DD ('2024-13-45' is not)."""
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def sha256_of(path: Path) -> str:
    """Streamed: a large file is never held in memory just to be hashed."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(corpus_dir: Path, entry: Entry) -> Path:
    """The entry's file path, after checking it exists and its bytes match the recorded sha256."""
    path = Path(corpus_dir) / entry.file
    if not path.exists():
        raise CorpusIntegrityError(f"{entry.file} is listed in the manifest but missing.")
    actual = sha256_of(path)
    if actual != entry.sha256:
        raise CorpusIntegrityError(
            f"{entry.file} does not match its manifest hash (expected {entry.sha256[:12]}…, found {actual[:12]}…); "
            "the source changed, so stored offsets would be wrong. Restore the file or re-ingest it."
        )
    return path


def render(entries: list[Entry]) -> str:
    out = ["# One entry per source document. sha256 is checked on every load: provenance offsets",
           "# point into these files, so a changed byte is an error, never a silent re-anchor.", ""]
    for e in entries:
        out.append("[[document]]")
        for key, value in asdict(e).items():
            if isinstance(value, (list, tuple)):
                out.append(f"{key} = [{', '.join(json.dumps(v, ensure_ascii=False) for v in value)}]")
            else:
                out.append(f"{key} = {json.dumps(value or '', ensure_ascii=False)}")
        out.append("")
    return "\n".join(out)


def write_manifest(corpus_dir: Path, entries: list[Entry]) -> None:
    """Write to a temp file in the same folder, fsync, then rename: readers never see half a manifest.

    Callers hold ``councilkg.locks.corpus_lock``: read-modify-write of the manifest by two
    processes at once would lose one of the changes.
    """
    text = render(entries)
    tomllib.loads(text)  # never install an unreadable manifest
    atomic_write(Path(corpus_dir) / "manifest.toml", text, prefix=".manifest-")


# Metadata for a file the manifest does not list yet (ingest, or a document loaded on its own).
def slugify(value: str) -> str:
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", value.lower())).strip("-")[:60] or "document"


def safe_file_name(name: str) -> str:
    """``name`` as valid UTF-8 without control characters or separators.

    File names are bytes on Linux; one that is not UTF-8 arrives as lone surrogates, which
    cannot be written into the UTF-8 manifest. Undecodable bytes and control characters
    become '_'; the suffix is kept.
    """
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    text = "".join("_" if ch == "\ufffd" or unicodedata.category(ch)[0] == "C" or ch in "/\\" else ch
                   for ch in text)
    text = text.strip().lstrip(".") or "document"
    return text[:200]


def _guess_kind(name: str) -> str:
    low = name.lower()
    for needle, kind in (("minutes", "minutes"), ("agenda", "agenda_pack"), ("ofsted", "inspection_report"),
                         ("inspection", "inspection_report"), ("plan", "plan"), ("report", "report")):
        if needle in low:
            return kind
    return "other"


def entry_for(path: Path, title: str | None, *, date: str | None = None, kind: str | None = None,
              publisher: str = "", bodies: tuple[str, ...] = (), licence: str = "",
              sha256: str | None = None) -> Entry:
    """Manifest metadata for a new file: explicit values first, else read from its (sanitised) name."""
    name = safe_file_name(Path(path).name)
    stem = Path(name).stem
    iso = date or parse_date(stem.replace("_", " ").replace("-", " ")) or _iso_in(stem)
    return Entry(
        id=slugify(stem), file=f"documents/{name}", title=title or stem.replace("_", " ").replace("-", " "),
        publisher=publisher or "unknown", bodies=tuple(bodies), date=iso, kind=kind or _guess_kind(stem),
        licence=licence or "unknown", sha256=sha256 or sha256_of(path),
    )


def _iso_in(stem: str) -> str | None:
    """The first real ISO day a file name holds, wherever it stands: "2016-06-08_cabinet_agenda-pack",
    "cabinet-2024-06-12", and a report staged under its authority's name, "bournemouth-christchurch-poole-2025-01-29"
    (two authorities' reports of one day in one pack; a date read from the start alone left that report dated by its
    inspection's last day)."""
    found = re.finditer(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)", stem)
    days = (iso_date(int(m[1]), int(m[2]), int(m[3])) for m in found)
    return next(filter(None, days), None)
