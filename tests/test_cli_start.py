"""What a command imports decides its cold start: `councilkg sparql` loads neither the answer layer nor the index."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import cli

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("qa", "embed.index", "faiss", "bm25s", "torch", "sentence_transformers")


def _commands(parser) -> set[str]:
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return set(action.choices)


@pytest.mark.parametrize("commands", [cli.GRAPH_COMMANDS, cli.CORPUS_COMMANDS], ids=["graph", "corpus"])
def test_a_stages_light_parser_lacks_nothing_the_full_parser_gives_its_commands(commands):
    light, full = cli.make_parser(commands[0]), cli.make_parser()
    base = {"build", "serve", "settings"}
    assert _commands(light) - base == set(commands) | {"eval"}
    action = next(a for a in full._actions if a.__class__.__name__ == "_SubParsersAction")
    light_action = next(a for a in light._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in commands:
        assert light_action.choices[name].format_usage() == action.choices[name].format_usage()


def test_ingest_from_the_cli_imports_no_answer_layer_no_index_and_no_graph_store(tmp_path):
    """Ingest segments and reads documents (graph.reading, the vocabulary's .ttl through rdflib), nothing more."""
    (tmp_path / "corpus" / "documents").mkdir(parents=True)
    (tmp_path / "corpus" / "manifest.toml").write_text("", encoding="utf-8")
    doc = tmp_path / "2024-01-10-minutes.txt"
    doc.write_text("Minutes of the Cabinet\n\n1. Apologies\n\nNone were received.\n", encoding="utf-8")
    code = ("import sys, cli; rc = cli.main(['ingest', sys.argv[1], '--no-build']); "
            f"print('IMPORTED', sorted(m for m in {HEAVY + ('numpy', 'graph.knowledge', 'graph.stores')!r} if m in sys.modules), "
            "file=sys.stderr); sys.exit(rc)")
    env = {"COUNCILKG_CORPUS_DIR": str(tmp_path / "corpus"), "COUNCILKG_BUILD_DIR": str(tmp_path / "build"),
           "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"}
    run = subprocess.run([sys.executable, "-c", code, str(doc)], cwd=REPO, env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert "2024-01-10-minutes.txt" in (tmp_path / "corpus" / "manifest.toml").read_text(encoding="utf-8")
    assert "IMPORTED []" in run.stderr


def test_sparql_from_the_cli_imports_no_answer_layer_and_no_index(tiny_corpus, tmp_path):
    import graph
    from councilkg.settings import get_settings

    settings = get_settings(build_dir=tmp_path / "build", corpus_dir=REPO / "tests" / "data" / "tiny_corpus")
    graph.build(tiny_corpus, settings)
    code = ("import sys, cli; rc = cli.main(['sparql', '--json', 'SELECT ?s WHERE { ?s a kg:Inspection }']); "
            f"print('IMPORTED', sorted(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr); sys.exit(rc)")
    env = {"COUNCILKG_BUILD_DIR": str(settings.build_dir), "COUNCILKG_CORPUS_DIR": str(settings.corpus_dir),
           "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"}
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)  # the inspection the tiny corpus reports
    assert "IMPORTED []" in run.stderr
