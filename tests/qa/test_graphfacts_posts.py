"""qa.graphfacts' post statements on a synthetic report: a post holder named in an inspection report belongs to the
report's period by either of its paper's days, the inspection's last and the publication's."""
from __future__ import annotations

import pytest

from qa import graphfacts
from qa.question import read
from tests.qa.conftest import SYNTHETIC, engine_over


@pytest.fixture(scope="module")
def late_report(tmp_path_factory):
    """Greyford's 2023 report (inspected 6 to 17 November 2023) published the January after, as Ofsted's reports of a
    November inspection often are: its team is seen on 17 November 2023, its paper published on 20 January 2024."""
    return engine_over(tmp_path_factory.mktemp("late_report"), [
        {"file": SYNTHETIC / "ofsted_greyford_ilacs_2023.txt", "title": "Ofsted ILACS report: Greyford 2023",
         "date": "2024-01-20", "kind": "inspection_report", "publisher": "Ofsted"}])


def _posts(engine, question: str) -> list[str]:
    return [c.text for c in graphfacts.statements(engine, read(engine, question)) if c.kind == "post"]


def test_a_report_team_is_stated_for_the_year_the_report_was_published(late_report):
    published = _posts(late_report, "Who was the lead inspector of the Greyford report published in January 2024?")
    assert any(t.startswith("Ruth Adeyemi: Lead Inspector") for t in published), published
    inspected = _posts(late_report, "Who was the lead inspector when Ofsted inspected Greyford in November 2023?")
    assert any(t.startswith("Ruth Adeyemi: Lead Inspector") for t in inspected), inspected


def test_a_post_holder_of_another_period_is_not_stated(late_report):
    assert _posts(late_report, "Who was the lead inspector of the Greyford report of March 2019?") == []
