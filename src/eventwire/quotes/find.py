"""Find attributions sentence by sentence: each cue's speaker and content, and quotations
that belong to a cue in the sentence before ("X wrote on Monday. “...”") or beside it.

Reads tokens, sentences and quotation spans; returns ``Attribution`` values in text order.
Never builds records.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from eventwire.model import Document, Sentence, Span
from eventwire.quotes.attribute import (
    Attribution,
    content_of,
    content_span,
    cue_kind,
    extend_to_quotations,
    speaker_of,
    trailing_speaker,
)
from eventwire.quotes.marks import OPENING, STRAIGHT
from eventwire.syntax import ParseTree


def find_attributions(
    doc: Document, tree: ParseTree, marks: Sequence[Span], cues: Mapping[str, str]
) -> Iterator[Attribution]:
    """Yield the attributions of every sentence, one per content span."""
    claimed: set[Span] = set()
    found: list[Attribution] = []
    last_sentence = -2
    sentences = doc.sentences
    for number, sent in enumerate(sentences):
        following = sentences[number + 1] if number + 1 < len(sentences) else None
        here = _in_sentence(doc, tree, sent, following, marks=marks, cues=cues, claimed=claimed)
        if here:
            found.extend(here)
            last_sentence = number
        elif (
            found
            and last_sentence == number - 1
            and sentences[number - 1].paragraph == sent.paragraph
            and _continues(found[-1], sent, marks, claimed)
        ):
            found[-1] = _continued(found[-1], sent, marks, claimed)
            last_sentence = number
    seen: set[Span] = set()
    for attribution in found:
        if attribution.content not in seen:
            seen.add(attribution.content)
            yield attribution


def _continues(previous: Attribution, sent: Sentence, marks: Sequence[Span], claimed: set[Span]) -> bool:
    # '“A,” she said. “B.”': a quotation opening a cue-less sentence right after a direct
    # quotation goes on with the same speaker.
    opening = next((q for q in marks if q.start == sent.start and q not in claimed), None)
    return opening is not None and bool(previous.quotations)


def _continued(previous: Attribution, sent: Sentence, marks: Sequence[Span], claimed: set[Span]) -> Attribution:
    quotation = next(q for q in marks if q.start == sent.start)
    claimed.add(quotation)
    content = Span(previous.content.start, max(previous.content.end, quotation.end))
    return replace(previous, content=content, quotations=(*previous.quotations, quotation))


def _in_sentence(
    doc: Document,
    tree: ParseTree,
    sent: Sentence,
    following: Sentence | None,
    *,
    marks: Sequence[Span],
    cues: Mapping[str, str],
    claimed: set[Span],
) -> list[Attribution]:
    kinds = {
        i: kind
        for i in range(sent.token_start, sent.token_end)
        if (kind := cue_kind(tree, i, cues)) is not None and not _inside(tree[i].start, marks)
    }
    local = [q for q in marks if sent.start <= q.start < sent.end]
    out: list[Attribution] = []
    for index, kind in kinds.items():
        speaker = speaker_of(tree, index, kind, cue_kinds=kinds)
        tokens = content_of(tree, index, kind, sent=sent)
        tail = None
        if speaker is None:
            # "X is visiting Y, said the agency Z.": the content before the cue, the speaker after.
            tail = trailing_speaker(tree, index, sent=sent)
            tokens = {i for i in tokens if i < index}
            if tail is None or not tokens:
                continue
        span = content_span(tree, tokens)
        if span is None:
            # "X stressed the stakes. “...”": a cue with an object of its own takes no quotation
            # from the next sentence, nor one from the next paragraph unless it ends in a colon.
            after = None if tree.children(index, "dobj") or not _leads_to(doc.text, sent, following) else following
            span = _lone_quotation(doc.text, tree[index].start, local, after, marks, claimed)
        if span is None:
            continue
        span, quotations = extend_to_quotations(span, marks)
        claimed.update(quotations)
        out.append(Attribution(index, kind, speaker, span, quotations, speaker_span=tail))
    return _with_leftovers(tree, out, [q for q in local if q not in claimed], claimed)


def _lone_quotation(
    text: str,
    cue_at: int,
    local: Sequence[Span],
    following: Sentence | None,
    marks: Sequence[Span],
    claimed: set[Span],
) -> Span | None:
    # 'He wrote: “...”' in the sentence, or 'He wrote on Monday.' then a quotation that opens
    # the next sentence.
    beside = next((q for q in local if q not in claimed and not q.start <= cue_at < q.end), None)
    if beside is not None:
        return beside
    if following is None or text[following.start] not in OPENING + STRAIGHT:
        return None
    return next((q for q in marks if q.start == following.start and q not in claimed), None)


def _with_leftovers(
    tree: ParseTree, found: list[Attribution], leftovers: list[Span], claimed: set[Span]
) -> list[Attribution]:
    # '“A,” he said, “B.”': a quotation no cue claimed joins the nearest attribution.
    out = list(found)
    for quotation in leftovers:
        if not out:
            break
        nearest = min(range(len(out)), key=lambda n: abs(tree[out[n].cue].start - quotation.start))
        near = out[nearest]
        span = Span(min(near.content.start, quotation.start), max(near.content.end, quotation.end))
        quotations = tuple(sorted({*near.quotations, quotation}, key=lambda q: q.start))
        out[nearest] = replace(near, content=span, quotations=quotations)
        claimed.add(quotation)
    return out


def _leads_to(text: str, sent: Sentence, following: Sentence | None) -> bool:
    if following is None:
        return False
    return following.paragraph == sent.paragraph or text[sent.start : sent.end].rstrip().endswith(":")


def _inside(offset: int, marks: Sequence[Span]) -> bool:
    return any(q.start < offset < q.end for q in marks)
