"""Who acts: the municipality, its bodies, and external organisations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from munintl.model.dates import N_, FieldValueError, PartialDate, Period
from munintl.model.strategy import _optional_decimal
from munintl.model.text import LocalizedText
from munintl.model.values import (
    Entity,
    Link,
    address,
    check_whole_number,
    code,
    ident,
    line_text,
    many,
    optional_currency,
    plain_line,
    ref,
    text,
)


def _figure_value(value: Decimal | int | str) -> Decimal:
    number = _optional_decimal(value)
    assert number is not None  # attrs passes the default (none) only when given
    return number


@attrs.frozen(kw_only=True)
class Figure:
    """A context figure about the municipality: population, area, a budget.

    ``value`` is in ``unit`` (``persons``, ``km²``) or, for money, in
    ``currency`` (ISO 4217); ``date`` is when it was counted.
    """

    name: LocalizedText = line_text()
    value: Decimal = attrs.field(converter=_figure_value)
    unit: str | None = plain_line()
    currency: str | None = optional_currency()
    date: PartialDate | None = None
    note: LocalizedText = text()


@attrs.frozen(kw_only=True)
class Municipality(Entity):
    """The municipality whose international work a portfolio describes.

    ``codes`` holds official identifiers, e.g. ``{"kommunekode": "..."}``.
    ``working_languages`` are the languages every public text should have;
    the first is the language the municipality writes in.  ``description``
    and ``figures`` (population, area ...) give the overview its context.
    """

    id: str = ident()
    name: LocalizedText = line_text()
    country: str
    default_language: str
    working_languages: tuple[str, ...] = many()
    codes: dict[str, str] = attrs.field(factory=dict, hash=False)
    website: str | None = address()
    description: LocalizedText = text()
    figures: tuple[Figure, ...] = many()


@attrs.frozen(kw_only=True)
class FormerName:
    """A name a body or organisation had before a rename or merger."""

    name: LocalizedText = line_text()
    until: PartialDate | None = None
    note: LocalizedText = text()


def _check_seats(_instance: object, _attribute: Any, value: int | None) -> None:
    if value is not None and value < 1:
        raise FieldValueError(
            "seats",
            N_("seats must be at least 1, not {value} (leave it out if not known)"),
            value=value,
        )
    if value is not None:
        check_whole_number("seats", value)


@attrs.frozen(kw_only=True)
class Member:
    """A member of a joint body: an actor that takes part in it.

    ``member`` names an actor: one of the municipality's bodies, an
    organisation (a partner city, a university) or the municipality itself.
    ``seats`` says how many people it sends, where that is known, and
    ``period`` when it was a member, if not for the body's whole life.
    """

    member: str = ref(to="actors", required=True)
    role: LocalizedText = text(one_line=True)
    seats: int | None = attrs.field(default=None, validator=_check_seats)
    period: Period | None = None
    note: LocalizedText = text()


@attrs.frozen(kw_only=True)
class Body(Entity):
    """Anything that decides, owns or carries out work.

    A political committee, the city council, a department or secretariat, a
    staff unit, a project group, a municipal company, an association, a
    ceremonial office: ``type`` is a code from the open ``body-type`` list,
    not a fixed Danish enum.

    Bodies change as organisations do: ``former_names`` keeps the names a
    renamed or merged body had, and ``successor`` the body that took over
    its work.  A joint body (a steering group with members from two cities)
    lists its ``members``.
    """

    id: str = ident()
    name: LocalizedText = line_text()
    type: str = code("body-type")
    parent: str | None = ref(to="bodies")
    period: Period | None = None
    description: LocalizedText = text()
    former_names: tuple[FormerName, ...] = many()
    successor: str | None = ref(to="bodies")
    members: tuple[Member, ...] = many()
    links: tuple[Link, ...] = many()

    def members_in(self, period: Period) -> tuple[Member, ...]:
        """The members that may have taken part in ``period``.

        A member without a period of its own is a member for as long as the
        body exists.
        """
        return tuple(
            member
            for member in self.members
            if member.period is None or member.period.overlaps(period)
        )


@attrs.frozen(kw_only=True)
class Organisation(Entity):
    """An external partner: a municipality, region, country, university, ...

    ``country`` is an ISO 3166-1 alpha-2 code where one exists (``NO`` is
    Norway) and free text where not (a territory without a code).  Where
    the sources do not give its name, ``name_unknown`` says so and ``name``
    is left empty (``{}``); an empty name is otherwise an error.
    ``identifiers`` are shared codes (``wikidata: Q1748``, ``iso3166-2:
    DE-TH``, ``nuts``, ``lau``, national codes) that let two
    municipalities' records of each other be matched.
    """

    id: str = ident()
    name: LocalizedText = line_text()
    name_unknown: bool = False
    type: str = code("organisation-type")
    country: str | None = None
    former_names: tuple[FormerName, ...] = many()
    aliases: tuple[str, ...] = many(one_line=True)
    parent: str | None = ref(to="organisations")
    successor: str | None = ref(to="organisations")
    website: str | None = address()
    description: LocalizedText = text()
    identifiers: dict[str, str] = attrs.field(factory=dict, hash=False)
