"""The CAMEO -> PLOVER 2.0 table: read it, render it, ship it, and map a CAMEO code with it.

Reads the text of ``CAMEO2PLOVER-2021.txt`` (Schrodt, CC BY-SA 4.0) or the packaged
``data/cameo2plover.tsv`` built from it by ``scripts/build_lexicon.py``. Never parses verb
dictionaries (``petrarch_verbs`` does).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources

TABLE_COLUMNS = ("cameo", "plover", "mode", "contexts")
NO_EVENT = "-"
NO_CODE = "---"
_TABLE_ROW = re.compile(r"^(?P<code>\d+)\s*:\s*(?P<rest>.*)$")

# CAMEO 08x "Yield": PLOVER 2.0 splits it into material RETREAT and verbal CONCEDE.
_MATERIAL_YIELD = ("084", "085", "086", "087", "0813", "0814")


@dataclass(frozen=True, slots=True)
class PloverCoding:
    """PLOVER type, mode and comma-separated contexts for one CAMEO code."""

    plover: str
    mode: str
    contexts: str


NO_PLOVER = PloverCoding(NO_EVENT, "", "")


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].strip()


def parse_plover_table(lines: Iterable[str]) -> dict[str, PloverCoding]:
    """Read `CODE: TYPE, MODE, CONTEXT # comment` rows; the first row for a code wins."""
    table: dict[str, PloverCoding] = {}
    for raw in lines:
        match = _TABLE_ROW.match(_strip_comment(raw))
        if match is None:
            continue
        fields = [field.strip() for field in match["rest"].split(",", 2)] + ["", ""]
        plover, mode, context = fields[0].upper(), fields[1], fields[2]
        contexts = ",".join(item.strip() for item in re.split(r"[;,]", context) if item.strip())
        # 08 appears twice (CONCEDE, then RETREAT) and 175 twice; keep the first of each.
        table.setdefault(match["code"], PloverCoding(plover, mode, contexts))
    return table


def render_table(table: Mapping[str, PloverCoding]) -> str:
    """Render a CAMEO -> PLOVER table as tab-separated text with a header line."""
    rows = ["\t".join((code, c.plover, c.mode, c.contexts)) for code, c in table.items()]
    return "\n".join(["\t".join(TABLE_COLUMNS), *rows]) + "\n"


def packaged_table() -> dict[str, PloverCoding]:
    """The shipped CAMEO -> PLOVER table (``data/cameo2plover.tsv``, built from CAMEO2PLOVER-2021)."""
    text = resources.files("eventwire.events").joinpath("data", "cameo2plover.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines()[1:] if line]
    return {row[0]: PloverCoding(row[1], row[2], row[3]) for row in rows}


def _lookup(code: str, table: Mapping[str, PloverCoding]) -> PloverCoding | None:
    """Find a code, falling back to its parents by truncating digits (1952 -> 195 -> 19)."""
    for length in range(len(code), 1, -1):
        if code[:length] in table:
            return table[code[:length]]
    return None


def map_code(code: str, table: Mapping[str, PloverCoding]) -> PloverCoding:
    """Map a CAMEO code to PLOVER 2.0, or to `NO_PLOVER` when it names no PLOVER event."""
    if code == NO_CODE or code.startswith("01"):
        return NO_PLOVER  # 01x are statements: no PLOVER event.
    if code.startswith("02"):
        # The table starts at 03; a 02x appeal is a REQUEST shaped like its 10x demand (0231 ~ 1031).
        analogue = _lookup("10" + code[2:], table)
        if analogue is None:
            return PloverCoding("REQUEST", "", "")
        return PloverCoding("REQUEST", analogue.mode, analogue.contexts)
    coding = _lookup(code, table)
    if coding is None:
        return NO_PLOVER
    if coding.plover == "YIELD":
        plover = "RETREAT" if code.startswith(_MATERIAL_YIELD) else "CONCEDE"
        return PloverCoding(plover, coding.mode, coding.contexts)
    return coding
