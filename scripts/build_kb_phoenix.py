"""Build the PETRARCH2/NGEC part of the actor knowledge base (``actors/data/phoenix.jsonl``).

Reads, under ``/work/shared/data``:

* ``petrarch2/dictionaries/Phoenix.Countries.actors.txt`` (people with dated roles and national
  institutions), ``Phoenix.International.actors.txt`` (IGOs, NGOs and their officials) and
  ``Phoenix.MilNonState.actors.txt`` (armed non-state groups): openeventdata/petrarch2 676801c, MIT;
* ``ngec/PLOVER_agents.txt`` (agent words already in PLOVER sectors): ahalterman/NGEC 787a06b, MIT;

with the same reader that ``--kb`` uses (``eventwire.actors.petrarch``), and writes one JSON line
per entry. Country-level entries (a bare country code) are left out: ``countries.jsonl`` has them; so are
entries coded with CAMEO region or pre-ISO codes (WAF, MEA, ANG) that PLOVER does not use.
An alias is dropped when ``curated.jsonl`` or ``countries.jsonl`` already names something with it
(hand-curated and current entries win), when it is an agent word, or when it is too short to be a
name. Every entry records its source file and commit.

Usage::

    python scripts/build_kb_phoenix.py [--shared /work/shared/data] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from eventwire.actors.kb import KbEntry, words
from eventwire.actors.petrarch import PLOVER_SECTORS, read_actors, read_agents
from eventwire.actors.sources import parse_jsonl

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA = REPO_ROOT / "src" / "eventwire" / "actors" / "data"
DEFAULT_SHARED = Path("/work/shared/data")
ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
PETRARCH_TAG = "openeventdata/petrarch2 676801c (MIT)"
NGEC_TAG = "ahalterman/NGEC 787a06b PLOVER_agents.txt (MIT)"
PLOVER_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})
#: People whose every role ended before this year are left out (historical rulers).
MIN_YEAR = 1980
#: Phrases too generic to name one party, whatever the dictionary says.
GENERIC = frozenset({"the government", "government", "the president", "president", "the army", "army"})


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse command-line arguments."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="shared data root")
    parser.add_argument("--out", type=Path, default=DATA / "phoenix.jsonl", help="output JSONL path")
    return parser.parse_args(argv)


def taken_keys() -> set[str]:
    """Normalised names, demonyms and capitals already used by the curated and country files."""
    keys: set[str] = set()
    for name in ("curated.jsonl", "countries.jsonl"):
        for entry in parse_jsonl((DATA / name).read_text(encoding="utf-8"), name):
            for form in (entry.name, *entry.aliases, *entry.demonyms, *entry.capitals):
                keys.add(" ".join(words(form)))
    return keys


def country_codes() -> frozenset[str]:
    """The PLOVER country codes of countries.jsonl (CAMEO region codes such as WAF are not)."""
    text = (DATA / "countries.jsonl").read_text(encoding="utf-8")
    return frozenset(entry.code for entry in parse_jsonl(text, "countries.jsonl") if entry.code)


def usable(entry: KbEntry, codes: frozenset[str]) -> bool:
    """Whether an actor entry adds something the country file lacks, under codes PLOVER knows."""
    if any(role.code not in codes | PLOVER_CODES for role in entry.roles):
        return False
    code_ok = entry.code is not None and entry.code in codes | PLOVER_CODES
    recent = not entry.roles or any(role.end is None or role.end.year >= MIN_YEAR for role in entry.roles)
    return code_ok and recent and (entry.sector is not None or bool(entry.roles) or entry.kind == "igo")


def keep_aliases(entry: KbEntry, taken: set[str], seen: set[str]) -> list[str]:
    """Aliases of an entry that are specific, not already taken, and not claimed twice."""
    out = []
    for alias in (entry.name, *entry.aliases):
        key = " ".join(words(alias))
        if key in taken or key in seen or key in GENERIC or len(key.replace(" ", "")) < 4:
            continue
        seen.add(key)
        out.append(alias)
    return out


def record(entry: KbEntry, aliases: list[str], source: str) -> dict[str, Any]:
    """One JSON line in the knowledge-base format."""
    roles = [
        {
            "code": role.code,
            "sector": role.sector,
            "start": role.start.isoformat() if role.start else None,
            "end": role.end.isoformat() if role.end else None,
        }
        for role in entry.roles
    ]
    return {
        "id": f"phoenix:{entry.entry_id}",
        "kind": entry.kind,
        "name": aliases[0],
        "code": entry.code,
        "sector": entry.sector,
        "aliases": aliases,
        **({"roles": roles} if roles else {}),
        "qid": None,
        "source": source,
    }


def build(shared: Path) -> list[dict[str, Any]]:
    """All usable PETRARCH2 actors and NGEC agents as knowledge-base records."""
    taken, codes = taken_keys(), country_codes()
    seen: set[str] = set()
    agents = read_agents(
        (shared / "ngec" / "PLOVER_agents.txt").read_text(encoding="utf-8"),
        source="PLOVER_agents.txt",
        sectors=PLOVER_SECTORS,
    )
    out = []
    for agent in agents:
        aliases = keep_aliases(agent, taken, seen) if agent.sector else []
        if aliases:
            out.append(record(agent, aliases, NGEC_TAG))
    agent_keys = set(seen)
    for name in ACTOR_FILES:
        text = (shared / "petrarch2" / "dictionaries" / name).read_text(encoding="utf-8", errors="replace")
        for entry in read_actors(text, source=name):
            aliases = keep_aliases(entry, taken | agent_keys, seen) if usable(entry, codes) else []
            if aliases:
                out.append(record(entry, aliases, f"{PETRARCH_TAG} {name}"))
    return out


def main(argv: list[str] | None = None) -> int:
    """Entry point: build and write phoenix.jsonl, print a summary."""
    args = parse_args(argv)
    entries = build(args.shared)
    with args.out.open("w", encoding="utf-8", newline="\n") as handle:
        for entry in entries:
            handle.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")
    kinds: dict[str, int] = {}
    for entry in entries:
        kinds[entry["kind"]] = kinds.get(entry["kind"], 0) + 1
    print(f"wrote {len(entries)} entries to {args.out}: {kinds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
