"""The fitted score thresholds of inferred plan links (written by ``fit_links.py``, read by the linker)."""
from __future__ import annotations

import json
from pathlib import Path

THRESHOLDS_FILE = Path(__file__).resolve().parent / "link_thresholds.json"


def load_thresholds(path: Path = THRESHOLDS_FILE) -> dict[str, float]:
    """{link kind: threshold} from the fitted file (a missing file is an error naming the fit command)."""
    from councilkg.errors import BuildError

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BuildError(f"The inferred-link thresholds file {path.name} is missing or unreadable.",
                         hint="Run: python -m graph.extractors.accountability.fit_links") from exc
    return {kind: float(entry["threshold"]) for kind, entry in data.items() if isinstance(entry, dict) and "threshold" in entry}
