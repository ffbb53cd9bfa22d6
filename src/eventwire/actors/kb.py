"""The actor knowledge base: countries, international bodies, groups, people, agent words.

Reads JSONL entries (``data/countries.jsonl``, ``data/curated.jsonl`` and any user files);
builds a normalised alias index once. Never parses text or resolves mentions itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

DEFAULT_FILES = ("curated.jsonl", "countries.jsonl")
#: When two entries share an alias, the lower rank wins (a person beats a country).
KIND_RANK = {"person": 0, "group": 1, "igo": 2, "construct": 3, "country": 4, "agent": 5}
_WORD = re.compile(r"[\w.@&'-]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Role:
    """A position an entry held from ``start`` to ``end`` (None: open)."""

    code: str | None
    sector: str | None
    title: str
    start: date | None
    end: date | None

    def holds_on(self, day: date) -> bool:
        """Whether the role was held on this day."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class KbEntry:
    """One canonical party."""

    entry_id: str
    kind: str  # country | igo | group | person | agent | construct
    name: str
    code: str | None
    sector: str | None
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    qid: str | None = None
    source: str = ""

    def role_on(self, day: date | None) -> Role | None:
        """The role held on ``day`` (the latest role when the day is unknown)."""
        if not self.roles:
            return None
        if day is None:
            return self.roles[-1]
        return next((role for role in reversed(self.roles) if role.holds_on(day)), None)


@dataclass(frozen=True, slots=True)
class AliasHit:
    """How a phrase matched an entry: by name, demonym or capital."""

    entry: KbEntry
    how: str  # alias | demonym | capital


def normalize(text: str) -> str:
    """Lowercase, unify apostrophes and dots, drop a leading article and possessive."""
    text = text.replace("’", "'").replace("‘", "'").lower().strip()
    text = re.sub(r"'s$|'$", "", text)
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"\s+", " ", text).strip(" ,.")


def words(text: str) -> list[str]:
    """Split text into the word units aliases are matched on."""
    return [normalize(word) for word in _WORD.findall(text.replace("’", "'")) if normalize(word)]


class KnowledgeBase:
    """Entries and the alias index over their names, demonyms and capitals."""

    def __init__(self, entries: Iterable[KbEntry]) -> None:
        self.entries = tuple(entries)
        self._index: dict[str, AliasHit] = {}
        self.longest = 1
        for entry in sorted(self.entries, key=lambda e: KIND_RANK.get(e.kind, 9)):
            for how, names in (
                ("alias", entry.aliases + (entry.name,)),
                ("demonym", entry.demonyms),
                ("capital", entry.capitals),
            ):
                for name in names:
                    key = " ".join(words(name))
                    if key and key not in self._index:
                        self._index[key] = AliasHit(entry, how)
                        self.longest = max(self.longest, len(key.split()))

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, phrase: str) -> AliasHit | None:
        """Exact match of a whole phrase against names, demonyms and capitals."""
        return self._index.get(" ".join(words(phrase)))

    def scan(self, phrase: str) -> Iterator[tuple[int, int, AliasHit]]:
        """Every (start, end, hit) word n-gram of the phrase that names an entry, longest first."""
        units = words(phrase)
        for size in range(min(self.longest, len(units)), 0, -1):
            for start in range(len(units) - size + 1):
                hit = self._index.get(" ".join(units[start : start + size]))
                if hit is not None:
                    yield start, start + size, hit


def load_kb(extra: Iterable[Path] = ()) -> KnowledgeBase:
    """Load the packaged knowledge base, then user files in our JSONL format."""
    data = resources.files("eventwire.actors").joinpath("data")
    entries = [entry for name in DEFAULT_FILES for entry in _parse(data.joinpath(name).read_text("utf-8"), name)]
    for path in extra:
        entries[:0] = _parse(path.read_text(encoding="utf-8"), str(path))  # user entries first
    return KnowledgeBase(entries)


def _parse(text: str, name: str) -> list[KbEntry]:
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            entries.append(_entry(json.loads(line)))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{name}:{number}: not a knowledge-base entry ({error}).") from None
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
