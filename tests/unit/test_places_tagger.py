"""The event-location tagger: word categories, runs no candidate covers, and its use by the
contextual model, with hand-made weights and states (no MiniLM)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from eventwire.events.encoder import WIDTH
from eventwire.model import Document, Event, Place, Span
from eventwire.places.contextual import ContextualLocationModel, contextual_model_from
from eventwire.places.features import candidates
from eventwire.places.locate import locate_event
from eventwire.places.tagger import CONTEXT, FIELDS, candidate_marks, token_categories, unlisted_runs
from tests.conftest import build_doc

ROWS = [
    ("troops", "troop", "NOUN", "nsubj", 1, ""),
    ("attacked", "attack", "VERB", "ROOT", 1, ""),
    ("near", "near", "ADP", "prep", 1, ""),
    ("Blorvik", "Blorvik", "PROPN", "pobj", 2, ""),
    ("in", "in", "ADP", "prep", 1, ""),
    ("Syria", "Syria", "PROPN", "pobj", 4, "GPE"),
]
DIM = 2


def _doc() -> Document:
    doc = build_doc(ROWS)
    syria = doc.tokens[5]
    return replace(doc, places=(Place("P1", "Syria", syria.start, syria.end, "Syria", "SYR", 35.0, 38.0),))


def _model(*, mix: float) -> ContextualLocationModel:
    """A contextual model whose network says nothing (probability 0.5 for every pair) and whose
    tagger's one hidden unit reads the first dimension of the word's state."""
    tagger_inputs = 3 * WIDTH + (1 + 2 * CONTEXT) * len(FIELDS) * DIM
    hidden = np.zeros((tagger_inputs, 1), dtype=np.float32)
    hidden[0, 0] = 10.0
    arrays = {
        "vocab": np.array(["bias"]), "sparse": np.zeros(1), "hidden_weights": np.zeros((6 * WIDTH, 1)),
        "hidden_bias": np.zeros(1), "out": np.zeros(1), "bias": np.array(0.0), "threshold": np.array(0.6),
        "also": np.array(0.9), "tagger_hidden_weights": hidden, "tagger_hidden_bias": np.zeros(1),
        "tagger_out": np.ones(1), "tagger_bias": np.array(-5.0), "tagger_mix": np.array(mix),
        "tagger_span_threshold": np.array(0.5),
    }  # fmt: skip
    for name in FIELDS:
        arrays[f"tagger_vocab_{name}"] = np.array(["<unknown>"])
        arrays[f"tagger_embedding_{name}"] = np.zeros((1, DIM))
    return contextual_model_from(arrays)


def _states(*words: int) -> np.ndarray:
    states = np.zeros((len(ROWS), WIDTH), dtype=np.float32)
    states[:, 1] = 1.0
    for word in words:
        states[word] = 0.0
        states[word, 0] = 1.0  # the tagger's unit fires on these words
    return states


def test_categories_say_how_each_word_stands_to_the_trigger() -> None:
    doc = _doc()
    sent = doc.sentences[0]
    rows = token_categories(doc, 1, sent, candidate_marks(doc, candidates(doc, 1, sent)))
    named = [dict(zip(FIELDS, row, strict=True)) for row in rows]
    assert [r["link"] for r in named] == ["child", "trig", "child", "grandchild", "child", "grandchild"]
    assert [r["rel"] for r in named[:4]] == ["-1", "+0", "+1", "+2"]
    assert named[5]["cand"] == "docR" and named[3]["cand"] == "no"
    assert named[3]["prep"] == "ADP:near" and named[3]["prev"] == "ADP:near"
    assert named[5]["ent"] == "GPE" and named[3]["path"] == "2/0"


def test_unlisted_runs_skip_runs_a_candidate_touches() -> None:
    assert unlisted_runs([0.1, 0.8, 0.9, 0.2, 0.7, 0.7], {4}, 0.6) == [(1, 3)]
    assert unlisted_runs([0.7], set(), 0.6) == [(0, 1)]
    assert unlisted_runs([0.5, 0.2], set(), 0.6) == []


def test_the_tagger_mixes_into_candidates_and_names_a_further_place() -> None:
    doc = _doc()
    sent = doc.sentences[0]
    found = candidates(doc, 1, sent)
    quiet, fired = _states(3), _states(3, 5)
    model = _model(mix=0.5)
    assert model.probabilities(doc, 1, found, quiet)[0] == pytest.approx(0.5 * 0.5 + 0.5 / (1 + np.exp(5)), rel=1e-3)
    assert model.probabilities(doc, 1, found, fired)[0] == pytest.approx(0.5 * 0.5 + 0.5 / (1 + np.exp(-5)), rel=1e-3)
    assert model.further_spans(doc, 1, found, quiet) == [Span(doc.tokens[3].start, doc.tokens[3].end)]
    assert model.further_spans(doc, 1, found, fired) == [Span(doc.tokens[3].start, doc.tokens[3].end)]
    trigger = doc.tokens[1]
    event = Event("E1", "EVENT", Span(0, len(doc.text)), Span(trigger.start, trigger.end), "test")

    def name_place(span: Span) -> Place:
        return Place("P2", doc.text[span.start : span.end], span.start, span.end)

    located = locate_event(doc, event, model, (), fired, name_place=name_place)
    assert [p.extracted_place for p in located] == ["Syria", "Blorvik"]
    assert [p.extracted_place for p in locate_event(doc, event, model, (), quiet, name_place=name_place)] == ["Blorvik"]
    assert locate_event(doc, event, model, (), quiet) == []  # without a way to name it, no further place
