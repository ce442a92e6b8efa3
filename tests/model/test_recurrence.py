"""Recurring activities: an exchange every second year, an annual delegation."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from munintl.model import (
    Initiative,
    LocalizedText,
    PartialDate,
    PartnershipEvent,
    Period,
    Portfolio,
    Recurrence,
)
from munintl.reporting import build
from munintl.testing.strategies import BIG
from plugins.rules.helpers import organisation, partnership, portfolio


def exchange(**more: object) -> Initiative:
    more.setdefault("period", Period.parse("2010", "2020"))
    more.setdefault("recurrence", Recurrence(every=2))
    return Initiative(
        id="exchange",
        title=LocalizedText.of(da="Udveksling", en="Exchange"),
        kind="staff-exchange",
        themes=("culture",),
        **more,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("year", "active"),
    [
        (2009, False),
        (2010, True),
        (2011, False),
        (2012, True),
        (2020, True),
        (2021, False),
        (2022, False),
    ],
)
def test_a_biennial_exchange_is_active_only_in_its_years(
    year: int, active: bool
) -> None:
    assert exchange().is_active_in(Period.year(year)) is active
    found = portfolio(initiatives=(exchange(),)).initiatives_active_in(
        Period.year(year)
    )
    assert bool(found) is active


def test_a_series_keeps_the_month_of_its_first_occurrence() -> None:
    annual = exchange(period=Period.parse("2018-05", None), recurrence=Recurrence())
    assert [str(d) for d in annual.occurrences_in(Period.parse("2019", "2021"))] == [
        "2019-05",
        "2020-05",
        "2021-05",
    ]
    assert not annual.is_active_in(Period.parse("2019-06", "2020-04"))


def test_the_recurrences_own_period_bounds_the_series() -> None:
    own = exchange(
        period=None, recurrence=Recurrence(every=3, period=Period.parse("2011", "2017"))
    )
    assert own.has_period
    assert [str(d) for d in own.occurrences_in(Period())] == ["2011", "2014", "2017"]


def test_every_must_be_at_least_one() -> None:
    with pytest.raises(ValueError, match="every must be a whole number"):
        Recurrence(every=0)


def test_a_recurring_partnership_event_is_in_each_period_it_recurs_in() -> None:
    visit = PartnershipEvent(
        kind="reviewed", date=PartialDate.parse("2015-09"), recurrence=Recurrence()
    )
    twinning = partnership("twinning", "lilleby", "partner-town", events=(visit,))
    assert twinning.events_in(dt.date(2019, 1, 1), dt.date(2019, 12, 31)) == (visit,)
    assert twinning.events_in(dt.date(2014, 1, 1), dt.date(2014, 12, 31)) == ()


def _reported() -> Portfolio:
    return portfolio(
        organisations=(organisation("partner-town"),),
        initiatives=(exchange(),),
    )


def test_every_report_kind_says_how_often_and_when() -> None:
    followup = repr(build(_reported(), kind="followup", lang="en", period=2012))
    assert "**Period:** 2010–2020, every 2 years (in 2012: 2012)" in followup
    assert (
        repr(build(_reported(), kind="followup", lang="en", period=2013)).count(
            "Exchange"
        )
        == 0
    )
    overview = repr(build(_reported(), kind="overview", lang="da", period=2014))
    assert "2010–2020, hvert 2. år (i 2014: 2014)" in overview
    register = build(_reported(), kind="register", lang="en", period=2012)
    (table,) = [b for b in register.blocks if getattr(b, "title", "") == "Register"]
    row = dict(zip(table.columns, table.rows[0], strict=True))
    assert (row["Recurrence"], row["Occurrences"]) == ("every 2 years", "2012")


@settings(BIG)
@given(
    st.integers(1950, 2030),
    st.integers(1, 5),
    st.integers(0, 30),
    st.integers(1940, 2070),
)
def test_active_in_a_year_exactly_when_an_occurrence_falls_in_it(
    start: int, every: int, length: int, year: int
) -> None:
    series = exchange(
        period=Period.parse(str(start), str(start + length)),
        recurrence=Recurrence(every=every),
    )
    expected = start <= year <= start + length and (year - start) % every == 0
    assert series.is_active_in(Period.year(year)) is expected
