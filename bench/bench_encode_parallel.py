"""How much two workers can gain over the serial build's encoder on this machine (the bound on Ray's speed-up).

    .venv/bin/python bench/bench_encode_parallel.py [--texts 1600] [--repeat 5]   # writes bench/results/encode_parallel.json

The serial build encodes in one process with torch's intra-op threads (one per core); the Ray build
encodes in one single-threaded actor per core. Both read the same texts, so the build's speed-up is
bounded by the ratio of these two rates on the part of the build that is encoding (Amdahl): with a
fraction ``f`` of the serial build spent encoding and everything else halved perfectly by two
workers, speed-up ≤ 1 / ((1 − f)/2 + f/r), r = (two one-thread processes) / (one two-thread process).
Texts are the corpus's paragraphs in a fixed shuffle (seed 0); each process loads the model and warms
up before its clock starts, so the model's load (which Ray also pays, per actor) is not counted.
The two-thread rate varies from run to run on this VM far more than the one-thread rates (its two
threads must both be scheduled to progress), so the three are measured ``--repeat`` times, interleaved,
and the ratio is reported per run with its median.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"


def corpus_texts(count: int) -> list[str]:
    import corpus
    from councilkg.settings import get_settings

    texts = [p.text for d in corpus.load(get_settings().corpus_dir).documents for p in d.paragraphs]
    random.Random(0).shuffle(texts)
    return texts[:count]


def encode_seconds(texts: list[str], threads: int, out=None) -> float:
    """Seconds to encode ``texts`` with ``threads`` torch threads, the model loaded and warmed first."""
    import torch

    torch.set_num_threads(threads)
    from embed.encoder import Encoder

    encoder = Encoder(os.environ.get("COUNCILKG_MODEL_PATH", ""))
    encoder.encode(texts[:16])
    t0 = time.perf_counter()
    encoder.encode(texts)
    seconds = time.perf_counter() - t0
    if out is not None:
        out.put(seconds)
    return seconds


def two_processes(texts: list[str]) -> float:
    """Wall time of two one-thread processes each encoding half the texts (the slower one's)."""
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=encode_seconds, args=(texts[i::2], 1, out)) for i in range(2)]
    for p in procs:
        p.start()
    seconds = max(out.get() for _ in procs)
    for p in procs:
        p.join()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=1600)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--encode-fraction", type=float, default=0.73,
                        help="Share of the serial build spent encoding (10x: 265 of 361 s, see README).")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    texts = corpus_texts(args.texts)
    f = args.encode_fraction
    runs = []
    for _ in range(args.repeat):
        load = os.getloadavg()[0]
        rates = {"two_threads_one_process": len(texts) / encode_seconds(texts, 2),
                 "one_thread_one_process": len(texts) / encode_seconds(texts, 1),
                 "one_thread_two_processes": len(texts) / two_processes(texts)}
        ratio = rates["one_thread_two_processes"] / rates["two_threads_one_process"]
        runs.append({"load_average_before": round(load, 2), "texts_per_s": {k: round(v, 1) for k, v in rates.items()},
                     "two_workers_over_serial_encoder": round(ratio, 2),
                     "speedup_bound": round(1 / ((1 - f) / 2 + f / ratio), 2)})
        print(json.dumps(runs[-1]), flush=True)
    median = statistics.median(r["two_workers_over_serial_encoder"] for r in runs)
    result = {"when": time.strftime("%Y-%m-%d %H:%M"), "cpus": os.cpu_count(), "texts": len(texts), "encode_fraction": f,
              "runs": runs, "median_ratio": round(median, 2), "speedup_bound_at_median": round(1 / ((1 - f) / 2 + f / median), 2),
              "speedup_bound_at_best": max(r["speedup_bound"] for r in runs)}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "encode_parallel.json").write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "runs"}))


if __name__ == "__main__":
    main()
