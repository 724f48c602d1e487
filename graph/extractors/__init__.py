"""The extractor registry: the builder runs ``EXTRACTORS`` over every paragraph, then ``POST_EXTRACT``.

``EXTRACTORS`` holds Extractors (name, version, ``extract(paragraph, context) -> list[Fact]``),
run in list order per paragraph, so one may read what an earlier one left in
``context.state`` (e.g. the current meeting). ``POST_EXTRACT`` holds corpus-level passes
``fn(facts, context) -> facts`` for entity resolution and cross-document linking; ``context`` is
a ``graph.builder.CorpusContext`` (corpus + merged per-document state).

Each package of extractors is imported here by name and exposes ``EXTRACTORS`` and
``POST_EXTRACT``. The list is explicit on purpose: a mistyped or missing extractor is an
ImportError at once, never a build that silently drops its facts.
"""
from __future__ import annotations

from typing import Any, Callable

from graph.extractors import accountability, civic, topics
from graph.facts import Extractor, Fact

PostExtract = Callable[[list[Fact], Any], list[Fact]]

PACKAGES = (civic, accountability, topics)

EXTRACTORS: list[Extractor] = [extractor for package in PACKAGES for extractor in package.EXTRACTORS]
POST_EXTRACT: list[PostExtract] = [fn for package in PACKAGES for fn in package.POST_EXTRACT]
