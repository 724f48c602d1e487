"""Warm latency of qa.ask (p50/p95 over the question sets), printed as a table and written to bench/results/qa.json.

    .venv/bin/python bench/bench_qa.py [--repeat N] [FILE.jsonl ...]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

DEFAULT_SETS = [ROOT.parent / "shared" / "eval" / "dev_qa.jsonl", ROOT / "tests" / "data" / "qa_set.jsonl"]


def quantile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="passes over each set (the first warms caches)")
    args = parser.parse_args()

    import qa
    from qa.evaluate import read_questions

    t0 = time.perf_counter()
    engine = qa.get_engine()
    load_s = time.perf_counter() - t0
    qa.ask("warm-up question about the improvement board", engine=engine)
    rows = []
    for path in [f for f in (args.files or DEFAULT_SETS) if f.is_file()]:
        questions = [q["question"] for q in read_questions(path)]
        timings, graph_answers = [], 0
        for _ in range(max(1, args.repeat)):
            for question in questions:
                engine._encode_memo.clear()  # every ask encodes its question, as a new question would
                start = time.perf_counter()
                answer = qa.ask(question, engine=engine)
                timings.append((time.perf_counter() - start) * 1000)
                graph_answers += bool(answer.graph_facts)
        rows.append({"set": path.name, "questions": len(questions), "asks": len(timings),
                     "p50_ms": round(statistics.median(timings), 1), "p95_ms": round(quantile(timings, 0.95), 1),
                     "max_ms": round(max(timings), 1), "graph_answers": graph_answers // max(1, args.repeat)})
    print(f"engine load (corpus + index + graph + fact tables): {load_s:.1f} s")
    print(f"{'set':22} {'questions':>9} {'asks':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'graph':>6}")
    for r in rows:
        print(f"{r['set']:22} {r['questions']:>9} {r['asks']:>5} {r['p50_ms']:>8} {r['p95_ms']:>8} {r['max_ms']:>8} "
              f"{r['graph_answers']:>6}")
    out = ROOT / "bench" / "results" / "qa.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"engine_load_s": round(load_s, 2), "sets": rows, "target_p95_ms": 150,
                               "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
                               "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S")}, indent=1) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    from councilkg.errors import CouncilKGError

    try:
        sys.exit(main())
    except CouncilKGError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
