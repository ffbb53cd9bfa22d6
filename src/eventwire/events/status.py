"""Event status from modality, tense, negation and conditionals.

Reads the parse around a trigger; returns occurred / future / hypothetical / negated. Never
codes event types. Rules follow the auxiliary modes of the PLOVER manual (historical, future,
hypothetical, negation), which eventwire exposes as ``status``.
"""

from __future__ import annotations

from eventwire.model import Status
from eventwire.syntax import ParseTree

FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
MODAL_AUX = frozenset({"would", "could", "might", "may", "should", "can", "must", "ca"})
# Verbs whose infinitive complement has not happened yet: "scheduled to meet", "plans to visit".
FUTURE_HEADS = frozenset(
    {
        "schedule",
        "plan",
        "expect",
        "due",
        "set",
        "intend",
        "prepare",
        "aim",
        "promise",
        "pledge",
        "vow",
        "decide",
        "agree",
        "be",
        "go",
        "hope",
        "seek",
        "want",
        "offer",
        "propose",
    }
)
# "denied attacking", "refused to meet", "failed to reach": the complement did not happen.
NEGATING_HEADS = frozenset({"deny", "refuse", "fail", "decline", "avoid", "cancel"})
HYPOTHETICAL_HEADS = frozenset({"consider", "threaten", "may", "might", "could", "would"})
FUTURE_MODIFIERS = frozenset(
    {
        "planned",
        "plan",
        "upcoming",
        "scheduled",
        "proposed",
        "forthcoming",
        "future",
        "expected",
        "intended",
        "possible",
        "potential",
        "prospective",
    }
)
HYPOTHETICAL_MODIFIERS = frozenset({"possible", "potential", "hypothetical"})
REPORTING = frozenset({"say", "tell", "state", "announce", "report", "add", "note", "claim", "write"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether"})
_CLAUSE_LINKS = frozenset({"xcomp", "ccomp", "conj", "advcl", "acl", "relcl", "dobj", "pobj", "prep", "pcomp"})


def event_status(tree: ParseTree, trigger: int) -> Status:
    """Return the status of the event named by the token at ``trigger``."""
    token = tree[trigger]
    if _negated(tree, trigger):
        return Status.NEGATED
    if token.pos == "NOUN":
        return _noun_status(tree, trigger)
    return _verb_status(tree, trigger)


def _aux(tree: ParseTree, index: int) -> set[str]:
    return {kid.text.lower() for kid in tree.children(index, "aux", "auxpass")}


def _negated(tree: ParseTree, index: int) -> bool:
    token = tree[index]
    if tree.children(index, "neg") or any(kid.text.lower() == "no" for kid in tree.children(index, "det")):
        return True
    head = tree.head(index)
    if head is None:
        return False
    if token.dep in ("xcomp", "ccomp", "dobj", "pcomp") and head.lemma.lower() in NEGATING_HEADS:
        return True
    # "did not agree to meet", "did not attend the meeting": negation of the governing verb.
    return token.dep in ("xcomp", "dobj") and bool(tree.children(head.i, "neg"))


def _verb_status(tree: ParseTree, index: int) -> Status:
    aux = _aux(tree, index)
    if aux & FUTURE_AUX:
        return Status.FUTURE
    if aux & MODAL_AUX:
        return Status.FUTURE if "would" in aux and _reported(tree, index) else Status.HYPOTHETICAL
    if _conditional(tree, index):
        return Status.HYPOTHETICAL
    token, head = tree[index], tree.head(index)
    if token.dep == "xcomp" and head is not None:
        lemma = head.lemma.lower()
        if lemma in HYPOTHETICAL_HEADS:
            return Status.HYPOTHETICAL
        if lemma in FUTURE_HEADS or _aux(tree, head.i) & FUTURE_AUX:
            return Status.FUTURE
    return Status.OCCURRED


def _noun_status(tree: ParseTree, index: int) -> Status:
    modifiers = {kid.text.lower() for kid in tree.children(index, "amod", "compound")}
    if modifiers & HYPOTHETICAL_MODIFIERS:
        return Status.HYPOTHETICAL
    if modifiers & FUTURE_MODIFIERS:
        return Status.FUTURE
    head = tree.head(index)
    if head is not None and head.pos in ("VERB", "AUX") and tree[index].dep in ("dobj", "nsubjpass"):
        return _verb_status(tree, head.i)
    return Status.OCCURRED


def _reported(tree: ParseTree, index: int) -> bool:
    return any(head.lemma.lower() in REPORTING for head in tree.ancestors(index))


def _conditional(tree: ParseTree, index: int) -> bool:
    current = index
    for head in tree.ancestors(index):
        token = tree[current]
        if token.dep == "advcl" and any(m.text.lower() in CONDITIONAL_MARKS for m in tree.children(current, "mark")):
            return True
        if token.dep not in _CLAUSE_LINKS:
            break
        current = head.i
    return any(m.text.lower() in CONDITIONAL_MARKS for m in tree.children(index, "mark"))
