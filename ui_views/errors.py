"""Turn the project's errors into sentences users see (``gr.Error``), escaped, never tracebacks."""
from __future__ import annotations

import functools
import logging

import gradio as gr

from councilkg.errors import CouncilKGError
from ui_views.render import esc

log = logging.getLogger("councilkg.ui")


def user_errors(fn):
    """Decorator: CouncilKGError -> gr.Error(its sentence); anything unexpected -> a generic gr.Error."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except CouncilKGError as exc:
            raise gr.Error(esc(str(exc)), print_exception=False) from exc
        except Exception as exc:  # noqa: BLE001 - the page must get a sentence, the log the traceback
            log.exception("handler %s failed", fn.__name__)
            raise gr.Error(f"Something went wrong ({type(exc).__name__}); the details are in the server log.") from exc

    return wrapper


def warn(message: str) -> None:
    """A soft problem shown as a toast; escaped because Gradio renders toast text as HTML."""
    gr.Warning(esc(message))


def fail(message: str) -> gr.Error:
    """A gr.Error with an escaped sentence (Gradio renders error text as HTML)."""
    return gr.Error(esc(message), print_exception=False)
