"""PETRARCH-style parties (eventwire.events.petrarch_roles) on hand-built parses, and the lexicon
fields a converted PETRARCH verb dictionary gives them (reciprocal codes, `%`, written forms)."""

from pathlib import Path

from eventwire.events import petrarch_roles as roles
from eventwire.events.lexicon import Entry, load_lexicon
from eventwire.model import Event, Span
from eventwire.syntax import ParseTree
from tests.conftest import build_doc

# "Gondor condemned an attack by Osgiliath soldiers and promised aid to Ithilen"
CONDEMNED = [
    ("Gondor", "Gondor", "PROPN", "nsubj", 1, ""),
    ("condemned", "condemn", "VERB", "ROOT", 1, ""),
    ("an", "an", "DET", "det", 3, ""),
    ("attack", "attack", "NOUN", "dobj", 1, ""),
    ("by", "by", "ADP", "prep", 3, ""),
    ("Osgiliath", "Osgiliath", "PROPN", "compound", 6, ""),
    ("soldiers", "soldier", "NOUN", "pobj", 4, ""),
    ("and", "and", "CCONJ", "cc", 1, ""),
    ("promised", "promise", "VERB", "conj", 1, ""),
    ("aid", "aid", "NOUN", "dobj", 8, ""),
    ("to", "to", "ADP", "prep", 9, ""),
    ("Ithilen", "Ithilen", "PROPN", "pobj", 10, ""),
]
# "The ambassadors of Arnor , Osgiliath and Gondor met the government of Bree"
AMBASSADORS = [
    ("The", "the", "DET", "det", 1, ""),
    ("ambassadors", "ambassador", "NOUN", "nsubj", 8, ""),
    ("of", "of", "ADP", "prep", 1, ""),
    ("Arnor", "Arnor", "PROPN", "pobj", 2, ""),
    (",", ",", "PUNCT", "punct", 3, ""),
    ("Osgiliath", "Osgiliath", "PROPN", "conj", 3, ""),
    ("and", "and", "CCONJ", "cc", 5, ""),
    ("Gondor", "Gondor", "PROPN", "conj", 5, ""),
    ("met", "meet", "VERB", "ROOT", 8, ""),
    ("the", "the", "DET", "det", 10, ""),
    ("government", "government", "NOUN", "dobj", 8, ""),
    ("of", "of", "ADP", "prep", 10, ""),
    ("Bree", "Bree", "PROPN", "pobj", 11, ""),
]
# "Soldiers from Gondor"
SOLDIERS = [
    ("Soldiers", "soldier", "NOUN", "ROOT", 0, ""),
    ("from", "from", "ADP", "prep", 0, ""),
    ("Gondor", "Gondor", "PROPN", "pobj", 1, ""),
]


def _names(rows: list[tuple[str, str, str, str, int, str]]) -> tuple[ParseTree, roles.Names, str]:
    doc = build_doc(rows)
    spans = tuple(Span(t.start, t.end) for t in doc.tokens if t.pos == "PROPN")
    tree = ParseTree(doc.tokens)
    return tree, roles.Names(tree, spans), doc.text


def _party_nouns(tree: ParseTree) -> roles.IsParty:
    return lambda i: tree[i].lemma in {"soldier", "ambassador", "government"}


def test_the_target_is_the_first_name_in_the_verbs_own_phrase() -> None:
    tree, names, _ = _names(CONDEMNED)
    # "Osgiliath soldiers" stands for the soldiers; "Ithilen" belongs to the coordinated verb.
    assert roles.phrase_target(tree, 1, names, _party_nouns(tree), exclude=set()) == [6]
    actors, recipients = roles.positional_parties(tree, 1, [0], [], names, _party_nouns(tree))
    assert (actors, recipients) == ([0], [6])
    # The coordinated verb finds its own target.
    assert roles.phrase_target(tree, 8, names, _party_nouns(tree), exclude=set()) == [11]


def test_compound_actors_split_into_one_party_per_name() -> None:
    tree, names, _ = _names(AMBASSADORS)
    assert roles.split_parties(tree, [1], names, _party_nouns(tree)) == [3, 5, 7]
    # A single name keeps the noun it qualifies: "the government of Bree" is read whole.
    assert roles.split_parties(tree, [10], names, _party_nouns(tree)) == [10]
    assert roles.members(tree, 3, names) == [3, 5, 7]


def test_mentions_are_the_name_or_the_party_noun_up_to_its_place() -> None:
    tree, names, text = _names(AMBASSADORS)
    found = roles.name_mention(tree, 5, names, text=text)
    assert found is not None and found.text == "Osgiliath"  # not "Osgiliath and Gondor"
    assert roles.name_mention(tree, 10, names, text=text) is None  # left to the event coder
    tree, names, text = _names(SOLDIERS)
    found = roles.name_mention(tree, 0, names, text=text)
    assert found is not None and found.text == "Soldiers from Gondor"


def _event(actors: tuple[str, ...], recipients: tuple[str, ...]) -> Event:
    return Event("e1", "AGREE", Span(0, 9), Span(0, 3), "test", actor_ids=actors, recipient_ids=recipients)


def _entry(*, reverse: str | None = None, compound: bool = False) -> Entry:
    return Entry("VERB", "agree", "", (), (), "030", "AGREE", None, (), "V.txt:1", -1, True, reverse, compound)


def test_reciprocal_codes_and_compound_actors_give_one_event_per_direction() -> None:
    plain = list(roles.paired_events(_event(("a",), ("b",)), _entry()))
    assert [(e.actor_ids, e.recipient_ids) for e in plain] == [(("a",), ("b",))]
    mirrored = list(roles.paired_events(_event(("a",), ("b",)), _entry(reverse="CONSULT")))
    assert [(e.event, e.actor_ids, e.recipient_ids) for e in mirrored] == [
        ("AGREE", ("a",), ("b",)),
        ("CONSULT", ("b",), ("a",)),
    ]
    compound = list(roles.paired_events(_event(("a", "b"), ()), _entry(compound=True)))
    assert sorted((e.actor_ids, e.recipient_ids) for e in compound) == [(("a",), ("b",)), (("b",), ("a",))]
    assert len({e.event_id for e in compound + mirrored}) == 4


VERBS = """--- MEET  [031:032]  ---
MEET
- % HAVE * [191]

--- SAID  [023]  ---
SAID

--- RECEIVE  [033]  ---
RECEIVE
- + * MONEY $  [071]

--- SEIZE  [191]  ---
+CORDON_OFF {+CORDONED_OFF}
STAB {STABBED}
"""


def test_a_verb_dictionary_marks_its_rows_positional(tmp_path: Path) -> None:
    path = tmp_path / "verbs.txt"
    path.write_text(VERBS, encoding="utf-8")
    lexicon = load_lexicon([path])
    meet = lexicon.match("VERB", "meet", particle="", before=frozenset(), after=frozenset())
    assert meet is not None and meet.positional and meet.reverse == "AGREE" and not meet.compound
    have = lexicon.match("VERB", "meet", particle="", before=frozenset({"have"}), after=frozenset())
    assert have is not None and have.compound and have.plover == "COERCE"
    # PETRARCH matches written forms: the SAID block codes "said", our rows still code "says".
    assert lexicon.key("VERB", "say", "said") == "said"
    assert lexicon.key("VERB", "say", "says") == "say"
    # A written form the parser lemmatises otherwise ("cordoned" -> "cordone") finds its headword,
    # from the `{...}` forms or the regular ones; a right lemma is kept.
    assert lexicon.key("VERB", "cordone", "cordoned") == "cordon"
    assert lexicon.key("VERB", "cordone", "cordoning") == "cordon"
    assert lexicon.key("VERB", "stab", "stabbed") == "stab"
    assert lexicon.positional("VERB", "stab") and not lexicon.positional("VERB", "attack")
    money = lexicon.match("VERB", "receive", particle="", before=frozenset(), after=frozenset({"money"}))
    assert money is not None and money.swap and money.plover == "AID"


def test_a_pattern_with_the_source_after_the_verb_turns_the_roles_round() -> None:
    tree, names, _ = _names(CONDEMNED)
    assert roles.positional_parties(tree, 1, [0], [6], names, _party_nouns(tree), swap=True) == ([6], [0])
    # A passive reading already has the source after the verb: nothing to turn round.
    assert roles.positional_parties(tree, 1, [6], [0], names, _party_nouns(tree), swap=True) == ([6], [])
    assert not load_lexicon().match("VERB", "say", particle="", before=frozenset(), after=frozenset()).positional  # type: ignore[union-attr]


def test_phrase_words_hold_adjacent_runs_for_underscored_pattern_items(tmp_path: Path) -> None:
    tree, _, _ = _names(CONDEMNED)
    before, after = roles.phrase_words(tree, 1)
    assert {"an_attack", "attack_by", "an_attack_by_osgiliath", "soldier"} <= after
    assert "gondor" in before and "promised" not in after  # the coordinated verb is another phrase
    assert "an_by" not in after
    path = tmp_path / "verbs.txt"
    path.write_text("--- CONDEMN  [122]  ---\nCONDEMN\n- * ATTACK_BY  [120]\n- * AN_BY  [130]\n", encoding="utf-8")
    lexicon = load_lexicon([path])
    entry = lexicon.match("VERB", "condemn", particle="", before=before, after=after)
    assert entry is not None and entry.cameo == "120"  # AN_BY: the words are not next to each other


def test_a_pattern_word_glued_to_the_star_must_touch_the_verb(tmp_path: Path) -> None:
    path = tmp_path / "verbs.txt"
    path.write_text("--- CONDEMN  [122]  ---\nCONDEMN\n- GONDOR_*  [120]\n- * _AN  [130]\n", encoding="utf-8")
    lexicon = load_lexicon([path])
    tree, _, _ = _names(CONDEMNED)
    before, after = roles.phrase_words(tree, 1)
    assert {"gondor_*", "*_an", "*_an_attack"} <= before | after and "*_attack" not in after
    entry = lexicon.match("VERB", "condemn", particle="", before=before, after=after)
    assert entry is not None and entry.cameo in ("120", "130")
    loose = frozenset({"gondor"})  # "Gondor recently condemned": not next to the verb
    entry = lexicon.match("VERB", "condemn", particle="", before=loose, after=frozenset({"an"}))
    assert entry is not None and entry.cameo == "122"


def test_a_noun_a_name_modifies_is_a_party_even_when_not_one_of_ours() -> None:
    # "The Danish media warned Gondor": "media" is no party noun of ours, but "Danish" names it.
    rows = [
        ("The", "the", "DET", "det", 2, ""),
        ("Danish", "Danish", "PROPN", "amod", 2, ""),
        ("media", "medium", "NOUN", "nsubj", 3, ""),
        ("warned", "warn", "VERB", "ROOT", 3, ""),
        ("Gondor", "Gondor", "PROPN", "dobj", 3, ""),
    ]
    tree, names, _ = _names(rows)
    assert roles.positional_parties(tree, 3, [2], [4], names, lambda i: False) == ([2], [4])
    unnamed = [(*row[:5], "") if row[0] != "Danish" else ("Danish", "danish", "ADJ", "amod", 2, "") for row in rows]
    tree, names, _ = _names(unnamed)
    assert roles.positional_parties(tree, 3, [2], [4], names, lambda i: False) == ([], [4])


def test_a_named_second_subject_acts_when_the_first_is_no_party() -> None:
    # "Old foes Gondor and Osgiliath have renewed ties", parsed with two subjects.
    rows = [
        ("Old", "old", "ADJ", "amod", 1, ""),
        ("foes", "foe", "NOUN", "nsubj", 6, ""),
        ("Gondor", "Gondor", "PROPN", "nsubj", 6, ""),
        ("and", "and", "CCONJ", "cc", 2, ""),
        ("Osgiliath", "Osgiliath", "PROPN", "conj", 2, ""),
        ("have", "have", "AUX", "aux", 6, ""),
        ("renewed", "renew", "VERB", "ROOT", 6, ""),
    ]
    tree, names, _ = _names(rows)
    assert roles.positional_parties(tree, 6, [1], [], names, lambda i: False) == ([2, 4], [])
