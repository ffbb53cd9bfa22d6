"""Turn a parsed PETRARCH/TABARI verb dictionary into event-lexicon rows coded to PLOVER.

Reads a ``VerbDictionary`` (``petrarch_verbs`` parses it) and a CAMEO -> PLOVER table
(``cameo_plover``); returns rows in the lexicon's columns and renders them as TSV. Builds
``data/cameo_verbs.tsv`` (``scripts/build_lexicon.py``) and converts a user's dictionary at load
time, with the extra columns the PETRARCH-style coder (``petrarch_roles``) reads. Never opens files.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from eventwire.events.cameo_plover import NO_PLOVER, PloverCoding, map_code, packaged_table
from eventwire.events.petrarch_verbs import Block, Pattern, Verb, VerbDictionary, parse_dictionary

COLUMNS = ("pos", "lemma", "particle", "pre", "post", "cameo", "plover", "mode", "contexts", "origin")
#: Columns a converted user dictionary adds: the PLOVER type of a TABARI reciprocal code's second
#: half (`[032:033]`: the target does 033 to the source), `%` (a compound actor acts on itself),
#: the verb's written forms, and `swap` (the pattern puts the source `$` after the verb or the target
#: `+` before it: "- + * MONEY $", "received money from X": X is the source).
USER_COLUMNS = (*COLUMNS, "reverse", "compound", "forms", "swap")


@dataclass(frozen=True, slots=True)
class LexiconRow:
    """One output row; `origin` is `FILE:LINENO` of the dictionary line it comes from."""

    lemma: str
    particle: str
    pre: str
    post: str
    cameo: str
    plover: str
    mode: str
    contexts: str
    origin: str
    pos: str = "VERB"
    reverse: str = ""  # PLOVER type of the reciprocal code, or ""
    compound: str = ""  # "1" for a `%` pattern
    swap: str = ""  # "1" for a pattern with the source after the verb or the target before it
    forms: str = ""  # "|"-joined written forms of the verb

    def fields(self, columns: Sequence[str] = COLUMNS) -> tuple[str, ...]:
        """Return the values in `columns` order (`COLUMNS` unless told)."""
        return tuple(getattr(self, column) for column in columns)


def _glue(pre: str, post: str, glued: tuple[bool, bool]) -> tuple[str, str]:
    """Mark the items touching the verb: `recently_*` (just before it), `*_up` (just after it)."""
    before, after = pre.split(), post.split()
    if glued[0] and before:
        before[-1] = "|".join(f"{word}_*" for word in before[-1].split("|"))
    if glued[1] and after:
        after[0] = "|".join(f"*_{word}" for word in after[0].split("|"))
    return " ".join(before), " ".join(after)


def _make_row(
    verb: Verb,
    pattern: Pattern | None,
    *,
    block: Block,
    table: Mapping[str, PloverCoding],
    source: str,
    glue: bool = False,
) -> LexiconRow:
    """Row for a verb alone (pattern None: the verb's own code, else the block's) or with a pattern."""
    if pattern is not None:
        code, reverse = pattern.code, pattern.reverse
    else:
        code, reverse = (verb.code, verb.reverse) if verb.code else (block.code, block.reverse)
    coding = map_code(code, table)
    reverse_type = map_code(reverse, table).plover if reverse else ""
    pre, post = (pattern.pre, pattern.post) if pattern else ("", "")
    if glue and pattern is not None:
        pre, post = _glue(pre, post, pattern.glued)
    pre = " ".join(part for part in (verb.pre, pre) if part)
    lineno = pattern.lineno if pattern else verb.lineno
    return LexiconRow(
        verb.lemma, verb.particle, pre, post, code, coding.plover, coding.mode, coding.contexts,
        f"{source}:{lineno}", reverse=reverse_type if reverse_type != NO_PLOVER.plover else "",
        compound="1" if pattern is not None and pattern.compound else "", forms="|".join(verb.forms),
        swap="1" if pattern is not None and pattern.swap else "",
    )  # fmt: skip


def _origin_line(row: LexiconRow) -> int:
    return int(row.origin.rsplit(":", 1)[1])


def build_rows(
    dictionary: VerbDictionary, table: Mapping[str, PloverCoding], *, source: str, glue: bool = False
) -> list[LexiconRow]:
    """Make a default row per verb and a row per (pattern, verb); dedupe and sort them. `glue`
    keeps PETRARCH's word-touches-the-verb marks (`RECENTLY_*`) for the positional coder."""
    rows: list[LexiconRow] = []
    for block in dictionary.blocks:
        for verb, pattern in itertools.product(block.verbs, (None, *block.patterns)):
            rows.append(_make_row(verb, pattern, block=block, table=table, source=source, glue=glue))
    first: dict[tuple[str, ...], LexiconRow] = {}
    for row in sorted(rows, key=_origin_line):
        first.setdefault(row.fields()[:-1], row)  # identical but for origin: keep the first line
    return sorted(first.values(), key=lambda row: (row.fields()[1:6], _origin_line(row)))


def render_tsv(rows: Iterable[LexiconRow], columns: Sequence[str] = COLUMNS) -> str:
    """Render the header line and rows as tab-separated text ending in a newline."""
    lines = ["\t".join(columns)]
    for row in rows:
        fields = row.fields(columns)
        if any("\t" in field or "\n" in field for field in fields):
            raise ValueError(f"row from {row.origin} contains a tab or newline")
        lines.append("\t".join(fields))
    return "\n".join(lines) + "\n"


def verb_dictionary_tsv(text: str) -> str:
    """Convert a PETRARCH verb dictionary to lexicon TSV with the packaged CAMEO -> PLOVER table."""
    dictionary = parse_dictionary(text.splitlines())
    # The loader prefixes the file name: origins read `FILE:line:LINENO`.
    return render_tsv(build_rows(dictionary, packaged_table(), source="line", glue=True), USER_COLUMNS)
