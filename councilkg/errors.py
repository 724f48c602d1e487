"""One exception family for every stage.

Each edge renders it once: the CLI prints ``error: <message>`` and exits 2, the UI raises
``gr.Error(message)``. Messages are whole sentences a user can act on.
"""


class CouncilKGError(Exception):
    """A problem the user can understand and fix (bad file, bad query, missing build)."""

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}" if self.hint else self.message


class InputError(CouncilKGError):
    """A file or argument was rejected before anything was changed."""


class CorpusIntegrityError(CouncilKGError):
    """A document on disk no longer matches its manifest entry."""


class BuildError(CouncilKGError):
    """A build could not be produced or loaded; the last good build is untouched."""


class QueryError(CouncilKGError):
    """A SPARQL query, question or reference could not be answered as asked."""


class BusyError(CouncilKGError):
    """Another process holds the writer lock; nothing was changed."""
