"""Parties outside the event's own clause, on hand-built parses: quote speakers, people of a place."""

from dataclasses import replace

from eventwire.events.roles import place_target, quote_speaker
from eventwire.model import Mention, Quote
from eventwire.syntax import ParseTree
from tests.conftest import build_doc

# "operation in Rafah , where Palestinians shelter"
OPERATION = [
    ("operation", "operation", "NOUN", "ROOT", 0, ""),
    ("in", "in", "ADP", "prep", 0, ""),
    ("Rafah", "Rafah", "PROPN", "pobj", 1, "GPE"),
    (",", ",", "PUNCT", "punct", 2, ""),
    ("where", "where", "SCONJ", "advmod", 6, ""),
    ("Palestinians", "Palestinians", "PROPN", "nsubj", 6, "NORP"),
    ("shelter", "shelter", "VERB", "relcl", 2, ""),
]
# "Critical that Iran acts ."
CRITICAL = [
    ("Critical", "critical", "ADJ", "ROOT", 0, ""),
    ("that", "that", "SCONJ", "mark", 3, ""),
    ("Iran", "Iran", "PROPN", "nsubj", 3, "GPE"),
    ("acts", "act", "VERB", "ccomp", 0, ""),
    (".", ".", "PUNCT", "punct", 0, ""),
]


def test_a_place_with_a_where_clause_targets_its_people() -> None:
    doc = build_doc(OPERATION)
    assert place_target(ParseTree(doc.tokens), 0) == [5]
    bare = build_doc(OPERATION[:3])
    assert place_target(ParseTree(bare.tokens), 0) == [2]


def test_a_subjectless_quoted_sentence_is_the_speakers_act() -> None:
    doc = build_doc(CRITICAL)
    speaker = Mention(mention_id="m900-907", start=900, end=907, text="Borrell", head=0)
    quote = Quote("q1", doc.text, 0, len(doc.text), direct=True, speaker_id=speaker.mention_id)
    quoted = replace(doc, quotes=(quote,), mentions=(speaker,))
    tree = ParseTree(doc.tokens)
    assert quote_speaker(quoted, tree, 0, doc.sentences[0]) == speaker
    assert quote_speaker(doc, tree, 0, doc.sentences[0]) is None  # not inside a quotation
    assert quote_speaker(quoted, tree, 3, doc.sentences[0]) is None  # "acts" has its own subject
    indirect = replace(quoted, quotes=(replace(quote, direct=False),))
    assert quote_speaker(indirect, tree, 0, doc.sentences[0]) is None
