"""BM25 tokenizer: council identifiers and acronyms survive tokenization."""
from embed.keyword import KeywordIndex, tokenize


def test_tokenizer_keeps_numbered_references_whole():
    tokens = tokenize("Priority 1.10 addresses finding 6.1a; see 2.3.1 and para 17.")
    assert "1.10" in tokens and "6.1a" in tokens and "2.3.1" in tokens and "17" in tokens
    assert "1" not in tokens and "10" not in tokens


def test_tokenizer_keeps_acronyms_and_drops_question_words():
    assert tokenize("What did the EHCP and ILACS reports say?") == ["ehcp", "ilacs", "report"]


def test_bm25_finds_a_paragraph_by_its_priority_number():
    index = KeywordIndex.build(["1.1 High functioning Improvement Board", "1.10 Monitoring for children home educated",
                                "Priority 10 and 1 are unrelated"])
    scores = index.scores("1.10")
    assert scores.argmax() == 1
