"""Partial dates and periods: parsing, what they cover, and the overlap rule."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from munintl.model import DateFormatError, PartialDate, Period
from munintl.testing.strategies import partial_dates, periods

D = dt.date


def p(text: str) -> PartialDate:
    return PartialDate.parse(text)


# -- PartialDate.parse and str -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fields", "precision"),
    [
        ("2008-10-06", {"year": 2008, "month": 10, "day": 6}, "day"),
        ("2008-10", {"year": 2008, "month": 10}, "month"),
        ("2008", {"year": 2008}, "year"),
        ("1960s", {"year": 1960, "decade": True}, "decade"),
        ("~1993", {"year": 1993, "approximate": True}, "year"),
        ("~1960s", {"year": 1960, "decade": True, "approximate": True}, "decade"),
        ("~2011-03", {"year": 2011, "month": 3, "approximate": True}, "month"),
        ("0800", {"year": 800}, "year"),
    ],
)
def test_parse_reads_every_written_form(
    text: str, fields: dict[str, Any], precision: str
) -> None:
    date = p(text)
    assert date == PartialDate(**fields)
    assert date.precision == precision
    assert str(date) == text


def test_parse_ignores_surrounding_whitespace() -> None:
    assert p(" 2011-03 \n") == PartialDate(year=2011, month=3)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2011-02-30", "2011-02 has no day 30 (it has 28 days)"),
        ("2011-04-31", "2011-04 has no day 31 (it has 30 days)"),
        ("2011-13", "month 13 does not exist"),
        ("2011-00", "month 0 does not exist"),
        ("2011-01-00", "2011-01 has no day 0"),
        ("0000", "year 0 is outside 1-9999"),
        ("196s", "'196s' is not a date"),
        ("1965s", "'1965s' is not a date"),
        ("", "'' is not a date"),
        ("2011-1-1", "'2011-1-1' is not a date"),
        ("11", "'11' is not a date"),
        ("2011/03/04", "is not a date"),
        ("04-03-2011", "is not a date"),
        ("~", "is not a date"),
        ("1993~", "is not a date"),
        ("early 1961s", "is not a date"),
        ("early 1965", "is not a date"),
        ("before", "is not a date"),
        ("before 0001", "there are no dates before the year 1"),
        ("after 9999-12", "there are no dates after the year 9999"),
        ("2011-03-04T10:00", "is not a date"),
        ("٢٠١١", "is not a date"),  # Arabic-Indic digits would print as 2011
    ],
)
def test_parse_rejects_malformed_and_impossible_dates(text: str, message: str) -> None:
    with pytest.raises(DateFormatError, match=re.escape(message)):
        p(text)


def test_parse_error_shows_the_forms_that_are_accepted() -> None:
    with pytest.raises(DateFormatError) as caught:
        p("March 2011")
    assert "2008-10-06, 2008-10, 2008 or 1960s" in str(caught.value)


@pytest.mark.parametrize("text", ["2012-02-29", "2000-02-29", "1996-02-29"])
def test_parse_accepts_29_february_in_leap_years(text: str) -> None:
    assert p(text).day == 29


@pytest.mark.parametrize("text", ["2011-02-29", "1900-02-29", "2100-02-29"])
def test_parse_rejects_29_february_in_common_years(text: str) -> None:
    with pytest.raises(DateFormatError, match="has no day 29 \\(it has 28 days\\)"):
        p(text)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"year": 1965, "decade": True}, "a decade is written as its first year"),
        ({"year": 1960, "month": 5, "decade": True}, "has no month or day"),
        ({"year": 2011, "day": 4}, "a day needs a month"),
        ({"year": 10000}, "year 10000 is outside 1-9999"),
        ({"year": 2011, "month": 12, "day": 32}, "2011-12 has no day 32"),
    ],
)
def test_constructor_rejects_inconsistent_fields(
    fields: dict[str, Any], message: str
) -> None:
    with pytest.raises(DateFormatError, match=message):
        PartialDate(**fields)


def test_from_date_keeps_the_day() -> None:
    assert PartialDate.from_date(D(2008, 10, 6)) == p("2008-10-06")


@given(partial_dates())
def test_str_parses_back_to_the_same_date(date: PartialDate) -> None:
    text = str(date)
    assert PartialDate.parse(text) == date
    assert str(PartialDate.parse(text)) == text


@given(partial_dates())
def test_approximate_date_covers_what_the_exact_one_covers(date: PartialDate) -> None:
    exact = PartialDate(
        year=date.year, month=date.month, day=date.day, decade=date.decade
    )
    approximate = PartialDate(
        year=date.year,
        month=date.month,
        day=date.day,
        decade=date.decade,
        approximate=True,
    )
    assert exact.covers() == approximate.covers()
    assert str(approximate) == "~" + str(exact)


# -- covers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2008-10-06", D(2008, 10, 6), D(2008, 10, 6)),
        ("2011-04", D(2011, 4, 1), D(2011, 4, 30)),
        ("2011-12", D(2011, 12, 1), D(2011, 12, 31)),
        ("2011-02", D(2011, 2, 1), D(2011, 2, 28)),
        ("2012-02", D(2012, 2, 1), D(2012, 2, 29)),
        ("2000-02", D(2000, 2, 1), D(2000, 2, 29)),
        ("1900-02", D(1900, 2, 1), D(1900, 2, 28)),
        ("2011", D(2011, 1, 1), D(2011, 12, 31)),
        ("2012", D(2012, 1, 1), D(2012, 12, 31)),
        ("1960s", D(1960, 1, 1), D(1969, 12, 31)),
        ("~1960s", D(1960, 1, 1), D(1969, 12, 31)),
        ("~1993", D(1993, 1, 1), D(1993, 12, 31)),
        ("9990s", D(9990, 1, 1), D(9999, 12, 31)),
    ],
)
def test_covers_the_whole_interval_the_date_may_mean(
    text: str, first: dt.date, last: dt.date
) -> None:
    date = p(text)
    assert date.covers() == (first, last)
    assert (date.first_day, date.last_day) == (first, last)


@given(partial_dates())
def test_covered_interval_is_never_empty_and_day_dates_cover_one_day(
    date: PartialDate,
) -> None:
    first, last = date.covers()
    assert first <= last
    assert (first == last) == (date.precision == "day")
    assert first.year >= date.year


def test_sort_key_orders_by_start_then_end() -> None:
    dates = [p("2011"), p("2011-06"), p("2010s"), p("2011-01-01"), p("2011-01")]
    ordered = sorted(dates, key=PartialDate.sort_key)
    assert [str(d) for d in ordered] == [
        "2010s",
        "2011-01-01",
        "2011-01",
        "2011",
        "2011-06",
    ]


# -- Period --------------------------------------------------------------------


def test_year_covers_whole_calendar_year() -> None:
    assert Period.year(2011).bounds() == (D(2011, 1, 1), D(2011, 12, 31))
    assert str(Period.year(2011)) == "2011"


def test_parse_makes_a_period_from_two_texts() -> None:
    assert Period.parse("2010", "2012") == Period(start=p("2010"), end=p("2012"))
    assert Period.parse("1993") == Period(start=p("1993"))
    assert Period.parse(None, "2012") == Period(end=p("2012"))
    assert Period.parse("", "") == Period()


@pytest.mark.parametrize(
    ("period", "bounds"),
    [
        (Period.parse("2010", "2012"), (D(2010, 1, 1), D(2012, 12, 31))),
        (Period.parse("2010-03", "2010-03-15"), (D(2010, 3, 1), D(2010, 3, 15))),
        (Period.parse("1960s"), (D(1960, 1, 1), D.max)),
        (Period.parse(None, "2012-02"), (D.min, D(2012, 2, 29))),
        (Period(), (D.min, D.max)),
    ],
)
def test_bounds_are_the_widest_days_the_period_may_cover(
    period: Period, bounds: tuple[dt.date, dt.date]
) -> None:
    assert period.bounds() == bounds


def test_initiative_running_2010_to_2012_is_active_in_2011() -> None:
    assert Period.parse("2010", "2012").overlaps(Period.year(2011))


@pytest.mark.parametrize(
    ("year", "active"), [(2009, False), (2010, True), (2012, True), (2013, False)]
)
def test_overlap_includes_both_end_years_and_nothing_beyond(
    year: int, active: bool
) -> None:
    assert Period.parse("2010", "2012").overlaps(Period.year(year)) is active


def test_period_ending_on_31_december_does_not_overlap_the_next_year() -> None:
    period = Period.parse("2011-06-01", "2011-12-31")
    assert not period.overlaps(Period.year(2012))
    assert period.overlaps(D(2011, 12, 31))
    assert not period.overlaps(D(2012, 1, 1))


@pytest.mark.parametrize(
    ("period", "year"),
    [
        (Period.parse("1993"), 2024),
        (Period.parse("1993"), 1993),
        (Period.parse(None, "2012"), 1900),
        (Period(), 1),
        (Period(), 9999),
    ],
)
def test_open_ends_reach_indefinitely(period: Period, year: int) -> None:
    assert period.overlaps(Period.year(year))


def test_open_start_period_does_not_reach_past_its_end() -> None:
    assert not Period.parse(None, "2012").overlaps(Period.year(2013))


def test_open_end_period_does_not_reach_before_its_start() -> None:
    assert not Period.parse("1993").overlaps(Period.year(1992))


def test_twinning_since_the_1990s_is_active_in_1995_but_not_in_1989() -> None:
    since = Period(start=p("1990s"))
    assert since.overlaps(Period.year(1995))
    assert since.overlaps(Period.year(1990))
    assert not since.overlaps(Period.year(1989))


def test_decade_period_overlaps_each_of_its_years_only() -> None:
    sixties = Period(start=p("1960s"), end=p("1960s"))
    assert sixties.overlaps(Period.year(1960))
    assert sixties.overlaps(Period.year(1969))
    assert not sixties.overlaps(Period.year(1970))
    assert not sixties.overlaps(Period.year(1959))


def test_year_overlaps_the_decade_it_lies_in() -> None:
    assert Period.year(1965).overlaps(p("1960s"))
    assert not Period.year(1975).overlaps(p("1960s"))


def test_one_day_period_overlaps_that_day_its_month_and_year_only() -> None:
    day = Period.parse("2011-03-15", "2011-03-15")
    assert day.overlaps(D(2011, 3, 15))
    assert not day.overlaps(D(2011, 3, 16))
    assert not day.overlaps(D(2011, 3, 14))
    assert day.overlaps(p("2011-03"))
    assert day.overlaps(Period.year(2011))
    assert not day.overlaps(p("2011-04"))
    assert day.contains(D(2011, 3, 15))
    assert not day.contains(D(2011, 3, 16))


def test_reversed_period_is_reported_and_overlaps_nothing() -> None:
    reversed_ = Period.parse("2012", "2010")
    assert reversed_.is_reversed
    assert not reversed_.overlaps(Period.year(2011))
    assert not reversed_.overlaps(Period())
    assert not Period().overlaps(reversed_)
    assert not reversed_.overlaps(D(2011, 6, 1))


@pytest.mark.parametrize(
    "period",
    [
        Period.parse("2010", "2012"),
        Period.parse("2011-05", "2011"),  # ends in the year it starts: not reversed
        Period.parse("2011"),
        Period(),
    ],
)
def test_periods_that_can_hold_a_day_are_not_reversed(period: Period) -> None:
    assert not period.is_reversed


@given(periods(ordered=False), periods(ordered=False))
def test_overlap_is_symmetric(a: Period, b: Period) -> None:
    assert a.overlaps(b) == b.overlaps(a)


@given(periods(ordered=False), periods(ordered=False))
def test_overlap_means_a_shared_day(a: Period, b: Period) -> None:
    first = max(a.bounds()[0], b.bounds()[0])
    last = min(a.bounds()[1], b.bounds()[1])
    shared = first <= last and not a.is_reversed and not b.is_reversed
    assert a.overlaps(b) is shared
    if shared:
        assert a.overlaps(first)
        assert b.overlaps(first)


@given(periods(ordered=False), partial_dates(min_year=1900, max_year=2100))
def test_overlap_with_a_partial_date_equals_overlap_with_its_period(
    period: Period, date: PartialDate
) -> None:
    assert period.overlaps(date) == period.overlaps(Period(start=date, end=date))


@given(periods(), st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31)))
def test_contains_a_day_exactly_when_the_day_lies_within_the_bounds(
    period: Period, day: dt.date
) -> None:
    first, last = period.bounds()
    assert period.contains(day) == (first <= day <= last)


@pytest.mark.parametrize(
    ("period", "text"),
    [
        (Period.parse("2010", "2012"), "2010–2012"),
        (Period.parse("2011", "2011"), "2011"),
        (Period.parse("1993"), "1993–"),
        (Period.parse(None, "~2012-03"), "–~2012-03"),
    ],
)
def test_str_writes_the_period_with_an_en_dash(period: Period, text: str) -> None:
    assert str(period) == text
