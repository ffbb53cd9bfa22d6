"""A read-only view of a document's dependency parse: children, heads, ancestors, subtrees.

Reads ``Document.tokens`` (written by the nlp stage); never changes them and never parses. Not a
stage: the stages that walk the parse (events, quotes, dates, places) share this one view.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence

from eventwire.model import Token


class ParseTree:
    """Children lists and walks over the token records of one document."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self._children: list[list[int]] = [[] for _ in tokens]
        for token in tokens:
            if token.head != token.i:
                self._children[token.head].append(token.i)
        self._starts = [token.start for token in tokens]

    def __getitem__(self, index: int) -> Token:
        return self.tokens[index]

    def children(self, index: int, *deps: str) -> list[Token]:
        """Children of a token, optionally only those with one of the given relations."""
        kids = (self.tokens[child] for child in self._children[index])
        return [kid for kid in kids if not deps or kid.dep in deps]

    def head(self, index: int) -> Token | None:
        """The syntactic head, or None for a root."""
        token = self.tokens[index]
        return None if token.head == index else self.tokens[token.head]

    def ancestors(self, index: int) -> Iterator[Token]:
        """Heads from the nearest up to the root."""
        seen = {index}
        head = self.head(index)
        while head is not None and head.i not in seen:
            seen.add(head.i)
            yield head
            head = self.head(head.i)

    def subtree(self, index: int, *, skip: frozenset[str] = frozenset()) -> list[int]:
        """Token indices under a token (itself included) in order, not descending into ``skip`` relations."""
        out, stack = [], [index]
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(kid.i for kid in self.children(current) if kid.dep not in skip)
        return sorted(out)

    def subtree_set(self, index: int, *, stop: frozenset[int] = frozenset()) -> set[int]:
        """Token indices under a token (itself included), not entering the tokens in ``stop``."""
        out: set[int] = set()
        stack = [index]
        while stack:
            current = stack.pop()
            if current in stop:
                continue
            out.add(current)
            stack.extend(self._children[current])
        return out

    def token_at(self, offset: int) -> int | None:
        """Index of the token covering a character offset, or None (tokens are in text order)."""
        position = bisect_right(self._starts, offset) - 1
        if position >= 0 and self.tokens[position].start <= offset < self.tokens[position].end:
            return self.tokens[position].i
        return None

    def dominates(self, top: int, index: int) -> bool:
        """Whether ``top`` is ``index`` or one of its heads."""
        return index == top or any(head.i == top for head in self.ancestors(index))


def span_head(tokens: Sequence[Token], start: int, end: int) -> int | None:
    """The token of a character span whose head lies outside it (its syntactic head), or None.

    Tokens are in text order, so the span's tokens are found by bisection, not a scan.
    """
    first = bisect_left(tokens, start, key=lambda token: token.start)
    inside = tokens[first : bisect_left(tokens, end, lo=first, key=lambda token: token.start)]
    for token in inside:
        if token.head == token.i or not start <= tokens[token.head].start < end:
            return token.i
    return inside[-1].i if inside else None
