"""Choosing what a report covers (reports.building.scope)."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from munintl.model import LocalizedText, Period, Portfolio, Strategy
from munintl.reports.building import scope
from munintl.reports.request import ReportRequest
from munintl.testing.samples import sample_portfolio

P = Period.parse


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return sample_portfolio()


def strategy(
    strategy_id: str,
    start: str | None,
    end: str | None,
    status: str = "adopted",
    supersedes: str | None = None,
) -> Strategy:
    return Strategy(
        id=strategy_id,
        title=LocalizedText.of(en=strategy_id),
        period=P(start, end) if start or end else None,
        status=status,
        supersedes=supersedes,
    )


def with_strategies(portfolio: Portfolio, *strategies: Strategy) -> Portfolio:
    return attrs.evolve(portfolio, strategies=strategies)


def test_internal_entities_are_visible_only_when_asked(portfolio: Portfolio) -> None:
    internal = next(b for b in portfolio.bodies if b.visibility == "internal")
    public = portfolio.bodies[0]
    assert not scope.is_visible(internal, ReportRequest(language="en"))
    assert scope.is_visible(
        internal, ReportRequest(language="en", include_internal=True)
    )
    assert scope.is_visible(public, ReportRequest(language="en"))


def test_strategy_for_prefers_the_named_one(portfolio: Portfolio) -> None:
    old = strategy("old", "2010", "2015", status="superseded")
    new = strategy("new", "2016", "2030", supersedes="old")
    changed = with_strategies(portfolio, old, new)
    assert scope.strategy_for(changed, None, "old") is old
    assert scope.strategy_for(changed, None, "missing") is new
    assert scope.strategy_for(changed, None) is new


def test_strategy_for_a_past_period_is_the_one_in_force_then(
    portfolio: Portfolio,
) -> None:
    old = strategy("old", "2010", "2015", status="superseded")
    older = strategy("older", "2005", "2011", status="superseded")
    new = strategy("new", "2016", "2030", supersedes="old")
    changed = with_strategies(portfolio, older, old, new)
    assert scope.strategy_for(changed, P("2012", "2012")) is old
    # Both were in force in 2011: the newest wins.
    assert scope.strategy_for(changed, P("2011", "2011")) is old
    assert scope.strategy_for(changed, P("2006", "2006")) is older
    assert scope.strategy_for(changed, P("2020", "2020")) is new
    # In force nowhere: the current one.
    assert scope.strategy_for(changed, P("1990", "1990")) is new


def test_strategy_for_an_empty_portfolio_is_none(portfolio: Portfolio) -> None:
    assert scope.strategy_for(with_strategies(portfolio), P("2020", "2020")) is None


def test_initiatives_in_a_period_are_those_active_then(portfolio: Portfolio) -> None:
    def ids(period: Period | None) -> list[str]:
        request = ReportRequest(language="en", period=period)
        return [i.id for i in scope.initiatives_in(portfolio, request)]

    assert ids(None) == [
        "klimanetvaerk",
        "medarbejderudveksling",
        "samarbejdsprogram",
    ]
    assert ids(P("2024", "2024")) == ["medarbejderudveksling", "samarbejdsprogram"]
    assert ids(P("2015", "2015")) == ["klimanetvaerk"]
    assert ids(P("1990", "1990")) == []


def test_initiatives_without_period_are_set_apart_only_for_a_period(
    portfolio: Portfolio,
) -> None:
    undated = attrs.evolve(portfolio.initiatives[0], period=None)
    hidden = attrs.evolve(portfolio.initiatives[1], period=None, visibility="internal")
    changed = attrs.evolve(
        portfolio, initiatives=(undated, hidden, portfolio.initiatives[2])
    )
    period = P("2022", "2022")
    request = ReportRequest(language="en", period=period)
    assert [i.id for i in scope.initiatives_without_period(changed, request)] == [
        undated.id
    ]
    assert undated not in scope.initiatives_in(changed, request)
    internal = ReportRequest(language="en", period=period, include_internal=True)
    assert {i.id for i in scope.initiatives_without_period(changed, internal)} == {
        undated.id,
        hidden.id,
    }
    assert scope.initiatives_without_period(changed, ReportRequest(language="en")) == []


def test_internal_initiatives_are_left_out_of_public_reports(
    portfolio: Portfolio,
) -> None:
    hidden = attrs.evolve(portfolio.initiatives[0], visibility="internal")
    changed = attrs.evolve(portfolio, initiatives=(hidden, *portfolio.initiatives[1:]))
    public = scope.initiatives_in(changed, ReportRequest(language="en"))
    assert hidden.id not in [i.id for i in public]
    assert len(public) == len(portfolio.initiatives) - 1


def test_strategies_in_force_lead_with_the_chosen_one(portfolio: Portfolio) -> None:
    a = strategy("a", "2010", "2020")
    b = strategy("b", "2015", "2025")
    draft = strategy("draft", "2015", "2030", status="draft")
    changed = with_strategies(portfolio, a, b, draft)
    assert scope.strategies_in_force(
        changed, P("2016", "2016"), dt.date(2030, 1, 1)
    ) == [
        b,
        a,
    ]
    assert scope.strategies_in_force(changed, None, dt.date(2012, 6, 1)) == [a]


def test_a_superseded_strategy_is_not_in_force(portfolio: Portfolio) -> None:
    old = strategy("old", "2010", "2020")
    new = strategy("new", "2015", "2025", supersedes="old")
    changed = with_strategies(portfolio, old, new)
    assert scope.strategies_in_force(changed, P("2016", "2016"), dt.date.today()) == [
        new
    ]


def test_a_strategy_without_period_is_in_force_unless_expired(
    portfolio: Portfolio,
) -> None:
    open_ended = strategy("open", None, None)
    expired = strategy("gone", None, None, status="expired")
    changed = with_strategies(portfolio, open_ended, expired)
    found = scope.strategies_in_force(changed, P("2016", "2016"), dt.date.today())
    assert found == [open_ended]


def test_no_strategy_in_force_falls_back_on_the_current_one(
    portfolio: Portfolio,
) -> None:
    only = strategy("only", "2020", "2024")
    changed = with_strategies(portfolio, only)
    assert scope.strategies_in_force(changed, P("1990", "1990"), dt.date.today()) == [
        only
    ]
    assert (
        scope.strategies_in_force(with_strategies(portfolio), None, dt.date.today())
        == []
    )


def test_partnerships_in_a_period_are_those_active_then(portfolio: Portfolio) -> None:
    def ids(period: Period | None, internal: bool = False) -> list[str]:
        request = ReportRequest(language="en", period=period, include_internal=internal)
        return [p.id for p in scope.partnerships_in(portfolio, request)]

    assert ids(None) == ["venskab-nordby"]
    assert ids(P("2015", "2015")) == ["venskab-nordby"]
    hidden = attrs.evolve(portfolio.partnerships[0], visibility="internal")
    changed = attrs.evolve(portfolio, partnerships=(hidden,))
    assert scope.partnerships_in(changed, ReportRequest(language="en")) == []
    assert scope.partnerships_in(
        changed, ReportRequest(language="en", include_internal=True)
    ) == [hidden]


def test_report_day_and_time_follow_the_request() -> None:
    request = ReportRequest(language="en", on=dt.date(2024, 1, 2))
    assert scope.report_day(request) == dt.date(2024, 1, 2)
    assert scope.report_time(request) == dt.datetime(2024, 1, 2, tzinfo=dt.UTC)
    assert scope.report_day(ReportRequest(language="en")) == dt.date.today()


def test_status_day_is_the_period_end_when_that_came_first() -> None:
    assert scope.status_day(P("2020", "2021"), dt.date(2024, 1, 1)) == dt.date(
        2021, 12, 31
    )
    assert scope.status_day(P("2020", "2030"), dt.date(2024, 1, 1)) == dt.date(
        2024, 1, 1
    )
    assert scope.status_day(None, dt.date(2024, 1, 1)) == dt.date(2024, 1, 1)
    assert scope.status_day(None) == dt.date.today()
