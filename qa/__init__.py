"""The answer layer: ``ask`` (cited answers), ``trace`` (finding → priority → action chains), ``gaps``.

    answer = qa.ask("Who chairs the Improvement Board?")
    print(answer.answer); answer.to_json()          # the `councilkg ask --json` contract
    qa.trace("ILACS 2021 para 17").to_json()
"""
from qa.ask import ask
from qa.engine import Engine, clear_engines, get_engine
from qa.records import Answer, Citation, GapItem, GraphFact, Trace, TraceEdge, TraceNode


def trace(ref: str, *, engine=None) -> Trace:
    """The chain from a finding, recommendation, priority, action or paragraph id to what addresses it."""
    from qa.traces import trace as _trace

    return _trace(ref, engine=engine)


def gaps(*, engine=None, authority: str | None = None) -> list[GapItem]:
    """Findings and recommendations with no linked priority or action (one authority's, when named)."""
    from qa.traces import gaps as _gaps

    return _gaps(engine=engine, authority_name=authority)


__all__ = ["ask", "trace", "gaps", "get_engine", "clear_engines", "Engine", "Answer", "Citation", "GraphFact",
           "Trace", "TraceNode", "TraceEdge", "GapItem"]
