"""UI benchmark: start-up to a usable page, warm ask round trips, 20 concurrent askers, server memory.

Runs the real server (``councilkg serve``) in a child process on a free 127.0.0.1 port, so its
memory is measured alone, and drives it through ``gradio_client`` like any API user would.
Writes bench/results/ui.json (`--out NAME` for another file, e.g. one run per store), with the load average.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ui_views.ask import EXAMPLES  # noqa: E402

QUESTIONS = EXAMPLES + [
    "Who is the lead member for children's services?",
    "What are the priorities of the SEND Priority Impact Plan?",
    "What did Ofsted say about care leavers?",
    "When was the improvement notice issued?",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def rss_mb(pid: int) -> float:
    import psutil

    proc = psutil.Process(pid)
    total = proc.memory_info().rss
    for child in proc.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.Error:
            pass
    return total / 1024 / 1024


def start_server(port: int) -> tuple[subprocess.Popen, float]:
    """Start `councilkg serve`; return the process and seconds until the page answered HTTP 200."""
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", f"import ui; ui.launch(host='127.0.0.1', port={port}, quiet=True)"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    while time.perf_counter() - started < 300:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(url + "config", timeout=2) as r:
                if r.status == 200:
                    return proc, time.perf_counter() - started
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start within 300 s")


def page_usable_s(url: str) -> float | None:
    """Seconds from navigation until the question box can be typed in (headless chromium), or None."""
    from ui_views import browser

    if not browser.available():
        return None
    with browser.page() as pg:
        t = time.perf_counter()
        pg.goto(url, wait_until="domcontentloaded")
        pg.locator("#ask-question textarea").wait_for(state="visible", timeout=60_000)
        return time.perf_counter() - t


def ask_once(client, question: str) -> float:
    t = time.perf_counter()
    html, data = client.predict(question, [], "", "", 5, api_name="/ask")
    if not isinstance(data, dict) or "answer" not in data:
        raise RuntimeError("malformed answer")
    return (time.perf_counter() - t) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--askers", type=int, default=20)
    parser.add_argument("--requests", type=int, default=5, help="requests per concurrent asker")
    parser.add_argument("--warm", type=int, default=30, help="sequential warm asks")
    parser.add_argument("--out", default="ui.json", help="results file name in bench/results (e.g. ui-sparql.json)")
    args, _ = parser.parse_known_args()
    from gradio_client import Client

    load_before = round(os.getloadavg()[0], 2)
    port = free_port()
    proc, startup_s = start_server(port)
    url = f"http://127.0.0.1:{port}/"
    try:
        idle_mb = rss_mb(proc.pid)
        usable_cold = page_usable_s(url)  # while corpus, graph and index still load in the background
        client = Client(url, verbose=False)
        for q in QUESTIONS:  # warm every question once (first encodes are slower)
            ask_once(client, q)
        usable = page_usable_s(url)
        sequential = [ask_once(client, QUESTIONS[i % len(QUESTIONS)]) for i in range(args.warm)]

        # 20 concurrent askers, each with its own client, a bounded number of requests each
        clients = [Client(url, verbose=False) for _ in range(args.askers)]
        latencies: list[float] = []
        errors: list[str] = []
        peak = [idle_mb]
        lock = threading.Lock()
        done = threading.Event()

        def sample():
            while not done.is_set():
                peak[0] = max(peak[0], rss_mb(proc.pid))
                time.sleep(0.2)

        def asker(i: int):
            for j in range(args.requests):
                try:
                    ms = ask_once(clients[i], QUESTIONS[(i + j) % len(QUESTIONS)])
                    with lock:
                        latencies.append(ms)
                except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
                    with lock:
                        errors.append(f"{type(exc).__name__}: {exc}")

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        t = time.perf_counter()
        threads = [threading.Thread(target=asker, args=(i,)) for i in range(args.askers)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall = time.perf_counter() - t
        done.set()
        sampler.join()
        peak_mb = max(peak[0], rss_mb(proc.pid))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()

    result = {
        "startup_to_http_s": round(startup_s, 2),
        "page_usable_s": round(usable, 2) if usable is not None else None,
        "page_usable_during_warmup_s": round(usable_cold, 2) if usable_cold is not None else None,
        "warm_sequential": {"n": len(sequential), "p50_ms": round(statistics.median(sequential), 1),
                            "p95_ms": round(pct(sequential, 0.95), 1)},
        "concurrent": {"askers": args.askers, "requests": args.askers * args.requests, "completed": len(latencies),
                       "errors": len(errors), "error_samples": errors[:5],
                       "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
                       "p95_ms": round(pct(latencies, 0.95), 1) if latencies else None,
                       "throughput_per_s": round(len(latencies) / wall, 1)},
        "server_rss_mb": {"idle": round(idle_mb), "peak": round(peak_mb)},
        "targets": {"page_usable_s": 3, "warm_p95_ms": 400, "concurrent_errors": 0, "server_rss_mb": 2048},
    }
    c, w = result["concurrent"], result["warm_sequential"]
    print("| measure | value | target |")
    print("|---|---|---|")
    print(f"| server start → HTTP 200 (imports; corpus, graph and index load in the background) | {result['startup_to_http_s']} s | |")
    print(f"| page usable in chromium (fresh profile), server warm | {result['page_usable_s']} s | ≤ 3 s |")
    print(f"| same, while the stages still load in the background | {result['page_usable_during_warmup_s']} s | |")
    print(f"| ask round trip, warm, sequential (n={w['n']}) | p50 {w['p50_ms']} ms, p95 {w['p95_ms']} ms | p95 ≤ 400 ms |")
    print(f"| {c['askers']} concurrent askers, {c['requests']} requests | p50 {c['p50_ms']} ms, p95 {c['p95_ms']} ms, "
          f"{c['throughput_per_s']}/s, errors {c['errors']} | 0 errors |")
    print(f"| server RSS idle / peak | {result['server_rss_mb']['idle']} / {result['server_rss_mb']['peak']} MB | ≤ 2048 MB |")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    result["load_average"] = {"before": load_before, "after": round(os.getloadavg()[0], 2)}
    (out / args.out).write_text(json.dumps(result, indent=2) + "\n")
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
