"""Who acts: the municipality, its bodies, and external organisations."""

from __future__ import annotations

import attrs

from munintl.model.dates import PartialDate, Period
from munintl.model.text import LocalizedText
from munintl.model.values import Entity, Link, code, ident, many, ref, text


@attrs.frozen(kw_only=True)
class Municipality(Entity):
    """The municipality whose international work a portfolio describes.

    ``codes`` holds official identifiers, e.g. ``{"kommunekode": "..."}``.
    ``working_languages`` are the languages every public text should have;
    the first is the language the municipality writes in.
    """

    id: str = ident()
    name: LocalizedText
    country: str
    default_language: str
    working_languages: tuple[str, ...] = many()
    codes: dict[str, str] = attrs.field(factory=dict, hash=False)
    website: str | None = None


@attrs.frozen(kw_only=True)
class Body(Entity):
    """Anything that decides, owns or carries out work.

    A political committee, the city council, a department or secretariat, a
    staff unit, a project group, a municipal company, an association, a
    ceremonial office: ``type`` is a code from the open ``body-type`` list,
    not a fixed Danish enum.
    """

    id: str = ident()
    name: LocalizedText
    type: str = code("body-type")
    parent: str | None = ref(to="bodies")
    period: Period | None = None
    description: LocalizedText = text()
    links: tuple[Link, ...] = many()


@attrs.frozen(kw_only=True)
class FormerName:
    """A name an organisation had before a rename or merger."""

    name: LocalizedText
    until: PartialDate | None = None
    note: LocalizedText = text()


@attrs.frozen(kw_only=True)
class Organisation(Entity):
    """An external partner: a municipality, region, country, university, ...

    ``country`` is an ISO 3166-1 alpha-2 code where one exists (``NO`` is
    Norway) and free text where not (a territory without a code).
    """

    id: str = ident()
    name: LocalizedText
    type: str = code("organisation-type")
    country: str | None = None
    former_names: tuple[FormerName, ...] = many()
    aliases: tuple[str, ...] = many()
    parent: str | None = ref(to="organisations")
    successor: str | None = ref(to="organisations")
    website: str | None = None
    description: LocalizedText = text()
