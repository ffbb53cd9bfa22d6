"""Checks on the actor knowledge-base data files (countries.jsonl and curated.jsonl)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

DATA_DIR = Path(__file__).resolve().parents[2] / "src" / "eventwire" / "actors" / "data"
FILES = ("countries.jsonl", "curated.jsonl")
REQUIRED = ("id", "kind", "name", "code", "sector", "aliases", "source")
KINDS = {"country", "igo", "group", "person", "agent", "construct"}
SECTORS = {
    "COP",
    "GOV",
    "JUD",
    "LEG",
    "MIL",
    "PRM",
    "PTY",
    "REB",
    "SPY",
    "UAF",
    "UNK",
    "AGR",
    "BUS",
    "CRM",
    "CVL",
    "EDU",
    "ELI",
    "JRN",
    "LAB",
    "MED",
    "REF",
    "OPP",
    "PRE",
    "REL",
    "SOC",
}
CODE_RE = re.compile(r"^[A-Z]{3}$")


def load(name: str) -> list[dict[str, Any]]:
    """Parse one JSONL file; fail with the line number on bad JSON."""
    entries = []
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            try:
                entries.append(json.loads(line))
            except json.JSONDecodeError as exc:  # pragma: no cover - failure path
                pytest.fail(f"{name}:{lineno}: invalid JSON: {exc}")
    return entries


@pytest.fixture(scope="module")
def countries() -> list[dict[str, Any]]:
    return load("countries.jsonl")


@pytest.fixture(scope="module")
def curated() -> list[dict[str, Any]]:
    return load("curated.jsonl")


@pytest.fixture(scope="module")
def entries(countries: list[dict[str, Any]], curated: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return countries + curated


def by_id(entries: list[dict[str, Any]], entry_id: str) -> dict[str, Any]:
    matches = [e for e in entries if e["id"] == entry_id]
    assert len(matches) == 1, entry_id
    return matches[0]


def test_required_fields(entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        missing = [f for f in REQUIRED if f not in entry]
        assert not missing, (entry.get("id"), missing)
        assert isinstance(entry["id"], str) and entry["id"]
        assert isinstance(entry["name"], str) and entry["name"]
        assert entry["kind"] in KINDS, entry["id"]
        assert isinstance(entry["source"], str) and entry["source"]
        assert isinstance(entry["aliases"], list) and entry["aliases"], entry["id"]
        assert all(isinstance(a, str) and a.strip() == a and a for a in entry["aliases"]), entry["id"]


def test_ids_unique_across_files(entries: list[dict[str, Any]]) -> None:
    seen: dict[str, int] = defaultdict(int)
    for entry in entries:
        seen[entry["id"]] += 1
    assert not {i: n for i, n in seen.items() if n > 1}


def test_codes_and_sectors(entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        assert entry["code"] is None or CODE_RE.match(entry["code"]), entry["id"]
        assert entry["sector"] is None or entry["sector"] in SECTORS, entry["id"]
        for role in entry.get("roles", []):
            assert CODE_RE.match(role["code"]), entry["id"]
            assert role["sector"] is None or role["sector"] in SECTORS, entry["id"]


def test_countries_shape(countries: list[dict[str, Any]]) -> None:
    assert len(countries) > 200
    assert [c["id"] for c in countries] == sorted(c["id"] for c in countries)
    for country in countries:
        assert country["kind"] == "country"
        assert country["code"] == country["id"]
        for field in ("demonyms", "capitals"):
            assert isinstance(country[field], list), country["id"]
    codes = {c["code"] for c in countries}
    assert {"PSE", "KOS"} <= codes
    assert "XKX" not in codes


def test_role_dates(curated: list[dict[str, Any]]) -> None:
    persons = [e for e in curated if e["kind"] == "person"]
    assert len(persons) >= 80
    for person in persons:
        assert person["roles"], person["id"]
        for role in person["roles"]:
            start = dt.date.fromisoformat(role["start"]) if role.get("start") else None
            end = dt.date.fromisoformat(role["end"]) if role.get("end") else None
            if start and end:
                assert start <= end, (person["id"], role)


def test_constructs_have_no_country(curated: list[dict[str, Any]]) -> None:
    for entry in curated:
        if entry["kind"] == "construct":
            assert entry["code"] is None and entry["sector"] is None, entry["id"]
        if entry["kind"] == "agent":
            assert entry["code"] is None and entry["sector"] in SECTORS, entry["id"]


def test_country_forms_are_unambiguous(countries: list[dict[str, Any]]) -> None:
    owner: dict[str, str] = {}
    for country in countries:
        for field in ("aliases", "demonyms", "capitals"):
            for form in country[field]:
                assert owner.setdefault(form.casefold(), country["id"]) == country["id"], form


def test_spot_checks(entries: list[dict[str, Any]]) -> None:
    iran = by_id(entries, "IRN")
    assert "Tehran" in iran["capitals"]
    israel = by_id(entries, "ISR")
    assert "Israeli" in israel["demonyms"] and "Jerusalem" in israel["capitals"]
    usa = by_id(entries, "USA")
    assert {"US", "U.S.", "America", "the United States"} <= set(usa["aliases"])
    assert "Washington" in usa["capitals"] and "American" in usa["demonyms"]
    assert "the Kremlin" in by_id(entries, "RUS")["capitals"]
    assert {"Kyiv", "Kiev"} <= set(by_id(entries, "UKR")["capitals"])
    assert {"Gaza", "West Bank", "Palestine"} <= set(by_id(entries, "PSE")["aliases"])
    assert "Britain" in by_id(entries, "GBR")["aliases"]

    hamas = by_id(entries, "group:hamas")
    assert (hamas["code"], hamas["sector"]) == ("PSE", "REB")
    pentagon = by_id(entries, "group:pentagon")
    assert (pentagon["code"], pentagon["sector"]) == ("USA", "MIL")
    unsc = by_id(entries, "igo:unsc")
    assert (unsc["code"], unsc["sector"]) == ("UNO", None) and "UNSC" in unsc["aliases"]

    west = [e for e in entries if "the West" in e["aliases"]]
    assert west and all(e["code"] is None for e in west)

    abdollahian = by_id(entries, "person:hossein-amir-abdollahian")
    fm = [r for r in abdollahian["roles"] if r["title"] == "Foreign Minister"]
    assert fm and (fm[0]["code"], fm[0]["sector"], fm[0]["end"]) == ("IRN", "GOV", "2024-05-19")
    assert "Amirabdollahian" in abdollahian["aliases"]
