"""The package installs from its wheel and runs; the install pins torch first and installs from the lock.

The wheel test builds the wheel, installs it (and only it, --no-deps) into a fresh venv, and runs
the installed command from a folder outside the repository. To stay fast the fresh venv borrows
the project venv's third-party packages through a .pth line; the test checks that every project
module it imports comes from the wheel, not from the repository.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TINY_CORPUS = REPO / "tests" / "data" / "tiny_corpus"


def test_torch_is_pinned_by_the_install_step_not_by_the_package():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert not [d for d in project["dependencies"] if d.replace(" ", "").startswith("torch")]
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"^TORCH\s*:=\s*torch==2\.13\.0$", makefile, re.M)
    # the dependencies are installed only after the torch stamp, from the lock, then the package without deps
    stamp_rule = re.search(r"^\$\(STAMP\):(.*)\n((?:\t.*\n)+)", makefile, re.M)
    assert "$(VENV)/.torch" in stamp_rule.group(1) and "$(LOCK)" in stamp_rule.group(1)
    recipe = stamp_rule.group(2)
    assert recipe.index("-r $(LOCK)") < recipe.index("--no-deps -e .")


def test_the_lock_pins_every_dependency_and_says_how_to_regenerate_it():
    lock = (REPO / "requirements.lock").read_text()
    assert "make lock" in "\n".join(lock.splitlines()[:6])
    pins = dict(re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)$", lock, re.M))
    assert pins.get("torch") == "2.13.0"
    assert not any(name.startswith("nvidia") for name in pins), "the lock would pull CUDA"
    wanted = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    names = wanted["dependencies"] + wanted["optional-dependencies"]["test"]
    normal = {re.sub(r"[-_.]+", "-", n).lower() for n in pins}
    for requirement in names:
        name = re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0]
        assert re.sub(r"[-_.]+", "-", name).lower() in normal, f"{name} is not in requirements.lock"


SOURCES = ("pyproject.toml", "README.md", "cli.py", "ui.py", "councilkg", "corpus", "graph", "ontology", "embed", "qa",
           "ui_views")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the sources (setuptools writes build/ and *.egg-info beside them,
    which in the repository would land in the data folder build/)."""
    import shutil

    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "documents",
                                                                                      "manifest.toml", "*.egg-info"))
        else:
            shutil.copy(REPO / name, source / name)
    # setuptools is pinned in requirements.lock, so the build needs no isolated environment (nor the network)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(out),
                    str(source)], check=True, capture_output=True, cwd=out)
    (found,) = out.glob("councilkg-*.whl")
    return found


@pytest.fixture(scope="module")
def fresh_venv(wheel, tmp_path_factory) -> Path:
    """A new venv holding only the wheel; third-party packages borrowed from this venv via a .pth line."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, capture_output=True)
    python = venv / "bin" / "python"
    # this venv's pip installs into the fresh one (--python): the wheel only, nothing resolved or fetched
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index",
                    str(wheel)], check=True, capture_output=True)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    # A plain path line: the borrowed folder's own .pth files (this repo's editable install) are not run.
    (Path(site) / "borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def _run(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COUNCILKG_", "PYTHONPATH"))}
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_the_wheel_holds_every_subpackage_and_its_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for module in ("graph/stores/__init__.py", "graph/extractors/civic/__init__.py",
                   "graph/extractors/accountability/__init__.py", "councilkg/pipeline.py", "cli.py", "ui.py"):
        assert module in names, module
    # every data file the code can read beside itself ships: vocabularies, queries, fitted weights
    data = [p.relative_to(REPO).as_posix() for name in SOURCES if (REPO / name).is_dir()
            for p in (REPO / name).rglob("*") if p.suffix in {".ttl", ".rq", ".json", ".gz"} and "documents" not in p.parts]
    assert "ontology/councilkg.ttl" in data and "graph/queries/link_provenance.rq" in data
    assert not [d for d in data if d not in names], "data files missing from the wheel"
    assert not any(n.startswith(("tests/", "bench/", "corpus/documents/")) for n in names)


@pytest.mark.slow
def test_installed_wheel_runs_help_build_and_sparql_on_a_tiny_corpus(fresh_venv, tmp_path):
    import shutil

    work = tmp_path / "work"
    shutil.copytree(TINY_CORPUS, work / "corpus")
    python, councilkg = fresh_venv / "bin" / "python", fresh_venv / "bin" / "councilkg"

    # every project module comes from the wheel, never from the repository
    where = _run(fresh_venv, str(python), "-c", "import graph.stores, graph.extractors.accountability, councilkg, cli; "
                 "print(graph.stores.__file__); print(graph.extractors.accountability.__file__); print(cli.__file__)",
                 cwd=work)
    assert where.returncode == 0, where.stderr
    for line in where.stdout.split():
        assert Path(line).is_relative_to(fresh_venv), line

    shown = _run(fresh_venv, str(councilkg), "--help", cwd=work)
    assert shown.returncode == 0 and "sparql" in shown.stdout, shown.stderr

    built = _run(fresh_venv, str(councilkg), "build", cwd=work)
    assert built.returncode == 0, built.stderr
    assert (work / "build" / "graph" / "graph.nq").is_file()  # the data folders are the working directory's

    rows = _run(fresh_venv, str(councilkg), "sparql", "--json",
                "SELECT ?grade WHERE { ?j a kg:Judgement ; kg:grade ?grade }", cwd=work)
    assert rows.returncode == 0, rows.stderr
    assert "RequiresImprovement" in rows.stdout
