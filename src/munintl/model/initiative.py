"""What the municipality does: projects, networks, services, exchanges."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs

from munintl.model.dates import N_, FieldValueError, PartialDate, Period, Recurrence
from munintl.model.strategy import Indicator
from munintl.model.text import LocalizedText
from munintl.model.values import (
    CodeRef,
    Entity,
    Link,
    Money,
    Source,
    check_whole_number,
    code,
    ident,
    line_text,
    many,
    optional_code,
    plain_line,
    ref,
    refs,
    text,
)


def _check_partner(instance: Participation, _attribute: Any, _value: Any) -> None:
    if (instance.organisation is None) == (instance.count is None):
        raise FieldValueError(
            "organisation",
            N_(
                "a participation names either an organisation or, where the"
                " partners are not named, a count (e.g. count: 9)"
            ),
        )
    if instance.count is not None and instance.count < 1:
        raise FieldValueError(
            "count", N_("count must be at least 1, not {count}"), count=instance.count
        )
    if instance.count is not None:
        check_whole_number("count", instance.count)


@attrs.frozen(kw_only=True)
class Participation:
    """A partner in an initiative: a named actor, or a count of unnamed ones.

    ``organisation`` refers to an *actor*: an organisation, one of the
    municipality's bodies (a municipal company that is also a partner) or
    the municipality itself.
    Where the strategy only says "9 other European municipalities", give
    ``count: 9`` and a ``description`` instead; ``includes`` names the
    partners listed elsewhere that are among the counted ones, so they are
    not counted twice.  ``role`` is left out where the source does not say
    what the partner does; reports then say the role is not given.
    """

    organisation: str | None = ref(to="actors")
    count: int | None = attrs.field(default=None, validator=_check_partner)
    includes: tuple[str, ...] = refs(to="actors")
    description: LocalizedText = text()
    role: str | None = optional_code("organisation-role")
    lead: bool = False
    sources: tuple[Source, ...] = many()


@attrs.frozen(kw_only=True)
class FundingLine:
    """Money for an initiative from one funder or programme, in one phase.

    ``period`` is when the money runs; a line without one runs for its
    initiative's period (see :meth:`Initiative.funding_in`).  ``funder`` is
    any actor: an organisation, or the municipality or one of its bodies
    for its own co-financing.
    """

    funder: str | None = ref(to="actors")
    programme: str | None = optional_code("funding-programme")
    amount: Money | None = None
    phase: str | None = plain_line()
    period: Period | None = None
    note: LocalizedText = text()
    sources: tuple[Source, ...] = many()


@attrs.frozen(kw_only=True)
class Result:
    """An output, outcome or impact, with an optional indicator."""

    type: str = code("result-type", "output")
    title: LocalizedText = line_text()
    description: LocalizedText = text()
    indicator: Indicator | None = None
    sources: tuple[Source, ...] = many()


#: Initiative statuses that say the work has stopped: a report for a day
#: before the initiative's end reads it as still under way.
ENDING_STATUSES: frozenset[str] = frozenset({"finalisation", "closed", "cancelled"})


@attrs.frozen(kw_only=True)
class Initiative(Entity):
    """A project, programme, network membership, service, event, exchange, ...

    ``themes`` and ``goals`` point at the strategy it serves; ``parent`` at
    the programme it is part of; ``partnership`` at the twinning or agreement
    it is carried out in; ``plans`` at the action plans (documents of a
    strategy) that list it among their actions.  ``responsible`` names
    actors: usually bodies of the municipality, but an external organisation
    that leads the work may be named too (the same id as in a participation).
    ``status`` and ``period`` are left out where they are not known; an
    initiative without a period is not taken as active in any period
    (validation warns about it), and without a status its status is not
    given.  ``status`` is the status as of today unless
    ``status_as_of`` gives the date it was recorded for (a strategy's
    description of its projects holds as of the strategy's time).

    A recurring initiative (an exchange held every second year, an annual
    delegation) has a ``recurrence``: it is active in a period only where
    one of its occurrences falls, counted from the start of its period (or
    the recurrence's own).
    """

    id: str = ident()
    title: LocalizedText = line_text()
    acronym: str | None = plain_line()
    kind: str = code("initiative-kind")
    status: str | None = optional_code("initiative-status")
    status_as_of: PartialDate | None = None
    period: Period | None = None
    recurrence: Recurrence | None = None
    summary: LocalizedText = text()
    description: LocalizedText = text()
    themes: tuple[str, ...] = refs(to="themes")
    goals: tuple[str, ...] = refs(to="goals")
    responsible: tuple[str, ...] = refs(to="actors")
    participations: tuple[Participation, ...] = many()
    funding: tuple[FundingLine, ...] = many()
    parent: str | None = ref(to="initiatives")
    partnership: str | None = ref(to="partnerships")
    plans: tuple[str, ...] = refs(to="documents")
    results: tuple[Result, ...] = many()
    links: tuple[Link, ...] = many()
    classifications: tuple[CodeRef, ...] = many()

    @property
    def has_period(self) -> bool:
        """Tell whether the initiative's period is given (at least one end).

        A recurrence with a period of its own gives one too.
        """
        # Asked for every status update a rule checks: no generator here.
        period = self.period
        if period is not None and (period.start is not None or period.end is not None):
            return True
        period = self.recurrence.period if self.recurrence else None
        return period is not None and (
            period.start is not None or period.end is not None
        )

    def is_active_in(self, period: Period) -> bool:
        """Tell whether the initiative may run in ``period``.

        An initiative whose period is not given is not counted as active in
        any period: when it ran is not known.  A recurring one is active
        where one of its occurrences may fall (see :meth:`occurrences_in`).
        """
        return self.is_active_on(period, period.bounds())

    def is_active_on(self, period: Period, days: tuple[dt.date, dt.date]) -> bool:
        """:meth:`is_active_in` ``period``, whose :meth:`~Period.bounds` are ``days``.

        For asking about many initiatives in one period.
        """
        if self.recurrence is not None:
            return bool(self.occurrences_in(period))
        return (
            self.has_period
            and self.period is not None
            and self.period.overlaps_days(*days)
        )

    def occurrences_in(self, period: Period) -> tuple[PartialDate, ...]:
        """The occurrences of a recurring initiative that may fall in ``period``.

        Counted from the recurrence's own start, else the start of the
        initiative's period, every ``every`` years up to the end of either;
        none for an initiative that does not recur.
        """
        if self.recurrence is None:
            return ()
        own = self.period or Period()
        return self.recurrence.occurrences(own.start, own.end, period)

    def occurrence_years(self) -> range | None:
        """The years a recurring initiative's occurrences fall in (None: no recurrence).

        Active in year Y exactly when Y is in the range (see
        :meth:`munintl.model.Recurrence.years`).
        """
        if self.recurrence is None:
            return None
        own = self.period or Period()
        return self.recurrence.years(own.start, own.end)

    def status_on(  # noqa: PLR0911 - one return per case the docstring lists
        self, day: dt.date, *, today: dt.date | None = None
    ) -> str | None:
        """The initiative's status on ``day``, as far as its data tell.

        ``status`` is the status as recorded: as of the last day of
        ``status_as_of`` when given, else as of ``today`` (the real today if
        not given), and it holds for ``day`` on or after that -- except
        that a status recorded as of a past date (``status_as_of``) says
        nothing of later days unless it says the work stopped (closed,
        cancelled, finalisation): "implementation" in a strategy of 2010 is
        not known to hold in 2025 (None).  For an earlier day, a status that
        says the work stopped holds only once the period's end has surely
        passed: before it, an initiative that had begun reads
        ``implementation``, and one that had not begun, or whose end is not
        given, has no known status (None).  An initiative that is under way
        now but had not begun on ``day`` has no known status either.
        """
        status = self.status
        if status is None:
            return None
        if self.status_as_of is not None:
            recorded = self.status_as_of.last_day
            if day > recorded:
                return status if status in ENDING_STATUSES else None
        else:
            recorded = today or dt.date.today()
        if day >= recorded:
            return status
        start = self.period.start if self.period else None
        end = self.period.end if self.period else None
        begun = start is None or start.first_day <= day
        if status in ENDING_STATUSES:
            if end is None:
                return None
            if end.last_day <= day:
                return status
            return "implementation" if begun and start is not None else None
        if status != "pipeline" and not begun:
            return None
        return status

    def funding_in(self, period: Period) -> tuple[FundingLine, ...]:
        """The funding lines that run in ``period``.

        A line runs when its own period, or without one its initiative's,
        overlaps ``period``; a line with neither is left out, as when its
        money runs is not known.
        """
        lines = []
        for line in self.funding:
            own = line.period or (self.period if self.has_period else None)
            if own is not None and own.overlaps(period):
                lines.append(line)
        return tuple(lines)

    def funding_by(self, day: dt.date) -> tuple[FundingLine, ...]:
        """The funding lines that had begun by ``day`` (or whose dates are not given).

        A line dated wholly after ``day`` (money approved later) is left out.
        """
        lines = []
        for line in self.funding:
            own = line.period or (self.period if self.has_period else None)
            if own is not None and own.start is not None and own.start.first_day > day:
                continue
            lines.append(line)
        return tuple(lines)

    def partner_count(self, shown: Callable[[str], bool] | None = None) -> int:
        """Named partners plus the counts of unnamed ones, each partner once.

        A named partner that a count ``includes`` is not added again (a
        lead partner named and counted among "9 other municipalities" is
        one of the nine).  *shown*, when given, says whether a named
        partner that no count includes is counted (a report leaves out the
        partners it does not show).
        """
        counted = {party for p in self.participations for party in p.includes}
        total = 0
        for p in self.participations:
            if p.count is not None:
                total += p.count
            elif p.organisation is not None and p.organisation not in counted:
                total += 1 if shown is None or shown(p.organisation) else 0
        return total
