"""Scale bench: ingest every Ofsted report in ../shared/ofsted/reports into a copy of the corpus, then time asks and queries.

Measures, in a scratch corpus and build (the project's own build/ is never touched):
- `councilkg ingest REPORTS --workers N` (bulk ingest, then one rebuild): wall time, seconds per report,
  peak RSS of the whole process tree, the graph and index build times inside it, build size on disk
  (graph files, on-disk store, index, corpus store), quads, facts, documents, paragraphs, index units;
- the corpus reload from the build (no source file read) and an unchanged `councilkg build`;
- cold `councilkg ask` and `councilkg sparql` from the CLI (a new process each time, `--runs` of each);
- warm ask p50/p95 in one process over the project's dev questions (../shared/eval/dev_qa.jsonl), the
  Ofsted training questions (tests/data/train_ofsted) and cross-authority ones, each question encoded
  afresh; warm user SPARQL (bounded, as the CLI runs it) p50/p95.
The machine is shared: the 1-minute load average is recorded beside every figure.

Usage: .venv/bin/python bench/bench_ofsted.py [--reports DIR] [--workers 2] [--keep DIR] [--reuse]
       [--latency-only] [--read-cache DIR] [--runs 5]
  --keep DIR       use (and keep) this scratch folder; --reuse skips the ingest when DIR already has a build;
  --latency-only   only the cold and warm latency figures, on DIR's existing build (rerun when the load is low).
Figures go to bench/results/ofsted.json (latency-only runs to ofsted-latency.json) and the README
("Ofsted reports at scale").
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
DEV = ROOT.parent / "shared" / "eval" / "dev_qa.jsonl"
EXTRA = [
    "Which authorities were judged inadequate in 2023?",
    "How have Dorset's judgements changed since 2014?",
    "What did Ofsted say about care leavers in Barnsley?",
    "Who was the lead inspector of Kent's 2022 inspection?",
    "What did Ofsted say about strategy meetings in 2021?",
]
SPARQL = """SELECT ?authority ?start ?grade WHERE {
  ?i a kg:Inspection ; kg:inspectedBody/rdfs:label ?authority ; schema:startDate ?start ; kg:judgement ?j .
  ?j dcterms:subject/skos:notation "overall-effectiveness" ; kg:grade ?grade .
  FILTER (YEAR(?start) = 2023)
} ORDER BY ?authority"""


def load() -> float:
    return round(os.getloadavg()[0], 2)


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
    """Run ``cmd``; wall time, peak RSS summed over its process tree (polled every 0.1 s), load average before."""
    before = load()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]

    def poll():
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.1)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    out, err = proc.communicate()
    watcher.join()
    return {"seconds": round(time.perf_counter() - started, 2), "peak_rss_mb": round(peak[0] / 1048576, 1),
            "returncode": proc.returncode, "stdout": out, "stderr": err, "load": before}


def folder_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1048576, 1) if path.exists() else 0.0


def questions() -> list[str]:
    found = list(EXTRA)
    for path in (DEV, QUESTIONS):
        if path.is_file():
            found += [json.loads(line)["question"] for line in path.read_text().splitlines() if line.strip()]
    return found


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"n": len(ordered), "p50": round(statistics.median(ordered), 2),
            "p95": round(ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))], 2),
            "max": round(ordered[-1], 2)}


def ingest(args, env: dict, build_dir: Path) -> dict:
    reports = sorted(Path(args.reports).rglob("*.pdf"))
    out: dict = {"reports": len(reports), "workers": args.workers, "pdf_text_cached": bool(args.read_cache),
                 "vector_cache_seeded": bool(args.vector_cache)}
    r = run_measured(CLI + ["ingest", args.reports, "--workers", str(args.workers)], env)
    if r["returncode"] != 0:
        print(r["stderr"][-3000:], file=sys.stderr)
        raise SystemExit("ingest failed")
    rejected = [line for line in r["stderr"].splitlines() + r["stdout"].splitlines() if line.startswith("rejected")]
    graph_meta = json.loads((build_dir / "graph" / "build.json").read_text())
    index_params = json.loads((build_dir / "index" / "params.json").read_text())
    out["ingest"] = {"wall_s": r["seconds"], "s_per_report": round(r["seconds"] / max(len(reports), 1), 2),
                     "peak_rss_mb": r["peak_rss_mb"], "load_before": r["load"], "load_after": load(),
                     "graph_extract_s": graph_meta.get("seconds"), "index_build_s": index_params["build"].get("seconds"),
                     "encode_s": index_params["build"].get("encode_seconds"),
                     "encoded_texts": index_params["build"].get("encoded_texts"),
                     "cached_texts": index_params["build"].get("cached_texts"),
                     "rejected": rejected, "summary": r["stdout"].strip().splitlines()[-2:]}
    out["build"] = {"size_mb": folder_mb(build_dir), "graph_mb": folder_mb(build_dir / "graph"),
                    "graph_store_mb": folder_mb(build_dir / "graph" / "store"),
                    "index_mb": folder_mb(build_dir / "index"), "corpus_store_mb": folder_mb(build_dir / "corpus"),
                    "quads": graph_meta.get("quads"), "facts": graph_meta.get("facts"),
                    "documents": len(graph_meta.get("documents", [])), "index_units": index_params["units"]["count"],
                    "dense_rows": index_params["units"]["dense_rows"]}
    return out


def reload_and_rebuild(env: dict) -> dict:
    code = ("import time, corpus; t = time.perf_counter(); c = corpus.load(); "
            "print(round(time.perf_counter() - t, 2), len(c.documents), sum(len(d.paragraphs) for d in c.documents))")
    r = run_measured([sys.executable, "-c", code], env)
    secs, docs, paras = r["stdout"].split()
    out = {"corpus_reload": {"seconds_in_process": float(secs), "wall_s": r["seconds"], "documents": int(docs),
                             "paragraphs": int(paras), "load": r["load"]}}
    r = run_measured(CLI + ["build"], env)
    out["unchanged_build"] = {"wall_s": r["seconds"], "peak_rss_mb": r["peak_rss_mb"], "load": r["load"]}
    return out


def cold(env: dict, runs: int) -> dict:
    asked = questions()
    asks = []
    for i in range(runs):
        q = asked[(i * 7) % len(asked)]
        r = run_measured(CLI + ["ask", q], env)
        asks.append({"question": q, "seconds": r["seconds"], "peak_rss_mb": r["peak_rss_mb"], "load": r["load"],
                     "ok": r["returncode"] == 0, **({} if r["returncode"] == 0 else {"error": r["stderr"][-500:]})})
    sparqls = []
    for _ in range(runs):
        r = run_measured(CLI + ["sparql", SPARQL], env)
        sparqls.append({"seconds": r["seconds"], "peak_rss_mb": r["peak_rss_mb"], "load": r["load"],
                        "rows": max(len(r["stdout"].splitlines()) - 1, 0), "ok": r["returncode"] == 0})
    return {"cold_ask": {"runs": asks, **summary([a["seconds"] for a in asks])},
            "cold_sparql": {"runs": sparqls, **summary([s["seconds"] for s in sparqls])}}


WARM = """
import json, os, statistics, sys, time
sys.path.insert(0, {root!r})
t = time.perf_counter()
import qa
engine = qa.get_engine()
engine_load = time.perf_counter() - t
qa.ask("warm-up question about the improvement board", engine=engine)
times, failed = [], 0
load_before = os.getloadavg()[0]
for q in {questions}:
    engine._encode_memo.clear()  # every ask encodes its question, as a new question would
    t = time.perf_counter()
    try:
        qa.ask(q, engine=engine)
    except Exception:
        failed += 1
    times.append((time.perf_counter() - t) * 1000)
load_after = os.getloadavg()[0]
kg = engine.graph
user = []
for _ in range(20):
    t = time.perf_counter(); kg.user_query({sparql!r}); user.append((time.perf_counter() - t) * 1000)
print(json.dumps({{"engine_load_s": round(engine_load, 2), "times_ms": times, "failed": failed,
                  "sparql_user_ms": user, "load_before": load_before, "load_after": load_after}}))
"""


def warm(env: dict) -> dict:
    code = WARM.format(root=str(ROOT), questions=json.dumps(questions()), sparql=SPARQL)
    r = run_measured([sys.executable, "-c", code], env)
    if r["returncode"] != 0:
        return {"error": r["stderr"][-2000:]}
    data = json.loads(r["stdout"].strip().splitlines()[-1])
    return {"engine_load_s": data["engine_load_s"], "failed": data["failed"], "peak_rss_mb": r["peak_rss_mb"],
            "load_before": round(data["load_before"], 2), "load_after": round(data["load_after"], 2),
            "ask_ms": summary(data["times_ms"]), "sparql_user_ms": summary(data["sparql_user_ms"])}


def main() -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", default=str(ROOT.parent / "shared" / "ofsted" / "reports"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", help="Use (and keep) this folder instead of a temporary one.")
    ap.add_argument("--reuse", action="store_true", help="With --keep: skip the ingest when the folder has a build.")
    ap.add_argument("--latency-only", action="store_true", help="Only cold and warm latency, on --keep's build.")
    ap.add_argument("--runs", type=int, default=5, help="Cold CLI runs of ask and of sparql (each a new process).")
    ap.add_argument("--read-cache", help="Seed build/read-cache from this folder (PDF text already read by the same reader code).")
    ap.add_argument("--vector-cache", help="Seed build/embed_cache from this folder (vectors of texts already encoded).")
    args = ap.parse_args()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-ofsted-"))
    corpus_dir, build_dir = work / "corpus", work / "build"
    if not corpus_dir.exists():
        shutil.copytree(ROOT / "corpus", corpus_dir, ignore=shutil.ignore_patterns("*.py", "__pycache__", "README.md"))
    env = {**os.environ, "COUNCILKG_CORPUS_DIR": str(corpus_dir), "COUNCILKG_BUILD_DIR": str(build_dir),
           "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    for option, name in ((args.read_cache, "read-cache"), (args.vector_cache, "embed_cache")):
        if option and not (build_dir / name).exists():
            shutil.copytree(option, build_dir / name)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    out: dict = {"commit": commit, "cpus": os.cpu_count(), "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
                 "store": env.get("COUNCILKG_STORE", "oxigraph")}
    built = (build_dir / "graph" / "build.json").exists() and (build_dir / "index" / "params.json").exists()
    if not args.latency_only:
        if not (args.reuse and built):
            out.update(ingest(args, env, build_dir))
            print(json.dumps(out, indent=1), flush=True)
        out.update(reload_and_rebuild(env))
    out.update(cold(env, args.runs))
    print(json.dumps({k: v for k, v in out.items() if k.startswith("cold")}, indent=1), flush=True)
    out["warm"] = warm(env)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / ("ofsted-latency.json" if args.latency_only else "ofsted.json")).write_text(json.dumps(out, indent=1))
    print(json.dumps(out, indent=1))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return out


if __name__ == "__main__":
    main()
