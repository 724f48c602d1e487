"""Headless Debian chromium driven by Playwright, for the browser test and the README screenshots.

Playwright never downloads a browser here: it drives ``/usr/bin/chromium`` with the flags that
work headless as root in CI, in a fresh profile folder each time.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile

CHROMIUM = os.environ.get("COUNCILKG_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


def available() -> bool:
    return os.path.exists(CHROMIUM)


@contextlib.contextmanager
def page(width: int = 1280, height: int = 900):
    """A Playwright page in headless chromium with a throw-away profile; closed on exit."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="councilkg-chromium-")
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True, args=FLAGS,
                viewport={"width": width, "height": height}, service_workers="block")
            try:
                yield context.pages[0] if context.pages else context.new_page()
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def ask_and_open_citation(pg, url: str, question: str, timeout_ms: int = 60_000) -> None:
    """Load the app, ask ``question``, wait for the answer and open its first citation."""
    pg.goto(url, wait_until="domcontentloaded")
    box = pg.locator("#ask-question textarea")
    box.wait_for(timeout=timeout_ms)
    box.fill(question)
    pg.locator("#ask-submit").click()
    pg.locator("#ask-answer .ckg-answer").wait_for(timeout=timeout_ms)
    first = pg.locator("#ask-answer details.ckg-citation").first
    if first.count():
        first.locator(":scope > summary").click()
        first.locator("mark").first.wait_for(timeout=timeout_ms)
