"""Draw the next sealed round's two Ofsted reports and write its blind writer's brief.

    .venv/bin/python bench/sealed_round.py 58 [--brief-dir /tmp/brief58] [--names "Name A" "Name B"]

Why: every session scores the sealed round written the session before and has the next one written blind
(``docs/qa-notebook.md``, "A sealed round, start to end"). The draw and the brief lived in a session's scratch folder,
so a new machine lost them, and the draw of round 57 fell on a file that holds no report (``blackpool/2012-07-13.pdf``
is Ofsted's "Report not found" page saved under a PDF's name; ``bromley/2012-08-17.pdf`` is the same page). Here the
draw is one function: the reports in ``../shared/ofsted/reports`` that open as a PDF and that no sealed round's manifest
lists, sorted, sampled two at a time with ``random.Random(round)``. The brief is ``bench/sealed_brief.md`` with the
round's numbers and reports put in; the writer is told to open nothing under ``bench/``, so the template can live beside
the code it must not read.
"""
from __future__ import annotations

import argparse
import json
import random
import string
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from corpus.readers import PDF_HEADER  # noqa: E402

DATA = ROOT / "tests" / "data"
REPORTS = ROOT.parent / "shared" / "ofsted" / "reports"
TEMPLATE = Path(__file__).resolve().parent / "sealed_brief.md"
# Words an authority's folder name writes in lower case ("redcar-and-cleveland" is Redcar and Cleveland)
_SMALL = {"and", "of", "upon", "the", "with"}
_HYPHENED = {"on"}  # "stoke-on-trent" is Stoke-on-Trent


def used_reports(data: Path = DATA) -> set[Path]:
    """The reports any sealed round's manifest lists, resolved (a manifest names them relative to its folder)."""
    used = set()
    for manifest in sorted(data.glob("sealed*/manifest.json")):
        for entry in json.loads(manifest.read_text(encoding="utf-8")):
            used.add((manifest.parent / entry["file"]).resolve())
    return used


def is_pdf(path: Path) -> bool:
    """Whether the file opens as a PDF does: a saved web page under a PDF's name holds no report to write on."""
    with path.open("rb") as f:
        return f.read(len(PDF_HEADER)) == PDF_HEADER


def free_reports(reports: Path = REPORTS, data: Path = DATA) -> list[Path]:
    """The reports no sealed round used that hold a report, sorted (the order the seeded sample reads)."""
    used = used_reports(data)
    return sorted(p for p in (q.resolve() for q in reports.glob("*/*.pdf")) if p not in used and is_pdf(p))


def draw(round_number: int, reports: Path = REPORTS, data: Path = DATA) -> tuple[list[Path], int]:
    """The two reports of round ``round_number`` in the order the sample gives them, and how many were free."""
    free = free_reports(reports, data)
    if len(free) < 2:
        raise SystemExit(f"only {len(free)} report(s) left that no sealed round used")
    return random.Random(round_number).sample(free, 2), len(free)


def authority_name(slug: str) -> str:
    """An authority's name from its folder's: "north-somerset" → "North Somerset", "stoke-on-trent" →
    "Stoke-on-Trent". ``--names`` overrides it where a folder name loses punctuation."""
    words = slug.split("-")
    out = ""
    for i, word in enumerate(words):
        if i and word in _HYPHENED:
            out += "-" + word + "-"
            continue
        text = word if (i and word in _SMALL) else word.capitalize()
        out += text if (not out or out.endswith("-")) else " " + text
    return out


def brief(round_number: int, drawn: list[Path], free: int, names: list[str] | None = None) -> str:
    """The writer's brief for the round: the sources in name order (the manifest's order), the sample's order kept
    where the brief records the draw."""
    ordered = sorted(drawn, key=lambda p: (p.parent.name, p.name))
    names = names or [authority_name(p.parent.name) for p in ordered]
    fields = {"round": round_number, "model": f"sealed{round_number - 2}", "unscored": f"sealed{round_number - 1}",
              "free": free, "drawn": " and ".join(f"`{p.parent.name}/{p.name}`" for p in drawn)}
    for key, path, name in zip("ab", ordered, names):
        fields |= {f"{key}_path": f"{path.parent.name}/{path.name}", f"{key}_slug": path.parent.name,
                   f"{key}_name": name, f"{key}_year": path.stem[:4],
                   f"{key}_short": path.parent.name.replace("-", "")[:3]}
    if fields["a_short"] == fields["b_short"]:
        fields["b_short"] += "2"
    return string.Template(TEMPLATE.read_text(encoding="utf-8")).substitute(fields)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("round", type=int, help="the round to draw (its seed)")
    parser.add_argument("--brief-dir", type=Path, help="write brief.md there (the writer opens only that file)")
    parser.add_argument("--names", nargs=2, metavar="NAME", help="the two authorities' names, in folder-name order")
    args = parser.parse_args(argv)
    drawn, free = draw(args.round)
    print(f"round {args.round}: random.Random({args.round}).sample of 2 over {free} free reports gave")
    for path in drawn:
        print(f"  {path.parent.name}/{path.name}")
    if args.brief_dir:
        args.brief_dir.mkdir(parents=True, exist_ok=True)
        (args.brief_dir / "brief.md").write_text(brief(args.round, drawn, free, args.names), encoding="utf-8")
        print(f"wrote {args.brief_dir / 'brief.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
