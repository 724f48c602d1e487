"""Keyword search: BM25 (bm25s) with a tokenizer that keeps council identifiers whole.

Numbered references ("1.10", "6.1a", "2.3.1") and acronyms ("EHCP", "ILACS") are how council
papers point at each other; a default word tokenizer would split "1.10" into "1" and "10" and
drop both.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from councilkg.errors import BuildError

try:
    import bm25s
except ImportError:  # pragma: no cover - depends on the environment
    bm25s = None

# Identifiers first (1.10, 6.1a, 2.3.1, 1a), then words with an inner apostrophe, then numbers.
_TOKEN = re.compile(r"\d+(?:\.\d+)+[a-z]?(?![\w.]*\d)|\d+[a-z]\b|[^\W\d_]+|\d+", re.IGNORECASE)
# Function words and question words (bm25s's own English list has 35 and keeps "what", "did").
_STOP = frozenset("""
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other our ours ourselves out over own same she
should so some such than that the their theirs them themselves then there these they this those
through to too under until up very was we were what when where which while who whom why will with
would you your yours yourself yourselves also been said say says tell told s t
""".split())


try:
    import Stemmer  # PyStemmer: Snowball English, so "inspected" and "inspection" meet at "inspect"

    _SNOWBALL = Stemmer.Stemmer("english")
except ImportError:  # pragma: no cover - PyStemmer is a declared dependency
    _SNOWBALL = None


def _stem(token: str) -> str:
    """Snowball English stem (PyStemmer), or a light suffix stripper when it is not installed.

    Applied to queries and units alike: inspected/inspection → inspect, meetings → meet.
    """
    if _SNOWBALL is not None:
        return _SNOWBALL.stemWord(token)
    return _light_stem(token)


def _light_stem(token: str) -> str:
    """Fallback: families → family, plans → plan, chaired → chair, approved/approve → approv."""
    if len(token) > 4 and token.endswith("ies"):
        token = token[:-3] + "y"
    elif len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        token = token[:-1]
    for suffix in ("ing", "ed"):
        if token.endswith(suffix) and len(token) - len(suffix) >= 4:
            token = token[:-len(suffix)]
            if len(token) > 2 and token[-1] == token[-2] and token[-1] not in "lsz":
                token = token[:-1]  # planned → plan
            break
    if len(token) > 4 and token.endswith("e") and not token.endswith("ee"):
        token = token[:-1]
    return token


# Each word's stem, remembered: the vocabulary is small and stemming every word of every paragraph again was a third
# of tokenizing (a fit tokenizes each paragraph of 142 reports' corpora in each of its phases). Bounded for servers.
_STEMS: dict[str, str] = {}
_STEMS_LIMIT = 500_000


def tokenize(text: str) -> list[str]:
    """Lower-cased BM25 tokens; identifiers and upper-case acronyms are kept exactly as written.

    >>> tokenize("Priority 1.10 and 6.1a: EHCPs, ILACS")
    ['priority', '1.10', '6.1a', 'ehcp', 'ilacs']
    """
    tokens = []
    stems = _STEMS
    for surface in _TOKEN.findall(text.replace("\u2019", "'")):
        token = surface.lower()
        if token.isalpha():
            if token in _STOP or len(token) < 2:
                continue
            if not (surface.isupper() and len(surface) > 1):
                stem = stems.get(token)
                if stem is None:
                    if len(stems) > _STEMS_LIMIT:
                        stems.clear()
                    stem = stems[token] = _stem(token)
                token = stem
        tokens.append(token)
    return tokens


def _require_bm25s():
    if bm25s is None:
        raise BuildError("bm25s is not installed.", hint="Run `.venv/bin/pip install bm25s`.")
    return bm25s


class KeywordIndex:
    """BM25 over units; row i is unit i. Past ``shard_rows`` units, several BM25 indexes over
    contiguous ranges of rows, each scored with its own statistics (as Lucene shards are)."""

    PARAMS = {"library": "bm25s", "method": "lucene", "k1": 1.2, "b": 0.75,
              "tokenizer": "councilkg-identifiers-v3-snowball"}

    def __init__(self, retriever, n: int, shards: list | None = None):
        self.retriever = retriever
        self.n = n
        self.shards = shards or [(0, n, retriever)]  # (first row, end row, retriever)

    @classmethod
    def _index(cls, texts: list[str]):
        lib = _require_bm25s()
        retriever = lib.BM25(k1=cls.PARAMS["k1"], b=cls.PARAMS["b"], method=cls.PARAMS["method"])
        # An empty unit gets a placeholder token so row numbers stay aligned with unit numbers
        retriever.index([tokenize(t) or ["\u2205"] for t in texts], show_progress=False)
        return retriever

    @classmethod
    def build(cls, texts: list[str], shard_rows: int = 0) -> "KeywordIndex":
        if not shard_rows or len(texts) <= shard_rows:
            return cls(cls._index(texts), len(texts))
        bounds = list(range(0, len(texts), shard_rows)) + [len(texts)]
        shards = [(a, b, cls._index(texts[a:b])) for a, b in zip(bounds[:-1], bounds[1:])]
        return cls(shards[0][2], len(texts), shards)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every unit for ``query`` (zeros when no query token is indexed)."""
        out = np.zeros(self.n, dtype=np.float32)
        words = tokenize(query)
        for a, b, retriever in self.shards:
            tokens = [t for t in words if t in retriever.vocab_dict]
            if tokens:
                out[a:b] = np.asarray(retriever.get_scores(tokens), dtype=np.float32)
        return out

    def save(self, folder: Path) -> None:
        if len(self.shards) == 1:
            self.retriever.save(str(folder), show_progress=False)
            return
        for i, (a, b, retriever) in enumerate(self.shards):
            retriever.save(str(Path(folder) / f"shard-{i:03d}-{a}-{b}"), show_progress=False)

    @classmethod
    def load(cls, folder: Path, n: int, mmap: bool = True) -> "KeywordIndex":
        """Load (memory-mapped by default: the score matrix stays on disk until read)."""
        lib = _require_bm25s()
        parts = sorted(Path(folder).glob("shard-*")) if Path(folder).is_dir() else []
        try:
            if not parts:
                return cls(lib.BM25.load(str(folder), mmap=mmap, show_progress=False), n)
            shards = []
            for part in parts:
                _, _, a, b = part.name.split("-")
                shards.append((int(a), int(b), lib.BM25.load(str(part), mmap=mmap, show_progress=False)))
        except Exception as exc:
            raise BuildError(f"The keyword index '{folder}' is unreadable ({exc}).") from exc
        return cls(shards[0][2], n, shards)
