"""Measured growth: the build and the readers at 1×, 10×, 100× the corpus (synthetic documents of real paragraphs).

    .venv/bin/python bench/bench_scale.py --scales 1 10          # writes bench/results/scale.json and scale.md
    .venv/bin/python bench/bench_scale.py --scales 100 --graph-only --server   # the graph stage only: SPARQL side
    .venv/bin/python bench/bench_scale.py --scales 100 --no-serial --embedded --ray-address HOST:PORT

A scale s is the project corpus (5 real documents) plus 5·(s−1) synthetic ones. Each synthetic
document keeps the layout of a real template (the corpus documents and Ofsted reports from
../shared/ofsted: headings, numbering, short lines) and replaces every paragraph with a real
paragraph drawn at random (seed 0) from the pool of all of them, so the text the encoder and the
extractors read is real text. Per scale: build time serial and on Ray (each from an empty build
folder, so every paragraph is encoded), quads, Oxigraph server load time and size on disk, peak
memory, SPARQL 2-hop and finding→action trace latency against the server, ask p95 over the
server store, and dense recall@10 against exact search on the built vectors (of the index as built, and
of IVF-PQ on the same vectors).
``--embedded`` times the same readers on the build's own store (no server to load); ``--graph-only``
builds only the graph, for the SPARQL side at scales whose encoding alone takes hours here.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
WORK = ROOT / "build" / "bench_scale"
RESULTS = ROOT / "bench" / "results"
OFSTED = ROOT.parent / "shared" / "ofsted" / "reports"
BIN = Path(sys.executable).parent
POOL_REPORTS = 30  # Ofsted PDFs read for templates and paragraphs (reading all 251 costs minutes)


def percentile(values, q) -> float:
    import numpy as np

    return round(float(np.percentile(values, q)) * 1000, 2) if values else None


def query_seconds(index, queries) -> list[float]:
    """Seconds of each top-10 search, one query at a time (as ask searches)."""
    out = []
    for q in queries:
        t0 = time.perf_counter()
        index.search(q[None, :], 10)
        out.append(time.perf_counter() - t0)
    return out


def recall_by_id(found, truth) -> float:
    """Mean share of each query's exact top 10 rows that the approximate search also returned."""
    return sum(len(set(f) & set(t)) / 10 for f, t in zip(found, truth)) / max(len(truth), 1)


def blocks(text: str) -> list[str]:
    return [b for b in re.split(r"\n\s*\n", text) if b.strip()]


def pool(seed: int = 0) -> tuple[list[tuple[str, str, list[str]]], list[str]]:
    """Templates (kind, publisher, blocks) and the pool of real paragraphs (blocks of ≥ 120 characters)."""
    import corpus
    from corpus.readers import read

    cache = WORK / "pool.json"
    if cache.exists():
        data = json.loads(cache.read_text())
        return [tuple(t) for t in data["templates"]], data["paragraphs"]
    templates = []
    for doc in corpus.load(ROOT / "corpus").documents:
        templates.append((doc.kind, doc.publisher, blocks(doc.text)))
    reports = sorted(OFSTED.rglob("*.pdf")) if OFSTED.exists() else []
    for path in random.Random(seed).sample(reports, min(POOL_REPORTS, len(reports))):
        try:
            text = read(path).text
        except Exception:  # noqa: BLE001 - a PDF that does not read is not needed for the pool
            continue
        templates.append(("inspection_report", "Ofsted", blocks(text)))
    paragraphs = [b for _, _, bs in templates for b in bs if len(b) >= 120]
    WORK.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({"templates": templates, "paragraphs": paragraphs}))
    return templates, paragraphs


def make_corpus(scale: int) -> Path:
    """The corpus at ``scale``: the real documents plus 5·(scale−1) synthetic ones, with a manifest."""
    from corpus.manifest import Entry, read_manifest, sha256_of, write_manifest

    folder = WORK / f"{scale}x" / "corpus"
    if (folder / "manifest.toml").exists():
        return folder
    real = ROOT / "corpus"
    shutil.copytree(real / "documents", folder / "documents")
    entries = list(read_manifest(real))
    templates, paragraphs = pool() if scale > 1 else ([], [])
    rng = random.Random(scale)
    for k in range(5 * (scale - 1)):
        kind, publisher, layout = templates[k % len(templates)]
        out = [b if len(b) < 120 else rng.choice(paragraphs) for b in layout]
        year, day = 2015 + k % 10, 1 + k % 28
        doc_id = f"synthetic-{scale}x-{k:05d}"
        name = f"documents/{year}-{1 + k % 12:02d}-{day:02d}_{doc_id}.txt"
        (folder / name).write_text("\n\n".join(out) + "\n", encoding="utf-8")
        entries.append(Entry(id=doc_id, file=name, title=f"Synthetic {kind.replace('_', ' ')} {k}",
                             publisher=f"Synthetic Council {k % 40}" if publisher != "Ofsted" else "Ofsted",
                             bodies=(), date=f"{year}-{1 + k % 12:02d}-{day:02d}", kind=kind,
                             licence="synthetic: recombined public paragraphs", sha256=sha256_of(folder / name)))
    write_manifest(folder, entries)
    return folder


def timed_build(corpus_dir: Path, build_dir: Path, ray: bool, address: str = "") -> dict:
    """`councilkg build [--ray [ADDRESS]]` from an empty build folder: wall time and the CLI process's peak memory."""
    command = [str(BIN / "councilkg"), "build"] + (["--ray"] + ([address] if address else []) if ray else [])
    result, run = _timed_run(command, corpus_dir, build_dir, {"COUNCILKG_STORE": "memory"})
    params = json.loads((build_dir / "index" / "params.json").read_text())
    result.update({"ray_address": address or None, "units": params["units"]["count"],
                   "dense_rows": params["units"]["dense_rows"], "log_tail": run.stderr.strip().splitlines()[-3:]})
    (build_dir.parent / f"{build_dir.name}.json").write_text(json.dumps(result, indent=1))
    return result


def _timed_run(command: list[str], corpus_dir: Path, build_dir: Path, env: dict) -> tuple[dict, subprocess.CompletedProcess]:
    """Run a build ``command`` into an emptied ``build_dir``: its wall time, the child's peak memory, quads, load."""
    if build_dir.exists():
        shutil.rmtree(build_dir)
    env = {**os.environ, "COUNCILKG_CORPUS_DIR": str(corpus_dir), "COUNCILKG_BUILD_DIR": str(build_dir), **env}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    run = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if run.returncode:
        raise SystemExit(f"build failed: {run.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    meta = json.loads((build_dir / "graph" / "build.json").read_text())
    return {"seconds": round(seconds, 1), "driver_peak_mb": round(max(peak, before) / 1024, 1), "quads": meta["quads"],
            "facts": meta.get("facts"), "load_average": round(os.getloadavg()[0], 1)}, run


def timed_graph_build(corpus_dir: Path, build_dir: Path) -> dict:
    """Only the graph stage of a serial build (read, segment, extract, write the store), from an empty folder:
    what the SPARQL side is measured on when encoding the scale's every paragraph would take hours."""
    code = ("import corpus, graph; from councilkg.settings import get_settings; s = get_settings(); "
            "graph.build(corpus.load(s.corpus_dir), s)")
    result, _ = _timed_run([sys.executable, "-c", code], corpus_dir, build_dir, {})
    result["graph_only"] = True
    (build_dir.parent / f"{build_dir.name}.json").write_text(json.dumps(result, indent=1))
    return result


def reuse_or_build(corpus_dir: Path, build_dir: Path, ray: bool, reuse: bool, address: str = "") -> dict:
    """A build measured earlier (``--reuse``) or a new one."""
    saved = build_dir.parent / f"{build_dir.name}.json"
    if reuse and saved.exists() and (build_dir / "index" / "params.json").exists():
        return json.loads(saved.read_text())
    return timed_build(corpus_dir, build_dir, ray, address)


def server_measures(corpus_dir: Path, build_dir: Path, questions: list[str]) -> dict:
    """Load the build into an Oxigraph server, then time the readers against it (and ask over the embedded store)."""
    import corpus as corpus_mod
    import graph
    from servers import oxigraph_server

    data = build_dir / "oxigraph"
    shutil.rmtree(data, ignore_errors=True)
    out = {}
    with oxigraph_server(data) as endpoint:
        settings = endpoint.settings(build_dir=build_dir, corpus_dir=corpus_dir)
        os.environ["COUNCILKG_CORPUS_DIR"] = str(corpus_dir)
        os.environ["COUNCILKG_BUILD_DIR"] = str(build_dir)
        loaded = corpus_mod.load(corpus_dir)
        t0 = time.perf_counter()
        kg = graph.build(loaded, settings)  # cached extraction: loads the server only
        out["server_load_s"] = round(time.perf_counter() - t0, 1)
        out["server_disk_mb"] = round(sum(p.stat().st_size for p in data.rglob("*") if p.is_file()) / 2**20, 1)
        env = {**os.environ, **endpoint.env(), "COUNCILKG_BUILD_DIR": str(build_dir), "COUNCILKG_CORPUS_DIR": str(corpus_dir)}
        out.update(reader_measures(loaded, kg, settings, env, build_dir, corpus_dir, questions, embedded_too=True))
    return out


def embedded_measures(corpus_dir: Path, build_dir: Path, questions: list[str]) -> dict:
    """The same readers against the build's own on-disk store (the default, one machine; no server to load)."""
    import corpus as corpus_mod
    import graph
    from councilkg.settings import get_settings

    os.environ["COUNCILKG_CORPUS_DIR"] = str(corpus_dir)
    os.environ["COUNCILKG_BUILD_DIR"] = str(build_dir)
    settings = get_settings(build_dir=build_dir, corpus_dir=corpus_dir, store="oxigraph")
    store_dir = build_dir / "graph" / "store"
    out = {"store_disk_mb": round(sum(p.stat().st_size for p in store_dir.rglob("*") if p.is_file()) / 2**20, 1)}
    env = {**os.environ, "COUNCILKG_STORE": "oxigraph", "COUNCILKG_BUILD_DIR": str(build_dir),
           "COUNCILKG_CORPUS_DIR": str(corpus_dir)}
    out.update(reader_measures(corpus_mod.load(corpus_dir), graph.load(settings), settings, env, build_dir,
                               corpus_dir, questions, embedded_too=False))
    return out


def reader_measures(loaded, kg, settings, env: dict, build_dir: Path, corpus_dir: Path, questions: list[str],
                    embedded_too: bool) -> dict:
    """A cold CLI query, SPARQL 2-hop and finding→action trace latency, ask and trace through the QA engine on
    ``kg``'s store; with ``embedded_too``, ask again over the build's embedded store for comparison."""
    import embed
    import graph
    import qa
    from councilkg.settings import get_settings
    from qa.engine import Engine

    out = {}
    t0 = time.perf_counter()
    subprocess.run([str(BIN / "councilkg"), "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?f a kg:Finding }"],
                   env=env, cwd=ROOT, capture_output=True, check=True)
    out["cli_sparql_cold_s"] = round(time.perf_counter() - t0, 2)
    rng = random.Random(0)
    findings = [r["f"] for r in kg.query("SELECT ?f WHERE { ?f a kg:Finding }")]
    people = [r["p"] for r in kg.query("SELECT ?p WHERE { ?p a kg:Person }")]
    starts = rng.sample(findings + people, min(100, len(findings + people)))
    lat = []
    for node in starts:
        t0 = time.perf_counter()
        kg.query(f"SELECT ?x ?y WHERE {{ <{node}> ?p1 ?x . ?x ?p2 ?y . FILTER(isIRI(?x)) }} LIMIT 500")
        lat.append(time.perf_counter() - t0)
    out["sparql_2hop_p50_ms"], out["sparql_2hop_p95_ms"] = percentile(lat, 50), percentile(lat, 95)
    lat = []
    for node in rng.sample(findings, min(100, len(findings))):
        t0 = time.perf_counter()
        kg.query(f"""SELECT ?p ?a ?due WHERE {{ ?p kg:arisesFrom|kg:addresses <{node}> .
                     OPTIONAL {{ ?a kg:addresses ?p . OPTIONAL {{ ?a kg:dueDate ?due }} }} }}""")
        lat.append(time.perf_counter() - t0)
    out["trace_query_p50_ms"], out["trace_query_p95_ms"] = percentile(lat, 50), percentile(lat, 95)
    if not (build_dir / "index" / "params.json").exists():
        return out  # a graph-only build (--graph-only): nothing to ask
    index = embed.load(settings, loaded)
    engine = Engine(loaded, index, kg, settings)
    out["ask_p50_ms"], out["ask_p95_ms"] = ask_latency(engine, questions)
    if embedded_too:  # the same questions over the embedded store (same index), for comparison
        embedded_settings = get_settings(build_dir=build_dir, corpus_dir=corpus_dir, store="oxigraph")
        embedded = Engine(loaded, index, graph.load(embedded_settings), embedded_settings)
        out["ask_embedded_p50_ms"], out["ask_embedded_p95_ms"] = ask_latency(embedded, questions)
    def traced(ref: str) -> bool:
        try:
            qa.trace(ref, engine=engine)
        except Exception:  # noqa: BLE001 - a label that names nothing traceable is skipped
            return False
        return True

    lat = []
    refs = [g.label for g in qa.gaps(engine=engine)[:10]]
    if refs:  # the first trace loads what every trace reads (≈ 0.5 s at 100×): a warm-up, as for ask
        traced(refs[0])
    for ref in refs:
        t0 = time.perf_counter()
        if traced(ref):
            lat.append(time.perf_counter() - t0)
    out["qa_trace_p95_ms"] = percentile(lat, 95)
    out["dense"] = recall(index, engine, questions)
    return out


def ask_latency(engine, questions: list[str]) -> tuple[float, float]:
    """Warm ask p50 and p95 (ms) over ``questions``, after three asks that load the model and fill caches."""
    import qa

    for question in questions[:3]:
        qa.ask(question, engine=engine)
    lat = []
    for question in questions:
        t0 = time.perf_counter()
        qa.ask(question, engine=engine)
        lat.append(time.perf_counter() - t0)
    return percentile(lat, 50), percentile(lat, 95)


def recall(index, engine, questions: list[str]) -> dict:
    """Dense recall@10 against exact search on the built vectors: of the index as the build chose it (what
    ask searches) and of IVF-PQ (as auto chooses past COUNCILKG_PQ_THRESHOLD) built on the same vectors."""
    import faiss
    import numpy as np

    from embed.dense import DenseIndex, choose

    dense = index.dense
    vectors = dense.index.reconstruct_n(0, dense.ntotal)
    queries = np.ascontiguousarray(index.encode(questions), dtype=np.float32)
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    _, truth = exact.search(queries, 10)
    exact_lat = query_seconds(exact, queries)
    # Synthetic documents repeat real paragraphs, so some rows tie: a row found in place of an equally close
    # one is as good an answer. Counted by score: found rows at least as close as the exact 10th.
    tenth = np.einsum("ij,ij->i", queries, vectors[truth[:, -1]])

    def measured(approx) -> dict:
        _, found = approx.search(queries, 10)
        lat = query_seconds(approx, queries)
        by_id = recall_by_id(found, truth)
        found_scores = np.einsum("ijk,ik->ij", vectors[np.clip(found, 0, None)], queries)
        ties = float(np.mean(((found_scores >= tenth[:, None] - 1e-5) & (found >= 0)).sum(axis=1) / 10))
        return {"recall@10": round(by_id, 4), "recall@10_by_score": round(min(ties, 1.0), 4),
                "p95_ms": percentile(lat, 95)}

    built = dense.params
    as_built = {"index": built.get("factory") or (f"IVF{built['nlist']},Flat" if built["type"] == "ivf" else built["type"]),
                **{k: built[k] for k in ("nprobe", "k_factor") if k in built}, **measured(dense)}
    params = choose(len(vectors), "ivfpq")
    params["nlist"] = max(16, min(params["nlist"], len(vectors) // 64))
    params["nprobe"] = min(params["nprobe"], params["nlist"])
    t0 = time.perf_counter()
    approx = DenseIndex.build(vectors, params)
    build_s = time.perf_counter() - t0
    return {"rows": int(len(vectors)), "queries": len(questions), "as_built": as_built, "index": params["factory"],
            "nprobe": params["nprobe"], "k_factor": params["k_factor"], "train_sample": params["train_sample"],
            **measured(approx), "exact_p95_ms": percentile(exact_lat, 95), "build_s": round(build_s, 1)}


def index_at(rows: int, shards: int = 4) -> dict:
    """IVF-PQ at ``rows`` vectors shaped like the corpus's (its real vectors plus noise, as bench_index
    does: i.i.d. random vectors would make every approximate index look broken), one file and
    ``shards`` shard files, each written and memory-mapped back; recall@10 against exact search."""
    import tempfile

    import faiss
    import numpy as np

    from bench_index import synthetic
    from councilkg.settings import get_settings
    from embed.dense import DenseIndex, choose
    from embed.index import load as load_index

    index = load_index(get_settings())
    real = index.dense.index.reconstruct_n(0, index.dense.ntotal)
    rng = np.random.default_rng(0)
    vectors = synthetic(real, rows, rng)
    queries = np.ascontiguousarray(np.concatenate([index.encode(questions()), synthetic(real, 160, rng)]), dtype=np.float32)
    exact = faiss.IndexFlatIP(vectors.shape[1])
    exact.add(vectors)
    _, truth = exact.search(queries, 10)
    exact_lat = query_seconds(exact, queries[:100])
    out = {"rows": rows, "exact_p95_ms": percentile(exact_lat, 95), "exact_mb": round(vectors.nbytes / 2**20, 1)}
    for label, shard_rows in (("one file", 0), (f"{shards} shards", -(-rows // shards))):
        params = choose(rows, "ivfpq", shard_rows=shard_rows)
        t0 = time.perf_counter()
        built = DenseIndex.build(vectors, params)
        build_s = time.perf_counter() - t0
        folder = Path(tempfile.mkdtemp(dir=WORK))
        built.save(folder / "dense.faiss")
        del built
        mapped = DenseIndex.load(folder / "dense.faiss", params)  # memory-mapped
        _, found = mapped.search(queries, 10)
        lat = query_seconds(mapped, queries[:100])
        rec = recall_by_id(found, truth)
        sweep = []
        for nprobe, k_factor in ((16, 8), (32, 8), (64, 8), (64, 16), (128, 8)):
            trial = DenseIndex(mapped.index, {**params, "nprobe": nprobe, "k_factor": k_factor}, mapped.shards)
            _, hits = trial.search(queries, 10)
            times = query_seconds(trial, queries[:100])
            sweep.append({"nprobe": nprobe, "k_factor": k_factor, "p95_ms": percentile(times, 95), "recall@10": round(
                recall_by_id(hits, truth), 4)})
        out[label] = {"sweep": sweep, "index": params["factory"], "nlist": params["nlist"], "nprobe": params["nprobe"],
                      "k_factor": params["k_factor"], "train_sample": params["train_sample"],
                      "recall@10": round(rec, 4), "p50_ms": percentile(lat, 50), "p95_ms": percentile(lat, 95),
                      "build_s": round(build_s, 1),
                      "files_mb": round(sum(p.stat().st_size for p in folder.iterdir()) / 2**20, 1)}
        shutil.rmtree(folder, ignore_errors=True)
        print(f"index {rows} {label}: {json.dumps(out[label])}", flush=True)
    return out


def questions() -> list[str]:
    path = ROOT / "tests" / "data" / "qa_set.jsonl"
    return [json.loads(line)["question"] for line in path.read_text().splitlines() if line.strip()][:40]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--no-serial", action="store_true", help="Skip the serial build (its time is then not measured).")
    parser.add_argument("--no-ray", action="store_true", help="Skip the Ray build.")
    parser.add_argument("--reuse", action="store_true", help="Keep builds (and their timings) measured by an earlier run.")
    parser.add_argument("--ray-address", default="",
                        help="Build on this Ray cluster (e.g. a one-CPU `ray start --head` leaving the other core free) "
                             "instead of a local Ray over every core; its clients need RAY_AUTH_MODE=token and its token (RAY_AUTH_TOKEN).")
    parser.add_argument("--graph-only", action="store_true",
                        help="Build only the graph (serial) and time the SPARQL side on the embedded store.")
    parser.add_argument("--server", action="store_true",
                        help="With --graph-only: also load the graph into an Oxigraph server and time the queries there.")
    parser.add_argument("--embedded", action="store_true",
                        help="Time the readers on the build's own store instead of loading an Oxigraph server "
                             "(at 100x, loading the server takes longer than the build).")
    parser.add_argument("--index-rows", type=int, nargs="*", default=[],
                        help="Only measure IVF-PQ (one file and shards) at these row counts, e.g. 200000.")
    args = parser.parse_args()
    if args.index_rows:
        WORK.mkdir(parents=True, exist_ok=True)
        results_file = RESULTS / "scale_index.json"
        found = json.loads(results_file.read_text()) if results_file.exists() else {}
        for rows in args.index_rows:
            found[str(rows)] = index_at(rows)
            results_file.write_text(json.dumps(found, indent=1) + "\n")
        return
    results = {}
    for scale in args.scales:
        corpus_dir, folder = make_corpus(scale), WORK / f"{scale}x"
        row = {"scale": scale, "documents": sum(1 for _ in (corpus_dir / "documents").iterdir()),
               "when": time.strftime("%Y-%m-%d %H:%M"), "cpus": os.cpu_count()}
        if args.graph_only:
            saved = folder / "graph-only.json"
            record(row, scale, "graph_only", json.loads(saved.read_text()) if args.reuse and saved.exists()
                   else timed_graph_build(corpus_dir, folder / "graph-only"))
            built = folder / "graph-only"
        else:
            if not args.no_serial:
                record(row, scale, "serial", reuse_or_build(corpus_dir, folder / "serial", False, args.reuse))
            if not args.no_ray:
                record(row, scale, "ray", reuse_or_build(corpus_dir, folder / "ray", True, args.reuse, args.ray_address))
            if "serial" in row and "ray" in row:
                row["speedup"] = round(row["serial"]["seconds"] / row["ray"]["seconds"], 2)
            built = folder / ("ray" if "ray" in row else "serial")
        if args.embedded or args.graph_only:
            record(row, scale, "embedded", embedded_measures(corpus_dir, built, questions()))
        if (args.graph_only and args.server) or not (args.graph_only or args.embedded):
            record(row, scale, "server", server_measures(corpus_dir, built, questions()))
        results = save_row(f"{scale}-graph" if args.graph_only else str(scale), row)
    write_table(results)


def record(row: dict, scale: int, name: str, value: dict) -> None:
    """One measured part of a scale's row, printed as it is taken (a 100x run lasts an hour)."""
    row[name] = value
    print(f"{scale}x {name}: {json.dumps(value)}", flush=True)


def save_row(key: str, row: dict) -> dict:
    """Add one row to bench/results/scale.json, read again first: a run beside this one may have added another."""
    results_file = RESULTS / "scale.json"
    results = json.loads(results_file.read_text()) if results_file.exists() else {}
    results[key] = row
    RESULTS.mkdir(parents=True, exist_ok=True)
    results_file.write_text(json.dumps(results, indent=1) + "\n")
    return results


def write_table(results: dict) -> None:
    lines = ["| scale | documents | units | quads | build serial / Ray (speed-up) | graph store, disk | "
             "2-hop p95 | trace p95 | ask p95 server (embedded) | CLI sparql cold | dense recall@10 (by row id) |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for key in sorted(results, key=lambda k: (int(k.split("-")[0]), k)):
        r = results[key]
        if "graph_only" in r:
            b, units = r["graph_only"], "–"
            build = f"graph stage only: {b['seconds']} s"
        else:
            b = r.get("ray") or r.get("serial")
            units = f"{b['units']:,}"
            build = f"{r['serial']['seconds'] if 'serial' in r else '–'} s / {r['ray']['seconds'] if 'ray' in r else '–'} s" \
                + (f" ({r['speedup']}×)" if "speedup" in r else "")
        if "server" in r:
            s = r["server"]
            store = f"server: loaded in {s['server_load_s']} s, {s['server_disk_mb']} MB"
            ask = f"{s['ask_p95_ms']} ({s.get('ask_embedded_p95_ms', '–')}) ms" if "ask_p95_ms" in s else "not built"
        else:
            s = r["embedded"]
            store = f"embedded, {s['store_disk_mb']} MB"
            ask = f"– ({s['ask_p95_ms']}) ms" if "ask_p95_ms" in s else "not built"
        d = s.get("dense")
        dense = f"IVF-PQ {d['recall@10']} ({d['rows']:,} rows, {d['p95_ms']} vs exact {d['exact_p95_ms']} ms)" if d else "not built"
        if d and "as_built" in d:
            a = d["as_built"]
            dense = f"as built ({a['index']}, nprobe {a.get('nprobe', '–')}) {a['recall@10']}, {a['p95_ms']} ms; " + dense
        label = f"{key.split('-')[0]}×" + (" (beside another job)" if key.endswith("-shared") else "")
        lines.append(f"| {label} | {r['documents']} | {units} | {b['quads']:,} | {build} | {store} | "
                     f"{s['sparql_2hop_p95_ms']} ms | {s['trace_query_p95_ms']} ms | {ask} | {s['cli_sparql_cold_s']} s | "
                     f"{dense} |")
    (RESULTS / "scale.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
