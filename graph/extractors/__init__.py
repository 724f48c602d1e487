"""The extractor registry: the builder runs ``EXTRACTORS`` over every paragraph, then ``POST_EXTRACT``.

``EXTRACTORS`` holds Extractors (name, version, ``extract(paragraph, context) -> list[Fact]``),
run in list order per paragraph, so one may read what an earlier one left in
``context.state`` (e.g. the current meeting). ``POST_EXTRACT`` holds corpus-level passes
``fn(facts, context) -> facts`` for entity resolution and cross-document linking; ``context`` is
a ``graph.builder.CorpusContext`` (corpus + merged per-document state).

A package of extractors joins by exposing ``EXTRACTORS`` and ``POST_EXTRACT`` lists and being
named in ``PACKAGES`` below (a missing package is skipped, so work in progress never breaks).
"""
from __future__ import annotations

import importlib
from typing import Any, Callable

from graph.facts import Extractor, Fact

PostExtract = Callable[[list[Fact], Any], list[Fact]]

PACKAGES = ["graph.extractors.civic", "graph.extractors.accountability"]

EXTRACTORS: list[Extractor] = []
POST_EXTRACT: list[PostExtract] = []

for _name in PACKAGES:
    try:
        _module = importlib.import_module(_name)
    except ModuleNotFoundError as _exc:
        if _exc.name is None or not _name.startswith(_exc.name):
            raise
        continue
    EXTRACTORS.extend(getattr(_module, "EXTRACTORS", []))
    POST_EXTRACT.extend(getattr(_module, "POST_EXTRACT", []))
