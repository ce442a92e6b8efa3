"""Describing one thing of the portfolio as report text (reports.building.describe)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest

import munintl
from munintl.model import (
    FundingLine,
    Initiative,
    LocalizedText,
    Money,
    PartialDate,
    Participation,
    Partnership,
    PartnershipEvent,
    Party,
    Period,
    Portfolio,
)
from munintl.reports.building import describe
from munintl.reports.building.localize import Localizer
from munintl.reports.request import ReportRequest
from munintl.testing.samples import sample_portfolio

D = PartialDate.parse


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return sample_portfolio()


def localizer(language: str = "en") -> Localizer:
    return Localizer(
        language,
        codelists=munintl.get_plugin_manager().codelists(),
        default_language="da",
    )


def initiative(portfolio: Portfolio, initiative_id: str) -> Initiative:
    found = portfolio.initiative(initiative_id)
    assert found is not None
    return found


def test_marked_adds_illustrative_only_for_sample_data() -> None:
    loc = localizer()
    assert describe.marked(loc, "Title", False) == "Title"
    assert describe.marked(loc, "Title", True) == "Title (illustrative)"
    assert describe.marked(localizer("da"), "Titel", True) == "Titel (illustrativ)"


def test_body_name_is_in_the_report_language_and_an_unknown_id_is_itself(
    portfolio: Portfolio,
) -> None:
    assert describe.body_name(portfolio, localizer("en"), "byraadet") == (
        "The City Council"
    )
    assert describe.body_name(portfolio, localizer("da"), "byraadet") == "Byrådet"
    assert describe.body_name(portfolio, localizer(), "no-such-body") == "no-such-body"
    assert describe.body_name(portfolio, localizer(), None) == ""


def test_body_names_are_joined_by_commas_in_the_given_order(
    portfolio: Portfolio,
) -> None:
    assert (
        describe.body_names(portfolio, localizer(), ["oekonomiudvalget", "byraadet"])
        == "Finance Committee, The City Council"
    )
    assert describe.body_names(portfolio, localizer(), []) == ""


def test_party_name_knows_the_municipality_and_organisations(
    portfolio: Portfolio,
) -> None:
    loc = localizer("en")
    assert describe.party_name(portfolio, loc, "egeby") == "Egeby Municipality"
    assert describe.party_name(portfolio, loc, "nordby") == "Nordby"
    assert describe.party_name(portfolio, loc, "unknown-party") == "unknown-party"
    assert describe.party_name(portfolio, loc, None) == ""


def test_a_name_only_in_a_fallback_language_is_recorded(portfolio: Portfolio) -> None:
    loc = localizer("de")
    assert describe.party_name(portfolio, loc, "sydstadt") == "Südstadt"
    assert describe.party_name(portfolio, loc, "nordby") == "Nordby"
    assert [(u.item, u.language) for u in loc.fallbacks] == [("Nordby", "da")]


def test_initiative_title_adds_its_acronym_once(portfolio: Portfolio) -> None:
    programme = initiative(portfolio, "samarbejdsprogram")
    loc = localizer()
    assert describe.initiative_title(loc, programme) == (
        "Nordic cooperation programme (NSP)"
    )
    in_title = attrs.evolve(
        programme, title=LocalizedText.of(en="The NSP programme", da="NSP-programmet")
    )
    assert describe.initiative_title(loc, in_title) == "The NSP programme"
    exchange = initiative(portfolio, "medarbejderudveksling")
    assert describe.initiative_title(loc, exchange) == "Staff exchange with Nordby"


def test_municipality_name_per_language(portfolio: Portfolio) -> None:
    assert describe.municipality_name(portfolio, localizer("en")) == (
        "Egeby Municipality"
    )
    assert describe.municipality_name(portfolio, localizer("da")) == "Egeby Kommune"


def test_theme_title_is_led_by_its_label_capitalised(portfolio: Portfolio) -> None:
    theme = portfolio.strategies[0].themes[0]
    loc = localizer()
    plain = attrs.evolve(theme, label=LocalizedText())
    assert describe.theme_title(loc, plain) == "Quality of life"
    labelled = attrs.evolve(theme, label=LocalizedText.of(en="track 1", da="spor 1"))
    assert describe.theme_title(loc, labelled) == "Track 1: Quality of life"
    assert describe.theme_title(localizer("da"), labelled) == "Spor 1: Livskvalitet"


def test_partners_name_each_party_with_its_role_and_lead(portfolio: Portfolio) -> None:
    programme = initiative(portfolio, "samarbejdsprogram")
    assert describe.partners(
        portfolio, localizer("en"), programme, ReportRequest(language="en")
    ) == [
        "Egeby Municipality (lead, accountable)",
        "Sydstadt (implementing)",
        "9 other European municipalities (partner)",
    ]
    assert describe.partners(
        portfolio, localizer("da"), programme, ReportRequest(language="da")
    ) == [
        "Egeby Kommune (leadpartner, ansvarlig)",
        "Sydstadt (udførende)",
        "9 andre europæiske kommuner (partner)",
    ]
    # One list, one way of writing: German writes its nouns with a capital
    # and the rest in lower case, as running text does.
    assert describe.partners(
        portfolio, localizer("de"), programme, ReportRequest(language="de")
    )[:2] == [
        "Egeby Kommune (federführend, verantwortlich)",
        "Südstadt (durchführend)",
    ]


@pytest.mark.parametrize(
    ("language", "role", "word"),
    [
        ("en", "implementing", "implementing"),
        ("de", "member", "Mitglied"),
        ("sv", "associated", "associerad partner"),
        ("pl", "host", "gospodarz"),
        # A municipality's own role: its label, lower case where it may be.
        ("en", "school-partner", "school partner"),
        ("en", None, "role not given"),
    ],
)
def test_roles_are_written_as_running_text_writes_them(
    language: str, role: str | None, word: str
) -> None:
    assert describe.role_word(localizer(language), role) == word


def test_partners_count_an_unnamed_group_and_say_a_missing_role(
    portfolio: Portfolio,
) -> None:
    programme = attrs.evolve(
        initiative(portfolio, "samarbejdsprogram"),
        participations=(
            Participation(
                count=3,
                description=LocalizedText.of(en="schools in Norway."),
            ),
        ),
    )
    assert describe.partners(
        portfolio, localizer(), programme, ReportRequest(language="en")
    ) == ["3 schools in Norway (role not given)"]


def test_partners_leave_out_internal_organisations_unless_asked(
    portfolio: Portfolio,
) -> None:
    changed = attrs.evolve(
        portfolio,
        organisations=tuple(
            attrs.evolve(o, visibility="internal") if o.id == "sydstadt" else o
            for o in portfolio.organisations
        ),
    )
    programme = initiative(changed, "samarbejdsprogram")
    public = describe.partners(
        changed, localizer(), programme, ReportRequest(language="en")
    )
    internal = describe.partners(
        changed,
        localizer(),
        programme,
        ReportRequest(language="en", include_internal=True),
    )
    assert not any("Sydstadt" in p for p in public)
    assert "Sydstadt (implementing)" in internal
    assert len(internal) == len(public) + 1


def test_funding_lines_say_amount_funder_programme_phase_and_period(
    portfolio: Portfolio,
) -> None:
    programme = initiative(portfolio, "samarbejdsprogram")
    assert describe.funding_lines(portfolio, localizer("en"), programme) == [
        "€125,000.50 (The Interreg Secretariat, Interreg, phase fase 1, 2021–2022)",
        "c. DKK\xa0400,000.00 (Municipal fund, phase fase 2)",
    ]


def test_funding_line_without_amount_says_so_and_only_given_lines_count(
    portfolio: Portfolio,
) -> None:
    programme = initiative(portfolio, "samarbejdsprogram")
    line = FundingLine(funder="nordby")
    assert describe.funding_lines(portfolio, localizer(), programme, [line]) == [
        "amount not given (Nordby)"
    ]
    bare = FundingLine(amount=Money(amount=Decimal(5), currency="EUR"))
    assert describe.funding_lines(portfolio, localizer(), programme, [bare]) == [
        "€5.00"
    ]


def test_a_programme_named_like_its_funder_is_not_named_twice(
    portfolio: Portfolio,
) -> None:
    programme = initiative(portfolio, "samarbejdsprogram")
    line = FundingLine(funder="interreg", programme="interreg")
    assert describe.funding_lines(portfolio, localizer(), programme, [line]) == [
        "amount not given (interreg)"
    ]


def test_amounts_of_collects_every_amount_or_those_in_a_period(
    portfolio: Portfolio,
) -> None:
    programme = initiative(portfolio, "samarbejdsprogram")
    everything = describe.amounts_of(portfolio.initiatives)
    assert sorted(m.currency for m in everything) == ["DKK", "EUR"]
    later = describe.amounts_of([programme], Period.parse("2024", "2024"))
    assert [m.currency for m in later] == ["DKK"]
    assert describe.amounts_of([]) == []


def test_partnership_status_names_each_party(portfolio: Portfolio) -> None:
    partnership = portfolio.partnerships[0]
    assert (
        describe.partnership_status(
            portfolio, localizer("en"), partnership, dt.date(2016, 1, 1)
        )
        == "Egeby Municipality: Active; Nordby: Dormant"
    )
    assert (
        describe.partnership_status(
            portfolio, localizer("da"), partnership, dt.date(2020, 1, 1)
        )
        == "Egeby Kommune: Aktiv; Nordby: Aktiv"
    )


def twinning(*events: PartnershipEvent) -> Partnership:
    return Partnership(
        id="p",
        kind="twinning",
        title=LocalizedText.of(en="Twinning"),
        parties=(Party(party="egeby"), Party(party="nordby")),
        events=events,
    )


def test_partnership_since_is_the_first_signature_not_a_proposal(
    portfolio: Portfolio,
) -> None:
    partnership = twinning(
        PartnershipEvent(kind="proposed", date=D("2001")),
        PartnershipEvent(kind="signed", date=D("2003-05-02")),
    )
    loc = localizer()
    day = dt.date(2010, 1, 1)
    assert describe.partnership_since(portfolio, loc, partnership, day) == (
        "May 2, 2003"
    )
    assert (
        describe.partnership_since(portfolio, localizer("da"), partnership, day)
        == "2. maj 2003"
    )
    assert (
        describe.partnership_since(portfolio, loc, partnership, dt.date(2002, 1, 1))
        == "not established"
    )
    assert (
        describe.partnership_since(portfolio, loc, partnership, dt.date(2000, 1, 1))
        == "not known"
    )


def test_partnership_since_per_party_when_they_disagree(portfolio: Portfolio) -> None:
    partnership = twinning(
        PartnershipEvent(kind="signed", date=D("2003"), party="egeby"),
        PartnershipEvent(kind="signed", date=D("2005"), party="nordby"),
    )
    assert (
        describe.partnership_since(
            portfolio, localizer(), partnership, dt.date(2010, 1, 1)
        )
        == "Egeby Municipality: 2003; Nordby: 2005"
    )


def test_partnership_end_is_when_the_last_party_left(portfolio: Portfolio) -> None:
    partnership = twinning(
        PartnershipEvent(kind="signed", date=D("2000")),
        PartnershipEvent(kind="ended", date=D("2010"), party="nordby"),
        PartnershipEvent(kind="transferred", date=D("2012-03"), party="egeby"),
    )
    assert describe.partnership_end(partnership) == D("2012-03")
    assert describe.partnership_end(partnership, dt.date(2011, 6, 1)) is None
    assert describe.partnership_end(portfolio.partnerships[0]) is None


def test_a_partnership_ended_jointly_ends_on_that_date() -> None:
    partnership = twinning(
        PartnershipEvent(kind="signed", date=D("2000")),
        PartnershipEvent(kind="ended", date=D("2009-12-31")),
    )
    assert describe.partnership_end(partnership) == D("2009-12-31")
    assert describe.partnership_end(twinning()) is None
