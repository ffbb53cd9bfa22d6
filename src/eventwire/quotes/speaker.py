"""The speaker: the head word of who holds a learned cue's attribution, and the mention span
around a speaker's head token.

Reads the parse, tokens and entities; returns a head token or a ``Mention``. Never resolves who the mention names (the
actors stage does, pronouns and titles included).
"""

from __future__ import annotations

from eventwire.model import Document, Entity, Mention, Span
from eventwire.quotes.attribute import speaker_of
from eventwire.syntax import ParseTree

SUBJECT_DEPS = ("nsubj", "nsubjpass")
OWNED_BY_HEAD = frozenset({"dobj", "acomp", "xcomp", "conj", "attr", "oprd"})
NAME_DEPS = frozenset({"det", "amod", "compound", "poss", "case", "flat", "nummod", "quantmod", "nmod", "punct"})


def speaker_mention(doc: Document, tree: ParseTree, head: int | None, *, span: Span | None = None) -> Mention | None:
    """The mention naming the speaker: the given words, a named appositive when a title has
    one, else the phrase around the head token."""
    if span is not None:
        inside = [t.i for t in tree.tokens if span.start <= t.start and t.end <= span.end]
        return Mention(f"m{span.start}-{span.end}", span.start, span.end, doc.text[span.start : span.end], inside[-1])
    if head is None:
        return None
    named = _appositive_name(doc, tree, head)
    if named is not None:
        return Mention(f"m{named.start}-{named.end}", named.start, named.end, named.text, _head_in(tree, named))
    indices = _phrase(tree, head)
    start, end = tree[indices[0]].start, tree[indices[-1]].end
    return Mention(f"m{start}-{end}", start, end, doc.text[start:end], head)


def _phrase(tree: ParseTree, head: int) -> list[int]:
    keep = {head}
    stack = [head]
    while stack:
        current = stack.pop()
        for kid in tree.children(current):
            of_phrase = kid.dep == "prep" and kid.text.lower() == "of"
            if kid.dep in NAME_DEPS or of_phrase or (kid.dep == "pobj" and tree[current].text.lower() == "of"):
                keep.add(kid.i)
                stack.append(kid.i)
    low = high = head
    while low - 1 in keep:
        low -= 1
    while high + 1 in keep:
        high += 1
    while low < head and tree[low].pos in ("PUNCT", "ADP", "CCONJ"):
        low += 1
    while high > head and tree[high].pos in ("PUNCT", "ADP", "CCONJ", "PART"):
        high -= 1
    return list(range(low, high + 1))


def _appositive_name(doc: Document, tree: ParseTree, head: int) -> Entity | None:
    # "its spokesperson, Jane Roe," / "the minister, John Doe": the name says who speaks.
    token = tree[head]
    if token.pos != "NOUN":
        return None
    after = head + 1
    if after >= len(tree.tokens) or tree[after].text != ",":
        return None
    start = tree[after].end
    return next(
        (ent for ent in doc.entities if ent.label == "PERSON" and start <= ent.start <= start + 1),
        None,
    )


def _head_in(tree: ParseTree, entity: Entity) -> int:
    inside = [t.i for t in tree.tokens if entity.start <= t.start and t.end <= entity.end]
    for index in inside:
        if not entity.start <= tree[tree[index].head].start < entity.end or tree[index].head == index:
            return index
    return inside[-1] if inside else -1


def speaker_head(tree: ParseTree, index: int) -> int | None:
    """The head word of who holds the attribution a (learned) cue word introduces."""
    # PolNeAR's source is the cue's own subject, agent or owner ("X's claim", "who said"), else
    # the noun an "X, saying ..." participle hangs from, else the subject of the verb whose
    # object, complement or conjunct the cue is ("X voiced criticism", "X is wary of").
    token, head = tree[index], tree.head(index)
    own = tree.children(index, "nsubj", "poss")
    agents = [obj.i for agent in tree.children(index, "agent") for obj in tree.children(agent.i, "pobj")]
    if own or agents:
        return own[0].i if own else agents[0]
    if head is not None and token.dep == "acl" and head.pos in ("NOUN", "PROPN", "PRON"):
        return head.i
    if head is not None and token.dep in OWNED_BY_HEAD:
        subjects = tree.children(head.i, *SUBJECT_DEPS)
        if subjects:
            return subjects[0].i
    passive = tree.children(index, "nsubjpass")
    if passive:
        return passive[0].i
    return None if token.pos == "NOUN" else speaker_of(tree, index, "speech", cue_kinds={})
