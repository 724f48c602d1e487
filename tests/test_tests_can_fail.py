"""Every test asserts something that can fail: no test that only prints, runs or returns.

A test passes this check when its body (or a helper in the same file that it calls) holds an
``assert``, a ``pytest.raises``/``pytest.warns`` block, a ``pytest.fail`` call, or a call to an
``assert_*``/``check_*`` helper. Skips are not checks: a test whose every path may skip still
needs an assertion on the path that runs.
"""
from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
CHECK_CALLS = {"raises", "warns", "deprecated_call", "fail"}


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _checks_directly(node: ast.AST) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Assert):
            return True
        if isinstance(sub, ast.Call):
            name = _called_name(sub)
            if name in CHECK_CALLS or name.startswith(("assert", "check_")):
                return True
    return False


def _checks(node: ast.AST, helpers: dict[str, ast.AST], seen: set[str]) -> bool:
    if _checks_directly(node):
        return True
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            name = _called_name(sub)
            if name in helpers and name not in seen:
                seen.add(name)
                if _checks(helpers[name], helpers, seen):
                    return True
    return False


def unchecked_tests(source: str) -> list[str]:
    tree = ast.parse(source)
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    helpers = {f.name: f for f in functions if not f.name.startswith("test")}
    return [f.name for f in functions if f.name.startswith("test") and not _checks(f, helpers, set())]


def test_every_test_function_can_fail():
    missing = []
    for path in sorted(TESTS.rglob("test_*.py")):
        if "sealed" in path.parts:
            continue
        missing += [f"{path.relative_to(TESTS)}::{name}" for name in unchecked_tests(path.read_text(encoding="utf-8"))]
    assert not missing, "tests with nothing that can fail:\n" + "\n".join(missing)


def test_the_check_finds_a_test_that_only_prints():
    source = '''
def _helper(x):
    assert x

def test_prints(capsys):
    print("facts")

def test_uses_helper():
    _helper(1)

def test_raises():
    import pytest
    with pytest.raises(ValueError):
        int("x")
'''
    assert unchecked_tests(source) == ["test_prints"]
