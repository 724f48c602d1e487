"""Graph timings: extract + build, save, load (both stores), a 2-hop SPARQL join, SHACL validation."""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> dict:
    import corpus
    import graph
    from councilkg.settings import get_settings
    from graph.validate import validate

    loaded = corpus.load()
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        settings = get_settings(build_dir=Path(tmp))
        t = time.perf_counter(); kg = graph.build(loaded, settings, force=True); out["build_s"] = round(time.perf_counter() - t, 2)
        out["quads"] = len(kg)
        for store in ("memory", "oxigraph"):
            s = get_settings(build_dir=Path(tmp), store=store)
            t = time.perf_counter(); loaded_kg = graph.load(s); out[f"load_{store}_s"] = round(time.perf_counter() - t, 2)
            q = "SELECT ?n ?d WHERE { ?m kg:chair ?p ; schema:startDate ?d . ?p schema:name ?n }"
            t = time.perf_counter(); loaded_kg.query(q); out[f"query_{store}_ms"] = round((time.perf_counter() - t) * 1000, 1)
        t = time.perf_counter(); out["shacl_conforms"] = validate(kg).conforms; out["shacl_s"] = round(time.perf_counter() - t, 2)
    print(json.dumps(out, indent=2))
    return out


if __name__ == "__main__":
    main()
