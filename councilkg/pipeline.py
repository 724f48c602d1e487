"""Build everything: corpus → graph → index. The one "build all" of the CLI, the UI and eval.

Why one function: the CLI's `councilkg build`, the UI's rebuild after an upload and eval's
scratch builds each wrote this loop themselves, and a stage skipped in one of them (a module
without ``build``) went unnoticed. Each stage's own ``build`` reuses what is unchanged (graph by
cache key, index by content hash), so calling this on an unchanged corpus costs seconds.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from councilkg.settings import Settings, get_settings

Progress = Callable[..., Any]  # gradio's ``gr.Progress``: progress(fraction, desc=...)


@dataclass(frozen=True)
class Build:
    """What one build produced: the corpus it read, its knowledge graph and its search index."""

    settings: Settings
    corpus: Any
    graph: Any
    index: Any
    engine: Any  # the qa Engine that stored the answer tables (``_answer_tables``): an answerer may reuse it

    def summary(self) -> str:
        paragraphs = sum(1 for _ in self.corpus.paragraphs())
        return f"built {len(self.corpus.documents)} documents, {paragraphs} paragraphs into {self.settings.build_dir}"


def build(settings: Settings | None = None, corpus=None, progress: Progress | None = None,
          show_progress: bool = True, wait_s: float | None = None, ray: str | None = None) -> Build:
    """Read the corpus (unless given) and build the graph, then the index, into ``settings.build_dir``.

    Args:
        settings: where to read and write; defaults to ``get_settings()``.
        corpus: an already loaded Corpus (e.g. a scratch copy eval made); read from
            ``settings.corpus_dir`` when None.
        progress: called as ``progress(fraction, desc=...)`` before each stage (the UI's bar).
        show_progress: whether the index build prints its encoding progress bar.
        wait_s: how long to wait for another writer of the build (default: settings.lock_wait_s);
            BusyError when it does not finish in time.
        ray: run the per-document work on Ray ("local" or a cluster address; ``councilkg.distributed``):
            the same stages and the same result, the corpus-level passes still run here.
    Returns:
        A Build with the corpus, the KnowledgeGraph and the Index.
    """
    import corpus as corpus_stage
    import embed
    import graph
    from councilkg.builds import clean_build_leftovers
    from councilkg.locks import build_lock, corpus_lock

    settings = settings or get_settings()
    say = progress or (lambda *args, **kwargs: None)
    # One writer of build/ at a time (CLI and UI alike); the corpus is read under its lock so a
    # removal cannot pull a file out mid-read; leftovers of killed builds are only safe to clean here.
    with build_lock(settings.build_dir, wait_s):
        clean_build_leftovers(settings.build_dir)
        if ray:
            from councilkg import distributed

            say(0.15, desc="Building on Ray")
            with corpus_lock(settings.corpus_dir, wait_s, optional=True):
                corpus, kg, index = distributed.build(settings, address=ray, progress=show_progress)
        else:
            if corpus is None:
                say(0.15, desc="Reading the corpus")
                with corpus_lock(settings.corpus_dir, wait_s, optional=True):
                    corpus = corpus_stage.load(settings.corpus_dir, settings=settings)
            say(0.35, desc="Rebuilding the knowledge graph")
            kg = graph.build(corpus, settings)
            say(0.65, desc="Rebuilding the search index")
            index = embed.build(corpus, settings, progress=show_progress)
        engine = _answer_tables(corpus, settings, kg, index)
    return Build(settings=settings, corpus=corpus, graph=kg, index=index, engine=engine)


def _answer_tables(corpus, settings: Settings, kg, index):
    """What answers read first, kept in the build so the first ``ask`` after a build does not compute it
    (``qa.tables``): the corpus's word statistics, days and names; each kind of graph node with its labels; every
    authority's gaps. An Engine over the new build computes and stores them; it is returned, for the first answerer
    to reuse (loading a pack made two: 0.09 s a pack)."""
    from qa import traces
    from qa.engine import Engine

    engine = Engine(corpus, index, kg, settings)
    traces.gaps(engine=engine)
    return engine
