"""Search units: every paragraph with its heading path as context, plus the metadata filters use.

Units are built from corpus records only, so the index can be searched and filtered without
re-reading the corpus. Long paragraphs are windowed for the encoder (see ``encoder.windows``);
optional sentence rows point back at their paragraph.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, fields

from councilkg.dates import month_label
from ontology.vocab import grade_pattern

# Sentence ends: . ! ? followed by space and a capital, digit or opening quote/bracket.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(\[A-Z0-9])")


@dataclass(frozen=True)
class Unit:
    """One searchable paragraph (row i of the keyword index, one or more rows of the dense index)."""

    paragraph_id: str
    document_id: str
    part_id: str
    part_kind: str
    date: str | None
    bodies: tuple[str, ...]
    kind: str
    label: str | None
    context: str          # heading path, nearest headings last
    text: str             # paragraph.text, verbatim
    primary: str          # the paragraph this one duplicates, or its own id
    source: str = ""      # e.g. "inspection report, Ofsted, November 2021"

    def dense_text(self, with_source: bool = False) -> str:
        """What the encoder reads: (the source line,) the nearest headings, then the paragraph."""
        head = " | ".join(x for x in ((self.source if with_source else ""), self.context) if x)
        return f"{head}: {self.text}" if head else self.text

    def keyword_text(self, with_source: bool = True) -> str:
        """What BM25 indexes: source line, headings, label and paragraph."""
        return " ".join(x for x in ((self.source if with_source else ""), self.context, self.label or "",
                                    self.text) if x)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Unit":
        data = dict(data)
        data["bodies"] = tuple(data.get("bodies") or ())
        return cls(**data)


_GRADED_HEADING = re.compile(rf":\s*\**{grade_pattern(hidden=False)}\**\s*$", re.I)


def is_searchable(para) -> bool:
    """Headings are context, not answers: a short title ("2. Improvement Notice") would outrank the
    paragraphs under it on both methods while saying nothing. A heading that states something (a
    judgement with its grade, a long plan item) stays searchable.
    """
    if para.kind != "heading":
        return True
    return bool(_GRADED_HEADING.search(para.text)) or len(para.text.split()) >= 8


def make_units(corpus, context_depth: int = 2) -> list[Unit]:
    """One Unit per searchable paragraph of ``corpus``, in corpus order."""
    units = []
    for doc in corpus.documents:
        parts = {p.id: p for p in doc.parts}
        lead_in = ""
        for para in doc.paragraphs:
            # "The notice requires the Council to:" followed by "(a) produce an improvement plan…":
            # each list item is read with its lead-in, which says what the item is about.
            item_lead_in = lead_in if para.kind == "list_item" else ""
            if para.text.rstrip().endswith(":"):
                lead_in = " ".join(para.text.split()[:40])
            elif para.kind != "list_item":
                lead_in = ""
            if not is_searchable(para):
                continue
            part = parts.get(para.part_id)
            path = tuple(h for h in para.heading_path if h and h.strip() != para.text.strip())[-context_depth:]
            # The part's title names what a paragraph is about ("Defibrillators in schools") when
            # its own headings are generic ("Contact Details", "Background").
            if part is not None and context_depth and part.title not in path:
                path = (part.title,) + path
            if item_lead_in and context_depth:
                path = path + (item_lead_in,)
            date = part.date if part and part.date else doc.date
            bodies = tuple(b for b in ((part.body,) if part and part.body else doc.bodies) if b)
            units.append(Unit(
                paragraph_id=para.id,
                document_id=doc.id,
                part_id=para.part_id,
                part_kind=(part.kind if part else doc.kind) or "",
                date=date,
                bodies=bodies,
                kind=para.kind,
                label=para.label,
                context=" > ".join(path) if context_depth else "",
                text=para.text,
                primary=corpus.duplicates.get(para.id, para.id),
                source=source_line(part.kind if part else doc.kind, bodies, date),
            ))
    return units


def source_line(kind: str | None, bodies: tuple[str, ...], date: str | None) -> str:
    """Where a paragraph comes from, in words a question uses: "minutes, Cabinet, April 2016".

    Questions name the source ("what did Ofsted say in 2021", "the Cabinet meeting in April
    2016") while the paragraph itself rarely does; this line lets both indexes see it.
    """
    words = [(kind or "").replace("_", " ")] + list(bodies)
    if date and len(date) >= 7 and date[5:7].isdigit() and 1 <= int(date[5:7]) <= 12:
        words.append(month_label(date))
    elif date:
        words.append(date[:4])
    return ", ".join(w for w in words if w)


def sentences(text: str, min_chars: int = 25) -> list[str]:
    """Sentences of a paragraph (only when it has two or more of a useful length)."""
    parts = [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
    parts = [s for s in parts if len(s) >= min_chars]
    return parts if len(parts) >= 2 else []


def units_hash(units: list[Unit]) -> str:
    """Content hash of the units (ids, text, context and filter metadata)."""
    digest = hashlib.sha256()
    names = [f.name for f in fields(Unit)]
    for u in units:  # the field values in order: what repr(tuple(asdict(u).values())) reads, without asdict's copying
        digest.update(repr(tuple(getattr(u, n) for n in names)).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def corpus_hash(corpus) -> str:
    """The corpus's own content hash, or one computed from its documents when it has none."""
    if getattr(corpus, "content_hash", ""):
        return corpus.content_hash
    digest = hashlib.sha256()
    for doc in corpus.documents:
        digest.update(f"{doc.id}:{doc.sha256 or hashlib.sha256(doc.text.encode()).hexdigest()}\n".encode())
    return digest.hexdigest()
