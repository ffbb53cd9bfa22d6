"""Quality gate: the scorer's figures on the reference article. Floors only rise.

Prints the figures (``make eval`` shows them). Needs ../shared/tools/eventscore.py and the gold
events; skips naming the path when they are absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from eventwire.cli import main
from tests.conftest import shared_path

FLOORS = {"recall": 0.9, "precision": 0.9, "date_accuracy": 1.0, "status_accuracy": 1.0}


def test_reference_article_scores(tmp_path: Path) -> None:
    scorer = shared_path("tools/eventscore.py")
    seed = shared_path("corpus/seed")
    result = CliRunner().invoke(
        main,
        [
            "process",
            str(seed / "haniyeh-tehran.txt"),
            "--published",
            "2024-03-26",
            "--format",
            "jsonl",
            "--db",
            str(tmp_path / "e.db"),
        ],
    )
    assert result.exit_code == 0, result.output
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(line + "\n" for line in result.stdout.splitlines() if line.startswith("{")))
    scored = subprocess.run(
        [
            sys.executable,
            str(scorer),
            "events",
            "--gold",
            str(seed / "gold_events.jsonl"),
            "--pred",
            str(pred),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    figures, _ = json.JSONDecoder().raw_decode(scored.stdout)  # a summary line follows the JSON
    print(
        "\nreference article (eventscore events):",
        {
            k: figures[k]
            for k in ("found", "core_gold", "recall", "precision", "f1", "date_accuracy", "status_accuracy")
        },
    )
    for name, floor in FLOORS.items():
        assert figures[name] >= floor, (name, figures[name], figures["missed"])
