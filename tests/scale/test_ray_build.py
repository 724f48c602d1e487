"""The build on Ray: a two-node cluster on this machine gives the serial build's graph and index."""
from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from councilkg.errors import BuildError
from servers import free_port

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def test_without_ray_the_error_names_the_extra(monkeypatch):
    from councilkg import distributed

    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(BuildError, match=r"councilkg\[ray\]"):
        distributed.build()


# `ray start` (2.60) runs a cluster with token authentication; its clients must say so too. The token is the test
# cluster's own (never a ~/.ray/auth_token that a fresh machine lacks: `ray start` refuses to start without one)
RAY_ENV = {**os.environ, "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32)}


def _ray_node(*args) -> subprocess.Popen:
    """`ray start … --block` in its own process group, so the node and its workers stop together."""
    return subprocess.Popen([str(VENV_BIN / "ray"), "start", "--block", "--num-cpus", "1", "--disable-usage-stats",
                             *args], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True,
                            env=RAY_ENV)


def _stop(processes: list[subprocess.Popen]) -> None:
    """SIGTERM to each node's process group, then SIGKILL to whatever of them is left (GCS may linger).

    A few seconds of grace, shared by all nodes (they stop side by side): `ray start --block` does not
    exit on SIGTERM by itself (it waited out the old 30 s every run), and nothing of a test cluster needs saving."""
    for process in processes:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 5
    for process in processes:
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
    for process in processes:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(10)


@pytest.fixture(scope="module")
def cluster():
    """A head node and a second node on 127.0.0.1, one CPU each; stopped after the module."""
    pytest.importorskip("ray")
    port = free_port()
    head = _ray_node("--head", "--node-ip-address", "127.0.0.1", "--port", str(port), "--include-dashboard=false")
    address = f"127.0.0.1:{port}"
    nodes = [head]
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline:
            status = subprocess.run([str(VENV_BIN / "ray"), "status", "--address", address], capture_output=True,
                                    text=True, env=RAY_ENV)
            if status.returncode == 0:
                break
            time.sleep(1)
        else:
            pytest.fail(f"the Ray head did not start: {status.stderr if status else ''}")
        nodes.append(_ray_node("--address", address, "--node-ip-address", "127.0.0.1"))
        while time.monotonic() < deadline:
            out = subprocess.run([str(VENV_BIN / "ray"), "status", "--address", address], capture_output=True,
                                 text=True, env=RAY_ENV)
            if "/2.0 CPU" in out.stdout:
                break
            time.sleep(1)
        yield address
    finally:
        _stop(list(reversed(nodes)))
        # `ray start` names its cluster in a file that a plain ray.init() would try to join later
        current = Path("/tmp/ray/ray_current_cluster")
        if current.exists() and current.read_text().strip().endswith(f":{port}"):
            current.unlink()


SPARE = 4 * 64  # texts the Ray build encodes: four chunks (councilkg.distributed.CHUNK_TEXTS), two per actor


@pytest.mark.ray
@pytest.mark.slow
def test_two_node_cluster_build_equals_the_serial_build(cluster, real_build, tmp_path):
    import embed
    from councilkg import distributed
    from councilkg.settings import get_settings
    from embed.index import pending, vector_cache
    from graph.persist import read_build

    # Serial: the session's one real build (councilkg.pipeline.build, run here, not on Ray) is the
    # reference. The Ray build starts from a folder holding only a vector cache: the serial build's
    # minus SPARE of the corpus's texts, spread over the corpus — enough chunks for both nodes' actors
    # to encode, without re-encoding all ~1,900 windows on two single-threaded actors (~60 s). It reads,
    # segments and extracts everything itself; the texts it encodes are compared vector by vector below.
    real_corpus = real_build.corpus
    serial_dir, ray_dir = Path(real_build.settings.build_dir), tmp_path / "ray"
    serial_cache = vector_cache(real_build.settings)
    needed = sorted(pending(real_corpus, get_settings(build_dir=ray_dir)))
    spare = needed[::max(1, len(needed) // SPARE)][:SPARE]
    seeded = vector_cache(get_settings(build_dir=ray_dir))
    seeded.put_many([(key, serial_cache.get(key)) for key in sorted(set(needed) - set(spare))])
    seeded.save()

    env = {**RAY_ENV, "COUNCILKG_BUILD_DIR": str(ray_dir), "COUNCILKG_STORE": "memory"}
    run = subprocess.run([str(VENV_BIN / "councilkg"), "build", "--ray", cluster], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=1800)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "2 node(s), 2 CPUs" in run.stderr
    chunks = -(-SPARE // distributed.CHUNK_TEXTS)
    assert f"ray: encoding {SPARE} texts in {chunks} chunks on 2 actors" in run.stderr
    encoded = vector_cache(get_settings(build_dir=ray_dir))
    for key in spare:  # encoded on Ray: the serial build's vectors up to batch rounding
        assert np.allclose(encoded.get(key), serial_cache.get(key), atol=1e-5), key

    # Same quads
    serial_quads, _ = read_build(serial_dir / "graph")
    ray_quads, _ = read_build(ray_dir / "graph")
    assert set(map(str, ray_quads)) == set(map(str, serial_quads))
    # Same index ids, same rows; vectors equal up to batch rounding
    for name in ("ids.json", "units.jsonl"):
        assert (ray_dir / "index" / name).read_text() == (serial_dir / "index" / name).read_text()
    assert np.array_equal(np.load(ray_dir / "index" / "row_units.npy"), np.load(serial_dir / "index" / "row_units.npy"))
    a = embed.load(get_settings(build_dir=serial_dir), real_corpus)
    b = embed.load(get_settings(build_dir=ray_dir), real_corpus)
    va = a.dense.index.reconstruct_n(0, a.dense.ntotal)
    vb = b.dense.index.reconstruct_n(0, b.dense.ntotal)
    assert np.allclose(va, vb, atol=1e-5)
    params = json.loads((ray_dir / "index" / "params.json").read_text())
    assert params["units_hash"] == json.loads((serial_dir / "index" / "params.json").read_text())["units_hash"]
