"""Reliability benchmark (issue #16): kill -9 sweeps, concurrent writers, and a soak with a hostile SPARQL query.

* ingest sweep: `councilkg ingest` killed at random moments; after each kill the manifest must
  parse, every listed file must match its sha256, and the document is either wholly in or out.
* build sweep: `councilkg build` (after a corpus change) killed at random moments; the next build
  must succeed, load verified, and leave no leftovers.
* concurrent writers: six ingests at once (without and with the rebuild); every document is kept
  or its writer was refused with one sentence; none is lost, no file is orphaned.
* soak: the real UI server with 50 concurrent askers, first quietly, then while a hostile
  `SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f` runs into the limit over and over;
  ask p95 quiet vs during, server memory (with its query children) before, peak, and 15 s after.
* linear: each pathological text shape of ``tests/reliability/test_linear_time.py`` at 50 KB, 500 KB
  and 5 MB through segmentation, every extractor and QA's sentence splitter: CPU seconds and seconds
  per MB (the test checks that 4x the text costs about 4x the CPU on 20-320 KB; the 5 MB figures are here).

Usage: ``python bench/bench_reliability.py [--quick] [--only ingest,build,writers,soak,linear]``.
Writes bench/results/reliability.json and prints a Markdown table.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_ui import QUESTIONS, ask_once, free_port, pct, start_server  # noqa: E402

HOSTILE = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
PARAGRAPH = ("The Improvement Board met on {day} March 2023 and agreed that every child in need will have a "
             "named social worker within five working days. Councillor Smith asked about agency staff.\n\n")


def cli(args, env, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cli", *args], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, **kw)


def scratch(tmp: Path, corpus_src: Path) -> dict:
    """A private corpus copy and build folder, as a `councilkg` environment."""
    shutil.copytree(corpus_src, tmp / "corpus", ignore=shutil.ignore_patterns("*.py", "__pycache__", ".councilkg-*"))
    cache = ROOT / "build" / "embed_cache"
    if cache.is_dir():
        shutil.copytree(cache, tmp / "build" / "embed_cache")
    return {**os.environ, "COUNCILKG_CORPUS_DIR": str(tmp / "corpus"), "COUNCILKG_BUILD_DIR": str(tmp / "build"),
            "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}


def write_doc(folder: Path, i: int, paragraphs: int = 40) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"2023-03-{1 + i % 28:02d}_board-minutes-{i}.txt"
    path.write_text(f"Improvement Board minutes {i}\n\n" + "".join(PARAGRAPH.format(day=1 + (i + k) % 28)
                                                                  for k in range(paragraphs)), encoding="utf-8")
    return path


def corpus_consistent(corpus_dir: Path) -> tuple[bool, str, int]:
    """(consistent, why not, unlisted files): manifest parses and every listed file matches its hash."""
    from corpus.manifest import read_manifest, sha256_of

    try:
        entries = read_manifest(corpus_dir)
    except Exception as exc:  # noqa: BLE001
        return False, f"manifest unreadable: {exc}", 0
    for e in entries:
        path = corpus_dir / e.file
        if not path.is_file() or sha256_of(path) != e.sha256:
            return False, f"{e.file} missing or changed", 0
    listed = {Path(e.file).name for e in entries}
    unlisted = [p for p in (corpus_dir / "documents").iterdir() if p.name not in listed]
    return True, "", len(unlisted)


# --- kill -9 sweeps ---------------------------------------------------------------------------

def ingest_sweep(kills: int, seed: int) -> dict:
    rng = random.Random(seed)
    inconsistent, unlisted_max, outcomes = 0, 0, {"in": 0, "out": 0}
    with tempfile.TemporaryDirectory(prefix="rel-ingest-") as tmp:
        env = scratch(Path(tmp), ROOT / "tests" / "data" / "tiny_corpus")
        docs = Path(tmp) / "in"
        started = time.perf_counter()  # one ingest run to the end: kills land anywhere within its time
        cli(["ingest", str(write_doc(docs, 10_000, paragraphs=400)), "--no-build"], env).wait()
        full = time.perf_counter() - started
        for i in range(kills):
            doc = write_doc(docs, i, paragraphs=rng.randint(5, 400))
            proc = cli(["ingest", str(doc), "--no-build"], env)
            time.sleep(rng.uniform(0.3 * full, 1.1 * full))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            ok, why, unlisted = corpus_consistent(Path(env["COUNCILKG_CORPUS_DIR"]))
            unlisted_max = max(unlisted_max, unlisted)
            if not ok:
                inconsistent += 1
                print(f"  inconsistent after kill {i}: {why}", file=sys.stderr)
            from corpus.manifest import read_manifest

            listed = {Path(e.file).name for e in read_manifest(Path(env["COUNCILKG_CORPUS_DIR"]))}
            outcomes["in" if doc.name in listed else "out"] += 1
        # the next writer after all those kills still works and cleans up after them
        final = cli(["ingest", str(write_doc(docs, kills + 1)), "--no-build"], env)
        final_ok = final.wait() == 0
        ok, why, unlisted_after = corpus_consistent(Path(env["COUNCILKG_CORPUS_DIR"]))
    return {"kills": kills, "full_ingest_s": round(full, 2), "inconsistent": inconsistent, "documents_in": outcomes["in"],
            "documents_out": outcomes["out"], "max_unlisted_files": unlisted_max,
            "next_ingest_ok": final_ok and ok}


def build_sweep(kills: int, seed: int) -> dict:
    rng = random.Random(seed)
    failures, leftovers_seen, load_errors = 0, 0, 0
    with tempfile.TemporaryDirectory(prefix="rel-build-") as tmp:
        env = scratch(Path(tmp), ROOT / "tests" / "data" / "tiny_corpus")
        build = Path(env["COUNCILKG_BUILD_DIR"])
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cli", "build"], cwd=ROOT, env=env, check=True, capture_output=True)
        full = time.perf_counter() - started
        for i in range(kills):
            cli(["ingest", str(write_doc(Path(tmp) / "in", i, paragraphs=30)), "--no-build"], env).wait()
            proc = cli(["build"], env)
            time.sleep(rng.uniform(0.5, full))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            leftovers_seen += sum(1 for p in build.iterdir() if p.name.startswith(("graph.new-", ".index.tmp-",
                                                                                     ".index.old-", "graph.old")))
            # a reader right after the kill: the old or the new build, verified, or a clean BuildError
            check = subprocess.run([sys.executable, "-c", "import graph, embed; graph.load(); embed.load()"],
                                   cwd=ROOT, env=env, capture_output=True)
            if check.returncode != 0 and b"BuildError" not in check.stderr:
                load_errors += 1
            recover = subprocess.run([sys.executable, "-m", "cli", "build"], cwd=ROOT, env=env, capture_output=True)
            loads = subprocess.run([sys.executable, "-c", "import graph, embed; graph.load(); embed.load()"],
                                   cwd=ROOT, env=env, capture_output=True)
            left = [p.name for p in build.iterdir() if p.name.startswith(("graph.new-", ".index.", "graph.old"))]
            if recover.returncode != 0 or loads.returncode != 0 or left:
                failures += 1
                print(f"  build {i}: recover {recover.returncode} load {loads.returncode} left {left} "
                      f"{recover.stderr.decode()[-300:]}", file=sys.stderr)
    return {"kills": kills, "full_build_s": round(full, 1), "leftovers_seen_after_kills": leftovers_seen,
            "unclean_reads_after_kill": load_errors, "failed_recoveries": failures}


# --- concurrent writers ----------------------------------------------------------------------

def concurrent_writers(n: int, with_build: bool) -> dict:
    from corpus.manifest import read_manifest, sha256_of

    with tempfile.TemporaryDirectory(prefix="rel-writers-") as tmp:
        env = scratch(Path(tmp), ROOT / "tests" / "data" / "tiny_corpus")
        if with_build:
            subprocess.run([sys.executable, "-m", "cli", "build"], cwd=ROOT, env=env, check=True, capture_output=True)
        docs = [write_doc(Path(tmp) / "in", i, paragraphs=20) for i in range(n)]
        started = time.perf_counter()
        procs = [cli(["ingest", str(d)] + ([] if with_build else ["--no-build"]), env) for d in docs]
        results = [(p.wait(), p.stderr.read().decode()) for p in procs]
        seconds = time.perf_counter() - started
        corpus_dir = Path(env["COUNCILKG_CORPUS_DIR"])
        listed = {Path(e.file).name: e.sha256 for e in read_manifest(corpus_dir)}
        kept = sum(d.name in listed and listed[d.name] == sha256_of(d) for d in docs)
        refused = sum(code == 2 and "another" in err.lower() and "was added" not in err.lower() for code, err in results)
        build_refused = sum(code == 2 and "was added" in err.lower() for code, err in results)
        tracebacks = sum("Traceback" in err for _, err in results)
        lost = sum(code == 0 and d.name not in listed for d, (code, _) in zip(docs, results))
        on_disk = {p.name for p in (corpus_dir / "documents").iterdir()}
        final_build = None
        if with_build:
            final_build = subprocess.run([sys.executable, "-m", "cli", "build"], cwd=ROOT, env=env,
                                         capture_output=True).returncode == 0
    return {"writers": n, "with_build": with_build, "kept": kept, "refused": refused,
            "added_but_build_refused": build_refused, "lost": lost, "orphans": len(on_disk - set(listed)),
            "tracebacks": tracebacks, "seconds": round(seconds, 1), "final_build_ok": final_build}


def tree_pss_mb(pid: int) -> float:
    """Memory of the server and its query children, shared pages counted once (PSS; RSS would
    count the pages a forked query child shares with the server twice)."""
    import psutil

    total = 0
    root = psutil.Process(pid)
    for proc in [root, *root.children(recursive=True)]:
        try:
            total += proc.memory_full_info().pss
        except psutil.Error:
            pass
    return total / 1024 / 1024


# --- soak --------------------------------------------------------------------------------------

def soak(askers: int, seconds: float) -> dict:
    from gradio_client import Client

    port = free_port()
    proc, _startup = start_server(port)
    url = f"http://127.0.0.1:{port}/"
    try:
        clients = [Client(url, verbose=False) for _ in range(askers)]
        for question in QUESTIONS:  # warm: every question once, one at a time
            ask_once(clients[0], question)
        warm = [threading.Thread(target=ask_once, args=(c, QUESTIONS[i % len(QUESTIONS)]))
                for i, c in enumerate(clients)]  # and every client once (its first call is slower), not counted
        for t in warm:
            t.start()
        for t in warm:
            t.join()
        time.sleep(3)
        start_mb = tree_pss_mb(proc.pid)

        def load(tag: str, hostile: bool) -> dict:
            latencies: list[float] = []
            errors = [0]
            stop = time.monotonic() + seconds
            peak = [tree_pss_mb(proc.pid)]
            limits_hit: list[float] = []
            done = threading.Event()

            def asker(i: int):
                client = clients[i]
                k = i
                while time.monotonic() < stop:
                    try:
                        latencies.append(ask_once(client, QUESTIONS[k % len(QUESTIONS)]))
                    except Exception as exc:  # noqa: BLE001
                        errors[0] += 1
                        if errors[0] <= 3:
                            print(f"  ask error ({tag}): {type(exc).__name__}: {str(exc)[:200]}", file=sys.stderr)
                    k += 1

            def attacker():
                client = Client(url, verbose=False)
                while time.monotonic() < stop:
                    try:
                        client.predict(HOSTILE, api_name="/sparql")
                    except Exception:  # noqa: BLE001 - the expected "did not finish" refusal
                        pass
                    limits_hit.append(time.monotonic())

            def sampler():
                while not done.is_set():
                    peak[0] = max(peak[0], tree_pss_mb(proc.pid))
                    time.sleep(0.25)

            threads = [threading.Thread(target=asker, args=(i,)) for i in range(askers)]
            if hostile:
                threads.append(threading.Thread(target=attacker))
            watch = threading.Thread(target=sampler)
            watch.start()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            done.set()
            watch.join()
            return {"asks": len(latencies), "errors": errors[0], "p50_ms": round(statistics.median(latencies)),
                    "p95_ms": round(pct(latencies, 0.95)), "peak_mb": round(peak[0]),
                    "hostile_queries_stopped": len(limits_hit), "last_limit": limits_hit[-1] if limits_hit else None}

        quiet = load("quiet", hostile=False)
        during = load("hostile", hostile=True)
        # memory after the last limit: sampled for 15 s
        after = []
        t0 = during["last_limit"] or time.monotonic()
        while time.monotonic() - t0 < 15:
            after.append((round(time.monotonic() - t0, 1), round(tree_pss_mb(proc.pid))))
            time.sleep(0.5)
        back_within = next((t for t, mb in after if mb <= start_mb * 1.10), None)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    return {"askers": askers, "seconds_per_phase": seconds, "start_mb": round(start_mb), "quiet": quiet,
            "hostile": {k: v for k, v in during.items() if k != "last_limit"},
            "p95_ratio": round(during["p95_ms"] / max(quiet["p95_ms"], 1), 2),
            "memory_after_limit_mb": after[-1][1] if after else None,
            "memory_back_within_10pct_after_s": back_within}


def linear_sweep(sizes: tuple[int, ...]) -> dict:
    """CPU seconds per shape and size (one run each), and seconds per MB at the largest size."""
    from tests.reliability.test_linear_time import BASE_SECONDS, GENERATORS, SECONDS_PER_CHAR, process

    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        process(Path(tmp), GENERATORS["names"](2_000))  # first-call costs out of the timings
        for kind in sorted(GENERATORS):
            timings = {}
            for size in sizes:
                seconds, paragraphs = process(Path(tmp), GENERATORS[kind](size))
                timings[str(size)] = {"cpu_s": round(seconds, 2), "paragraphs": paragraphs,
                                      "within_budget": seconds < BASE_SECONDS + SECONDS_PER_CHAR * size}
            largest = sizes[-1]
            rows[kind] = {"sizes": timings, "s_per_mb": round(timings[str(largest)]["cpu_s"] / (largest / 1e6), 2)}
            print(f"  {kind}: " + ", ".join(f"{int(k) // 1000} KB {v['cpu_s']} s" for k, v in timings.items()),
                  flush=True)
    return {"sizes": list(sizes), "shapes": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer kills, shorter soak")
    parser.add_argument("--only", default="ingest,build,writers,soak,linear")
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    only = set(args.only.split(","))
    result: dict = {}
    if "ingest" in only:
        result["ingest_kill_sweep"] = ingest_sweep(10 if args.quick else 40, args.seed)
        print("ingest sweep", result["ingest_kill_sweep"], flush=True)
    if "build" in only:
        result["build_kill_sweep"] = build_sweep(3 if args.quick else 8, args.seed)
        print("build sweep", result["build_kill_sweep"], flush=True)
    if "writers" in only:
        result["concurrent_ingests"] = concurrent_writers(6, with_build=False)
        result["concurrent_ingests_with_build"] = concurrent_writers(6, with_build=True)
        print("writers", result["concurrent_ingests"], result["concurrent_ingests_with_build"], flush=True)
    if "soak" in only:
        result["soak"] = soak(50, 20 if args.quick else 45)
        print("soak", json.dumps(result["soak"]), flush=True)
    if "linear" in only:
        result["linear_time"] = linear_sweep((50_000, 500_000) if args.quick else (50_000, 500_000, 5_000_000))
        print("linear", json.dumps({k: v["s_per_mb"] for k, v in result["linear_time"]["shapes"].items()}), flush=True)
    out = ROOT / "bench" / "results" / "reliability.json"
    previous = json.loads(out.read_text()) if out.exists() else {}
    out.write_text(json.dumps({**previous, **result}, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
