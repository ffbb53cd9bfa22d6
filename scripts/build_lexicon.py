"""Build the CAMEO verb lexicon `src/eventwire/events/data/cameo_verbs.tsv`.

Reads the PETRARCH2 CAMEO verb dictionary (`CAMEO.2.0.txt`, MIT, Open Event Data Alliance 2015)
and the CAMEO -> PLOVER conversion table (`CAMEO2PLOVER-2021.txt`, CC BY-SA 4.0, Schrodt), both
under `../shared/data`, and writes one tab-separated row per (verb, pattern) with its CAMEO code
and PLOVER type, mode and contexts. Standard library only; it never touches the network, never
imports eventwire, and writes nothing but the output file. Rebuild with:

    python scripts/build_lexicon.py

Dictionary format (PETRARCH2, see `PETRreader.read_verb_dictionary`): synonym sets `&NAME` with
`+WORD` members come first; then verb blocks headed `---  NAME  [code]  ---`, whose verb lines may
carry their own `[code]` and irregular forms in `{...}` (ignored: we match on spaCy lemmas), and
whose pattern lines `- PRE * POST  [code]  # comment` apply to every verb of the block.
"""

import argparse
import itertools
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
DEFAULT_DICTIONARY = SHARED_DATA / "petrarch2" / "dictionaries" / "CAMEO.2.0.txt"
DEFAULT_TABLE = SHARED_DATA / "plover" / "CAMEO2PLOVER-2021.txt"
DEFAULT_OUTPUT = REPO_ROOT / "src" / "eventwire" / "events" / "data" / "cameo_verbs.tsv"

COLUMNS = ("pos", "lemma", "particle", "pre", "post", "cameo", "plover", "mode", "contexts", "origin")
NO_EVENT = "-"
NO_CODE = "---"

# PETRARCH position markers: $ source, + target, % compound actor, ^ skip a noun phrase.
_MARKERS = "$+%^"
_HEADER = re.compile(r"^---\s+(?P<name>\S+?)\s*\[(?P<code>[^\]]*)\]")
_CODE = re.compile(r"\[(?P<code>[^\]]*)\]")
_HEADWORD = re.compile(r"^(?P<head>[^\s{\[]+)")
_TABLE_ROW = re.compile(r"^(?P<code>\d+)\s*:\s*(?P<rest>.*)$")

# Headwords listed in an inflected form (CAMEO.2.0.txt lines 772, 1099, 1544, 1592, 2246, 2328,
# 2329, 3412, 4651, 4785, 5352, 5995, 8807-8809, 8872, 8875); spaCy gives the base form as lemma.
# BOUND (JUMP block), FOUND (ENACT block) and LAY are base forms in their blocks and stay.
_BASE_FORMS = {
    "angered": "anger", "attacked": "attack", "burnt": "burn", "deterring": "deter",
    "dispelling": "dispel", "forgiven": "forgive", "is": "be", "kidnapped": "kidnap",
    "killed": "kill", "losing": "lose", "lost": "lose", "saw": "see", "shot": "shoot",
    "touring": "tour", "understood": "understand", "worried": "worry",
}  # fmt: skip

# CAMEO 08x "Yield": PLOVER 2.0 splits it into material RETREAT and verbal CONCEDE.
_MATERIAL_YIELD = ("084", "085", "086", "087", "0813", "0814")


@dataclass(frozen=True, slots=True)
class Verb:
    """One verb line of a block: lemma, particle words, its own code if any, and its line."""

    lemma: str
    particle: str
    code: str | None
    lineno: int


@dataclass(frozen=True, slots=True)
class Pattern:
    """One pattern line: words required before and after the verb, its code, and its line."""

    pre: str
    post: str
    code: str
    lineno: int


@dataclass(frozen=True, slots=True)
class Block:
    """A verb block: its default code, its verbs and the patterns shared by all of them."""

    name: str
    code: str
    verbs: tuple[Verb, ...]
    patterns: tuple[Pattern, ...]


@dataclass(frozen=True, slots=True)
class VerbDictionary:
    """The parsed verb blocks, plus a note for each pattern line that could not be used."""

    blocks: tuple[Block, ...]
    skipped: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PloverCoding:
    """PLOVER type, mode and comma-separated contexts for one CAMEO code."""

    plover: str
    mode: str
    contexts: str


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

    def fields(self) -> tuple[str, ...]:
        """Return the values in `COLUMNS` order."""
        return tuple(getattr(self, column) for column in COLUMNS)


NO_PLOVER = PloverCoding(NO_EVENT, "", "")


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].strip()


def parse_code(text: str, *, lineno: int) -> str:
    """Return the event code inside `[...]`: the first non-empty part of `source:target`."""
    parts = [part.strip() for part in text.split(":")]
    code = next((part for part in parts if part), "")
    if code != NO_CODE:
        # One pattern writes [080!] (line 5787); the digits are the code.
        code = re.sub(r"[^0-9]", "", code)
    if code != NO_CODE and not re.fullmatch(r"\d{2,4}", code):
        raise ValueError(f"line {lineno}: cannot read a CAMEO code from [{text}]")
    return code


def parse_synsets(lines: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Read the `&NAME` synonym sets and their `+WORD` members, lowercased, up to the first block."""
    synsets: dict[str, list[str]] = {}
    name: str | None = None
    for lineno, raw in enumerate(lines, start=1):
        text = _strip_comment(raw)
        if text.startswith("---"):
            break
        if text.startswith("&"):
            name = text.split()[0]
            synsets.setdefault(name, [])
        elif text.startswith("+"):
            if name is None:
                raise ValueError(f"line {lineno}: synonym member outside a synonym set")
            # A trailing `_` (CASH_, KRONE_) means "no suffixes" in PETRARCH, not a multiword.
            synsets[name].append(text.split()[0][1:].strip("_").lower())
    return {key: tuple(dict.fromkeys(members)) for key, members in synsets.items()}


def normalize_headword(headword: str) -> tuple[str, str]:
    """Split a verb headword such as `+CALL_OFF` into its lemma (`call`) and particle (`off`)."""
    words = [word for word in headword.lstrip("+").lower().split("_") if word]
    lemma = _BASE_FORMS.get(words[0], words[0])
    # spaCy splits RE-ADMIT into three tokens, so a hyphenated lemma could never match.
    lemma = lemma.replace("-", "")
    if not lemma.isalpha():
        raise ValueError(f"verb headword {headword!r} does not give a one-word lemma")
    return lemma, " ".join(words[1:])


def parse_verb_line(text: str, *, lineno: int) -> Verb:
    """Parse a verb line `WORD {IRREGULAR FORMS} [code]` (comment already stripped)."""
    match = _HEADWORD.match(text)
    if match is None:
        raise ValueError(f"line {lineno}: no verb headword in {text!r}")
    lemma, particle = normalize_headword(match["head"])
    code_match = _CODE.search(text)
    code = parse_code(code_match["code"], lineno=lineno) if code_match else None
    return Verb(lemma, particle, code, lineno)


def _expand_word(word: str, synsets: Mapping[str, tuple[str, ...]]) -> list[str] | None:
    """Expand one `_`-joined word, replacing `&SET` parts by their members; None if undefined."""
    if word in synsets:
        return list(synsets[word])
    if "_" in word:
        head, tail = word.split("_", 1)
        heads, tails = _expand_word(head, synsets), _expand_word(tail, synsets)
        if heads is None or tails is None:
            return None
        return [f"{first}_{rest}" for first, rest in itertools.product(heads, tails)]
    if word.startswith("&"):
        return None
    return [word.lower()]


def _expand_token(token: str, synsets: Mapping[str, tuple[str, ...]]) -> str | None:
    """Turn a pattern token into `|`-joined alternatives; `""` for a bare marker, None if undefined."""
    token = token.strip(_MARKERS).strip("_")
    alternatives: list[str] = []
    for part in (part for part in token.split("/") if part):
        expanded = _expand_word(part, synsets)
        if expanded is None:
            return None
        alternatives.extend(expanded)
    return "|".join(dict.fromkeys(alternatives))


def parse_pattern(text: str, *, lineno: int, synsets: Mapping[str, tuple[str, ...]]) -> Pattern | None:
    """Parse `- PRE * POST [code]`; None when it names an undefined synonym set."""
    code_match = _CODE.search(text)
    if code_match is None:
        raise ValueError(f"line {lineno}: pattern without a [code]: {text!r}")
    body = text[1 : code_match.start()]
    # Grouping ( ) { } is dropped; `*` is sometimes glued to a word (`*SCEPTICAL`, `SPY_*_DEAL`).
    tokens = re.sub(r"[(){}]", " ", body).replace("*", " * ").split()
    if tokens.count("*") != 1:
        raise ValueError(f"line {lineno}: pattern needs exactly one '*': {text!r}")
    words: list[str] = []
    for token in tokens:
        expanded = token if token == "*" else _expand_token(token, synsets)
        if expanded is None:
            return None
        if expanded:
            words.append(expanded)
    star = words.index("*")
    code = parse_code(code_match["code"], lineno=lineno)
    return Pattern(" ".join(words[:star]), " ".join(words[star + 1 :]), code, lineno)


def _parse_header(text: str, *, lineno: int) -> tuple[str, str]:
    # One header is written `---  DISGRACE   [110]---  ---` (line 7430); only name and code matter.
    match = _HEADER.match(text)
    if match is None:
        raise ValueError(f"line {lineno}: malformed verb block header {text!r}")
    return match["name"], parse_code(match["code"], lineno=lineno)


def parse_dictionary(lines: Sequence[str]) -> VerbDictionary:
    """Parse the synonym sets and verb blocks of a PETRARCH2 verb dictionary."""
    synsets = parse_synsets(lines)
    blocks: list[Block] = []
    skipped: list[str] = []
    header: tuple[str, str] | None = None
    verbs: list[Verb] = []
    patterns: list[Pattern] = []
    for lineno, raw in enumerate(lines, start=1):
        text = _strip_comment(raw)
        if text.startswith("---"):
            if header is not None:
                blocks.append(Block(*header, tuple(verbs), tuple(patterns)))
            header, verbs, patterns = _parse_header(text, lineno=lineno), [], []
        elif not text or header is None or text.startswith("~"):
            continue  # synonym sets, blank lines, and the `~` transformation rules at the end
        elif text.startswith("-"):
            pattern = parse_pattern(text, lineno=lineno, synsets=synsets)
            if pattern is None:
                skipped.append(f"line {lineno}: undefined synonym set in {text!r}")
            else:
                patterns.append(pattern)
        else:
            verbs.append(parse_verb_line(text, lineno=lineno))
    if header is not None:
        blocks.append(Block(*header, tuple(verbs), tuple(patterns)))
    return VerbDictionary(tuple(blocks), tuple(skipped))


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


def _make_row(
    verb: Verb, pattern: Pattern | None, *, default_code: str, table: Mapping[str, PloverCoding], source: str
) -> LexiconRow:
    """Row for a verb alone (pattern None: the verb's own code, else the block's) or with a pattern."""
    code = pattern.code if pattern else (verb.code or default_code)
    coding = map_code(code, table)
    pre, post = (pattern.pre, pattern.post) if pattern else ("", "")
    lineno = pattern.lineno if pattern else verb.lineno
    return LexiconRow(
        verb.lemma, verb.particle, pre, post, code, coding.plover, coding.mode, coding.contexts,
        f"{source}:{lineno}",
    )  # fmt: skip


def _origin_line(row: LexiconRow) -> int:
    return int(row.origin.rsplit(":", 1)[1])


def build_rows(dictionary: VerbDictionary, table: Mapping[str, PloverCoding], *, source: str) -> list[LexiconRow]:
    """Make a default row per verb and a row per (pattern, verb); dedupe and sort them."""
    rows: list[LexiconRow] = []
    for block in dictionary.blocks:
        for verb, pattern in itertools.product(block.verbs, (None, *block.patterns)):
            rows.append(_make_row(verb, pattern, default_code=block.code, table=table, source=source))
    first: dict[tuple[str, ...], LexiconRow] = {}
    for row in sorted(rows, key=_origin_line):
        first.setdefault(row.fields()[:-1], row)  # identical but for origin: keep the first line
    return sorted(first.values(), key=lambda row: (row.fields()[1:6], _origin_line(row)))


def render_tsv(rows: Iterable[LexiconRow]) -> str:
    """Render the header line and rows as tab-separated text ending in a newline."""
    lines = ["\t".join(COLUMNS)]
    for row in rows:
        fields = row.fields()
        if any("\t" in field or "\n" in field for field in fields):
            raise ValueError(f"row from {row.origin} contains a tab or newline")
        lines.append("\t".join(fields))
    return "\n".join(lines) + "\n"


def _read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def main(argv: Sequence[str] | None = None) -> int:
    """Build the lexicon file and report what was written and what was skipped."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dictionary", type=Path, default=DEFAULT_DICTIONARY)
    parser.add_argument("--table", type=Path, default=DEFAULT_TABLE)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
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
    for note in dictionary.skipped:
        print(f"skipped {note}", file=sys.stderr)
    print(f"wrote {len(rows)} rows from {len(dictionary.blocks)} verb blocks to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
