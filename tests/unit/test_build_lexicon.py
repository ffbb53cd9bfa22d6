"""Tests for scripts/build_lexicon.py and the parser it uses (eventwire.events.petrarch_verbs) on small
inline samples of its two input formats."""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from eventwire.events import cameo_plover as table_module
from eventwire.events import petrarch_rows as rows_module
from eventwire.events import petrarch_verbs as verbs

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "build_lexicon.py"
DATA = REPO_ROOT / "src" / "eventwire" / "events" / "data"
LEXICON = DATA / "cameo_verbs.tsv"
TABLE_FILE = DATA / "cameo2plover.tsv"


def _load_builder() -> ModuleType:
    # scripts/ is not a package; register the module before running it so dataclasses resolve it.
    spec = importlib.util.spec_from_file_location("build_lexicon", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


builder = _load_builder()

# Line numbers matter: rows record the line they come from.
DICTIONARY = """\
# A CAMEO verb dictionary in PETRARCH2 format (sample)
####### SYNONYM SETS #######

&MILITARY
+TROOPS
+ARMED_FORCES

&CASH
+MONEY_
+CASH

####### VERB PATTERNS #######

---  WITHDRAW   [080]  ---
WITHDRAW {WITHDREW WITHDRAWN WITHDRAWING}
PULL  [---]  # its own code
+CALL_OFF {+CALLS_OFF +CALLED_OFF} [160]
- * &MILITARY (FROM {BORDER AREA})                [0872]   # WITHDRAW
- + &MILITARY * (TO/FOR) $                        [042:043]   # PULL
- * PLEDGE                                        [---]
- * &UNKNOWN                                      [070]
- * (BEFORE COURT)                                [:173]
- * {&CASH}                                       [0231]

---  ANGER   [---]  ---
+ANGERED_BY {}
RE-ADMIT
- SPY_*_DEAL                                      [080!]

######## TRANSFORMATIONS ##########
~ a (a b ATTACK) SAY = a b 015
"""

TABLE = """\
# CAMEO to PLOVER conversion table (sample)
04: CONSULT
042: CONSULT, visit,   # Make a visit
08: CONCEDE
080: CONCEDE,   ,  # Yield
083: YIELD,   , political_institutions # Accede to demands for reform
08: RETREAT
084: YIELD, release , legal; human_rights # Return, release
0872: RETREAT, withdraw,   military # Ease military blockade
10: REQUEST
103: REQUEST, assist,  # Demand aid
1031: REQUEST, assist, economic # Demand economic aid
16: SANCTION
160: SANCTION,   ,  # Reduce relations
17: COERCE
173: COERCE, arrest, legal # Arrest: 21.09.17 note with a colon
~~~~~
"""

TROOPS = "troops|armed_forces"
EXPECTED = [
    ("VERB", "anger", "by", "", "", "---", "-", "", "", "CAMEO.2.0.txt:26"),
    ("VERB", "anger", "by", "spy", "deal", "080", "CONCEDE", "", "", "CAMEO.2.0.txt:28"),
    ("VERB", "call", "off", "", "", "160", "SANCTION", "", "", "CAMEO.2.0.txt:17"),
    ("VERB", "call", "off", "", "before court", "173", "COERCE", "arrest", "legal", "CAMEO.2.0.txt:22"),
    ("VERB", "call", "off", "", "money|cash", "0231", "REQUEST", "assist", "economic", "CAMEO.2.0.txt:23"),
    ("VERB", "call", "off", "", "pledge", "---", "-", "", "", "CAMEO.2.0.txt:20"),
    ("VERB", "call", "off", "", f"{TROOPS} from border area", "0872", "RETREAT", "withdraw", "military",
     "CAMEO.2.0.txt:18"),
    ("VERB", "call", "off", TROOPS, "to|for", "042", "CONSULT", "visit", "", "CAMEO.2.0.txt:19"),
    ("VERB", "pull", "", "", "", "---", "-", "", "", "CAMEO.2.0.txt:16"),
    ("VERB", "pull", "", "", "before court", "173", "COERCE", "arrest", "legal", "CAMEO.2.0.txt:22"),
    ("VERB", "pull", "", "", "money|cash", "0231", "REQUEST", "assist", "economic", "CAMEO.2.0.txt:23"),
    ("VERB", "pull", "", "", "pledge", "---", "-", "", "", "CAMEO.2.0.txt:20"),
    ("VERB", "pull", "", "", f"{TROOPS} from border area", "0872", "RETREAT", "withdraw", "military",
     "CAMEO.2.0.txt:18"),
    ("VERB", "pull", "", TROOPS, "to|for", "042", "CONSULT", "visit", "", "CAMEO.2.0.txt:19"),
    ("VERB", "readmit", "", "", "", "---", "-", "", "", "CAMEO.2.0.txt:27"),
    ("VERB", "readmit", "", "spy", "deal", "080", "CONCEDE", "", "", "CAMEO.2.0.txt:28"),
    ("VERB", "withdraw", "", "", "", "080", "CONCEDE", "", "", "CAMEO.2.0.txt:15"),
    ("VERB", "withdraw", "", "", "before court", "173", "COERCE", "arrest", "legal", "CAMEO.2.0.txt:22"),
    ("VERB", "withdraw", "", "", "money|cash", "0231", "REQUEST", "assist", "economic", "CAMEO.2.0.txt:23"),
    ("VERB", "withdraw", "", "", "pledge", "---", "-", "", "", "CAMEO.2.0.txt:20"),
    ("VERB", "withdraw", "", "", f"{TROOPS} from border area", "0872", "RETREAT", "withdraw", "military",
     "CAMEO.2.0.txt:18"),
    ("VERB", "withdraw", "", TROOPS, "to|for", "042", "CONSULT", "visit", "", "CAMEO.2.0.txt:19"),
]  # fmt: skip


@pytest.fixture(scope="module")
def table() -> dict[str, object]:
    return table_module.parse_plover_table(TABLE.splitlines())


def test_synonym_sets_are_lowercased_and_lose_the_no_suffix_underscore() -> None:
    synsets = verbs.parse_synsets(DICTIONARY.splitlines())
    assert synsets == {"&MILITARY": ("troops", "armed_forces"), "&CASH": ("money", "cash")}


def test_blocks_verbs_and_own_codes() -> None:
    dictionary = verbs.parse_dictionary(DICTIONARY.splitlines())
    withdraw, anger = dictionary.blocks
    assert (withdraw.name, withdraw.code, anger.code) == ("WITHDRAW", "080", "---")
    assert [(v.lemma, v.particle, v.code) for v in withdraw.verbs] == [
        ("withdraw", "", None),
        ("pull", "", "---"),
        ("call", "off", "160"),
    ]
    # An inflected multiword headword becomes its base form; RE-ADMIT loses the hyphen spaCy splits on.
    assert [(v.lemma, v.particle) for v in anger.verbs] == [("anger", "by"), ("readmit", "")]
    assert len(withdraw.patterns) == 5


def test_pattern_with_undefined_synonym_set_is_skipped_with_a_note() -> None:
    dictionary = verbs.parse_dictionary(DICTIONARY.splitlines())
    assert len(dictionary.skipped) == 1
    assert dictionary.skipped[0].startswith("line 21:")
    assert "&UNKNOWN" in dictionary.skipped[0]


def test_rows_for_the_sample(table: dict[str, object]) -> None:
    dictionary = verbs.parse_dictionary(DICTIONARY.splitlines())
    rows = rows_module.build_rows(dictionary, table, source="CAMEO.2.0.txt")
    assert [row.fields() for row in rows] == EXPECTED


def test_identical_rows_keep_the_first_origin(table: dict[str, object]) -> None:
    twice = DICTIONARY.replace("RE-ADMIT\n", "RE-ADMIT\nRE-ADMIT {RE-ADMITS}\n")
    rows = rows_module.build_rows(verbs.parse_dictionary(twice.splitlines()), table, source="C.txt")
    readmit = [row.origin for row in rows if row.lemma == "readmit" and not row.post]
    assert readmit == ["C.txt:27"]


@pytest.mark.parametrize(
    ("text", "code"),
    [("042", "042"), ("042:043", "042"), (":173", "173"), ("080!", "080"), ("---", "---")],
)
def test_parse_code_takes_the_first_nonempty_part(text: str, code: str) -> None:
    assert verbs.parse_code(text, lineno=1) == code


def test_parse_code_rejects_junk() -> None:
    with pytest.raises(ValueError, match="line 7"):
        verbs.parse_code("abc", lineno=7)


def test_table_keeps_the_first_row_and_splits_contexts(table: dict[str, object]) -> None:
    coding = table_module.PloverCoding
    assert table["08"] == coding("CONCEDE", "", "")
    assert table["084"] == coding("YIELD", "release", "legal,human_rights")
    assert table["173"] == coding("COERCE", "arrest", "legal")
    assert table["04"] == coding("CONSULT", "", "")


@pytest.mark.parametrize(
    ("code", "plover", "mode", "contexts"),
    [
        ("---", "-", "", ""),
        ("012", "-", "", ""),  # 01x statements: no PLOVER event
        ("0231", "REQUEST", "assist", "economic"),  # appeal shaped like demand 1031
        ("026", "REQUEST", "", ""),  # 106 is not in the sample: falls back to 10, which has no mode
        ("1735", "COERCE", "arrest", "legal"),  # missing code: parent 173
        ("084", "RETREAT", "release", "legal,human_rights"),  # material YIELD
        ("083", "CONCEDE", "", "political_institutions"),  # verbal YIELD
        ("999", "-", "", ""),  # no mapping at all
    ],
)
def test_map_code(table: dict[str, object], code: str, plover: str, mode: str, contexts: str) -> None:
    assert table_module.map_code(code, table) == table_module.PloverCoding(plover, mode, contexts)


def test_render_tsv_has_the_header_and_ten_columns(table: dict[str, object]) -> None:
    rows = rows_module.build_rows(verbs.parse_dictionary(DICTIONARY.splitlines()), table, source="C.txt")
    lines = rows_module.render_tsv(rows).splitlines()
    assert lines[0] == "pos\tlemma\tparticle\tpre\tpost\tcameo\tplover\tmode\tcontexts\torigin"
    assert all(line.count("\t") == 9 for line in lines)


def test_committed_lexicon_matches_a_rebuild(tmp_path: Path) -> None:
    for path in (builder.DEFAULT_DICTIONARY, builder.DEFAULT_TABLE):
        if not path.is_file():
            pytest.skip(f"shared data missing: {path}")
    output, table = tmp_path / "cameo_verbs.tsv", tmp_path / "cameo2plover.tsv"
    assert builder.main(["--output", str(output), "--table-output", str(table)]) == 0
    assert output.read_text(encoding="utf-8") == LEXICON.read_text(encoding="utf-8")
    assert table.read_text(encoding="utf-8") == TABLE_FILE.read_text(encoding="utf-8")
