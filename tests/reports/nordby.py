"""Nordby, a municipality whose facts change over time, for the as-of report tests.

Every fact here has a date, so a report for an earlier period must show it
as it stood then: a project closed in 2016, a twinning proposed in 2010 and
signed in 2013, an agreement that expired in 2019, a twinning ended in
2023, funding approved in phases, and -- what is not known -- an
initiative with neither period nor status and a partner without a role.
Nordby also has two documents in force at once (2010-2024): an
international strategy and a separate partner-city policy.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from munintl.followups import submit
from munintl.model import (
    Body,
    FollowUp,
    FundingLine,
    Goal,
    Initiative,
    LocalizedText,
    Money,
    Municipality,
    Organisation,
    PartialDate,
    Participation,
    Partnership,
    PartnershipEvent,
    Party,
    Period,
    Portfolio,
    Strategy,
    Theme,
)

T = LocalizedText.of
D = PartialDate.parse


def dkk(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="DKK")


def eur(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="EUR")


def event(kind: str, date: str, party: str | None = None) -> PartnershipEvent:
    return PartnershipEvent(kind=kind, date=D(date), party=party)


def twinning(
    id_: str, other: str, *events: PartnershipEvent, **fields: Any
) -> Partnership:
    return Partnership(
        id=id_,
        kind="twinning",
        title=T(en=f"Twinning with {other.capitalize()}"),
        parties=(Party(party="nordby"), Party(party=other)),
        areas=("kultur",),
        events=events,
        **fields,
    )


STRATEGY = Strategy(
    id="strategi",
    title=T(en="Nordby in the world"),
    vision=T(en="We learn from the world."),
    period=Period.parse("2010"),
    themes=(
        Theme(
            id="kultur",
            title=T(en="Culture"),
            goals=(Goal(id="kultur-maal", statement=T(en="More exchanges.")),),
            responsible=("udvalg",),
            reports_to=("udvalg",),
        ),
        Theme(id="klima", title=T(en="Climate"), responsible=("udvalg",)),
        Theme(
            id="groen",
            title=T(en="Green transition"),
            cross_cutting=True,
            responsible=("udvalg",),
        ),
    ),
)

POLICY = Strategy(
    id="venskabsbypolitik",
    title=T(en="Partner-city policy"),
    vision=T(en="Few partners, close ties."),
    period=Period.parse("2008", "2024"),
    themes=(
        Theme(id="venskabsbyer", title=T(en="Partner cities"), responsible=("byraad",)),
    ),
)

INITIATIVES = (
    Initiative(
        id="havn",
        title=T(en="Green harbour"),
        kind="project",
        status="closed",
        period=Period.parse("2014", "2016"),
        themes=("klima", "groen"),
    ),
    Initiative(
        id="skole",
        title=T(en="School links"),
        kind="project",
        themes=("kultur",),
        participations=(Participation(organisation="aarhus"),),
    ),
    Initiative(
        id="energi",
        title=T(en="Energy partnership"),
        kind="project",
        status="implementation",
        period=Period.parse("2018", "2023"),
        themes=("klima",),
        funding=(
            FundingLine(
                programme="interreg",
                phase="1",
                amount=dkk("100000"),
                period=Period.parse("2018", "2019"),
            ),
            FundingLine(
                programme="interreg",
                phase="2",
                amount=dkk("250000"),
                period=Period.parse("2022", "2023"),
            ),
            FundingLine(programme="municipal", amount=eur("5000")),
        ),
    ),
    Initiative(
        id="innovation",
        title=T(en="Nordic planning"),
        kind="project",
        status="closed",
        period=Period.parse("2015", "2015"),
        themes=("klima",),
        participations=(
            Participation(
                count=4,
                description=T(en="4 other Nordic towns (Umeå among them)."),
                role="partner",
            ),
        ),
        funding=(
            FundingLine(funder="nordic-innovation", programme="nordic-innovation"),
        ),
    ),
)

PARTNERSHIPS = (
    twinning(
        "aarhus",
        "aarhus",
        event("proposed", "2010"),
        event("noted", "2011", party="aarhus"),
        event("signed", "2013"),
    ),
    twinning(
        "bergen",
        "bergen",
        event("signed", "2015"),
        expires=D("2019"),
    ),
    twinning(
        "cork",
        "cork",
        event("signed", "2000"),
        event("ended", "2023-01-12"),
        description=T(en="On 12 January 2023 the twinning with Cork ended."),
    ),
)


def make_nordby(**changes: Any) -> Portfolio:
    """Build the Nordby portfolio; keyword arguments replace its collections."""
    fields: dict[str, Any] = {
        "municipality": Municipality(
            id="nordby",
            name=T(en="Nordby Municipality"),
            country="DK",
            default_language="en",
            working_languages=("en",),
        ),
        "bodies": (
            Body(id="byraad", name=T(en="City Council"), type="city-council"),
            Body(
                id="udvalg",
                name=T(en="Culture Committee"),
                type="committee",
                parent="byraad",
            ),
        ),
        "organisations": (
            Organisation(
                id="aarhus", name=T(en="Aarhus"), type="municipality", country="DK"
            ),
            Organisation(
                id="bergen", name=T(en="Bergen"), type="municipality", country="NO"
            ),
            Organisation(
                id="cork", name=T(en="Cork"), type="municipality", country="IE"
            ),
            Organisation(
                id="nordic-innovation", name=T(en="Nordic Innovation"), type="other"
            ),
        ),
        "strategies": (STRATEGY, POLICY),
        "initiatives": INITIATIVES,
        "partnerships": PARTNERSHIPS,
        "followups": (
            submit(
                FollowUp(id="opf-2015", period=Period.year(2015), addressee="udvalg"),
                on=D("2016-02-01"),
            ),
        ),
    }
    fields.update(changes)
    return Portfolio(**fields)


def replace_initiative(portfolio: Portfolio, id_: str, **changes: Any) -> Portfolio:
    """Return ``portfolio`` with initiative ``id_`` changed."""
    return attrs.evolve(
        portfolio,
        initiatives=[
            attrs.evolve(i, **changes) if i.id == id_ else i
            for i in portfolio.initiatives
        ],
    )
