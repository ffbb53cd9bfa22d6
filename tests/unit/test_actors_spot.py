"""Spotting knowledge-base names in hand-built documents, and the event coder counting them as parties."""

from pathlib import Path

from eventwire.actors.kb import KbEntry, KnowledgeBase
from eventwire.actors.sources import read_kb_file
from eventwire.actors.spot import spot_actors
from eventwire.events import EventCoder
from tests.conftest import build_doc

DICTIONARY = "ARNOR_ [ARN]\nGONDOR [GON]\nMINAS_TIRITH [GON]\n"


def _kb(tmp_path: Path) -> KnowledgeBase:
    path = tmp_path / "middle.actors.txt"
    path.write_text(DICTIONARY, encoding="utf-8")
    extra = KbEntry("us", "country", "United States", "USA", "GOV", ("US",))
    return KnowledgeBase([*read_kb_file(path), extra])


def _spotted(tmp_path: Path, rows: list[tuple[str, str, str, str, int, str]]) -> list[str]:
    doc = spot_actors(build_doc(rows), kb=_kb(tmp_path))
    return [doc.text[span.start : span.end] for span in doc.actor_spans]


def test_longest_name_wins_and_lowercase_words_are_not_names(tmp_path: Path) -> None:
    rows = [
        ("Arnor", "Arnor", "PROPN", "nsubj", 1, ""),
        ("visited", "visit", "VERB", "ROOT", 1, ""),
        ("Minas", "Minas", "PROPN", "compound", 3, ""),
        ("Tirith", "Tirith", "PROPN", "dobj", 1, ""),
        ("with", "with", "ADP", "prep", 1, ""),
        ("us", "we", "PRON", "pobj", 4, ""),
    ]
    assert _spotted(tmp_path, rows) == ["Arnor", "Minas Tirith"]


def test_short_names_must_be_capitals(tmp_path: Path) -> None:
    rows = [
        ("Us", "we", "PRON", "nsubj", 1, ""),
        ("met", "meet", "VERB", "ROOT", 1, ""),
        ("US", "US", "PROPN", "dobj", 1, ""),
    ]
    assert _spotted(tmp_path, rows) == ["US"]


def test_a_spotted_name_is_a_party_for_the_event_coder(tmp_path: Path) -> None:
    rows = [
        ("Arnor", "Arnor", "PROPN", "nsubj", 1, ""),
        ("accused", "accuse", "VERB", "ROOT", 1, ""),
        ("Gondor", "Gondor", "PROPN", "dobj", 1, ""),
    ]
    coder = EventCoder()
    plain = build_doc(rows)
    assert coder.code_events(plain).events == ()  # the parser tagged no entity: no parties
    spotted = spot_actors(plain, kb=_kb(tmp_path))
    [event] = coder.code_events(spotted).events
    assert event.event == "ACCUSE"
    assert [m.text for m in coder.code_events(spotted).mentions] == ["Arnor", "Gondor"]
