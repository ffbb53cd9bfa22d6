"""A read-only view of the dependency parse for the quotes package: children, heads, subtrees.

Reads ``Document.tokens``; never changes them.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventwire.model import Token


class Tree:
    """Children lists over the token records of one document."""

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

    def subtree(self, index: int, *, skip: frozenset[int] = frozenset()) -> set[int]:
        """Token indices under a token (itself included), not entering the tokens in ``skip``."""
        out, stack = set(), [index]
        while stack:
            current = stack.pop()
            if current in skip:
                continue
            out.add(current)
            stack.extend(self._children[current])
        return out

    def dominates(self, top: int, index: int) -> bool:
        """Whether ``top`` is ``index`` or one of its heads."""
        seen = set()
        while index not in seen:
            if index == top:
                return True
            seen.add(index)
            index = self.tokens[index].head
        return False
