"""What the municipality does: projects, networks, services, exchanges."""

from __future__ import annotations

from typing import Any

import attrs

from munintl.model.dates import Period
from munintl.model.strategy import Indicator
from munintl.model.text import LocalizedText
from munintl.model.values import (
    CodeRef,
    Entity,
    FieldValueError,
    Link,
    Money,
    Source,
    code,
    ident,
    many,
    optional_code,
    ref,
    refs,
    text,
)


def _check_partner(instance: Participation, _attribute: Any, _value: Any) -> None:
    if (instance.organisation is None) == (instance.count is None):
        raise FieldValueError(
            "organisation",
            "a participation names either an organisation or, where the partners"
            " are not named, a count (e.g. count: 9)",
        )
    if instance.count is not None and instance.count < 1:
        raise FieldValueError(
            "count", f"count must be at least 1, not {instance.count}"
        )


@attrs.frozen(kw_only=True)
class Participation:
    """A partner in an initiative: a named party, or a count of unnamed ones.

    ``organisation`` refers to an organisation or to the municipality itself.
    Where the strategy only says "9 other European municipalities", give
    ``count: 9`` and a ``description`` instead; ``includes`` names the
    partners listed elsewhere that are among the counted ones, so they are
    not counted twice.
    """

    organisation: str | None = ref(to="parties")
    count: int | None = attrs.field(default=None, validator=_check_partner)
    includes: tuple[str, ...] = refs(to="parties")
    description: LocalizedText = text()
    role: str = code("organisation-role", "implementing")
    lead: bool = False
    sources: tuple[Source, ...] = many()


@attrs.frozen(kw_only=True)
class FundingLine:
    """Money for an initiative from one funder or programme, in one phase."""

    funder: str | None = ref(to="organisations")
    programme: str | None = optional_code("funding-programme")
    amount: Money | None = None
    phase: str | None = None
    period: Period | None = None
    note: LocalizedText = text()
    sources: tuple[Source, ...] = many()


@attrs.frozen(kw_only=True)
class Result:
    """An output, outcome or impact, with an optional indicator."""

    type: str = code("result-type", "output")
    title: LocalizedText
    description: LocalizedText = text()
    indicator: Indicator | None = None
    sources: tuple[Source, ...] = many()


@attrs.frozen(kw_only=True)
class Initiative(Entity):
    """A project, programme, network membership, service, event, exchange, ...

    ``themes`` and ``goals`` point at the strategy it serves; ``parent`` at
    the programme it is part of; ``partnership`` at the twinning or agreement
    it is carried out in.
    """

    id: str = ident()
    title: LocalizedText
    acronym: str | None = None
    kind: str = code("initiative-kind")
    status: str = code("initiative-status", "implementation")
    period: Period | None = None
    summary: LocalizedText = text()
    description: LocalizedText = text()
    themes: tuple[str, ...] = refs(to="themes")
    goals: tuple[str, ...] = refs(to="goals")
    responsible: tuple[str, ...] = refs(to="bodies")
    participations: tuple[Participation, ...] = many()
    funding: tuple[FundingLine, ...] = many()
    parent: str | None = ref(to="initiatives")
    partnership: str | None = ref(to="partnerships")
    results: tuple[Result, ...] = many()
    links: tuple[Link, ...] = many()
    classifications: tuple[CodeRef, ...] = many()

    def is_active_in(self, period: Period) -> bool:
        """Tell whether the initiative may run in ``period``.

        An initiative without a period is taken as always active.
        """
        return self.period is None or self.period.overlaps(period)

    def partner_count(self) -> int:
        """Named partners plus the counts of unnamed ones, each partner once.

        A named partner that a count ``includes`` is not added again.
        """
        counted = {party for p in self.participations for party in p.includes}
        return sum(
            p.count if p.count is not None else (0 if p.organisation in counted else 1)
            for p in self.participations
        )
