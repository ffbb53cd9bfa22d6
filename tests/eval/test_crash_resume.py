"""Crash safety: a run killed with SIGKILL five times, then re-run, stores exactly one clean run's events.

200 short documents (two-sentence passages of the public-domain VOA stories in
../shared/data/corpus/voa, credit voanews.com / Voice of America) keep it affordable on 2 cores.
Each kill lands after a random number of stored documents plus a random delay, so some land in
the middle of a write. Prints the figures (``make eval``).
"""

from __future__ import annotations

import json
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from eventwire.store import SqliteStore
from tests.conftest import shared_path

DOCS = 200
KILLS = 5
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def _documents(path: Path) -> list[dict[str, str]]:
    docs: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        story = json.loads(line)
        sentences = _SENTENCE_END.split(story["text"])
        for start in range(0, len(sentences) - 1, 2):
            if len(docs) < DOCS:
                text = " ".join(sentences[start : start + 2])
                docs.append({"id": f"{story['id']}-{start}", "text": text, "published": story["published"][:10]})
    return docs


def _process(inputs: Path, db: Path) -> subprocess.Popen[bytes]:
    command = "import sys; from eventwire.cli import main; main(sys.argv[1:])"
    args = [sys.executable, "-c", command, "process", str(inputs), "--db", str(db), "--format", "none"]
    return subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def _events(db: Path) -> list[str]:
    with SqliteStore(db) as store:
        return sorted(json.dumps(record, sort_keys=True) for record in store.event_records())


def test_killed_runs_resume_to_the_events_of_one_clean_run(tmp_path: Path) -> None:
    docs = _documents(shared_path("data/corpus/voa/voa_stories_dev.jsonl"))
    assert len(docs) == DOCS
    inputs = tmp_path / "voa.jsonl"
    inputs.write_text("".join(json.dumps(doc) + "\n" for doc in docs), encoding="utf-8")
    clean, crashed = tmp_path / "clean.db", tmp_path / "crashed.db"
    assert _process(inputs, clean).wait(timeout=900) == 0
    rng = random.Random(2024)
    kill_points = []
    for _ in range(KILLS):
        target = min(DOCS - 1, _stored(crashed) + rng.randint(1, DOCS // (KILLS + 1)))
        run = _process(inputs, crashed)
        while _stored(crashed) < target and run.poll() is None:
            time.sleep(0.02)
        time.sleep(rng.uniform(0, 0.3))
        run.send_signal(signal.SIGKILL)
        run.wait()
        kill_points.append(_stored(crashed))
    assert _process(inputs, crashed).wait(timeout=900) == 0
    clean_events, resumed_events = _events(clean), _events(crashed)
    print(f"\ncrash/resume: {DOCS} documents, killed after {kill_points} stored, {len(clean_events)} events")
    assert clean_events and resumed_events == clean_events
    assert _stored(crashed) == _stored(clean) > DOCS * 0.9
