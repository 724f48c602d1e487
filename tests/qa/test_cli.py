"""`councilkg ask/trace/gaps` end to end through cli.main, on the session build."""
from __future__ import annotations

import json
import pytest

import cli

pytestmark = pytest.mark.slow


@pytest.fixture
def built_env(engine, monkeypatch):
    import qa

    monkeypatch.setenv("COUNCILKG_BUILD_DIR", str(engine.settings.build_dir))
    qa.clear_engines()
    yield
    qa.clear_engines()


def test_ask_json_and_batch(built_env, capsys, tmp_path):
    assert cli.main(["ask", "--json", "Who chairs the Improvement Board?"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["found"] and data["citations"] and data["graph_facts"]
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": "A", "question": "When will the EOTAS policy be confirmed?"}\n'
                     '{"id": "B", "question": "What is the council budget for road resurfacing?"}\n')
    assert cli.main(["ask", "--batch", str(batch)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in rows] == ["A", "B"] and rows[0]["found"] and not rows[1]["found"]


def test_errors_are_one_sentence_not_a_traceback(built_env, capsys):
    assert cli.main(["ask", ""]) == 2
    assert capsys.readouterr().err.startswith("error: ")
    assert cli.main(["trace", "nothing like this 99.99z"]) == 2


def test_trace_and_gaps_json(built_env, capsys):
    assert cli.main(["trace", "--json", "ILACS 2021 para 17"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["nodes"][0]["kind"] == "finding" and any(e["link"] == "explicit" for e in data["edges"])
    assert cli.main(["gaps", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)
