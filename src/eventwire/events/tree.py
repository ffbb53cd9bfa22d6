"""A read-only view of a document's dependency parse for walking heads and children.

Reads ``Document.tokens``; never changes them. Used only inside the events package.
"""

from __future__ import annotations

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
        """Token indices under a token (itself included), not descending into ``skip`` relations."""
        out, stack = [], [index]
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(kid.i for kid in self.children(current) if kid.dep not in skip)
        return sorted(out)
