"""The learned pair coder on hand-built parses: features, training, the shipped model, readers."""

from pathlib import Path

import numpy as np

from eventwire.events import EventCoder, load_lexicon
from eventwire.events.corpora import read_own, read_plv
from eventwire.events.learned import TrainOptions, fit_pair_model, load_pair_model
from eventwire.events.measure import score_labels
from eventwire.events.paircoder import JOINT_CODER, JOINT_ENSEMBLE_CODER, PairCoder, features_of
from eventwire.model import Span
from tests.conftest import build_doc

ATTACK = [
    ("Israel", "Israel", "PROPN", "nsubj", 1, "GPE"),
    ("attacked", "attack", "VERB", "ROOT", 1, ""),
    ("Hamas", "Hamas", "PROPN", "dobj", 1, "ORG"),
]


def test_features_follow_the_path_and_the_lexicon() -> None:
    doc = build_doc(ATTACK)
    features = features_of(doc, doc.sentences[0], Span(0, 6), Span(16, 21), lexicon=load_lexicon())
    assert {"lca:attack", "p:attack", "b:attack", "lexp:ASSAULT", "sdep:nsubj", "tdep:dobj"} <= set(features)
    assert "order:target_first" not in features
    swapped = features_of(doc, doc.sentences[0], Span(16, 21), Span(0, 6), lexicon=load_lexicon())
    assert "order:target_first" in swapped


def test_phrase_features_join_verb_and_object() -> None:
    doc = build_doc(ATTACK)
    features = features_of(doc, doc.sentences[0], Span(0, 6), Span(16, 21), lexicon=load_lexicon())
    assert {"root:attack", "vo:attack_hamas"} <= set(features)


def test_own_training_sentences_mark_both_parties() -> None:
    own = read_own()
    assert len(own) >= 100
    assert {pair.label for pair in own} == {"COOPERATE", "AID", "PROTEST", "THREATEN", "MOBILIZE", "NONE"}
    for pair in own:
        assert pair.source is not None and pair.target is not None, pair.pair_id
        assert "<" not in pair.text, pair.pair_id


def test_missing_party_is_a_feature_not_an_error() -> None:
    doc = build_doc(ATTACK)
    features = features_of(doc, doc.sentences[0], Span(0, 6), None, lexicon=load_lexicon())
    assert "pair:one_party" in features and "path:none" in features


def test_training_separates_classes_and_round_trips(tmp_path: Path) -> None:
    rows = [["bias", "w:attack"], ["bias", "w:strike"], ["bias", "w:meet"], ["bias", "w:talk"]] * 3
    labels = ["ASSAULT", "ASSAULT", "CONSULT", "CONSULT"] * 3
    model = fit_pair_model(rows, labels, options=TrainOptions(l2=1e-4, epochs=200, min_count=1))
    guesses = [model.labels[int(p.argmax())] for p in model.predict([["w:attack"], ["w:talk"]])]
    assert guesses == ["ASSAULT", "CONSULT"]
    path = tmp_path / "model.json"
    import json

    path.write_text(json.dumps(model.to_json()))
    again = load_pair_model(path)
    assert np.allclose(again.predict(rows), model.predict(rows), atol=1e-3)


def test_shipped_model_codes_a_plain_attack_jointly_with_the_lexicon() -> None:
    coder = EventCoder()
    doc = build_doc(ATTACK)
    (coding,) = coder.code_pairs(doc, [(Span(0, 6), Span(16, 21), doc.sentences[0])])
    assert coding.event == "ASSAULT"
    assert coding.coder in (JOINT_CODER, JOINT_ENSEMBLE_CODER)  # the latter with the [embeddings] extra
    assert 0.0 < coding.confidence <= 1.0
    assert set(coder.pairs.model.labels) == {
        "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "YIELD", "REQUEST", "ACCUSE",
        "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "NONE",
    }  # fmt: skip


def test_a_pair_the_model_calls_none_has_no_event() -> None:
    rows = [["bias", "w:attack"], ["bias", "w:bear"]] * 4
    model = fit_pair_model(rows, ["ASSAULT", "NONE"] * 4, options=TrainOptions(l2=1e-4, epochs=200, min_count=1))
    coder = PairCoder(lexicon=load_lexicon(), model=model)
    born = build_doc([("Ruritania", "Ruritania", "PROPN", "nsubj", 1, "GPE"), ("bore", "bear", "VERB", "ROOT", 1, "")])
    (coding,) = coder.code_pairs(born, [(born.sentences[0], Span(0, 9), None)])
    assert (coding.event, coding.mode, coding.coder) == (None, None, "events.model.v1")


def test_plv_reader_strips_marks_into_spans(tmp_path: Path) -> None:
    path = tmp_path / "plv.tsv"
    marked = "<s>Ruritania</s> accused <t>Freedonia</t> of spying."
    path.write_text(f"\tmarked_sentence\tgold_root\n0\t{marked}\tACCUSE\n")
    (pair,) = read_plv(path)
    assert pair.text == "Ruritania accused Freedonia of spying."
    assert pair.source is not None and pair.text[pair.source.start : pair.source.end] == "Ruritania"
    assert pair.target is not None and pair.text[pair.target.start : pair.target.end] == "Freedonia"


def test_scores_count_macro_f1_over_all_fifteen_classes() -> None:
    scores = score_labels(["ASSAULT", "ACCUSE"], ["ASSAULT", "ASSAULT"])
    assert scores.accuracy == 0.5
    assert scores.per_class_f1["ASSAULT"] == round(2 / 3, 3)
    assert scores.macro_f1 == round(2 / 3 / 15, 3)
    assert scores.top_confusions == ["ACCUSE->ASSAULT x1"]
