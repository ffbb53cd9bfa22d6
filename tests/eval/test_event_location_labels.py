"""How the event_location training labels agree with the gold relabelling, on the same sentences.

480 of the 496 RELABEL sentences (Halterman 2019, MIT) were first labelled in the corpus's
research-assistant sources (APW_RA, AFP_RA, Masdar_RA, Xinhua_RA) for the same verb. Scoring
those first labels against RELABEL at the token level, as the event-location gate scores a model,
shows what the training labels are: precise, but missing about a third of the locations the
relabelling marks. A model fitted (and its thresholds chosen) on such labels learns to leave
places out, which is where its recall on RELABEL is lost.

Measured 2026-11-29: 480 sentences, precision 0.896, recall 0.655 (327 tokens shared, 38 only in
the first labels, 172 only in RELABEL).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from typing import Any

from tests.conftest import shared_path


def rows() -> Iterator[dict[str, Any]]:
    """Every labelled (sentence, verb) row of the corpus."""
    archive = shared_path("data/geo/event_location/labeled_text.jsonl.zip")
    with zipfile.ZipFile(archive) as zipped:
        name = next(n for n in zipped.namelist() if n.endswith(".jsonl") and "__MACOSX" not in n)
        yield from json.loads(zipped.read(name))


def labelled(row: dict[str, Any], label: str) -> frozenset[tuple[int, int]]:
    """The character ranges of the row's tokens inside its spans of one label."""
    tokens = row["tokens"]
    return frozenset(
        (token["start"], token["end"])
        for span in row.get("spans", [])
        if span["label"] == label and "token_start" in span
        for token in tokens[span["token_start"] : span["token_end"] + 1]
    )


def test_first_labels_against_the_relabelling() -> None:
    first: dict[tuple[str, frozenset[tuple[int, int]]], dict[str, Any]] = {}
    gold = []
    for row in rows():
        key = (row["text"], labelled(row, "VERB"))
        if row.get("source") == "RELABEL":
            gold.append((key, row))
        else:
            first.setdefault(key, row)
    shared = only_first = only_gold = sentences = 0
    for key, row in gold:
        if key in first:
            sentences += 1
            truth, guess = labelled(row, "LOCATION"), labelled(first[key], "LOCATION")
            shared, only_first, only_gold = (
                shared + len(truth & guess),
                only_first + len(guess - truth),
                only_gold + len(truth - guess),
            )
    precision, recall = shared / (shared + only_first), shared / (shared + only_gold)
    figures = {"sentences": sentences, "precision": round(precision, 3), "recall": round(recall, 3)}
    print("\nevent_location first labels against RELABEL (token level):", json.dumps(figures))
    assert sentences >= 400, figures  # the corpus was read and the sentences paired
    assert precision > recall, figures  # the first labels leave places out more than they add them
