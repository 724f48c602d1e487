"""The package has no import cycles: every module's imports (at top level or inside functions) form a DAG.

A cycle (qa.ask → qa.calibration → qa.evaluate → qa.ask was one) means two modules cannot be read,
tested or replaced apart, and Python only resolves it by the luck of import order.
"""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("councilkg", "corpus", "graph", "ontology", "embed", "qa", "ui_views")
MODULES = ("cli", "ui")


def module_files() -> dict[str, Path]:
    found = {name: REPO / f"{name}.py" for name in MODULES}
    for package in PACKAGES:
        for path in (REPO / package).rglob("*.py"):
            parts = path.relative_to(REPO).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def import_graph(files: dict[str, Path]) -> nx.DiGraph:
    """module → each project module it imports (``from a import b`` → a.b when b is a module)."""
    graph = nx.DiGraph()
    for name, path in files.items():
        graph.add_node(name)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in files else base for a in node.names]
            for target in targets:
                while target and target not in files:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph.add_edge(name, target)
    return graph


def test_no_import_cycles():
    cycles = list(nx.simple_cycles(import_graph(module_files())))
    assert not cycles, "import cycles:\n" + "\n".join(" → ".join(c + c[:1]) for c in cycles[:20])


def test_the_check_sees_a_cycle(tmp_path):
    """The graph above is built right: a two-module cycle through a function-level import is found."""
    (tmp_path / "a.py").write_text("import b\n")
    (tmp_path / "b.py").write_text("def f():\n    from a import x\n")
    graph = import_graph({"a": tmp_path / "a.py", "b": tmp_path / "b.py"})
    assert list(nx.simple_cycles(graph)) == [["a", "b"]] or list(nx.simple_cycles(graph)) == [["b", "a"]]
