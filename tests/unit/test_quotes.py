"""The quotes stage on hand-built parses: cues, speakers, contents, quotation marks, links."""

from __future__ import annotations

from dataclasses import replace

import pytest

from eventwire.model import Actor, Document, Event, Quote, Sentence, Span
from eventwire.quotes import QuoteAttributor, link_quotes, load_cues
from eventwire.quotes.marks import inner, quotation_spans
from tests.conftest import build_doc

Row = tuple[str, str, str, str, int, str]


@pytest.fixture(scope="module")
def attributor() -> QuoteAttributor:
    return QuoteAttributor(learned=False)  # the rules alone; the learned model has its own tests


def _two_sentences(first: list[Row], second: list[Row]) -> Document:
    shifted = [(text, lemma, pos, dep, head + len(first), ent) for text, lemma, pos, dep, head, ent in second]
    doc = build_doc(first + shifted)
    split = doc.tokens[len(first)].start
    return replace(
        doc,
        sentences=(
            Sentence(0, doc.tokens[len(first) - 1].end, 0, len(first), 0),
            Sentence(split, len(doc.text), len(first), len(doc.tokens), 0),
        ),
    )


def _found(doc: Document) -> list[tuple[str, str | None, str | None, bool]]:
    out = []
    for quote in doc.quotes:
        speaker = doc.mention(quote.speaker_id) if quote.speaker_id else None
        out.append((quote.text, speaker.text if speaker else None, quote.cue, quote.direct))
    return out


def test_cue_data_has_every_kind() -> None:
    kinds = set(load_cues().values())
    assert kinds == {"speech", "describe", "source", "cognition"}


def test_said_that_clause_is_indirect_speech(attributor: QuoteAttributor) -> None:
    doc = build_doc(
        [
            ("Kim", "Kim", "PROPN", "nsubj", 1, "PERSON"),
            ("said", "say", "VERB", "ROOT", 1, ""),
            ("that", "that", "SCONJ", "mark", 4, ""),
            ("Lee", "Lee", "PROPN", "nsubj", 4, "PERSON"),
            ("resigned", "resign", "VERB", "ccomp", 1, ""),
            (".", ".", "PUNCT", "punct", 1, ""),
        ]
    )
    coded = attributor.attribute_quotes(doc)
    assert _found(coded) == [("that Lee resigned", "Kim", "said", False)]
    assert coded.mention(coded.quotes[0].speaker_id or "") is not None  # the speaker is a mention


def test_inverted_direct_quote(attributor: QuoteAttributor) -> None:
    doc = build_doc(
        [
            ("\u201c", '"', "PUNCT", "punct", 2, ""),
            ("We", "we", "PRON", "nsubj", 2, ""),
            ("won", "win", "VERB", "ccomp", 6, ""),
            (",", ",", "PUNCT", "punct", 2, ""),
            ("\u201d", '"', "PUNCT", "punct", 6, ""),
            ("Kim", "Kim", "PROPN", "nsubj", 6, "PERSON"),
            ("said", "say", "VERB", "ROOT", 6, ""),
            (".", ".", "PUNCT", "punct", 6, ""),
        ]
    )
    assert _found(attributor.attribute_quotes(doc)) == [("We won ,", "Kim", "said", True)]


def test_according_to_names_the_speaker_of_its_clause(attributor: QuoteAttributor) -> None:
    doc = build_doc(
        [
            ("According", "accord", "VERB", "prep", 5, ""),
            ("to", "to", "ADP", "prep", 0, ""),
            ("Kim", "Kim", "PROPN", "pobj", 1, "PERSON"),
            (",", ",", "PUNCT", "punct", 4, ""),
            ("talks", "talk", "NOUN", "nsubj", 5, ""),
            ("failed", "fail", "VERB", "ROOT", 5, ""),
            (".", ".", "PUNCT", "punct", 5, ""),
        ]
    )
    assert _found(attributor.attribute_quotes(doc)) == [("talks failed", "Kim", "According to", False)]


def test_participle_cue_borrows_the_subject_of_the_earlier_clause(attributor: QuoteAttributor) -> None:
    doc = build_doc(
        [
            ("Talks", "talk", "NOUN", "nsubj", 1, ""),
            ("ended", "end", "VERB", "ROOT", 1, ""),
            ("after", "after", "SCONJ", "mark", 4, ""),
            ("unions", "union", "NOUN", "nsubj", 4, ""),
            ("rejected", "reject", "VERB", "advcl", 1, ""),
            ("it", "it", "PRON", "dobj", 4, ""),
            (",", ",", "PUNCT", "punct", 1, ""),
            ("stating", "state", "VERB", "advcl", 1, ""),
            ("that", "that", "SCONJ", "mark", 11, ""),
            ("they", "they", "PRON", "nsubj", 11, ""),
            ("would", "would", "AUX", "aux", 11, ""),
            ("strike", "strike", "VERB", "ccomp", 7, ""),
        ]
    )
    assert _found(attributor.attribute_quotes(doc)) == [("that they would strike", "unions", "stating", False)]


def test_cue_without_content_takes_the_quotation_opening_the_next_sentence(attributor: QuoteAttributor) -> None:
    doc = _two_sentences(
        [
            ("Kim", "Kim", "PROPN", "nsubj", 1, "PERSON"),
            ("wrote", "write", "VERB", "ROOT", 1, ""),
            ("on", "on", "ADP", "prep", 1, ""),
            ("Monday", "Monday", "PROPN", "pobj", 2, "DATE"),
            (".", ".", "PUNCT", "punct", 1, ""),
        ],
        [
            ("\u201c", '"', "PUNCT", "punct", 1, ""),
            ("Met", "meet", "VERB", "ROOT", 1, ""),
            ("Lee", "Lee", "PROPN", "dobj", 1, "PERSON"),
            (".", ".", "PUNCT", "punct", 1, ""),
            ("\u201d", '"', "PUNCT", "punct", 1, ""),
        ],
    )
    assert _found(attributor.attribute_quotes(doc)) == [("Met Lee .", "Kim", "wrote", True)]


def test_words_inside_a_quotation_are_no_cue(attributor: QuoteAttributor) -> None:
    doc = build_doc(
        [
            ("\u201c", '"', "PUNCT", "punct", 2, ""),
            ("They", "they", "PRON", "nsubj", 2, ""),
            ("said", "say", "VERB", "ROOT", 2, ""),
            ("no", "no", "INTJ", "ccomp", 2, ""),
            ("\u201d", '"', "PUNCT", "punct", 2, ""),
        ]
    )
    assert attributor.attribute_quotes(doc).quotes == ()


def test_quotation_marks_curly_straight_and_doubled_apostrophes() -> None:
    text = "A \u201cone two\u201d, B \"three\", C ''four five'' and it's 12\" long."
    assert [inner(text, span) for span in quotation_spans(text)] == ["one two", "three", "four five"]


def test_an_unclosed_mark_ends_at_its_paragraph() -> None:
    text = "\u201cno close here.\n\nThen \u201cclosed\u201d."
    assert [inner(text, span) for span in quotation_spans(text)] == ["closed"]


def test_links_a_quote_to_an_event_reported_inside_it_and_to_its_speakers_event() -> None:
    text = "Kim said that Lee attacked Park."
    doc = Document(doc_id="d", text=text, sentences=(Sentence(0, len(text), 0, 0, 0),))
    inside = Event("e1", "ASSAULT", Span(0, len(text)), Span(18, 26), "test", actor_ids=("m14-17",))
    speaking = Event("e2", "ACCUSE", Span(0, len(text)), Span(20, 26), "test", actor_ids=("m0-3",))
    elsewhere = Event("e3", "CONSULT", Span(40, 50), Span(40, 45), "test", actor_ids=("m14-17",))
    quote = Quote("q1", "that Lee attacked Park", 9, 31, False, "said", "m0-3", cue_span=Span(4, 8))
    doc = replace(
        doc,
        events=(inside, speaking, elsewhere),
        quotes=(quote,),
        actors=(Actor("m0-3", "Kim", None, None),),
    )
    linked = link_quotes(doc)
    assert linked.quotes[0].event_ids == ("e1", "e2")
    assert [event.quote_ids for event in linked.events] == [("q1",), ("q1",), ()]
