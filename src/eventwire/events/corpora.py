"""Readers for the pair-coding corpora the learned coder is trained and measured on.

Reads the PLV sentences (``PLV_train.tsv``, Hu et al. 2024: ``<s>``/``<t>`` marks and a gold
root category) and the PLOVER gold-standard records (``PLOVER_GSR_CAMEO.txt``, CC BY-SA 4.0)
from paths the caller gives. Never ships or copies them: research-use data stays in ../shared.
Our own sentences (``data/own_pairs.tsv``, same marks) ship with the package.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from eventwire.model import Span

#: PLV's 15 root categories (PLOVER 2.0 with CONCEDE and RETREAT still joined as YIELD).
PLV_CLASSES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "COOPERATE",
    "AID",
    "YIELD",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
#: The 2016 gold-standard records predate PLOVER 2.0's merges (readme of the GSR file).
GSR_TO_PLV = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
    "CONCEDE": "YIELD",
    "RETREAT": "YIELD",
}
#: Sentences written for this project (CC0): COOPERATE, AID, PROTEST, THREATEN, MOBILIZE, and
#: NONE (two parties, no event between them: the coder's "no event" class).
OWN_FILE = "own_pairs.tsv"
_MARK = re.compile(r"</?[st]>")


@dataclass(frozen=True, slots=True)
class LabelledPair:
    """A sentence, its source and target spans (None when unmarked) and the gold PLV class."""

    pair_id: str
    text: str
    source: Span | None
    target: Span | None
    label: str


def read_plv(path: Path) -> list[LabelledPair]:
    """Read a PLV TSV (``marked_sentence`` and ``gold_root`` columns)."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    pairs = []
    for number, row in enumerate(rows):
        text, marks = _unmark(row["marked_sentence"])
        row_id = row.get("uid") or row.get("") or str(number)
        pairs.append(LabelledPair(f"plv-{row_id}", text, marks.get("s"), marks.get("t"), row["gold_root"]))
    return pairs


def read_own() -> list[LabelledPair]:
    """Our own training sentences for the small classes (``data/own_pairs.tsv``, ours to license)."""
    with resources.as_file(resources.files("eventwire.events").joinpath("data", OWN_FILE)) as path:
        return read_plv(path)


def read_gsr(path: Path) -> list[LabelledPair]:
    """Read the PLOVER gold-standard records that name a source and a PLV-mappable event."""
    pairs = []
    for record in json.loads(path.read_text(encoding="utf-8")):
        label = GSR_TO_PLV.get(record.get("event", ""), record.get("event", ""))
        text = record.get("text") or ""
        if label not in PLV_CLASSES or not text:
            continue
        source = _find(text, record.get("source"))
        if source is None:
            continue
        pairs.append(LabelledPair(str(record["id"]), text, source, _find(text, record.get("target")), label))
    return pairs


def _unmark(marked: str) -> tuple[str, dict[str, Span]]:
    parts: list[str] = []
    opened: dict[str, int] = {}
    spans: dict[str, Span] = {}
    position = length = 0
    for match in _MARK.finditer(marked):
        parts.append(marked[position : match.start()])
        length += match.start() - position
        tag = match.group().strip("</>")
        if match.group().startswith("</"):
            spans[tag] = Span(opened.pop(tag, length), length)
        else:
            opened[tag] = length
        position = match.end()
    parts.append(marked[position:])
    return "".join(parts), spans


def _find(text: str, actors: object) -> Span | None:
    if not isinstance(actors, list):
        return None
    for actor in actors:
        name = actor.get("actorText", "") if isinstance(actor, dict) else ""
        start = text.find(name) if name else -1
        if start >= 0:
            return Span(start, start + len(name))
    return None
