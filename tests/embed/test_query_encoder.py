"""The numpy forward pass gives the vectors sentence-transformers gives (the real model), and only for models it implements."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from embed.encoder import model_info
from embed.query_encoder import QueryEncoder, supports

REPO = Path(__file__).resolve().parents[2]


def _model_folder() -> Path:
    return Path(model_info("")["path"])


@pytest.mark.slow
def test_the_vectors_are_those_of_sentence_transformers_on_real_questions_and_paragraphs(real_corpus):
    from embed.encoder import get_encoder

    questions = [json.loads(line)["question"] for line in (REPO / "tests" / "data" / "qa_set.jsonl").read_text().splitlines()
                 if line.strip()][:40]
    paragraphs = [p.text for p in list(real_corpus.paragraphs())[::97]][:40]
    texts = questions + paragraphs + ["", "x", "Ünïcode — “quotes”, 55,388 ADULT MEMBERS", " ".join(["word"] * 600)]
    ours = QueryEncoder(_model_folder()).encode(texts, batch_size=16)
    theirs = get_encoder().encode(texts, batch_size=16)
    assert ours.shape == theirs.shape and ours.dtype == np.float32
    assert np.min(np.sum(ours * theirs, axis=1)) > 0.99999
    assert np.abs(ours - theirs).max() < 1e-4


def test_only_a_mean_pooled_bert_is_taken(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(_model_folder(), folder, ignore=shutil.ignore_patterns("*.safetensors", "*.bin"))
    (folder / "model.safetensors").write_bytes(b"")
    assert supports(folder)
    pooling = folder / "1_Pooling" / "config.json"
    config = json.loads(pooling.read_text())
    pooling.write_text(json.dumps({**config, "pooling_mode_mean_tokens": False, "pooling_mode_cls_token": True}))
    assert not supports(folder)  # CLS pooling: another function, left to sentence-transformers
    pooling.write_text(json.dumps(config))
    (folder / "config.json").write_text(json.dumps({**json.loads((folder / "config.json").read_text()),
                                                    "model_type": "roberta"}))
    assert not supports(folder)


def test_asking_does_not_import_torch():
    """The point of it: encoding a question in a new process imports neither torch nor sentence-transformers."""
    code = ("import sys; from embed.encoder import get_query_encoder; get_query_encoder().encode(['a question']); "
            "print(sorted(m for m in ('torch', 'sentence_transformers', 'transformers') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
