"""Read PETRARCH/TABARI actor and agent dictionaries into knowledge-base entries.

Reads the text of ``*.actors.txt`` files (a name line, ``+`` synonym lines, ``[CODE]`` blocks
with optional date ranges: ``[USAGOV >090120]``, ``[HOB < 950601]``,
``[HOBGOV 19950601 - 19990815]``) and ``*agents.txt`` files (``PHRASE {PLURALS} [~SEC]``,
``!SET! = A, B`` substitution sets). Never touches the file system or resolves mentions:
``kb.load_kb`` hands it text. Formats as documented in the PETRARCH2 repository
(openeventdata/petrarch2, MIT) and its validation dictionaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date

from eventwire.actors.kb import KbEntry, Role

#: CAMEO agent codes -> PLOVER sectors. CAMEO's MED was media and HLH health (PLOVER manual,
#: "Sector code notes"). Religion codes (MOS, CHR, ...) qualify a sector and are not one.
CAMEO_SECTORS: Mapping[str, str] = {
    **{code: code for code in ("GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "LEG", "BUS")},
    **{code: code for code in ("CRM", "CVL", "EDU", "ELI", "LAB", "REF", "AGR", "UAF", "PRM", "UNK", "SOC")},
    "MED": "JRN",
    "HLH": "MED",
    "CIV": "CVL",
    "REL": "REL",
    "NGO": "SOC",
}
_PLOVER_SECTOR_NAMES = (
    "COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL SOC"
)
#: NGEC's PLOVER_agents.txt already uses PLOVER sectors.
PLOVER_SECTORS: Mapping[str, str] = {code: code for code in _PLOVER_SECTOR_NAMES.split()}
#: The second CAMEO element of an IGO code that PLOVER names with its own code.
_IGO_CODES = {"UNO": "UNO", "EEU": "EUR", "EUR": "EUR"}
_TOP_CODES = frozenset({"IGO", "NGO", "IMG", "MNC", "ISM", "UNO", "EUR"})
_BLOCK = re.compile(r"\[([^\]]*)\]")
_CODE = re.compile(r"^\s*([~A-Za-z+\-]*?)\s*~?\s*(?:([<>])\s*(\d{6,8})|(\d{6,8})\s*-\s*(\d{6,8}))?\s*$")
_SUBSTITUTION = re.compile(r"^\s*(![A-Z]+!)\s*=\s*(.+)$")


@dataclass(frozen=True, slots=True)
class _Block:
    """One ``[CODE dates]`` block of an actor entry."""

    code: str
    start: date | None
    end: date | None


def read_actors(text: str, *, source: str, sectors: Mapping[str, str] = CAMEO_SECTORS) -> list[KbEntry]:
    """Parse a PETRARCH ``.actors.txt`` dictionary into entries, one per name line."""
    entries = []
    for number, names, blocks in _actor_records(_without_comments(text)):
        entry = _actor_entry(names, blocks, entry_id=f"{source}:{number}", source=source, sectors=sectors)
        if entry is not None:
            entries.append(entry)
    return entries


def read_agents(text: str, *, source: str, sectors: Mapping[str, str] = CAMEO_SECTORS) -> list[KbEntry]:
    """Parse a PETRARCH ``agents.txt`` dictionary into agent entries (plurals included)."""
    substitutions: dict[str, list[str]] = {}
    entries = []
    for number, line in enumerate(_without_comments(text), start=1):
        if match := _SUBSTITUTION.match(line):
            substitutions[match.group(1)] = [word.strip() for word in match.group(2).split(",") if word.strip()]
            continue
        codes = _BLOCK.findall(line)
        phrase = _BLOCK.sub("", line).strip()
        if not codes or not phrase:
            continue
        plural_match = re.search(r"\{([^}]*)\}", phrase)
        phrase = re.sub(r"\{[^}]*\}", "", phrase).strip()
        aliases = _expand(phrase, substitutions)
        if plural_match is None:
            aliases += [_plural(alias) for alias in aliases]
        else:
            aliases += [_name(p) for p in plural_match.group(1).split(",") if p.strip()]
        raw = codes[0].strip().upper()
        code = raw.split("~")[0][:3] or None if raw.endswith("~") else None
        sector = _sector(raw.strip("~")[3:] if code else raw.lstrip("~"), sectors)
        entries.append(
            KbEntry(
                entry_id=f"{source}:{number}",
                kind="agent",
                name=aliases[0],
                code=code,
                sector=sector,
                aliases=tuple(dict.fromkeys(aliases)),
                source=source,
            )
        )
    return entries


def split_code(raw: str, sectors: Mapping[str, str] = CAMEO_SECTORS) -> tuple[str | None, str | None]:
    """Split a CAMEO actor code such as ``ISRMIL`` or ``IGOUNOKID`` into (code, PLOVER sector)."""
    raw = raw.strip().strip("~").upper()
    if not raw or set(raw) <= {"-", "+"}:
        return None, None
    head, rest = raw[:3], raw[3:]
    if head == "IGO":
        second = rest[:3]
        if second in _IGO_CODES:
            return _IGO_CODES[second], _sector(rest[3:], sectors)
    return head, _sector(rest, sectors)


def _sector(rest: str, sectors: Mapping[str, str]) -> str | None:
    # The first chunk that names a sector wins: PSEHMSGOV (Hamas's government) is GOV.
    chunks = [rest[i : i + 3] for i in range(0, len(rest), 3)]
    return next((sectors[chunk] for chunk in chunks if chunk in sectors), None)


def _without_comments(text: str) -> list[str]:
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return [line.split("#", 1)[0].rstrip() for line in text.splitlines()]


def _actor_records(lines: list[str]) -> Iterator[tuple[int, list[str], list[_Block]]]:
    number, names, blocks = 0, [], []  # type: tuple[int, list[str], list[_Block]]
    for index, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            continue
        starts_entry = not line[0].isspace() and not stripped.startswith(("+", "["))
        if starts_entry and names:
            yield number, names, blocks
            names, blocks = [], []
        if starts_entry:
            number = index
        name = _BLOCK.sub("", stripped).lstrip("+").strip()
        if name:
            names.append(name)
        blocks += [block for raw in _BLOCK.findall(stripped) if (block := _block(raw)) is not None]
    if names:
        yield number, names, blocks


def _block(raw: str) -> _Block | None:
    match = _CODE.match(raw)
    if match is None or not match.group(1).strip("~"):
        return None
    code, sign, day, first, last = match.groups()
    if sign == "<":
        return _Block(code, None, _day(day))
    if sign == ">":
        return _Block(code, _day(day), None)
    return _Block(code, _day(first), _day(last))


def _day(text: str | None) -> date | None:
    # Six-digit TABARI dates are YYMMDD; years before 30 are 20xx, as in PETRARCH2.
    if not text:
        return None
    if len(text) == 6:
        year = int(text[:2])
        text = f"{2000 + year if year < 30 else 1900 + year}{text[2:]}"
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def _actor_entry(
    names: list[str], blocks: list[_Block], *, entry_id: str, source: str, sectors: Mapping[str, str]
) -> KbEntry | None:
    if not blocks:
        return None  # a name without a code codes nothing
    roles = []
    for block in blocks:
        code, sector = split_code(block.code, sectors)
        bare = sectors.get(code or "")
        if bare is not None and sector is None:  # "[ELI]" after an office: a sector, no country
            code, sector = None, bare
        roles.append(Role(code=code, sector=sector, title="", start=block.start, end=block.end))
    known = [role.code for role in roles if role.code is not None]
    roles = [role if role.code else replace(role, code=known[-1]) for role in roles if role.code or known]
    roles = [role for role in roles if role.code is not None or role.sector is not None]
    if not roles:
        return None
    dated = any(role.start or role.end for role in roles)
    default = next((role for role in roles if not (role.start or role.end)), roles[-1])
    kind = "person" if dated else ("igo" if default.code in _TOP_CODES - {"NGO", "IMG", "MNC"} else "group")
    aliases = tuple(dict.fromkeys(form for name in names for form in _name_forms(name)))
    return KbEntry(
        entry_id=entry_id,
        kind=kind,
        name=aliases[0],
        code=default.code,
        sector=default.sector,
        aliases=aliases,
        roles=tuple(sorted(roles, key=lambda r: r.start or date.min)) if dated else (),
        source=source,
    )


def _name_forms(raw: str) -> list[str]:
    """A name, and apart from it the acronym it carries: "MORO_ISLAMIC_LIBERATION_FRONT_(MILF)_"
    is "Moro Islamic Liberation Front" and "MILF" ("DIRECT_ACTION_(GREECE)_" keeps its name whole:
    GREECE is not made of the name's initials)."""
    match = re.match(r"^(.*?)_*\(([A-Za-z]{2,8})\)_*$", raw.strip())
    if match is None:
        return [_name(raw)]
    base, acronym = _name(match.group(1)), match.group(2).upper()
    initials = iter(word[0].upper() for word in base.split())
    if all(letter in initials for letter in acronym):  # the acronym's letters, in order, are initials
        return [base, acronym]
    return [_name(raw)]


def _name(raw: str) -> str:
    words = raw.strip().strip("_").replace("_", " ").split()
    return " ".join(word.capitalize() if word.isupper() else word for word in words)


def _expand(phrase: str, substitutions: dict[str, list[str]]) -> list[str]:
    marker = re.search(r"![A-Z]+!", phrase)
    if marker is None or marker.group(0) not in substitutions:
        return [_name(phrase.replace(marker.group(0), "") if marker else phrase)]
    return [
        alias
        for word in substitutions[marker.group(0)]
        for alias in _expand(phrase.replace(marker.group(0), word, 1), substitutions)
    ]


def _plural(alias: str) -> str:
    # PETRARCH 0.5 forms regular plurals of agent nouns itself; so do we.
    lower = alias.lower()
    if lower.endswith("man"):
        return alias[:-3] + "men"
    if lower.endswith(("s", "sh", "ch", "x", "z")):
        return alias + "es"
    if lower.endswith("y") and lower[-2:-1] not in ("a", "e", "i", "o", "u"):
        return alias[:-1] + "ies"
    return alias + "s"
