"""The MiniLM head of the pair coder on hand-made vectors: training, ensemble, pooling, no-torch path."""

import json
from pathlib import Path

import numpy as np
import pytest

from eventwire.events import EventCoder
from eventwire.events.dense import DenseOptions, combine, fit_dense_head, load_dense_head
from eventwire.events.encoder import BLOCKS, WIDTH, _pool, pair_text
from eventwire.events.learned import TrainOptions, fit_pair_model
from eventwire.events.measure import choose_alpha
from eventwire.events.paircoder import ENSEMBLE_CODER, JOINT_CODER, MODEL_CODER, PairCoder
from eventwire.model import Span
from tests.conftest import build_doc

ATTACK = [
    ("Israel", "Israel", "PROPN", "nsubj", 1, "GPE"),
    ("attacked", "attack", "VERB", "ROOT", 1, ""),
    ("Hamas", "Hamas", "PROPN", "dobj", 1, "ORG"),
]


def _vectors() -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(0)
    centres = {"ASSAULT": rng.normal(size=8), "CONSULT": rng.normal(size=8)}
    labels = ["ASSAULT", "CONSULT"] * 10
    return np.array([centres[label] + 0.1 * rng.normal(size=8) for label in labels], dtype=np.float32), labels


def test_head_separates_classes_and_round_trips(tmp_path: Path) -> None:
    vectors, labels = _vectors()
    head = fit_dense_head(vectors, labels, classes=("ASSAULT", "CONSULT"), options=DenseOptions(epochs=100))
    guesses = [head.labels[int(i)] for i in head.predict(vectors).argmax(axis=1)]
    assert guesses == labels
    path = tmp_path / "head.json"
    path.write_text(json.dumps(head.to_json()))
    again = load_dense_head(path)
    assert again.labels == head.labels and again.alpha == head.alpha
    assert np.allclose(again.predict(vectors), head.predict(vectors), atol=1e-3)


def test_combine_weighs_the_two_models() -> None:
    sparse = np.array([[0.9, 0.1]], dtype=np.float32)
    dense = np.array([[0.2, 0.8]], dtype=np.float32)
    assert combine(sparse, dense, alpha=0.0).argmax() == 0
    assert combine(sparse, dense, alpha=1.0).argmax() == 1
    assert np.isclose(combine(sparse, dense, alpha=0.5).sum(), 1.0)


def test_choose_alpha_prefers_the_model_that_is_right() -> None:
    truth, labels = ["ASSAULT", "CONSULT", "ASSAULT", "CONSULT"], ("ASSAULT", "CONSULT")
    wrong = np.array([[0.4, 0.6], [0.6, 0.4], [0.4, 0.6], [0.6, 0.4]], dtype=np.float32)
    right = np.array([[0.99, 0.01], [0.01, 0.99], [0.99, 0.01], [0.01, 0.99]], dtype=np.float32)
    assert choose_alpha(truth, labels, wrong, right) > 0.0
    assert choose_alpha(truth, labels, right, wrong) == 0.0


def test_pooling_gives_unit_blocks_per_party_and_zeros_when_absent() -> None:
    # "[CLS] Israel attacked Hamas [SEP]": word pieces with character offsets; [CLS]/[SEP] are empty.
    states = np.arange(5 * WIDTH, dtype=np.float32).reshape(5, WIDTH) + 1.0
    offsets = np.array([[0, 0], [0, 6], [7, 15], [16, 21], [0, 0]])
    mask = np.ones(5, dtype=bool)
    vector = _pool(states, offsets, mask, Span(0, 6), Span(16, 21))
    blocks = vector.reshape(BLOCKS, WIDTH)
    assert np.allclose(np.linalg.norm(blocks, axis=1), 1.0)
    assert np.allclose(blocks[1], states[1] / np.linalg.norm(states[1]))  # the source: "Israel"
    assert np.allclose(blocks[3], states[2] / np.linalg.norm(states[2]))  # between: "attacked"
    alone = _pool(states, offsets, mask, Span(0, 6), None).reshape(BLOCKS, WIDTH)
    assert not alone[2].any() and not alone[3].any()


def test_pair_text_shifts_spans_into_the_sentence() -> None:
    doc = build_doc(ATTACK)
    sent = doc.sentences[0]
    text, source, target = pair_text(doc, sent, Span(0, 6), Span(16, 21))
    assert source is not None and target is not None
    assert (text[source.start : source.end], text[target.start : target.end]) == ("Israel", "Hamas")


def test_without_embeddings_the_coder_names_the_sparse_model() -> None:
    coder = EventCoder(embeddings=False)
    doc = build_doc(ATTACK)
    (coding,) = coder.code_pairs(doc, [(Span(0, 6), Span(16, 21), doc.sentences[0])])
    assert coder.pairs.head is None and coding.coder in (MODEL_CODER, JOINT_CODER)


def test_head_and_model_must_share_labels() -> None:
    vectors, labels = _vectors()
    head = fit_dense_head(vectors, labels, classes=("ASSAULT", "CONSULT"), options=DenseOptions(epochs=5))
    rows = [["bias", "w:attack"], ["bias", "w:meet"], ["bias", "w:bear"]]
    model = fit_pair_model(rows, ["ASSAULT", "CONSULT", "NONE"], options=TrainOptions(epochs=5, min_count=1))
    with pytest.raises(ValueError, match="make train"):
        PairCoder(lexicon=EventCoder(embeddings=False).lexicon, model=model, head=head, encoder=None)
    assert ENSEMBLE_CODER.startswith("events.model.v2")
