"""Thesaurus benchmark: load time, spotting concepts in a megabyte of real text, and the graph cost of topic tags."""
from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import corpus
from ontology import thesaurus


def main() -> None:
    t = time.perf_counter()
    th = thesaurus.load()
    load_s = time.perf_counter() - t
    text = "\n".join(doc.text for doc in corpus.load().documents)
    text = (text * (1_000_000 // len(text) + 1))[:1_000_000]
    runs = []
    for _ in range(5):
        t = time.process_time()
        mentions = th.concepts_in(text)
        runs.append(time.process_time() - t)
    concepts = th.concepts()
    labels = sum(len(c.labels) for c in concepts)
    result = {"concepts": len(concepts), "labels": labels, "load_s": round(load_s, 3),
              "spot_1mb_cpu_s_median": round(statistics.median(runs), 3), "mentions_per_mb": len(mentions)}
    print("| concepts | labels | load (parse + trie) | spot 1 MB (CPU, median of 5) | mentions in 1 MB |")
    print("|---|---|---|---|---|")
    print(f"| {len(concepts)} | {labels} | {result['load_s']} s | {result['spot_1mb_cpu_s_median']} s | {len(mentions):,} |")
    # What the topic tags add to the graph: the corpus's facts and quads without and with them.
    from graph import builder

    loaded = corpus.load()
    extractors, post = builder.registry()
    without = [e for e in extractors if not e.name.startswith("topics.")]
    sizes = {}
    for name, chosen in (("without_tags", without), ("with_tags", extractors)):
        facts = builder.extract(loaded, chosen, post)
        sizes[name] = {"facts": len(facts), "quads": len(builder.quads_for(loaded, facts))}
    result["graph"] = sizes
    print(f"\n| graph | facts | quads |\n|---|---|---|")
    for name, size in sizes.items():
        print(f"| {name.replace('_', ' ')} | {size['facts']:,} | {size['quads']:,} |")
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "thesaurus.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
