"""The corpus plus the 251 Ofsted reports with the graph in a SPARQL server: same answers, CLI latency, server cost.

Compares two builds of the same corpus (issue #15's "done when" at 251 reports): one with the
embedded store (the build's on-disk Oxigraph store, the default) and one whose graph lives in a
SPARQL 1.1 server (``COUNCILKG_STORE=sparql``, loaded by ``councilkg build``). Both are used as a
user would: ``qa.get_engine(settings)`` for each build folder.

    # a scratch folder with corpus/, build-embedded/ (an embedded build) and build-server/
    # (the same build, loaded into the server by `COUNCILKG_STORE=sparql ... councilkg build`)
    nice -n 19 .venv/bin/python bench/bench_server_251.py --work build/ofsted-server \\
        --query-url http://127.0.0.1:7911/query [--steps compare cli] [--runs 7]

Steps (figures to bench/results/server-251.json, merged with an earlier run's other steps):
- compare: ``ask`` (the ``--json`` contract, ``Answer.to_json``) for a fixed list of 30 questions
  from ``bench/bench_ofsted.py``'s list, ``gaps`` for all and for a few authorities, ``trace`` of
  gap items and of the authorities' findings, and the UI's lookups (the label table, entity
  search, entity cards' facts, the judgement timeline, fact graphs' provenance); every difference
  is listed; warm ask latency over each store;
- cli: ``councilkg sparql`` cold (a new process per run) against the server: a 2-hop query, the
  bench's judgements query and the README's worked examples; p50/p95 and the load average.
The server's disk size and RSS are read from ``--data`` and ``--server-pid`` when given. The
machine is shared: every latency has the 1-minute load average beside it.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
RESULTS = ROOT / "bench" / "results" / "server-251.json"
CLI = [sys.executable, str(ROOT / "cli.py")]
AUTHORITIES = ["Barnsley", "Dorset", "Kent", "Blackpool", "Bradford"]
TWO_HOP = """SELECT ?authority ?inspection ?area ?grade WHERE {
  ?inspection kg:inspectedBody ?body ; kg:judgement ?j .
  ?body rdfs:label ?authority .
  ?j kg:grade ?grade ; dcterms:subject/skos:notation ?area .
  FILTER (STRSTARTS(?authority, "Barnsley"))
}"""


def load() -> float:
    return round(os.getloadavg()[0], 2)


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))], 3)


def fixed_questions(n: int = 30) -> list[str]:
    """bench_ofsted's list (its five cross-authority questions, the dev set, the Ofsted training
    questions), thinned evenly to ``n`` so every part of it is represented; the same list each run."""
    from bench_ofsted import EXTRA, questions

    rest = [q for q in questions() if q not in EXTRA]
    step = max(1, len(rest) // (n - len(EXTRA)))
    return EXTRA + rest[::step][: n - len(EXTRA)]


def readme_queries() -> list[tuple[str, str]]:
    """The README's worked SPARQL examples (```sparql blocks), named by their position."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [(f"readme-{i + 1}", q.strip()) for i, q in enumerate(re.findall(r"```sparql\n(.*?)```", text, re.S))]


def settings_for(args, build: str, server: bool):
    from councilkg.settings import get_settings

    common = {"build_dir": Path(args.work) / build, "corpus_dir": Path(args.work) / "corpus"}
    if server:
        base = args.query_url.rsplit("/", 1)[0]
        return get_settings(store="sparql", sparql_query_url=args.query_url, sparql_update_url=f"{base}/update",
                            sparql_store_url=f"{base}/store", **common)
    return get_settings(store="oxigraph", **common)


def _json(value):
    """A comparable, printable form of what a reader returns (records, tuples, rdflib terms)."""
    if hasattr(value, "to_json"):
        return value.to_json()
    if hasattr(value, "choices") and hasattr(value, "value"):  # a gradio Dropdown update: what the user sees
        return {"choices": _json(value.choices), "value": _json(value.value)}
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value) if not hasattr(value, "n3") else value.n3()


class Diff:
    """Every comparison made and every difference found (the first lines of each, for the report)."""

    def __init__(self):
        self.checked: dict[str, int] = {}
        self.differences: list[dict] = []

    def same(self, kind: str, key, embedded, server) -> None:
        self.checked[kind] = self.checked.get(kind, 0) + 1
        a, b = _json(embedded), _json(server)
        if a != b:
            self.differences.append({"kind": kind, "key": str(key),
                                     "embedded": json.dumps(a, default=str)[:600],
                                     "server": json.dumps(b, default=str)[:600]})
            print(f"DIFFERENT {kind} {key}", flush=True)


def _outcome(fn):
    """A reader's result, or the error it raised (both stores must fail alike)."""
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - compared across stores, not hidden
        return {"error": type(exc).__name__, "message": str(exc)}


def compare(args) -> dict:
    import qa
    from graph.stores import sparql  # noqa: F401 - fail early when the server store is unavailable
    from ui_views import explore
    from ui_views.backend import Backend, set_backend

    out: dict = {"load_before": load()}
    t0 = time.perf_counter()
    embedded = qa.get_engine(settings_for(args, "build-embedded", False))
    out["engine_load_embedded_s"] = round(time.perf_counter() - t0, 2)
    t0 = time.perf_counter()
    server = qa.get_engine(settings_for(args, "build-server", True))
    out["engine_load_server_s"] = round(time.perf_counter() - t0, 2)
    assert server.graph.remote and not embedded.graph.remote
    diff = Diff()

    questions = fixed_questions(args.questions)
    qa.ask("warm-up question about the improvement board", engine=embedded)
    qa.ask("warm-up question about the improvement board", engine=server)
    times = {"embedded": [], "server": []}
    for q in questions:
        answers = {}
        for name, engine in (("embedded", embedded), ("server", server)):
            engine._encode_memo.clear()  # each ask encodes its question, as a new question would
            t = time.perf_counter()
            answers[name] = _outcome(lambda: qa.ask(q, engine=engine))
            times[name].append(time.perf_counter() - t)
        diff.same("ask", q, answers["embedded"], answers["server"])
    out["ask"] = {"questions": questions, "load_after": load(),
                  **{f"{name}_ms": {"p50": round(pct(v, 0.5) * 1000, 1), "p95": round(pct(v, 0.95) * 1000, 1),
                                    "max": round(max(v) * 1000, 1)} for name, v in times.items()}}
    print(f"ask: {json.dumps(out['ask'])}", flush=True)

    all_gaps = qa.gaps(engine=embedded)
    diff.same("gaps", "all", all_gaps, qa.gaps(engine=server))
    refs = [g.label for g in all_gaps[:5]]
    for authority in AUTHORITIES:
        scoped = _outcome(lambda: qa.gaps(engine=embedded, authority=authority))
        diff.same("gaps", authority, scoped, _outcome(lambda: qa.gaps(engine=server, authority=authority)))
        if isinstance(scoped, list):
            refs += [g.label for g in scoped[:3]]
    refs += ["ILACS 2021 para 17", "1.10", "6.1a"]
    for ref in refs:
        diff.same("trace", ref, _outcome(lambda: qa.trace(ref, engine=embedded)),
                  _outcome(lambda: qa.trace(ref, engine=server)))
    print(f"gaps and traces compared: {len(refs)} refs", flush=True)

    a, b = Backend(embedded.settings), Backend(server.settings)
    a._engine, b._engine = embedded, server
    labels = a.typed_labels
    diff.same("ui typed_labels", f"{len(labels)} rows", labels, b.typed_labels)
    step = max(1, len(labels) // args.ui_sample)
    for kind, label, iri, _ in labels[::step]:
        diff.same("ui facts_about", iri, a.graph().facts_about(iri), b.graph().facts_about(iri))
    for backend in (a, b):  # the module-level views read the process's backend
        set_backend(backend)
        results = {}
        for text in ["Tariq", "Improvement Board", "Cabinet", "Barnsley", "Kent", "lead inspector"]:
            results[f"search {text}"] = _outcome(lambda: explore.search(text))
        rows = list(backend.graph().query(explore.TIMELINE_QUERY))
        results["authorities"] = explore.authorities(rows)
        for authority in [None] + AUTHORITIES:
            results[f"timeline {authority}"] = explore.timeline_points(rows, authority)
        backend.view_results = results
    set_backend(None)
    for key, value in a.view_results.items():
        diff.same("ui view", key, value, b.view_results[key])
    graphs = sorted({g for *_, g in embedded.graph.paths.fact_quads()}, key=str)
    for g in graphs[:: max(1, len(graphs) // args.ui_sample)]:
        diff.same("provenance", g, embedded.graph.provenance(g), server.graph.provenance(g))
    out["compared"] = diff.checked
    out["differences"] = diff.differences
    out["load_after"] = load()
    print(f"compared {diff.checked}; {len(diff.differences)} differences", flush=True)
    return out


def cli(args) -> dict:
    """`councilkg sparql` cold against the server: each run a new process, as a user runs it."""
    from bench_ofsted import SPARQL

    env = {**os.environ, "COUNCILKG_CORPUS_DIR": str(Path(args.work) / "corpus"),
           "COUNCILKG_BUILD_DIR": str(Path(args.work) / "build-server"), "COUNCILKG_STORE": "sparql",
           "COUNCILKG_SPARQL_QUERY_URL": args.query_url}
    out = {}
    for name, query in [("two-hop", TWO_HOP), ("judgements-2023", SPARQL)] + readme_queries():
        if args.queries and name not in args.queries:
            continue
        runs = []
        for _ in range(args.runs):
            before = load()
            t = time.perf_counter()
            done = subprocess.run(CLI + ["sparql", query], env=env, cwd=ROOT, capture_output=True, text=True)
            runs.append({"seconds": round(time.perf_counter() - t, 3), "load": before, "ok": done.returncode == 0,
                         "rows": max(len(done.stdout.splitlines()) - 1, 0),
                         **({} if done.returncode == 0 else {"error": done.stderr.strip()[-300:]})})
        seconds = [r["seconds"] for r in runs]
        out[name] = {"p50_s": pct(seconds, 0.5), "p95_s": pct(seconds, 0.95), "max_s": max(seconds),
                     "ok": all(r["ok"] for r in runs), "rows": runs[0]["rows"],
                     "load": [min(r["load"] for r in runs), max(r["load"] for r in runs)], "runs": runs}
        print(f"cli {name}: p50 {out[name]['p50_s']} s, p95 {out[name]['p95_s']} s, rows {out[name]['rows']}, "
              f"ok {out[name]['ok']}, load {out[name]['load']}", flush=True)
    return out


def server_facts(args) -> dict:
    out = {}
    if args.data:
        files = [p for p in Path(args.data).rglob("*") if p.is_file()]
        out["disk_mb"] = round(sum(p.stat().st_size for p in files) / 2**20, 1)
    if args.server_pid:
        import psutil

        out["rss_mb"] = round(psutil.Process(args.server_pid).memory_info().rss / 2**20, 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", required=True, help="Folder with corpus/, build-embedded/ and build-server/.")
    ap.add_argument("--query-url", default=os.environ.get("COUNCILKG_SPARQL_QUERY_URL", ""))
    ap.add_argument("--steps", nargs="+", default=["compare", "cli"], choices=["compare", "cli"])
    ap.add_argument("--questions", type=int, default=30)
    ap.add_argument("--ui-sample", type=int, default=200, help="About how many label rows and fact graphs to compare.")
    ap.add_argument("--runs", type=int, default=7, help="Cold CLI runs of each query.")
    ap.add_argument("--queries", nargs="*", help="Only these CLI queries (two-hop, judgements-2023, readme-N).")
    ap.add_argument("--data", help="The server's data folder (its size is recorded).")
    ap.add_argument("--server-pid", type=int, help="The server's pid (its RSS is recorded).")
    args = ap.parse_args()
    if not args.query_url:
        raise SystemExit("Name the server's query endpoint: --query-url or COUNCILKG_SPARQL_QUERY_URL.")
    found = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    found.update({"commit": commit, "cpus": os.cpu_count(), "when": time.strftime("%Y-%m-%dT%H:%M:%S")})
    for step in args.steps:
        found[step] = {"compare": compare, "cli": cli}[step](args)
        found.setdefault("server", {}).update({f"after_{step}": server_facts(args)})
        RESULTS.parent.mkdir(exist_ok=True)
        RESULTS.write_text(json.dumps(found, indent=1, default=str) + "\n")
    if found.get("compare", {}).get("differences"):
        sys.exit(1)


if __name__ == "__main__":
    main()
