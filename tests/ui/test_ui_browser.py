"""A real browser (Debian chromium, headless) on the real build: each councillor-facing behaviour of the UI."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from ui_views import browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WAIT = 60_000
QUESTION = "What did Ofsted say about strategy meetings in 2021?"
SHORT_LABEL = re.compile(r"^[A-Z][\w'’&() -]{1,60}, (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}:$")

pytestmark = [pytest.mark.browser, pytest.mark.server,
              pytest.mark.skipif(not browser.available(), reason="Debian chromium is not installed (make browser-deps)")]


@pytest.fixture(scope="module")
def page(live_app):
    ARTIFACTS.mkdir(exist_ok=True)
    with browser.page() as pg:
        pg.goto(live_app, wait_until="domcontentloaded")
        pg.locator("#ask-question textarea").wait_for(timeout=WAIT)
        yield pg


def _tab(pg, name: str) -> None:
    pg.get_by_role("tab", name=name, exact=True).click()


def _ask(pg, question: str) -> None:
    """Ask and wait until the previous answer is replaced by this one (the old one is marked stale first;
    an answer identical to the one shown would not be re-rendered, so tests ask different questions)."""
    _tab(pg, "Ask")
    pg.locator("#ask-question textarea").fill(question)
    pg.evaluate("() => document.querySelectorAll('#ask-answer *').forEach(e => e.setAttribute('data-stale', '1'))")
    pg.locator("#ask-submit").click()
    pg.locator("#ask-answer .ckg-answer:not([data-stale])").wait_for(timeout=WAIT)
    pg.wait_for_timeout(300)


def _in_viewport(pg, selector: str) -> bool:
    return pg.evaluate("""s => { const r = document.querySelector(s).getBoundingClientRect();
                                 return r.bottom > 0 && r.top < window.innerHeight; }""", selector)


def _visible_text(pg, selector: str) -> str:
    """Text a reader sees in ``selector``: closed folds (<details>) show only their summary."""
    return pg.evaluate("""s => { const root = document.querySelector(s).cloneNode(true);
        root.querySelectorAll('details:not([open])').forEach(d => {
            Array.from(d.children).forEach(c => { if (c.tagName !== 'SUMMARY') c.remove(); }); });
        return root.innerText; }""", selector)


def test_a_citation_marker_opens_and_scrolls_to_its_source_card(page):
    _ask(page, QUESTION)
    page.evaluate("window.scrollTo(0, 0)")
    marker = page.locator("#ask-answer a.ckg-ref").last
    n = marker.inner_text().strip("[]")
    card = f"#ckg-cite-{n}"
    assert page.locator(card).get_attribute("open") is None
    marker.click()
    page.wait_for_function("s => document.querySelector(s).open", arg=card, timeout=5_000)
    page.wait_for_timeout(300)
    assert _in_viewport(page, card)
    assert page.locator(f"{card} mark").first.is_visible()
    page.screenshot(path=str(ARTIFACTS / "ui-ask.png"), full_page=True)


def test_answer_sentences_lead_with_a_short_source_label_and_the_card_holds_the_full_title(page):
    _ask(page, "What did Ofsted say about care leavers?")
    labels = [t.strip() for t in page.locator("#ask-answer .ckg-answer-text .ckg-src").all_inner_texts()]
    assert labels and all(SHORT_LABEL.match(t) and len(t) < 70 for t in labels), labels
    card = page.locator("#ask-answer details.ckg-citation").first
    card.locator(":scope > summary").click()
    title = card.locator(".ckg-title").inner_text()
    assert len(title) > len(labels[0]) and "—" in title or "Inspection" in title


def test_acronyms_expand_on_hover(page):
    # The answer quotes "(MASH)": the test is of the rendering, so the question spells the hub out (how
    # the ranker treats a bare acronym in a question is QA's, measured by its eval sets). A brief quotes other
    # acronyms too (LSCB), so the hub's is looked for among them
    _ask(page, "What did Ofsted say about the multi-agency safeguarding hub?")
    abbrs = page.locator("#ask-answer .ckg-answer-text abbr.ckg-abbr")
    abbrs.first.wait_for(timeout=WAIT)
    abbr = abbrs.filter(has_text="MASH").first
    assert abbr.inner_text() == "MASH" and "safeguarding hub" in abbr.get_attribute("title").lower()
    abbr.hover()  # the browser shows the title as the hover text


def test_a_not_found_answer_reads_cleanly(page):
    _ask(page, "What did the committee decide about the moon landing budget in 1969?")
    text = page.locator("#ask-answer .ckg-answer").inner_text()
    if page.locator("#ask-answer .ckg-notfound").count():
        assert "Not found" not in text and text.count("No answer found") == 1


def test_read_in_the_document_opens_the_whole_document_at_the_cited_paragraph(page):
    _ask(page, QUESTION)
    card = page.locator("#ask-answer details.ckg-citation").first
    if card.get_attribute("open") is None:
        card.locator(":scope > summary").click()
    pid = card.get_attribute("data-paragraph")
    card.locator("a.ckg-read").click()
    anchor = f'[id="para-{pid}"]'
    page.locator(f"#reader-doc {anchor}").wait_for(timeout=WAIT)
    page.wait_for_timeout(500)
    assert page.get_by_role("tab", name="Read", exact=True).get_attribute("aria-selected") == "true"
    assert _in_viewport(page, f"#reader-doc {anchor}")
    paragraphs = page.locator("#reader-doc [id^='para-']").count()
    assert paragraphs > 100  # the whole document, not one paragraph
    page.screenshot(path=str(ARTIFACTS / "ui-read.png"))


def test_trace_shows_labels_links_in_words_and_folds_identifiers(page):
    _tab(page, "Trace")
    page.locator("#trace-ref input").fill("ILACS 2021 para 13")
    page.locator("#trace-submit").click()
    page.locator("#trace-list .ckg-trace").wait_for(timeout=WAIT)
    seen = _visible_text(page, "#trace-list")
    assert "2.9 Support for Children" in seen and "Theme 2, row 11" in seen
    assert "https://" not in seen and "2.11" not in re.sub(r"row 11", "", seen)
    assert "matched by wording to" in seen and "stated in the papers" in seen
    page.locator("#trace-ref input").fill("1.11")
    page.locator("#trace-submit").click()
    page.get_by_text("Unresolved reference: “Para XX”").wait_for(timeout=WAIT)
    page.screenshot(path=str(ARTIFACTS / "ui-trace.png"), full_page=True)


def test_gaps_are_grouped_by_kind_and_ordered_by_paragraph_number(page):
    _tab(page, "Trace")
    page.locator("#gaps-submit").click()
    page.locator("#gaps-table .ckg-gaps section").first.wait_for(timeout=WAIT)
    groups = page.locator("#gaps-table section").evaluate_all("els => els.map(e => e.dataset.group)")
    assert groups == [g for g in ("recommendation", "weakness", "strength") if g in groups] and "weakness" in groups
    numbers = page.locator("#gaps-table section[data-group='weakness'] li").evaluate_all(
        "els => els.map(e => e.querySelector('strong').innerText)")
    ilacs = [int(re.search(r"paragraph (\d+)", t).group(1)) for t in numbers if t.startswith("ILACS")]
    assert ilacs == sorted(ilacs) and ilacs
    assert "https://" not in _visible_text(page, "#gaps-table")


def test_explore_shows_people_by_label_with_identifiers_folded(page):
    _tab(page, "Explore")
    page.locator("#explore-search input, #explore-search textarea").first.fill("Tariq")
    page.locator("#explore-submit").click()
    page.locator("#explore-card h3").wait_for(timeout=WAIT)
    assert "https://" not in _visible_text(page, "#explore-card")
    page.locator("#explore-facts [role='gridcell']").first.wait_for(timeout=WAIT)
    cells = page.locator("#explore-facts [role='gridcell']").all_inner_texts()
    assert not any(c.startswith(("http", "kg:", "schema:", "id:")) for c in cells)


def test_the_timeline_draws_the_chosen_authority_with_area_send_on_its_own_scale(page):
    _tab(page, "Explore")
    page.locator("#timeline-authority input").click()
    options = page.get_by_role("option").all_inner_texts()
    assert any("Bury" in o for o in options)
    page.get_by_role("option").filter(has_text="Bury").first.click()
    page.locator("#timeline-submit").click()
    page.locator("#explore-timeline img").wait_for(timeout=WAIT)
    assert "Bury" in page.locator("#timeline-authority input").input_value()
    page.locator("#explore-timeline").screenshot(path=str(ARTIFACTS / "ui-timeline.png"))


def test_sparql_examples_are_named_for_what_they_ask(page):
    _tab(page, "SPARQL")
    names = [b.strip() for b in page.locator("button").all_inner_texts()]
    assert "Who chaired which meeting" in names and "Judgements over time for one area" in names
    assert not any(re.search(r"examples? \(\d+\)", n, re.I) for n in names)
