"""Run a function over many inputs in worker processes, in order, with an optional progress bar.

Why: pypdf reads an Ofsted report in 1–4 s, so ingesting a few hundred reports is CPU-bound; worker
processes use every core while results still come back in input order.
"""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Iterator


def map_progress(fn: Callable, items: Iterable, *, workers: int = 1, progress: bool = False,
                 desc: str = "") -> Iterator:
    """``map(fn, items)`` in ``workers`` processes (1: in this process), yielding results in order."""
    items = list(items)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(items), desc=desc, unit="file")
    try:
        if workers <= 1 or len(items) <= 1:
            for item in items:
                yield fn(item)
                if bar is not None:
                    bar.update(1)
            return
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for result in pool.map(fn, items, chunksize=1):
                yield result
                if bar is not None:
                    bar.update(1)
    finally:
        if bar is not None:
            bar.close()
