"""What bench/fit_qa.py may fit on: every labelled set but the sealed ones, whatever their round."""
from __future__ import annotations

import importlib.util
from pathlib import Path

FIT = Path(__file__).resolve().parents[2] / "bench" / "fit_qa.py"


def test_sealed_sets_of_any_round_are_never_among_the_fitting_sets(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("fit_qa_sets", FIT)
    fit = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fit)
    for folder in ("sealed", "sealed2", "unseen9"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "manifest.json").write_text("[]")
        (tmp_path / folder / f"qa_{folder}.jsonl").write_text("")
    (tmp_path / "qa_blind9.jsonl").write_text("")
    monkeypatch.setattr(fit, "DATA", tmp_path)
    monkeypatch.setattr(fit, "SHARED_DEV", tmp_path / "absent.jsonl")
    names = sorted(name for name, _path, _manifest in fit.question_sets())
    assert names == ["qa_blind9", "unseen9"]
