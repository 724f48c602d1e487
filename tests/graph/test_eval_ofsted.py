"""`councilkg eval ofsted`: the harness on a two-report peer CSV (real reports from tests/data/ofsted)."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

from graph.eval_ofsted import evaluate, format_result, held_out, norm_name, peer_reference
from pdf_text import READ_CACHE

DATA = Path(__file__).resolve().parents[1] / "data" / "ofsted"
COLUMNS = ["path", "local_authority", "publication_date", "inspection_framework", "inspector_name",
           "inspection_start_date", "inspection_end_date", "overall_effectiveness_grade", "impact_of_leaders_grade",
           "help_and_protection_grade", "in_care_grade", "care_leavers_grade"]


def test_peer_values_are_read_in_the_read_vocabulary():
    ref = peer_reference({"local_authority": "bournemouth, christchurch & poole", "inspection_framework": "short",
                          "publication_date": "09/05/25", "inspection_start_date": "17/03/2025",
                          "overall_effectiveness_grade": "requires improvement", "care_leavers_grade": "data_unreadable"})
    assert (ref["framework"], ref["published"], ref["start"]) == ("ilacs-short", "2025-05-09", "2025-03-17")
    assert (ref["overall-effectiveness"], ref["care-leavers"]) == ("requires-improvement", None)
    assert norm_name("London Borough of Richmond upon Thames") == norm_name("Richmond upon Thames")
    assert held_out("dorset") == held_out("dorset")  # stable


def test_agreement_corrections_and_confusion_on_two_real_reports(tmp_path):
    for name in ("knowsley-2021-12-03.pdf", "newham-2019-03-25.pdf"):
        (tmp_path / "reports").mkdir(exist_ok=True)
        shutil.copy(DATA / name, tmp_path / "reports" / name)
    peer = tmp_path / "peer.csv"
    with open(peer, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        # Knowsley right; Newham's help-and-protection wrong in the peer (the report says requires improvement)
        w.writerow(["reports/knowsley-2021-12-03.pdf", "knowsley", "03/12/21", "standard", "Paula Thomson-Jones",
                    "11/10/2021", "22/10/2021", *["requires improvement"] * 4, "inspection_pre_dates_judgement"])
        w.writerow(["reports/newham-2019-03-25.pdf", "newham", "25/03/19", "standard", "Dawn Godfrey", "11/02/2019",
                    "22/02/2019", "inadequate", "inadequate", "inadequate", "inadequate", "inspection_pre_dates_judgement"])
    gold = tmp_path / "gold.csv"
    gold.write_text("path,field,value,quote,note\nreports/newham-2019-03-25.pdf,help-and-protection,requires-improvement,"
                    "Requires improvement,peer error\n")
    result = evaluate(peer, gold, cache_dir=str(READ_CACHE))  # the harness's own cache, shared
    peer_hp = result.tallies["peer"]["all"]["help-and-protection"]
    gold_hp = result.tallies["gold"]["all"]["help-and-protection"]
    assert (peer_hp.agree, peer_hp.n, gold_hp.agree, gold_hp.n) == (1, 2, 2, 2)
    assert result.confusion_all["peer"][("inadequate", "requires-improvement")] == 1
    assert result.with_authority_and_dates == 2
    text = format_result(result, misses=True)
    assert text.rstrip().endswith("disagreements with the corrected gold (all split):")  # none left after the correction
