"""The root of the model: one municipality's international work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from typing import Protocol, TypeVar

import attrs

from munintl.model.dates import Period
from munintl.model.followup import FollowUp, SubjectRef
from munintl.model.initiative import Initiative
from munintl.model.organisation import Body, Municipality, Organisation
from munintl.model.partnership import LEFT_STATUSES, Partnership
from munintl.model.strategy import Goal, Strategy, Theme


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_HasId)


def _by_id(items: Iterable[_T]) -> tuple[_T, ...]:
    # Top-level collections are kept in id order: the order a directory of
    # one file per entity lists them in, so load -> save -> load is equal.
    return tuple(sorted(items, key=lambda item: item.id))


def _index(items: Iterable[_T]) -> dict[str, _T]:
    index: dict[str, _T] = {}
    for item in items:
        index.setdefault(item.id, item)
    return index


# One typed converter per collection: mypy's attrs plugin cannot bind the type
# variable of a generic converter, so ``Portfolio(bodies=[...])`` would not
# type-check against ``_by_id`` itself.


def _bodies(items: Iterable[Body]) -> tuple[Body, ...]:
    return _by_id(items)


def _organisations(items: Iterable[Organisation]) -> tuple[Organisation, ...]:
    return _by_id(items)


def _strategies(items: Iterable[Strategy]) -> tuple[Strategy, ...]:
    return _by_id(items)


def _initiatives(items: Iterable[Initiative]) -> tuple[Initiative, ...]:
    return _by_id(items)


def _partnerships(items: Iterable[Partnership]) -> tuple[Partnership, ...]:
    return _by_id(items)


def _followups(items: Iterable[FollowUp]) -> tuple[FollowUp, ...]:
    return _by_id(items)


@attrs.frozen(kw_only=True)
class Portfolio:
    """One municipality's international work.

    Initiatives and partnerships belong to the portfolio, not to a strategy:
    a twinning from 1993 spans several strategies.  Collections of entities
    are tuples kept in id order.
    """

    municipality: Municipality
    bodies: tuple[Body, ...] = attrs.field(factory=tuple, converter=_bodies)
    organisations: tuple[Organisation, ...] = attrs.field(
        factory=tuple, converter=_organisations
    )
    strategies: tuple[Strategy, ...] = attrs.field(factory=tuple, converter=_strategies)
    initiatives: tuple[Initiative, ...] = attrs.field(
        factory=tuple, converter=_initiatives
    )
    partnerships: tuple[Partnership, ...] = attrs.field(
        factory=tuple, converter=_partnerships
    )
    followups: tuple[FollowUp, ...] = attrs.field(factory=tuple, converter=_followups)

    # -- lookups -----------------------------------------------------------

    @cached_property
    def _themes(self) -> dict[str, tuple[Strategy, Theme]]:
        index: dict[str, tuple[Strategy, Theme]] = {}
        for strategy in self.strategies:
            for theme in strategy.all_themes():
                index.setdefault(theme.id, (strategy, theme))
        return index

    @cached_property
    def _goals(self) -> dict[str, tuple[Theme, Goal]]:
        index: dict[str, tuple[Theme, Goal]] = {}
        for strategy in self.strategies:
            for theme, goal in strategy.all_goals():
                index.setdefault(goal.id, (theme, goal))
        return index

    @cached_property
    def _bodies(self) -> dict[str, Body]:
        return _index(self.bodies)

    @cached_property
    def _organisations(self) -> dict[str, Organisation]:
        return _index(self.organisations)

    @cached_property
    def _initiatives(self) -> dict[str, Initiative]:
        return _index(self.initiatives)

    @cached_property
    def _partnerships(self) -> dict[str, Partnership]:
        return _index(self.partnerships)

    def body(self, id: str) -> Body | None:
        """The body with ``id``."""
        return self._bodies.get(id)

    def organisation(self, id: str) -> Organisation | None:
        """The organisation with ``id``."""
        return self._organisations.get(id)

    def initiative(self, id: str) -> Initiative | None:
        """The initiative with ``id``."""
        return self._initiatives.get(id)

    def partnership(self, id: str) -> Partnership | None:
        """The partnership with ``id``."""
        return self._partnerships.get(id)

    def strategy(self, id: str | None = None) -> Strategy | None:
        """The strategy with ``id``; without one, the current strategy.

        The current strategy is the newest that no other supersedes and whose
        status is not ``superseded`` or ``expired``.
        """
        if id is not None:
            return next((s for s in self.strategies if s.id == id), None)
        superseded = {s.supersedes for s in self.strategies if s.supersedes}
        current = [
            s
            for s in self.strategies
            if s.id not in superseded and s.status not in {"superseded", "expired"}
        ]
        pool = current or list(self.strategies)
        if not pool:
            return None
        return max(
            pool, key=lambda s: s.period.bounds()[0] if s.period else dt.date.min
        )

    def theme(self, id: str) -> Theme | None:
        """The theme with ``id`` in any strategy."""
        found = self._themes.get(id)
        return found[1] if found else None

    def goal(self, id: str) -> Goal | None:
        """The goal with ``id`` in any strategy."""
        found = self._goals.get(id)
        return found[1] if found else None

    def theme_of_goal(self, goal_id: str) -> Theme | None:
        """The theme that sets the goal ``goal_id``."""
        found = self._goals.get(goal_id)
        return found[0] if found else None

    def followup(self, id: str) -> FollowUp | None:
        """The follow-up with ``id``."""
        return next((f for f in self.followups if f.id == id), None)

    def is_party(self, id: str) -> bool:
        """Tell whether ``id`` names the municipality or an organisation."""
        return id == self.municipality.id or id in self._organisations

    def actor(self, id: str) -> Body | Organisation | Municipality | None:
        """The actor with ``id``: a body, an organisation or the municipality.

        Wherever an actor fits (an initiative's ``responsible``, a
        participation, the recipient of a transfer) one id names either; a
        body comes first should a body and an organisation share the id
        (validation reports that as ambiguous).
        """
        if id == self.municipality.id:
            return self.municipality
        return self._bodies.get(id) or self._organisations.get(id)

    def subject_exists(self, subject: SubjectRef) -> bool:
        """Tell whether the theme, goal, initiative or partnership exists."""
        lookups: dict[str, Mapping[str, object]] = {
            "theme": self._themes,
            "goal": self._goals,
            "initiative": self._initiatives,
            "partnership": self._partnerships,
        }
        return subject.id in lookups[subject.kind]

    def all_themes(self) -> Iterator[tuple[Strategy, Theme]]:
        """Every theme of every strategy, with its strategy."""
        for strategy in self.strategies:
            for theme in strategy.all_themes():
                yield strategy, theme

    # -- queries -------------------------------------------------------------

    def initiatives_active_in(self, period: Period) -> tuple[Initiative, ...]:
        """The initiatives whose period overlaps ``period``.

        Those whose period is not given are not among them (see
        :meth:`initiatives_without_period`).
        """
        return tuple(i for i in self.initiatives if i.is_active_in(period))

    def initiatives_without_period(self) -> tuple[Initiative, ...]:
        """The initiatives whose period is not given: active when, is not known."""
        return tuple(i for i in self.initiatives if not i.has_period)

    def partnerships_active_in(self, period: Period) -> tuple[Partnership, ...]:
        """The partnerships with any party active at some time in ``period``.

        A partnership counts from its first dated event until every party has
        left it (``LEFT_STATUSES``: ended, relinquished,
        transferred, handed over, replaced).
        """
        first, last = period.bounds()
        active = []
        for partnership in self.partnerships:
            start = partnership.start()
            if start is None or start.first_day > last:
                continue
            statuses = partnership.status_on(first).values()
            if any(s not in LEFT_STATUSES for s in statuses) or partnership.events_in(
                first, last
            ):
                active.append(partnership)
        return tuple(active)

    def themes_for_body(self, body_id: str) -> tuple[Theme, ...]:
        """The themes a body answers for or receives the follow-up of.

        A theme counts when ``body_id`` (or one of its sub-bodies) is among its
        ``responsible`` or ``reports_to`` bodies.
        """
        ids = {body_id, *self.descendants_of(body_id)}
        return tuple(
            theme
            for _strategy, theme in self.all_themes()
            if ids.intersection(theme.responsible) or ids.intersection(theme.reports_to)
        )

    def descendants_of(self, body_id: str) -> tuple[str, ...]:
        """The ids of every body under ``body_id`` (cycles are ignored)."""
        children: dict[str, list[str]] = {}
        for body in self.bodies:
            if body.parent:
                children.setdefault(body.parent, []).append(body.id)
        found: list[str] = []
        stack = list(children.get(body_id, ()))
        while stack:
            current = stack.pop()
            if current in found or current == body_id:
                continue
            found.append(current)
            stack.extend(children.get(current, ()))
        return tuple(found)

    def initiatives_for_theme(self, theme_id: str) -> tuple[Initiative, ...]:
        """The initiatives that serve ``theme_id`` or a theme under it."""
        theme = self.theme(theme_id)
        if theme is None:
            return ()
        ids = {t.id for t in theme.walk()}
        return tuple(i for i in self.initiatives if ids.intersection(i.themes))

    def deciding_bodies(
        self, partnership_kind: str, day: dt.date | None = None
    ) -> tuple[str, ...] | None:
        """The bodies that decide on a relationship of ``partnership_kind``.

        As said by a strategy in force on ``day`` (its period covers the
        day), else by the current strategy; None where no strategy says.
        """
        in_force = [
            s
            for s in self.strategies
            if day is not None and s.period is not None and s.period.contains(day)
        ]
        current = self.strategy()
        for strategy in [*in_force, *([current] if current else [])]:
            bodies = strategy.deciding_bodies(partnership_kind)
            if bodies is not None:
                return bodies
        return None

    def partnership_status(
        self, partnership_id: str, day: dt.date | None = None
    ) -> dict[str, str | None]:
        """Each party's status in a partnership on ``day``."""
        partnership = self.partnership(partnership_id)
        if partnership is None:
            raise KeyError(partnership_id)
        return partnership.status_on(day)
