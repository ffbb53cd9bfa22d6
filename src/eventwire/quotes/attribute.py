"""Attribution on the parse: a cue word, the speaker it names, and the content it introduces.

Reads tokens, sentences and quotation spans; returns ``Attribution`` values with token and
character positions. Never builds records, never resolves who a speaker is, and never names a
speaker or phrase: the cue words are data (``data/cues.tsv``), the rest is grammar.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from eventwire.model import Sentence, Span
from eventwire.syntax import ParseTree

RELATIVE = frozenset({"who", "which", "that"})
# "Iran had, through its spokesperson, described ...": the one the party speaks through.
THROUGH = frozenset({"through", "via"})
# Verbs whose clause lends its subject to a subjectless "..., saying that" participle.
VERB_POS = frozenset({"VERB", "AUX"})
CLAUSE_DEPS = ("ccomp", "parataxis")
EDGE_PUNCT = frozenset({"PUNCT", "CCONJ"})
TAIL_POS = frozenset({"PROPN", "NOUN", "DET", "ADJ", "PART", "NUM"})


@dataclass(frozen=True, slots=True)
class Attribution:
    """One cue with its speaker's head token (None when the parse names nobody) and content."""

    cue: int  # token index of the cue word
    kind: str  # speech | describe | source | cognition (data/cues.tsv)
    speaker: int | None
    content: Span
    quotations: tuple[Span, ...]  # the quotation spans inside the content
    speaker_span: Span | None = None  # the speaker's words when the parse gives no head
    gap: Span | None = None  # the cue's own words inside a content around it ("A, he said, B")


def cue_kind(tree: ParseTree, index: int, cues: Mapping[str, str]) -> str | None:
    """The cue kind of a token, or None when it is no cue in this use."""
    token = tree[index]
    lemma = token.lemma.lower()
    if lemma == "according" or token.text.lower() == "according":
        has_to = any(kid.text.lower() == "to" for kid in tree.children(index, "prep"))
        return cues.get("according") if has_to else None
    if token.pos != "VERB":
        return None
    particles = [kid.text.lower() for kid in tree.children(index, "prt")]
    for particle in particles:
        if f"{lemma} {particle}" in cues:
            return cues[f"{lemma} {particle}"]
    return None if particles else cues.get(lemma)


def speaker_of(tree: ParseTree, index: int, kind: str, *, cue_kinds: Mapping[int, str]) -> int | None:
    """The head token of who speaks through this cue."""
    if kind == "source":
        return next((obj.i for to in tree.children(index, "prep") for obj in tree.children(to.i, "pobj")), None)
    through = _through(tree, index)
    if through is not None:
        return through
    subjects = tree.children(index, "nsubj")
    head = tree.head(index)
    if subjects:
        subject = subjects[0]
        if subject.text.lower() in RELATIVE and tree[index].dep == "relcl" and head is not None:
            return head.i
        return subject.i
    agents = [obj.i for agent in tree.children(index, "agent") for obj in tree.children(agent.i, "pobj")]
    if agents:
        return agents[0]
    if head is not None and tree[index].dep in ("advcl", "xcomp", "conj"):
        return _lent_subject(tree, index, cue_kinds=cue_kinds)
    return None


def trailing_speaker(tree: ParseTree, index: int, *, sent: Sentence) -> Span | None:
    """The noun phrase after an inverted cue ("..., said the agency's envoy Jane Roe."), if the
    sentence ends with it."""
    end = sent.token_end
    while end > index + 1 and tree[end - 1].pos == "PUNCT":
        end -= 1
    words = range(index + 1, end)
    if not words or any(tree[i].pos not in TAIL_POS for i in words):
        return None
    if not any(tree[i].pos in ("PROPN", "NOUN") for i in words):
        return None
    return Span(tree[words[0]].start, tree[words[-1]].end)


def content_of(tree: ParseTree, index: int, kind: str, *, sent: Sentence) -> set[int]:
    """Token indices of the content a cue introduces inside its sentence (empty when none)."""
    inside = range(sent.token_start, sent.token_end)
    head = tree.head(index)
    if kind == "source":
        return tree.subtree_set(head.i, stop=frozenset({index})) & set(inside) if head is not None else set()
    if kind == "describe":
        objects = tree.children(index, "dobj")
        frames = [kid for kid in tree.children(index, "prep", "oprd") if kid.dep == "oprd" or kid.text.lower() == "as"]
        if not objects or not frames:
            return set()
        return tree.subtree_set(objects[0].i) | tree.subtree_set(frames[0].i)
    clauses = tree.children(index, *CLAUSE_DEPS)
    if clauses:
        return set().union(*(tree.subtree_set(kid.i) for kid in clauses))
    if head is not None and tree[index].dep in CLAUSE_DEPS and head.i < index and head.pos in VERB_POS:
        # "Turnout fell, officials said": the clause the cue hangs from, less the cue's own words.
        return {i for i in tree.subtree_set(head.i, stop=frozenset({index})) if sent.token_start <= i < index}
    return set()


def content_span(tree: ParseTree, indices: set[int]) -> Span | None:
    """The character span from the first to the last content word, edge punctuation trimmed."""
    ordered = sorted(indices)
    while ordered and tree[ordered[0]].pos in EDGE_PUNCT and not _is_mark(tree, ordered[0]):
        ordered.pop(0)
    while ordered and tree[ordered[-1]].pos in EDGE_PUNCT and not _is_mark(tree, ordered[-1]):
        ordered.pop()
    if not ordered:
        return None
    return Span(tree[ordered[0]].start, tree[ordered[-1]].end)


def extend_to_quotations(span: Span, quotations: Sequence[Span]) -> tuple[Span, tuple[Span, ...]]:
    """Grow a content span to cover every quotation it overlaps; return it and those quotations."""
    touched = tuple(q for q in quotations if q.start < span.end and span.start < q.end)
    if not touched:
        return span, ()
    return Span(min(span.start, touched[0].start), max(span.end, touched[-1].end)), touched


def _is_mark(tree: ParseTree, index: int) -> bool:
    return tree[index].text in ("\u201c", "\u201d", '"')


def _through(tree: ParseTree, index: int) -> int | None:
    places = [index] + [kid.i for kid in tree.children(index, "advcl", "aux") if kid.i < index]
    for place in places:
        for prep in tree.children(place, "prep"):
            if prep.text.lower() in THROUGH:
                objects = tree.children(prep.i, "pobj")
                if objects:
                    return objects[0].i
    return None


def _lent_subject(tree: ParseTree, index: int, *, cue_kinds: Mapping[int, str]) -> int | None:
    # "Hamas rejected the deal, stating that ...": the nearest earlier verb with a subject,
    # skipping verbs inside another cue's content ("Trump said Clinton lied, adding ...").
    sent_start = min(_clause_root_span(tree, index))
    for verb in range(index - 1, sent_start - 1, -1):
        if tree[verb].pos not in VERB_POS or _reported(tree, verb, cue_kinds):
            continue
        subjects = tree.children(verb, "nsubj")
        if subjects and subjects[0].text.lower() not in RELATIVE:
            return subjects[0].i
    return None


def _reported(tree: ParseTree, verb: int, cue_kinds: Mapping[int, str]) -> bool:
    head = tree.head(verb)
    while head is not None:
        if head.i in cue_kinds and tree[verb].dep in CLAUSE_DEPS:
            return True
        verb, head = head.i, tree.head(head.i)
    return False


def _clause_root_span(tree: ParseTree, index: int) -> set[int]:
    top = index
    while (head := tree.head(top)) is not None:
        top = head.i
    return tree.subtree_set(top)
