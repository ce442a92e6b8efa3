"""Choose what a report covers: visible items, the strategy, what is active.

A public report leaves out what is marked internal (:func:`is_visible`);
a report for a period covers the strategy in force and what is active in
that period.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from munintl.model import Entity, Initiative, Partnership, Period, Portfolio, Strategy

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
    """List the visible initiatives, those active in the request's period if any."""
    period = request.period
    return [
        i
        for i in portfolio.initiatives
        if is_visible(i, request) and (period is None or i.is_active_in(period))
    ]


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


def status_day(period: Period | None) -> dt.date:
    """Return the day to read statuses on: the end of ``period`` if past, else today."""
    today = dt.date.today()
    return min(period.bounds()[1], today) if period is not None else today
