"""Tests for eventwire.events.petrarch_verbs on the PETRARCH validation suite's dictionary shapes.

The samples imitate PETR.Validate.verbs.txt (MIT, Open Event Data Alliance): synonym sets between
blocks, nested and multiword members, XML comments, multiword headers, `+`-marked verbs inside
multiword headwords and unreadable codes. Loading goes through `load_lexicon`, as `--lexicon` does.
"""

import os
import re
from pathlib import Path

import pytest

from eventwire.config import Settings
from eventwire.events import cameo_plover as table_module
from eventwire.events import petrarch_rows as rows_module
from eventwire.events import petrarch_verbs as verbs
from eventwire.events.lexicon import load_lexicon

VALIDATION_STYLE = """\
<!-- A VERBS DICTIONARY IN THE SHAPE OF THE PETRARCH VALIDATION SUITE -->
&TIETYPES
+MILITARY
+ECONOMIC

&CURRENCY
# a comment line does not end a set
+SWISS FRANCS
+YEN

--- ABANDON  [345]  ---
ABANDON
KLM_NOP_+RST [002]
- * &TIETYPES TIES [902]
- * OUR FRIENDS  [def]

&ACCORDSYN  # a set after a block, nesting another
+&TIETYPES
+CLOSER

--- ACCORD  [---] ---
ACCORD
- INCHING &ACCORDSYN *  [083]
- IN_*  [075A]
- SUGGESTED_+ * DEMAND_&PREPOSIT1 [111]
- * &CURRENCY [071]

&PREPOSIT1_
+AGAINST

--- LASH OUT  [122] ---
LASH OUT

--- BLAST  [+++]  ---
BLAST
- * STATEMENT  [122]
"""


def _dictionary() -> verbs.VerbDictionary:
    return verbs.parse_dictionary(VALIDATION_STYLE.splitlines())


def test_synonym_sets_anywhere_nested_multiword_and_without_the_no_suffix_underscore() -> None:
    synsets = verbs.parse_synsets(VALIDATION_STYLE.splitlines())
    assert synsets["&CURRENCY"] == ("swiss_francs", "yen")
    assert synsets["&ACCORDSYN"] == ("military", "economic", "closer")
    assert synsets["&PREPOSIT1"] == ("against",)


def test_blocks_with_multiword_headers_and_marked_verbs() -> None:
    blocks = {block.name: block for block in _dictionary().blocks}
    assert list(blocks) == ["ABANDON", "ACCORD", "LASH OUT", "BLAST"]
    abandon = blocks["ABANDON"].verbs
    assert [(v.lemma, v.particle, v.pre, v.code) for v in abandon] == [
        ("abandon", "", "", None),
        ("rst", "", "klm_nop", "002"),  # `+` marks the verb; the words before it are required
    ]
    assert [(v.lemma, v.particle) for v in blocks["LASH OUT"].verbs] == [("lash", "out")]


def test_patterns_glued_stars_markers_and_nested_sets() -> None:
    accord = next(block for block in _dictionary().blocks if block.name == "ACCORD")
    assert [(p.pre, p.post, p.code) for p in accord.patterns] == [
        ("inching military|economic|closer", "", "083"),
        ("in", "", "075"),  # [075A]: the digits are the code
        ("suggested", "demand_against", "111"),  # SUGGESTED_+ holds a place for the target
        ("", "swiss_francs|yen", "071"),
    ]


def test_unreadable_codes_are_skipped_with_notes_not_guessed() -> None:
    dictionary = _dictionary()
    blast = next(block for block in dictionary.blocks if block.name == "BLAST")
    assert blast.code == verbs.NO_CODE
    assert any("[def]" in note for note in dictionary.skipped)
    assert any("[+++]" in note for note in dictionary.skipped)
    abandon = next(block for block in dictionary.blocks if block.name == "ABANDON")
    assert len(abandon.patterns) == 1


def test_rows_code_with_the_packaged_table() -> None:
    rows = rows_module.build_rows(_dictionary(), table_module.packaged_table(), source="V.txt")
    by_key = {(row.lemma, row.pre, row.post): row for row in rows}
    assert by_key[("rst", "klm_nop", "")].plover == "-"  # 002: no such CAMEO code, no PLOVER event
    assert by_key[("accord", "in", "")].plover == "AID"
    assert by_key[("lash", "", "")].plover == "REJECT"
    assert by_key[("blast", "", "statement")].plover == "REJECT"
    assert by_key[("blast", "", "")].plover == "-"


def test_packaged_table_matches_the_mapping_rules() -> None:
    table = table_module.packaged_table()
    assert table_module.map_code("042", table).plover == "CONSULT"
    assert table_module.map_code("0231", table).plover == "REQUEST"
    assert table_module.map_code("085", table).plover == "RETREAT"
    assert table_module.map_code("083", table).plover == "CONCEDE"
    assert table_module.map_code("013", table) == table_module.NO_PLOVER


def test_is_verb_dictionary() -> None:
    assert verbs.is_verb_dictionary(VALIDATION_STYLE)
    assert not verbs.is_verb_dictionary("pos\tlemma\tparticle\n")


def test_load_lexicon_reads_a_petrarch_verb_dictionary(tmp_path: Path) -> None:
    path = tmp_path / "team.verbs.txt"
    path.write_text(VALIDATION_STYLE, encoding="utf-8")
    lexicon = load_lexicon([path])
    entry = lexicon.match("VERB", "lash", particle="out", before=frozenset(), after=frozenset())
    assert entry is not None
    assert (entry.plover, entry.cameo, entry.priority) == ("REJECT", "122", -1)
    assert entry.origin.startswith("team.verbs.txt:line:")
    # KLM_NOP_+RST: PETRARCH's `_` wants the words next to each other (the run "klm_nop").
    rst = lexicon.match("VERB", "rst", particle="", before=frozenset({"klm", "nop", "klm_nop"}), after=frozenset())
    assert rst is not None and rst.cameo == "002"
    assert lexicon.match("VERB", "rst", particle="", before=frozenset({"klm", "nop"}), after=frozenset()) is None
    assert lexicon.match("VERB", "rst", particle="", before=frozenset(), after=frozenset()) is None


def test_load_lexicon_still_reads_our_tsv(tmp_path: Path) -> None:
    path = tmp_path / "ours.tsv"
    path.write_text(
        "pos\tlemma\tparticle\tpre\tpost\tcameo\tplover\tmode\tcontexts\torigin\n"
        "VERB\tzorble\t\t\t\t042\tCONSULT\tvisit\t\t\n",
        encoding="utf-8",
    )
    entry = load_lexicon([path]).match("VERB", "zorble", particle="", before=frozenset(), after=frozenset())
    assert entry is not None and entry.plover == "CONSULT"


def test_lexicon_files_setting_reads_the_path_list(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.tsv"
    settings = Settings.from_env({"EVENTWIRE_LEXICON_FILES": f"{first}{os.pathsep}{second}"})
    assert settings.lexicon_files == (first, second)


@pytest.mark.parametrize("text", ["+++", "def", "abc"])
def test_parse_code_rejects_codes_without_digits(text: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f"[{text}]")):
        verbs.parse_code(text, lineno=3)
