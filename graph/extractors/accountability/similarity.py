"""A small, dependency-free text similarity for matching plan wording to inspection wording."""
from __future__ import annotations

import re

STOP = set("""a an and are as at be by for from in into is it its of on or our the their them they this to
with that which who when where will within across including ensure ensuring""".split())
# Words every children's-services priority uses: they say nothing about which priority is meant.
DOMAIN = set("children child young people quality response support service services timely".split())


def _stem(w: str) -> str:
    if w.startswith("disab"):
        return "disab"
    for suffix in ("ments", "ment", "ings", "ing", "ies", "es", "s", "ed", "ly"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w


def terms(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("&", " and "))
    return {_stem(w) for w in words if w not in STOP and w not in DOMAIN and len(w) > 1}


def similarity(a: str, b: str) -> float:
    """Overlap coefficient of stemmed content words (0..1): robust to one text being a paraphrase."""
    ta, tb = terms(a), terms(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))
