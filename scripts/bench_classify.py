"""Benchmark: seconds to classify 1,000 sentence + source/target pairs (target: under 30 s).

Reads ../shared/data/plv/PLV_train.tsv (skips with a message when absent), turns its first 1,000
rows into ``classify`` input lines and runs them through ``eventwire.api.classify_pairs``, the
code behind ``eventwire classify``: the sparse coder (the default install), then, when the
``[embeddings]`` extra is installed, the MiniLM ensemble. Prints wall-clock seconds and the
process's CPU seconds (on a shared machine the wall clock also counts other people's jobs).
Run with ``make bench``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from eventwire.api import Engine, classify_pairs
from eventwire.events import EventCoder
from eventwire.events.corpora import read_plv
from eventwire.events.encoder import encoder_available

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
    for embeddings in (False, True) if encoder_available() else (False,):
        started, cpu_started = time.perf_counter(), time.process_time()
        engine = Engine()
        engine.coder = EventCoder(lexicon_files=engine.settings.lexicon_files, embeddings=embeddings)
        coder = engine.coder.pairs.coders[0]  # loads the pair coder (and torch, with embeddings)
        loaded = time.perf_counter()
        answered = sum(result["event"] is not None for result in classify_pairs(lines, engine=engine))
        done, cpu = time.perf_counter(), time.process_time() - cpu_started
        print(
            f"classify [{coder}]: start-up {loaded - started:.1f} s; {len(lines)} pairs in {done - loaded:.1f} s"
            f" ({answered} coded)"
        )
        print(
            f"classify [{coder}] total {done - started:.1f} s wall, {cpu:.1f} s CPU"
            f" for {len(lines)} pairs (target < 30 s)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
