"""Scale bench: ingest every Ofsted report in ../shared/ofsted/reports into a copy of the corpus, then time asks.

Measures, in a scratch corpus and build (the project's own build/ is never touched):
- `councilkg ingest REPORTS --workers N` (bulk ingest, then one rebuild): wall time, seconds per report,
  peak RSS of the whole process tree, build size on disk, quads, documents, paragraphs, index units;
- the corpus reload from the build (no source file read) and an unchanged `councilkg build`;
- cold `councilkg ask` and `councilkg sparql` (a new process each time) and warm ask p50/p95 in one
  process over the Ofsted training questions (tests/data/train_ofsted) plus cross-authority ones.

Usage: .venv/bin/python bench/bench_ofsted.py [--reports DIR] [--workers 2] [--keep DIR]
Figures go to bench/results/ofsted.json and the README ("Ofsted reports at scale").
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CLI = [sys.executable, str(ROOT / "cli.py")]  # the `councilkg` command of this checkout
QUESTIONS = ROOT / "tests" / "data" / "train_ofsted" / "qa_train_ofsted.jsonl"
EXTRA = [
    "Which authorities were judged inadequate in 2023?",
    "How have Dorset's judgements changed since 2014?",
    "What did Ofsted say about care leavers in Barnsley?",
    "Who was the lead inspector of Kent's 2022 inspection?",
]
SPARQL = """SELECT ?authority ?start ?grade WHERE {
  ?i a kg:Inspection ; kg:inspectedBody/rdfs:label ?authority ; schema:startDate ?start ; kg:judgement ?j .
  ?j dcterms:subject/skos:notation "overall-effectiveness" ; kg:grade ?grade .
  FILTER (YEAR(?start) = 2023)
} ORDER BY ?authority"""


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc] + proc.children(recursive=True)
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_measured(cmd: list[str], env: dict) -> dict:
    """Run ``cmd``; wall time and the peak RSS summed over its process tree (polled every 0.2 s)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]

    def poll():
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.2)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    out, err = proc.communicate()
    watcher.join()
    return {"seconds": round(time.perf_counter() - started, 2), "peak_rss_mb": round(peak[0] / 1048576, 1),
            "returncode": proc.returncode, "stdout": out, "stderr": err}


def folder_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1048576, 1)


def main() -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", default=str(ROOT.parent / "shared" / "ofsted" / "reports"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", help="Use (and keep) this folder instead of a temporary one.")
    ap.add_argument("--asks", type=int, default=3, help="Cold asks (each a new process).")
    ap.add_argument("--read-cache", help="Seed build/read-cache from this folder (PDF text already read by the same reader code).")
    args = ap.parse_args()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-ofsted-"))
    corpus_dir, build_dir = work / "corpus", work / "build"
    if not corpus_dir.exists():
        shutil.copytree(ROOT / "corpus", corpus_dir, ignore=shutil.ignore_patterns("*.py", "__pycache__", "README.md"))
    env = {**os.environ, "COUNCILKG_CORPUS_DIR": str(corpus_dir), "COUNCILKG_BUILD_DIR": str(build_dir),
           "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    if args.read_cache and not (build_dir / "read-cache").exists():
        shutil.copytree(args.read_cache, build_dir / "read-cache")
    reports = sorted(Path(args.reports).rglob("*.pdf"))
    out: dict = {"reports": len(reports), "workers": args.workers, "cpus": os.cpu_count(),
                 "pdf_text_cached": bool(args.read_cache), "load_average_at_start": os.getloadavg()[0]}

    # 1. Bulk ingest + one rebuild
    r = run_measured(CLI + ["ingest", args.reports, "--workers", str(args.workers)], env)
    if r["returncode"] != 0:
        print(r["stderr"][-3000:], file=sys.stderr)
        raise SystemExit("ingest failed")
    added = sum(1 for line in r["stdout"].splitlines() if line.startswith("added"))
    rejected = [line for line in r["stderr"].splitlines() + r["stdout"].splitlines() if line.startswith("rejected")]
    out["ingest"] = {"wall_s": r["seconds"], "s_per_report": round(r["seconds"] / max(len(reports), 1), 2),
                     "peak_rss_mb": r["peak_rss_mb"], "rejected": rejected, "summary": r["stdout"].strip().splitlines()[-2:]}
    meta = json.loads((build_dir / "graph" / "build.json").read_text())
    out["build"] = {"size_mb": folder_mb(build_dir), "graph_mb": folder_mb(build_dir / "graph"),
                    "index_mb": folder_mb(build_dir / "index"), "corpus_store_mb": folder_mb(build_dir / "corpus"),
                    "quads": meta.get("quads"), "facts": meta.get("facts"), "documents": len(meta.get("documents", []))}
    print(json.dumps(out, indent=1), flush=True)

    # 2. Reload the corpus from the build; an unchanged build
    code = ("import time, corpus; t = time.perf_counter(); c = corpus.load(); "
            "print(round(time.perf_counter() - t, 2), len(c.documents), sum(len(d.paragraphs) for d in c.documents))")
    r = run_measured([sys.executable, "-c", code], env)
    secs, docs, paras = r["stdout"].split()
    out["corpus_reload"] = {"seconds_in_process": float(secs), "documents": int(docs), "paragraphs": int(paras)}
    r = run_measured(CLI + ["build"], env)
    out["unchanged_build_s"] = r["seconds"]

    # 3. Cold asks and sparql (a new process each)
    questions = [json.loads(line)["question"] for line in QUESTIONS.read_text().splitlines() if line.strip()]
    cold = []
    for q in (EXTRA + questions)[:args.asks]:
        r = run_measured(CLI + ["ask", q], env)
        cold.append({"question": q, "seconds": r["seconds"], "peak_rss_mb": r["peak_rss_mb"], "ok": r["returncode"] == 0})
    out["cold_ask"] = cold
    r = run_measured(CLI + ["sparql", SPARQL], env)
    out["cold_sparql"] = {"seconds": r["seconds"], "rows": max(len(r["stdout"].splitlines()) - 1, 0), "ok": r["returncode"] == 0}

    # 4. Warm asks in one process
    code = f"""
import json, time, statistics
import qa
t = time.perf_counter(); engine = qa.get_engine(); load = time.perf_counter() - t
qs = {json.dumps(EXTRA + questions)}
times = []
for q in qs:
    t = time.perf_counter(); qa.ask(q, engine=engine); times.append((time.perf_counter() - t) * 1000)
times.sort()
import graph
kg = engine.graph
q = {json.dumps(SPARQL)}
st = []
for _ in range(5):
    t = time.perf_counter(); kg.query(q); st.append((time.perf_counter() - t) * 1000)
print(json.dumps({{"engine_load_s": round(load, 2), "n": len(times), "p50_ms": round(statistics.median(times), 1),
                  "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1), "max_ms": round(times[-1], 1),
                  "sparql_warm_ms": round(statistics.median(st), 1)}}))
"""
    r = run_measured([sys.executable, "-c", code], env)
    out["warm_ask"] = json.loads(r["stdout"].strip().splitlines()[-1]) if r["returncode"] == 0 else {"error": r["stderr"][-2000:]}
    out["warm_ask"]["peak_rss_mb"] = r["peak_rss_mb"]
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "ofsted.json").write_text(json.dumps(out, indent=1))
    print(json.dumps(out, indent=1))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return out


if __name__ == "__main__":
    main()
