"""Build the country part of the eventwire actor knowledge base.

Reads two open sources shipped under ``/work/shared/data/countries``:

* ``mledoze/countries.json`` (mledoze/countries, ODbL 1.0): English common and official
  names, alternative spellings, capitals and English demonyms;
* ``CountryInfo/CountryInfo.120116.txt`` (Schrodt, CC BY-SA 3.0): nationality adjectives
  and name variants seen in news, and capital-city variants (e.g. "Teheran", "Kiev").

and writes ``src/eventwire/actors/data/countries.jsonl``: one JSON object per country,
sorted by id, with PLOVER actor code (ISO 3166 alpha-3; PSE for Palestine, KOS for Kosovo),
sector ``GOV`` (a country name or capital stands for its government), aliases, demonyms
and capitals (capitals include seats of government used as metonyms, e.g. "the Kremlin").

An alias claimed by more than one country (e.g. "Congo", "Korea") is dropped from all of
them, so that every surface form in the file maps to one code.

Usage::

    python scripts/build_kb.py [--shared /work/shared/data] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = Path("/work/shared/data")
DEFAULT_OUT = REPO_ROOT / "src" / "eventwire" / "actors" / "data" / "countries.jsonl"
SOURCE_TAG = "mledoze/countries 5e9f370; CountryInfo 120116"

# ISO codes that PLOVER spells differently.
CODE_REMAP: dict[str, str] = {"XKX": "KOS", "UNK": "KOS"}

# Two-letter (or dotted) short forms that are common enough in news to keep.
SHORT_FORM_WHITELIST: frozenset[str] = frozenset(
    {"US", "U.S.", "USA", "U.S.A.", "UK", "U.K.", "UAE", "U.A.E.", "DRC", "DPRK", "ROK", "PRC", "KSA"}
)

# Common English short names and metonyms that the sources lack.
EXTRA_ALIASES: dict[str, list[str]] = {
    "USA": [
        "the US",
        "the U.S.",
        "United States",
        "the United States",
        "America",
        "U.S.",
        "US",
        "U.S.A.",
        "United States of America",
    ],
    "GBR": [
        "Britain",
        "Great Britain",
        "the UK",
        "the U.K.",
        "UK",
        "U.K.",
        "United Kingdom",
        "the United Kingdom",
        "England",
    ],
    "RUS": ["Russia", "Russian Federation"],
    "KOR": ["South Korea", "Republic of Korea", "ROK", "S. Korea"],
    "PRK": ["North Korea", "DPRK", "N. Korea", "Democratic People's Republic of Korea"],
    "IRN": ["Iran", "Islamic Republic of Iran", "Persia"],
    "SYR": ["Syria", "Syrian Arab Republic"],
    "PSE": [
        "Palestine",
        "State of Palestine",
        "Palestinian territories",
        "occupied Palestinian territories",
        "Gaza",
        "Gaza Strip",
        "the Gaza Strip",
        "West Bank",
        "the West Bank",
        "occupied West Bank",
        "East Jerusalem",
    ],
    "KOS": ["Kosovo", "Republic of Kosovo"],
    "CHN": ["China", "People's Republic of China", "PRC", "mainland China"],
    "TWN": ["Taiwan", "Republic of China"],
    "ARE": ["UAE", "U.A.E.", "the UAE", "United Arab Emirates", "the Emirates"],
    "SAU": ["Saudi Arabia", "KSA", "the Kingdom of Saudi Arabia"],
    "COD": ["DRC", "DR Congo", "Democratic Republic of Congo", "Democratic Republic of the Congo", "Congo-Kinshasa"],
    "COG": ["Congo-Brazzaville", "Republic of the Congo", "Republic of Congo"],
    "VEN": ["Venezuela"],
    "BOL": ["Bolivia"],
    "TZA": ["Tanzania"],
    "VNM": ["Vietnam", "Viet Nam"],
    "LAO": ["Laos"],
    "MDA": ["Moldova"],
    "MMR": ["Myanmar", "Burma"],
    "CIV": ["Ivory Coast", "Cote d'Ivoire", "Côte d'Ivoire"],
    "CZE": ["Czech Republic", "Czechia"],
    "TUR": ["Turkey", "Türkiye", "Turkiye"],
    "NLD": ["Netherlands", "the Netherlands", "Holland"],
    "VAT": ["Vatican", "the Vatican", "Holy See", "the Holy See", "Vatican City"],
    "MKD": ["North Macedonia", "Macedonia"],
    "SWZ": ["Eswatini", "Swaziland"],
    "CPV": ["Cape Verde", "Cabo Verde"],
    "TLS": ["East Timor", "Timor-Leste"],
}

EXTRA_DEMONYMS: dict[str, list[str]] = {
    "USA": ["American", "Americans"],
    "GBR": ["British", "Briton", "Britons"],
    "PSE": ["Palestinian", "Palestinians", "Gazan", "Gazans"],
    "KOS": ["Kosovar", "Kosovars", "Kosovan", "Kosovans"],
    "NLD": ["Dutch"],
    "ISR": ["Israeli", "Israelis"],
    "IRN": ["Iranian", "Iranians"],
    "AFG": ["Afghan", "Afghans"],
    "PHL": ["Filipino", "Filipinos", "Philippine"],
    "TUR": ["Turkish", "Turk", "Turks"],
    "KOR": ["South Korean", "South Koreans"],
    "PRK": ["North Korean", "North Koreans"],
    "NZL": ["New Zealander", "New Zealanders"],
    "SRB": ["Serbian", "Serbians", "Serb", "Serbs"],
    "MNE": ["Montenegrin", "Montenegrins"],
    "DOM": ["Dominican", "Dominicans"],
}

# Capitals, alternative capital spellings and seats of government used as metonyms
# (all of them stand for the government, sector GOV).
EXTRA_CAPITALS: dict[str, list[str]] = {
    "USA": ["Washington", "Washington, D.C.", "the White House", "White House"],
    "RUS": ["Moscow", "the Kremlin", "Kremlin"],
    "GBR": ["London", "Downing Street", "Number 10", "No 10", "Whitehall"],
    "ISR": ["Jerusalem"],
    "UKR": ["Kyiv", "Kiev"],
    "IRN": ["Tehran", "Teheran"],
    "CHN": ["Beijing", "Peking", "Zhongnanhai"],
    "FRA": ["Paris", "the Elysee", "the Élysée", "Elysee Palace", "Élysée Palace"],
    "DEU": ["Berlin"],
    "PSE": ["Ramallah"],
    "JPN": ["Tokyo"],
    "KOR": ["Seoul"],
    "PRK": ["Pyongyang"],
    "IND": ["New Delhi"],
    "TUR": ["Ankara"],
    "SYR": ["Damascus"],
    "LBN": ["Beirut"],
    "EGY": ["Cairo"],
    "SAU": ["Riyadh"],
    "IRQ": ["Baghdad"],
    "QAT": ["Doha"],
    "VAT": ["the Vatican"],
    "SRB": ["Belgrade"],
}

# Wikidata QIDs the curators are confident about; all others stay null.
QIDS: dict[str, str] = {
    "USA": "Q30",
    "GBR": "Q145",
    "FRA": "Q142",
    "DEU": "Q183",
    "CHN": "Q148",
    "RUS": "Q159",
    "ISR": "Q801",
    "IRN": "Q794",
    "UKR": "Q212",
    "IND": "Q668",
    "JPN": "Q17",
    "TUR": "Q43",
    "EGY": "Q79",
    "SAU": "Q851",
    "SYR": "Q858",
    "LBN": "Q822",
    "IRQ": "Q796",
    "CAN": "Q16",
    "MEX": "Q96",
    "BRA": "Q155",
    "AUS": "Q408",
    "ITA": "Q38",
    "ESP": "Q29",
    "PAK": "Q843",
    "AFG": "Q889",
    "YEM": "Q805",
    "SDN": "Q1049",
    "NGA": "Q1033",
    "SOM": "Q1045",
    "JOR": "Q810",
    "QAT": "Q846",
    "ARE": "Q878",
    "POL": "Q36",
    "BLR": "Q184",
    "PSE": "Q219060",
    "KOS": "Q1246",
    "KOR": "Q884",
    "PRK": "Q423",
}

DEMONYM_SUFFIXES: tuple[str, ...] = ("an", "ese", "ish", "i", "ic", "ch", "man", "woman")
NO_PLURAL_SUFFIXES: tuple[str, ...] = ("ese", "ish", "ch", "ss", "sh", "s")
NOT_DEMONYM_WORDS: frozenset[str] = frozenset(
    {"republic", "federation", "kingdom", "union", "emirates", "islands", "states", "state"}
)
DEMONYM_PREFIXES: frozenset[str] = frozenset(
    {
        "North",
        "South",
        "East",
        "West",
        "Northern",
        "Southern",
        "Central",
        "Equatorial",
        "New",
        "Saudi",
        "Sri",
        "Costa",
        "El",
        "Sierra",
        "Papua",
    }
)
MEN_PLURAL_RE = re.compile(r"(sh|ch|s|y|l)(wo)?man$")
LOWER_WORDS: frozenset[str] = frozenset(
    {"the", "of", "and", "de", "du", "da", "la", "le", "des", "del", "al", "el", "van", "von", "d'", "a"}
)
ACRONYM_RE = re.compile(r"^[A-Z]{2,5}$")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse command-line arguments."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="shared data root")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output JSONL path")
    return parser.parse_args(argv)


def load_mledoze(path: Path) -> list[dict[str, Any]]:
    """Load the mledoze country list."""
    with path.open(encoding="utf-8") as handle:
        data: list[dict[str, Any]] = json.load(handle)
    return data


def plover_code(iso3: str) -> str:
    """Map an ISO 3166 alpha-3 code to the PLOVER actor code."""
    return CODE_REMAP.get(iso3, iso3)


def fix_word_case(word: str) -> str:
    """Case one upper-case CountryInfo word for English text."""
    acronym = bool(ACRONYM_RE.match(word)) and not _has_vowel(word)
    if len(word) == 1 or "." in word or word in SHORT_FORM_WHITELIST or acronym:
        return word
    lower = word.lower()
    if lower in LOWER_WORDS:
        return lower
    parts = re.split(r"([-'])", lower)
    out: list[str] = []
    for i, part in enumerate(parts):
        after_quote = i >= 2 and parts[i - 1] == "'"
        short_prefix = after_quote and len(parts[i - 2]) == 1
        out.append(part.capitalize() if (i == 0 or parts[i - 1] == "-" or short_prefix) else part)
    return "".join(out)


def _has_vowel(word: str) -> bool:
    """True if the word contains a vowel (so is probably not an acronym)."""
    return any(ch in "AEIOUY" for ch in word)


def ci_phrase(raw: str) -> str:
    """Turn a CountryInfo token such as ``UNITED_STATES_`` into ``United States``."""
    words = [w for w in raw.strip().strip("_").split("_") if w]
    return " ".join(fix_word_case(w) for w in words)


def ci_blocks(text: str) -> dict[str, dict[str, list[str]]]:
    """Split CountryInfo into {code: {tag: [raw entries]}} for Nationality, Capital, CountryName."""
    result: dict[str, dict[str, list[str]]] = {}
    for block in re.findall(r"<Country>(.*?)</Country>", text, re.S):
        code_m = re.search(r"<CountryCode>\s*(\w+)\s*</CountryCode>", block)
        if not code_m:
            continue
        fields: dict[str, list[str]] = {}
        for tag in ("CountryName", "Nationality", "Capital"):
            m = re.search(rf"<{tag}>(.*?)</{tag}>", block, re.S)
            fields[tag] = _ci_entries(m.group(1)) if m else []
        result[plover_code(code_m.group(1))] = fields
    return result


def _ci_entries(body: str) -> list[str]:
    """Entries of a CountryInfo multi-line field, comments removed."""
    entries: list[str] = []
    for line in body.replace("\x00", "").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            entries.append(line)
    return entries


def load_countryinfo(path: Path) -> dict[str, dict[str, list[str]]]:
    """Load and parse CountryInfo.txt."""
    return ci_blocks(path.read_text(encoding="utf-8"))


def usable_variant(raw: str) -> bool:
    """Whether a CountryInfo name variant is clean enough to use as an alias."""
    if any(ch in raw for ch in '(),&"') or any(ch.isdigit() for ch in raw):
        return False
    letters = re.sub(r"[^A-Za-z]", "", raw)
    return len(letters) > 2 or raw.strip("_") in SHORT_FORM_WHITELIST


def looks_like_demonym(phrase: str) -> bool:
    """Heuristic: English nationality adjectives end in -an, -ese, -ish, -i, ..."""
    words = phrase.split()
    if not words or len(words) > 2 or (len(words) == 2 and words[0] not in DEMONYM_PREFIXES):
        return False
    last = words[-1].lower()
    return last.endswith(DEMONYM_SUFFIXES) and last.isalpha() and last not in NOT_DEMONYM_WORDS


def latin_script(text: str) -> bool:
    """True if every letter is Latin (ASCII or Latin-1/Extended-A/B, so diacritics are kept)."""
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in text)


def plural(demonym: str) -> str | None:
    """English plural of a demonym noun, or None when it has none ("British", "Chinese")."""
    lower = demonym.lower()
    if lower.endswith(NO_PLURAL_SUFFIXES) or not lower[-1:].isalpha() or demonym.isupper():
        return None
    if MEN_PLURAL_RE.search(lower):
        return demonym[:-3] + "men"
    return demonym + "s"


def add_unique(target: list[str], items: list[str]) -> None:
    """Append items not already present (exact match), keeping order."""
    for item in items:
        item = item.strip()
        if item and item not in target:
            target.append(item)


def base_aliases(country: dict[str, Any]) -> list[str]:
    """English common/official names and usable alternative spellings from mledoze."""
    names = [country["name"]["common"], country["name"]["official"]]
    for alt in country.get("altSpellings", []):
        if len(alt) > 2 or alt in SHORT_FORM_WHITELIST:
            names.append(alt)
    out: list[str] = []
    add_unique(out, [n for n in names if "," not in n])
    return out


def mledoze_demonyms(country: dict[str, Any]) -> list[str]:
    """English demonyms (m/f) from mledoze."""
    eng = country.get("demonyms", {}).get("eng", {})
    return [eng[k] for k in ("m", "f") if eng.get(k)]


def with_plurals(demonyms: list[str]) -> list[str]:
    """Demonyms followed by their plural forms where English has one."""
    out: list[str] = []
    for dem in demonyms:
        add_unique(out, [dem])
        form = plural(dem)
        if form:
            add_unique(out, [form])
    return out


def build_entry(country: dict[str, Any], ci: dict[str, dict[str, list[str]]]) -> dict[str, Any]:
    """Build one countries.jsonl record from mledoze plus CountryInfo data."""
    code = plover_code(country["cca3"])
    info = ci.get(code, {})
    aliases = base_aliases(country)
    add_unique(aliases, EXTRA_ALIASES.get(code, []))
    demonyms: list[str] = []
    add_unique(demonyms, EXTRA_DEMONYMS.get(code, []))
    add_unique(demonyms, mledoze_demonyms(country))
    aliases.extend(ci_phrase(r) for r in info.get("CountryName", []) if usable_variant(r))
    for raw in info.get("Nationality", []):
        if not usable_variant(raw):
            continue
        phrase = ci_phrase(raw)
        (demonyms if looks_like_demonym(phrase) else aliases).append(phrase)
    aliases = [a for a in aliases if a not in demonyms or a == country["name"]["common"]]
    capitals: list[str] = []
    add_unique(capitals, country.get("capital", []))
    add_unique(capitals, EXTRA_CAPITALS.get(code, []))
    add_unique(capitals, [ci_phrase(r) for r in info.get("Capital", []) if usable_variant(r)])
    return {
        "id": code,
        "kind": "country",
        "name": country["name"]["common"],
        "code": code,
        "sector": "GOV",
        "aliases": _dedupe([a for a in aliases if latin_script(a)]),
        "demonyms": with_plurals(_dedupe([d for d in demonyms if latin_script(d)])),
        "capitals": _dedupe([c for c in capitals if latin_script(c)]),
        "qid": QIDS.get(code),
        "source": SOURCE_TAG,
    }


def _dedupe(items: list[str]) -> list[str]:
    """Order-preserving exact-match de-duplication."""
    out: list[str] = []
    add_unique(out, items)
    return out


def curated_owner(form: str) -> set[str]:
    """Countries whose hand-curated tables in this script list the form."""
    owners: set[str] = set()
    for table in (EXTRA_ALIASES, EXTRA_DEMONYMS, EXTRA_CAPITALS):
        owners |= {code for code, forms in table.items() if form in {f.casefold() for f in forms}}
    return owners


def resolve_owner(form: str, ids: set[str], sovereign: set[str], named: dict[str, str]) -> str | None:
    """The single owner of a contested form, else None.

    Precedence: the entry whose own name it is, the curated claimant, the only sovereign claimant.
    """
    if len(ids) == 1:
        return next(iter(ids))
    if named.get(form) in ids:
        return named[form]
    for claimants in (ids & curated_owner(form), ids & sovereign):
        if len(claimants) == 1:
            return next(iter(claimants))
    return None


def drop_ambiguous(entries: list[dict[str, Any]], sovereign: set[str]) -> list[str]:
    """Give each surface form to one country; return forms dropped because no single owner exists.

    A form claimed by several entries is kept for the one independent state among them
    ("American" stays with USA, not the US Minor Outlying Islands) and dropped from all of
    them when there is no such single state ("Congolese", "Korea").
    """
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        for field in ("aliases", "demonyms", "capitals"):
            for form in entry[field]:
                owners[form.casefold()].add(entry["id"])
    named = {e["name"].casefold(): e["id"] for e in entries}
    keep = {form: resolve_owner(form, ids, sovereign, named) for form, ids in owners.items()}
    for entry in entries:
        for field in ("aliases", "demonyms", "capitals"):
            entry[field] = [f for f in entry[field] if keep[f.casefold()] == entry["id"]]
    return sorted(form for form, owner in keep.items() if owner is None)


def build(shared: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Build all country records, sorted by id, and the list of dropped ambiguous forms."""
    countries = load_mledoze(shared / "countries" / "mledoze" / "countries.json")
    ci = load_countryinfo(shared / "countries" / "CountryInfo" / "CountryInfo.120116.txt")
    entries = [build_entry(c, ci) for c in countries]
    sovereign = {plover_code(c["cca3"]) for c in countries if c.get("independent")} | {"PSE", "KOS"}
    dropped = drop_ambiguous(entries, sovereign)
    entries.sort(key=lambda e: e["id"])
    return entries, dropped


def write_jsonl(entries: list[dict[str, Any]], out: Path) -> None:
    """Write records as UTF-8 JSON lines."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as handle:
        for entry in entries:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Entry point: build and write countries.jsonl, print a summary."""
    args = parse_args(argv)
    entries, dropped = build(args.shared)
    write_jsonl(entries, args.out)
    print(f"wrote {len(entries)} countries to {args.out}")
    print(f"dropped {len(dropped)} ambiguous forms: {', '.join(dropped)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
