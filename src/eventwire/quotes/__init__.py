"""Quotes: who said what. Direct quotations and reported speech, their speakers and events.

``attribute_quotes`` (after nlp, before events) reads tokens, sentences and the text's
quotation marks; writes ``Document.quotes`` and adds each speaker as a ``Mention`` (id
``m{start}-{end}``, so a span named by an event too is one mention) for the actors stage to
resolve. ``link_quotes`` (after actors) fills ``Quote.event_ids`` and ``Event.quote_ids``.
Cue words are data (``data/cues.tsv``); the learned attributions come from ``contextual`` (MiniLM
word states, with the ``[embeddings]`` extra) or else ``spans``. Never resolves a speaker itself,
never codes events.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import replace
from importlib import resources

from eventwire.model import Document, Mention, Quote, Span
from eventwire.quotes.attribute import Attribution
from eventwire.quotes.contextual import load_context_model
from eventwire.quotes.find import find_attributions
from eventwire.quotes.link import link_quotes
from eventwire.quotes.marks import inner, quotation_spans
from eventwire.quotes.spans import Finder, added_spans, load_span_model
from eventwire.quotes.speaker import speaker_mention
from eventwire.syntax import ParseTree

__all__ = ["QuoteAttributor", "link_quotes", "load_cues"]


def load_cues() -> dict[str, str]:
    """The cue lexicon: lemma (or "lemma particle") to kind, from ``data/cues.tsv``."""
    text = resources.files("eventwire.quotes").joinpath("data", "cues.tsv").read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return {row[0].strip().lower(): row[1].strip() for row in rows}


class QuoteAttributor:
    """The cue lexicon and the learned model loaded once, applied per document. The learned model
    is the contextual one (``contextual``, MiniLM states) when the ``[embeddings]`` extra is
    installed and ``contextual`` is not False, else the linear span model (``spans``)."""

    def __init__(
        self,
        *,
        cues: Mapping[str, str] | None = None,
        spans: Finder | None = None,
        learned: bool = True,
        contextual: bool = True,
    ) -> None:
        self.cues = dict(cues) if cues is not None else load_cues()
        self.spans = (spans or _learned(contextual=contextual)) if learned else None

    def attribute_quotes(self, doc: Document) -> Document:
        """Return the document with its quotes and their speakers added to the mentions."""
        tree = ParseTree(doc.tokens)
        marks = quotation_spans(doc.text)
        quotes: list[Quote] = []
        mentions = {mention.mention_id: mention for mention in doc.mentions}
        found_all = list(find_attributions(doc, tree, marks, self.cues))
        if self.spans is not None:
            found_all += added_spans(doc, tree, self.spans, found_all, marks)
        found_all.sort(key=lambda a: (a.content.start, a.content.end))
        for found in found_all:
            speaker = speaker_mention(doc, tree, found.speaker, span=found.speaker_span)
            if speaker is not None:
                mentions.setdefault(speaker.mention_id, speaker)
            quotes.append(_quote(doc, tree, found, speaker))
        ordered = tuple(sorted(mentions.values(), key=lambda m: (m.start, m.end)))
        return replace(doc, quotes=tuple(quotes), mentions=ordered)


def _learned(*, contextual: bool) -> Finder | None:
    model = load_context_model() if contextual else None
    return model if model is not None else load_span_model()


def _quote(doc: Document, tree: ParseTree, found: Attribution, speaker: Mention | None) -> Quote:
    span = found.content
    quoted = sum(len(inner(doc.text, q)) for q in found.quotations)
    direct = quoted * 2 >= len(doc.text[span.start : span.end].strip())
    text = " ".join(inner(doc.text, q) for q in found.quotations) if direct else _plain(doc.text, span)
    cue = tree[found.cue]
    cue_end = cue.end
    if found.kind == "source":
        cue_end = max([kid.end for kid in tree.children(found.cue, "prep")] + [cue.end])
    key = f"{doc.doc_id}|{span.start}-{span.end}|{speaker.mention_id if speaker else ''}"
    return Quote(
        quote_id="q" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:15],
        text=text,
        start=span.start,
        end=span.end,
        direct=direct,
        cue=doc.text[cue.start : cue_end],
        speaker_id=speaker.mention_id if speaker else None,
        cue_span=Span(cue.start, cue_end),
        parts=_pieces(span, found.quotations, cue.start) or _around(span, found.gap),
    )


def _pieces(span: Span, quotations: tuple[Span, ...], cue_at: int) -> tuple[Span, ...]:
    # '“A,” she said, “B.”': the content less the stretch between quotations that holds the cue;
    # a quotation inside a longer clause keeps the clause ("he hoped to get “recharged”").
    edges = [span.start, *(edge for q in quotations for edge in (q.start, q.end)), span.end]
    gaps = [(edges[n], edges[n + 1]) for n in range(0, len(edges) - 1, 2)]
    cuts = [gap for gap in gaps if gap[0] <= cue_at < gap[1]]
    if not cuts:
        return ()
    pieces, start = [], span.start
    for cut_start, cut_end in cuts:
        if cut_start > start:
            pieces.append(Span(start, cut_start))
        start = cut_end
    if span.end > start:
        pieces.append(Span(start, span.end))
    return tuple(pieces)


def _around(span: Span, gap: Span | None) -> tuple[Span, ...]:
    # A learned content around its cue ("A, he said, B") is its two sides.
    if gap is None or not span.start < gap.start < gap.end < span.end:
        return ()
    return (Span(span.start, gap.start), Span(gap.end, span.end))


def _plain(text: str, span: Span) -> str:
    return text[span.start : span.end].strip()
