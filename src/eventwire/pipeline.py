"""Stages, their declared order, and running documents through them.

A stage is a pure function ``Document -> Document`` that declares which document fields it
requires and which it provides. ``check_order`` proves before any document is read that every
requirement is met by an earlier stage. ``run_stages`` turns a stage's exception into a
``Failure`` record so the batch goes on. Never does I/O itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from eventwire.errors import EventwireError, PipelineError
from eventwire.model import Document, Failure

#: What a document has before any stage runs (clean produces the Document itself).
INITIAL_FIELDS = frozenset({"text", "published_on", "title"})


@dataclass(frozen=True, slots=True)
class Stage:
    """One pipeline step with its declared inputs and outputs."""

    name: str
    requires: frozenset[str]
    provides: frozenset[str]
    apply: Callable[[Document], Document]


def check_order(stages: Sequence[Stage], *, available: frozenset[str] = INITIAL_FIELDS) -> None:
    """Raise PipelineError unless each stage's requirements are provided by earlier ones."""
    have = set(available)
    for stage in stages:
        missing = stage.requires - have
        if missing:
            providers = ", ".join(sorted(missing))
            raise PipelineError(
                f"Stage {stage.name!r} needs {providers}, which no earlier stage provides: "
                f"put a stage that provides it before {stage.name!r}."
            )
        have |= stage.provides


def run_one(doc: Document, stages: Sequence[Stage], *, debug: bool = False) -> Document | Failure:
    """Run one document through the stages; an error becomes a Failure naming the stage."""
    for stage in stages:
        try:
            doc = stage.apply(doc)
        except Exception as error:  # one bad document must not stop the batch
            if debug:
                raise
            return Failure(source=doc.source or doc.doc_id, stage=stage.name, reason=_one_line(error))
    return doc


def run_stages(
    docs: Iterable[Document | Failure], stages: Sequence[Stage], *, debug: bool = False
) -> Iterator[Document | Failure]:
    """Check the stage order, then run each document; failures pass through untouched."""
    check_order(stages)
    for doc in docs:
        yield doc if isinstance(doc, Failure) else run_one(doc, stages, debug=debug)


def _one_line(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    if isinstance(error, EventwireError):
        return text
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
