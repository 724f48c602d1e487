"""Run one untrusted query where it can be stopped: a forked child process with limits, killed at the deadline.

Why a process: neither rdflib nor pyoxigraph can interrupt a running query. The old time limit
answered the caller and abandoned the query in a daemon thread, which went on at 100% CPU and
grew the UI server from 1 GB to 5.5 GB. A forked child shares the loaded graph copy-on-write
(no reload, no second copy), so it starts in milliseconds, and when the limit passes it is
killed: its CPU and memory go back to the system at once, whatever the engine was doing.

Inside the child: a memory cap (RLIMIT_AS = its size at fork + ``max_mb``), no new file
descriptors (so no socket and no file can be opened, even by Rust code — a second wall behind
the SERVICE/FROM guard), a lower CPU priority than the askers, and death with its parent. Rows
come back pickled through a pipe, cut at ``max_rows``.

Trusted internal queries do not come here: they run in-process (see KnowledgeGraph.query).
"""
from __future__ import annotations

import gc
import os
import pickle
import resource
import select
import signal
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, ClassVar

from councilkg.errors import QueryError

CAN_FORK = hasattr(os, "fork") and sys.platform.startswith("linux")
EXIT_OUT_OF_MEMORY = 71


@dataclass(frozen=True)
class QueryLimits:
    """Time, rows and memory one user query may use. The time limit has a floor and a ceiling:
    ``--timeout 0`` (or 1e9) must not switch it off."""

    timeout_s: float = 10.0
    max_rows: int = 10_000
    max_mb: int = 512
    FLOOR_S: ClassVar[float] = 0.5
    CEILING_S: ClassVar[float] = 120.0

    @classmethod
    def of(cls, timeout: float | None = None, settings=None) -> "QueryLimits":
        """Limits from settings (COUNCILKG_SPARQL_*), with ``timeout`` (if given) clamped to [floor, ceiling]."""
        if settings is None:
            from councilkg.settings import get_settings

            settings = get_settings()
        wanted = settings.sparql_timeout_s if timeout is None else timeout
        try:
            wanted = float(wanted)
        except (TypeError, ValueError):
            wanted = cls.timeout_s
        if wanted != wanted:  # NaN
            wanted = cls.timeout_s
        return cls(timeout_s=min(max(wanted, cls.FLOOR_S), cls.CEILING_S),
                   max_rows=max(1, int(settings.sparql_max_rows)), max_mb=max(64, int(settings.sparql_max_mb)))


class Rows(list):
    """Result rows, plus whether the row cap cut some off (``truncated``)."""

    truncated: bool = False
    limit: int | None = None


def run_bounded(work: Callable[[int], list], limits: QueryLimits, what: str = "SPARQL query",
                store_files: int = 0) -> Rows:
    """Run ``work(max_rows + 1)`` in a forked child under ``limits``; its rows, or QueryError.

    Args:
        work: returns picklable rows; called in the child with the most rows worth producing.
        limits: time, rows, memory.
        what: how to name the work in error sentences.
        store_files: how many files the work's own store may open as it reads (an on-disk store opens its
            table files when a query first needs them: at 250 reports, 95 of them); the child may open that
            many descriptors and no more.
    """
    if not CAN_FORK:  # pragma: no cover - the project runs on Linux; elsewhere, answer in time at least
        return _run_in_thread(work, limits, what)
    _warm_up()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_fd)
        _child(work, limits, write_fd, store_files)
    os.close(write_fd)
    return _collect(pid, read_fd, limits, what)


def _collect(pid: int, read_fd: int, limits: QueryLimits, what: str) -> Rows:
    deadline = time.monotonic() + limits.timeout_s
    chunks: list[bytes] = []
    finished = False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            ready, _, _ = select.select([read_fd], [], [], remaining)
            if not ready:
                continue
            data = os.read(read_fd, 1 << 20)
            if not data:
                finished = True
                break
            chunks.append(data)
    finally:
        os.close(read_fd)
        if not finished:
            _kill(pid)
    if not finished:
        raise QueryError(f"The {what} did not finish within {limits.timeout_s:g} s, so it was stopped.",
                         hint="Narrow it (add a LIMIT or more specific patterns).")
    status = _reap(pid)
    if not chunks:
        if (os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGABRT, signal.SIGKILL, signal.SIGSEGV)) \
                or (os.WIFEXITED(status) and os.WEXITSTATUS(status) == EXIT_OUT_OF_MEMORY):
            raise QueryError(f"The {what} needed more than the {limits.max_mb} MB it may use, so it was stopped.",
                             hint="Narrow it (add a LIMIT or more specific patterns).")
        raise QueryError(f"The {what} ended without an answer (exit status {status}).")
    try:
        kind, *payload = pickle.loads(b"".join(chunks))
    except Exception as exc:  # noqa: BLE001 - a cut-off payload: the child was stopped while writing
        raise QueryError(f"The {what} answer was cut off ({type(exc).__name__}).") from None
    if kind == "ok":
        rows = Rows(payload[0])
        rows.truncated, rows.limit = payload[1], limits.max_rows
        return rows
    if kind == "memory":
        raise QueryError(f"The {what} needed more than the {limits.max_mb} MB it may use, so it was stopped.",
                         hint="Narrow it (add a LIMIT or more specific patterns).")
    if kind == "error":
        raise QueryError(payload[0])
    raise QueryError(f"The {what} failed: {payload[0]}.")


def _child(work: Callable[[int], list], limits: QueryLimits, write_fd: int, store_files: int = 0) -> None:
    """Sandbox, work, send one pickled tuple, exit without running the parent's cleanup."""
    code = 0
    out_of_memory = pickle.dumps(("memory",))  # made before the cap: sending it needs no allocation
    try:
        gc.freeze()  # the parent's objects stay shared: the collector will not touch (copy) them
        import faulthandler

        faulthandler.disable()  # a native abort at the memory cap is reported by the parent, not as a stack dump
        _sandbox(limits, store_files)
        try:
            rows = work(limits.max_rows + 1)
            message = ("ok", list(rows[:limits.max_rows]), len(rows) > limits.max_rows)
            payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = out_of_memory
        except QueryError as exc:
            payload = pickle.dumps(("error", str(exc)))
        except RecursionError:
            payload = pickle.dumps(("error", "The SPARQL query is nested too deeply to evaluate."))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent as one sentence
            payload = pickle.dumps(("crash", f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"))
        view = memoryview(payload)
        while view:
            view = view[os.write(write_fd, view[:1 << 20]):]
    except MemoryError:
        code = EXIT_OUT_OF_MEMORY
    except BaseException:  # noqa: BLE001 - nothing may escape into the parent's code path
        code = 70
    finally:
        os._exit(code)


def _sandbox(limits: QueryLimits, store_files: int = 0) -> None:
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL)
    try:  # die with the parent, whatever kills it
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # noqa: BLE001 - pragma: no cover
        pass
    try:
        os.nice(10)  # askers in the parent come first
    except OSError:  # pragma: no cover
        pass
    size = _virtual_size()
    if size:
        cap = size + limits.max_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    lowest_free = os.dup(0) if _fd_open(0) else 0
    if lowest_free:
        os.close(lowest_free)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    # No new descriptor can be numbered below the lowest free one: no socket, no file, no pipe — beyond the
    # store's own table files (what a SERVICE or a file read could use them for is refused by the guard and
    # the audit hook).
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(_after_free(lowest_free, store_files), hard), hard))
    sys.addaudithook(_refuse_io)


def _after_free(lowest_free: int, wanted: int) -> int:
    """The descriptor limit that leaves exactly ``wanted`` free numbers (some above the lowest free one are
    taken: the result pipe, the store's open files)."""
    fd, free = lowest_free, 0
    while free < wanted:
        if not _fd_open(fd):
            free += 1
        fd += 1
    return fd


def _refuse_io(event: str, args) -> None:
    if event in ("socket.connect", "socket.getaddrinfo", "urllib.Request", "subprocess.Popen", "os.system"):
        raise PermissionError(f"{event} is not allowed while running a query")


def _fd_open(fd: int) -> bool:
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False


def _virtual_size() -> int:
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:  # pragma: no cover
        pass
    return 0


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _reap(pid)


def _reap(pid: int) -> int:
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:  # pragma: no cover - already reaped
        return 0


_WARM = threading.Lock()
_warmed = False


def _warm_up() -> None:
    """Import, in the parent, what the engines load lazily: the child can open no module files."""
    global _warmed
    if _warmed:
        return
    with _WARM:
        if _warmed:
            return
        import pyoxigraph
        from rdflib import Dataset

        Dataset().query("SELECT * WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), 'x') && ?o > 1) } ORDER BY ?s LIMIT 1")
        list(pyoxigraph.Store().query("SELECT * WHERE { ?s ?p ?o } LIMIT 1"))
        _warmed = True


def _run_in_thread(work, limits: QueryLimits, what: str) -> Rows:  # pragma: no cover - non-Linux fallback
    box: dict[str, Any] = {}

    def target():
        try:
            box["rows"] = work(limits.max_rows + 1)
        except BaseException as exc:  # noqa: BLE001
            box["error"] = exc

    worker = threading.Thread(target=target, daemon=True, name="sparql-query")
    worker.start()
    worker.join(limits.timeout_s)
    if worker.is_alive():
        raise QueryError(f"The {what} did not finish within {limits.timeout_s:g} s.")
    if "error" in box:
        raise box["error"]
    rows = Rows(box["rows"][:limits.max_rows])
    rows.truncated, rows.limit = len(box["rows"]) > limits.max_rows, limits.max_rows
    return rows
