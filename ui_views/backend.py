"""The one seam between the interface and the stages: a Backend loads corpus, graph and QA engine once.

Handlers call ``backend()``; tests swap in a fake with ``set_backend(...)`` so handlers can be
tested without a build. Nothing here re-implements a stage: it only calls ``corpus``, ``graph``
and ``qa``, and keeps small lookup tables the pages need (paragraph neighbours, typed labels).
"""
from __future__ import annotations

import re
import threading
from functools import cached_property

from councilkg.errors import BuildError


class Backend:
    """Lazy access to the built stages for one Settings."""

    def __init__(self, settings=None):
        from councilkg.settings import get_settings

        self.settings = settings or get_settings()
        self._lock = threading.RLock()
        self._engine = None
        self._corpus = None
        self._graph = None

    # Stages ----------------------------------------------------------------------------
    def engine(self):
        """The QA engine (corpus + graph + index), loaded once."""
        with self._lock:
            if self._engine is None:
                import qa

                self._engine = qa.get_engine(self.settings)
            return self._engine

    def corpus(self):
        with self._lock:
            if self._corpus is None:
                engine_corpus = getattr(self._engine, "corpus", None) if self._engine is not None else None
                if engine_corpus is not None:
                    self._corpus = engine_corpus
                else:
                    import corpus

                    self._corpus = corpus.load(self.settings.corpus_dir, settings=self.settings)
            return self._corpus

    def graph(self):
        """The built KnowledgeGraph (the engine's own when it holds one, so it is loaded once)."""
        with self._lock:
            if self._graph is None:
                try:
                    held = getattr(self.engine(), "graph", None)
                except Exception:  # noqa: BLE001 - the graph alone is still useful without an index
                    held = None
                if held is not None and hasattr(held, "query"):
                    self._graph = held
                else:
                    import graph

                    try:
                        self._graph = graph.load(self.settings)
                    except BuildError as exc:
                        raise BuildError("The knowledge graph has not been built yet.",
                                         hint="Run 'councilkg build' (or 'make build') and reload the page.") from exc
            return self._graph

    def reset(self) -> None:
        """Forget loaded stages (after an ingest), so the next call loads the new build."""
        with self._lock:
            self._engine = self._corpus = self._graph = None
            self.__dict__.pop("paragraph_index", None)
            self.__dict__.pop("typed_labels", None)
            import qa

            clear = getattr(qa, "clear_engines", None)
            if clear:
                clear()

    def rebuild(self, progress=None) -> None:
        """Rebuild graph and index for the current corpus (each stage reuses what is unchanged)."""
        from councilkg import pipeline

        say = progress or (lambda *a, **k: None)
        pipeline.build(self.settings, progress=say)
        say(0.9, desc="Loading the new build")
        self.reset()
        self.engine()

    # QA ----------------------------------------------------------------------------------
    def ask(self, question: str, **kw):
        import qa

        return qa.ask(question, engine=self.engine(), **kw)

    def trace(self, ref: str):
        import qa

        return qa.trace(ref, engine=self.engine())

    def gaps(self, authority: str | None = None):
        import qa

        return qa.gaps(engine=self.engine(), authority=authority or None)

    # Lookups -----------------------------------------------------------------------------
    @cached_property
    def paragraph_index(self) -> dict:
        """paragraph id -> (document, position in document.paragraphs)."""
        index = {}
        for doc in self.corpus().documents:
            for i, para in enumerate(doc.paragraphs):
                index[para.id] = (doc, i)
        return index

    def paragraph_context(self, paragraph_id: str, radius: int = 1):
        """(document, paragraph, before[], after[]) or None when the id is unknown."""
        hit = self.paragraph_index.get(paragraph_id)
        if hit is None:
            return None
        doc, i = hit
        paras = doc.paragraphs
        return doc, paras[i], list(paras[max(0, i - radius):i]), list(paras[i + 1:i + 1 + radius])

    @cached_property
    def typed_labels(self) -> list[tuple[str, str, str, str]]:
        """(kind, label, iri, all names one per line) for every person, body, meeting, inspection and accountability node."""
        from rdflib import Literal
        from rdflib.namespace import DCTERMS, RDFS, SKOS

        from ontology.namespace import KG, SCHEMA

        kinds = {KG.Person: "Person", KG.Body: "Body", KG.Meeting: "Meeting", KG.Inspection: "Inspection",
                 KG.Finding: "Finding", KG.Recommendation: "Recommendation", KG.Priority: "Priority",
                 KG.PlannedAction: "Action", KG.Plan: "Plan", KG.Theme: "Theme", KG.Judgement: "Judgement",
                 KG.PrioritySource: "Source row"}
        for sub in (KG.Committee, KG.Board, KG.Council, KG.Executive, KG.Directorate, KG.Inspectorate,
                    KG.GovernmentDepartment, KG.PartnerOrganisation):
            kinds[sub] = "Body"
        name_predicates = {SCHEMA.name: 0, SKOS.prefLabel: 1, RDFS.label: 2, DCTERMS.title: 3, SKOS.notation: 4,
                           KG.paragraphNumber: 5, SKOS.altLabel: 6, KG.statement: 7, KG.text: 8}
        graph = self.graph()
        typed: dict = {}
        names: dict = {}
        inspection_of: dict = {}
        # One query per kind (on a server) instead of a pass over every quad
        for cls, kind in kinds.items():
            for s, said in graph.paths.outgoing_of_type(cls).items():
                typed.setdefault(s, kind)
                if s in names:
                    continue
                names[s] = [(name_predicates[p], str(o)) for p, o, g in said
                            if p in name_predicates and isinstance(o, Literal)]
                for p, o, g in said:
                    if p == KG.inspection:
                        inspection_of[s] = o
        out = []
        for node, kind in typed.items():
            labels = sorted(set(names.get(node, [])))
            label = labels[0][1] if labels else str(node).rsplit("/", 1)[-1]
            number = next((t for rank, t in labels if rank in (4, 5)), None)
            if kind in ("Finding", "Recommendation") and node in inspection_of:
                # "ILACS 2021 (Bury) paragraph 17", never the inspection's key
                of = sorted(set(names.get(inspection_of[node], [])))
                word = "paragraph" if kind == "Finding" else "recommendation"
                label = f"{of[0][1] if of else 'inspection'} {word} {number or ''}".strip()
                text = next((t for rank, t in labels if rank == 8), "")
                label += f": {text[:90]}" if text else ""
            elif kind in ("Priority", "Action", "Theme") and number and not label.startswith(number):
                label = f"{number} {label}"
            out.append((kind, re.sub(r"\s+", " ", label)[:160], str(node), "\n".join(t for _, t in labels)))
        return sorted(out, key=lambda row: (row[0], row[1].lower(), row[2]))


_BACKEND: Backend | None = None
_BACKEND_LOCK = threading.Lock()


def backend() -> Backend:
    """The process-wide Backend (created on first use from the COUNCILKG_* settings)."""
    global _BACKEND
    with _BACKEND_LOCK:
        if _BACKEND is None:
            _BACKEND = Backend()
        return _BACKEND


def set_backend(value: Backend | None) -> None:
    """Replace the process-wide Backend (tests pass a fake; None goes back to the default)."""
    global _BACKEND
    with _BACKEND_LOCK:
        _BACKEND = value
