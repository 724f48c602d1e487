"""The Ofsted training sets (tests/data/train_ofsted*/): well formed, quotes verbatim, apart from the sealed sets
and from each other."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.evaluate import read_questions

DATA = Path(__file__).resolve().parents[1] / "data"
SEALED_MANIFESTS = sorted(DATA.glob("sealed*/manifest.json"))
# each training set's folder (its questions in qa_<folder>.jsonl)
TRAINING_SETS = sorted(f.name for f in DATA.glob("train_ofsted*") if (f / "manifest.json").is_file())


def _manifest(folder: str) -> list[dict]:
    return json.loads((DATA / folder / "manifest.json").read_text())


def _questions(folder: str) -> list[dict]:
    return read_questions(DATA / folder / f"qa_{folder}.jsonl")


def _authority(entry: dict) -> str:
    return Path(entry["file"]).parent.name


def _round(sealed_manifest: Path) -> int:
    return int(sealed_manifest.parent.name.removeprefix("sealed") or 1)


# No report is left that no set holds after round 17 (README, "Known limitations")
REPORTS_TRAINED_ON_FROM = 18


KEYS = {"id", "category", "question", "evidence", "answer_any", "answer_all", "found", "k"}


def _assert_well_formed(q: dict, where, short_quotes: bool = True) -> None:
    """One question's shape: the set format's keys, evidence and answers exactly when it is answerable, and (with
    ``short_quotes``) each quote 4–15 words on one line. A failure says ``where`` only (a sealed round's question is
    not printed)."""
    assert set(q) == KEYS, where
    assert q["found"] == bool(q["evidence"]) == bool(q["answer_any"]), where
    if short_quotes:
        assert all(4 <= len(e.split()) <= 15 and "\n" not in e for e in q["evidence"]), where


@pytest.mark.parametrize("folder", TRAINING_SETS)
def test_questions_are_well_formed(folder):
    questions = _questions(folder)
    assert 80 <= len(questions) <= 120
    assert len({q["id"] for q in questions}) == len(questions)
    for q in questions:
        _assert_well_formed(q, (folder, q["id"]))
    assert sum(not q["found"] for q in questions) >= 20


@pytest.mark.parametrize("folder", TRAINING_SETS)
def test_reports_are_spread_over_frameworks_and_kept_apart_from_the_sealed_sets(folder):
    manifest = _manifest(folder)
    assert 12 <= len(manifest) <= 15
    assert all(e["kind"] == "inspection_report" and e["publisher"] == "Ofsted" for e in manifest)
    years = {int(Path(e["file"]).stem[:4]) for e in manifest}
    assert any(y <= 2017 for y in years) and any(y >= 2019 for y in years)
    assert len(SEALED_MANIFESTS) >= 2  # round 1 (scored 2026-12-01) and round 2
    trained = {e["file"] for e in manifest}
    for sealed_manifest in SEALED_MANIFESTS:
        if _round(sealed_manifest) >= REPORTS_TRAINED_ON_FROM:
            continue
        sealed = {e["file"] for e in json.loads(sealed_manifest.read_text())}
        assert sealed.isdisjoint(trained), sealed_manifest.parent.name


def test_sealed_rounds_over_reports_trained_on_say_so():
    """Round 17 used the last two reports no set held; from round 18 a sealed round's reports may be ones a training
    pack holds. Its questions are still unseen, the documents are not: its README must say so, and which reports."""
    for sealed_manifest in SEALED_MANIFESTS:
        if _round(sealed_manifest) >= REPORTS_TRAINED_ON_FROM:
            readme = (sealed_manifest.parent / "README.md").read_text(encoding="utf-8")
            assert "trained on" in readme, sealed_manifest.parent.name
            for entry in json.loads(sealed_manifest.read_text()):
                assert Path(entry["file"]).parent.name in readme, (sealed_manifest.parent.name, entry["file"])


def test_sealed_rounds_before_14_are_over_authorities_never_trained_on():
    """Rounds 1–13 are over authorities no training set holds. By round 14 every report of those authorities was used
    but one, so from round 14 a sealed round may hold another report of a trained authority (its README says which):
    its figure is then over unseen reports, not unseen authorities. A shared report is never allowed (above)."""
    trained = {_authority(e) for folder in TRAINING_SETS for e in _manifest(folder)}
    for sealed_manifest in SEALED_MANIFESTS:
        name = sealed_manifest.parent.name
        if _round(sealed_manifest) < 14:
            sealed = {_authority(e) for e in json.loads(sealed_manifest.read_text())}
            assert sealed.isdisjoint(trained), name


# From round 12 the writers' brief held quotes to 4–15 words on one line, as the training sets' (earlier rounds quoted
# longer passages)
SHORT_QUOTES_FROM = 12


def test_the_sealed_sets_are_well_formed():
    """Every sealed round's questions have the set format's keys, and evidence and answers exactly when answerable; from
    round 12 each quote is 4–15 words on one line. A failure names the round and the question's id only: an unscored
    round's questions stay unread."""
    for sealed_manifest in SEALED_MANIFESTS:
        round_ = _round(sealed_manifest)
        for questions in sorted(sealed_manifest.parent.glob("qa_*.jsonl")):
            for q in read_questions(questions):
                _assert_well_formed(q, (sealed_manifest.parent.name, q.get("id")), round_ >= SHORT_QUOTES_FROM)


def test_the_sealed_rounds_share_no_report():
    """Each sealed round is over reports no earlier round used. A later round may return to an earlier round's
    authority with another of its reports (every authority is in some set since round 4). A sealed set is never
    trained on before it is scored; spent, it is training data."""
    seen: set[str] = set()
    for sealed_manifest in SEALED_MANIFESTS:
        reports = {e["file"] for e in json.loads(sealed_manifest.read_text())}
        assert reports.isdisjoint(seen), sealed_manifest.parent.name
        seen |= reports


def test_the_training_sets_share_no_report():
    """No report is in two training sets. A later set may return to an earlier set's authority with another of its
    reports (every authority in ../shared/ofsted but three, kept for the next sealed set, is in some set): its
    leave-one-writer-out figure is then over unseen reports, not unseen authorities."""
    folders = TRAINING_SETS
    assert len(folders) >= 2
    for i, first in enumerate(folders):
        for second in folders[i + 1 :]:
            shared = {e["file"] for e in _manifest(first)} & {e["file"] for e in _manifest(second)}
            assert not shared, (first, second, sorted(shared))


@pytest.mark.slow
@pytest.mark.parametrize("folder", TRAINING_SETS)
def test_every_quote_is_verbatim_in_one_line_of_a_report(folder):
    from pdf_text import read_texts

    paths = [(DATA / folder / e["file"]).resolve() for e in _manifest(folder)]
    if not all(p.exists() for p in paths):
        pytest.skip("the shared Ofsted reports are not on this machine")
    # pypdf's text of each report (two reports at a time, then from the project's read cache)
    lines = [line for result in read_texts(paths).values() for line in result.text.split("\n")]
    further = [DATA / folder / name for name in ("qa_more.jsonl", "qa_pairs.jsonl", "qa_posts.jsonl")]
    for q in _questions(folder) + [q for f in further if f.is_file() for q in read_questions(f)]:
        for quote in q["evidence"]:
            assert any(quote in line for line in lines), (folder, q["id"], quote)


@pytest.mark.parametrize("folder", TRAINING_SETS)
def test_broad_questions_are_well_formed(folder):
    """qa_broad.jsonl: questions about a whole inspection ("What did Ofsted find …?"), written 2026-12-04 by writers
    who saw no code and no other set; each answer is the report's headline judgement, quoted."""
    questions = read_questions(DATA / folder / "qa_broad.jsonl")
    assert 12 <= len(questions) <= 20 and len({q["id"] for q in questions}) == len(questions)
    for q in questions:
        _assert_well_formed(q, (folder, q["id"]))
        assert q["category"] == "broad", q["id"]
        assert all(any(a.lower() in e.lower() for e in q["evidence"]) for a in q["answer_any"]), q["id"]
    assert sum(not q["found"] for q in questions) >= 4


def _assert_labelled_from_quotes(q: dict, folder: str) -> None:
    """A further set's question: well formed, "unanswerable" exactly when not found, each answer in one of its quotes."""
    _assert_well_formed(q, (folder, q["id"]))
    assert (q["category"] == "unanswerable") == (not q["found"]), q["id"]
    assert all(any(a.lower() in " ".join(e.lower().split()) for e in q["evidence"]) for a in q["answer_any"]), q["id"]


MORE_SETS = sorted(f.name for f in DATA.glob("train_ofsted*") if (f / "qa_more.jsonl").is_file())


@pytest.mark.parametrize("folder", MORE_SETS)
def test_further_questions_are_well_formed(folder):
    """qa_more.jsonl: a second set over a pack's reports, written 2026-12-04 by writers who saw no code and no other
    set, held out (``bench/fit_qa.py`` HELD_OUT: fitted on, they did not help); no question twice, a quarter or more
    near-misses, and each answer in one of its evidence quotes."""
    questions = read_questions(DATA / folder / "qa_more.jsonl")
    assert 95 <= len(questions) <= 110 and len({q["id"] for q in questions}) == len(questions)
    assert len({q["question"] for q in questions}) == len(questions)
    for q in questions:
        _assert_labelled_from_quotes(q, folder)
    assert sum(not q["found"] for q in questions) >= 0.25 * len(questions)


PAIR_SETS = sorted(f.name for f in DATA.glob("train_ofsted*") if (f / "qa_pairs.jsonl").is_file())


@pytest.mark.parametrize("folder", PAIR_SETS)
def test_near_miss_pairs_are_well_formed(folder):
    """qa_pairs.jsonl: near-misses and their stated neighbours over four of a pack's reports, written 2026-12-06 by
    writers who saw no code and no other set (docs/qa-notebook.md, "Near-misses in pairs"): 15 details a report does not
    give and 10 it does, per report; each answer in one of its evidence quotes (each quote verbatim: checked with the
    pack's own questions above)."""
    questions = read_questions(DATA / folder / "qa_pairs.jsonl")
    assert len(questions) == 100 and len({q["id"] for q in questions}) == len({q["question"] for q in questions}) == 100
    for q in questions:
        _assert_labelled_from_quotes(q, folder)
    assert sum(not q["found"] for q in questions) == 60


POST_SETS = sorted(f.name for f in DATA.glob("train_ofsted*") if (f / "qa_posts.jsonl").is_file())


@pytest.mark.parametrize("folder", POST_SETS)
def test_post_questions_are_well_formed(folder):
    """qa_posts.jsonl: who holds a post, and which body provides a service, over six or twelve of a pack's reports,
    written 2026-12-07 by writers who saw no code and no other set, six reports each (the pack's README,
    "qa_posts.jsonl"): per report 4 the report answers by name and 4 it mentions and never names, most of them a post's
    holder where the report names only someone else (its lead inspector); each answer in one of its evidence quotes
    (each quote verbatim: checked with the pack's own questions above), and each question's asked type labelled
    (``type``: person or name). The fit reads train_ofsted12's and train_ofsted2's; the other four are held out
    (``bench/fit_qa.py`` ``HELD_OUT``: fitted on once beside them, not kept)."""
    questions = read_questions(DATA / folder / "qa_posts.jsonl")
    n = len(questions)
    assert n in (48, 96) and len({q["id"] for q in questions}) == len({q["question"] for q in questions}) == n
    for q in questions:
        _assert_labelled_from_quotes({k: v for k, v in q.items() if k != "type"}, folder)
        assert q["type"] in ("person", "name"), q["id"]
    assert sum(not q["found"] for q in questions) == n // 2
    assert sum(not q["found"] and q["type"] == "person" for q in questions) >= 3 * n // 8
