"""PETRARCH/TABARI dictionaries read as knowledge-base entries, dated roles, and user files via --kb."""

from datetime import date
from pathlib import Path

from eventwire.actors import ActorResolver
from eventwire.actors.petrarch import read_actors, read_agents, split_code
from eventwire.actors.resolve import resolve_mention
from eventwire.config import Settings
from eventwire.model import Mention

ACTORS = """<!-- a comment
spanning lines -->
GOLLUM  # pas 27 Apr 03
+SMEAGOL
\t[HOB < 950601]
\t[HOBGOV 19950601 - 19990815]
\t[HOBREB > 990816]
ARNOR_  [ARN]
EUROPEAN_UNION [IGOEEU]
KOFI_ANNAN_ [IGOUNO 970101-061231] [ELI]
"""

AGENTS = """!PERSON! = MAN, WOMAN
POLICE {} [ ~COP]
FOREIGN_MINISTER [~GOVFRM]
CONGRESS!PERSON! [~LEG]
HUMAN_RIGHTS_BODY  [NGO~]
"""


def test_actor_entries_carry_synonyms_and_dated_roles() -> None:
    gollum, arnor, eu, annan = read_actors(ACTORS, source="t.actors.txt")
    assert gollum.aliases == ("Gollum", "Smeagol") and gollum.kind == "person"
    assert [(r.sector, r.start, r.end) for r in gollum.roles] == [
        (None, None, date(1995, 6, 1)),
        ("GOV", date(1995, 6, 1), date(1999, 8, 15)),
        ("REB", date(1999, 8, 16), None),
    ]
    assert (arnor.code, arnor.sector) == ("ARN", None)
    assert (eu.code, eu.kind) == ("EUR", "igo")
    assert {(r.code, r.sector) for r in annan.roles} == {("UNO", None), ("UNO", "ELI")}


def test_agents_expand_substitutions_and_plurals() -> None:
    police, minister, congress, body = read_agents(AGENTS, source="t.agents.txt")
    assert police.aliases == ("Police",) and police.sector == "COP"
    assert "Foreign Ministers" in minister.aliases and minister.sector == "GOV"
    assert {"Congressman", "Congresswoman", "Congressmen"} <= set(congress.aliases)
    assert (body.code, body.sector) == ("NGO", None)


def test_cameo_codes_become_plover_codes_and_sectors() -> None:
    assert split_code("ISRMIL") == ("ISR", "MIL")
    assert split_code("PSEHMSGOV") == ("PSE", "GOV")
    assert split_code("USAMED") == ("USA", "JRN")  # CAMEO media is PLOVER JRN
    assert split_code("---") == (None, None)


def test_same_name_is_coded_by_the_role_held_on_the_day(tmp_path: Path) -> None:
    path = tmp_path / "team.actors.txt"
    path.write_text(ACTORS, encoding="utf-8")
    resolver = ActorResolver(kb_files=(path,))

    def sector_on(day: date) -> str | None:
        mention = Mention("m", 0, 6, "Gollum", 0)
        return resolve_mention(mention, kb=resolver.kb, on=day, is_person_entity=True).sector

    assert (sector_on(date(1994, 1, 1)), sector_on(date(1997, 1, 1)), sector_on(date(2001, 1, 1))) == (
        None,
        "GOV",
        "REB",
    )


def test_kb_files_setting_reads_the_environment(tmp_path: Path) -> None:
    settings = Settings.from_env({"EVENTWIRE_KB_FILES": f"{tmp_path / 'a.jsonl'}:{tmp_path / 'b.actors.txt'}"})
    assert settings.kb_files == (tmp_path / "a.jsonl", tmp_path / "b.actors.txt")
