"""Several authorities' papers in one graph: a trace names whose finding it means; gaps per authority."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

import qa
from councilkg.errors import QueryError

pytestmark = pytest.mark.slow
DATA = Path(__file__).resolve().parents[1] / "data"
REPORTS = [DATA / "unseen" / "2025-04-25_ashdown_ofsted-ilacs-inspection-report.txt",
           DATA / "unseen3" / "2025-11-28_calderwick_ofsted-ilacs-inspection-report.txt"]


@pytest.fixture(scope="module")
def two_councils(real_corpus):
    """The real corpus plus two other councils' ILACS reports of the same year (graph only: traces need no index)."""
    import corpus
    import graph
    from corpus.records import Corpus
    from qa.engine import Engine

    docs = tuple(real_corpus.documents) + tuple(corpus.load_document(p) for p in REPORTS)
    both = Corpus(documents=docs, content_hash="two-councils")
    return Engine(both, SimpleNamespace(), graph.from_corpus(both))


def test_a_reference_two_authorities_share_is_asked_back_naming_them(two_councils):
    with pytest.raises(QueryError) as caught:
        qa.trace("ILACS 2025 para 3", engine=two_councils)
    assert "2 authorities" in str(caught.value) and "Ashdown" in str(caught.value) and "Calderwick" in str(caught.value)
    start = qa.trace("Calderwick ILACS 2025 para 3", engine=two_councils).nodes[0]
    assert start.kind == "finding" and "Calderwick" in start.label
    assert qa.trace("ILACS 2021 para 17", engine=two_councils).nodes[0].label.startswith("ILACS 2021 (Bury)")


def test_gaps_of_one_authority(two_councils):
    every = qa.gaps(engine=two_councils)
    mine = qa.gaps(engine=two_councils, authority="Ashdown")
    assert mine and len(mine) < len(every) and all("Ashdown" in g.inspection for g in mine)
