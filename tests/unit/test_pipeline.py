"""Stage order is checked before any document is read; a failing stage becomes a Failure."""

from dataclasses import replace

import pytest

from eventwire.errors import PipelineError
from eventwire.model import Document, Failure
from eventwire.pipeline import Stage, check_order, run_stages


def _stage(name: str, requires: set[str], provides: set[str], apply=lambda doc: doc) -> Stage:  # type: ignore[no-untyped-def]
    return Stage(name, frozenset(requires), frozenset(provides), apply)


def test_check_order_accepts_satisfied_requirements() -> None:
    check_order([_stage("a", {"text"}, {"tokens"}), _stage("b", {"tokens"}, {"events"})])


def test_check_order_names_the_missing_field_and_the_fix() -> None:
    with pytest.raises(PipelineError, match="needs tokens.*put a stage that provides it before 'b'"):
        check_order([_stage("b", {"tokens"}, {"events"}), _stage("a", {"text"}, {"tokens"})])


def test_order_is_checked_before_any_document_is_read() -> None:
    def docs():  # type: ignore[no-untyped-def]
        raise AssertionError("read a document before checking the order")
        yield

    with pytest.raises(PipelineError):
        next(run_stages(docs(), [_stage("b", {"tokens"}, set())]))


def test_a_stage_error_becomes_a_failure_and_the_batch_goes_on() -> None:
    def explode(doc: Document) -> Document:
        if doc.doc_id == "bad":
            raise ValueError("cannot code this\nsecond line")
        return replace(doc, title="done")

    out = list(
        run_stages(
            [Document("bad", "x", source="bad.txt"), Document("good", "y")], [_stage("code", {"text"}, set(), explode)]
        )
    )
    assert out[0] == Failure("bad.txt", "code", "ValueError: cannot code this")
    assert isinstance(out[1], Document) and out[1].title == "done"


def test_debug_reraises() -> None:
    def explode(doc: Document) -> Document:
        raise KeyError("x")

    with pytest.raises(KeyError):
        list(run_stages([Document("d", "x")], [_stage("code", {"text"}, set(), explode)], debug=True))
