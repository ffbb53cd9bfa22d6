"""Temporal expressions resolve against the publication date; unknown stays None."""

from datetime import date

import pytest

from eventwire.dates import DateRange, resolve_expression, resolve_weekday

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
