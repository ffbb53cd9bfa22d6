"""Learned attribution cues: a logistic model scores (cue word, content phrase) pairs.

PolNeAR marks beliefs, intentions, findings and noun-phrase contents as attributions too, with
hundreds of cue words. Each verb or noun of a sentence offers its syntactic slots as candidate
contents (a clausal complement, an infinitive, an object, a preposition's object, a noun's
clause, the clause it hangs from); the model, trained by ``scripts/train_quotes.py`` and shipped
as ``data/cue_model.json`` (feature weights only), keeps a word's best slot when it scores over
the threshold. Reads the parse; returns ``Attribution`` values. Never names a word in code.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from eventwire.model import Document, Sentence, Span
from eventwire.quotes.attribute import Attribution, content_span, speaker_of
from eventwire.syntax import ParseTree

CUE_POS = frozenset({"VERB", "NOUN", "ADJ"})
CHILD_SLOTS = frozenset({"ccomp", "xcomp", "dobj", "acl", "attr", "oprd", "advcl", "nsubjpass", "relcl"})
HOST_DEPS = frozenset({"parataxis", "ccomp", "advcl", "conj"})
SUBJECT_DEPS = ("nsubj", "nsubjpass")
OWNED_BY_HEAD = frozenset({"dobj", "acomp", "xcomp", "conj", "attr", "oprd"})


@dataclass(frozen=True, slots=True)
class Slot:
    """One candidate content of a cue word: how it hangs from the cue, and its tokens."""

    name: str
    head: int
    tokens: frozenset[int]


@dataclass(frozen=True, slots=True)
class CueModel:
    """Feature weights of the logistic cue model and the probability a pair must reach."""

    weights: Mapping[str, float]
    bias: float
    threshold: float

    def probability(self, features: list[str]) -> float:
        """The model's probability that the pair is an attribution."""
        score = self.bias + sum(self.weights.get(feature, 0.0) for feature in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))


def load_model() -> CueModel | None:
    """The shipped model, or None when the package has none."""
    path = resources.files("eventwire.quotes").joinpath("data", "cue_model.json")
    if not path.is_file():
        return None
    return model_from(json.loads(path.read_text("utf-8")))


def model_from(data: Mapping[str, Any]) -> CueModel:
    """A model from its JSON form ({"weights": {...}, "bias": b, "threshold": t})."""
    return CueModel(dict(data["weights"]), float(data["bias"]), float(data["threshold"]))


def slots(tree: ParseTree, index: int, sent: Sentence) -> Iterator[Slot]:
    """The candidate contents of a word inside its sentence."""
    inside = frozenset(range(sent.token_start, sent.token_end))
    objects = [frozenset(tree.subtree_set(kid.i)) for kid in tree.children(index, "dobj")]
    for kid in tree.children(index):
        if kid.dep in CHILD_SLOTS:
            yield Slot(kid.dep, kid.i, frozenset(tree.subtree_set(kid.i)) & inside)
            if kid.dep == "xcomp" and objects:
                # "urged her husband to come out": the object and its infinitive.
                yield Slot("dobj+xcomp", kid.i, (objects[0] | tree.subtree_set(kid.i)) & inside)
        elif kid.dep in ("prep", "agent"):
            for obj in tree.children(kid.i, "pobj", "pcomp"):
                name = kid.text.lower()
                yield Slot(f"prep:{name}", obj.i, frozenset(tree.subtree_set(obj.i)) & inside)
                if objects and kid.i > index:
                    # "blasted him for not paying": the object and the reason.
                    yield Slot(f"dobj+prep:{name}", obj.i, (objects[0] | tree.subtree_set(kid.i)) & inside)
    head = tree.head(index)
    if head is not None and tree[index].dep in HOST_DEPS | {"prep"}:
        host = tree.subtree_set(head.i, stop=frozenset({index}))
        yield Slot(f"host:{tree[index].dep}", head.i, frozenset(host) & inside)


def features(tree: ParseTree, index: int, slot: Slot, *, quoted: bool, kinds: Mapping[str, str]) -> list[str]:
    """The model's features of one (cue word, slot) pair."""
    cue, content = tree[index], tree[slot.head]
    lemma = cue.lemma.lower()
    particles = "+".join(kid.text.lower() for kid in tree.children(index, "prt"))
    first = tree[min(slot.tokens)].text.lower() if slot.tokens else ""
    subjects = tree.children(index, *SUBJECT_DEPS)
    subject = (subjects[0].ent_type or subjects[0].pos) if subjects else "none"
    size = min(len(slot.tokens), 40) // 5
    out = [
        f"l={lemma}",
        f"s={slot.name}",
        f"ls={lemma}|{slot.name}",
        f"p={cue.pos}",
        f"ps={cue.pos}|{slot.name}",
        f"d={cue.dep}|{slot.name}",
        f"cp={content.pos}|{slot.name}",
        f"first={first}|{slot.name}",
        f"lf={lemma}|{first in ('that', 'to', 'whether', 'if', 'how', 'what', 'why')}",
        f"subj={subject}",
        f"ssubj={subject}|{slot.name}",
        f"size={size}|{slot.name}",
        f"q={quoted}|{slot.name}",
        f"kind={kinds.get(lemma, 'none')}|{slot.name}",
        f"neg={bool(tree.children(index, 'neg'))}",
        f"prt={lemma}+{particles}" if particles else "prt=none",
        f"side={slot.head > index}|{slot.name}",
    ]
    head = tree.head(index)
    out.append(f"hl={head.lemma.lower() if head is not None else 'root'}|{cue.dep}")
    return out


def pairs(tree: ParseTree, sent: Sentence) -> Iterator[tuple[int, Slot]]:
    """Every (cue word, slot) candidate of a sentence."""
    for index in range(sent.token_start, sent.token_end):
        token = tree[index]
        if token.pos in CUE_POS or token.text.lower() == "according":
            for slot in slots(tree, index, sent):
                if slot.tokens and index not in slot.tokens:
                    yield index, slot


def learned_attributions(
    tree: ParseTree,
    sent: Sentence,
    model: CueModel,
    *,
    quotations: tuple[Span, ...],
    kinds: Mapping[str, str],
    taken: set[int],
) -> list[Attribution]:
    """The attributions the model finds in a sentence, one per cue word outside ``taken``."""
    best: dict[int, tuple[float, Slot]] = {}
    for index, slot in pairs(tree, sent):
        if index in taken:
            continue
        quoted = any(q.start <= tree[slot.head].start < q.end for q in quotations)
        score = model.probability(features(tree, index, slot, quoted=quoted, kinds=kinds))
        if score >= model.threshold and score > best.get(index, (0.0, slot))[0]:
            best[index] = (score, slot)
    out = []
    for index, (_, slot) in sorted(best.items()):
        span = content_span(tree, set(slot.tokens))
        if span is not None:
            out.append(Attribution(index, "learned", speaker_head(tree, index), span, ()))
    return out


def added_attributions(
    doc: Document, tree: ParseTree, model: CueModel, found: list[Attribution], kinds: Mapping[str, str]
) -> list[Attribution]:
    """The model's attributions whose cue and content no rule attribution already has."""
    taken = {a.cue for a in found}
    marks = tuple(q for a in found for q in a.quotations)
    out: list[Attribution] = []
    for sent in doc.sentences:
        for item in learned_attributions(tree, sent, model, quotations=marks, kinds=kinds, taken=taken):
            if not any(_overlaps(item.content, other.content) for other in found + out):
                out.append(item)
    return out


def _overlaps(one: Span, other: Span) -> bool:
    shared = min(one.end, other.end) - max(one.start, other.start)
    return shared > 0.5 * min(one.end - one.start, other.end - other.start)


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
