"""Dates: give each event the date its text states, resolved against the publication date.

Reads events, DATE entities and the parse; writes ``occurred_on``, ``ends_on`` and
``date_text``. A date expression belongs to the nearest event trigger above it in the parse;
an event with none takes an unclaimed one from its sentence, then from the sentences before it
in its paragraph. Never guesses: an expression it cannot resolve keeps its text and a null date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from eventwire.model import Document, Entity, Event, Sentence, Status
from eventwire.syntax import ParseTree

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_MONTH_DAY = re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?\b")
_DAY_MONTH = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+(?P<year>\d{4}))?\b")
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
_MONTH_YEAR = re.compile(r"^(?:in\s+)?" + _MONTH + r"\s+(?P<year>\d{4})$")
_YEAR = re.compile(r"^(?:in\s+)?(?P<year>(?:19|20)\d{2})$")
#: "March 3-5", "March 3 to 5", "from March 3 to April 2", "between 3 and 5 March".
_DAY_RANGE = re.compile(
    _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\s*(?:-|\u2013|to|and|through|until)\s*"
    r"(?:(?P<month2>[a-z]+)\.?\s+)?(?P<day2>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{4}))?"
)
_RANGE_DAY_MONTH = re.compile(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s*(?:-|\u2013|to|and|through|until)\s*(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+"
    + _MONTH
    + r"(?:,?\s+(?P<year>\d{4}))?\b"
)
_LAST_PERIOD = re.compile(r"^(?:in\s+|during\s+)?(last|this|next)\s+(week|month|year)$")  # not "earlier this year"
_LEAD_WORDS = frozenset(
    {"on", "since", "in", "last", "next", "this", "early", "late", "until", "by", "from", "between"}
)


@dataclass(frozen=True, slots=True)
class DateRange:
    """A resolved date or range (``end`` None for a single day)."""

    start: date
    end: date | None = None


def normalize_dates(doc: Document) -> Document:
    """Return the document with each event's date resolved against its publication date."""
    claims = _claims(doc)
    events = tuple(_dated(doc, event, claims) for event in doc.events)
    return replace(doc, events=events)


def resolve_expression(text: str, *, published_on: date | None, future: bool) -> DateRange | None:
    """Resolve one temporal expression; None when it cannot be resolved without guessing.

    Without a publication date only expressions that name their year resolve ("March 2, 2022").
    """
    lowered = text.lower().strip()
    if published_on is None:
        return _absolute(lowered)
    for word, shift in _RELATIVE_DAYS.items():
        if re.search(rf"\b{word}\b", lowered):
            return DateRange(published_on + timedelta(days=shift))
    period = _LAST_PERIOD.search(lowered)
    if period is not None:
        return _period(period[1], period[2], published_on=published_on)
    explicit = _explicit(lowered, published_on=published_on, future=future)
    if explicit is not None:
        return explicit
    weekday = next((day for day in WEEKDAYS if re.search(rf"\b{day}\b", lowered)), None)
    if weekday is not None:
        day = resolve_weekday(weekday, published_on=published_on, future=future or "next" in lowered)
        if re.search(r"\blast\b", lowered) and day == published_on:
            day -= timedelta(days=7)  # "last Tuesday" said on a Tuesday is a week ago
        return DateRange(day)
    return None


def _absolute(text: str) -> DateRange | None:
    """Expressions that carry their own year; anything relative needs the publication date."""
    if _YEAR.match(text) or _MONTH_YEAR.match(text):
        return _explicit(text, published_on=date.min, future=False)
    match = _ISO.search(text) or _MONTH_DAY.search(text) or _DAY_MONTH.search(text)
    if match is None or not match["year"]:
        return None
    return _explicit(text, published_on=date.min, future=False)


def _period(which: str, unit: str, *, published_on: date) -> DateRange:
    """A calendar week (Monday to Sunday), month or year before, around or after publication."""
    shift = {"last": -1, "this": 0, "next": 1}[which]
    if unit == "week":
        monday = published_on - timedelta(days=published_on.weekday()) + timedelta(weeks=shift)
        return DateRange(monday, monday + timedelta(days=6))
    if unit == "year":
        year = published_on.year + shift
        return DateRange(date(year, 1, 1), date(year, 12, 31))
    month_index = published_on.year * 12 + published_on.month - 1 + shift
    year, month = divmod(month_index, 12)
    return DateRange(date(year, month + 1, 1), date(year, month + 1, calendar.monthrange(year, month + 1)[1]))


def resolve_weekday(word: str, *, published_on: date, future: bool = False) -> date:
    """Map a bare weekday to the latest such day up to publication (or the next, for the future)."""
    target = WEEKDAYS.index(word.lower())
    if future:
        return published_on + timedelta(days=(target - published_on.weekday()) % 7)
    return published_on - timedelta(days=(published_on.weekday() - target) % 7)


def _explicit(text: str, *, published_on: date, future: bool) -> DateRange | None:
    month_year = _MONTH_YEAR.match(text)
    if month_year:
        year, month = int(month_year["year"]), MONTHS[month_year["month"]]
        return DateRange(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
    year_only = _YEAR.match(text)
    if year_only:
        return DateRange(date(int(year_only["year"]), 1, 1), date(int(year_only["year"]), 12, 31))
    span = _DAY_RANGE.search(text) or _RANGE_DAY_MONTH.search(text)
    if span is not None:
        return _range(span, published_on=published_on, future=future)
    match = _ISO.search(text) or _MONTH_DAY.search(text) or _DAY_MONTH.search(text)
    if match is None:
        return None
    month = int(match["month"]) if match["month"].isdigit() else MONTHS[match["month"]]
    day = int(match["day"])
    try:
        if match["year"]:
            return DateRange(date(int(match["year"]), month, day))
        return DateRange(_nearest_year(month, day, published_on=published_on, future=future))
    except ValueError:
        return None  # "February 30": no such day


def _range(match: re.Match[str], *, published_on: date, future: bool) -> DateRange | None:
    """A day range; the start takes its year as a single day would, the end follows it."""
    groups = match.groupdict()
    month = MONTHS.get(match["month"])
    end_month = MONTHS.get(groups.get("month2") or "", month)
    if month is None or end_month is None:
        return None
    try:
        if match["year"]:
            start = date(int(match["year"]), month, int(match["day"]))
        else:
            start = _nearest_year(month, int(match["day"]), published_on=published_on, future=future)
        end = date(start.year + (end_month < month), end_month, int(match["day2"]))
    except ValueError:
        return None
    return DateRange(start, end) if end > start else None


def _nearest_year(month: int, day: int, *, published_on: date, future: bool) -> date:
    # "Oct 7" in past-tense news is the latest Oct 7 up to publication; in future tense, the next.
    candidate = date(published_on.year, month, day)
    if future and candidate < published_on:
        return date(published_on.year + 1, month, day)
    if not future and candidate > published_on:
        return date(published_on.year - 1, month, day)
    return candidate


def _claims(doc: Document) -> dict[str, Entity]:
    """Map event ids to the date expression each governs (nearest trigger above the date)."""
    tree = ParseTree(doc.tokens)
    trigger_token = {event.event_id: tree.token_at(event.trigger.start) for event in doc.events}
    by_token: dict[int, list[str]] = {}
    for event_id, index in trigger_token.items():
        if index is not None:
            by_token.setdefault(index, []).append(event_id)
    claims: dict[str, Entity] = {}
    for ent in doc.entities:
        if ent.label not in ("DATE", "TIME"):
            continue
        start = tree.token_at(ent.start)
        if start is None:
            continue
        for head in tree.ancestors(start):
            if head.i in by_token:
                for event_id in by_token[head.i]:
                    claims.setdefault(event_id, ent)
                break
    return claims


def _dated(doc: Document, event: Event, claims: dict[str, Entity]) -> Event:
    ent = claims.get(event.event_id) or _fallback(doc, event, set(map(id, claims.values())))
    if ent is None:
        return event
    text = _with_lead(doc, ent)
    found = resolve_expression(text, published_on=doc.published_on, future=event.status is Status.FUTURE)
    if found is None:
        return replace(event, date_text=text)
    return replace(event, occurred_on=found.start, ends_on=found.end, date_text=text)


def _fallback(doc: Document, event: Event, claimed: set[int]) -> Entity | None:
    sent = next((s for s in doc.sentences if s.start <= event.evidence.start < s.end), None)
    if sent is None:
        return None
    earlier = [s for s in doc.sentences if s.paragraph == sent.paragraph and s.end <= sent.start]
    for scope in [sent, *reversed(earlier)]:
        dates = [e for e in _dates_in(doc, scope) if id(e) not in claimed]
        if dates:
            return dates[0]
    return None


def _dates_in(doc: Document, sent: Sentence) -> list[Entity]:
    return [e for e in doc.entities if e.label in ("DATE", "TIME") and sent.start <= e.start < sent.end]


def _with_lead(doc: Document, ent: Entity) -> str:
    # Keep the preposition or determiner that shapes the meaning: "on Tuesday", "last week".
    before = doc.text[max(0, ent.start - 12) : ent.start].split()
    if before and before[-1].lower() in _LEAD_WORDS:
        return f"{before[-1]} {ent.text}"
    return ent.text
