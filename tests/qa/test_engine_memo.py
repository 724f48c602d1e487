"""The engine's memos: what a question's features and statements cost is paid once per text, fact or judgement."""
from qa import engine as engine_module
from qa.engine import Engine


def _bare_engine() -> Engine:
    e = Engine.__new__(Engine)  # only the memo tables: no corpus needed to test them
    e._memo = {}
    return e


def test_a_remembered_none_is_not_computed_again():
    # a judgement no paragraph cites has no statement (None); every question reaching it read the graph again
    e, calls = _bare_engine(), []
    for _ in range(3):
        assert e.remembered("judgement_statements", "j1", lambda: calls.append(1)) is None
    assert calls == [1]


def test_a_remembered_value_is_computed_once_per_key():
    e, calls = _bare_engine(), []
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert [e.remembered("texts", k, compute) for k in ("a", "b", "a")] == [1, 2, 1]


def test_a_memo_is_emptied_past_its_limit(monkeypatch):
    monkeypatch.setattr(engine_module, "MEMO_LIMIT", 2)
    e = _bare_engine()
    for k in range(4):
        e.remembered("texts", k, lambda: "x")
    assert len(e._memo["texts"]) <= 3
