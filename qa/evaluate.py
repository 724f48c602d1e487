"""`councilkg eval qa FILE.jsonl`: evidence hit@k, answer accuracy, not-found accuracy, citation validity, latency."""
from __future__ import annotations

import json
import re
import shutil
import statistics
import time
from pathlib import Path

from councilkg.errors import InputError

_MARKER = re.compile(r"\[(\d+)\]")


def norm(text: str) -> str:
    """Lower-case, whitespace-collapsed, markdown emphasis dropped: how fragments are compared."""
    return " ".join(text.replace("**", "").replace("’", "'").lower().split())


def read_questions(path: str | Path) -> list[dict]:
    """Dev-set format: one JSON object per line with at least a ``question`` field."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"No question file at '{path}'.")
    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"Line {i} of '{path}' is not JSON ({exc.msg}).") from exc
        if not isinstance(item, dict) or not isinstance(item.get("question"), str):
            raise InputError(f"Line {i} of '{path}' has no 'question' string.")
        out.append(item)
    return out


def citations_valid(answer: dict, engine) -> bool:
    """Every quote is the document text at its offsets, and every [n] in the answer is a citation."""
    numbers = {c["n"] for c in answer["citations"]}
    for c in answer["citations"]:
        doc = engine.docs.get(c["document_id"])
        if doc is None or doc.text[c["start"]:c["end"]] != c["quote"]:
            return False
        p = engine.paragraphs.get(c["paragraph_id"])
        if p is None or not (p.start <= c["start"] and c["end"] <= p.end):
            return False
    return all(int(n) in numbers for n in _MARKER.findall(answer["answer"]))


def _evidence_hit(evidence: list[str], citations: list[dict]) -> bool | None:
    """One evidence quote lies in a cited paragraph (a paragraph's duplicates hold the same text; graph facts cite
    their own spans, so quotes count too); None when the item gives no evidence."""
    if not evidence:
        return None
    cited = [norm(c["paragraph_text"]) for c in citations] + [norm(c["quote"]) for c in citations]
    return any(e in text for e in evidence for text in cited)


def score_one(item: dict, answer: dict, engine) -> dict:
    """The per-question verdicts."""
    expected_found = bool(item.get("found", True))
    k = int(item.get("k", 5))
    evidence = [norm(e) for e in item.get("evidence", [])]
    hit = _evidence_hit(evidence, answer["citations"][:k])
    # the same, counting only what the answer quotes (not its "See also" or a declined question's nearest passages)
    quoted_hit = _evidence_hit(evidence, [c for c in answer["citations"] if not c.get("related")][:k])
    text = norm(answer["answer"])
    any_ok = not item.get("answer_any") or any(norm(x) in text for x in item["answer_any"])
    all_ok = all(norm(x) in text for x in item.get("answer_all", []))
    correct = answer["found"] == expected_found and (not expected_found or (any_ok and all_ok))
    return {"id": item.get("id"), "expected_found": expected_found, "found": answer["found"], "evidence_hit": hit,
            "evidence_hit_quoted": quoted_hit, "correct": correct, "citations_valid": citations_valid(answer, engine)}


# How packs are ingested; part of a pack build's stamp, so packs built the older way are built again.
# "bulk": as `councilkg ingest` (title, date and authority read from the document when the pack's manifest
# does not give them); before, reports came in titled by their file name ("2021 11 19") with no authority.
PACK_INGEST = "bulk"


def engine_with_documents(manifest: str | Path, work_dir: str | Path, prefer_pdf: bool = False):
    """An Engine over a copy of the corpus plus the documents a JSON manifest lists, each added as
    `councilkg ingest FILE` adds it (``councilkg.bulk.ingest_many``: what the entry does not give — an
    inspection report's title, date and authority — is read from the document) and built in ``work_dir``
    (the real corpus and build are untouched; the real build's vector cache is reused, so only the new
    text is encoded).

    The manifest is a list of {"file", "title", "date", "kind", "publisher", "bodies"}, files relative to it;
    with ``prefer_pdf`` a PDF beside a listed file (same stem) is ingested instead, to measure PDF extraction."""
    from councilkg.settings import get_settings

    manifest = Path(manifest)
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"Cannot read the document list '{manifest}' ({exc}).") from exc
    if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("file"), str) for e in entries):
        raise InputError(f"The document list '{manifest}' must be a JSON list of objects, each with a 'file'.")
    settings = get_settings()
    work_dir = Path(work_dir)
    corpus_dir, build_dir = work_dir / "corpus", work_dir / "build"
    shutil.copytree(settings.corpus_dir, corpus_dir, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    for cache in ("embed_cache", "corpus/documents"):  # encodings and segmented documents the scratch build reuses
        if (Path(settings.build_dir) / cache).is_dir():
            shutil.copytree(Path(settings.build_dir) / cache, build_dir / cache)
    scratch = get_settings(build_dir=build_dir, corpus_dir=corpus_dir)
    add_documents(manifest, entries, scratch, prefer_pdf)
    return _built_engine(scratch)


def _built_engine(settings):
    """An Engine over what ``pipeline.build`` makes (or reuses) in ``settings``' folders: the one that stored its
    answer tables (``Build.engine``; every build makes it)."""
    from councilkg import pipeline

    return pipeline.build(settings, show_progress=False).engine


def add_documents(manifest: Path, entries: list[dict], settings, prefer_pdf: bool = False) -> None:
    """Ingest a pack manifest's entries into ``settings.corpus_dir`` as `councilkg ingest FILE` would, the
    entry's fields standing for its flags (what they leave out is read from the document)."""
    from councilkg.bulk import ingest_many

    names = [Path(e["file"]).name for e in entries]
    for entry in entries:
        path = manifest.parent / entry["file"]
        if prefer_pdf and path.with_suffix(".pdf").is_file():
            path = path.with_suffix(".pdf")
        if names.count(path.name) > 1:  # two authorities' reports of one date: ingest each under its folder's name
            staged = Path(settings.build_dir).parent / "staged" / f"{path.parent.name}-{path.name}"
            staged.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, staged)
            path = staged
        flags = {"title": entry.get("title"), "date": entry.get("date"), "kind": entry.get("kind"),
                 "publisher": entry.get("publisher", ""), "bodies": tuple(entry.get("bodies", ()))}
        ingest_many([path], settings, flags=flags, progress=False, say=lambda _message: None)


def pack_engine(manifest: str | Path, prefer_pdf: bool = False):
    """``engine_with_documents`` built once into ``build/packs/<pack>[-pdf]`` and reloaded after (the scratch
    corpus and build are kept; the real ones are untouched). Rebuilt when the pack's files change."""
    from councilkg.settings import get_settings

    manifest = Path(manifest)
    stamp, digest = pack_stamp(manifest, prefer_pdf)
    work = stamp.parent
    if stamp.is_file() and stamp.read_text() == digest:
        # the same documents: the builds reload unless the extractors or the index options changed
        return _built_engine(get_settings(build_dir=work / "build", corpus_dir=work / "corpus"))
    shutil.rmtree(work, ignore_errors=True)
    engine = engine_with_documents(manifest, work, prefer_pdf)
    stamp.write_text(digest)
    return engine


# What a pack's folder holds that its build never reads: the questions asked of it and their notes (relabelling a
# question must not rebuild the pack)
NOT_BUILT_FROM = ("qa_*.jsonl", "README.md")


# The packages a pack's build runs (ingest, reading, segmentation, extraction, the index): not ``qa``, whose tables
# carry their own code key (``qa.tables.key_of``)
BUILT_BY = ("corpus", "graph", "embed", "councilkg", "ontology")


def built_by() -> str:
    """A key of the source of ``BUILT_BY`` (``councilkg.code_key``). Why: a pack's stamp held its inputs only, so a
    mended reader or extractor left every pack as the old code built it (the model of record of the nineteenth
    session was fitted on packs whose graphs read 30 of 33 "chaired by" phrases as people)."""
    from councilkg.code_key import package_files, source_key

    return source_key(*package_files(*BUILT_BY))


def pack_stamp(manifest: str | Path, prefer_pdf: bool = False) -> tuple[Path, str]:
    """(the stamp file of ``pack_engine``'s build of ``manifest``, the digest it holds when that build is current:
    the corpus manifest, how packs are ingested, the code a pack's build runs (``built_by``), and the files the build
    reads — the pack's manifest and documents beside it, and the documents it lists elsewhere)."""
    import hashlib

    from councilkg.settings import get_settings

    manifest = Path(manifest)
    digest = hashlib.sha256((Path(get_settings().corpus_dir) / "manifest.toml").read_bytes())
    digest.update(PACK_INGEST.encode())
    digest.update(built_by().encode())
    read = [f for f in sorted(manifest.parent.iterdir()) if f.is_file() and not any(f.match(p) for p in NOT_BUILT_FROM)]
    try:
        listed = [manifest.parent / e["file"] for e in json.loads(manifest.read_text(encoding="utf-8"))]
    except (ValueError, TypeError, KeyError):  # not a document list: engine_with_documents says so when it builds
        listed = []
    beside = {f.resolve() for f in read}
    read += [f for f in listed if f.is_file() and f.resolve() not in beside]
    for f in read:
        digest.update(f.name.encode() + f.read_bytes())
    work = Path(get_settings().build_dir) / "packs" / f"{manifest.parent.name}{'-pdf' if prefer_pdf else ''}"
    return work / "DONE", digest.hexdigest()


def evaluate(path: str | Path, engine=None, ask=None) -> dict:
    """Run every question of ``path`` through ``qa.ask`` (warm) and summarise."""
    from qa import ask as qa_ask
    from qa.engine import get_engine

    engine = engine or get_engine()
    ask = ask or qa_ask
    items = read_questions(path)
    ask("warm-up question about the improvement board", engine=engine)
    rows, latencies = [], []
    for item in items:
        t0 = time.perf_counter()
        answer = ask(item["question"], k=int(item.get("k", 5)), engine=engine).to_json()
        latencies.append((time.perf_counter() - t0) * 1000)
        rows.append({**score_one(item, answer, engine), "answer": answer["answer"]})
    return summarise(rows, latencies, str(path))


def _quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def summarise(rows: list[dict], latencies: list[float], name: str) -> dict:
    answerable = [r for r in rows if r["expected_found"]]
    declined = [r for r in rows if not r["expected_found"]]
    with_evidence = [r for r in answerable if r["evidence_hit"] is not None]
    ratio = lambda xs, f: round(sum(1 for x in xs if f(x)) / len(xs), 3) if xs else None  # noqa: E731
    return {
        "file": name,
        "questions": len(rows),
        "answerable": len(answerable),
        "unanswerable": len(declined),
        "evidence_hit_at_k": ratio(with_evidence, lambda r: r["evidence_hit"]),
        "evidence_hit_quoted": ratio(with_evidence, lambda r: r.get("evidence_hit_quoted")),
        "answer_accuracy": ratio(answerable, lambda r: r["correct"]),
        "not_found_accuracy": ratio(declined, lambda r: not r["found"]),
        "false_not_found": ratio(answerable, lambda r: not r["found"]),
        "citation_validity": ratio(rows, lambda r: r["citations_valid"]),
        "latency_ms": {"p50": round(statistics.median(latencies), 1) if latencies else 0.0,
                       "p95": round(_quantile(latencies, 0.95), 1)},
        "rows": rows,
    }


def print_report(result: dict, verbose: bool = False) -> None:
    failures = [r for r in result["rows"] if not r["correct"] or r["evidence_hit"] is False or not r["citations_valid"]]
    if verbose:
        for r in failures:
            print(f"  {r['id']}: found={r['found']} evidence_hit={r['evidence_hit']} correct={r['correct']} "
                  f"valid={r['citations_valid']} :: {r['answer'][:160]!r}")
    print(f"{result['file']}: {result['questions']} questions ({result['answerable']} answerable, "
          f"{result['unanswerable']} unanswerable)")
    print(f"  evidence hit@k      {result['evidence_hit_at_k']}   (in the quoted answer alone: {result['evidence_hit_quoted']})")
    print(f"  answer accuracy     {result['answer_accuracy']}")
    print(f"  not-found accuracy  {result['not_found_accuracy']}   (answerable declined: {result['false_not_found']})")
    print(f"  citation validity   {result['citation_validity']}")
    print(f"  latency ms          p50 {result['latency_ms']['p50']}  p95 {result['latency_ms']['p95']}")
