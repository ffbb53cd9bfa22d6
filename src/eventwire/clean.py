"""Clean: raw article -> Document with only the article's own text.

Drops breadcrumb lines, a headline repeated in the body, photo captions and promotion lines,
recording each removal with its reason. Paragraphs are kept lines joined by a blank line; every
later offset points into this cleaned text. Never parses language; never drops a line that
reads like an article sentence unless it matches a rule below.
"""

from __future__ import annotations

import hashlib
import re

from eventwire.errors import InputError
from eventwire.model import Document, RawArticle, Removal

# Navigation trails: "Home World News ...", "Home > Politics > ...".
_BREADCRUMB = re.compile(r"^(home|news|start)\b(\s*[>›»/|]\s*|\s+)[A-Z]", re.IGNORECASE)
# Captions end in a credit: "... Source: Ministry", "Photo: AP", "(Photo by X/Getty Images)".
_CAPTION = re.compile(
    r"(\.\s*|\s)(source|photo|image|picture|credit|file photo|photograph)\s*:\s*\S.{0,80}$"
    r"|\((photo|image|picture)s? (by|credit|courtesy)[^)]*\)\s*$"
    r"|\b(getty images|reuters photo|ap photo|afp photo)\b[^.]{0,60}$",
    re.IGNORECASE,
)
_PROMOTION = re.compile(
    r"\b(whatsapp channel|telegram channel|subscribe( now| to| for)?|sign up|follow us|join us on"
    r"|download (the|our) app|click here|also read|read more|advertisement|share this( article)?"
    r"|newsletter)\b",
    re.IGNORECASE,
)
_MAX_NOISE_WORDS = 20  # longer lines are article text whatever they contain
_SENTENCE_END = re.compile(r"[.!?\"”’)]\s*$")


def clean_article(raw: RawArticle, *, max_chars: int) -> Document:
    """Build a Document from a raw article, dropping lines that are not the article."""
    lines = [line.strip() for line in raw.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    title = raw.title
    kept: list[str] = []
    removed: list[Removal] = []
    for index, line in enumerate(lines):
        reason = _noise_reason(line, title=title, is_first=not kept, rest=lines[index + 1 :])
        if reason == "headline" and title is None:
            title = line
        if reason:
            removed.append(Removal(text=line, reason=reason))
        else:
            kept.append(line)
    text = "\n\n".join(kept)
    if not text.strip():
        raise InputError(f"{raw.source}: no article text left after cleaning.")
    if len(text) > max_chars:
        raise InputError(f"{raw.source}: {len(text)} characters, over the {max_chars} limit; raise max_chars.")
    doc_id = raw.doc_id or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(
        doc_id=doc_id,
        text=text,
        source=raw.source,
        title=title,
        url=raw.url,
        published_on=raw.published_on,
        removed=tuple(removed),
    )


def _noise_reason(line: str, *, title: str | None, is_first: bool, rest: list[str]) -> str | None:
    words = len(line.split())
    if words > _MAX_NOISE_WORDS * 2:
        return None
    if is_first and _BREADCRUMB.match(line) and not _SENTENCE_END.search(line):
        return "breadcrumb"
    if title is not None and _same_text(line, title):
        return "headline"
    if is_first and title is None and _looks_like_headline(line, rest):
        return "headline"
    if words <= _MAX_NOISE_WORDS * 2 and _CAPTION.search(line):
        return "caption"
    if words <= _MAX_NOISE_WORDS and _PROMOTION.search(line):
        return "promotion"
    return None


def _looks_like_headline(line: str, rest: list[str]) -> bool:
    # A first line without final punctuation that the body then repeats, or that is short and
    # title-cased, is the headline.
    if _SENTENCE_END.search(line) or len(line.split()) > 25:
        return False
    if any(_same_text(line, other) for other in rest[:3]):
        return True
    words = [word for word in line.split() if word[:1].isalpha()]
    capitalised = sum(word[0].isupper() for word in words)
    return bool(words) and capitalised / len(words) >= 0.6 and bool(rest)


def _same_text(left: str, right: str) -> bool:
    return _normal(left) == _normal(right)


def _normal(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()
