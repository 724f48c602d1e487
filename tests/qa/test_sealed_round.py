"""bench/sealed_round.py: the next sealed round's draw skips every report a round used and every file that holds no
report, is the same for the same round, and fills the writer's brief completely."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "sealed_round.py"
SHARED_REPORTS = Path(__file__).resolve().parents[3] / "shared" / "ofsted" / "reports"


@pytest.fixture(scope="module")
def sealed_round():
    spec = importlib.util.spec_from_file_location("sealed_round", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def shelf(tmp_path):
    """Five reports of four authorities (one a saved web page) and one sealed round that used one of them."""
    reports, data = tmp_path / "reports", tmp_path / "tests" / "data"
    for name in ("north-somerset/2023-05-11", "stoke-on-trent/2019-01-02", "york/2022-03-04", "kent/2017-05-06"):
        (reports / name).parent.mkdir(parents=True, exist_ok=True)
        (reports / f"{name}.pdf").write_bytes(b"%PDF-1.7\n...")
    (reports / "blackpool").mkdir()
    (reports / "blackpool" / "2012-07-13.pdf").write_bytes(b"<!DOCTYPE html><title>Report not found</title>")
    (data / "sealed1").mkdir(parents=True)
    (data / "sealed1" / "manifest.json").write_text(json.dumps([{"file": "../../../reports/kent/2017-05-06.pdf"}]))
    return reports, data


def test_the_draw_skips_used_reports_and_files_that_hold_no_report(sealed_round, shelf):
    reports, data = shelf
    free = sealed_round.free_reports(reports, data)
    assert [f"{p.parent.name}/{p.name}" for p in free] == [
        "north-somerset/2023-05-11.pdf", "stoke-on-trent/2019-01-02.pdf", "york/2022-03-04.pdf"]
    first, count = sealed_round.draw(58, reports, data)
    assert count == 3 and len(set(first)) == 2 and set(first) <= set(free)
    assert sealed_round.draw(58, reports, data)[0] == first  # the round's number is its seed


def test_the_brief_is_filled_and_names_the_authorities_as_written(sealed_round, shelf):
    reports, data = shelf
    drawn = [reports.resolve() / "stoke-on-trent/2019-01-02.pdf", reports.resolve() / "north-somerset/2023-05-11.pdf"]
    text = sealed_round.brief(58, drawn, 3)
    assert "${" not in text and "$" not in text
    assert "`tests/data/sealed56/README.md`" in text and "Do not open `tests/data/sealed57/` at all" in text
    assert "- North Somerset 2023 report: 25 answerable" in text and "- Stoke-on-Trent 2019 report" in text
    assert "gave\n`stoke-on-trent/2019-01-02.pdf` and `north-somerset/2023-05-11.pdf`." in text  # the sample's order
    assert "/tmp/s58w/nor.txt" in text and "/tmp/s58w/sto.txt" in text and "`S58-001`" in text


@pytest.mark.skipif(not SHARED_REPORTS.is_dir(), reason="needs ../shared/ofsted")
def test_the_shared_reports_that_hold_no_report_are_never_drawn(sealed_round):
    free = sealed_round.free_reports()
    assert free and all(sealed_round.is_pdf(p) for p in free)
    names = {f"{p.parent.name}/{p.name}" for p in free}
    assert not names & {"blackpool/2012-07-13.pdf", "bromley/2012-08-17.pdf"}
    assert not names & {f"{p.parent.name}/{p.name}" for p in sealed_round.used_reports()}
