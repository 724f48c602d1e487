"""Grades, frameworks and judgement areas have one source: ontology/*.ttl, read by ontology/vocab.py.

The scan below reads every module of the package and fails on a string that spells out one of
these names itself (a display label, or a regex listing the grade scale): such a copy drifts from
the .ttl. Keys code uses are checked where they are turned into IRIs and labels
(``vocab.AREAS[key]``, ``GRADE_IRIS[key]``, ``FRAMEWORK_CODES[key]`` raise on an unknown key), and
the real build's use is compared with the .ttl by ``test_the_built_graph_uses_only_ttl_terms``.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from rdflib import Literal

from ontology import vocab

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("councilkg", "corpus", "graph", "embed", "qa", "ui_views")
MODULES = ("cli.py", "ui.py")


def _sources():
    for name in PACKAGES:
        yield from sorted((REPO / name).rglob("*.py"))
    for name in MODULES:
        yield REPO / name


def _strings(tree):
    """Every string constant (f-string pieces included) with its line."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def _display_names() -> set[str]:
    names = {n for t in (*vocab.GRADES.values(), *vocab.AREAS.values()) for n in (t.label, *t.alt)}
    names |= {n for t in vocab.FRAMEWORKS.values() for n in (t.label, t.notation, *t.alt)}
    return names


def _grade_words() -> set[str]:
    return {n.lower() for t in vocab.ofsted_grades() for n in t.names} | {t.label.split()[0].lower() for t in vocab.ofsted_grades()}


def test_schemes_are_complete():
    assert [vocab.grade_rank(t) for t in vocab.ofsted_grades()] == [1, 2, 3, 4]
    assert {t.key for t in vocab.GRADES.values()} >= {"send-positive", "send-inconsistent", "send-systemic-failings"}
    for term in (*vocab.GRADES.values(), *vocab.FRAMEWORKS.values(), *vocab.AREAS.values()):
        assert term.key and term.key != "None" and term.label and term.label != "None", term
    assert all(t.notation for t in vocab.FRAMEWORKS.values())
    assert all(t.close_match in vocab.AREAS for t in vocab.AREAS.values() if t.close_match)


def test_vocabulary_reads_report_wording():
    assert vocab.grade_key("Requires improvement to be good") == "requires-improvement"
    assert vocab.grade_key("inadequate.") == "inadequate" and vocab.grade_key("Adequate") is None
    assert vocab.area_key("2.2 Experiences and progress of care le avers") == "care-leavers"
    assert vocab.area_key("The experiences and progress of children in care and care leavers") == "children-in-care"
    assert vocab.area_key("Minutes of the last meeting") is None
    assert re.fullmatch(vocab.grade_pattern(), "Require improvement to be good", re.I)
    assert vocab.framework_words()["area send"] == vocab.FRAMEWORKS["area-send"].notation


def test_no_module_spells_out_a_grade_framework_or_area_name():
    names, grade_words = _display_names(), _grade_words()
    found = []
    for path in _sources():
        for line, text in _strings(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(REPO)}:{line}"
            if text.strip() in names:
                found.append(f"{where} names {text.strip()!r}")
            pieces = {re.sub(r"\\[a-z]|[?*+^$\\:]", "", p).strip().lower() for p in re.split(r"[|()]", text)}
            if len(pieces & grade_words) >= 2:
                found.append(f"{where} lists the grade scale: {text[:80]!r}")
    assert not found, "read these from ontology.vocab instead:\n" + "\n".join(found)


def test_the_scan_catches_a_copy():
    """The check above can fail: a module declaring the grade scale or a label is caught."""
    tree = ast.parse('GRADE = r"(outstanding|good|inadequate)"\nLABEL = "Overall effectiveness"\n')
    texts = [t for _, t in _strings(tree)]
    assert any(t.strip() in _display_names() for t in texts)
    assert any(len({p.lower() for p in re.split(r"[|()]", t)} & _grade_words()) >= 2 for t in texts)


@pytest.mark.slow
def test_the_built_graph_uses_only_ttl_terms(real_build):
    """Every grade, framework and area the real build writes is one the .ttl declares."""
    kg = real_build.graph
    grades = {row["g"] for row in kg.query("SELECT DISTINCT ?g WHERE { ?j kg:grade ?g }")}
    frameworks = {str(row["f"]) for row in kg.query("SELECT DISTINCT ?f WHERE { ?i kg:framework ?f }")}
    areas = {str(row["a"]) for row in kg.query("SELECT DISTINCT ?a WHERE { ?j a kg:Judgement ; kg:area ?a }")}
    assert grades and frameworks and areas
    assert grades <= set(vocab.GRADE_BY_IRI)
    assert frameworks <= {t.notation for t in vocab.FRAMEWORKS.values()}
    assert areas <= {t.label for t in vocab.AREAS.values()}
    assert all(not isinstance(g, Literal) for g in grades)
