"""Who owes what in a follow-up round: the follow-up, its subjects, their departments.

The yearly follow-up to a body is prepared by departments (the follow-up's
``prepared_by``, else its strategy's ``follow_up.prepared_by``).  Each
subject the follow-up covers -- the themes the body answers for with their
goals, and the initiatives and partnerships active in the year that serve
them -- is answered for by the departments responsible for it (or for a
body under them); a subject no preparing department is responsible for
goes to the first, the *lead* department, which also owes the summary and
the recommendation.

A follow-up that covers no fixed period (an ad-hoc review) has no round:
its updates are written into it directly, and it is submitted, decided and
corrected as any other (``round_year`` refuses it with a reason).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs

from munintl.errors import MunintlError
from munintl.i18n import _
from munintl.model import (
    FollowUp,
    Initiative,
    PartialDate,
    Period,
    Portfolio,
    Strategy,
    SubjectRef,
    Theme,
)
from munintl.reports.building.scope import strategies_in_force

__all__ = [
    "Assignment",
    "RoundError",
    "RoundPlan",
    "SubjectFacts",
    "current_followup",
    "followups_of_year",
    "plan_round",
    "previous_followup",
    "round_year",
]


class RoundError(MunintlError):
    """A follow-up round cannot be run as asked (no follow-up, no departments)."""


@attrs.frozen(kw_only=True)
class SubjectFacts:
    """What a form shows about one subject besides its update.

    ``start`` and ``end`` are the subject's period (initiatives); ``amount``
    the total of its funding lines when they share one ``currency``.
    ``responsible`` are the bodies named as answering for it.
    """

    subject: SubjectRef
    title: Mapping[str, str]
    start: dt.date | None = None
    end: dt.date | None = None
    amount: Decimal | None = None
    currency: str | None = None
    status: str | None = None
    responsible: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Assignment:
    """One department's share of the round: its subjects, and the narrative if lead."""

    department: str
    subjects: tuple[SubjectRef, ...]
    lead: bool


@attrs.frozen(kw_only=True)
class RoundPlan:
    """A follow-up round: the follow-up, last year's, the subjects and who owes them.

    ``created`` is true when the follow-up is a new draft the plan made
    (the caller saves it).
    """

    followup: FollowUp
    created: bool
    previous: FollowUp | None
    subjects: Mapping[SubjectRef, SubjectFacts]
    assignments: tuple[Assignment, ...]

    @property
    def year(self) -> int:
        """The year the follow-up covers (the year its period starts)."""
        return round_year(self.followup)

    def assignment(self, department: str) -> Assignment:
        """The share of ``department``; raise :class:`RoundError` if it has none."""
        for assignment in self.assignments:
            if assignment.department == department:
                return assignment
        known = ", ".join(a.department for a in self.assignments)
        raise RoundError(
            _(
                "{department!r} does not prepare the follow-up {followup!r}; the"
                " preparing departments are: {known}"
            ).format(department=department, followup=self.followup.id, known=known)
        )

    def owners(self, subject: SubjectRef) -> tuple[str, ...]:
        """The departments that answer for ``subject``."""
        return tuple(a.department for a in self.assignments if subject in a.subjects)


def _period(followup: FollowUp) -> Period:
    """The follow-up's period; :class:`RoundError` when it has none, or no start."""
    if followup.period is None:
        raise RoundError(
            _(
                "the follow-up {followup!r} covers no fixed period, so it has no"
                " round of forms (prepare, collect, status and remind are for the"
                " follow-up of a year); write a status update into it for each"
                " subject it reviews, see it with munintl report --followup"
                " {followup} -f markdown and submit it with munintl followup"
                " submit"
                " --followup {followup}"
            ).format(followup=followup.id)
        )
    if followup.period.start is None:
        # Else its round would be for the year 1 (the first day there is).
        raise RoundError(
            _(
                "the period of follow-up {followup!r} has no start, so it is no"
                " year's round; write when it starts (for example 'start: 2024')"
            ).format(followup=followup.id)
        )
    return followup.period


def round_year(followup: FollowUp) -> int:
    """The year a follow-up's round is for: the year its period starts.

    Raise :class:`RoundError` for a follow-up that covers no fixed period.
    """
    return _period(followup).bounds()[0].year


def _revised(portfolio: Portfolio) -> set[str]:
    return {f.revises for f in portfolio.followups if f.revises}


def _is_year(period: Period | None, year: int) -> bool:
    return period is not None and period.bounds() == Period.year(year).bounds()


def current_followup(
    portfolio: Portfolio, year: int, body: str | None = None
) -> FollowUp | None:
    """The follow-up for ``year`` (to ``body``), its latest revision; None if none.

    Raise :class:`RoundError` when several follow-ups to different bodies
    cover the year and no body is given.
    """
    revised = _revised(portfolio)
    found = [
        f
        for f in portfolio.followups
        if _is_year(f.period, year)
        and f.id not in revised
        and (body is None or f.addressee == body)
    ]
    if len(found) > 1:
        raise RoundError(
            _("several follow-ups cover {year}: {ids}; choose one with --body").format(
                year=year, ids=", ".join(f"{f.id} ({f.addressee})" for f in found)
            )
        )
    return found[0] if found else None


def followups_of_year(portfolio: Portfolio, year: int) -> list[FollowUp]:
    """Every follow-up for ``year``, to any body, each its latest revision."""
    revised = _revised(portfolio)
    return sorted(
        (
            f
            for f in portfolio.followups
            if _is_year(f.period, year) and f.id not in revised
        ),
        key=lambda f: (f.addressee, f.id),
    )


def previous_followup(portfolio: Portfolio, followup: FollowUp) -> FollowUp | None:
    """Last year's follow-up to the same body (its latest revision), if any."""
    year = round_year(followup) - 1
    revised = _revised(portfolio)
    for candidate in portfolio.followups:
        if (
            _is_year(candidate.period, year)
            and candidate.addressee == followup.addressee
            and candidate.id not in revised
        ):
            return candidate
    return None


def _strategy(
    portfolio: Portfolio, period: Period, named: str | None
) -> list[Strategy]:
    if named is not None:
        strategy = portfolio.strategy(named)
        return [strategy] if strategy is not None else []
    return strategies_in_force(portfolio, period, period.bounds()[1])


def _new_draft(
    portfolio: Portfolio, year: int, body: str | None, strategies: list[Strategy]
) -> FollowUp:
    rule = next((s.follow_up for s in strategies if s.follow_up), None)
    if body is None:
        addressed = rule.addressed_to if rule else ()
        if len(addressed) != 1:
            raise RoundError(
                _(
                    "there is no follow-up for {year} yet; name the body it goes to"
                    " with --body"
                ).format(year=year)
            )
        body = addressed[0]
    if portfolio.body(body) is None:
        known = ", ".join(b.id for b in portfolio.bodies) or "-"
        raise RoundError(
            _("there is no body {body!r}; the portfolio has: {known}").format(
                body=body, known=known
            )
        )
    return FollowUp(
        id=f"followup-{year}-{body}",
        period=Period.year(year),
        addressee=body,
        prepared_by=rule.prepared_by if rule else (),
        strategy=strategies[0].id if strategies else None,
    )


def _departments(
    portfolio: Portfolio, followup: FollowUp, strategies: list[Strategy]
) -> tuple[str, ...]:
    if followup.prepared_by:
        return followup.prepared_by
    for strategy in strategies:
        if strategy.follow_up and strategy.follow_up.prepared_by:
            return strategy.follow_up.prepared_by
    raise RoundError(
        _(
            "the follow-up {followup!r} names no preparing departments; list them"
            " under prepared_by"
        ).format(followup=followup.id)
    )


def _themes(portfolio: Portfolio, body: str, strategies: list[Strategy]) -> list[Theme]:
    in_strategies = [t for s in strategies for t in s.all_themes()]
    wanted = {
        sub.id
        for theme in portfolio.themes_for_body(body)
        for sub in theme.walk()
        if not in_strategies or theme in in_strategies
    }
    return [t for t in in_strategies if t.id in wanted] or [
        t for _s, t in portfolio.all_themes() if t.id in wanted
    ]


def _funding(initiative: Initiative) -> tuple[Decimal | None, str | None]:
    amounts = [line.amount for line in initiative.funding if line.amount is not None]
    currencies = {money.currency for money in amounts}
    if len(currencies) != 1:  # amounts in different currencies are never added
        return None, None
    total = sum((money.amount for money in amounts), Decimal(0))
    return total, currencies.pop()


def _facts(
    portfolio: Portfolio, followup: FollowUp, subjects: Iterable[SubjectRef]
) -> dict[SubjectRef, SubjectFacts]:
    day = _period(followup).bounds()[1]
    facts: dict[SubjectRef, SubjectFacts] = {}
    for subject in subjects:
        title: Mapping[str, str] = {}
        extra: dict[str, object] = {}
        if subject.kind == "theme":
            theme = portfolio.theme(subject.id)
            if theme is not None:
                title, extra["responsible"] = theme.title.values, theme.responsible
        elif subject.kind == "goal":
            goal, owner = (
                portfolio.goal(subject.id),
                portfolio.theme_of_goal(subject.id),
            )
            if goal is not None:
                title = goal.statement.values
            if owner is not None:
                extra["responsible"] = owner.responsible
        elif subject.kind == "initiative":
            initiative = portfolio.initiative(subject.id)
            if initiative is not None:
                title = initiative.title.values
                extra["responsible"] = initiative.responsible
                extra["status"] = initiative.status_on(day)
                if initiative.period is not None:
                    start, end = initiative.period.start, initiative.period.end
                    extra["start"] = _day(start, first=True)
                    extra["end"] = _day(end, first=False)
                extra["amount"], extra["currency"] = _funding(initiative)
        else:
            partnership = portfolio.partnership(subject.id)
            if partnership is not None:
                title = partnership.title.values
                carried = {
                    body
                    for i in portfolio.initiatives
                    if i.partnership == partnership.id
                    for body in i.responsible
                }
                for area in partnership.areas:
                    theme = portfolio.theme(area)
                    carried.update(theme.responsible if theme else ())
                extra["responsible"] = tuple(sorted(carried))
        facts[subject] = SubjectFacts(subject=subject, title=title, **extra)  # type: ignore[arg-type]
    return facts


def _day(value: PartialDate | None, *, first: bool) -> dt.date | None:
    if value is None:
        return None
    return value.first_day if first else value.last_day


def _subjects(
    portfolio: Portfolio,
    followup: FollowUp,
    strategies: list[Strategy],
    previous: FollowUp | None,
) -> list[SubjectRef]:
    period = _period(followup)
    body = followup.addressee
    body_ids = {body, *portfolio.descendants_of(body)}
    themes = _themes(portfolio, body, strategies)
    theme_ids = {t.id for t in themes}
    goal_ids = {g.id for t in themes for g in t.goals}
    subjects = [SubjectRef("theme", t.id) for t in themes]
    subjects += [SubjectRef("goal", g.id) for t in themes for g in t.goals]
    initiatives = [
        i
        for i in portfolio.initiatives_active_in(period)
        if theme_ids.intersection(i.themes)
        or goal_ids.intersection(i.goals)
        or body_ids.intersection(i.responsible)
    ]
    subjects += [SubjectRef("initiative", i.id) for i in initiatives]
    carried = {i.partnership for i in initiatives if i.partnership}
    subjects += [
        SubjectRef("partnership", p.id)
        for p in portfolio.partnerships_active_in(period)
        if theme_ids.intersection(p.areas) or p.id in carried
    ]
    for update in followup.updates:
        if update.subject not in subjects:
            subjects.append(update.subject)
    # What was reported on last year is asked about again while it runs.
    active = {
        SubjectRef("initiative", i.id) for i in portfolio.initiatives_active_in(period)
    }
    active |= {
        SubjectRef("partnership", p.id)
        for p in portfolio.partnerships_active_in(period)
    }
    for update in previous.updates if previous else ():
        if update.subject in active and update.subject not in subjects:
            subjects.append(update.subject)
    return subjects


def plan_round(portfolio: Portfolio, year: int, body: str | None = None) -> RoundPlan:
    """Plan the follow-up round for ``year`` (to ``body``) in ``portfolio``.

    Use the follow-up for the year if there is one (its latest revision),
    else make a draft addressed to ``body`` (or to the one body the
    strategy's follow-up rule names).  Raise :class:`RoundError` when the
    body is unknown or not given where it is needed, or no department
    prepares the follow-up.
    """
    followup = current_followup(portfolio, year, body)
    created = followup is None
    period = Period.year(year)
    if followup is None:
        strategies = _strategy(portfolio, period, None)
        followup = _new_draft(portfolio, year, body, strategies)
    else:
        strategies = _strategy(portfolio, _period(followup), followup.strategy)
    departments = _departments(portfolio, followup, strategies)
    previous = previous_followup(portfolio, followup)
    subjects = _subjects(portfolio, followup, strategies, previous)
    facts = _facts(portfolio, followup, subjects)
    below = {d: {d, *portfolio.descendants_of(d)} for d in departments}
    shares: dict[str, list[SubjectRef]] = {d: [] for d in departments}
    for subject in subjects:
        owners = [
            d for d in departments if below[d].intersection(facts[subject].responsible)
        ] or [departments[0]]
        for owner in owners:
            shares[owner].append(subject)
    assignments = tuple(
        Assignment(department=d, subjects=tuple(shares[d]), lead=i == 0)
        for i, d in enumerate(departments)
    )
    return RoundPlan(
        followup=followup,
        created=created,
        previous=previous,
        subjects=facts,
        assignments=assignments,
    )
