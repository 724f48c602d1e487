"""`councilkg eval ofsted CSV`: how `read` agrees with a peer's grades, field by field.

The peer CSV (one row per report, its ``path`` relative to the CSV) is a peer's answer, not the
truth: where it is wrong or blank, the project's gold corrections (``tests/data/ofsted_gold_corrections.csv``,
each with the report's own words) override it, and the "corrected gold" figures score against that.
Agreement is counted only where the reference has a value; coverage is how often we give one then.
Reports are split by authority (a stable hash of its folder name) into a development part and a
held-out part, so rules fitted on one can be checked on authorities nobody looked at.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

GRADES = ("outstanding", "good", "requires-improvement", "inadequate")
JUDGEMENTS = {  # peer column → `read` judgement area
    "overall_effectiveness_grade": "overall-effectiveness",
    "impact_of_leaders_grade": "impact-of-leaders",
    "help_and_protection_grade": "help-and-protection",
    "in_care_grade": "children-in-care",
    "care_leavers_grade": "care-leavers",
}
FIELDS = ("authority", "framework", "start", "end", "published", "lead_inspector", *JUDGEMENTS.values())
DEFAULT_GOLD = Path(__file__).resolve().parents[1] / "tests" / "data" / "ofsted_gold_corrections.csv"
HELD_OUT_SHARE = 0.4  # of authorities


def held_out(authority_folder: str) -> bool:
    """A stable split by authority: about 40 % of authorities are held out from development."""
    digest = int(hashlib.sha1(authority_folder.encode()).hexdigest()[:8], 16)
    return digest / 0xFFFFFFFF < HELD_OUT_SHARE


def _grade(value: str) -> str | None:
    v = value.strip().lower().replace(" ", "-")
    if v.startswith("requires"):
        return "requires-improvement"
    return v if v in GRADES else None


def _dmy(value: str) -> str | None:
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", value.strip())
    if not m:
        return None
    year = int(m.group(3))
    return f"{year + 2000 if year < 100 else year:04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"


def _framework(value: str) -> str | None:
    v = value.strip().lower()
    if v in ("standard", "short"):
        return f"ilacs-{v}"
    if v.startswith("inspection duration longer"):
        return "ilacs-standard"
    return None


def norm_name(value: str | None) -> str:
    """A person's or place's name for comparison: letters only, lower case, council words dropped."""
    if not value:
        return ""
    v = value.lower().replace("&", " and ")
    v = re.sub(r"\b(metropolitan|borough|county|city|district|council|of|the|royal|london|and|upon|on)\b", " ", v)
    return re.sub(r"[^a-z]", "", v)


def peer_reference(row: dict) -> dict[str, str | None]:
    """The peer's values for one report, in `read`'s vocabulary (None where it has none)."""
    ref = {
        "authority": row.get("local_authority") or None,
        "framework": _framework(row.get("inspection_framework", "")),
        "start": _dmy(row.get("inspection_start_date", "")),
        "end": _dmy(row.get("inspection_end_date", "")),
        "published": _dmy(row.get("publication_date", "")),
        "lead_inspector": (row.get("inspector_name") or "").strip() or None,
    }
    for column, area in JUDGEMENTS.items():
        ref[area] = _grade(row.get(column, ""))
    return ref


def read_gold(path: Path | None) -> dict[tuple[str, str], dict]:
    """Corrections: (report path, field) → {"value", "quote", "note"}; value "" means "states none"."""
    if path is None or not Path(path).exists():
        return {}
    out = {}
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[(row["path"], row["field"])] = {"value": row["value"].strip() or None, "quote": row.get("quote", ""),
                                                "note": row.get("note", "")}
    return out


def predicted(record: dict) -> dict[str, str | None]:
    """Our values for one report from its `read` record: the inspection the report reports."""
    reported = [i for i in record.get("inspections") or [] if i.get("reported")]
    out: dict[str, str | None] = {f: None for f in FIELDS}
    if not reported:
        return out
    i = reported[0]
    published = i.get("published") or (record.get("document") or {}).get("date")
    out.update(authority=i.get("authority"), start=i.get("start"), end=i.get("end"), published=published,
               lead_inspector=i.get("lead_inspector"))
    if i.get("framework") == "ilacs" and i.get("type") in ("standard", "short"):
        out["framework"] = f"ilacs-{i['type']}"
    else:
        out["framework"] = i.get("framework")
    for area in JUDGEMENTS.values():
        out[area] = (i.get("judgements") or {}).get(area)
    return out


def agree(field_name: str, ours: str | None, ref: str | None) -> bool:
    if field_name == "authority":  # "Newcastle" is how its reports name Newcastle upon Tyne
        a, b = norm_name(ours), norm_name(ref)
        return bool(a and b) and (a == b or (len(a) >= 5 and b.startswith(a)) or (len(b) >= 5 and a.startswith(b)))
    if field_name == "lead_inspector":
        return norm_name(ours) == norm_name(ref) and bool(norm_name(ref))
    return ours == ref


@dataclass
class Tally:
    n: int = 0  # reports where the reference has a value
    agree: int = 0
    covered: int = 0  # … and we gave a value
    misses: list = field(default_factory=list)

    def add(self, ok: bool, covered: bool, miss) -> None:
        self.n += 1
        self.agree += ok
        self.covered += covered
        if not ok:
            self.misses.append(miss)


@dataclass
class Result:
    reports: int
    seconds_per_report: float
    tallies: dict[str, dict[str, dict[str, Tally]]]  # reference → split → field → Tally
    confusion: dict[str, Counter]  # reference → Counter[(ref grade, our grade)] over overall effectiveness
    confusion_all: dict[str, Counter]  # … over every judgement
    inspection_reports: int
    with_inspection: int
    with_authority_and_dates: int
    errors: list[tuple[str, str]]
    gaps: list[str]


def _read_one(args: tuple[str, str | None]) -> dict:
    from graph.reading import read_file

    path, cache = args
    return read_file(path, cache_dir=cache)


def evaluate(csv_path: str | Path, gold_path: Path | None = DEFAULT_GOLD, *, limit: int | None = None,
             only: str | None = None, workers: int = 1, cache_dir: str | None = None,
             records_out: str | None = None) -> Result:
    """Read every report of the peer CSV and score the readings against peer and corrected gold."""
    csv_path = Path(csv_path)
    with open(csv_path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if only:
        rows = [r for r in rows if only in r["path"]]
    rows = rows[:limit] if limit else rows
    gold = read_gold(gold_path)
    started = time.perf_counter()
    jobs = [(str(csv_path.parent / r["path"]), cache_dir) for r in rows]
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            records = list(pool.map(_read_one, jobs, chunksize=4))
    else:
        records = [_read_one(j) for j in jobs]
    elapsed = time.perf_counter() - started
    if records_out:
        with open(records_out, "w", encoding="utf-8") as fh:
            for row, rec in zip(rows, records):
                fh.write(json.dumps({"path": row["path"], **rec}, ensure_ascii=False) + "\n")
    tallies = {ref: {split: defaultdict(Tally) for split in ("all", "dev", "held-out")} for ref in ("peer", "gold")}
    confusion = {"peer": Counter(), "gold": Counter()}
    confusion_all = {"peer": Counter(), "gold": Counter()}
    errors, gaps = [], []
    inspection_reports = with_inspection = with_both = 0
    for row, rec in zip(rows, records):
        if rec.get("error"):
            errors.append((row["path"], rec["error"]))
        peer = peer_reference(row)
        corrected = dict(peer)
        for (p, f), g in gold.items():
            if p == row["path"] and f in corrected:
                corrected[f] = g["value"]
        if gold.get((row["path"], "is_inspection_report"), {}).get("value") == "no":
            corrected = {f: None for f in corrected}  # not a report at all: nothing to agree with
        ours = predicted(rec)
        is_report = gold.get((row["path"], "is_inspection_report"), {"value": "yes"})["value"] == "yes" and not rec.get("error")
        if is_report:
            inspection_reports += 1
            with_inspection += any(i.get("reported") for i in rec.get("inspections") or [])
            if ours["authority"] and ours["start"] and ours["end"]:
                with_both += 1
            else:
                gaps.append(row["path"])
        split = "held-out" if held_out(row["path"].split("/")[1]) else "dev"
        for ref_name, ref in (("peer", peer), ("gold", corrected)):
            for f in FIELDS:
                if ref[f] is None:
                    continue
                ok = agree(f, ours[f], ref[f])
                miss = (row["path"], ref[f], ours[f])
                for s in ("all", split):
                    tallies[ref_name][s][f].add(ok, ours[f] is not None, miss)
                if f in JUDGEMENTS.values():
                    confusion_all[ref_name][(ref[f], ours[f])] += 1
                    if f == "overall-effectiveness":
                        confusion[ref_name][(ref[f], ours[f])] += 1
    return Result(len(rows), elapsed / max(len(rows), 1), tallies, confusion, confusion_all,
                  inspection_reports, with_inspection, with_both, errors, gaps)


def format_result(r: Result, misses: bool = False, split: str = "all") -> str:
    out = [f"{r.reports} reports, {r.seconds_per_report:.2f} s/report; "
           f"{r.inspection_reports} inspection reports, {r.with_inspection} with their inspection, "
           f"{r.with_authority_and_dates} with authority and dates; {len(r.errors)} unreadable files", ""]
    for ref in ("peer", "gold"):
        title = "peer CSV" if ref == "peer" else "corrected gold (peer + tests/data/ofsted_gold_corrections.csv)"
        out += [f"agreement with the {title}, where it has a value:", "",
                "| field | all | dev split | held-out split | coverage |", "|---|---|---|---|---|"]
        for f in FIELDS:
            cells = []
            for s in ("all", "dev", "held-out"):
                t = r.tallies[ref][s].get(f)
                cells.append(f"{t.agree / t.n:.3f} ({t.agree}/{t.n})" if t and t.n else "–")
            t = r.tallies[ref]["all"].get(f)
            cover = f"{t.covered / t.n:.3f}" if t and t.n else "–"
            out.append(f"| {f} | " + " | ".join(cells) + f" | {cover} |")
        pooled = [r.tallies[ref]["all"][f] for f in FIELDS if f in r.tallies[ref]["all"]]
        n, a = sum(t.n for t in pooled), sum(t.agree for t in pooled)
        out += [f"| **all fields** | {a / n:.3f} ({a}/{n}) | | | |" if n else "", ""]
        for name, conf in (("overall effectiveness", r.confusion[ref]), ("every judgement", r.confusion_all[ref])):
            out += [f"confusion ({name}; rows: {ref}, columns: read):", "",
                    "| | " + " | ".join(GRADES) + " | none |", "|---" * (len(GRADES) + 2) + "|"]
            for g in GRADES:
                out.append(f"| {g} | " + " | ".join(str(conf[(g, o)]) for o in (*GRADES, None)) + " |")
            out.append("")
    if misses:
        def shown(path: str) -> bool:
            return split == "all" or (split == "held-out") == held_out(path.split("/")[1])

        out.append(f"disagreements with the corrected gold ({split} split):")
        for f in FIELDS:
            t = r.tallies["gold"][split].get(f)
            for path, ref, ours in (t.misses if t else []):
                out.append(f"  {f:22} {path:55} gold={ref!r} read={ours!r}")
        for path in r.gaps:
            if shown(path):
                out.append(f"  no authority/dates       {path}")
        for path, err in r.errors:
            if shown(path):
                out.append(f"  unreadable               {path}: {err}")
    return "\n".join(out)
