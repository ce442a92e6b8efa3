"""Choose what a report covers: visible items, the strategy, what is active.

A public report leaves out what is marked internal (:func:`is_visible`);
a report for a period covers the strategy in force and what is active in
that period.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from munintl.model import (
    Entity,
    Initiative,
    PartialDate,
    Partnership,
    Period,
    Portfolio,
    Strategy,
)

if TYPE_CHECKING:
    from munintl.reports.request import ReportRequest


def is_visible(entity: Entity, request: ReportRequest) -> bool:
    """Tell whether ``entity`` may appear in a report for ``request``."""
    return request.include_internal or entity.visibility != "internal"


def strategy_for(
    portfolio: Portfolio, period: Period | None, strategy_id: str | None = None
) -> Strategy | None:
    """Choose the strategy a report concerns.

    That is the one named, else the current one if it is in force in
    ``period``, else the newest in force then, else the current one.
    """
    if strategy_id is not None:
        found = portfolio.strategy(strategy_id)
        if found is not None:
            return found
    current = portfolio.strategy()
    if period is None:
        return current
    if current is not None and (
        current.period is None or current.period.overlaps(period)
    ):
        return current
    in_force = [
        s for s in portfolio.strategies if s.period and s.period.overlaps(period)
    ]
    if in_force:
        return max(
            in_force, key=lambda s: s.period.bounds()[0] if s.period else dt.date.min
        )
    return current


def initiatives_in(portfolio: Portfolio, request: ReportRequest) -> list[Initiative]:
    """List the visible initiatives, those active in the request's period if any.

    With a period, an initiative whose own period is not given is not among
    them (see :func:`initiatives_without_period`).
    """
    period = request.period
    return [
        i
        for i in portfolio.initiatives
        if is_visible(i, request) and (period is None or i.is_active_in(period))
    ]


def initiatives_without_period(
    portfolio: Portfolio, request: ReportRequest
) -> list[Initiative]:
    """List the visible initiatives whose period is not given, for a period report.

    Whether they ran in the request's period is not known, so a report lists
    them apart ("period not given"); without a period in the request there
    are none to set apart.
    """
    if request.period is None:
        return []
    return [
        i for i in portfolio.initiatives if is_visible(i, request) and not i.has_period
    ]


def strategies_in_force(
    portfolio: Portfolio, period: Period | None, day: dt.date
) -> list[Strategy]:
    """List every strategy document in force in ``period`` (on ``day`` without one).

    A strategy is in force when it has been adopted (it is not a draft or
    in consultation), its period overlaps -- one without a period, unless
    its status says it is superseded or expired -- and no other strategy in
    force supersedes it.  The one :func:`strategy_for` chooses for that time
    comes first, the others follow in the order of their start.  When none
    is in force, the list holds the one :func:`strategy_for` falls back on,
    if any.
    """
    when = (
        period
        if period is not None
        else Period(start=PartialDate.from_date(day), end=PartialDate.from_date(day))
    )
    found = [
        s
        for s in portfolio.strategies
        if s.status not in {"draft", "consultation"}
        and (
            s.period.overlaps(when)
            if s.period is not None
            else s.status not in {"superseded", "expired"}
        )
    ]
    superseded = {s.supersedes for s in found if s.supersedes}
    found = [s for s in found if s.id not in superseded]
    main = strategy_for(portfolio, when)
    if not found:
        return [main] if main is not None else []
    ordered = sorted(
        found, key=lambda s: (s.period.bounds()[0] if s.period else dt.date.min, s.id)
    )
    if main is None or main not in ordered:
        return ordered
    return [main, *(s for s in ordered if s is not main)]


def partnerships_in(portfolio: Portfolio, request: ReportRequest) -> list[Partnership]:
    """List the visible partnerships, those active in the request's period if any."""
    period = request.period
    active = (
        {p.id for p in portfolio.partnerships_active_in(period)}
        if period is not None
        else None
    )
    return [
        p
        for p in portfolio.partnerships
        if is_visible(p, request) and (active is None or p.id in active)
    ]


def report_day(request: ReportRequest) -> dt.date:
    """Return the day a report is made as of: the request's ``on``, else today."""
    return request.on or dt.date.today()


def report_time(request: ReportRequest) -> dt.datetime:
    """Return the time a report is dated: midnight UTC of :func:`report_day`.

    A report made twice as of the same day is dated the same, so the same
    data gives the same bytes.
    """
    return dt.datetime.combine(report_day(request), dt.time(), tzinfo=dt.UTC)


def status_day(period: Period | None, on: dt.date | None = None) -> dt.date:
    """Return the day to read statuses on: ``on``, or ``period``'s end if earlier.

    ``on`` defaults to today.
    """
    day = on or dt.date.today()
    return min(period.bounds()[1], day) if period is not None else day
