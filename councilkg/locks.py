"""One writer at a time: an inter-process lock per folder (corpus, build), CLI and UI alike.

Why: six parallel ingests each read the manifest, added their entry and wrote it back, so the
last rename won and five documents were lost while each printed "added". Every change to the
manifest or a build folder now happens under ``writer_lock(folder)``; a second writer waits up
to ``COUNCILKG_LOCK_WAIT_S`` seconds and is then told, in one sentence, that someone else is
writing. The kernel releases the lock when its holder dies (even by kill -9), so a crashed
writer never blocks the next one.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path
from typing import Iterator

from councilkg.errors import BusyError, InputError

ROLES = {"corpus": "the corpus", "build": "the build"}


def corpus_lock(corpus_dir: str | Path, wait_s: float | None = None, optional: bool = False):
    """Held while the manifest or documents/ change, and while a build reads them.

    ``optional``: a reader of a read-only corpus folder (nobody can change it) goes on without.
    """
    return writer_lock(corpus_dir, "corpus", wait_s, optional=optional)


def build_lock(build_dir: str | Path, wait_s: float | None = None):
    """Held while a graph or index build is written. Order: build lock first, then corpus lock."""
    return writer_lock(build_dir, "build", wait_s)


@contextlib.contextmanager
def writer_lock(folder: str | Path, role: str, wait_s: float | None = None, optional: bool = False) -> Iterator[None]:
    """Hold the ``role`` lock of ``folder`` for the duration of the block.

    Args:
        folder: the folder whose contents are about to change (created if missing).
        role: "corpus" or "build" (one lock file each, so both may live in one folder).
        wait_s: how long to wait for another writer (default: settings.lock_wait_s).
        optional: when the lock file cannot be created (read-only folder), go on without it.
    Raises:
        BusyError: another process still holds the lock after ``wait_s`` seconds.
    """
    if wait_s is None:
        from councilkg.settings import get_settings

        wait_s = get_settings().lock_wait_s
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / f".councilkg-{role}.lock", os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        if not optional:
            raise InputError(f"Cannot create a lock file in '{folder}' ({exc.strerror or exc}); "
                             "is the folder writable?") from None
        yield
        return
    try:
        deadline = time.monotonic() + max(0.0, wait_s)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BusyError(f"Another ingest, removal or build is changing {ROLES[role]} right now; "
                                    f"nothing was changed, so try again when it has finished.") from None
                time.sleep(0.05)
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError:  # pragma: no cover - the pid is only a courtesy for whoever looks
            pass
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
