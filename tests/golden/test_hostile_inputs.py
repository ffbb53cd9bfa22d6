"""Hostile inputs beside the reference article: nothing is lost, every bad input is a failure.

The folder is built at run time (no 50 MB file in the repository): zero bytes, random binary,
invalid UTF-8, a 50 MB text, deeply nested HTML, an HTML page of scripts only, a gzip bomb, a
feed with broken XML and a JSONL dump with broken lines. ``eventwire process`` runs in a
subprocess so its peak memory can be measured; it must exit 0, store the article's events and
record at least one failure, with a reason, for each hostile input.
"""

from __future__ import annotations

import gzip
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

from eventwire.events.encoder import encoder_available
from eventwire.store import SqliteStore
from tests.conftest import shared_path

# The default install stays under 1.0 GB (measured 734 MB). With the [embeddings] extra, process
# also holds torch and the int8 MiniLM shared by the places and quotes models (about 340 MB
# measured on its own) and the float32 MiniLM adapted to event location (about 90 MB): 1,047 MB
# alone (988 MB before the adapted one), 1,078 MB in the full suite in CI before it, so 1.25 GB there.
MAX_PEAK_BYTES = 1_250_000_000 if encoder_available() else 1_000_000_000


def _hostile_folder(folder: Path) -> list[str]:
    rng = random.Random(7)
    folder.mkdir()
    (folder / "zero-bytes.txt").write_bytes(b"")
    (folder / "random-binary.txt").write_bytes(bytes(rng.randrange(256) for _ in range(100_000)))
    (folder / "invalid-utf8.txt").write_bytes(b"The minister said " + b"\xff\xfe\xc3\x28 and left.")
    with (folder / "fifty-mb.txt").open("wb") as handle:
        for _ in range(50):
            handle.write(b"The talks went on for another day. " * 29_000)
    (folder / "nested.html").write_bytes(b"<html><body>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000)
    scripts = b"<script>var x = 1;</script>" * 50
    (folder / "scripts-only.html").write_bytes(
        b"<html><head>" + scripts + b"</head><body>" + scripts + b"</body></html>"
    )
    (folder / "bomb.txt.gz").write_bytes(gzip.compress(b"\0" * 200_000_000, compresslevel=9))
    (folder / "broken.rss").write_text('<?xml version="1.0"?><rss><channel><item><title>Talks</ti', encoding="utf-8")
    (folder / "broken.jsonl").write_text('{"id": "x", "text": \n{not json}\n[1, 2]\n', encoding="utf-8")
    return sorted(path.name for path in folder.iterdir())


def test_hostile_folder_with_the_reference_article(tmp_path: Path) -> None:
    seed = shared_path("corpus/seed/haniyeh-tehran.txt")
    folder = tmp_path / "inputs"
    hostile = _hostile_folder(folder)
    shutil.copy(seed, folder / seed.name)
    db = tmp_path / "e.db"
    script = (
        "import resource, sys\n"
        "from eventwire.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:], standalone_mode=False)\n"
        "finally:\n"
        "    own = 0\n"
        "    for line in open('/proc/self/status', encoding='ascii'):\n"
        "        if line.startswith('VmHWM:'):\n"
        "            own = int(line.split()[1])\n"
        "    peak = max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "    print('PEAK_KB', peak, file=sys.stderr)\n"
    )
    args = ["process", str(folder), "--published", "2024-07-31", "--db", str(db), "--format", "none"]
    result = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    peak = int(result.stderr.rsplit("PEAK_KB", 1)[1].split()[0]) * 1024
    # The run's own peak: VmHWM of its own address space (ru_maxrss of RUSAGE_SELF keeps the peak of
    # the pytest process it was forked from across exec on Linux) and that of any children it started.
    assert peak < MAX_PEAK_BYTES
    with SqliteStore(db) as store:
        failures = store.failures()
        assert store.event_records("haniyeh-tehran"), "the reference article's events were not stored"
        assert store.count("documents") == 1
    for name in hostile:
        mine = [
            f for f in failures if Path(f.source.split("!")[0].split("#")[0].split(":")[0]).name in (name, name[:-3])
        ]
        assert mine and all(f.reason.strip() and "\n" not in f.reason for f in mine), (name, failures)
        assert f"failed: {folder / name}" in result.stderr or f"failed: {folder / name[:-3]}" in result.stderr
    print(f"\nhostile folder: {len(hostile)} inputs, {len(failures)} failures, peak memory {peak / 1e6:.0f} MB")
    assert os.path.getsize(db) < 50_000_000


def test_a_run_where_nothing_succeeds_exits_non_zero_without_a_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "inputs"
    _hostile_folder(folder)
    launcher = "import sys; from eventwire.cli import main; main(sys.argv[1:])"
    command = [
        sys.executable,
        "-c",
        launcher,
        "process",
        str(folder),
        "--db",
        str(tmp_path / "e.db"),
        "--format",
        "none",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "No document was processed" in result.stderr and "0 documents" in result.stderr
