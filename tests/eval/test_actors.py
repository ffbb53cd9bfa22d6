"""Actor quality gates: PLOVER gold-standard actors and PETRARCH2's unit-test records.

1. PLOVER_GSR_CAMEO.txt (CC BY-SA 4.0, read in place, never copied): each gold source and target
   ``actorText`` is located in its sentence, widened to the noun phrase it modifies ("Hungarian"
   in "Hungarian officials"), and resolved by the actor stage (its dates are placeholders, so with
   no date). Country-code and sector accuracy are printed and gated. The GSR's pre-ISO codes (JAP, ITL) are read as
   ISO; its generic IGO accepts any intergovernmental code (IGO, UNO, EUR).
2. PETR.UnitTest.records.xml (MIT) with PETR.Validate.actors.txt / agents.txt loaded as user
   dictionaries (``--kb``) and PETR.Validate.verbs.txt as a user lexicon (``--lexicon``): the share
   of records whose every expected (source, target, PLOVER type) eventwire produces, CAMEO mapped
   with CAMEO2PLOVER-2021.txt (02 is REQUEST; 01 and the suite's 9xx test codes have no PLOVER
   event and are left out; country = first three letters). An expected ``---`` side (an actor
   PETRARCH found but could not code, "a senior official", or none: "said" with no target)
   matches a party we resolve with no code or an event without that party; records are never dropped.
   The share without the verb dictionary is printed beside it.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pytest

from eventwire.api import Engine, process
from eventwire.model import Document, Mention
from tests.conftest import shared_path

GSR_CODES = {"JAP": "JPN", "ITL": "ITA"}
IGO_CODES = frozenset({"IGO", "UNO", "EUR"})
GSR_SECTORS = {"CIV": "CVL"}
# Floors only rise. Issue 4 asks for 0.9 / 0.8 / 0.7; these are the figures reached so far.
MIN_CODE_ACCURACY = 0.92
MIN_SECTOR_ACCURACY = 0.81
MIN_PETRARCH_SHARE = 0.77
UNCODED = "---"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


@dataclass(frozen=True)
class GoldActor:
    record_id: str
    text: str
    actor_text: str
    code: str | None
    sector: str | None


def _gold_actors(path: Path) -> list[GoldActor]:
    out = []
    for record in json.loads(path.read_text(encoding="utf-8")):
        for role in ("source", "target"):
            parties = record.get(role) or []
            for party in parties if isinstance(parties, list) else [parties]:
                if isinstance(party, dict) and party.get("actorText") and party["actorText"] in record["text"]:
                    sector = (party.get("sector") or "")[:3].upper()
                    out.append(
                        GoldActor(
                            record["id"],
                            record["text"],
                            party["actorText"],
                            GSR_CODES.get(party.get("code") or "", party.get("code")),
                            GSR_SECTORS.get(sector, sector) if sector and sector != "***" else None,
                        )
                    )
    return out


def _noun_phrase(doc: Document, start: int, end: int) -> Mention:
    """The gold span widened to the noun it modifies ("Hungarian" -> "Hungarian officials")."""
    inside = [t for t in doc.tokens if start <= t.start and t.end <= end] or [
        t for t in doc.tokens if t.start < end and start < t.end
    ]
    head = next((t for t in inside if not start <= doc.tokens[t.head].start < end or t.head == t.i), inside[-1])
    while head.dep in ("amod", "compound", "poss", "nmod", "case") and doc.tokens[head.head].pos in ("NOUN", "PROPN"):
        outer = doc.tokens[head.head]
        if outer.i < head.i:
            break
        start, end, head = min(start, outer.start), max(end, outer.end), outer
    start = min(start, inside[0].start)
    return Mention(f"g{start}-{end}", start, end, doc.text[start:end], head.i)


def _code_matches(gold: str, predicted: str | None) -> bool:
    return predicted in IGO_CODES if gold == "IGO" else predicted == gold


def test_plover_gold_standard_actors(engine: Engine) -> None:
    gold = _gold_actors(shared_path("data/plover/PLOVER_GSR_CAMEO.txt"))
    by_text: dict[str, list[GoldActor]] = {}
    for actor in gold:
        by_text.setdefault(actor.text, []).append(actor)
    code_hits = code_total = sector_hits = sector_total = 0
    misses: list[str] = []
    for text, actors in by_text.items():
        # The GSR's dates are all the placeholder 2000-01-01 (readme), so roles are taken as unknown-date.
        [doc] = process(text, engine=engine)
        mentions = {}
        for actor in actors:
            offset = text.index(actor.actor_text)
            mentions[actor] = _noun_phrase(doc, offset, offset + len(actor.actor_text))
        unique = tuple({m.mention_id: m for m in mentions.values()}.values())
        resolved = engine.resolver.resolve_actors(replace(doc, mentions=unique, events=()))
        for actor, mention in mentions.items():
            found = resolved.actor_for(mention.mention_id)
            assert found is not None
            if actor.code:
                code_total += 1
                code_hits += _code_matches(actor.code, found.code)
            if actor.sector:
                sector_total += 1
                sector_hits += actor.sector == found.sector
            if (actor.code and not _code_matches(actor.code, found.code)) or (
                actor.sector and actor.sector != found.sector
            ):
                misses.append(f"{mention.text!r}: gold {actor.code}/{actor.sector} got {found.code}/{found.sector}")
    code_accuracy, sector_accuracy = code_hits / code_total, sector_hits / sector_total
    print(f"\nactors: PLOVER GSR country-code accuracy {code_accuracy:.3f} ({code_hits}/{code_total})")
    print(f"actors: PLOVER GSR sector accuracy {sector_accuracy:.3f} ({sector_hits}/{sector_total})")
    for line in misses[:15]:
        print("  miss", line)
    assert code_accuracy >= MIN_CODE_ACCURACY
    assert sector_accuracy >= MIN_SECTOR_ACCURACY


def _cameo_to_plover(path: Path) -> dict[str, str]:
    table = {"02": "REQUEST"}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d+):\s*([A-Z]+)", line)
        if match:
            table[match.group(1)] = match.group(2)
    return table


def _plover_type(cameo: str, table: dict[str, str]) -> str | None:
    if cameo.startswith(("01", "9")):
        return None
    return next((table[cameo[:n]] for n in range(len(cameo), 1, -1) if cameo[:n] in table), None)


def _unit_records(path: Path, table: dict[str, str]) -> list[tuple[str, str, date, set[tuple[str, str, str]]]]:
    records = []
    for sentence in ET.parse(path).getroot().iter("Sentence"):
        expected = set()
        for coding in sentence.iter("EventCoding"):
            plover = _plover_type(coding.get("eventcode") or "", table)
            if plover and coding.get("sourcecode") and coding.get("targetcode"):
                expected.add((coding.get("sourcecode", "")[:3], coding.get("targetcode", "")[:3], plover))
        text = " ".join((sentence.findtext("Text") or "").split())
        day = sentence.get("date") or "20000101"
        if expected and text:
            records.append((sentence.get("id", ""), text, date(int(day[:4]), int(day[4:6]), int(day[6:8])), expected))
    return records


def _produced(doc: Document) -> set[tuple[str, str, str]]:
    # PETRARCH writes `---` for an actor it found but could not code ("a senior official"): our
    # party resolved with no code. `###` (a code the suite's dictionary comments out) never matches.
    out = set()
    for event in doc.events:
        sources = [(a.code or UNCODED)[:3] for i in event.actor_ids if (a := doc.actor_for(i))] or [UNCODED]
        targets = [(a.code or UNCODED)[:3] for i in event.recipient_ids if (a := doc.actor_for(i))] or [UNCODED]
        out |= {(s, t, event.event) for s in sources for t in targets}
    return out


def _reproduced(engine: Engine, records: list[tuple[str, str, date, set[tuple[str, str, str]]]]) -> list[bool]:
    return [expected <= _produced(process(text, published=day, engine=engine)[0]) for _, text, day, expected in records]


def test_petrarch_unit_records() -> None:
    folder = shared_path("data/petrarch2")
    table = _cameo_to_plover(shared_path("data/plover/CAMEO2PLOVER-2021.txt"))
    dictionaries = folder / "dictionaries"
    kb_files = [dictionaries / "PETR.Validate.actors.txt", dictionaries / "PETR.Validate.agents.txt"]
    records = _unit_records(folder / "PETR.UnitTest.records.xml", table)
    # Without the suite's verb dictionary: our packaged lexicon only (the figure before --lexicon).
    without = sum(_reproduced(Engine(kb_files=kb_files), records))
    # As a user would run it: `--kb` actors/agents and `--lexicon PETR.Validate.verbs.txt`.
    engine = Engine(kb_files=kb_files, lexicon_files=[dictionaries / "PETR.Validate.verbs.txt"])
    passed = typed = dyads = 0
    misses: list[str] = []
    for record_id, text, day, expected in records:
        [doc] = process(text, published=day, engine=engine)
        produced = _produced(doc)
        passed += expected <= produced
        types = {event.event for event in doc.events}
        typed += all(plover in types for _, _, plover in expected)
        coded = {(a.code or "")[:3] for a in doc.actors}
        dyads += all(s in coded and t in coded for s, t, _ in expected)
        if not expected <= produced:
            misses.append(f"{record_id}: expected {sorted(expected)} got {sorted(produced)}")
    share = passed / len(records)
    print(f"\nactors: PETRARCH2 unit-test records reproduced {share:.3f} ({passed}/{len(records)})")
    print(
        f"  without the suite's verb dictionary (no --lexicon): {without / len(records):.3f} ({without}/{len(records)})"
    )
    print(f"  records whose expected PLOVER types the event coder produces: {typed}/{len(records)}")
    print(f"  records whose expected source and target codes appear among the actors: {dyads}/{len(records)}")
    for line in misses[:10]:
        print("  miss", line)
    assert share >= MIN_PETRARCH_SHARE
