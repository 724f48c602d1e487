"""The shared question set: enough questions, every evidence quote verbatim in a document."""
import json
from pathlib import Path

QA_SET = Path(__file__).resolve().parents[1] / "data" / "qa_set.jsonl"


def test_qa_set_quotes_are_verbatim_and_cover_all_documents(real_corpus):
    questions = [json.loads(line) for line in QA_SET.read_text().splitlines() if line.strip()]
    assert len(questions) >= 60
    assert sum(1 for q in questions if not q["found"]) >= 8
    assert all(q["evidence"] == [] for q in questions if not q["found"])
    assert len({q["category"] for q in questions}) >= 9
    covered = set()
    for q in questions:
        assert set(q) >= {"id", "category", "question", "evidence", "answer_any", "answer_all", "found", "k"}
        for quote in q["evidence"]:
            docs = [d.id for d in real_corpus.documents if quote in d.text]
            assert docs, f"{q['id']}: evidence not verbatim: {quote!r}"
            covered.update(docs)
    assert covered == {d.id for d in real_corpus.documents}
