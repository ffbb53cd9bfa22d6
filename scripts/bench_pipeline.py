"""Benchmark: documents per second and peak memory of the whole pipeline on public-domain VOA stories.

Reads ../shared/data/corpus/voa/voa_stories_dev.jsonl (skips with a message when absent); writes a
temporary database. Run with ``make bench``.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from eventwire.api import Engine
from eventwire.model import Document
from eventwire.store import SqliteStore

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "corpus" / "voa" / "voa_stories_dev.jsonl"


def main() -> int:
    """Time start-up and processing of the VOA stories; print the figures."""
    if not CORPUS.exists():
        print(f"skipped: needs {CORPUS}")
        return 0
    started = time.perf_counter()
    engine = Engine()
    loaded = time.perf_counter()
    docs = events = 0
    chars = 0
    with tempfile.TemporaryDirectory() as folder, SqliteStore(Path(folder) / "bench.db") as store:
        for item in engine.documents([CORPUS]):
            if isinstance(item, Document):
                store.write_document(item)
                docs, events, chars = docs + 1, events + len(item.events), chars + len(item.text)
    done = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"start-up {loaded - started:.2f} s; {docs} documents ({chars} chars), {events} events in "
        f"{done - loaded:.2f} s = {docs / (done - loaded):.1f} docs/s, {chars / (done - loaded) / 1000:.0f} kchars/s; "
        f"peak RSS {peak_mb:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
