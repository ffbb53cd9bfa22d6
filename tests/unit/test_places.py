"""Places: gazetteer lookups, disambiguation by context, and event location on hand-built parses."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import numpy as np
import pytest

from eventwire.events.encoder import WIDTH
from eventwire.export import event_record
from eventwire.model import Document, Event, Span
from eventwire.places import ContextualLocationModel, Gazetteer, Geocoder, LocationModel, normalize_name
from eventwire.places.contextual import PRODUCT_SCALE, contextual_model_from, pair_inputs
from eventwire.places.features import candidates
from eventwire.places.locate import choose_places
from eventwire.places.resolve import choose
from tests.conftest import build_doc


@pytest.fixture(scope="module")
def geocoder() -> Geocoder:
    # The sparse model, so that the unit tier never loads MiniLM (the contextual model's own tests
    # below use hand-made weights and states).
    return Geocoder(Gazetteer(cities="cities15000"), LocationModel.load())


def test_normalize_name_folds_case_accents_and_article() -> None:
    assert normalize_name("the  Rafaḩ") == "rafah"
    assert normalize_name("Côte d’Ivoire") == "cote d'ivoire"


@pytest.mark.parametrize(
    ("name", "country", "code"),
    [("U.S.", "USA", "PCLI"), ("UK", "GBR", "PCLI"), ("Britain", "GBR", "PCLI"), ("California", "USA", "ADM1"),
     ("Tehran", "IRN", "PPLC"), ("Europe", None, "CONT")],
)  # fmt: skip
def test_lookup_country_level_toponyms(geocoder: Geocoder, name: str, country: str | None, code: str) -> None:
    entry = geocoder.gazetteer.lookup(name)[0].entry
    assert (entry.country_code, entry.feature_code) == (country, code)


def test_demonym_resolves_to_its_country(geocoder: Geocoder) -> None:
    hit = geocoder.gazetteer.lookup("Russian")[0]
    assert hit.demonym and hit.entry.country_code == "RUS"


def test_organisations_in_the_actor_kb_are_not_places(geocoder: Geocoder) -> None:
    assert geocoder.gazetteer.lookup("Hamas") == ()


def test_context_country_picks_the_local_namesake(geocoder: Geocoder) -> None:
    hits = geocoder.gazetteer.lookup("Rafah")
    assert {hit.entry.country_code for hit in hits} >= {"PSE", "EGY"}
    chosen = choose(hits, Counter({"EGY": 2}))
    assert chosen is not None and chosen.entry.country_code == "EGY"


ROWS_VISIT = [
    ("Haniyeh", "Haniyeh", "PROPN", "nsubj", 2, "PERSON"),
    ("is", "be", "AUX", "aux", 2, ""),
    ("visiting", "visit", "VERB", "ROOT", 2, ""),
    ("Tehran", "Tehran", "PROPN", "dobj", 2, "GPE"),
    (".", ".", "PUNCT", "punct", 2, ""),
]

ROWS_CALLED_OFF = [
    ("Netanyahu", "Netanyahu", "PROPN", "nsubj", 1, "PERSON"),
    ("cancelled", "cancel", "VERB", "ROOT", 1, ""),
    ("a", "a", "DET", "det", 3, ""),
    ("visit", "visit", "NOUN", "dobj", 1, ""),
    ("to", "to", "ADP", "prep", 3, ""),
    ("Washington", "Washington", "PROPN", "pobj", 4, "GPE"),
]

ROWS_RAFAH = [
    ("troops", "troop", "NOUN", "nsubj", 1, ""),
    ("attacked", "attack", "VERB", "ROOT", 1, ""),
    ("in", "in", "ADP", "prep", 1, ""),
    ("the", "the", "DET", "det", 6, ""),
    ("southern", "southern", "ADJ", "amod", 6, ""),
    ("Gaza", "Gaza", "PROPN", "compound", 6, "GPE"),
    ("city", "city", "NOUN", "pobj", 2, ""),
    ("of", "of", "ADP", "prep", 6, ""),
    ("Rafah", "Rafah", "PROPN", "pobj", 7, "GPE"),
]


def _located(geocoder: Geocoder, rows: list[tuple[str, str, str, str, int, str]], trigger: int) -> Document:
    doc = geocoder.geocode_places(build_doc(rows))
    token = doc.tokens[trigger]
    event = Event("E1", "EVENT", Span(0, len(doc.text)), Span(token.start, token.end), "test")
    return geocoder.locate_events(replace(doc, events=(event,)))


def _event_place(doc: Document) -> str | None:
    place = next((p for p in doc.places if p.place_id == doc.events[0].location_id), None)
    return None if place is None else f"{place.extracted_place}/{place.country_code}"


def test_visit_is_located_at_its_object(geocoder: Geocoder) -> None:
    doc = _located(geocoder, ROWS_VISIT, 2)
    assert _event_place(doc) == "Tehran/IRN"
    assert doc.events[0].location_coder == "places.locate.v1"
    assert event_record(doc, doc.events[0])["event_loc_coder"] == "places.locate.v1"


def test_destination_of_a_cancelled_visit_is_not_the_event_location(geocoder: Geocoder) -> None:
    assert _event_place(_located(geocoder, ROWS_CALLED_OFF, 1)) is None


def test_city_of_rafah_beats_its_modifier(geocoder: Geocoder) -> None:
    assert _event_place(_located(geocoder, ROWS_RAFAH, 1)) == "Rafah/PSE"


def test_places_list_every_mention_with_geonames_fields(geocoder: Geocoder) -> None:
    doc = geocoder.geocode_places(build_doc(ROWS_RAFAH))
    rafah = next(p for p in doc.places if p.extracted_place == "Rafah")
    assert rafah.geonameid is not None and rafah.feature_class == "P" and rafah.lat is not None
    assert [p.extracted_place for p in doc.places] == ["Gaza", "Rafah"]


ROWS_KHANASIR = [
    ("shells", "shell", "NOUN", "nsubj", 1, ""),
    ("fell", "fall", "VERB", "ROOT", 1, ""),
    ("in", "in", "ADP", "prep", 1, ""),
    ("Khanasir", "Khanasir", "PROPN", "pobj", 2, "ORG"),
]

ROWS_INSIDE_SUBJECT = [
    ("Iran", "Iran", "PROPN", "poss", 2, "GPE"),
    ("'s", "'s", "PART", "case", 0, ""),
    ("minister", "minister", "NOUN", "nsubj", 3, ""),
    ("spoke", "speak", "VERB", "ROOT", 3, ""),
    ("on", "on", "ADP", "prep", 3, ""),
    ("Monday", "Monday", "PROPN", "pobj", 4, "DATE"),
]


def test_a_mislabelled_entity_after_in_is_a_place(geocoder: Geocoder) -> None:
    doc = geocoder.geocode_places(build_doc(ROWS_KHANASIR))
    assert [p.extracted_place for p in doc.places] == ["Khanasir"]


def test_an_organisation_never_becomes_a_place_without_place_syntax(geocoder: Geocoder) -> None:
    rows = [("Khanasir", "Khanasir", "PROPN", "nsubj", 1, "ORG"), ("said", "say", "VERB", "ROOT", 1, "")]
    assert geocoder.geocode_places(build_doc(rows)).places == ()


def test_the_actor_naming_place_does_not_locate_the_event(geocoder: Geocoder) -> None:
    assert _event_place(_located(geocoder, ROWS_INSIDE_SUBJECT, 3)) is None


@pytest.mark.parametrize(
    ("name", "country", "code"),
    [("Tamil Nadu", "IND", "ADM1"), ("Ontario", "CAN", "ADM1"), ("England", "GBR", "ADM1"),
     ("Orange County", "USA", "ADM2")],
)  # fmt: skip
def test_divisions_outside_the_us_and_counties_resolve(geocoder: Geocoder, name: str, country: str, code: str) -> None:
    entry = geocoder.gazetteer.lookup(name)[0].entry
    assert (entry.country_code, entry.feature_code) == (country, code) and entry.geonameid is None


def test_a_town_called_so_beats_a_city_that_has_the_name_as_an_alternate() -> None:
    gazetteer = Gazetteer(cities="cities5000")
    first = gazetteer.lookup("Riverdale")[0]
    assert first.entry.name == "Riverdale" and not first.alias


def test_unknown_name_falls_back_to_its_known_part(geocoder: Geocoder) -> None:
    from eventwire.places.resolve import _part_hits

    assert _part_hits("Oaxaca State", geocoder.gazetteer)[0].entry.country_code == "MEX"
    assert _part_hits("Snetterton, Norfolk", geocoder.gazetteer) != ()
    assert _part_hits("North Africa", geocoder.gazetteer) == ()  # a continent is no point


def test_location_model_keeps_the_best_over_its_threshold_and_never_a_destination() -> None:
    model = LocationModel({"bias": -1.0, "locative=True": 3.0}, 0.5)
    assert model.best([{"bias": 1.0}, {"bias": 1.0, "locative=True": 1.0}]) == 1
    assert model.best([{"bias": 1.0}]) is None
    assert model.best([{"bias": 1.0, "locative=True": 1.0, "destination": 1.0}]) is None


def test_choose_adds_places_over_also_and_those_listed_with_a_chosen_one() -> None:
    options: list[dict[str, float]] = [{}, {}, {}, {"destination": 1.0}]
    assert choose_places([0.9, 0.1, 0.7, 0.99], options, [0, 1, 2, 3], 0.5, 0.6) == [0, 2]
    assert choose_places([0.9, 0.1, 0.2, 0.99], options, [0, 0, 2, 3], 0.5, 0.95) == [0, 1]
    assert choose_places([0.4, 0.1, 0.2, 0.99], options, [0, 1, 2, 3], 0.5, 0.6) == []


def _tiny_contextual(sparse: dict[str, float], *, place_weight: float) -> ContextualLocationModel:
    """One hidden unit that reads the place block's first dimension."""
    hidden = np.zeros((6 * WIDTH, 1), dtype=np.float32)
    hidden[0, 0] = place_weight
    names = sorted(sparse)
    arrays = {
        "vocab": np.array(names), "sparse": np.array([sparse[n] for n in names]), "hidden_weights": hidden,
        "hidden_bias": np.zeros(1), "out": np.ones(1), "bias": np.array(-1.0), "threshold": np.array(0.5),
        "also": np.array(0.9),
    }  # fmt: skip
    return contextual_model_from(arrays)


def test_contextual_model_adds_the_network_to_the_sparse_weights(geocoder: Geocoder) -> None:
    doc = geocoder.geocode_places(build_doc(ROWS_VISIT))
    trigger = 2
    sent = doc.sentences[0]
    found = candidates(doc, trigger, sent)
    states = np.zeros((len(doc.tokens), WIDTH), dtype=np.float32)
    states[:, 0] = 1.0  # every word's state points along the first dimension
    assert [c.place.extracted_place for c in found] == ["Tehran"]
    sparse_only = _tiny_contextual({"bias": 0.5}, place_weight=0.0)
    assert sparse_only.probabilities(doc, trigger, found, states)[0] == pytest.approx(1 / (1 + np.exp(0.5)))
    with_state = _tiny_contextual({"bias": 0.5}, place_weight=3.0)
    assert with_state.probabilities(doc, trigger, found, states)[0] == pytest.approx(1 / (1 + np.exp(-2.5)), rel=1e-3)
    with pytest.raises(ValueError, match="MiniLM states"):
        with_state.probabilities(doc, trigger, found, None)


def test_pair_inputs_are_six_unit_blocks() -> None:
    states = np.random.default_rng(0).normal(size=(8, WIDTH)).astype(np.float32)
    vector = pair_inputs(states, [5, 6], 6, 2)
    assert vector.shape == (6 * WIDTH,)
    blocks = vector.reshape(6, WIDTH)
    for number in (0, 1, 4, 5):  # place, trigger, between, head
        assert np.linalg.norm(blocks[number]) == pytest.approx(1.0, rel=1e-4)
    assert np.allclose(blocks[2], blocks[0] * blocks[1] * PRODUCT_SCALE, atol=1e-5)
    assert not pair_inputs(states, [3], 3, 2)[4 * WIDTH : 5 * WIDTH].any()  # nothing between neighbours


@pytest.mark.parametrize(
    ("name", "code"),
    [("Indian Ocean", "OCN"), ("Atlantic", "OCN"), ("Middle East", "RGN"), ("Korean Peninsula", "PEN"),
     ("Cauvery", "STM"), ("White House", "BLDG"), ("Latin American", "RGN")],
)  # fmt: skip
def test_features_and_macro_regions_resolve(geocoder: Geocoder, name: str, code: str) -> None:
    assert geocoder.gazetteer.lookup(name)[0].entry.feature_code == code


def test_a_river_does_not_displace_the_state_of_its_name(geocoder: Geocoder) -> None:
    assert geocoder.gazetteer.lookup("Mississippi")[0].entry.feature_code == "ADM1"


@pytest.mark.parametrize(
    ("name", "state"), [("Calif.", "California"), ("N.J.", "New Jersey"), ("B.C.", "British Columbia")]
)
def test_state_and_province_abbreviations(geocoder: Geocoder, name: str, state: str) -> None:
    assert geocoder.gazetteer.lookup(name)[0].entry.name == state


def test_abbreviation_in_text_keeps_its_point_for_lookup(geocoder: Geocoder) -> None:
    rows = [("Trenton", "Trenton", "PROPN", "ROOT", 0, "GPE"), (",", ",", "PUNCT", "punct", 0, ""),
            ("N.J.", "N.J.", "PROPN", "appos", 0, "GPE")]  # fmt: skip
    doc = build_doc(rows)
    place = geocoder.geocode_places(doc).places[-1]
    assert (place.resolved_place, place.country_code) == ("New Jersey", "USA")


def test_nearby_place_picks_the_local_namesake(geocoder: Geocoder) -> None:
    hits = geocoder.gazetteer.lookup("Salisbury")
    anchor = geocoder.gazetteer.lookup("Southampton")[0].entry
    assert anchor.country_code == "GBR"
    chosen = choose(hits, Counter({"GBR": 1}), [anchor])
    assert chosen is not None and chosen.entry.country_code == "GBR"


def test_a_far_anchor_leaves_the_big_city(geocoder: Geocoder) -> None:
    anchor = geocoder.gazetteer.lookup("Buffalo")[0].entry
    chosen = choose(geocoder.gazetteer.lookup("Boston"), Counter({"USA": 3}), [anchor])
    assert chosen is not None and (chosen.entry.admin1, chosen.entry.population > 500_000) == ("MA", True)


ROWS_TWO_CITIES = [
    ("forces", "force", "NOUN", "nsubj", 1, ""),
    ("liberated", "liberate", "VERB", "ROOT", 1, ""),
    ("the", "the", "DET", "det", 3, ""),
    ("cities", "city", "NOUN", "dobj", 1, ""),
    ("of", "of", "ADP", "prep", 3, ""),
    ("Palmyra", "Palmyra", "PROPN", "pobj", 4, "GPE"),
    ("and", "and", "CCONJ", "cc", 5, ""),
    ("Quaryatayn", "Quaryatayn", "PROPN", "conj", 5, ""),
]

ROWS_BORDER_AND_SQUARE = [
    ("anarchists", "anarchist", "NOUN", "nsubj", 1, ""),
    ("demonstrated", "demonstrate", "VERB", "ROOT", 1, ""),
    ("at", "at", "ADP", "prep", 1, ""),
    ("the", "the", "DET", "det", 7, ""),
    ("Greek", "greek", "ADJ", "amod", 7, "NORP"),
    ("-", "-", "PUNCT", "punct", 6, ""),
    ("Macedonian", "macedonian", "ADJ", "amod", 7, ""),
    ("border", "border", "NOUN", "pobj", 2, ""),
    ("and", "and", "CCONJ", "cc", 1, ""),
    ("at", "at", "ADP", "prep", 1, ""),
    ("Adiyat", "Adiyat", "PROPN", "compound", 11, "ORG"),
    ("School", "School", "PROPN", "pobj", 9, "ORG"),
]


def test_an_event_in_two_listed_places_is_located_in_both(geocoder: Geocoder) -> None:
    doc = _located(geocoder, ROWS_TWO_CITIES, 1)
    places = {p.place_id: p.extracted_place for p in doc.places}
    assert [places[i] for i in doc.events[0].location_ids] == ["Palmyra", "Quaryatayn"]
    assert doc.events[0].location_id == doc.events[0].location_ids[0]
    assert [p["extracted_place"] for p in event_record(doc, doc.events[0])["event_locs"]] == ["Palmyra", "Quaryatayn"]


def test_names_only_the_grammar_marks_are_candidates_not_document_places(geocoder: Geocoder) -> None:
    doc = geocoder.geocode_places(build_doc(ROWS_TWO_CITIES))
    assert [p.extracted_place for p in doc.places] == ["Palmyra"]
    extra = geocoder.syntax_places(doc)
    assert [(p.place_id, p.extracted_place) for p in extra] == [("P2", "Quaryatayn")]


def test_borders_and_facilities_are_candidate_places(geocoder: Geocoder) -> None:
    doc = geocoder.geocode_places(build_doc(ROWS_BORDER_AND_SQUARE))
    assert [p.extracted_place for p in geocoder.syntax_places(doc)] == ["Greek - Macedonian border", "Adiyat School"]


@pytest.mark.parametrize(
    ("name", "code"), [("Guam", "GUM"), ("Puerto Rico", "PRI"), ("Greenland", "GRL"), ("Hong Kong", "HKG")]
)
def test_territories_are_country_level_places_at_their_capital(geocoder: Geocoder, name: str, code: str) -> None:
    entry = geocoder.gazetteer.lookup(name)[0].entry
    assert (entry.country_code, entry.feature_code) == (code, "PCLD")  # Greenland, not the village in Barbados


def _georgia_beside(geocoder: Geocoder, other: str) -> str | None:
    rows = [
        ("Police", "police", "NOUN", "nsubj", 1, ""),
        ("left", "leave", "VERB", "ROOT", 1, ""),
        (other, other, "PROPN", "dobj", 1, "GPE"),
        ("for", "for", "ADP", "prep", 1, ""),
        ("Georgia", "Georgia", "PROPN", "pobj", 3, "GPE"),
        (".", ".", "PUNCT", "punct", 1, ""),
    ]
    doc = geocoder.geocode_places(build_doc(rows))
    return next(p.country_code for p in doc.places if p.extracted_place == "Georgia")


def test_georgia_is_the_us_state_only_beside_american_places(geocoder: Geocoder) -> None:
    assert _georgia_beside(geocoder, "Atlanta") == "USA"
    assert _georgia_beside(geocoder, "Tbilisi") == "GEO"
    assert _georgia_beside(geocoder, "Moscow") == "GEO"  # no American place: the country


ROWS_ENTERED_NAME = [
    ("Jaysh", "Jaysh", "PROPN", "compound", 1, "ORG"),
    ("Al-Fateh", "Al-Fateh", "PROPN", "nsubj", 2, "ORG"),
    ("entered", "enter", "VERB", "ROOT", 2, ""),
    ("Dahiyat", "Dahiyat", "PROPN", "compound", 4, "PERSON"),
    ("Al-Assad", "Al-Assad", "PROPN", "dobj", 2, "PERSON"),
    ("on", "on", "ADP", "prep", 2, ""),
    ("Monday", "Monday", "PROPN", "pobj", 5, "DATE"),
]


def test_loose_names_are_the_other_proper_names_with_features_of_their_own(geocoder: Geocoder) -> None:
    doc = geocoder.geocode_places(build_doc(ROWS_ENTERED_NAME))
    assert doc.places == ()  # the recogniser says ORG and PERSON, the grammar licenses neither
    loose = geocoder.loose_places(doc, geocoder.syntax_places(doc))
    assert [(p.place_id, p.extracted_place) for p in loose] == [("P1", "Jaysh Al-Fateh"), ("P2", "Dahiyat Al-Assad")]
    sent = doc.sentences[0]
    found = candidates(doc, 2, sent, (), loose)
    features = next(c.features for c in found if c.place.extracted_place == "Dahiyat Al-Assad")
    assert {"loose", "loose&label=PERSON&dep=dobj", "loose&prev=enter", "loose&words=2", "syntax_name"} <= set(features)
    assert candidates(doc, 2, sent) == []  # without them the sentence has nothing to weigh
    worded = next(c.features for c in candidates(doc, 2, sent, (), loose, words=True) if c.place is loose[1])
    assert {"prev=enter", "next=on", "loose&first=dahiyat", "loose&last=assad"} <= set(worded)
    assert not any(name.startswith(("prev=", "next=")) for name in features)  # only for models trained with them


def test_only_a_model_trained_with_loose_names_weighs_them(geocoder: Geocoder) -> None:
    assert not geocoder.location_model.reads_names  # the shipped sparse model
    plain = _located(geocoder, ROWS_ENTERED_NAME, 2)
    assert plain.events[0].location_id is None and plain.places == ()
    weights = {"bias": -3.0, "loose": 1.0, "loose&prev=enter": 4.0}
    reader = Geocoder(geocoder.gazetteer, LocationModel(weights, 0.5))
    assert reader.location_model.reads_names
    located = _located(reader, ROWS_ENTERED_NAME, 2)
    assert _event_place(located) == "Dahiyat Al-Assad/None"
    assert [p.extracted_place for p in located.places] == ["Dahiyat Al-Assad"]  # the linked name joins places
