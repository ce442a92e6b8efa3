"""Strategies for partial dates and periods."""

from __future__ import annotations

import datetime as dt
import functools

import attrs
from hypothesis import strategies as st

from munintl.model import (
    PartialDate,
    Period,
    Recurrence,
)
from munintl.model.dates import Bound, DecadePart
from munintl.testing.strategies._base import FIRST_YEAR, LAST_YEAR, Draw, optional

__all__ = [
    "EDGE_DATES",
    "event_dates",
    "partial_dates",
    "periods",
    "recurrences",
]

# Described where the package exports it (EDGE_DATES in __init__.py).
EDGE_DATES: tuple[PartialDate, ...] = (
    PartialDate(year=1),
    PartialDate(year=1, month=1, day=1),
    PartialDate(year=10, decade=True, approximate=True),
    PartialDate(year=9999),
    PartialDate(year=9999, month=12, day=31),
    PartialDate(year=9990, decade=True),
)


@st.composite
def partial_dates(
    draw: Draw, *, min_year: int = 1, max_year: int = 9999, bounds: bool = False
) -> PartialDate:
    """Generate a day, month, year or decade in the years given, maybe approximate.

    A decade may be narrowed to its early, mid or late years.  With
    ``bounds``, a date may also be known from one side only (``before
    1990``, ``after 2005``).
    """
    date = draw(_unbounded_dates(min_year, max_year))
    bound: Bound | None = (
        draw(st.sampled_from((None, None, "before", "after"))) if bounds else None
    )
    first, last = date.covers()
    if (bound == "before" and first == dt.date.min) or (
        bound == "after" and last == dt.date.max
    ):
        bound = None
    return attrs.evolve(date, bound=bound) if bound else date


@st.composite
def _unbounded_dates(draw: Draw, min_year: int, max_year: int) -> PartialDate:
    approximate = draw(st.booleans())
    precision = draw(st.sampled_from(("day", "month", "year", "decade")))
    if precision == "decade":
        first = max(min_year, 10)
        first_decade, last_decade = -(-first // 10), max_year // 10
        if first_decade <= last_decade:
            decade = draw(st.integers(first_decade, last_decade)) * 10
            part: DecadePart | None = draw(
                st.sampled_from((None, None, "early", "mid", "late"))
            )
            return PartialDate(
                year=decade, decade=True, approximate=approximate, part=part
            )
        precision = "year"
    if precision == "day":
        day = draw(
            st.dates(
                min_value=dt.date(min_year, 1, 1), max_value=dt.date(max_year, 12, 31)
            )
        )
        return PartialDate(
            year=day.year, month=day.month, day=day.day, approximate=approximate
        )
    year = draw(st.integers(min_year, max_year))
    month = draw(st.integers(1, 12)) if precision == "month" else None
    return PartialDate(year=year, month=month, approximate=approximate)


@st.composite
def periods(
    draw: Draw,
    *,
    min_year: int = FIRST_YEAR,
    max_year: int = LAST_YEAR,
    ordered: bool = True,
    open_ends: bool = True,
    edges: bool = True,
) -> Period:
    """Generate a period of partial dates, with open ends if ``open_ends``.

    With ``ordered`` (the default) the end never lies wholly before the
    start; without it, reversed periods occur too.  With ``edges`` (the
    default) an end may also be one of ``EDGE_DATES``, outside the years
    given: year 1, year 9999 and the decades at both ends.
    """
    dates = partial_dates(min_year=min_year, max_year=max_year)
    if edges:
        dates = dates | st.sampled_from(EDGE_DATES)
    start = draw(optional(dates) if open_ends else dates)
    end = draw(optional(dates) if open_ends else dates)
    if ordered and start and end and end.last_day < start.first_day:
        start, end = end, start
    return Period(start=start, end=end)


@functools.cache
def recent_dates() -> st.SearchStrategy[PartialDate]:
    """Generate the dates of entities: partial dates from 1950 to 2040."""
    return partial_dates(min_year=FIRST_YEAR, max_year=LAST_YEAR)


@functools.cache
def event_dates() -> st.SearchStrategy[PartialDate | None]:
    """Generate the date of a partnership event: maybe bounded, maybe not known."""
    return optional(partial_dates(min_year=FIRST_YEAR, max_year=LAST_YEAR, bounds=True))


@functools.cache
def recurrences() -> st.SearchStrategy[Recurrence]:
    """Generate a recurrence: every 1 to 5 years, maybe over a period of its own."""
    return st.builds(
        Recurrence,
        every=st.integers(1, 5),
        period=optional(periods(edges=False)),
    )
