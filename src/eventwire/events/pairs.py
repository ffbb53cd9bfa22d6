"""Features of a sentence and two marked parties (source, target) for the learned pair coder.

Reads the parse of one sentence, the two party spans and the lexicon's triggers; returns
feature names (strings). Never decides an event: ``learned.PairModel`` weighs the features.
Every feature is grammatical or lexical (lemmas, dependency relations, lexicon codes); none
names a particular actor.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventwire.events.lexicon import Entry
from eventwire.model import Sentence, Span
from eventwire.syntax import ParseTree

#: Parts of speech whose lemmas carry the event ("attacked", "aid", "talks"); the rest is noise.
CONTENT_POS = frozenset({"VERB", "NOUN", "ADJ", "ADV", "ADP", "PART", "AUX"})
NEGATION = frozenset({"not", "n't", "no", "never", "without"})


@dataclass(frozen=True, slots=True)
class PairInput:
    """One sentence of a parsed document, its lexicon triggers, and the two party spans."""

    tree: ParseTree
    sent: Sentence
    source: Span | None  # None when the data marks no such party
    target: Span | None
    triggers: tuple[tuple[int, Entry], ...] = ()  # (token index, lexicon row) in the sentence


def span_head(tree: ParseTree, sent: Sentence, span: Span | None) -> int | None:
    """The token of a character span whose head lies outside it (the span's syntactic head)."""
    inside = _inside(tree, sent, span)
    for index in inside:
        head = tree.head(index)
        if head is None or head.i not in inside:
            return index
    return None


def pair_features(pair: PairInput) -> list[str]:
    """Return the feature names of one (sentence, source, target) pair."""
    tree, sent = pair.tree, pair.sent
    source = span_head(tree, sent, pair.source)
    target = span_head(tree, sent, pair.target)
    features = ["bias"]
    in_source, in_target = set(_inside(tree, sent, pair.source)), set(_inside(tree, sent, pair.target))
    low, high = _gap(pair.source, pair.target)
    between: list[str] = []
    for index in range(sent.token_start, sent.token_end):
        token = tree[index]
        if token.pos not in CONTENT_POS:
            continue
        lemma = token.lemma.lower()
        where = "s" if index in in_source else "t" if index in in_target else "w"
        features.append(f"{where}:{lemma}")
        if where == "w" and low <= token.start and token.end <= high:
            features.append(f"b:{lemma}")
            between.append(lemma)
    features.extend(f"bb:{a}_{b}" for a, b in zip(between, between[1:], strict=False))
    if pair.source is None or pair.target is None:
        features.append("pair:one_party")
    elif pair.target.start < pair.source.start:
        features.append("order:target_first")
    path = _path(tree, source, target) if source is not None and target is not None else []
    features.extend(_path_features(tree, path, source, target))
    features.extend(_phrase_features(tree, sent))
    features.extend(_lexicon_features(pair.triggers, set(path)))
    return features


def _path_features(tree: ParseTree, path: list[int], source: int | None, target: int | None) -> list[str]:
    if source is None or target is None:
        return ["path:none"]
    features = [f"sdep:{tree[source].dep}", f"tdep:{tree[target].dep}"]
    inner = [i for i in path if i not in (source, target)]
    features.extend(f"p:{tree[i].lemma.lower()}" for i in inner)
    if inner:
        top = min(inner, key=lambda i: len(list(tree.ancestors(i))))
        features.append(f"lca:{tree[top].lemma.lower()}")
        # "threatened to strike", "called for talks": the complement names the event the LCA frames.
        features.extend(
            f"chain:{tree[top].lemma.lower()}_{kid.lemma.lower()}"
            for kid in tree.children(top)
            if kid.dep in ("xcomp", "ccomp", "dobj", "prep")
        )
        features.extend(f"neg:{tree[top].lemma.lower()}" for kid in tree.children(top) if kid.text.lower() in NEGATION)
        features.append("pathdeps:" + "_".join(tree[i].dep for i in path[:6]))
    for end, tag in ((source, "sh"), (target, "th")):
        head = tree.head(end)
        if head is not None:
            features.append(f"{tag}:{head.lemma.lower()}")
    return features


def _phrase_features(tree: ParseTree, sent: Sentence) -> list[str]:
    # Verb phrases whose meaning is not any one word's: "went on strike", "held drills", "sent troops".
    features = []
    for index in range(sent.token_start, sent.token_end):
        token = tree[index]
        if token.pos not in ("VERB", "AUX") and token.dep != "ROOT":
            continue
        verb = token.lemma.lower()
        if token.dep == "ROOT":
            features.append(f"root:{verb}")
        for kid in tree.children(index):
            if kid.dep in ("dobj", "prt", "attr", "acomp"):
                features.append(f"vo:{verb}_{kid.lemma.lower()}")
            elif kid.dep == "prep":
                objects = tree.children(kid.i, "pobj")
                if objects:
                    features.append(f"vo:{verb}_{kid.lemma.lower()}_{objects[0].lemma.lower()}")
    return features


def _lexicon_features(triggers: tuple[tuple[int, Entry], ...], path: set[int]) -> list[str]:
    features = []
    for index, entry in triggers:
        features.append(f"lex:{entry.plover}")
        if index in path:
            features.append(f"lexp:{entry.plover}")
            features.append(f"lexp:{entry.plover}:{entry.mode or '-'}")
    return features


def _path(tree: ParseTree, source: int, target: int) -> list[int]:
    up = [source, *(token.i for token in tree.ancestors(source))]
    down = [target, *(token.i for token in tree.ancestors(target))]
    common = next((i for i in up if i in down), None)
    if common is None:
        return up + down[::-1]
    return up[: up.index(common) + 1] + down[: down.index(common)][::-1]


def _inside(tree: ParseTree, sent: Sentence, span: Span | None) -> list[int]:
    if span is None:
        return []
    return [i for i in range(sent.token_start, sent.token_end) if _overlaps(tree, i, span)]


def _gap(source: Span | None, target: Span | None) -> tuple[int, int]:
    # The characters between the two parties ("between" words); empty when one is missing.
    if source is None or target is None:
        return (0, 0)
    if source.end <= target.start:
        return (source.end, target.start)
    return (target.end, source.start)


def _overlaps(tree: ParseTree, index: int, span: Span) -> bool:
    token = tree[index]
    return token.start < span.end and span.start < token.end
