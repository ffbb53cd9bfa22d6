"""A cheap check that an article is in English, before any expensive stage sees it.

English prose is about 40% function words ("the", "of", "and", ...); other languages,
transliterations and machine noise have almost none. Short texts pass: too few words to judge.
Reads nothing, writes nothing.
"""

from __future__ import annotations

import re

from eventwire.errors import InputError

#: Texts shorter than this many words are not judged.
MIN_WORDS = 40
#: Below this share of English function words, a text is not English prose.
MIN_SHARE = 0.08
_SAMPLE_CHARS = 20_000
_WORD = re.compile(r"[^\W\d_]+")
_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "was",
        "with",
        "he",
        "it",
        "as",
        "at",
        "by",
        "his",
        "are",
        "from",
        "be",
        "this",
        "have",
        "has",
        "had",
        "not",
        "were",
        "but",
        "they",
        "which",
        "an",
        "or",
        "their",
        "said",
        "after",
        "been",
        "who",
        "its",
        "will",
        "would",
        "we",
        "i",
        "you",
        "she",
        "her",
        "him",
        "them",
        "there",
        "also",
    ]
)


def check_english(text: str, *, name: str) -> None:
    """Raise InputError when a text of some length has almost no English function words."""
    words = [word.lower() for word in _WORD.findall(text[:_SAMPLE_CHARS])]
    if len(words) < MIN_WORDS:
        return
    share = sum(word in _FUNCTION_WORDS for word in words) / len(words)
    if share < MIN_SHARE:
        raise InputError(
            f"{name}: does not read as English ({share:.0%} English function words); eventwire codes English news."
        )
