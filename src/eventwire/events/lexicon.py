"""The event lexicon: verb and noun patterns coded to PLOVER, loaded from data files.

Reads ``data/lexicon.tsv`` (curated, ours) and ``data/cameo_verbs.tsv`` (built from the
PETRARCH2 CAMEO verb dictionary and the CAMEO->PLOVER table by ``scripts/build_lexicon.py``).
Never parses text; ``Lexicon.match`` picks the most specific row for a trigger and its context.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from eventwire.events.petrarch_rows import verb_dictionary_tsv
from eventwire.events.petrarch_verbs import is_verb_dictionary

COLUMNS = ("pos", "lemma", "particle", "pre", "post", "cameo", "plover", "mode", "contexts", "origin")
NO_EVENT = "-"
#: Data files in priority order: a curated row beats a CAMEO row of equal specificity.
DEFAULT_FILES = ("lexicon.tsv", "cameo_verbs.tsv")
CONTEXTS = frozenset(
    [
        "military",
        "intelligence",
        "executive",
        "legislative",
        "election",
        "political_institutions",
        "pro_democracy",
        "pro_autocracy",
        "economic",
        "legal",
        "reparations",
        "human_rights",
        "rights_freedoms",
        "repression",
        "human_security",
        "gender",
        "lgbt",
        "religion_ethnicity",
        "inequality",
        "diplomatic",
        "territory",
        "peacekeeping",
        "health",
        "asylum",
        "migration",
        "disasters",
        "natural_resource",
        "environment",
        "technology",
        "terrorism",
        "cbrn",
        "cyber",
        "misinformation",
        "crime",
        "corruption",
        "illegal_drugs",
        "trafficking",
    ]
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon row: a trigger lemma with context words and the PLOVER coding it licenses."""

    pos: str  # VERB or NOUN
    lemma: str
    particle: str
    pre: tuple[frozenset[str], ...]  # each item: alternatives for one required word
    post: tuple[frozenset[str], ...]
    cameo: str
    plover: str  # PLOVER type, or "-" for "this pattern is not an event"
    mode: str | None
    contexts: tuple[str, ...]
    origin: str  # "FILE:ROW" provenance
    priority: int  # lower wins at equal specificity
    #: From a PETRARCH/TABARI verb dictionary: parties are found as PETRARCH does (events.petrarch_roles).
    positional: bool = False
    reverse: str | None = None  # PLOVER type the recipient does to the actor (reciprocal `[A:B]` code)
    compound: bool = False  # `%` pattern: the members of a compound actor act on each other
    forms: frozenset[str] = frozenset()  # written forms of a PETRARCH headword (CORDONED for CORDON)
    swap: bool = False  # PETRARCH pattern with the source after the verb or the target before it

    @property
    def specificity(self) -> int:
        """How many context words the row requires (more is more specific)."""
        return len(self.pre) + len(self.post) + (2 if self.particle else 0)

    @property
    def is_event(self) -> bool:
        """True unless the row says the pattern codes no event."""
        return self.plover != NO_EVENT


class Lexicon:
    """Entries indexed by (pos, lemma) for constant-time lookup per token."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._index: dict[tuple[str, str], list[Entry]] = defaultdict(list)
        for entry in entries:
            self._index[(entry.pos, entry.lemma)].append(entry)
        #: Written forms of PETRARCH headwords, for words the parser lemmatises otherwise ("cordoned").
        self._forms = {(e.pos, form): e.lemma for rows in self._index.values() for e in rows for form in e.forms}
        #: Lemmas that are noun triggers (event nouns such as "attack", "visit").
        self.nouns = frozenset(
            lemma for (pos, lemma), rows in self._index.items() if pos == "NOUN" and any(row.is_event for row in rows)
        )

    def __len__(self) -> int:
        return sum(len(rows) for rows in self._index.values())

    def has(self, pos: str, lemma: str) -> bool:
        """Whether any row has this trigger lemma."""
        return (pos, lemma) in self._index

    def positional(self, pos: str, lemma: str) -> bool:
        """Whether a user's PETRARCH verb dictionary codes this trigger (its rows are all positional)."""
        return any(entry.positional for entry in self._index.get((pos, lemma), ()))

    def key(self, pos: str | None, lemma: str, form: str) -> str:
        """The trigger word to look up: the word as written when a user's PETRARCH dictionary
        lists that form as a headword of its own (SAID, MET: PETRARCH matches written forms)."""
        if pos and form != lemma and any(entry.positional for entry in self._index.get((pos, form), ())):
            return form
        if pos and not any(entry.positional for entry in self._index.get((pos, lemma), ())):
            return self._forms.get((pos, form), lemma)
        return lemma

    def match(
        self, pos: str, lemma: str, *, particle: str, before: frozenset[str], after: frozenset[str]
    ) -> Entry | None:
        """Return the most specific row whose particle and context words are all present."""
        best: Entry | None = None
        for entry in self._index.get((pos, lemma), ()):
            if entry.particle != particle:
                continue
            if not all(_present(words, before, entry.positional) for words in entry.pre):
                continue
            if not all(_present(words, after, entry.positional) for words in entry.post):
                continue
            if best is None or (entry.specificity, -entry.priority) > (best.specificity, -best.priority):
                best = entry
        return best


def load_lexicon(extra: Iterable[Path] = ()) -> Lexicon:
    """Load the packaged lexicon files, then any user files (our columns, or PETRARCH verb dictionaries)."""
    entries: list[Entry] = []
    data = resources.files("eventwire.events").joinpath("data")
    for priority, name in enumerate(DEFAULT_FILES):
        entries.extend(_read_rows(data.joinpath(name).read_text(encoding="utf-8"), name, priority))
    user: list[Entry] = []
    for path in extra:
        text = path.read_text(encoding="utf-8")
        if path.suffix.lower() != ".tsv" and is_verb_dictionary(text):  # PETRARCH/TABARI verbs: convert
            rows = _read_rows(verb_dictionary_tsv(text), path.name, -1)
            user.extend(replace(row, positional=True) for row in rows)
        else:
            user.extend(_read_rows(text, path.name, -1))
    # As in PETRARCH, a verb's block is its whole set of patterns: a trigger a user file defines
    # is coded by that file alone, not mixed with our more specific rows for it.
    defined = {(entry.pos, entry.lemma) for entry in user}
    entries = [entry for entry in entries if (entry.pos, entry.lemma) not in defined] + user
    modes = plover_modes()
    return Lexicon(_checked_mode(entry, modes) for entry in entries)


def plover_modes() -> dict[str, frozenset[str]]:
    """PLOVER 2.0 types and their modes, from ``data/plover.tsv``."""
    text = resources.files("eventwire.events").joinpath("data", "plover.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith(("#", "type\t"))]
    return {row[0]: frozenset(mode for mode in row[2].split(",") if mode) for row in rows}


def _checked_mode(entry: Entry, modes: dict[str, frozenset[str]]) -> Entry:
    # The 2021 CAMEO->PLOVER table predates PLOVER 2.0's mode lists ("pro_autocracy" as a mode
    # of ASSAULT): keep such a value as a context when it is one, otherwise drop it.
    if entry.mode is None or entry.mode in modes.get(entry.plover, frozenset()):
        return entry
    contexts = entry.contexts + ((entry.mode,) if entry.mode in CONTEXTS and entry.mode not in entry.contexts else ())
    return replace(entry, mode=None, contexts=contexts)


def _read_rows(text: str, name: str, priority: int) -> list[Entry]:
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    missing = set(COLUMNS) - set(rows.fieldnames or ())
    if missing:
        raise ValueError(f"lexicon file {name} lacks columns {sorted(missing)}: its header must be {COLUMNS}.")
    return [_entry(row, name=name, number=number, priority=priority) for number, row in enumerate(rows, 2)]


def _entry(row: dict[str, str], *, name: str, number: int, priority: int) -> Entry:
    return Entry(
        pos=row["pos"].strip().upper(),
        lemma=row["lemma"].strip().lower(),
        particle=(row["particle"] or "").strip().lower(),
        pre=_words(row["pre"]),
        post=_words(row["post"]),
        cameo=(row["cameo"] or "").strip(),
        plover=(row["plover"] or NO_EVENT).strip() or NO_EVENT,
        mode=(row["mode"] or "").strip() or None,
        contexts=tuple(part.strip() for part in (row["contexts"] or "").split(",") if part.strip()),
        origin=f"{name}:{(row['origin'] or '').strip() or number}",
        priority=priority,
        reverse=(row.get("reverse") or "").strip() or None,
        compound=bool((row.get("compound") or "").strip()),
        swap=bool((row.get("swap") or "").strip()),
        forms=frozenset(form for form in (row.get("forms") or "").split("|") if form),
    )


def _present(alternatives: frozenset[str], words: frozenset[str], adjacent: bool = False) -> bool:
    # "peace_plan" is one alternative made of two words that must both be present; in a PETRARCH
    # pattern (`adjacent`) they must stand next to each other, and the context holds such runs.
    if adjacent:
        return any(alternative in words for alternative in alternatives)
    return any(all(part in words for part in alternative.split("_")) for alternative in alternatives)


def _words(field: str | None) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(word.split("|")) for word in (field or "").lower().split())
