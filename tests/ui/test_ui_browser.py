"""A real browser (Debian chromium, headless) loads the page, asks, and opens a citation."""
from __future__ import annotations

import pytest

from pathlib import Path

from ui_views import browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.server,
              pytest.mark.skipif(not browser.available(), reason="Debian chromium is not installed (make browser-deps)")]


def test_ask_in_the_browser_renders_answer_and_opens_a_citation(live_app):
    ARTIFACTS.mkdir(exist_ok=True)
    with browser.page() as pg:
        browser.ask_and_open_citation(pg, live_app, "What did Ofsted say about strategy meetings in 2021?")
        answer = pg.locator("#ask-answer .ckg-answer-text")
        assert answer.inner_text().strip()
        citation = pg.locator("#ask-answer details.ckg-citation").first
        assert citation.get_attribute("open") is not None
        assert citation.locator("mark").first.is_visible()
        assert "[1]" in citation.locator("summary").inner_text()
        pg.screenshot(path=str(ARTIFACTS / "ui-ask.png"), full_page=True)
        # Every tab renders without an error toast
        for name in ("Trace", "Explore", "Provenance", "SPARQL", "Documents"):
            pg.get_by_role("tab", name=name).click()
        pg.locator("#docs-table").wait_for()
        assert pg.locator(".toast-body.error").count() == 0
