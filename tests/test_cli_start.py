"""What a command imports decides its cold start: `councilkg sparql` loads neither the answer layer nor the index."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cli

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("qa", "embed.index", "faiss", "bm25s", "torch", "sentence_transformers")


def _commands(parser) -> set[str]:
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return set(action.choices)


def test_the_graph_commands_are_those_graph_registers():
    """The light parser of a graph command lacks nothing the full parser gives that command."""
    light, full = cli.make_parser("sparql"), cli.make_parser()
    base = {"build", "serve", "settings"}
    assert _commands(light) - base == set(cli.GRAPH_COMMANDS) | {"eval"}
    for name in cli.GRAPH_COMMANDS:
        action = next(a for a in full._actions if a.__class__.__name__ == "_SubParsersAction")
        light_action = next(a for a in light._actions if a.__class__.__name__ == "_SubParsersAction")
        assert light_action.choices[name].format_usage() == action.choices[name].format_usage()


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
