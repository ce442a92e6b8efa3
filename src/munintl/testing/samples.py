"""A small portfolio that uses every part of the model, for tests of plugins.

:func:`sample_portfolio` describes the fictional municipality of Egeby: a
strategy with nested and cross-cutting themes, goals with indicators,
initiatives with named and unnamed partners and funding in two currencies,
a twinning whose two sides act on their own, and a decided follow-up.  It is
valid (no validation errors) and marked illustrative, so it is safe to
render and publish in a test.  Storage, report and translation plugins can
use it as their first round trip before trying random portfolios from
:mod:`munintl.testing.strategies`.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from munintl.followups import submit
from munintl.model import (
    Adoption,
    Body,
    CaseReference,
    CodeRef,
    Decision,
    FollowUp,
    FollowUpRule,
    FormerName,
    FundingLine,
    Goal,
    Indicator,
    Initiative,
    Link,
    LocalizedText,
    Measurement,
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
    Provenance,
    Result,
    Source,
    StatusUpdate,
    Strategy,
    StrategyDocument,
    SubjectRef,
    Theme,
    source_hash,
)

__all__ = ["sample_portfolio"]

_SOURCE = Source(
    title="Egeby Kommune: International strategi 2020-2024",
    url="https://example.org/egeby/international-strategi.pdf",
    accessed=PartialDate.parse("2024-02-01"),
)


def _text(da: str, en: str, *, translated: bool = False) -> LocalizedText:
    """Make a Danish and English text; ``translated`` adds a reviewed provenance."""
    if not translated:
        return LocalizedText(values={"da": da, "en": en})
    return LocalizedText(
        values={"da": da, "en": en},
        provenance={
            "da": Provenance(method="original"),
            "en": Provenance(
                method="human",
                source_language="da",
                source_hash=source_hash(da),
                translator="Oversætterkontoret",
                review="reviewed",
            ),
        },
    )


def _date(text: str) -> PartialDate:
    return PartialDate.parse(text)


def _municipality() -> Municipality:
    return Municipality(
        id="egeby",
        name=_text("Egeby Kommune", "Egeby Municipality"),
        country="DK",
        default_language="da",
        working_languages=("da", "en"),
        codes={"kommunekode": "999"},
        website="https://example.org/egeby",
        illustrative=True,
    )


def _bodies() -> tuple[Body, ...]:
    return (
        Body(
            id="byraadet",
            name=_text("Byrådet", "The City Council"),
            type="city-council",
        ),
        Body(
            id="oekonomiudvalget",
            name=_text("Økonomiudvalget", "Finance Committee"),
            type="committee",
            parent="byraadet",
            period=Period(start=_date("2022-01-01")),
        ),
        Body(
            id="internationalt-sekretariat",
            name=_text("Internationalt sekretariat", "International Secretariat"),
            type="secretariat",
            parent="oekonomiudvalget",
            description=_text(
                "Sekretariatet koordinerer kommunens *internationale* arbejde.",
                "The secretariat coordinates the municipality's *international* work.",
            ),
            links=(Link(url="https://example.org/egeby/international"),),
        ),
        Body(
            id="projektgruppe",
            name=_text("International projektgruppe", "International project group"),
            type="project-group",
            parent="internationalt-sekretariat",
            visibility="internal",
        ),
    )


def _organisations() -> tuple[Organisation, ...]:
    return (
        Organisation(
            id="nordby",
            name=_text("Nordby", "Nordby"),
            type="municipality",
            country="NO",
            former_names=(
                FormerName(
                    name=_text("Nordby herred", "Nordby District"),
                    until=_date("~1960s"),
                    note=_text(
                        "Lagt sammen med nabokommunen.", "Merged with its neighbour."
                    ),
                ),
            ),
            aliases=("Nordby kommune",),
            website="https://example.org/nordby",
        ),
        Organisation(
            id="sydstadt",
            name=LocalizedText(
                values={"da": "Sydstadt", "en": "Sydstadt", "de": "Südstadt"}
            ),
            type="municipality",
            country="DE",
        ),
        Organisation(
            id="interreg-sekretariatet",
            name=_text("Interreg-sekretariatet", "The Interreg Secretariat"),
            type="government-agency",
            country="EU",
        ),
        Organisation(
            id="venskabsbyforeningen",
            name=_text("Egeby Venskabsbyforening", "Egeby Twin Town Association"),
            type="association",
            country="DK",
        ),
        Organisation(
            id="faeroesk-skole",
            name=_text("Færøsk skole", "Faroese school"),
            type="school",
            country="Færøerne",
            description=_text(
                "En partner uden landekode.", "A partner without a country code."
            ),
        ),
    )


def _goal_with_indicator() -> Goal:
    return Goal(
        id="flere-udvekslinger",
        statement=_text(
            "Flere medarbejdere deltager i udvekslinger.",
            "More staff take part in exchanges.",
            translated=True,
        ),
        indicators=(
            Indicator(
                name=_text("Udvekslinger pr. år", "Exchanges per year"),
                unit="exchanges",
                baseline=Measurement(value=Decimal(4), date=_date("2019")),
                target=Measurement(
                    value=Decimal("12.5"),
                    text=_text("i gennemsnit", "on average"),
                    date=_date("2024-12"),
                ),
                actual=Measurement(value=Decimal(9), date=_date("2023-12-31")),
            ),
        ),
        classifications=(CodeRef("sdg", "17"),),
    )


def _strategy() -> Strategy:
    service = Theme(
        id="borgerservice",
        title=_text("Borgerservice", "Citizen service"),
        label=_text("politikområde", "policy area"),
        goals=(
            _goal_with_indicator(),
            Goal(id="aaben-service", statement=_text("Åben service.", "Open service.")),
        ),
        responsible=("internationalt-sekretariat",),
        reports_to=("oekonomiudvalget",),
        classifications=(CodeRef("sdg", "16"),),
    )
    climate = Theme(
        id="klima",
        title=_text("Klima", "Climate"),
        label=_text("politikområde", "policy area"),
        goals=(Goal(id="mindre-co2", statement=_text("Mindre CO2.", "Less CO2.")),),
        responsible=("internationalt-sekretariat",),
        reports_to=("oekonomiudvalget",),
        classifications=(CodeRef("sdg", "13"),),
    )
    umbrella = Theme(
        id="livskvalitet",
        title=_text("Livskvalitet", "Quality of life"),
        label=_text("overskrift", "heading"),
        description=_text(
            "Under denne overskrift:\n\n- borgerservice\n- klima",
            "Under this heading:\n\n- citizen service\n- climate",
        ),
        themes=(service, climate),
        responsible=("oekonomiudvalget",),
    )
    openness = Theme(
        id="aabenhed",
        title=_text("Åbenhed", "Openness"),
        cross_cutting=True,
        responsible=("byraadet",),
    )
    return Strategy(
        id="international-strategi",
        title=_text(
            "International strategi", "International strategy", translated=True
        ),
        vision=_text(
            "Egeby er en åben kommune i verden.",
            "Egeby is an open municipality in the world.",
            translated=True,
        ),
        summary=_text("Kort fortalt.", "In short."),
        principles=(_text("Vi lærer af andre.", "We learn from others."),),
        period=Period(start=_date("2020"), end=_date("2024")),
        status="in-force",
        adoption=Adoption(
            body="byraadet", date=_date("2019-12-17"), reference="sag 12/345"
        ),
        documents=(
            StrategyDocument(
                id="politik",
                kind="policy",
                title=_text("International politik", "International policy"),
                issuer="byraadet",
                adoption=Adoption(body="byraadet", date=_date("2019-12")),
            ),
            StrategyDocument(
                id="handleplan-2024",
                kind="action-plan",
                title=_text("Handleplan 2024", "Action plan 2024"),
                issuer="oekonomiudvalget",
                parent="politik",
                url="https://example.org/egeby/handleplan-2024.pdf",
            ),
        ),
        themes=(umbrella, openness),
        follow_up=FollowUpRule(
            frequency="yearly",
            prepared_by=("internationalt-sekretariat",),
            addressed_to=("oekonomiudvalget",),
        ),
        links=(Link(url="https://example.org/egeby/strategi", system="website"),),
        sources=(_SOURCE,),
    )


def _initiatives() -> tuple[Initiative, ...]:
    exchange = Initiative(
        id="medarbejderudveksling",
        title=_text("Medarbejderudveksling med Nordby", "Staff exchange with Nordby"),
        kind="staff-exchange",
        status="implementation",
        period=Period(start=_date("2021-09"), end=None),
        themes=("borgerservice",),
        goals=("flere-udvekslinger",),
        responsible=("internationalt-sekretariat",),
        participations=(Participation(organisation="nordby", role="partner"),),
        partnership="venskab-nordby",
        parent="samarbejdsprogram",
    )
    programme = Initiative(
        id="samarbejdsprogram",
        title=_text("Nordisk samarbejdsprogram", "Nordic cooperation programme"),
        acronym="NSP",
        kind="programme",
        status="implementation",
        period=Period(start=_date("2021"), end=_date("2025")),
        summary=_text("Et program med delprojekter.", "A programme of sub-projects."),
        themes=("livskvalitet",),
        responsible=("oekonomiudvalget",),
        funding=(
            FundingLine(
                funder="interreg-sekretariatet",
                programme="interreg",
                amount=Money(amount=Decimal("125000.50"), currency="EUR"),
                phase="fase 1",
                period=Period(start=_date("2021"), end=_date("2022")),
            ),
            FundingLine(
                programme="municipal",
                amount=Money(amount=Decimal(400000), currency="DKK", approximate=True),
                phase="fase 2",
                note=_text("Kommunal medfinansiering.", "Municipal co-funding."),
            ),
        ),
        participations=(
            Participation(organisation="egeby", role="accountable", lead=True),
            Participation(organisation="sydstadt", role="implementing"),
            Participation(
                count=9,
                description=_text(
                    "9 andre europæiske kommuner", "9 other European municipalities"
                ),
                role="partner",
            ),
        ),
        results=(
            Result(
                type="outcome",
                title=_text("Fælles læring", "Shared learning"),
                indicator=Indicator(
                    name=_text("Workshops", "Workshops"),
                    target=Measurement(value=Decimal(6)),
                ),
            ),
        ),
        links=(
            Link(
                url="https://keep.eu/projects/00000/",
                title=_text("Projektet på keep.eu", "The project on keep.eu"),
                system="keep.eu",
                identifier="00000",
            ),
        ),
        classifications=(CodeRef("sdg", "11"), CodeRef("sdg", "17")),
        sources=(_SOURCE,),
    )
    climate = Initiative(
        id="klimanetvaerk",
        title=_text("Klimanetværk", "Climate network"),
        kind="network-membership",
        status="closed",
        period=Period(start=_date("2010s"), end=_date("2023-06-30")),
        themes=("klima", "aabenhed"),
        goals=("mindre-co2",),
        responsible=("internationalt-sekretariat", "projektgruppe"),
        participations=(Participation(organisation="faeroesk-skole", role="member"),),
        illustrative=True,
    )
    return (exchange, programme, climate)


def _partnership() -> Partnership:
    return Partnership(
        id="venskab-nordby",
        kind="twinning",
        title=_text("Venskabsby: Nordby", "Twin town: Nordby"),
        parties=(
            Party(party="egeby"),
            Party(party="nordby", role=_text("venskabsby", "twin town")),
        ),
        areas=("borgerservice", "aabenhed"),
        review=_date("2026"),
        expires=_date("2030-12-31"),
        events=(
            PartnershipEvent(kind="signed", date=_date("~1960s")),
            PartnershipEvent(
                kind="re-signed",
                date=_date("1993-05"),
                decided_by="byraadet",
                reference="Byrådets møde maj 1993",
            ),
            PartnershipEvent(kind="dormant", date=_date("2015"), party="nordby"),
            PartnershipEvent(
                kind="resumed",
                date=_date("2019-03-14"),
                party="nordby",
                note=_text(
                    "Nordby genoptog samarbejdet.", "Nordby resumed the cooperation."
                ),
            ),
            PartnershipEvent(
                kind="transferred",
                date=_date("2022-01"),
                party="egeby",
                transferred_to="venskabsbyforeningen",
                visibility="internal",
            ),
        ),
        links=(Link(url="https://example.org/egeby/nordby"),),
    )


def _followup() -> FollowUp:
    draft = FollowUp(
        id="opfoelgning-2023",
        kind="yearly",
        title=_text("Opfølgning 2023", "Follow-up 2023"),
        period=Period.year(2023),
        addressee="oekonomiudvalget",
        prepared_by=("internationalt-sekretariat",),
        strategy="international-strategi",
        due=_date("2024-03"),
        case=CaseReference(
            number="24/1001",
            meeting=_date("2024-03-12"),
            agenda_item="7",
            url="https://example.org/egeby/dagsorden/7",
        ),
        summary=_text("Året gik godt.", "The year went well."),
        recommendation=_text(
            "Direktionen indstiller, at opfølgningen tages til efterretning.",
            "The executive board recommends that the follow-up be noted.",
            translated=True,
        ),
        decisions_requested=(
            _text("At tage opfølgningen til efterretning.", "To note it."),
        ),
        updates=(
            StatusUpdate(
                subject=SubjectRef("initiative", "samarbejdsprogram"),
                status="implementation",
                progress="on-track",
                achievements=_text("To workshops.", "Two workshops."),
                next_steps=_text("Fase 2 begynder.", "Phase 2 begins."),
            ),
            StatusUpdate(
                subject=SubjectRef("theme", "klima"),
                progress="at-risk",
                deviations=_text("Netværket sluttede.", "The network ended."),
            ),
            StatusUpdate(
                subject=SubjectRef("goal", "flere-udvekslinger"),
                progress="delayed",
                achievements=_text("Ni udvekslinger.", "Nine exchanges."),
            ),
            StatusUpdate(
                subject=SubjectRef("partnership", "venskab-nordby"),
                progress="not-assessed",
                visibility="internal",
            ),
        ),
        links=(Link(url="https://example.org/egeby/opfoelgning-2023.pdf"),),
    )
    submitted = submit(draft, on=_date("2024-03-01"))
    return attrs.evolve(
        submitted,
        state="decided",
        decisions=(
            Decision(
                body="oekonomiudvalget",
                date=_date("2024-03-12"),
                outcome="noted",
                text=_text("Taget til efterretning.", "Noted."),
                subjects=(
                    SubjectRef("initiative", "samarbejdsprogram"),
                    SubjectRef("partnership", "venskab-nordby"),
                ),
                reference="punkt 7",
            ),
        ),
    )


def sample_portfolio() -> Portfolio:
    """Return a small portfolio that uses every entity and value type.

    Nested and cross-cutting themes, goals with indicators, a programme with
    a sub-project, participations with an unnamed count, funding in EUR and
    DKK, a twinning with events by each party, a decided follow-up with
    status updates on every kind of subject, texts with provenance, partial
    dates of every precision (day, month, year, decade, approximate),
    sources, illustrative data and internal entities.
    """
    return Portfolio(
        municipality=_municipality(),
        bodies=_bodies(),
        organisations=_organisations(),
        strategies=(_strategy(),),
        initiatives=_initiatives(),
        partnerships=(_partnership(),),
        followups=(_followup(),),
    )
