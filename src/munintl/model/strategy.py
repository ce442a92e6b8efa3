"""What the municipality wants: strategies, their themes, goals and indicators."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import attrs

from munintl.model.dates import N_, FieldValueError, PartialDate, Period
from munintl.model.text import LocalizedText
from munintl.model.values import (
    CodeRef,
    Entity,
    Link,
    address,
    code,
    ident,
    line_text,
    many,
    optional_currency,
    plain_line,
    ref,
    refs,
    text,
)

#: How deep themes may nest: a theme, its sub-themes, theirs, and so on.
#: Real strategies use three or four levels; reading a portfolio refuses a
#: deeper tree, which every report and rule would have to descend.
MAX_THEME_DEPTH = 20


def _optional_decimal(value: Decimal | int | str | None) -> Decimal | None:
    if value is None:
        return None
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        # NaN and infinity cannot be saved: the wire shape refuses them.
        raise FieldValueError(
            "value", N_("{value!r} is not a finite number"), value=value
        )
    return number


@attrs.frozen(kw_only=True)
class Measurement:
    """One value of an indicator (baseline, target or actual)."""

    value: Decimal | None = attrs.field(default=None, converter=_optional_decimal)
    text: LocalizedText = attrs.field(factory=LocalizedText)
    date: PartialDate | None = None


@attrs.frozen(kw_only=True)
class Indicator:
    """How progress towards a goal or result is measured; all values optional.

    An indicator measured in money names its ``currency`` (ISO 4217); its
    values are then amounts in that currency, never summed with another.
    """

    name: LocalizedText = line_text()
    unit: str | None = plain_line()
    currency: str | None = optional_currency()
    baseline: Measurement | None = None
    target: Measurement | None = None
    actual: Measurement | None = None


@attrs.frozen(kw_only=True)
class Goal(Entity):
    """A goal a theme sets, with optional indicators."""

    id: str = ident()
    statement: LocalizedText
    indicators: tuple[Indicator, ...] = many()
    classifications: tuple[CodeRef, ...] = many()


@attrs.frozen(kw_only=True)
class Theme(Entity):
    """A policy area, direction, pillar or priority; themes nest.

    ``label`` is the strategy's own word for it ("politikområde", "pillar").
    A *cross-cutting* theme applies across the others.  ``responsible`` are
    the bodies that answer for the theme, ``reports_to`` the bodies that
    receive its follow-up.
    """

    id: str = ident()
    title: LocalizedText = line_text()
    label: LocalizedText = text(one_line=True)
    description: LocalizedText = text()
    cross_cutting: bool = False
    goals: tuple[Goal, ...] = many()
    themes: tuple[Theme, ...] = many()
    responsible: tuple[str, ...] = refs(to="bodies")
    reports_to: tuple[str, ...] = refs(to="bodies")
    classifications: tuple[CodeRef, ...] = many()

    def walk(self) -> Iterator[Theme]:
        """Yield this theme and every theme under it, depth first."""
        # A stack, not recursion: a tree built in Python may nest deeper than
        # the interpreter's recursion limit, and validation must say so.
        stack = [self]
        while stack:
            theme = stack.pop()
            yield theme
            stack.extend(reversed(theme.themes))

    def depth(self) -> int:
        """How many levels the tree below this theme has (1: no sub-themes)."""
        deepest = 0
        stack = [(self, 1)]
        while stack:
            theme, level = stack.pop()
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in theme.themes)
        return deepest


@attrs.frozen(kw_only=True)
class Adoption:
    """Who adopted a strategy or document, and when."""

    body: str | None = ref(to="bodies")
    date: PartialDate | None = None
    reference: str | None = plain_line()


@attrs.frozen(kw_only=True)
class StrategyDocument(Entity):
    """One of the documents a strategy consists of: a policy, an action plan.

    ``period`` is when the document is in force, where that differs from
    the strategy's (an action plan for 2024-2025 under a strategy for
    2022-2030); ``implements`` the themes an action plan carries out.
    """

    id: str = ident()
    kind: str = code("document-kind")
    title: LocalizedText = line_text()
    issuer: str | None = ref(to="bodies")
    adoption: Adoption | None = None
    parent: str | None = None
    url: str | None = address()
    period: Period | None = None
    implements: tuple[str, ...] = refs(to="themes")

    def in_force(self, when: Period) -> bool:
        """Tell whether the document may be in force in ``when``.

        One without a period of its own is in force with its strategy.
        """
        return self.period is None or self.period.overlaps(when)


@attrs.frozen(kw_only=True)
class FollowUpRule:
    """How often the strategy is followed up, by whom and to whom."""

    frequency: str = code("follow-up-frequency")
    prepared_by: tuple[str, ...] = refs(to="bodies")
    addressed_to: tuple[str, ...] = refs(to="bodies")
    description: LocalizedText = text()


@attrs.frozen(kw_only=True)
class DecisionRight:
    """Which bodies decide on a kind of relationship.

    Said once in the strategy: twin towns are decided by the city council,
    partner cities by the executive committee.  ``partnership_kind`` is a
    code of the ``partnership-kind`` list, ``bodies`` the bodies that may
    take decisions on such a relationship.
    """

    partnership_kind: str = code("partnership-kind")
    bodies: tuple[str, ...] = refs(to="bodies")
    note: LocalizedText = text()


@attrs.frozen(kw_only=True)
class Strategy(Entity):
    """An international strategy: vision, principles and a tree of themes.

    ``decision_rights`` says, once, which bodies decide on each kind of
    relationship (see :class:`DecisionRight`).
    """

    id: str = ident()
    title: LocalizedText = line_text()
    vision: LocalizedText = text()
    summary: LocalizedText = text()
    principles: tuple[LocalizedText, ...] = many()
    period: Period | None = None
    status: str = code("strategy-status", "adopted")
    adoption: Adoption | None = None
    supersedes: str | None = ref(to="strategies")
    documents: tuple[StrategyDocument, ...] = many()
    themes: tuple[Theme, ...] = many()
    follow_up: FollowUpRule | None = None
    decision_rights: tuple[DecisionRight, ...] = many()
    links: tuple[Link, ...] = many()

    def deciding_bodies(self, partnership_kind: str) -> tuple[str, ...] | None:
        """The bodies that decide on a relationship of ``partnership_kind``.

        None where the strategy does not say.
        """
        for right in self.decision_rights:
            if right.partnership_kind == partnership_kind:
                return right.bodies
        return None

    def all_themes(self) -> Iterator[Theme]:
        """Every theme of the strategy, depth first in document order."""
        for theme in self.themes:
            yield from theme.walk()

    def all_goals(self) -> Iterator[tuple[Theme, Goal]]:
        """Every goal with the theme that sets it."""
        for theme in self.all_themes():
            for goal in theme.goals:
                yield theme, goal
