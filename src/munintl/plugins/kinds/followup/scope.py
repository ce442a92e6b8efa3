"""What a follow-up report covers: its period and body, updates and subjects.

A follow-up record fixes the period, the body it is addressed to and the
status updates; a draft takes the period and body from the request and has
no updates.  The subjects covered are the themes the body answers for in
the strategy in force, their goals, and the initiatives and partnerships
active in the period that serve them -- plus every subject with an update.

A follow-up that covers no fixed period (an ad-hoc review of one
relationship, a review an audit office asked for) covers exactly the
subjects it names, by a status update or a decision, as of its own date
(:attr:`~munintl.model.FollowUp.as_of`; the day it is rendered when it has
none); their history is read from the beginning up to that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from munintl.errors import ReportError
from munintl.i18n import _
from munintl.model import (
    FollowUp,
    Goal,
    Initiative,
    PartialDate,
    Partnership,
    PartnershipEvent,
    Period,
    Portfolio,
    StatusUpdate,
    Strategy,
    SubjectRef,
    Theme,
)
from munintl.model.dates import in_date_order
from munintl.reports.building.scope import (
    is_visible,
    strategies_in_force,
    strategy_for,
)
from munintl.reports.request import ReportRequest


def find_followup(portfolio: Portfolio, request: ReportRequest) -> FollowUp | None:
    """Return the follow-up ``request`` asks for, or None for a draft.

    Raise :class:`~munintl.reports.building.localize.ReportError` for a request with
    neither a follow-up nor a period or with both, an unknown or internal
    follow-up, or a body the follow-up is not addressed to.
    """
    if request.followup is None:
        if request.period is None:
            raise ReportError(
                _(
                    "the follow-up report needs a follow-up (--followup ID) or a"
                    " period (--year YEAR, optionally with --body ID)"
                )
            )
        return None
    if request.period is not None:
        raise ReportError(_("give either a follow-up or a period, not both"))
    followup = portfolio.followup(request.followup)
    if followup is None:
        known = ", ".join(f.id for f in portfolio.followups) or _("none")
        raise ReportError(
            _("there is no follow-up {id!r}; the portfolio has: {known}").format(
                id=request.followup, known=known
            )
        )
    if not is_visible(followup, request):
        raise ReportError(
            _(
                "the follow-up {id!r} is internal; ask for internal items"
                " (--include-internal) to report on it"
            ).format(id=followup.id)
        )
    if request.body is not None and request.body != followup.addressee:
        raise ReportError(
            _(
                "the follow-up {id!r} is addressed to {addressee!r}, not {body!r}"
            ).format(id=followup.id, addressee=followup.addressee, body=request.body)
        )
    return followup


@attrs.frozen(kw_only=True)
class FollowUpScope:
    """What a follow-up covers, in document order.

    ``updates`` holds the visible status updates by subject; ``sections``
    the initiatives under each theme's id, ``other`` those under no theme
    covered; ``undated`` those that would be covered but whose period is not
    given (and that have no update), so whether they ran in the period is not
    known.  ``day`` is the day every status and event is read on: the end
    of the period, or the follow-up's submission if that came first.
    ``strategies`` are the documents covered: the one the follow-up names,
    else every one in force in the period (``strategy`` is the first).

    ``period`` is the window looked at: the follow-up's period, or for one
    that covers no fixed period (``as_of`` is then its date) every day up
    to ``day``; ``named`` the subjects such a follow-up names (None for a
    follow-up of a period).
    """

    request: ReportRequest
    followup: FollowUp | None
    period: Period
    first: dt.date
    last: dt.date
    day: dt.date
    body: str | None
    updates: Mapping[SubjectRef, StatusUpdate]
    as_of: PartialDate | None = None
    named: frozenset[SubjectRef] | None = None
    strategy: Strategy | None
    strategies: tuple[Strategy, ...]
    themes: tuple[Theme, ...]
    goals: Mapping[str, tuple[Goal, ...]]
    sections: Mapping[str, tuple[Initiative, ...]]
    other: tuple[Initiative, ...]
    undated: tuple[Initiative, ...]
    partnerships: tuple[Partnership, ...]

    @property
    def ad_hoc(self) -> bool:
        """Tell whether the follow-up covers no fixed period, only what it names."""
        return self.as_of is not None

    @property
    def in_force(self) -> Period:
        """The period a document must be in force in to be covered.

        The follow-up's period, or the day of one covering no fixed period.
        """
        if self.as_of is None:
            return self.period
        day = PartialDate.from_date(self.day)
        return Period(start=day, end=day)

    @property
    def illustrative(self) -> bool:
        """Tell whether the follow-up as a whole is sample data."""
        return bool(self.followup and self.followup.illustrative)

    def initiatives(self) -> list[Initiative]:
        """List the initiatives covered: by theme, then those under no theme."""
        return [i for group in self.sections.values() for i in group] + list(self.other)

    def events(self, partnership: Partnership) -> list[PartnershipEvent]:
        """List the visible events of ``partnership`` in the period, in date order.

        An event counts when it may fall in the period and began by ``day``.
        """
        return _events(partnership, self.first, self.day, self.request)

    def initiative_status(self, initiative: Initiative) -> str | None:
        """The initiative's status on ``day``: its update's, else as its data tell.

        See :meth:`~munintl.model.Initiative.status_on`; None when not known.
        """
        update = self.updates.get(SubjectRef("initiative", initiative.id))
        if update is not None and update.status:
            return update.status
        return initiative.status_on(self.day)


def _events(
    partnership: Partnership, first: dt.date, last: dt.date, request: ReportRequest
) -> list[PartnershipEvent]:
    return in_date_order(
        (e for e in partnership.events_in(first, last) if is_visible(e, request)),
        lambda e: e.sort_key(),
    )


def _day(period: Period, followup: FollowUp | None) -> dt.date:
    """The day a follow-up reads statuses on: its period's end or its submission."""
    last = period.bounds()[1]
    if followup is not None and followup.submitted is not None:
        return min(last, followup.submitted.last_day)
    return last


def _as_of(followup: FollowUp, request: ReportRequest) -> PartialDate:
    """The date a follow-up covering no fixed period is read as of.

    Its own (:attr:`~munintl.model.FollowUp.as_of`), else the day the
    report is made as of (a draft review not yet dated).
    """
    return followup.as_of or PartialDate.from_date(request.on or dt.date.today())


def followup_scope(
    portfolio: Portfolio, request: ReportRequest, followup: FollowUp | None
) -> FollowUpScope:
    """Find what the follow-up ``followup`` covers, or a draft for ``request``.

    Raise :class:`~munintl.reports.building.localize.ReportError` for an unknown body.
    """
    as_of: PartialDate | None = None
    if followup is not None and followup.period is None:
        as_of = _as_of(followup, request)
        period: Period = Period(end=as_of)
        body: str | None = followup.addressee
    elif followup is not None and followup.period is not None:
        period = followup.period
        body = followup.addressee
    else:
        assert request.period is not None
        period = request.period
        body = request.body
    # A follow-up may be addressed to a body outside the municipality (an
    # audit office, as an organisation); a draft is made for one of its own.
    known_actor = portfolio.actor if followup is not None else portfolio.body
    if body is not None and known_actor(body) is None:
        known = ", ".join(b.id for b in portfolio.bodies) or _("none")
        raise ReportError(
            _("there is no body {body!r}; the portfolio has: {known}").format(
                body=body, known=known
            )
        )
    updates: dict[SubjectRef, StatusUpdate] = {}
    if followup is not None:
        for update in followup.updates:
            if is_visible(update, request):
                updates.setdefault(update.subject, update)
    finder = _Finder(portfolio, request, period, body, updates)
    if as_of is not None and followup is not None:
        finder.named = frozenset(followup.subjects)
    return finder.scope(followup, as_of)


class _Finder:
    """Choose the subjects a follow-up covers."""

    def __init__(
        self,
        portfolio: Portfolio,
        request: ReportRequest,
        period: Period,
        body: str | None,
        updates: dict[SubjectRef, StatusUpdate],
    ) -> None:
        self.portfolio = portfolio
        self.request = request
        self.period = period
        self.body = body
        self.updates = updates
        self.first, self.last = period.bounds()
        #: The subjects a follow-up covering no fixed period names: it
        #: covers them and nothing else.
        self.named: frozenset[SubjectRef] | None = None

    def _wanted(self, subject: SubjectRef) -> bool:
        """Tell whether a subject is covered whatever its period and body."""
        if self.named is not None:
            return subject in self.named
        return subject in self.updates

    def scope(
        self, followup: FollowUp | None, as_of: PartialDate | None = None
    ) -> FollowUpScope:
        strategies: list[Strategy]
        day = as_of.last_day if as_of is not None else _day(self.period, followup)
        # A follow-up covering no fixed period covers the documents in force
        # on its day, not every one in force before it.
        when = self.period if as_of is None else None
        if followup is not None and followup.strategy is not None:
            found = strategy_for(
                self.portfolio,
                when or Period(start=as_of, end=as_of),
                followup.strategy,
            )
            strategies = [found] if found is not None else []
        else:
            # Every document in force then: a strategy and a separate
            # partner-city policy, say.
            strategies = strategies_in_force(self.portfolio, when, day)
        body_ids: set[str] | None = None
        if self.body is not None:
            body_ids = {self.body, *self.portfolio.descendants_of(self.body)}
        themes = self._themes(strategies)
        goals = {
            t.id: tuple(g for g in t.goals if is_visible(g, self.request))
            for t in themes
        }
        sections, other, undated = self._initiatives_by_theme(themes, goals, body_ids)
        covered = [i for group in sections.values() for i in group] + other
        return FollowUpScope(
            request=self.request,
            followup=followup,
            period=self.period,
            first=self.first,
            last=self.last,
            day=day,
            body=self.body,
            updates=self.updates,
            as_of=as_of,
            named=self.named,
            strategy=strategies[0] if strategies else None,
            strategies=tuple(strategies),
            themes=themes,
            goals=goals,
            sections={k: tuple(v) for k, v in sections.items()},
            other=tuple(other),
            undated=tuple(undated),
            partnerships=self._partnerships({t.id for t in themes}, covered, body_ids),
        )

    def _themes(self, strategies: list[Strategy]) -> tuple[Theme, ...]:
        """Choose the themes covered, in strategy order.

        Those the body answers for (with their sub-themes) in the strategies
        in force, or every theme of them without a body, and any theme or
        goal's theme with an update.
        """
        portfolio = self.portfolio
        ordered = [t for strategy in strategies for t in strategy.all_themes()]
        if self.body is not None:
            in_strategy = {t.id for t in ordered}
            base = [
                t
                for t in portfolio.themes_for_body(self.body)
                if not in_strategy or t.id in in_strategy
            ]
            wanted = {sub.id for t in base for sub in t.walk()}
        else:
            wanted = {t.id for t in ordered}
        if self.named is not None:
            wanted = set()
        for subject in self.named if self.named is not None else self.updates:
            owner = (
                portfolio.theme(subject.id)
                if subject.kind == "theme"
                else portfolio.theme_of_goal(subject.id)
                if subject.kind == "goal"
                else None
            )
            if owner is not None:
                wanted.add(owner.id)
        extra = sorted(
            (t for _s, t in portfolio.all_themes() if t.id in wanted),
            key=lambda t: t.id,
        )
        themes: dict[str, Theme] = {}
        for theme in [*ordered, *extra]:
            if theme.id in wanted and is_visible(theme, self.request):
                themes.setdefault(theme.id, theme)
        return tuple(themes.values())

    def _initiatives_by_theme(
        self,
        themes: tuple[Theme, ...],
        goals: dict[str, tuple[Goal, ...]],
        body_ids: set[str] | None,
    ) -> tuple[dict[str, list[Initiative]], list[Initiative], list[Initiative]]:
        """Place each initiative covered under its first theme covered.

        An initiative is covered when it has an update, or is active in the
        period and serves a theme or goal covered or is run by the body.  One
        that would be covered but whose period is not given (and has no
        update) goes to the third list: whether it ran then is not known.
        """
        theme_ids = {t.id for t in themes}
        goal_theme = {g.id: tid for tid, gs in goals.items() for g in gs}
        sections: dict[str, list[Initiative]] = {t.id: [] for t in themes}
        other: list[Initiative] = []
        undated: list[Initiative] = []
        for initiative in self.portfolio.initiatives:
            if not is_visible(initiative, self.request):
                continue
            concerns = body_ids is None or bool(
                theme_ids.intersection(initiative.themes)
                or goal_theme.keys() & set(initiative.goals)
                or body_ids.intersection(initiative.responsible)
            )
            if not self._wanted(SubjectRef("initiative", initiative.id)):
                if not concerns or self.named is not None:
                    continue
                if not initiative.has_period:
                    undated.append(initiative)
                    continue
                if not initiative.is_active_in(self.period):
                    continue
            home = next((t for t in initiative.themes if t in sections), None)
            if home is None:
                home = next(
                    (goal_theme[g] for g in initiative.goals if g in goal_theme), None
                )
            (sections[home] if home is not None else other).append(initiative)
        return sections, other, undated

    def _partnerships(
        self,
        theme_ids: set[str],
        covered: list[Initiative],
        body_ids: set[str] | None,
    ) -> tuple[Partnership, ...]:
        """Choose the partnerships covered.

        Those with an update, and those active in the period that work in a
        theme covered, carry an initiative covered or had an event in the
        period decided by the body.
        """
        linked = {i.partnership for i in covered if i.partnership}
        active = {p.id for p in self.portfolio.partnerships_active_in(self.period)}
        chosen: list[Partnership] = []
        for partnership in self.portfolio.partnerships:
            if not is_visible(partnership, self.request):
                continue
            if not self._wanted(SubjectRef("partnership", partnership.id)) and (
                self.named is not None
                or partnership.id not in active
                or (
                    body_ids is not None
                    and not theme_ids.intersection(partnership.areas)
                    and partnership.id not in linked
                    and not any(
                        e.decided_by in body_ids
                        for e in _events(
                            partnership, self.first, self.last, self.request
                        )
                    )
                )
            ):
                continue
            chosen.append(partnership)
        return tuple(chosen)
