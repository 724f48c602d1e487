"""Render the synthetic Ofsted-style fixture reports to PDF (run by hand; the PDFs are committed).

    .venv/bin/python tests/graph/accountability/make_fixtures.py

Each blank-line-separated block of the .txt becomes one PDF paragraph; a page break is forced
half-way so that the readers' page numbers and rejoining are exercised too.
"""
from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "data" / "fixtures"
PDFS = ["ofsted_westshire_area_send_2023", "ofsted_eastborough_sif_2017", "ofsted_northmoor_ilacs_2023"]


def render(name: str) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    source = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    blocks = [b.strip() for b in source.split("\n\n") if b.strip()]
    styles = getSampleStyleSheet()
    story = []
    for i, block in enumerate(blocks):
        for line in block.splitlines():
            text = line.replace("&", "&amp;").replace("<", "&lt;").replace("\t", " ")
            style = styles["Heading2"] if i == 0 else styles["BodyText"]
            story.append(Paragraph(text, style))
        story.append(Spacer(1, 8))
        if i == len(blocks) // 2:
            story.append(PageBreak())
    out = FIXTURES / f"{name}.pdf"
    doc = SimpleDocTemplate(str(out), pagesize=A4, title=name, author="councilkg test fixture", invariant=1)
    doc.build(story)
    return out


if __name__ == "__main__":
    for name in PDFS:
        print(render(name))
