"""Clean drops page furniture and keeps every article sentence, with offsets into clean text."""

import pytest

from eventwire.clean import clean_article
from eventwire.errors import InputError
from eventwire.model import RawArticle

PAGE = """Home World News Rebels Seize Northern Town

Rebels Seize Northern Town

Fighters patrol the town square on Monday. Source: Agency Photo Desk

Rebels seized the northern town of Example on Monday, officials said.

Jane Doe WhatsApp Channel

Subscribe to our newsletter

The army said it would respond. A spokesperson said the source of the attack was unclear.
"""


def _clean(text: str, **kwargs):  # type: ignore[no-untyped-def]
    return clean_article(RawArticle(source="page.txt", text=text, **kwargs), max_chars=100_000)


def test_removes_breadcrumb_headline_caption_and_promotions() -> None:
    doc = _clean(PAGE)
    assert [r.reason for r in doc.removed] == ["breadcrumb", "headline", "caption", "promotion", "promotion"]
    assert doc.title == "Rebels Seize Northern Town"
    assert doc.text.startswith("Rebels seized the northern town")
    assert "The army said it would respond. A spokesperson said the source of the attack was unclear." in doc.text


def test_a_given_title_is_removed_when_repeated_in_the_body() -> None:
    doc = _clean("Talks Resume\n\nDelegates met in Geneva on Monday.", title="Talks Resume")
    assert doc.text == "Delegates met in Geneva on Monday." and doc.title == "Talks Resume"


def test_long_sentences_that_mention_subscribe_are_kept() -> None:
    sentence = (
        "The ministry said it would subscribe to the new rules on arms exports next year, after "
        "weeks of talks with its partners in the region and abroad about the treaty."
    )
    assert _clean("First line of the story ends here.\n\n" + sentence).text.endswith(sentence)


def test_paragraph_offsets_point_into_clean_text() -> None:
    doc = _clean("Officials met on Monday.\n\nThey agreed to talk again.")
    start = doc.text.index("They agreed")
    assert doc.text[start : start + 11] == "They agreed"


def test_empty_article_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no article text"):
        _clean("Subscribe now\n\nHome News World Sports")


def test_id_is_the_hash_of_clean_text_without_one() -> None:
    assert len(_clean("Officials met on Monday.").doc_id) == 64
    assert _clean("Officials met on Monday.", doc_id="x1").doc_id == "x1"
