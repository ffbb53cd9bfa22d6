"""Benchmark: seconds to classify 1,000 sentence + source/target pairs (target: under 30 s).

Reads ../shared/data/plv/PLV_train.tsv (skips with a message when absent), turns its first 1,000
rows into ``classify`` input lines and runs them through ``eventwire.api.classify_pairs``, the
code behind ``eventwire classify``. Run with ``make bench``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from eventwire.api import Engine, classify_pairs
from eventwire.events.corpora import read_plv

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "plv" / "PLV_train.tsv"
PAIRS = 1000


def main() -> int:
    """Time start-up and the coding of 1,000 pairs; print the figures."""
    if not CORPUS.exists():
        print(f"skipped: needs {CORPUS}")
        return 0
    lines = [
        json.dumps(
            {
                "id": pair.pair_id,
                "text": pair.text,
                "source": [pair.source.start, pair.source.end] if pair.source else [None, None],
                "target": [pair.target.start, pair.target.end] if pair.target else [None, None],
            }
        )
        for pair in read_plv(CORPUS)[:PAIRS]
    ]
    started = time.perf_counter()
    engine = Engine()
    loaded = time.perf_counter()
    answered = sum(result["event"] is not None for result in classify_pairs(lines, engine=engine))
    done = time.perf_counter()
    print(
        f"classify: start-up {loaded - started:.1f} s; {len(lines)} pairs in {done - loaded:.1f} s ({answered} coded)"
    )
    print(f"classify total {done - started:.1f} s for {len(lines)} pairs (target < 30 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
