"""Quotation marks: the character spans that text puts between opening and closing marks.

Reads the document text only; never looks at the parse. A quotation may span sentences but
never a paragraph break: an unclosed mark is dropped at the end of its paragraph (news prints
an open mark at the start of each paragraph of a long quotation, which we do not merge).
"""

from __future__ import annotations

import re

from eventwire.model import Span

OPENING = "\u201c\u201e\u00ab"  # “ „ «
CLOSING = "\u201d\u00bb"  # ” »
STRAIGHT = '"'
DOUBLED = "''"  # two apostrophes as a double mark (newswire style)
_PARAGRAPH = re.compile(r"\n\s*\n")


def quotation_spans(text: str) -> tuple[Span, ...]:
    """Return the spans from each opening mark to just after its closing mark."""
    spans: list[Span] = []
    start = 0
    for match in _PARAGRAPH.finditer(text):
        spans.extend(_in_paragraph(text, start, match.start()))
        start = match.end()
    spans.extend(_in_paragraph(text, start, len(text)))
    return tuple(spans)


def inner(text: str, span: Span) -> str:
    """The words of a quotation without its marks and surrounding spaces."""
    return text[span.start : span.end].strip().strip(OPENING + CLOSING + STRAIGHT + "'").strip()


def _in_paragraph(text: str, start: int, end: int) -> list[Span]:
    spans: list[Span] = []
    opened: int | None = None
    offset = start
    while offset < end:
        char, width = text[offset], 2 if text.startswith(DOUBLED, offset) else 1
        straight = char == STRAIGHT or width == 2
        if opened is None and (char in OPENING or (straight and _opens(text, offset))):
            opened = offset
        elif opened is not None and (char in CLOSING or straight):
            if offset - opened > 2:
                spans.append(Span(opened, offset + width))
            opened = None
        offset += width
    return spans


def _opens(text: str, offset: int) -> bool:
    # A straight mark opens when it is not glued to the end of a word ("the 12" screen").
    before = text[offset - 1] if offset > 0 else " "
    return not before.isalnum()
