"""The learned attribution-span model on hand-built parses: features, decoding, the shipped model."""

from __future__ import annotations

from eventwire.model import Document
from eventwire.quotes import QuoteAttributor
from eventwire.quotes.marks import quotation_spans
from eventwire.quotes.span_features import View, cue_features
from eventwire.quotes.spans import SpanModel, Weights, best_span, load_span_model, span_pairs
from eventwire.quotes.speaker import speaker_head
from eventwire.syntax import ParseTree
from tests.conftest import build_doc


def _believes() -> Document:
    # "Kim doubts that Lee lied ." : the content is the clause; "doubt" is no rule cue.
    return build_doc(
        [
            ("Kim", "Kim", "PROPN", "nsubj", 1, "PERSON"),
            ("doubts", "doubt", "VERB", "ROOT", 1, ""),
            ("that", "that", "SCONJ", "mark", 4, ""),
            ("Lee", "Lee", "PROPN", "nsubj", 4, "PERSON"),
            ("lied", "lie", "VERB", "ccomp", 1, ""),
            (".", ".", "PUNCT", "punct", 1, ""),
        ]
    )


def _view(doc: Document) -> View:
    return View(doc, ParseTree(doc.tokens), quotation_spans(doc.text))


def _model(cue: dict[str, float], start: dict[str, float], end: dict[str, float], threshold: float) -> SpanModel:
    # The pair model sees each pair's first-word and last-word features too.
    return SpanModel(Weights(cue, -2.0), Weights(start), Weights(end), Weights({**start, **end}), threshold, 0.0)


def test_view_knows_subtree_edges_and_the_cue_window() -> None:
    view = _view(_believes())
    assert (view.left[4], view.right[4], view.last_word[1]) == (2, 4, 4)
    assert list(view.window(1)) == [0, 1, 2, 3, 4, 5]
    starts, ends = view.edges(1)
    assert "kid:ccomp" in starts[2] and "kid:ccomp" in ends[4]


def test_cue_features_name_the_word_and_its_clause() -> None:
    features = cue_features(_view(_believes()), 1)
    assert {"l=doubt", "lk=doubt|ccomp", "subj=PERSON"} <= set(features)


def test_pointers_choose_the_edges_their_weights_favour() -> None:
    view = _view(_believes())
    model = _model({}, {"s:dist=+2": 3.0}, {"e:e=kid:ccomp": 3.0}, 0.5)
    assert best_span(view, model, 1)[:2] == (3, 4)  # type: ignore[index]  # "Lee lied"
    # Every candidate pair runs forwards, and the cue is never its own content.
    assert all(first <= last and 1 not in (first, last) for first, last, _ in span_pairs(view, model, 1))


def test_attributor_adds_the_learned_attribution_with_its_speaker() -> None:
    model = _model({"l=doubt": 5.0}, {"s:w=that": 3.0}, {"e:e=kid:ccomp": 3.0}, 0.5)
    doc = QuoteAttributor(spans=model).attribute_quotes(_believes())
    assert [(q.text, q.cue, doc.mention(q.speaker_id).text if q.speaker_id else None) for q in doc.quotes] == [
        ("that Lee lied", "doubts", "Kim")
    ]


def test_attributor_keeps_nothing_under_the_threshold() -> None:
    model = _model({"l=doubt": 1.0}, {}, {}, 0.5)
    assert QuoteAttributor(spans=model).attribute_quotes(_believes()).quotes == ()


def test_shipped_span_model_loads() -> None:
    model = load_span_model()
    assert model is not None and 0.0 < model.threshold < 1.0
    assert model.cue.weights and model.start.weights and model.end.weights and model.pair.weights


def test_attributor_takes_an_intention_and_its_holder() -> None:
    doc = build_doc(
        [
            ("Kim", "Kim", "PROPN", "nsubj", 1, "PERSON"),
            ("wants", "want", "VERB", "ROOT", 1, ""),
            ("to", "to", "PART", "aux", 3, ""),
            ("leave", "leave", "VERB", "xcomp", 1, ""),
            (".", ".", "PUNCT", "punct", 1, ""),
        ]
    )
    model = _model({"l=want": 5.0}, {"s:w=to": 3.0}, {"e:e=kid:xcomp": 3.0}, 0.5)
    coded = QuoteAttributor(spans=model).attribute_quotes(doc)
    assert [(q.text, q.cue, coded.mention(q.speaker_id).text if q.speaker_id else None) for q in coded.quotes] == [
        ("to leave", "wants", "Kim")
    ]


def test_noun_cue_takes_its_owner_as_speaker() -> None:
    doc = build_doc(
        [
            ("Kim", "Kim", "PROPN", "poss", 2, "PERSON"),
            ("'s", "'s", "PART", "case", 0, ""),
            ("claim", "claim", "NOUN", "nsubj", 7, ""),
            ("that", "that", "SCONJ", "mark", 5, ""),
            ("Lee", "Lee", "PROPN", "nsubj", 5, "PERSON"),
            ("lied", "lie", "VERB", "acl", 2, ""),
            ("was", "be", "AUX", "aux", 7, ""),
            ("rejected", "reject", "VERB", "ROOT", 7, ""),
            (".", ".", "PUNCT", "punct", 7, ""),
        ]
    )
    tree = ParseTree(doc.tokens)
    assert speaker_head(tree, 2) == 0  # "Kim's claim": the owner
    model = _model({"l=claim": 5.0}, {"s:w=that": 3.0}, {"e:e=kid:acl": 3.0}, 0.5)
    coded = QuoteAttributor(spans=model).attribute_quotes(doc)
    assert [(q.text, q.cue, coded.mention(q.speaker_id).text if q.speaker_id else None) for q in coded.quotes] == [
        ("that Lee lied", "claim", "Kim")
    ]
