"""Keep the README honest: every setting and every top-level command it should mention, it does."""
from __future__ import annotations

from pathlib import Path

import pytest

from councilkg.settings import describe, get_settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_readme_starts_with_the_two_commands():
    head = "\n".join(README.splitlines()[:8])
    assert "make run" in head and "make test" in head


def test_every_setting_is_documented():
    for name, _, _ in describe():
        assert f"`{name}`" in README or name in README, name


def test_every_top_level_command_is_documented():
    from cli import make_parser

    parser = make_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for command in sub.choices:
        assert f"councilkg {command}" in README, command


def test_settings_read_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("COUNCILKG_BUILD_DIR", str(tmp_path))
    monkeypatch.setenv("COUNCILKG_PORT", "9999")
    settings = get_settings()
    assert settings.build_dir == tmp_path and settings.port == 9999


def test_data_folders_default_to_the_working_directory_not_the_code(monkeypatch, tmp_path):
    """Installed, the code sits in site-packages: corpus/ and build/ are the current directory's."""
    monkeypatch.delenv("COUNCILKG_CORPUS_DIR", raising=False)
    monkeypatch.delenv("COUNCILKG_BUILD_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    settings = get_settings()
    assert settings.corpus_dir == tmp_path / "corpus" and settings.build_dir == tmp_path / "build"
    monkeypatch.chdir(tmp_path.parent)  # read once, fixed: a later chdir does not move them
    assert settings.build_dir == tmp_path / "build" and settings.build_dir.is_absolute()


def test_ci_runs_the_readme_test_command():
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert "make test" in ci


@pytest.mark.slow
def test_readme_sparql_examples_run_on_the_built_graph(real_build):
    """Every ```sparql block in the README (the UI's SPARQL tab offers them) answers with rows."""
    import re

    blocks = re.findall(r"```sparql\n(.*?)```", README, re.S)
    assert len(blocks) >= 8
    kg = real_build.graph
    for query in blocks:
        assert kg.query(query), query.splitlines()[0]
