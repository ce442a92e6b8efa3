"""An initiative as of a date: its status then, its funding then, what is not known."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest

from munintl.model import (
    FundingLine,
    Initiative,
    LocalizedText,
    Money,
    Municipality,
    PartialDate,
    Period,
    Portfolio,
)

D = dt.date
TODAY = D(2026, 6, 1)


def project(status: str | None = "closed", period: Period | None = None) -> Initiative:
    return Initiative(
        id="havn",
        title=LocalizedText.of(en="Green harbour"),
        kind="project",
        status=status,
        period=period,
    )


# -- status on a day -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2013, 12, 31), None),  # had not begun: its status then is not known
        (D(2014, 12, 31), "implementation"),
        (D(2015, 12, 31), "implementation"),  # closed in 2016, not before
        (D(2016, 6, 30), "implementation"),  # "2016" may end on 31 December
        (D(2016, 12, 31), "closed"),
        (D(2020, 1, 1), "closed"),
    ],
)
def test_closed_project_reads_implementation_until_its_end(
    day: dt.date, expected: str | None
) -> None:
    closed = project("closed", Period.parse("2014", "2016"))
    assert closed.status_on(day, today=TODAY) == expected


@pytest.mark.parametrize(
    ("status", "day", "expected"),
    [
        # Recorded as of about 2010 (a strategy of that time): it held then,
        ("implementation", D(2010, 6, 1), "implementation"),
        ("implementation", D(2010, 12, 31), "implementation"),
        # but says nothing of later days, whatever the report's today is;
        ("implementation", D(2011, 1, 1), None),
        ("implementation", D(2025, 1, 1), None),
        ("pipeline", D(2025, 1, 1), None),
        # only a status that says the work stopped holds on.
        ("closed", D(2025, 1, 1), "closed"),
        ("cancelled", D(2025, 1, 1), "cancelled"),
    ],
)
def test_a_status_recorded_as_of_a_past_date_holds_only_then(
    status: str, day: dt.date, expected: str | None
) -> None:
    then = attrs.evolve(project(status), status_as_of=PartialDate.parse("~2010"))
    assert then.status_on(day, today=TODAY) == expected
    assert then.status_on(day) == expected  # the real today changes nothing


def test_recorded_status_holds_from_today_on() -> None:
    closed = project("closed", Period.parse("2014", "2030"))
    assert closed.status_on(D(2027, 1, 1), today=TODAY) == "closed"
    assert closed.status_on(TODAY, today=TODAY) == "closed"
    assert closed.status_on(D(2026, 5, 31), today=TODAY) == "implementation"


def test_ending_status_without_an_end_is_not_known_for_the_past() -> None:
    # When it closed is not recorded: in 2015 it may have run or not.
    closed = project("closed", Period.parse("2014"))
    assert closed.status_on(D(2015, 12, 31), today=TODAY) is None
    assert project("cancelled").status_on(D(2015, 12, 31), today=TODAY) is None


def test_running_project_had_no_known_status_before_it_began() -> None:
    running = project("implementation", Period.parse("2018", "2024"))
    assert running.status_on(D(2017, 12, 31), today=TODAY) is None
    assert running.status_on(D(2018, 12, 31), today=TODAY) == "implementation"
    # A project still being prepared was being prepared before too, if at all.
    planned = project("pipeline", Period.parse("2030"))
    assert planned.status_on(D(2025, 1, 1), today=TODAY) == "pipeline"


def test_no_status_stays_unknown() -> None:
    unknown = project(None, Period.parse("2014", "2016"))
    assert unknown.status is None
    assert unknown.status_on(D(2015, 1, 1), today=TODAY) is None
    assert unknown.status_on(D(2030, 1, 1), today=TODAY) is None


# -- period not given ------------------------------------------------------------------


def test_initiative_without_a_period_is_active_in_no_year() -> None:
    undated = project("implementation")
    open_both_ends = project("implementation", Period())
    dated = project("implementation", Period.parse("2015"))
    portfolio = Portfolio(
        municipality=Municipality(
            id="nordby",
            name=LocalizedText.of(en="Nordby"),
            country="DK",
            default_language="en",
        ),
        initiatives=(dated,),
    )
    for initiative in (undated, open_both_ends):
        assert not initiative.has_period
        assert not initiative.is_active_in(Period.year(2015))
    assert dated.has_period
    assert dated.is_active_in(Period.year(2040))
    assert portfolio.initiatives_without_period() == ()


# -- funding in a period ----------------------------------------------------------------


def dkk(amount: int) -> Money:
    return Money(amount=Decimal(amount), currency="DKK")


ENERGY = Initiative(
    id="energi",
    title=LocalizedText.of(en="Energy partnership"),
    kind="project",
    status="implementation",
    period=Period.parse("2018", "2023"),
    funding=(
        FundingLine(phase="1", amount=dkk(100), period=Period.parse("2018", "2019")),
        FundingLine(phase="2", amount=dkk(250), period=Period.parse("2022", "2023")),
        FundingLine(amount=dkk(5)),  # runs for the initiative's period
    ),
)


def phases(lines: tuple[FundingLine, ...]) -> list[str | None]:
    return [line.phase for line in lines]


def test_funding_in_a_period_is_the_lines_that_run_in_it() -> None:
    assert phases(ENERGY.funding_in(Period.year(2019))) == ["1", None]
    assert phases(ENERGY.funding_in(Period.year(2020))) == [None]
    assert phases(ENERGY.funding_in(Period.year(2022))) == ["2", None]
    assert phases(ENERGY.funding_in(Period.year(2030))) == []


def test_funding_by_a_day_leaves_out_money_approved_later() -> None:
    assert phases(ENERGY.funding_by(D(2019, 12, 31))) == ["1", None]
    assert phases(ENERGY.funding_by(D(2022, 12, 31))) == ["1", "2", None]


def test_funding_of_an_undated_initiative_runs_in_no_period() -> None:
    undated = Initiative(
        id="x",
        title=LocalizedText.of(en="X"),
        kind="project",
        funding=(FundingLine(amount=dkk(5)),),
    )
    assert undated.funding_in(Period.year(2019)) == ()
    # Whether it had begun by a day is not known either: it is not left out.
    assert len(undated.funding_by(D(2019, 12, 31))) == 1
