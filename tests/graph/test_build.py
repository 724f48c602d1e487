"""The whole build: saved atomically, reloaded by cache key, valid against both shape sets, two stores agree."""
from __future__ import annotations

import pytest

from councilkg.errors import BuildError
from councilkg.settings import get_settings


@pytest.fixture(scope="module")
def built(real_build):
    """The session's one real build (tests/conftest.py): its graph and the settings it was written with."""
    return real_build.graph, real_build.settings


@pytest.mark.slow
def test_build_writes_trig_and_nquads_and_validates(built):
    import graph
    from graph.validate import validate

    kg, settings = built
    folder = graph.graph_dir(settings)
    assert (folder / "graph.trig").stat().st_size > 0 and (folder / "graph.nq").stat().st_size > 0
    result = validate(kg)
    assert result.conforms, result.domain_report[:2000] + result.provenance_report[:2000]


@pytest.mark.slow
def test_unchanged_corpus_reloads_and_stores_agree(built, real_corpus):
    import graph

    kg, settings = built
    again = graph.build(real_corpus, settings)
    assert len(again) == len(kg)
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?m a kg:Meeting ; kg:chair ?p }"
    memory = graph.load(settings).query(query)
    oxigraph = graph.load(get_settings(build_dir=settings.build_dir, store="oxigraph")).query(query)
    assert memory == oxigraph and int(memory[0]["n"]) >= 4


def test_load_without_build_is_a_build_error(tmp_path):
    import graph

    with pytest.raises(BuildError):
        graph.load(get_settings(build_dir=tmp_path))


def test_networkx_projection_links_people_to_meetings(civic_kg):
    from graph.iris import iri

    projection = civic_kg.networkx()
    meeting = iri.meeting("bury-children-and-young-people-scrutiny-committee", "2022-03-23")
    assert projection.out_degree(meeting) >= 10
