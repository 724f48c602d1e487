"""Corpus load benchmark: read + hash-check + segment + duplicate linking of the whole corpus."""
from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import corpus
from corpus.duplicates import find_duplicates
from corpus.manifest import read_manifest, verify
from councilkg.settings import get_settings


def main() -> None:
    settings = get_settings()
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        docs = [corpus.load_document(verify(settings.corpus_dir, e), e) for e in read_manifest(settings.corpus_dir)]
        find_duplicates(docs)
        runs.append(time.perf_counter() - t)
    paragraphs = sum(len(d.paragraphs) for d in docs)
    chars = sum(len(d.text) for d in docs)
    result = {"documents": len(docs), "paragraphs": paragraphs, "characters": chars,
              "load_s_median": round(statistics.median(runs), 3),
              "chars_per_s": int(chars / statistics.median(runs))}
    print("| documents | paragraphs | characters | load+segment+dedupe (median of 5) | throughput |")
    print("|---|---|---|---|---|")
    print(f"| {result['documents']} | {paragraphs} | {chars} | {result['load_s_median']} s | {result['chars_per_s']:,} chars/s |")
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "corpus.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
