"""Real SPARQL servers for tests and benches: `oxigraph serve` and Debian's Virtuoso, on 127.0.0.1.

Each starts in its own temporary data folder on a free port, is waited for until it answers a
query, and is stopped (its process group ended by pid) when the context exits.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

VIRTUOSO = "/usr/bin/virtuoso-t"
ISQL = "/usr/bin/isql-vt"


@dataclass(frozen=True)
class Endpoint:
    """Where a running server answers (what COUNCILKG_SPARQL_* settings name)."""

    engine: str
    query_url: str
    update_url: str
    store_url: str = ""

    def settings(self, **overrides):
        from councilkg.settings import get_settings

        return get_settings(store="sparql", sparql_query_url=self.query_url, sparql_update_url=self.update_url,
                            sparql_store_url=self.store_url, **overrides)

    def env(self) -> dict[str, str]:
        return {"COUNCILKG_STORE": "sparql", "COUNCILKG_SPARQL_QUERY_URL": self.query_url,
                "COUNCILKG_SPARQL_UPDATE_URL": self.update_url, "COUNCILKG_SPARQL_STORE_URL": self.store_url}


def free_ports(count: int) -> list[int]:
    """`count` distinct ports free now. Each socket stays bound until all are chosen: two calls in a row may
    be handed the same port, and a server told to listen twice on one port fails (Virtuoso did, in CI)."""
    with contextlib.ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]


def free_port() -> int:
    return free_ports(1)[0]


def _answers(query_url: str) -> bool:
    body = urllib.parse.urlencode({"query": "ASK { }"}).encode()
    request = urllib.request.Request(query_url, data=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _wait(process: subprocess.Popen, query_url: str, seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the SPARQL server exited ({process.returncode}): {log.read_text()[-2000:]}")
        if _answers(query_url):
            return
        time.sleep(0.2)
    raise RuntimeError(f"the SPARQL server did not answer within {seconds:g} s: {log.read_text()[-2000:]}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


def oxigraph_binary() -> str:
    found = Path(sys.executable).with_name("oxigraph")
    return str(found) if found.exists() else (shutil.which("oxigraph") or "")


@contextlib.contextmanager
def oxigraph_server(folder: Path, port: int | None = None, timeout_s: int = 30):
    """`oxigraph serve` on 127.0.0.1 with its data in ``folder``; yields an Endpoint."""
    binary = oxigraph_binary()
    if not binary:
        raise RuntimeError("the `oxigraph` command is not installed (pip package `oxigraph`; run `make install`)")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    log = folder.parent / f"{folder.name}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}",
                                    "--union-default-graph", "--timeout-s", str(timeout_s)],
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(process, f"{base}/query", 30, log)
        yield Endpoint("oxigraph", f"{base}/query", f"{base}/update", f"{base}/store")
    finally:
        _stop(process)


VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{isql_port}
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {dir}
VADInstallDir = /usr/share/virtuoso-opensource-7/vad/

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
HTTPThreadSize = 280000
HttpPrintWarningsInOutput = 0
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 60
MaxSortedTopRows = 10000000
"""


@contextlib.contextmanager
def virtuoso_server(folder: Path):
    """Debian's Virtuoso with its own ini in ``folder``; SPARQL Update granted to the endpoint's user."""
    if not Path(VIRTUOSO).exists():
        raise RuntimeError("Virtuoso is not installed (Debian package virtuoso-opensource; run `make server-deps`)")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    isql_port, http_port = free_ports(2)
    (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(dir=folder, isql_port=isql_port, http_port=http_port))
    log = folder / "stdout.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([VIRTUOSO, "-f", "-c", str(folder / "virtuoso.ini")], cwd=folder,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        _wait(process, url, 120, log)
        # The anonymous endpoint user may update (a local test server; never do this on a public one)
        subprocess.run([ISQL, f"127.0.0.1:{isql_port}", "dba", "dba",
                        'exec=GRANT SPARQL_UPDATE TO "SPARQL"; GRANT EXECUTE ON DB.DBA.SPARUL_RUN TO "SPARQL";'],
                       check=True, capture_output=True, timeout=60)
        yield Endpoint("virtuoso", url, url)
    finally:
        _stop(process)
