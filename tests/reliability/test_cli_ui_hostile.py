"""Hostile input at the edges: `ask --batch` lines, dates, and the UI server's address and Host header."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from servers import free_port
from tests.reliability.conftest import REPO, Run, assert_one_sentence


@pytest.fixture(scope="module")
def tiny_env(tmp_path_factory):
    """The tests' three-document corpus, built for real (graph + index), as a `councilkg` environment."""
    from councilkg import pipeline
    from councilkg.settings import get_settings

    root = tmp_path_factory.mktemp("tiny-cli")
    corpus_dir = root / "corpus"
    shutil.copytree(REPO / "tests" / "data" / "tiny_corpus", corpus_dir)
    cache = REPO / "build" / "embed_cache"
    if cache.is_dir():
        shutil.copytree(cache, root / "build" / "embed_cache")
    pipeline.build(get_settings(corpus_dir=corpus_dir, build_dir=root / "build"), show_progress=False)
    return {**os.environ, "COUNCILKG_CORPUS_DIR": str(corpus_dir), "COUNCILKG_BUILD_DIR": str(root / "build"),
            "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}


def run(env, *args, timeout=600) -> Run:
    proc = subprocess.run([sys.executable, "-m", "cli", *args], capture_output=True, env=env, cwd=REPO, timeout=timeout)
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


@pytest.mark.slow
def test_ask_batch_reports_a_bad_line_and_goes_on(tiny_env, tmp_path):
    batch = tmp_path / "questions.jsonl"
    with open(batch, "wb") as fh:
        fh.write(b'{"id": 1, "question": "Who chairs the board?"}\n')
        fh.write(b'{"id": 2, "question": "care leavers \\ud800 plans?"}\n')  # a lone surrogate
        fh.write(b"this is not json\n")
        fh.write(b'{"id": 4, "q": "no question field"}\n')
        fh.write(b'{"id": 5, "question": "bytes \xff\xfe that are not UTF-8?"}\n')
        fh.write(b'{"id": 6, "question": "What did inspectors find?", "k": "many"}\n')
        fh.write(b'{"id": 7, "question": "What did inspectors find?"}\n')
    result = run(tiny_env, "ask", "--batch", str(batch))
    assert result.code == 0 and "Traceback" not in result.err, result.err[-2000:]
    lines = [json.loads(line) for line in result.out.splitlines() if line.strip()]
    assert len(lines) == 7, result.out
    assert lines[0]["id"] == 1 and lines[-1]["id"] == 7 and "error" not in lines[-1]
    assert lines[2].get("line") == 3 and "not JSON" in lines[2]["error"]
    assert lines[3].get("line") == 4 and "question" in lines[3]["error"]
    assert "\ufffd" in lines[1]["question"]
    assert "error" in lines[5]


@pytest.mark.slow
@pytest.mark.parametrize("args", [["--since", "2024-13-45"], ["--until", "yesterday"]])
def test_impossible_dates_in_ask_are_one_sentence(tiny_env, args):
    result = run(tiny_env, "ask", "who chairs the board?", *args)
    assert "Traceback" not in result.err, result.err[-2000:]
    if result.code != 0:
        assert_one_sentence(result)


# --- `python ui.py`: address settings and the Host header ------------------------------------

def serve(env) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "ui.py"], cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def get(port: int, host_header: str | None = None, timeout: float = 2.0) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/")
    if host_header:
        request.add_header("Host", host_header)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def wait_up(proc: subprocess.Popen, port: int, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"ui.py exited: {proc.stderr.read().decode()[-2000:]}")
        try:
            get(port)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            time.sleep(0.5)
    pytest.fail(f"ui.py did not answer on port {port} within {seconds} s")


@pytest.mark.server
@pytest.mark.parametrize("variable", ["COUNCILKG_PORT", "GRADIO_SERVER_PORT"])
def test_python_ui_py_listens_where_the_settings_say_and_checks_the_host_header(tmp_path, variable):
    port = free_port()
    env = {**os.environ, variable: str(port), "COUNCILKG_BUILD_DIR": str(tmp_path / "no-build"),
           "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    env.pop("COUNCILKG_PORT" if variable != "COUNCILKG_PORT" else "GRADIO_SERVER_PORT", None)
    proc = serve(env)
    try:
        wait_up(proc, port)
        assert get(port, f"127.0.0.1:{port}") == 200
        assert get(port, f"localhost:{port}") == 200
        assert get(port, "attacker.example") == 400  # DNS rebinding: another site's name
    finally:
        proc.kill()
        proc.wait(timeout=30)
