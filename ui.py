"""The Gradio interface: seven tabs over the built corpus, graph and index (``councilkg serve``).

Thin by design: each tab lives in ``ui_views/<tab>.py`` as plain handler functions that call
``qa``/``graph``/``corpus`` through ``ui_views.backend``; this file only assembles ``demo`` and
launches it bound to 127.0.0.1 unless told otherwise.
"""
from __future__ import annotations

import logging
import os
import threading

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import gradio as gr  # noqa: E402

from ui_views import ask, documents, explore, provenance, reader, sparql, trace  # noqa: E402
from ui_views.backend import backend, set_backend  # noqa: E402
from ui_views.render import CSS, HEAD  # noqa: E402

__all__ = ["demo", "launch", "make_demo", "set_backend"]

TAB_IDS = ["ask", "trace", "explore", "provenance", "sparql", "documents", "read"]


def make_demo() -> gr.Blocks:
    """Assemble the seven tabs into one Blocks app."""
    with gr.Blocks(title="councilkg — council papers, cited") as blocks:
        gr.Markdown("## councilkg\nQuestions answered from council papers and inspection reports, every statement cited.")
        read_target, read_go = reader.build_target()  # outside the tabs: a citation opens the Read tab through it
        with gr.Tabs() as tabs:
            with gr.Tab("Ask", id="ask"):
                ask.build()
            with gr.Tab("Trace", id="trace"):
                trace.build(blocks)
            with gr.Tab("Provenance", id="provenance", render=False) as prov_tab:
                prov_input = provenance.build()
            with gr.Tab("Explore", id="explore") as explore_tab:
                explore.build(explore_tab, prov_input, tabs, "provenance")
            prov_tab.render()
            with gr.Tab("SPARQL", id="sparql"):
                sparql.build()
            with gr.Tab("Documents", id="documents"):
                documents.build(blocks)
            with gr.Tab("Read", id="read"):
                reader.build(blocks, read_target, read_go)
    return blocks


demo = make_demo()


def _warm() -> None:
    try:
        b = backend()
        b.engine()
        _ = b.typed_labels, b.paragraph_index
    except Exception:  # noqa: BLE001 - the first request reports the same problem as a sentence
        logging.getLogger("councilkg.ui").exception("warm-up failed")


LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


def bind_address(host: str | None = None, port: int | None = None) -> tuple[str, int]:
    """Where to listen: the argument, else COUNCILKG_HOST/PORT, else GRADIO_SERVER_NAME/PORT, else 127.0.0.1:7860."""
    settings = backend().settings
    if not host:
        host = os.environ.get("COUNCILKG_HOST") or os.environ.get("GRADIO_SERVER_NAME") or settings.host
    if not port:
        raw = os.environ.get("COUNCILKG_PORT") or os.environ.get("GRADIO_SERVER_PORT")
        try:
            port = int(raw) if raw else int(settings.port)
        except ValueError:
            from councilkg.errors import InputError

            raise InputError(f"The port '{raw}' is not a number; set COUNCILKG_PORT to e.g. 7860.") from None
    return host, port


def allowed_hosts(host: str) -> list[str]:
    """Host header values the server answers: the bound host and loopback names (DNS-rebinding guard).

    Bound to every interface (0.0.0.0 / ::), any host is allowed unless COUNCILKG_ALLOWED_HOSTS
    lists the names a proxy or users reach it by.
    """
    extra = [h.strip() for h in str(backend().settings.allowed_hosts or "").split(",") if h.strip()]
    if host in ("0.0.0.0", "::", "") and not extra:
        return ["*"]
    return sorted({host.strip("[]"), *LOOPBACK_NAMES, *extra})


def launch(host: str | None = None, port: int | None = None, *, warm: bool = True, **kw):
    """Serve ``demo`` on ``host:port`` (127.0.0.1:7860 by default) while the stages load in the background.

    Args:
        host: address to bind (default: COUNCILKG_HOST, GRADIO_SERVER_NAME, then 127.0.0.1);
            keep 127.0.0.1 unless a proxy in front handles access.
        port: TCP port (default: COUNCILKG_PORT, GRADIO_SERVER_PORT, then 7860).
        warm: load corpus, graph and index in the background as the server starts.
        **kw: passed to ``gr.Blocks.launch`` (e.g. ``prevent_thread_lock=True`` in tests).
    """
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    host, port = bind_address(host, port)
    if warm:
        # Load the stages beside the server starting up: the page is usable at once and the
        # first question waits only for what is still loading (the backend's lock serialises it).
        threading.Thread(target=_warm, name="councilkg-warm", daemon=True).start()
    settings = backend().settings
    demo.queue(default_concurrency_limit=2, max_size=256)
    # A request whose Host header names another site (DNS rebinding) gets 400, not the app.
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(host))]
    options = dict(server_name=host, server_port=port, show_error=True, css=CSS, head=HEAD, quiet=kw.pop("quiet", False),
                   max_file_size=f"{int(settings.max_file_mb)}mb", footer_links=["api"],
                   app_kwargs={"middleware": middleware})
    options.update(kw)
    return demo.launch(**options)


if __name__ == "__main__":
    launch()
