"""Lilleby, a municipality with a bit of everything, for the report tests.

Lilleby's culture committee gets a submitted follow-up for 2023; its
technical committee an empty one.  There is an internal initiative with an
internal update, an illustrative goal update, funding in DKK, EUR and SEK,
a twin town re-signed in 2023 and one that ended in 2010.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from munintl.followups import submit
from munintl.model import (
    Body,
    CaseReference,
    Decision,
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
    StatusUpdate,
    Strategy,
    SubjectRef,
    Theme,
)

T = LocalizedText.of
D = PartialDate.parse


def money(amount: str, currency: str) -> Money:
    return Money(amount=Decimal(amount), currency=currency)


def make_lilleby(**changes: Any) -> Portfolio:
    """Build the Lilleby portfolio; keyword arguments replace its collections."""
    strategy = Strategy(
        id="strategi",
        title=T(da="Lilleby i verden", en="Lilleby in the world"),
        vision=T(da="Vi lærer af verden.", en="We learn from the world."),
        summary=T(da="Kort om strategien.", en="The strategy in short."),
        principles=(T(da="Åbenhed", en="Openness"), T(da="Merværdi", en="Added value")),
        period=Period.parse("2019", "2026"),
        themes=(
            Theme(
                id="kultur",
                title=T(da="Kultur og fritid", en="Culture and leisure"),
                label=T(da="politikområde", en="policy area"),
                description=T(
                    da="Kultur binder os sammen.", en="Culture binds us together."
                ),
                goals=(
                    Goal(
                        id="kultur-maal",
                        statement=T(
                            da="Flere udvekslinger mellem foreninger.",
                            en="More exchanges between associations.",
                        ),
                    ),
                ),
                responsible=("kultur-udvalg",),
                reports_to=("kultur-udvalg",),
            ),
            Theme(
                id="klima",
                title=T(da="Klima", en="Climate"),
                responsible=("teknik-udvalg",),
                themes=(
                    Theme(
                        id="klima-energi",
                        title=T(da="Energi", en="Energy"),
                        goals=(
                            Goal(
                                id="energi-maal",
                                statement=T(da="Mere vindkraft."),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )
    organisations = (
        Organisation(
            id="partnerstadt",
            name=T(da="Partnerstadt", de="Partnerstadt"),
            type="municipality",
            country="DE",
        ),
        Organisation(
            id="fjernby", name=T(da="Fjernby"), type="municipality", country="NO"
        ),
        Organisation(
            id="eu",
            name=T(da="EU-Kommissionen", en="European Commission"),
            type="government-agency",
        ),
        Organisation(
            id="hemmelig-partner",
            name=T(da="Hemmelig partner"),
            type="company",
            visibility="internal",
        ),
    )
    initiatives = (
        Initiative(
            id="festival",
            title=T(da="Venskabsfestival", en="Friendship festival"),
            acronym="VF",
            kind="event",
            status="implementation",
            period=Period.parse("2022", "2024"),
            summary=T(da="En festival hvert år.", en="A festival every year."),
            themes=("kultur",),
            goals=("kultur-maal",),
            responsible=("kultur-udvalg",),
            participations=(
                Participation(organisation="partnerstadt", lead=True, role="partner"),
                Participation(organisation="hemmelig-partner", role="partner"),
                Participation(
                    count=9,
                    description=T(da="andre byer", en="other towns"),
                    role="implementing",
                ),
            ),
            funding=(
                FundingLine(
                    funder="eu",
                    programme="creative-europe",
                    amount=money("20000", "EUR"),
                    phase="1",
                ),
                FundingLine(programme="municipal", amount=money("150000.50", "DKK")),
                FundingLine(programme="municipal", amount=money("100000", "DKK")),
                FundingLine(programme="other", amount=money("50000", "SEK")),
            ),
            partnership="venskab",
        ),
        Initiative(
            id="udveksling",
            title=T(da="Udveksling af medarbejdere", en="Staff exchange"),
            kind="staff-exchange",
            status="pipeline",
            period=Period.parse("2023", "2025"),
            themes=("kultur",),
            partnership="venskab",
        ),
        Initiative(
            id="vind",
            title=T(da="Vindprojekt"),
            kind="project",
            status="implementation",
            period=Period.parse("2023", "2023"),
            themes=("klima-energi",),
            funding=(FundingLine(programme="interreg", amount=money("5000", "EUR")),),
        ),
        Initiative(
            id="hemmelig",
            title=T(da="Hemmeligt projekt", en="Secret project"),
            kind="project",
            period=Period.parse("2023", "2023"),
            themes=("kultur",),
            visibility="internal",
        ),
        Initiative(
            id="gammel",
            title=T(da="Gammelt projekt", en="Old project"),
            kind="project",
            status="closed",
            period=Period.parse("2015", "2016"),
            themes=("kultur",),
        ),
    )
    partnerships = (
        Partnership(
            id="venskab",
            kind="twinning",
            title=T(da="Venskab med Partnerstadt", en="Twinning with Partnerstadt"),
            parties=(Party(party="lilleby"), Party(party="partnerstadt")),
            areas=("kultur",),
            events=(
                PartnershipEvent(kind="signed", date=D("1993")),
                PartnershipEvent(
                    kind="re-signed",
                    date=D("2023-10-06"),
                    decided_by="byraad",
                    reference="Byrådet 2023-09-27, pkt. 4",
                ),
            ),
        ),
        Partnership(
            id="fjern",
            kind="twinning",
            title=T(da="Venskab med Fjernby", en="Twinning with Fjernby"),
            parties=(Party(party="lilleby"), Party(party="fjernby")),
            areas=("kultur",),
            events=(
                PartnershipEvent(kind="signed", date=D("~1960s")),
                PartnershipEvent(kind="ended", date=D("2010")),
            ),
        ),
    )
    followups = (
        submit(
            FollowUp(
                id="kultur-2023",
                title=T(da="Opfølgning 2023", en="Follow-up 2023"),
                period=Period.year(2023),
                addressee="kultur-udvalg",
                prepared_by=("sekretariat",),
                strategy="strategi",
                case=CaseReference(
                    number="23/1234", meeting=D("2024-03-05"), agenda_item="7"
                ),
                summary=T(da="Et godt år.", en="A good year."),
                recommendation=T(
                    da="At udvalget tager orienteringen til efterretning.",
                    en="That the committee take note.",
                ),
                decisions_requested=(
                    T(
                        da="Orienteringen tages til efterretning.",
                        en="The briefing is noted.",
                    ),
                ),
                updates=(
                    StatusUpdate(
                        subject=SubjectRef("theme", "kultur"),
                        progress="on-track",
                        achievements=T(da="Mange aktiviteter.", en="Many activities."),
                    ),
                    StatusUpdate(
                        subject=SubjectRef("goal", "kultur-maal"),
                        progress="at-risk",
                        illustrative=True,
                        achievements=T(da="To udvekslinger.", en="Two exchanges."),
                    ),
                    StatusUpdate(
                        subject=SubjectRef("initiative", "festival"),
                        status="implementation",
                        progress="on-track",
                        achievements=T(
                            da="Festivalen blev holdt.\n\n"
                            "- 3.000 gæster\n- 40 frivillige",
                            en="The festival took place.\n\n"
                            "- 3,000 guests\n- 40 volunteers",
                        ),
                        deviations=T(da="Regn."),
                        next_steps=T(
                            da="Ny festival i 2024.", en="A new festival in 2024."
                        ),
                    ),
                    StatusUpdate(
                        subject=SubjectRef("initiative", "hemmelig"),
                        progress="delayed",
                        visibility="internal",
                        achievements=T(da="Hemmelige fremskridt."),
                    ),
                    StatusUpdate(
                        subject=SubjectRef("partnership", "venskab"),
                        progress="on-track",
                        achievements=T(
                            da="Aftalen blev genunderskrevet.",
                            en="The agreement was re-signed.",
                        ),
                    ),
                ),
                decisions=(
                    Decision(
                        body="kultur-udvalg",
                        date=D("2024-03-05"),
                        outcome="noted",
                        text=T(da="Taget til efterretning.", en="Noted."),
                        subjects=(SubjectRef("initiative", "festival"),),
                    ),
                ),
            ),
            on=D("2024-02-15"),
        ),
        FollowUp(
            id="teknik-2023",
            period=Period.year(2023),
            addressee="teknik-udvalg",
        ),
    )
    fields: dict[str, Any] = {
        "municipality": Municipality(
            id="lilleby",
            name=T(da="Lilleby Kommune", en="Lilleby Municipality"),
            country="DK",
            default_language="da",
            working_languages=("da", "en"),
        ),
        "bodies": (
            Body(
                id="byraad",
                name=T(da="Byrådet", en="City Council"),
                type="city-council",
            ),
            Body(
                id="kultur-udvalg",
                name=T(da="Kulturudvalget", en="Culture Committee"),
                type="committee",
                parent="byraad",
            ),
            Body(
                id="teknik-udvalg",
                name=T(da="Teknikudvalget"),
                type="committee",
                parent="byraad",
            ),
            Body(
                id="sekretariat",
                name=T(da="Sekretariatet", en="The secretariat"),
                type="secretariat",
            ),
        ),
        "organisations": organisations,
        "strategies": (strategy,),
        "initiatives": initiatives,
        "partnerships": partnerships,
        "followups": followups,
    }
    fields.update(changes)
    return Portfolio(**fields)
