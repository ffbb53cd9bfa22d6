"""Build the CAMEO verb lexicon `cameo_verbs.tsv` and the CAMEO -> PLOVER table `cameo2plover.tsv`.

Reads the PETRARCH2 CAMEO verb dictionary (`CAMEO.2.0.txt`, MIT, Open Event Data Alliance 2015)
and the CAMEO -> PLOVER conversion table (`CAMEO2PLOVER-2021.txt`, CC BY-SA 4.0, Schrodt), both
under `../shared/data`, and writes into `src/eventwire/events/data/` one tab-separated row per
(verb, pattern) with its CAMEO code and PLOVER type, mode and contexts, and the table itself (which
`load_lexicon` uses to convert users' PETRARCH verb dictionaries at load time). The work lives in
`eventwire.events.petrarch_verbs` (parsing), `eventwire.events.petrarch_rows` (rows) and
`eventwire.events.cameo_plover`; this script only reads the inputs and writes the two files.
It never touches the network. Rebuild with:

    python scripts/build_lexicon.py
"""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from eventwire.events.cameo_plover import parse_plover_table, render_table
from eventwire.events.petrarch_rows import build_rows, render_tsv
from eventwire.events.petrarch_verbs import parse_dictionary

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
DEFAULT_DICTIONARY = SHARED_DATA / "petrarch2" / "dictionaries" / "CAMEO.2.0.txt"
DEFAULT_TABLE = SHARED_DATA / "plover" / "CAMEO2PLOVER-2021.txt"
DATA = REPO_ROOT / "src" / "eventwire" / "events" / "data"
DEFAULT_OUTPUT = DATA / "cameo_verbs.tsv"
DEFAULT_TABLE_OUTPUT = DATA / "cameo2plover.tsv"


def _read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def main(argv: Sequence[str] | None = None) -> int:
    """Build the lexicon file and report what was written and what was skipped."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dictionary", type=Path, default=DEFAULT_DICTIONARY)
    parser.add_argument("--table", type=Path, default=DEFAULT_TABLE)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--table-output", type=Path, default=DEFAULT_TABLE_OUTPUT)
    args = parser.parse_args(argv)
    for path in (args.dictionary, args.table):
        if not path.is_file():
            print(f"missing input {path}: check out the shared data next to the repository", file=sys.stderr)
            return 1
    dictionary = parse_dictionary(_read_lines(args.dictionary))
    table = parse_plover_table(_read_lines(args.table))
    rows = build_rows(dictionary, table, source=args.dictionary.name)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render_tsv(rows), encoding="utf-8", newline="\n")
    args.table_output.parent.mkdir(parents=True, exist_ok=True)
    args.table_output.write_text(render_table(table), encoding="utf-8", newline="\n")
    for note in dictionary.skipped:
        print(f"skipped {note}", file=sys.stderr)
    print(f"wrote {len(rows)} rows from {len(dictionary.blocks)} verb blocks to {args.output}")
    print(f"wrote {len(table)} CAMEO codes to {args.table_output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
