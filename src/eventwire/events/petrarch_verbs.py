"""Read PETRARCH/TABARI verb dictionaries into verb blocks, patterns and synonym sets.

Reads the text of a verb dictionary (PETRARCH2's ``CAMEO.2.0.txt``, its validation suite's
``PETR.Validate.verbs.txt``, a team's own); returns a ``VerbDictionary`` (``petrarch_rows``
turns it into lexicon rows coded to PLOVER). Never opens files.

Format (PETRARCH2 ``PETRreader.read_verb_dictionary``): synonym sets ``&NAME`` with ``+WORD``
members (a member may be another set or several words); verb blocks headed
``---  NAME  [code]  ---``, whose verb lines may carry their own ``[code]``, irregular forms in
``{...}`` (kept for user dictionaries: PETRARCH matches written forms) and words around the
verb (``KLM_NOP_+RST``: ``+`` marks the verb); pattern lines ``- PRE * POST  [code]`` apply to
every verb of the block. ``#`` and ``<!-- -->`` are comments. A line that cannot be used is
skipped with a note, never guessed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

NO_CODE = "---"

# PETRARCH position markers: $ source, + target, % compound actor, ^ skip a noun phrase.
_MARKERS = "$+%^"
_HEADER = re.compile(r"^---\s+(?P<name>[^\[]+?)\s*\[(?P<code>[^\]]*)\]")
_CODE = re.compile(r"\[(?P<code>[^\]]*)\]")
_HEADWORDS = re.compile(r"^(?P<head>[^{\[]+)")


# Headwords listed in an inflected form (CAMEO.2.0.txt lines 772, 1099, 1544, 1592, 2246, 2328,
# 2329, 3412, 4651, 4785, 5352, 5995, 8807-8809, 8872, 8875); spaCy gives the base form as lemma.
# BOUND (JUMP block), FOUND (ENACT block) and LAY are base forms in their blocks and stay.
_BASE_FORMS = {
    "angered": "anger", "attacked": "attack", "burnt": "burn", "deterring": "deter",
    "dispelling": "dispel", "forgiven": "forgive", "is": "be", "kidnapped": "kidnap",
    "killed": "kill", "losing": "lose", "lost": "lose", "saw": "see", "shot": "shoot",
    "touring": "tour", "understood": "understand", "worried": "worry",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Verb:
    """One verb line: lemma, particle words, words required before it, its own code, its line."""

    lemma: str
    particle: str
    code: str | None
    lineno: int
    pre: str = ""
    reverse: str = ""
    forms: tuple[str, ...] = ()  # the verb's written forms: `{...}` ones and the regular ones


@dataclass(frozen=True, slots=True)
class Pattern:
    """One pattern line: words required before and after the verb, its code, and its line."""

    pre: str
    post: str
    code: str
    lineno: int
    reverse: str = ""  # second half of a reciprocal `[A:B]` code
    compound: bool = False  # `%`: the members of a compound actor act on each other
    swap: bool = False  # the source `$` after the verb or the target `+` before it
    glued: tuple[bool, bool] = (False, False)  # `RECENTLY_*`, `*_UP`: the word touches the verb


@dataclass(frozen=True, slots=True)
class Block:
    """A verb block: its default code, its verbs and the patterns shared by all of them."""

    name: str
    code: str
    verbs: tuple[Verb, ...]
    patterns: tuple[Pattern, ...]
    reverse: str = ""


@dataclass(frozen=True, slots=True)
class VerbDictionary:
    """The parsed verb blocks, plus a note for each line that could not be used."""

    blocks: tuple[Block, ...]
    skipped: tuple[str, ...]


def is_verb_dictionary(text: str) -> bool:
    """Whether text looks like a PETRARCH verb dictionary (a `--- NAME [code] ---` block header)."""
    return any(_HEADER.match(line) for line in text.splitlines())


def _strip_comment(line: str) -> str:
    if line.lstrip().startswith("<!--"):
        return ""
    return line.split("#", 1)[0].strip()


def parse_code(text: str, *, lineno: int) -> str:
    """Return the event code inside `[...]`: the first non-empty part of `source:target`."""
    parts = [part.strip() for part in text.split(":")]
    code = next((part for part in parts if part), "")
    if code != NO_CODE:
        # [080!] (CAMEO.2.0.txt line 5787), [075A], [025?] (validation suite): the digits are the code.
        code = re.sub(r"[^0-9]", "", code)
    if code != NO_CODE and not re.fullmatch(r"\d{2,4}", code):
        raise ValueError(f"line {lineno}: cannot read a CAMEO code from [{text}]")
    return code


def reverse_code(text: str) -> str:
    """The second half of a TABARI reciprocal code `[A:B]` (what the target does to the source), or ""."""
    parts = [part.strip() for part in text.split(":")]
    if len(parts) != 2 or not parts[0]:
        return ""
    code = re.sub(r"[^0-9]", "", parts[1])
    return code if re.fullmatch(r"\d{2,4}", code) else ""


def _synset_name(word: str) -> str:
    # `&PREPOSIT1_` is defined with PETRARCH's no-suffix underscore and used as `&PREPOSIT1`.
    return word.rstrip("_")


def parse_synsets(lines: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Read every `&NAME` synonym set and its `+WORD` members (lowercased, sets expanded)."""
    synsets: dict[str, list[str]] = {}
    name: str | None = None
    for raw in lines:
        text = _strip_comment(raw)
        if text.startswith("&"):
            name = _synset_name(text.split()[0])
            synsets.setdefault(name, [])
        elif not raw.strip() or text.startswith("---"):
            name = None  # a set ends at a blank line (not a comment line) or a verb block
        elif text.startswith("+") and name is not None:
            # A trailing `_` (CASH_, KRONE_) means "no suffixes", not a multiword; `+&SET` nests a
            # set (PETR.Validate.verbs.txt &ACCORDSYN); `+AUSTRIAN FLORIN` is two words in a row.
            member = "_".join(text[1:].split()).strip("_")
            nested = synsets.get(_synset_name(member.upper()))
            synsets[name].extend(nested if nested is not None else [member.lower()])
    return {key: tuple(dict.fromkeys(members)) for key, members in synsets.items()}


def normalize_headword(headword: str) -> tuple[str, str, str]:
    """Split a headword such as `+CALL_OFF` or `KLM_NOP_+RST` into (lemma, particle, words before)."""
    words = [word for word in re.split(r"[_\s]+", headword.strip().lower()) if word]
    marked = [i for i, word in enumerate(words) if word.startswith("+")]
    verb = marked[0] if marked and marked[0] > 0 else 0  # `+` marks the verb among several words
    words = [word.lstrip("+") for word in words]
    lemma = _BASE_FORMS.get(words[verb], words[verb])
    # spaCy splits RE-ADMIT into three tokens, so a hyphenated lemma could never match.
    lemma = lemma.replace("-", "")
    if not lemma.isalpha():
        raise ValueError(f"verb headword {headword!r} does not give a one-word lemma")
    return lemma, " ".join(words[verb + 1 :]), "_".join(words[:verb])


def parse_verb_line(text: str, *, lineno: int) -> Verb:
    """Parse a verb line `WORD {IRREGULAR FORMS} [code]` (comment already stripped)."""
    match = _HEADWORDS.match(text)
    if match is None or not match["head"].strip():
        raise ValueError(f"line {lineno}: no verb headword in {text!r}")
    lemma, particle, pre = normalize_headword(match["head"])
    code_match = _CODE.search(text)
    code = parse_code(code_match["code"], lineno=lineno) if code_match else None
    irregular = re.search(r"\{(?P<forms>[^}]*)\}", text)
    listed = [_form(form) for form in irregular["forms"].split()] if irregular else []
    forms = tuple(dict.fromkeys([form for form in listed if form] + regular_forms(lemma)))
    return Verb(lemma, particle, code, lineno, pre, reverse_code(code_match["code"]) if code_match else "", forms)


def _form(written: str) -> str:
    """The verb word of an irregular form (`+BROKE_DOWN` -> broke), "" when it has none."""
    words = [word for word in re.split(r"[_\s]+", written.strip().lower()) if word.strip("+")]
    marked = [word for word in words if word.startswith("+")]
    word = (marked or words or [""])[0].strip("+").replace("-", "")
    return word if word.isalpha() else ""


def regular_forms(lemma: str) -> list[str]:
    """The regular written forms of a verb (PETRARCH expands headwords the same way): -s, -ed, -ing."""
    forms = [lemma + "s", lemma + "ed", lemma + "ing"]
    if lemma.endswith("e"):
        forms += [lemma + "d", lemma[:-1] + "ing"]
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        forms.append(lemma + "es")
    if len(lemma) > 1 and lemma.endswith("y") and lemma[-2] not in "aeiou":
        forms += [lemma[:-1] + "ies", lemma[:-1] + "ied"]
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        forms += [lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"]  # tap -> tapped, tapping
    return forms


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
        # Markers glued inside a word (SUGGESTED_+, KNOWN_$) hold a place for an actor, not a word.
        pieces = [piece for piece in part.split("_") if piece.strip(_MARKERS)]
        expanded = _expand_word("_".join(piece.strip(_MARKERS) for piece in pieces), synsets) if pieces else []
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
    compound = any("%" in token for token in tokens)
    split = tokens.index("*")
    swap = any("+" in token for token in tokens[:split]) or any("$" in token for token in tokens[split + 1 :])
    glued = (
        split > 0 and tokens[split - 1].endswith("_"),
        split + 1 < len(tokens) and tokens[split + 1].startswith("_"),
    )
    return Pattern(
        " ".join(words[:star]),
        " ".join(words[star + 1 :]),
        code,
        lineno,
        reverse_code(code_match["code"]),
        compound,
        swap,
        glued,
    )


def _parse_header(text: str, *, lineno: int, skipped: list[str]) -> tuple[str, str, str]:
    # `---  DISGRACE   [110]---  ---` (CAMEO.2.0.txt 7430), `--- LASH OUT [122] ---`: name and code.
    match = _HEADER.match(text)
    if match is None:
        raise ValueError(f"line {lineno}: malformed verb block header {text!r}")
    try:
        return match["name"], parse_code(match["code"], lineno=lineno), reverse_code(match["code"])
    except ValueError as error:  # `[+++]` in the validation suite: the block's verbs code nothing
        skipped.append(f"{error}; the block's verbs code no event")
        return match["name"], NO_CODE, ""


def parse_dictionary(lines: Sequence[str]) -> VerbDictionary:
    """Parse the synonym sets and verb blocks of a PETRARCH verb dictionary."""
    synsets = parse_synsets(lines)
    blocks: list[Block] = []
    skipped: list[str] = []
    header: tuple[str, str, str] | None = None
    verbs: list[Verb] = []
    patterns: list[Pattern] = []
    in_synset = False
    for lineno, raw in enumerate(lines, start=1):
        text = _strip_comment(raw)
        if text.startswith("---"):
            if header is not None:
                blocks.append(Block(*header[:2], tuple(verbs), tuple(patterns), header[2]))
            header, verbs, patterns = _parse_header(text, lineno=lineno, skipped=skipped), [], []
            in_synset = False
        elif text.startswith("&") or (in_synset and raw.strip()):
            in_synset = True  # a synonym set between blocks (read by parse_synsets) up to a blank line
        elif not text or header is None or text.startswith("~"):
            in_synset = in_synset and bool(raw.strip())  # comments, blank lines, `~` transformations
        else:
            try:
                _add_line(text, lineno=lineno, synsets=synsets, verbs=verbs, patterns=patterns, skipped=skipped)
            except ValueError as error:
                skipped.append(str(error))
    if header is not None:
        blocks.append(Block(*header[:2], tuple(verbs), tuple(patterns), header[2]))
    return VerbDictionary(tuple(blocks), tuple(skipped))


def _add_line(
    text: str,
    *,
    lineno: int,
    synsets: Mapping[str, tuple[str, ...]],
    verbs: list[Verb],
    patterns: list[Pattern],
    skipped: list[str],
) -> None:
    if not text.startswith("-"):
        verbs.append(parse_verb_line(text, lineno=lineno))
        return
    pattern = parse_pattern(text, lineno=lineno, synsets=synsets)
    if pattern is None:
        skipped.append(f"line {lineno}: undefined synonym set in {text!r}")
    else:
        patterns.append(pattern)
