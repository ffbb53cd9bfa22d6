"""Shared test fixtures: hand-built documents (no trained model) and paths to ../shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.model import Document, Entity, Sentence, Token

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def shared_path(relative: str) -> Path:
    """A path under ../shared, or skip the test naming the missing path."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"needs {path} (the project's ../shared data), which is absent")
    return path


def build_doc(rows: list[tuple[str, str, str, str, int, str]], *, doc_id: str = "hand", published_on=None) -> Document:  # type: ignore[no-untyped-def]
    """Build a one-sentence Document from (text, lemma, pos, dep, head, ent_type) rows.

    ``head`` is the index of the head row (a root points at itself). Entities are made from
    runs of rows sharing an ent_type. Tokens are separated by single spaces.
    """
    tokens, offset = [], 0
    for i, (text, lemma, pos, dep, head, ent) in enumerate(rows):
        tokens.append(
            Token(
                i=i,
                start=offset,
                end=offset + len(text),
                text=text,
                lemma=lemma,
                pos=pos,
                tag="",
                dep=dep,
                head=head,
                ent_type=ent,
            )
        )
        offset += len(text) + 1
    text = " ".join(row[0] for row in rows)
    entities, run = [], []
    for token in tokens + [None]:
        if run and (token is None or token.ent_type != run[0].ent_type):
            entities.append(Entity(run[0].start, run[-1].end, run[0].ent_type, text[run[0].start : run[-1].end]))
            run = []
        if token is not None and token.ent_type:
            run.append(token)
    return Document(
        doc_id=doc_id,
        text=text,
        published_on=published_on,
        tokens=tuple(tokens),
        sentences=(Sentence(0, len(text), 0, len(tokens), 0),),
        entities=tuple(entities),
    )
