"""The fitted ranker: its file, its arithmetic, and the fitting helpers. Fast, no model."""
from __future__ import annotations

import importlib.util
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from qa import ranker
from qa.answer_type import TYPES

FIT = Path(__file__).resolve().parents[2] / "bench" / "fit_qa.py"


def _fit_module():
    """bench/fit_qa.py (tuning code, outside the package), loaded by path."""
    spec = importlib.util.spec_from_file_location("fit_qa", FIT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_saved_model_scores_as_its_lightgbm_booster_does(tmp_path):
    """The model file holds LightGBM's own text of each booster; loaded (and sent to a worker process, pickled) it
    scores every row, one exactly at a split's threshold too, as the fitted booster does."""
    import pickle

    import lightgbm

    rng = np.random.default_rng(0)
    x = rng.random((400, 3))
    y = ((x[:, 0] > 0.6) | (x[:, 1] * x[:, 2] > 0.4)).astype(int)
    booster = lightgbm.train(dict(objective="binary", num_leaves=7, min_data_in_leaf=5, verbose=-1, num_threads=1),
                             lightgbm.Dataset(x, y), num_boost_round=30)
    model = ranker.Model.from_lightgbm(["a", "b", "c"], booster)
    loaded = ranker.load(ranker.save(model, tmp_path / "m.json"))
    assert "parameters:" not in loaded.boosters[0]
    rows = [dict(zip("abc", r)) for r in x[:50]]
    assert np.allclose(loaded.probabilities(rows), booster.predict(x[:50]), rtol=0, atol=1e-12)
    split = booster.dump_model()["tree_info"][0]["tree_structure"]["threshold"]
    at = np.vstack([x, np.full((1, 3), split)])
    assert np.array_equal(pickle.loads(pickle.dumps(loaded)).raw(at), booster.predict(at, raw_score=True))
    assert loaded.probabilities([]).shape == (0,)


def test_the_model_file_is_parsed_once_while_unchanged_and_each_load_is_its_own_model(tmp_path, monkeypatch):
    """Every Engine loads the model: the file is parsed once while it is unchanged, each load is a Model of its own
    (a fit sets each one's threshold apart), and a file written again is read again."""
    import os

    parses = []
    real_loads = ranker.json.loads
    monkeypatch.setattr(ranker.json, "loads", lambda text: parses.append(1) or real_loads(text))
    path = ranker.save(ranker.Model(["a"], [], threshold=0.4), tmp_path / "m.json")
    first, second = ranker.load(path), ranker.load(path)
    assert first is not second and first.threshold == second.threshold == 0.4
    first.threshold = 0.9
    assert ranker.load(path).threshold == 0.4
    assert len(parses) == 1
    ranker.save(ranker.Model(["a"], [], threshold=0.6), path)
    os.utime(path, ns=(time.time_ns() + 10**9,) * 2)  # a later modification time, however coarse the clock
    assert ranker.load(path).threshold == 0.6
    assert len(parses) == 2


def test_a_model_file_of_exported_arrays_asks_for_a_refit(tmp_path):
    from councilkg.errors import BuildError

    old = tmp_path / "old.json"
    old.write_text('{"features": ["a"], "baseline": 0.0, "threshold": 0.5, "trees": []}')
    with pytest.raises(BuildError, match="refit"):
        ranker.load(old)


def test_the_stand_in_before_a_fit_prefers_covered_text():
    stand_in = ranker.untrained()
    low, high = stand_in.probabilities([{"text_cover": 0.0}, {"text_cover": 1.0}])
    assert low < 0.5 < high


def test_the_committed_model_was_written_by_fit():
    model = ranker.load()
    assert model is not None, "run bench/fit_qa.py"
    assert len(model.boosters) == model.info["bag"]
    assert all(b.num_feature() == len(model.features) for b in model._predictors)
    assert 0.0 < model.threshold < 1.0
    assert set(model.answer_type["classes"]) <= set(TYPES)
    cv = model.info["cv_grouped_by_document"]["all"]
    assert cv["questions"] > 300 and 0.0 <= cv["answer_accuracy"] <= 1.0


def test_answer_types_come_from_the_label_then_the_category_then_the_answers():
    answer_type_label = _fit_module().answer_type_label
    assert answer_type_label({"type": "list", "question": "x"}) == "list"
    assert answer_type_label({"category": "who", "question": "x"}) == "person"
    assert answer_type_label({"category": "misc", "answer_any": ["March 2021"], "question": "x"}) == "date"
    assert answer_type_label({"category": "misc", "answer_any": ["55,388"], "question": "x"}) == "number"
    assert answer_type_label({"category": "unanswerable", "found": False, "question": "x"}) is None
    # a proper name asked under topic or no category is a name; a person's stays a person, a grade a grade
    assert answer_type_label({"category": "topic", "answer_any": ["Adoption Partnership South East"]}) == "name"
    assert answer_type_label({"category": "fact", "answer_any": ["Mockingbird", "the Mockingbird model"]}) == "text"
    assert answer_type_label({"category": "fact", "answer_any": ["Signs of Safety"]}) == "name"
    assert answer_type_label({"category": "who", "answer_any": ["Jeanette Richards"]}) == "person"
    assert answer_type_label({"category": "topic", "answer_any": ["Requires Improvement"]}) == "topic"
    assert answer_type_label({"category": "topic", "answer_any": ["a lack of suitable housing"]}) == "topic"
    # a list whose every item is a proper name asks for names, or people when it asks who; any other list stays one
    assert answer_type_label({"category": "list", "question": "Which two bodies inspected Bury's SEND services?",
                              "answer_all": ["Ofsted", "Care Quality Commission"]}) == "name"
    assert answer_type_label({"category": "list", "question": "Who were the interim heads of the Virtual School?",
                              "answer_all": ["Paul Tinsley", "Jen Mills"]}) == "person"
    assert answer_type_label({"category": "list", "question": "Which actions are due by June 2024?",
                              "answer_all": ["action 1.2", "action 3.4"]}) == "list"
    assert answer_type_label({"category": "list", "question": "What must improve?",
                              "answer_all": ["the quality of plans", "supervision"]}) == "list"


def test_folds_never_split_a_document():
    _folds = _fit_module()._folds
    examples = [SimpleNamespace(group=g) for g in "aaabbbbccddeeeffgh"]
    folds = _folds(examples)
    for group in set("abcdefgh"):
        holding = [f for f in folds if any(examples[i].group == group for i in f)]
        assert len(holding) == 1
    assert sorted(i for f in folds for i in f) == list(range(len(examples)))


def test_a_wrong_answer_weighs_more_than_a_decline_when_the_threshold_is_chosen():
    """(best probability, it answers, unanswerable): unanswerable questions sit at 0.3 and 0.5, among right answers at
    0.25–0.45; counted once each, the threshold answers them all; a wrong answer weighed three times, it declines them."""
    fit = _fit_module()
    points = [(0.9, True, False), (0.8, True, False), (0.45, True, False), (0.35, True, False), (0.25, True, False),
              (0.5, False, True), (0.3, False, True), (0.1, False, True)] * 5  # five of each: ties within one apart
    equal, right_equal = fit._choose_threshold(points)
    weighted, right_weighted = fit._choose_threshold(points, 3.0)
    assert equal < 0.25 and right_equal == 6 / 8
    assert 0.5 < weighted < 0.8 and right_weighted == 5 / 8
    assert fit.DECLINE_WEIGHT > 1.0


def test_checks_a_paper_cannot_meet_only_ever_lower_a_candidates_probability():
    """Monotone constraints: even when the training labels say otherwise, a reference no paper holds never raises the
    probability; an unconstrained feature with the same data does."""
    fit = _fit_module()
    rng = np.random.default_rng(1)
    examples = []
    for _ in range(60):
        rows = [{"missing_reference": float(rng.random() < 0.5), "text_cover": float(rng.random())} for _ in range(20)]
        # labels that reward both features (the opposite of what a missing reference should do)
        labels = [r["missing_reference"] + r["text_cover"] + rng.normal(0, 0.3) > 1.2 for r in rows]
        examples.append(SimpleNamespace(x=np.array([[r["missing_reference"], r["text_cover"]] for r in rows]),
                                        labels=labels, item={}))
    model = fit._fit_ranker(examples, list(range(len(examples))), ["missing_reference", "text_cover"],
                            dict(num_iterations=30, num_leaves=7, min_data_in_leaf=5))
    for cover in (0.2, 0.5, 0.9):
        without, with_missing = model.probabilities([{"missing_reference": 0.0, "text_cover": cover},
                                                     {"missing_reference": 1.0, "text_cover": cover}])
        assert with_missing <= without + 1e-9
    low, high = model.probabilities([{"missing_reference": 0.0, "text_cover": 0.1},
                                     {"missing_reference": 0.0, "text_cover": 0.95}])
    assert high > low


def test_trees_fitted_on_one_thread_are_those_two_threads_fit():
    """bench/fit_qa.py fits on one thread (two fits run side by side); the model must not change with it."""
    import lightgbm

    fit = _fit_module()
    rng = np.random.default_rng(2)
    x = rng.random((3000, 6))
    y = ((x[:, 0] + x[:, 1] * x[:, 2] + rng.normal(0, 0.2, 3000)) > 1.0).astype(int)
    names = [f"f{i}" for i in range(6)]
    trees = dict(fit.TREES, num_iterations=20, num_leaves=15)
    one = fit._fit_trees(x, y, names, trees)
    two = ranker.Model.bag([ranker.Model.from_lightgbm(names, lightgbm.train(
        {**fit._lightgbm_params(names, trees, seed), "num_threads": 2}, lightgbm.Dataset(x, y, feature_name=names)))
        for seed in range(fit.BAG)]).to_json()
    assert one == two


def test_the_bag_scores_the_mean_of_its_fits_scores():
    """Each fit of the bag draws its own share of the rows for each tree (its seed): the model is their average,
    each booster kept as LightGBM wrote it."""
    import lightgbm

    fit = _fit_module()
    rng = np.random.default_rng(4)
    x = rng.random((3000, 4))
    y = ((x[:, 0] + x[:, 1] + rng.normal(0, 0.3, 3000)) > 1.0).astype(int)
    names = [f"f{i}" for i in range(4)]
    trees = dict(fit.TREES, num_iterations=15, num_leaves=7)
    fits = [ranker.Model.from_lightgbm(names, lightgbm.train(
        dict(objective="binary", num_threads=1, verbose=-1, bagging_seed=seed, **trees), lightgbm.Dataset(x, y)))
            for seed in range(3)]
    bag = ranker.Model.bag(fits)
    rows = [dict(zip(names, row)) for row in x[:50]]
    assert bag.boosters == [b for f in fits for b in f.boosters]
    assert np.allclose(bag.raw(x[:50]), np.mean([f.raw(x[:50]) for f in fits], axis=0), atol=1e-4)
    assert not np.allclose(fits[0].probabilities(rows), fits[1].probabilities(rows))  # the seeds fit differently


def test_answerability_reads_the_best_three_candidates_as_independent_chances():
    from qa.ranker import ANSWERABILITY_TOP, answerability

    assert ANSWERABILITY_TOP == 3
    assert answerability([]) == 0.0
    assert answerability([0.5]) == pytest.approx(0.5)
    assert answerability([0.5, 0.5, 0.5, 0.9]) == pytest.approx(1 - 0.5 ** 3)  # the fourth is not read
    # three middling candidates (a broad question's) outweigh one of the same probability alone
    assert answerability([0.3, 0.3, 0.3]) > 0.6 > answerability([0.3, 0.01, 0.01])


def test_candidates_quoting_the_same_text_are_one_chance():
    """A report's line "Lead inspector: …", the graph's statement citing it and a post stated on it restate one
    another: one chance that the question is answered, not three. Lines of other paragraphs, or other lines of the
    same one, stay chances of their own."""
    from qa.candidates import Candidate
    from qa.ranker import answerability, restatement_groups

    def said(probability, *spans):
        return Candidate("sentence", "…", spans[0][0], lines=(("…", spans),), probability=probability)

    line = ("report:p1", 100, 140)
    restated = [said(0.65, line), said(0.63, ("report:p1", 100, 160)), said(0.52, ("report:p1", 150, 170))]
    assert len(set(restatement_groups(restated))) == 1  # the third overlaps the second, which overlaps the first
    assert answerability(restated) == pytest.approx(0.65)
    distinct = [said(0.65, line), said(0.63, ("report:p1", 140, 200)), said(0.52, ("report:p2", 100, 140))]
    assert answerability(distinct) == pytest.approx(1 - 0.35 * 0.37 * 0.48)
    # the fourth best is read when the second restates the first; bare probabilities are chances of their own
    assert answerability(restated[:2] + [said(0.6, ("report:p3", 0, 50)), distinct[2]]) == \
        pytest.approx(1 - 0.35 * 0.4 * 0.48)
    assert answerability([0.65, 0.63, 0.52]) == pytest.approx(1 - 0.35 * 0.37 * 0.48)
    assert answerability([0.65, 0.63, 0.52], groups=[0, 0, 1]) == pytest.approx(1 - 0.35 * 0.48)


def test_trees_see_every_answer_and_the_same_share_of_each_questions_other_candidates_in_every_fit():
    """The fit keeps each question's answers and a seeded share of its other candidates: a fold's fit and the final
    fit see the same rows of a question, whichever other questions they are fitted with."""
    fit = _fit_module()
    rng = np.random.default_rng(3)
    examples = []
    for _ in range(40):
        labels = [bool(rng.random() < 0.05) for _ in range(60)]
        labels[int(rng.integers(60))] = True  # an answerable question the trees see has an answer (``_teaches``)
        examples.append(SimpleNamespace(labels=labels, item={}, x=np.array([[float(j), float(lab)] for j, lab in
                                                                            enumerate(labels)])))
    kept = [fit._training_rows(ex.labels, i, 0.5) for i, ex in enumerate(examples)]
    answers = sum(sum(ex.labels) for ex in examples)
    others = sum(len(ex.labels) - sum(ex.labels) for ex in examples)
    assert all(j in kept[i] for i, ex in enumerate(examples) for j, lab in enumerate(ex.labels) if lab)
    share = (sum(map(len, kept)) - answers) / others
    assert 0.4 < share < 0.6
    assert fit._training_rows(examples[0].labels, 0, 1.0) == list(range(60))
    # question 7's rows are the same whether it is fitted among all questions or among the odd ones
    x_all, y_all = fit._matrix(examples, range(40), ["f", "g"], 0.5)
    x_odd, _ = fit._matrix(examples, range(1, 40, 2), ["f", "g"], 0.5)
    start_all = sum(len(k) for k in kept[:7])
    start_odd = sum(len(kept[i]) for i in range(1, 7, 2))
    n = len(kept[7])
    assert np.array_equal(x_all[start_all:start_all + n], x_odd[start_odd:start_odd + n])
    assert y_all.sum() == answers and len(y_all) == sum(map(len, kept))


def test_an_answerable_question_with_no_answer_in_its_pool_is_not_fitted_on():
    """Its candidates, all labelled wrong, would teach the trees that a question like it has no answer; an unanswerable
    question's would not mislead, and is fitted on."""
    fit = _fit_module()
    x = np.array([[0.1], [0.9]])
    missed = SimpleNamespace(item={"found": True}, labels=[False, False], x=x)
    answered = SimpleNamespace(item={"found": True}, labels=[False, True], x=x)
    unanswerable = SimpleNamespace(item={"found": False}, labels=[False, False], x=x)
    kept = fit._kept([missed, answered, unanswerable], range(3), 1.0)
    assert {i for i, _ in kept} == {1, 2}


def test_the_threshold_stays_put_when_the_probabilities_barely_move():
    """The count of questions right is flat near its best: the best single cut jumped from 0.64 to 0.53 between two
    fits that differed only in the order the answer-type classifier read its questions and its BLAS threads. The
    median of resampled best cuts moves with the data, not with the last digits."""
    fit = _fit_module()
    rng = np.random.default_rng(4)
    answerable = [(float(p), bool(rng.random() < p), False) for p in rng.beta(4, 2, 600)]
    unanswerable = [(float(p), False, True) for p in rng.beta(2, 3, 200)]
    points = answerable + unanswerable
    groups = [n // 8 for n in range(len(points))]  # eight questions to a document
    threshold, _ = fit._choose_threshold(points, fit.DECLINE_WEIGHT, groups)
    moved = []
    for seed in range(5):
        noise = np.random.default_rng(10 + seed).normal(0, 1e-3, len(points))
        nudged = [(p + e, g, u) for (p, g, u), e in zip(points, noise)]
        moved.append(abs(fit._choose_threshold(nudged, fit.DECLINE_WEIGHT, groups)[0] - threshold))
    assert max(moved) < 0.02
    # declining weighs more, so the threshold rises with the weight
    assert fit._choose_threshold(points, 1.0, groups)[0] < threshold < fit._choose_threshold(points, 3.0, groups)[0]


def test_the_fits_in_worker_processes_are_the_fits_in_this_one(monkeypatch):
    """``_fit_rankers_in_parallel`` fits each bag member as a job of its own, in spawned workers reading the rows from
    a file they map: each model is the one ``_fit_ranker`` fits here, and the file is gone when the fits are."""
    monkeypatch.syspath_prepend(str(FIT.parent))  # the spawned workers import the fit module by its name
    fit = _fit_module()
    sys.modules["fit_qa"] = fit
    monkeypatch.setattr(fit, "TREES", dict(fit.TREES, num_iterations=10, num_leaves=7))
    rng = np.random.default_rng(5)
    examples = []
    for _ in range(30):
        x = rng.random((20, 3))
        labels = list((x[:, 0] + rng.normal(0, 0.2, 20)) > 0.9)
        labels[0] = True
        examples.append(SimpleNamespace(x=x, labels=labels, item={}))
    names = ["a", "b", "c"]
    folders = set(Path(tempfile.gettempdir()).glob("fit_qa_rows_*"))
    try:
        bags = fit._fit_rankers_in_parallel(examples, [list(range(0, 30, 2)), list(range(30))], names)
        models = [ranker.Model.from_json(bag.result()) for bag in bags]
    finally:
        sys.modules.pop("fit_qa", None)
    # a fold model (every list but the last) is a bag of FOLD_BAG fits, the final model (the last) of BAG
    here = [fit._fit_ranker(examples, list(range(0, 30, 2)), names, bag=fit.FOLD_BAG),
            fit._fit_ranker(examples, list(range(30)), names)]
    assert [m.boosters for m in models] == [m.boosters for m in here]
    assert len(models[0].boosters) == fit.FOLD_BAG <= len(models[1].boosters) == fit.BAG
    assert models[1]._predictors[0].num_trees() == 10
    for future in (f for bag in bags for f in bag.futures):
        future.result()
    for _ in range(50):  # the done-callbacks run in the pool's thread
        if set(Path(tempfile.gettempdir()).glob("fit_qa_rows_*")) <= folders:
            break
        time.sleep(0.1)
    assert set(Path(tempfile.gettempdir()).glob("fit_qa_rows_*")) <= folders


def test_scoring_does_not_import_scikit_learn():
    """A cold ``councilkg ask`` loads the committed model and scores with LightGBM, whose import would bring in
    scikit-learn (1.2 s); ``ranker._lightgbm`` hides it while LightGBM loads, and only then: the same process can
    still import scikit-learn and pandas afterwards."""
    import subprocess

    script = (
        "import sys, numpy as np\n"
        "from qa import ranker\n"
        "model = ranker.load()\n"
        "raw = model.raw(np.zeros((2, len(model.features))))\n"
        "assert raw.shape == (2,) and np.isfinite(raw).all()\n"
        "assert 'lightgbm' in sys.modules and 'sklearn' not in sys.modules and 'pandas' not in sys.modules\n"
        "import sklearn.base, pandas\n"
        "print('ok')\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def test_a_topic_question_is_answered_by_every_sentence_of_its_source_on_the_topic(engine):
    """"What did Ofsted say about strategy meetings?" is answered by each of the 2021 report's sentences on strategy
    meetings (the thesaurus concept: "strategy discussions" too), not only the one its writer quoted; a sentence
    elsewhere, or without the concept, is not."""
    from embed.hybrid import Filters
    from qa.ask import pool
    from qa.question import read

    fit = _fit_module()
    item = {"question": "What did Ofsted say about strategy meetings in 2021?", "category": "ofsted-said",
            "evidence": ["Strategy meetings do not always identify the necessary actions"],
            "answer_any": ["do not always identify"], "answer_all": [], "found": True}
    q = read(engine, item["question"])
    _retrieved, candidates = pool(engine, q, Filters())
    quoted = [fit._positive(engine, c, item) for c in candidates]
    labels = fit._topic_labels(engine, q, item, candidates, quoted)
    added = [c for c, before, after in zip(candidates, quoted, labels) if after and not before]
    parts = {engine.paragraph(c.paragraph_id).part_id for c, label in zip(candidates, quoted) if label}
    assert any(quoted) and added
    assert any(c.text.startswith("Strategy meetings are appropriately triggered") for c in added)
    for c in added:
        assert c.kind == "sentence" and engine.paragraph(c.paragraph_id).part_id in parts
        assert any(k.endswith("/strategy-meeting") for k in engine.text_concepts(c.text))
    # a quote in other words than the question's marks nothing more
    elsewhere = {**item, "evidence": ["do not always identify the necessary actions"]}
    assert fit._topic_labels(engine, q, elsewhere, candidates, quoted) == quoted
    # nor does a question whose words name no topic: "find" is not one
    broad = {**item, "question": "What did the 2021 Ofsted inspection find?",
             "evidence": ["The timely recognition and response to risk at the front door."]}
    q = read(engine, broad["question"])
    _retrieved, candidates = pool(engine, q, Filters())
    quoted = [fit._positive(engine, c, broad) for c in candidates]
    assert fit._topic_labels(engine, q, broad, candidates, quoted) == quoted


def test_word_absences_are_counted_from_the_evidence_of_the_questions_in_the_fold_only():
    """The table ``telling_absent`` reads counts, per topic word, the answerable questions asking it and those whose
    evidence lacks it; a fold's table leaves that fold's questions out, as its adapter does."""
    word_absence = _fit_module().word_absence
    asked = [(frozenset({"deputi", "inspector"}), frozenset()),      # "Deputy lead inspector: …" holds both
             (frozenset({"mani", "carer"}), frozenset({"mani"})),    # "160 foster carers …" never says "many"
             None,                                                   # an unanswerable question: nothing to lack
             (frozenset({"mani", "visit"}), frozenset({"mani"}))]
    table = word_absence(asked, range(4))
    assert table["counts"] == {"carer": [0, 1], "deputi": [0, 1], "inspector": [0, 1], "mani": [2, 2], "visit": [0, 1]}
    assert table["prior"] == round(2 / 6, 4)
    assert word_absence(asked, [0, 2])["counts"] == {"deputi": [0, 1], "inspector": [0, 1]}


def test_the_committed_model_carries_the_word_absences_it_was_fitted_with():
    table = ranker.load().word_absence
    assert table and 0.0 < table["prior"] < 1.0 and len(table["counts"]) > 500
    assert all(0 <= absent <= asked for absent, asked in table["counts"].values())
