"""The contextual attribution model on hand-built parses: its networks, decoding and the cue's own
words inside a content; the word states are zeros (no encoder), so only the features speak."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from eventwire.events.encoder import WIDTH
from eventwire.model import Document
from eventwire.quotes import QuoteAttributor
from eventwire.quotes.context import CHUNK_WORDS, chunks
from eventwire.quotes.contextual import ContextModel, Head, best_pair
from eventwire.quotes.spans import SpanModel, Weights, cue_clause
from eventwire.syntax import ParseTree
from tests.conftest import build_doc
from tests.unit.test_quote_spans import _believes, _view


def _head(favoured: dict[str, float], inputs: int) -> Head:
    # One hidden unit: the score is the sum of the favoured features' weights (none negative).
    names = sorted(favoured)
    embed = np.array([[favoured[name]] for name in names], dtype=np.float32).reshape(len(names), 1)
    blocks = tuple(np.zeros((WIDTH, 1), dtype=np.float32) for _ in range(inputs))
    vocab = {name: n for n, name in enumerate(names)}
    return Head(vocab, blocks, embed, np.zeros(1, dtype=np.float32), np.ones(1, dtype=np.float32), -2.0)


def _zeros(doc: Document) -> np.ndarray:
    return np.zeros((len(doc.tokens), WIDTH), dtype=np.float32)


def _model(cue: dict[str, float], start: dict[str, float], end: dict[str, float]) -> ContextModel:
    return ContextModel(_head(cue, 2), _head(start, 3), _head(end, 3), 0.5, 0.0, states=_zeros)


def test_head_adds_the_rows_of_its_known_features_only() -> None:
    head = _head({"a": 3.0, "b": 1.0}, 1)
    scores = head.scores([np.zeros((3, WIDTH), dtype=np.float32)], [["a", "b"], ["b", "unknown"], []])
    assert scores.tolist() == [2.0, -1.0, -2.0]


def test_pointers_pick_the_pair_their_features_favour_first_before_last() -> None:
    doc = _believes()
    model = _model({}, {"s:w=that": 6.0}, {"s:w=that": 0.0, "e:e=kid:ccomp": 6.0})
    first, last, chance = best_pair(_view(doc), model, _zeros(doc), 1)  # type: ignore[misc]
    assert (first, last) == (2, 4) and 0.5 < chance <= 1.0  # "that Lee lied"


def test_attributor_adds_the_contextual_attribution_with_its_speaker() -> None:
    model = _model({"l=doubt": 8.0}, {"s:w=that": 6.0}, {"e:e=kid:ccomp": 6.0})
    doc = QuoteAttributor(spans=model).attribute_quotes(_believes())
    assert [(q.text, q.cue, doc.mention(q.speaker_id).text if q.speaker_id else None) for q in doc.quotes] == [
        ("that Lee lied", "doubts", "Kim")
    ]
    quiet = _model({"l=doubt": 1.0}, {"s:w=that": 6.0}, {"e:e=kid:ccomp": 6.0})  # P(cue) 0.27 < 0.5
    assert QuoteAttributor(spans=quiet).attribute_quotes(_believes()).quotes == ()


def test_the_mixture_weighs_the_linear_models_cue_and_pair_scores() -> None:
    # The networks alone find no cue (P 0.12) and favour "Lee lied"; the linear model's sure cue
    # lifts P(cue) to 0.56, and its pair model, weighted twice, turns the choice to "that Lee lied".
    linear = SpanModel(Weights({"l=doubt": 8.0}, -2.0), Weights({}), Weights({}), Weights({"s:w=that": 8.0}), 0.5, 0.0)
    networks = _model({}, {"s:w=Lee": 0.0, "s:dist=+2": 2.0}, {"e:e=kid:ccomp": 6.0})
    view, states = _view(_believes()), _zeros(_believes())
    assert best_pair(view, networks, states, 1)[:2] == (3, 4)  # type: ignore[index]
    mixed = replace(networks, linear=linear, cue_mix=0.5, span_mix=2.0)
    assert best_pair(view, mixed, states, 1)[:2] == (2, 4)  # type: ignore[index]
    assert [(cue, round(chance, 2)) for cue, chance, _ in mixed.scored(view)] == [(1, 0.56)]


def test_a_content_around_its_cue_leaves_the_cue_clause_out() -> None:
    # "The economy , Kim said , is weak ." : the content is both sides, less "Kim said".
    doc = build_doc(
        [
            ("The", "the", "DET", "det", 1, ""),
            ("economy", "economy", "NOUN", "nsubj", 6, ""),
            (",", ",", "PUNCT", "punct", 4, ""),
            ("Kim", "Kim", "PROPN", "nsubj", 4, "PERSON"),
            ("said", "say", "VERB", "parataxis", 6, ""),
            (",", ",", "PUNCT", "punct", 4, ""),
            ("is", "be", "AUX", "ROOT", 6, ""),
            ("weak", "weak", "ADJ", "acomp", 6, ""),
            (".", ".", "PUNCT", "punct", 6, ""),
        ]
    )
    gap = cue_clause(ParseTree(doc.tokens), 4, 0, 7)
    assert gap is not None and doc.text[gap.start : gap.end] == ", Kim said ,"
    assert cue_clause(ParseTree(doc.tokens), 4, 5, 7) is None  # a content after the cue
    model = _model({"l=say": 8.0}, {"s:dist=-4": 6.0}, {"e:dist=+3": 6.0})
    quotes = QuoteAttributor(spans=model, cues={}).attribute_quotes(doc).quotes
    assert [[doc.text[p.start : p.end] for p in q.parts] for q in quotes] == [["The economy ", " is weak"]]


def test_chunks_hold_whole_sentences_up_to_the_limit() -> None:
    doc = _believes()
    assert chunks(doc) == [(0, 6)]
    assert CHUNK_WORDS >= 100  # a sentence's neighbours are read with it


def test_attributor_without_the_contextual_model_uses_the_linear_one() -> None:
    assert isinstance(QuoteAttributor(contextual=False).spans, SpanModel)
