"""Features of the learned attribution-span model: a document's parse as the model sees it
(sentences, subtree edges, quotation marks), and the features of a cue word, of a content's first or
last word, and of a (first, last) pair.

Reads tokens, sentences and quotation spans; returns feature names (strings). Never weighs them:
``spans.SpanModel`` does. Never names a word in code beyond a list of function words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from eventwire.model import Document, Span
from eventwire.syntax import ParseTree

CUE_POS = frozenset({"VERB", "NOUN", "ADJ", "AUX", "ADP"})
WINDOW_BEFORE = 1  # sentences of the paragraph before the cue's that a content may reach into
WINDOW_AFTER = 2  # and after it
FUNCTION_WORDS = frozenset(
    [
        "that",
        "to",
        "whether",
        "if",
        "how",
        "what",
        "why",
        "when",
        "where",
        "who",
        "which",
        "as",
        "for",
        "of",
        "in",
        "on",
        "about",
        "from",
        "by",
        "with",
        "and",
        "but",
        "the",
        "a",
        "an",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "this",
        "there",
    ]
)


class View:
    """The parse of one document with what the features ask of it: sentences, subtree edges,
    quotation marks."""

    def __init__(self, doc: Document, tree: ParseTree, marks: Sequence[Span]) -> None:
        self.doc, self.tree, self.tokens = doc, tree, doc.tokens
        count = len(doc.tokens)
        self.sent_of = [0] * count
        for number, sent in enumerate(doc.sentences):
            for index in range(sent.token_start, sent.token_end):
                self.sent_of[index] = number
        self.left, self.right = list(range(count)), list(range(count))
        for index in range(count):
            for head in tree.ancestors(index):
                self.left[head.i] = min(self.left[head.i], index)
                self.right[head.i] = max(self.right[head.i], index)
        self.last_word = [self._last_word(index) for index in range(count)]
        self.quote_of = [next((n for n, q in enumerate(marks) if q.start <= t.start < q.end), -1) for t in doc.tokens]
        self.quoted = [number >= 0 for number in self.quote_of]

    def _last_word(self, index: int) -> int:
        last = self.right[index]
        while last > self.left[index] and self.tokens[last].pos == "PUNCT":
            last -= 1
        return last

    def window(self, cue: int) -> range:
        """The words a content of this cue may hold: its sentence and neighbours in the paragraph."""
        sentences, number = self.doc.sentences, self.sent_of[cue]
        first = last = number
        while (
            first > 0
            and number - first < WINDOW_BEFORE
            and sentences[first - 1].paragraph == sentences[number].paragraph
        ):
            first -= 1
        while (
            last + 1 < len(sentences)
            and last - number < WINDOW_AFTER
            and sentences[last + 1].paragraph == sentences[number].paragraph
        ):
            last += 1
        return range(sentences[first].token_start, sentences[last].token_end)

    def edges(self, cue: int) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
        """Where the cue's syntactic relatives start and end: word index to relation names."""
        starts: dict[int, list[str]] = {}
        ends: dict[int, list[str]] = {}
        tree = self.tree

        def mark(index: int, name: str) -> None:
            starts.setdefault(self.left[index], []).append(name)
            ends.setdefault(self.right[index], []).append(name)

        for kid in tree.children(cue):
            mark(kid.i, f"kid:{kid.dep}")
            for grandkid in tree.children(kid.i):
                if grandkid.dep in ("pobj", "pcomp", "ccomp", "xcomp", "relcl", "acl"):
                    mark(grandkid.i, f"kid2:{kid.dep}>{grandkid.dep}")
        head = tree.head(cue)
        dep = self.tokens[cue].dep
        if head is not None:
            mark(head.i, f"head:{dep}")
            for sibling in tree.children(head.i):
                if sibling.i != cue:
                    side = "L" if sibling.i < cue else "R"
                    mark(sibling.i, f"sib:{dep}:{sibling.dep}:{side}")
            grand = tree.head(head.i)
            if grand is not None:
                mark(grand.i, f"grand:{dep}")
        sent = self.doc.sentences[self.sent_of[cue]]
        starts.setdefault(sent.token_start, []).append("sent")
        ends.setdefault(sent.token_end - 1, []).append("sent")
        after = self.right[cue] + 1
        starts.setdefault(after, []).append("after-cue-tree")
        before = self.left[cue] - 1
        ends.setdefault(before, []).append("before-cue-tree")
        return starts, ends


def cue_features(view: View, index: int) -> list[str]:
    """The cue model's features of one word."""
    tree, token = view.tree, view.tokens[index]
    lemma = token.lemma.lower()
    head = tree.head(index)
    kids = tree.children(index)
    deps = sorted({kid.dep for kid in kids})
    out = [
        f"l={lemma}",
        f"p={token.pos}",
        f"t={token.tag}",
        f"d={token.dep}",
        f"lp={lemma}|{token.pos}",
        f"ld={lemma}|{token.dep}",
        f"hd={head.lemma.lower() if head is not None else 'root'}|{token.dep}",
        f"q={view.quoted[index]}",
        f"lq={lemma}|{view.quoted[index]}",
    ]
    out += [f"k={dep}" for dep in deps] + [f"lk={lemma}|{dep}" for dep in deps]
    out += [f"kw={kid.text.lower()}|{kid.dep}" for kid in kids if kid.dep in ("prep", "prt", "mark", "aux", "neg")]
    for offset in (-2, -1, 1, 2):
        at = index + offset
        word = view.tokens[at].text.lower() if 0 <= at < len(view.tokens) else "<edge>"
        out.append(f"w{offset}={word}")
        if offset in (-1, 1):
            out.append(f"lw{offset}={lemma}|{word}")
    subjects = tree.children(index, "nsubj", "nsubjpass")
    if subjects:
        out.append(f"subj={subjects[0].ent_type or subjects[0].pos}")
        out.append(f"lsubj={lemma}|{subjects[0].ent_type or subjects[0].pos}")
    return out


def pointer_features(view: View, cue: int, index: int, edges: Mapping[int, list[str]], *, side: str) -> list[str]:
    """A pointer's features of one word as the first (``side="s"``) or last word of a content."""
    tokens, token = view.tokens, view.tokens[index]
    lemma = tokens[cue].lemma.lower()
    distance = index - cue
    step = 1 if side == "e" else -1
    beyond = index + step
    out = [
        f"dist={_bucket(distance)}",
        f"sent={view.sent_of[index] - view.sent_of[cue]}",
        f"pos={token.pos}",
        f"dep={token.dep}",
        f"w={_word(token.text)}",
        f"q={view.quoted[index]}|{view.quoted[cue]}",
        f"cpos={tokens[cue].pos}|{_bucket(distance)}",
    ]
    if 0 <= beyond + step < len(tokens):
        out.append(f"b2w={_word(tokens[beyond].text)}|{_word(tokens[beyond + step].text)}")
    if 0 <= beyond < len(tokens):
        out.append(f"bw={_word(tokens[beyond].text)}")
        out.append(f"bpos={tokens[beyond].pos}")
        out.append(f"bsent={view.sent_of[beyond] != view.sent_of[index]}")
    else:
        out.append("bw=<edge>")
    inside, cue_inside = view.quote_of[index], view.quote_of[cue]
    if inside >= 0:
        at_edge = not 0 <= beyond < len(tokens) or view.quote_of[beyond] != inside or _is_mark(tokens[beyond].text)
        place = "same" if inside == cue_inside else "before" if index < cue else "after"
        out.append(f"qedge={at_edge}|{place}|{view.sent_of[index] - view.sent_of[cue]}")
        out.append(f"qedge={at_edge}|{place}|{lemma}")
    for name in edges.get(index, ()):
        out += [f"e={name}", f"el={lemma}|{name}", f"ep={tokens[cue].pos}|{name}", f"ed={name}|{distance > 0}"]
    if not edges.get(index):
        out.append(f"noedge|{distance > 0}")
    return [f"{side}:{feature}" for feature in out]


def candidate(pos: str, text: str) -> bool:
    """Whether a word may be a cue's head at all."""
    return pos in CUE_POS or text.lower() == "according"


def pair_features(view: View, cue: int, span: tuple[int, int], names: tuple[str, str]) -> list[str]:
    """The pair model's features of one (first, last) candidate."""
    first, last = span
    lemma = view.tokens[cue].lemma.lower()
    side = "after" if first > cue else "before" if last < cue else "around"
    out = [
        f"side={side}",
        f"len={_bucket(last - first)}|{side}",
        f"sents={view.sent_of[last] - view.sent_of[first]}|{side}",
        f"names={names[0]}|{names[1]}",
        f"lside={lemma}|{side}",
    ]
    tree = view.tree
    for node in range(first, last + 1):
        if view.left[node] == first and view.last_word[node] == last:
            head = tree.head(node)
            relation = (
                "cue"
                if node == cue
                else f"kid:{view.tokens[node].dep}"
                if head is not None and head.i == cue
                else "head"
                if view.tokens[cue].head == node
                else "other"
            )
            out += [f"const={relation}", f"lconst={lemma}|{relation}"]
            break
    else:
        out.append(f"noconst|{side}")
    return out


def _bucket(distance: int) -> str:
    size = abs(distance)
    label = (
        str(size) if size <= 3 else "4-6" if size <= 6 else "7-12" if size <= 12 else "13-25" if size <= 25 else "26+"
    )
    return ("-" if distance < 0 else "+") + label


def _word(text: str) -> str:
    lower = text.lower()
    if lower in FUNCTION_WORDS or not lower.isalnum():
        return lower
    return "<cap>" if text[:1].isupper() else "<w>"


def _is_mark(text: str) -> bool:
    return text in ("\u201c", "\u201d", '"', "``", "''", "\u00ab", "\u00bb")
