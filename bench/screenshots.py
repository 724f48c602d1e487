"""Take one screenshot per tab of the real app on the real build, for the README (docs/screenshots/).

Usage: ``.venv/bin/python bench/screenshots.py [--out docs/screenshots]`` (needs a build and
Debian chromium). Each tab is shown doing its job: an answer with an open citation, a trace and the
grouped gaps, an entity card and the timeline, a provenance record reached by clicking a fact, a SPARQL
result, the corpus table, and a document opened in the Read tab from a citation.
"""
from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTION = "What did Ofsted say about strategy meetings in 2021?"
TRACE_REF = "ILACS 2021 para 13"
ENTITY = "Tariq"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def settle(pg, selector: str, timeout_ms: int = 30_000) -> None:
    """Wait for ``selector`` or an error toast (a stage not built yet shows its sentence)."""
    try:
        pg.locator(f"{selector}, .toast-body").first.wait_for(state="attached", timeout=timeout_ms)
    except Exception as exc:  # noqa: BLE001 - a missing element still leaves a useful screenshot
        print(f"warning: {selector} did not appear ({type(exc).__name__})", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    import ui
    from ui_views import browser

    port = free_port()
    ui.launch(host="127.0.0.1", port=port, prevent_thread_lock=True, quiet=True)
    url = f"http://127.0.0.1:{port}/"
    wait = 60_000
    try:
        with browser.page(1280, 1000) as pg:
            def shot(name: str) -> None:
                pg.wait_for_timeout(400)
                pg.screenshot(path=str(out / f"{name}.png"), full_page=True)
                print(out / f"{name}.png")

            browser.ask_and_open_citation(pg, url, QUESTION)
            shot("ask")

            pg.get_by_role("tab", name="Trace").click()
            pg.locator("#trace-ref input").fill(TRACE_REF)
            pg.locator("#trace-submit").click()
            settle(pg, "#trace-list .ckg-trace, #trace-list p")
            shot("trace")
            pg.locator("#gaps-submit").click()
            settle(pg, "#gaps-table .ckg-gaps")
            pg.locator("#gaps-table").scroll_into_view_if_needed()
            pg.evaluate("document.querySelector('#gaps-table').scrollIntoView()")
            pg.wait_for_timeout(400)
            pg.screenshot(path=str(out / "gaps.png"))  # the first screen of the grouped list
            print(out / "gaps.png")

            pg.get_by_role("tab", name="Explore").click()
            pg.locator("#explore-search input, #explore-search textarea").first.fill(ENTITY)
            pg.locator("#explore-submit").click()
            pg.locator("#explore-card h3").wait_for(timeout=wait)
            settle(pg, "#explore-timeline img")
            shot("explore")

            pg.locator("#explore-facts [role='gridcell']").nth(2).click()
            pg.locator("#prov-output .ckg-prov").first.wait_for(timeout=wait)
            shot("provenance")

            pg.get_by_role("tab", name="SPARQL").click()
            pg.get_by_role("button", name="Judgements over time for one area").click()
            pg.locator("#sparql-submit").click()
            pg.locator("#sparql-status p").first.wait_for(timeout=wait)
            shot("sparql")

            pg.get_by_role("tab", name="Documents").click()
            pg.locator("#docs-table [role='gridcell']").first.wait_for(timeout=wait)
            shot("documents")

            # a citation's "Read in the document": the Read tab at the cited paragraph (viewport, not full page)
            pg.get_by_role("tab", name="Ask").click()
            card = pg.locator("#ask-answer details.ckg-citation").first
            pid = card.get_attribute("data-paragraph")
            if card.get_attribute("open") is None:
                card.locator(":scope > summary").click()
            card.locator("a.ckg-read").click()
            pg.locator(f'#reader-doc [id="para-{pid}"]').wait_for(timeout=wait)
            pg.wait_for_timeout(800)
            pg.screenshot(path=str(out / "read.png"))
            print(out / "read.png")
    finally:
        ui.demo.close()


if __name__ == "__main__":
    main()
