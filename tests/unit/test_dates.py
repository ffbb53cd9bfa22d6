"""Temporal expressions resolve against the publication date; unknown stays None."""

from dataclasses import replace
from datetime import date

import pytest

from eventwire.dates import DateRange, normalize_dates, resolve_expression, resolve_weekday
from eventwire.model import Event, Span
from tests.conftest import build_doc

TUESDAY = date(2024, 3, 26)


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        ("on Tuesday", False, DateRange(date(2024, 3, 26))),
        ("on Monday", False, DateRange(date(2024, 3, 25))),
        ("on Wednesday", False, DateRange(date(2024, 3, 20))),
        ("on Wednesday", True, DateRange(date(2024, 3, 27))),
        ("next Monday", False, DateRange(date(2024, 4, 1))),
        ("yesterday", False, DateRange(date(2024, 3, 25))),
        ("today", False, DateRange(TUESDAY)),
        ("tomorrow", True, DateRange(date(2024, 3, 27))),
        ("on Oct 7", False, DateRange(date(2023, 10, 7))),
        ("Oct. 7", True, DateRange(date(2024, 10, 7))),
        ("7 October", False, DateRange(date(2023, 10, 7))),
        ("March 2, 2022", False, DateRange(date(2022, 3, 2))),
        ("2021-05-04", False, DateRange(date(2021, 5, 4))),
        ("last week", False, DateRange(date(2024, 3, 18), date(2024, 3, 24))),
        ("in March 2023", False, DateRange(date(2023, 3, 1), date(2023, 3, 31))),
    ],
)
def test_resolves(text: str, future: bool, expected: DateRange) -> None:
    assert resolve_expression(text, published_on=TUESDAY, future=future) == expected


@pytest.mark.parametrize("text", ["recently", "earlier this year", "for decades", "February 30"])
def test_unknown_stays_none(text: str) -> None:
    assert resolve_expression(text, published_on=TUESDAY, future=False) is None


def test_weekday_of_publication_is_that_day() -> None:
    assert resolve_weekday("Tuesday", published_on=TUESDAY) == TUESDAY


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        ("March 3-5", False, DateRange(date(2024, 3, 3), date(2024, 3, 5))),
        ("from March 3 to April 2", False, DateRange(date(2024, 3, 3), date(2024, 4, 2))),
        ("between 3 and 5 March", False, DateRange(date(2024, 3, 3), date(2024, 3, 5))),
        ("Dec 30 to Jan 2", False, DateRange(date(2023, 12, 30), date(2024, 1, 2))),
        ("May 10-12", True, DateRange(date(2024, 5, 10), date(2024, 5, 12))),
    ],
)
def test_day_ranges_give_date_and_enddate(text: str, future: bool, expected: DateRange) -> None:
    assert resolve_expression(text, published_on=TUESDAY, future=future) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last month", DateRange(date(2024, 2, 1), date(2024, 2, 29))),
        ("last year", DateRange(date(2023, 1, 1), date(2023, 12, 31))),
        ("next week", DateRange(date(2024, 4, 1), date(2024, 4, 7))),
        ("in 2023", DateRange(date(2023, 1, 1), date(2023, 12, 31))),
    ],
)
def test_calendar_periods_are_ranges(text: str, expected: DateRange) -> None:
    assert resolve_expression(text, published_on=TUESDAY, future=False) == expected


def test_last_weekday_said_on_that_weekday_is_a_week_ago() -> None:
    assert resolve_expression("last Tuesday", published_on=TUESDAY, future=False) == DateRange(date(2024, 3, 19))


def test_backwards_range_is_not_guessed() -> None:
    assert resolve_expression("May 5-3", published_on=TUESDAY, future=False) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("on Tuesday", None), ("Oct 7", None), ("March 2, 2022", DateRange(date(2022, 3, 2))),
     ("in 2023", DateRange(date(2023, 1, 1), date(2023, 12, 31)))],
)  # fmt: skip
def test_without_publication_date_only_dated_expressions_resolve(text: str, expected: DateRange | None) -> None:
    assert resolve_expression(text, published_on=None, future=False) == expected


ROWS = [
    ("Troops", "troop", "NOUN", "nsubj", 1, ""),
    ("attacked", "attack", "VERB", "ROOT", 1, ""),
    ("on", "on", "ADP", "prep", 1, ""),
    ("Tuesday", "Tuesday", "PROPN", "pobj", 2, "DATE"),
]


def _dated(published_on: date | None) -> Event:
    doc = build_doc(ROWS, published_on=published_on)
    trigger = doc.tokens[1]
    event = Event("E1", "ASSAULT", Span(0, len(doc.text)), Span(trigger.start, trigger.end), "test")
    return normalize_dates(replace(doc, events=(event,))).events[0]


def test_event_takes_the_date_its_trigger_governs() -> None:
    event = _dated(TUESDAY)
    assert (event.occurred_on, event.date_text) == (TUESDAY, "on Tuesday")


def test_without_publication_date_the_text_is_kept_and_the_date_is_null() -> None:
    event = _dated(None)
    assert (event.occurred_on, event.date_text) == (None, "on Tuesday")
