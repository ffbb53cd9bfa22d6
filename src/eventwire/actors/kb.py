"""The actor knowledge base: countries, international bodies, groups, people, agent words.

Holds entries (loaded by ``actors.sources`` from JSONL or PETRARCH dictionaries) and builds a
normalised alias index once. Never reads files, parses text or resolves mentions itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz, process

#: When two entries share an alias, the lower rank wins (a person beats a country).
KIND_RANK = {"person": 0, "group": 1, "igo": 2, "construct": 3, "country": 4, "agent": 5}
#: Least rapidfuzz ratio (0-100) for a misspelt name to count: "nasser kanami" / "nasser kanaani"
#: scores 88.9; unrelated two-word names sharing a first name score below 80.
FUZZY_MIN_SCORE = 86.0
_WORD = re.compile(r"[\w.@&'-]+", re.UNICODE)
_POSSESSIVE = re.compile(r"'s$|'$")


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
    """Split text into the word units aliases are matched on (each one ``normalize``d)."""
    units = (_word_key(word) for word in _WORD.findall(text.replace("’", "'")))
    return [unit for unit in units if unit]


def raw_words(text: str) -> list[str]:
    """The word units of ``words`` as written (case kept), aligned with them one to one."""
    return [word for word in _WORD.findall(text.replace("’", "'")) if _word_key(word)]


def _word_key(word: str) -> str:
    # ``normalize`` for one word, without its phrase-level steps: the alias index is built from
    # some 60,000 names at start-up, and this is most of its cost.
    return _POSSESSIVE.sub("", word.lower()).strip(" ,.")


class KnowledgeBase:
    """Entries and the alias index over their names, demonyms and capitals."""

    def __init__(self, entries: Iterable[KbEntry], *, cities: Mapping[str, str] | None = None) -> None:
        self.entries = tuple(entries)
        self.cities: Mapping[str, str] = cities or {}  # city name as written -> country code
        self._index: dict[str, AliasHit] = {}
        self.longest = 1
        self._fuzzy_keys: list[str] | None = None
        self._place_keys: list[str] | None = None
        self._surnames: dict[str, AliasHit] | None = None
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

    def fuzzy(self, phrase: str, *, kinds: tuple[str, ...], min_score: float = FUZZY_MIN_SCORE) -> AliasHit | None:
        """The entry whose multi-word name is spelled most like the phrase's name part, if close enough.

        Only names of two words or more take part, compared on the phrase's last words ("President
        Laurent Gbago" -> "laurent gbagbo"); the first letters must agree ("Kanami" / "Kanaani").
        """
        if self._fuzzy_keys is None:
            self._fuzzy_keys = [
                key for key, hit in self._index.items() if hit.how == "alias" and " " in key and hit.entry.kind in kinds
            ]
        units = words(phrase)
        best: tuple[float, str] | None = None
        for size in (3, 2):
            if len(units) < size:
                continue
            query = " ".join(units[-size:])
            found = process.extractOne(query, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=min_score)
            if found is not None and found[0][:1] == query[:1] and (best is None or found[1] > best[0]):
                best = (found[1], found[0])
        return self._index[best[1]] if best else None

    def fuzzy_place(self, phrase: str, *, min_score: float = FUZZY_MIN_SCORE) -> AliasHit | None:
        """The country or capital a single misspelt word names ("Afganistan", "Khatmandu")."""
        units, written = words(phrase), raw_words(phrase)
        if len(units) != 1 or len(units[0]) < 6 or not written[0][:1].isupper():
            return None
        if self._place_keys is None:
            self._place_keys = [
                key for key, hit in self._index.items() if hit.entry.kind == "country" and " " not in key
            ]
        found = process.extractOne(units[0], self._place_keys, scorer=fuzz.ratio, score_cutoff=min_score)
        return self._index[found[0]] if found is not None and found[0][:1] == units[0][:1] else None

    def surname(self, phrase: str) -> AliasHit | None:
        """The one person whose name ends with the phrase's last word ("President Mugabe").

        The last word must be capitalised, and a given name before it must be the person's.
        """
        if self._surnames is None:
            owners: dict[str, set[str]] = {}
            for entry in self.entries:
                if entry.kind == "person" and len(words(entry.name)) > 1:
                    owners.setdefault(words(entry.name)[-1], set()).add(entry.entry_id)
            by_id = {entry.entry_id: entry for entry in self.entries}
            self._surnames = {
                key: AliasHit(by_id[next(iter(ids))], "alias") for key, ids in owners.items() if len(ids) == 1
            }
        units, written = words(phrase), raw_words(phrase)
        if not units or len(units[-1]) <= 3 or not written[-1][:1].isupper():
            return None
        hit = self._surnames.get(units[-1])
        if hit is not None and len(units) > 1 and written[-2][:1].isupper() and units[-2] not in self._index:
            # "Tom King" is not "Stephenson King": a given name must be the known person's own.
            return hit if units[-2] in words(hit.entry.name) else None
        return hit

    def city(self, phrase: str) -> tuple[str, str] | None:
        """A whole capitalised run of the phrase that names a city, with the city's country.

        The run must be the city's name and no more: "Moro" in "Moro Islamic Liberation Front"
        and "Cumhuriyet" in "Cumhuriyet University" are not cities.
        """
        for run in _capitalised_runs(phrase):
            if run in self.cities:
                return run, self.cities[run]
        return None

    def scan(self, phrase: str) -> Iterator[tuple[int, int, AliasHit]]:
        """Every (start, end, hit) word n-gram of the phrase that names an entry, longest first."""
        units = words(phrase)
        for size in range(min(self.longest, len(units)), 0, -1):
            for start in range(len(units) - size + 1):
                hit = self._index.get(" ".join(units[start : start + size]))
                if hit is not None:
                    yield start, start + size, hit


def _capitalised_runs(phrase: str) -> list[str]:
    """Maximal runs of capitalised words, broken by lowercase words and by punctuation."""
    runs: list[list[str]] = [[]]
    for unit in phrase.replace("’", "'").split():
        word = re.sub(r"'s$", "", unit.strip(",.;:()'\""))
        if word[:1].isupper() and not unit.startswith("("):
            runs[-1].append(word)
        else:
            runs.append([])
        if unit.endswith((",", ";", ":", ")")) or unit.startswith("("):
            runs.append([])
    return [" ".join(run) for run in runs if run]
