"""qa.answer_type: the classifier's input and its reading, which keep what they make from a model while it is in use."""
from types import SimpleNamespace

import numpy as np

from qa import answer_type
from qa.answer_type import CUES, inputs, predict


def test_the_input_marks_each_vocabulary_word_the_question_holds():
    vector = np.arange(3, dtype=np.float32)
    x = inputs(vector, "How many EHCPs does Bury hold? How many!", ["bury", "ehcps", "plans", "many"])
    assert x.dtype == np.float32 and len(x) == 3 + len(CUES) + 4
    assert x[:3].tolist() == [0.0, 1.0, 2.0]
    assert x[3 + len(CUES):].tolist() == [1.0, 1.0, 0.0, 1.0]
    assert x[3 + CUES.index("how many")] == 1.0
    assert inputs(vector, "anything", []).shape == (3 + len(CUES),)


def _model(favoured: str, vocabulary: list[str]) -> dict:
    """A classifier over a 2-dimensional vector that reads only its vocabulary's words: the one word favours
    ``favoured``, else ``text``."""
    classes = ["person", "text"]
    width = 2 + len(CUES) + len(vocabulary)
    coef = np.zeros((2, width))
    coef[classes.index(favoured), -1] = 5.0
    return {"classes": classes, "coef": coef.tolist(), "intercept": [0.0, 0.5], "vocabulary": vocabulary}


def _engine(model: dict) -> SimpleNamespace:
    return SimpleNamespace(model=SimpleNamespace(answer_type=model),
                           question_vector=lambda text: np.zeros(2, dtype=np.float32))


def test_each_model_is_read_with_its_own_weights_and_vocabulary_when_models_alternate():
    """The fit's asks switch an engine between fold models: what is kept from one model never answers for another,
    not even for a new model with the same vocabulary."""
    chair, clerk = _model("person", ["chairs"]), _model("text", ["chairs"])
    other_word = _model("person", ["leads"])
    engine = _engine(chair)
    for _ in range(3):
        for model, expected in ((chair, "person"), (clerk, "text"), (other_word, "text")):
            engine.model.answer_type = model
            probabilities = predict(engine, "Who chairs the board?")
            assert max(probabilities, key=probabilities.get) == expected
    changed = _model("person", ["chairs"])
    engine.model.answer_type = changed
    assert predict(engine, "Who chairs the board?")["person"] > 0.9
    changed = _model("text", ["chairs"])  # a new model object: read afresh
    engine.model.answer_type = changed
    assert predict(engine, "Who chairs the board?")["text"] > 0.9


def test_what_is_kept_stays_bounded():
    for n in range(40):
        inputs(np.zeros(2, dtype=np.float32), "a question", [f"word{n}"])
    assert len(answer_type._MADE) <= 16


def test_a_question_asking_what_something_is_called_asks_for_a_name(engine):
    """Issue 13's "What is the improvement plan called?" and a practice model's name ask for a name, not text or a
    topic: the classifier learns from labels read off the questions' words (``bench/fit_qa.py`` ``asked_type``), not
    only from the category a writer filed a question under (the model before read the first as text, 0.51)."""
    for question in ("What is the improvement plan called?", "What is the name of the practice model Bury uses?"):
        types = predict(engine, question)
        assert max(types, key=types.get) == "name" and types["name"] > 0.5, (question, types)
    types = predict(engine, "What did Ofsted say about care leavers?")
    assert max(types, key=types.get) == "topic"
