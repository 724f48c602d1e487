"""What bench/fit_qa.py may fit on: every labelled set, a sealed one only once it is spent (scored in its round)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np

FIT = Path(__file__).resolve().parents[2] / "bench" / "fit_qa.py"


def _load(monkeypatch, name):
    """bench/fit_qa.py as a module of its own, registered under ``name`` (a forked worker's function is pickled by its
    module's name)."""
    spec = importlib.util.spec_from_file_location(name, FIT)
    fit = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, fit)
    spec.loader.exec_module(fit)
    return fit


def test_an_unscored_sealed_set_of_any_round_is_never_among_the_fitting_sets(tmp_path, monkeypatch):
    fit = _load(monkeypatch, "fit_qa_sets")
    for folder in ("sealed", "sealed2", "sealed99", "unseen9"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "manifest.json").write_text("[]")
        (tmp_path / folder / f"qa_{folder}.jsonl").write_text("")
    (tmp_path / "qa_blind9.jsonl").write_text("")
    monkeypatch.setattr(fit, "DATA", tmp_path)
    monkeypatch.setattr(fit, "SHARED_DEV", tmp_path / "absent.jsonl")
    monkeypatch.setattr(fit, "SPENT_SEALED", ("sealed2",))
    names = sorted(name for name, _path, _manifest in fit.question_sets())
    assert names == ["qa_blind9", "sealed2", "unseen9"]


def test_the_spent_sealed_sets_are_the_scored_rounds_and_the_newest_is_not_one(monkeypatch):
    """Every spent round is a folder (a typo would silently drop a set from the fit), and the highest round stays
    unscored: its questions are read once, when it is scored, and fitted on only after."""
    fit = _load(monkeypatch, "fit_qa_spent")
    rounds = {f.name: int(f.name.removeprefix("sealed") or 1) for f in fit.DATA.glob("sealed*") if f.is_dir()}
    assert set(fit.SPENT_SEALED) <= set(rounds)
    assert max(rounds, key=rounds.get) not in fit.SPENT_SEALED
    # the sets measured on instead of fitted on are spent rounds: an unscored round is never read by a fit or a curve
    assert fit.SEALED_MEASURED <= set(fit.SPENT_SEALED)


class _Encoder:
    """An engine that encodes a text to (its length, its first letter's code): enough to tell questions apart."""

    def __init__(self, offset: int = 0):
        self.remembered = {}
        self.offset = offset  # another encoder's vectors differ by it

    def question_vector(self, text):
        return np.array([len(text) + self.offset, ord(text[0])], dtype=np.float32)

    def remember_question_vector(self, text, vector):
        self.remembered[text] = vector


def _fit_module(monkeypatch, tmp_path, name):
    """bench/fit_qa.py storing question vectors in ``tmp_path``, made by a fake encoder."""
    fit = _load(monkeypatch, name)
    monkeypatch.setattr(fit, "VECTORS", tmp_path / "vectors.npz")
    monkeypatch.setattr(fit, "_encoder_name", lambda examples: "fake encoder")
    return fit


def test_questions_are_encoded_in_workers_in_order_and_handed_to_their_engine(monkeypatch, tmp_path):
    """The fit encodes its questions in forked workers; each vector must come back to its own question (a shuffle
    would pair questions with other questions' vectors, and nothing downstream would notice), and reading a
    question hands its engine that vector, as ``ask`` would have encoded it (whitespace normalised)."""
    fit = _fit_module(monkeypatch, tmp_path, "fit_qa_encode")
    engine = _Encoder()
    questions = [f"{chr(65 + i % 26)}{'x' * i}  question {i}?" for i in range(37)]
    examples = [fit.Example("set", {"question": q}, engine) for q in questions]
    fit._encode_questions(examples)
    for q, ex in zip(questions, examples):
        text = " ".join(q.split())
        assert ex.text == text and list(ex.vector) == [len(text), ord(text[0])]
    fit._with_vector(examples[5])
    assert list(engine.remembered) == [examples[5].text]


def test_a_refit_encodes_only_the_questions_it_has_not_stored(monkeypatch, tmp_path):
    """Stored vectors are read back for the questions seen before (the same vectors), new questions are encoded and
    stored too, and vectors another encoder made are never read."""
    fit = _fit_module(monkeypatch, tmp_path, "fit_qa_store")
    first = [f"{chr(65 + i)} question {i}?" for i in range(10)]
    fit._encode_questions([fit.Example("set", {"question": q}, _Encoder()) for q in first])
    later = _Encoder(offset=1000)  # what it encodes is told apart from what was stored
    examples = [fit.Example("set", {"question": q}, later) for q in first[:6] + ["Z a new question?"]]
    fit._encode_questions(examples)
    assert [ex.vector[0] - len(ex.text) for ex in examples] == [0] * 6 + [1000]
    assert set(fit._stored_vectors("fake encoder")) == set(first) | {"Z a new question?"}
    assert fit._stored_vectors("another encoder") == {}


def test_the_learning_curve_reads_the_answerable_answered_right_at_each_share_declined(monkeypatch):
    fit = _load(monkeypatch, "fit_qa_curve")
    # (answerability, best candidate answers, unanswerable): ten near-misses at 0.0 … 0.9, four answerable questions
    points = [(k / 10, False, True) for k in range(10)]
    points += [(0.95, True, False), (0.85, True, False), (0.5, True, False), (0.99, False, False)]
    read = fit.answered_at_declined(points, (0.5, 0.9, 0.95))
    # declining half cuts at 0.5 (three right above it), nine in ten at 0.9 (one), and at 0.95 still at 0.9
    assert read == {"0.5": 0.75, "0.9": 0.25, "0.95": 0.25}


def test_each_questions_features_are_put_in_the_fits_names_with_zeros_for_what_it_lacks(monkeypatch):
    fit_qa = _load(monkeypatch, "fit_qa_align")
    a, b = fit_qa.Example("s", {"question": "a?"}, None), fit_qa.Example("s", {"question": "b?"}, None)
    a.names, a.x = ("dense", "text_cover"), np.array([[0.5, 0.25], [0.1, 0.0]])
    b.names, b.x = ("bm25", "dense"), np.array([[0.75, 0.3]])
    a.labels, b.labels = [False, True], [False]
    names = fit_qa._align([a, b])
    assert names == ["bm25", "dense", "text_cover"]
    assert a.x.tolist() == [[0.0, 0.5, 0.25], [0.0, 0.1, 0.0]] and b.x.tolist() == [[0.75, 0.3, 0.0]]
    x, y = fit_qa._matrix_of([a, b], [(0, 1), (1, 0)], names)
    assert x.tolist() == [[0.0, 0.1, 0.0], [0.75, 0.3, 0.0]] and y.tolist() == [1, 0]


def test_the_units_holding_a_questions_evidence_are_those_testing_each_unit_finds(monkeypatch):
    fit_qa = _load(monkeypatch, "fit_qa_texts")
    rng = np.random.default_rng(0)
    for _ in range(200):
        texts = ["".join(rng.choice(list("abc "), rng.integers(0, 12))) for _ in range(rng.integers(0, 8))]
        strings = ["".join(rng.choice(list("abc "), rng.integers(1, 4))) for _ in range(rng.integers(1, 3))]
        plain = [u for u, t in enumerate(texts) if any(s in t for s in strings)]
        assert fit_qa._Texts(texts).holding(strings) == plain, (texts, strings)
    texts = fit_qa._Texts(["abc", "bcd", "", "xbcx bc"])
    assert texts.holding(["bc"]) == [0, 1, 3]            # a text holding it twice is listed once
    assert texts.holding(["c\x00b"]) == []               # never across two texts
    assert texts.holding([""]) == [0, 1, 2, 3]           # as ``"" in text``: every text
    assert fit_qa._Texts([]).holding(["a"]) == []


def test_a_questions_feature_rows_become_a_matrix_in_sorted_names_with_zeros_for_what_a_row_lacks(monkeypatch):
    fit_qa = _load(monkeypatch, "fit_qa_rows")
    names, x = fit_qa._rows_matrix([{"dense": 0.5, "bm25": True}, {"bm25": 0, "dense": 0.25}])
    assert names == ("bm25", "dense") and x.tolist() == [[1.0, 0.5], [0.0, 0.25]]
    names, x = fit_qa._rows_matrix([{"dense": 0.5}, {"bm25": 2}])
    assert names == ("bm25", "dense") and x.tolist() == [[0.0, 0.5], [2.0, 0.0]]
    names, x = fit_qa._rows_matrix([{"dense": 0.5}])
    assert names == ("dense",) and x.tolist() == [[0.5]]
    assert fit_qa._rows_matrix([])[1].shape == (0, 0)


_REMEMBERED = {}  # what a kept worker remembers between two stages (its own copy, forked)


def _remember(share, _):
    shared = sys.modules["fit_qa_workers"]._SHARED
    _REMEMBERED.update((i, shared[i] * 2) for i in share)
    return list(share)


def _recall(share, payload):
    return [(_REMEMBERED.get(i), payload) for i in share]


def test_forked_workers_read_what_was_shared_at_the_fork_and_kept_ones_remember_it_for_the_next_stage(monkeypatch):
    fit_qa = _load(monkeypatch, "fit_qa_workers")
    shared = [10, 20, 30, 40, 50]
    assert fit_qa._in_forked_workers(_remember, 5, shared, shares_each=2) == [0, 1, 2, 3, 4]
    assert fit_qa._SHARED is None and _REMEMBERED == {}  # the workers' memories are theirs, not this process's
    workers = fit_qa._Workers(shared, workers=1)
    try:
        assert fit_qa._SHARED is None
        assert workers.map(_remember, 5, shares_each=3) == [0, 1, 2, 3, 4]
        assert workers.map(_recall, 5, payload="fold models") == [(v * 2, "fold models") for v in shared]
        assert workers.map(_recall, 0) == []
    finally:
        workers.close()


def _recall_keys(share, keys):
    return [_REMEMBERED.get(keys[n]) for n in share]


def test_a_held_item_goes_back_to_the_worker_that_read_it(monkeypatch):
    """The held-out asks reuse the pool a worker kept when it read the question's features: each ask must reach
    that worker, whichever worker came free first when the features were dealt."""
    fit_qa = _load(monkeypatch, "fit_qa_workers")
    shared = [10, 20, 30, 40, 50, 60]
    workers = fit_qa._Workers(shared, workers=2)
    try:
        assert workers.map(_remember, 6, shares_each=3) == list(range(6))
        assert set(workers.holder) == set(range(6)) and set(workers.holder.values()) <= {0, 1}
        keys = [5, 0, 3, 3, 1]
        assert workers.map_held(_recall_keys, keys, shares_each=2, payload=keys) == [120, 20, 80, 80, 40]
    finally:
        workers.close()


def test_a_held_out_ask_reads_the_kept_pool_only_for_the_same_search(monkeypatch):
    """``_pool_kept`` hands an ask the pool its question's features were read from only when the ask searches the
    same question with the same filters and depth; any other search is made afresh, and the real search is back after."""
    from types import SimpleNamespace

    fit_qa = _load(monkeypatch, "fit_qa_pool")
    searched = []
    module = SimpleNamespace(pool=lambda engine, q, hard, k=5: searched.append((q.text, hard, k)) or ("fresh", k))
    real = module.pool
    q = SimpleNamespace(text="Who chairs the Cabinet?")
    with fit_qa._pool_kept(module, (q.text, "no filters", ["retrieved"], ["candidates"])):
        assert module.pool(None, q, "no filters") == (["retrieved"], ["candidates"])
        assert module.pool(None, q, "inspection reports only") == ("fresh", 5)
        assert module.pool(None, q, "no filters", 10) == ("fresh", 10)
        assert module.pool(None, SimpleNamespace(text="Who chairs the board?"), "no filters") == ("fresh", 5)
    assert module.pool is real and len(searched) == 3
    with fit_qa._pool_kept(module, None):  # a question whose features another worker read: searched as ever
        assert module.pool(None, q, "no filters") == ("fresh", 5)


class _Scores:
    """A stand-in model whose raw score of a candidate is its first feature."""

    def raw(self, x):
        return x[:, 0]


def test_each_folds_points_come_from_a_model_fitted_without_that_fold_in_workers(monkeypatch):
    fit_qa = _load(monkeypatch, "fit_qa_oof")
    examples = []
    for n in range(6):
        ex = fit_qa.Example("s", {"question": f"q{n}?", "found": n != 5}, None)
        ex.x, ex.labels = np.array([[n - 2.0], [-5.0]]), [n % 2 == 0, False]
        examples.append(ex)
    folds = [[0, 3], [1, 4], [2, 5]]
    seen = []

    def fit_fold(train):
        seen.append(train)  # in a worker: this process's list stays empty
        assert len(train) == 4 and sum(fold[0] in train for fold in folds) == 2  # two folds, never the third
        return _Scores()

    points = fit_qa._out_of_fold(examples, folds, fit_fold)
    assert sorted(points) == list(range(6)) and seen == []
    assert [points[i][1:] for i in range(6)] == [(True, False), (False, False), (True, False), (False, False),
                                                 (True, False), (False, True)]
    verdicts = fit_qa._verdicts(examples, points, threshold=points[2][0])
    assert verdicts["declined"] == 0.0 and verdicts["right"] == 0.4  # questions 2 and 4 answer right, at or above 2's
    twins = [fit_qa.Example(fit_qa.NEAR_MISS_SET, {"question": "q?", "found": False}, None)]
    assert fit_qa._verdicts(examples + twins, {**points, 6: (0.0, False, True)}, points[2][0]) == verdicts


def test_a_reference_twin_asks_of_a_chapter_no_paper_holds(monkeypatch, engine):
    """The fit's reference twins: the question's plan reference moved to a chapter the corpus has none of, so the
    question reader's missing-reference check fires on the twin and not on the question; none without a reference."""
    from qa.question import read

    fit = _load(monkeypatch, "fit_qa_reference_twins")
    question = fit.Example("s", {"question": "Which paragraph is priority 1.10 based on?", "found": True}, engine)
    twin, = fit._missing_references(question, 1)
    assert twin == "Which paragraph is priority 19.10 based on?"
    assert read(engine, twin).missing_references == ("19.10",) and not read(engine, question.text).missing_references
    # the 2024 SEND plan runs to chapter 9 ("9.1a"): its twin's chapter is past it
    action = fit.Example("s", {"question": "When is action 6.1a of the SEND plan due?", "found": True}, engine)
    assert fit._missing_references(action, 1) == ["When is action 19.1a of the SEND plan due?"]
    assert fit._missing_references(fit.Example("s", {"question": "Who chairs the panel?"}, engine), 3) == []
    # a question naming a reference gives several twins, each of another chapter, each firing the check
    twins = fit._missing_references(action, fit.REFERENCE_TWINS)
    assert twins[:2] == ["When is action 19.1a of the SEND plan due?", "When is action 18.1a of the SEND plan due?"]
    assert len(set(twins)) == fit.REFERENCE_TWINS > 1 and all(read(engine, t).missing_references for t in twins)


def test_the_answer_type_labels_are_of_training_questions_only(monkeypatch):
    """The labelled types of unanswerable questions (``TYPE_LABELS``) and of answerable ones read as text or a topic
    (``ANSWERABLE_TYPE_LABELS``) teach the type classifier: each must be a valid type of a question, answerable or
    not as its file says, that the fit trains on (``question_sets``, which never reads the unscored sealed round, less
    the sets it is measured on: ``HELD_OUT``, ``SEALED_MEASURED``), and the classifier learns the label."""
    import json

    fit = _load(monkeypatch, "fit_qa_type_labels")
    labels, answerable = fit.labelled_types(), fit.labelled_types(True)
    assert labels, f"no labels read from {fit.TYPE_LABELS}"
    assert answerable, f"no labels read from {fit.ANSWERABLE_TYPE_LABELS}"
    assert set(labels.values()) | set(answerable.values()) <= set(fit.TYPES)
    training = set()
    for name, path, _manifest in fit.question_sets():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                if name not in fit.HELD_OUT | fit.SEALED_MEASURED:
                    training.add((" ".join(item["question"].split()), item.get("found", True)))
    # a question a measured set words as a training set does (writers over the same papers met 119 times) is fitted on
    # already, through its training copy; a question only a measured set holds is never labelled
    assert {(q, False) for q in labels} <= training
    assert {(q, True) for q in answerable} <= training
    question = next(iter(labels))
    assert fit.answer_type_label({"question": f" {question} ", "found": False}) == labels[question]
    assert fit.answer_type_label({"question": "Which firm is this?", "found": False}) is None
    # the classifier learns an answerable question's label before its category's type; its positives keep the category's
    question = next(q for q, t in answerable.items() if t != "topic")
    item = {"question": question, "category": "topic"}
    assert fit.asked_type(item) == answerable[question] and fit.answer_type_label(item) == "topic"
    assert fit.asked_type({"question": "Which firm is this?", "category": "topic"}) == "topic"


def test_a_worker_held_to_one_blas_thread_holds_scipys_own_blas_to_it_too():
    """In a fresh interpreter, as a forked worker starts before scikit-learn is imported: a limit set before scipy's
    BLAS was loaded left it two threads a worker (the answer types' eleven fits took 42 s, not 8)."""
    import subprocess

    code = ("import sys; sys.path.insert(0, 'bench'); import fit_qa\n"
            "assert 'scipy' not in sys.modules\n"
            "from threadpoolctl import threadpool_info\n"
            "with fit_qa._one_blas_thread():\n"
            "    blas = [i for i in threadpool_info() if i['user_api'] == 'blas']\n"
            "    print(len(blas), sorted({i['num_threads'] for i in blas}))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=FIT.parents[1], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[-2] == "2 [1]"  # numpy's BLAS and scipy's, each on one thread


def test_the_adapters_inputs_drop_values_too_small_to_count_and_keep_every_other_one(monkeypatch):
    fit_qa = _load(monkeypatch, "fit_qa_flushed")
    vectors = np.array([[0.5, 1e-32, -2e-33, 1e-19], [-0.25, 0.0, 3e-21, 1.0]], dtype=np.float32)
    flushed = fit_qa._flushed(vectors)
    assert flushed.dtype == np.float32
    assert flushed.tolist() == [[0.5, 0.0, 0.0, float(np.float32(1e-19))], [-0.25, 0.0, 0.0, 1.0]]
    # as terms of a sum of ordinary values they changed nothing: scores with and without them are the same floats
    rng = np.random.default_rng(0)
    rows = rng.normal(size=(50, 384)).astype(np.float32)
    rows[:, [127, 223]] = rng.normal(scale=1e-32, size=(50, 2))
    questions = rng.normal(size=(20, 384)).astype(np.float32)
    questions[:, [127, 223]] = rng.normal(scale=1e-32, size=(20, 2))
    assert (fit_qa._flushed(questions) @ fit_qa._flushed(rows).T == questions @ rows.T).all()
