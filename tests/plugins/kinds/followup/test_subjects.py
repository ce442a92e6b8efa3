"""Sections on a follow-up's subjects (plugins.kinds.followup.subjects)."""

from __future__ import annotations

import attrs
import pytest

import munintl
from munintl.model import (
    Initiative,
    LocalizedText,
    PartialDate,
    Period,
    Portfolio,
    StatusUpdate,
    SubjectRef,
    Theme,
)
from munintl.plugins.kinds.followup.scope import FollowUpScope, followup_scope
from munintl.plugins.kinds.followup.subjects import SubjectSections
from munintl.reports.building.localize import Localizer
from munintl.reports.document import Block, Heading, ListBlock, Paragraph
from munintl.reports.request import ReportRequest
from munintl.testing.samples import sample_portfolio

FOLLOWUP = "opfoelgning-2023"


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return sample_portfolio()


def localizer(language: str = "en") -> Localizer:
    return Localizer(
        language,
        codelists=munintl.get_plugin_manager().codelists(),
        default_language="da",
    )


def record_scope(portfolio: Portfolio, include_internal: bool = True) -> FollowUpScope:
    followup = portfolio.followup(FOLLOWUP)
    assert followup is not None
    request = ReportRequest(
        language="en", followup=FOLLOWUP, include_internal=include_internal
    )
    return followup_scope(portfolio, request, followup)


def draft_scope(portfolio: Portfolio, year: int) -> FollowUpScope:
    request = ReportRequest(
        language="en", period=Period.year(year), include_internal=True
    )
    return followup_scope(portfolio, request, None)


def sections_for(
    portfolio: Portfolio, scope: FollowUpScope, language: str = "en"
) -> SubjectSections:
    return SubjectSections(portfolio, localizer(language), scope)


def theme_of(scope: FollowUpScope, theme_id: str) -> Theme:
    return next(t for t in scope.themes if t.id == theme_id)


def initiative_of(portfolio: Portfolio, initiative_id: str) -> Initiative:
    found = portfolio.initiative(initiative_id)
    assert found is not None
    return found


def texts(blocks: list[Block]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading | Paragraph):
            out.append(block.text)
        elif isinstance(block, ListBlock):
            out.extend(block.items)
    return out


def test_a_theme_lists_its_goals_update_and_initiatives(portfolio: Portfolio) -> None:
    scope = record_scope(portfolio)
    blocks = sections_for(portfolio, scope).theme(theme_of(scope, "klima"))
    assert blocks[0] == Heading(text="Policy area: Climate", level=2)
    found = texts(blocks)
    assert found[found.index("**Goals**") + 1] == "Less CO2."
    assert "**Responsible:** International Secretariat" in found
    assert "**Progress:** At risk" in found
    assert "**Deviations:** The network ended." in found
    assert Heading(text="Climate network (illustrative)", level=3) in blocks


def test_a_goal_with_an_update_gets_its_own_heading(portfolio: Portfolio) -> None:
    scope = record_scope(portfolio)
    blocks = sections_for(portfolio, scope).theme(theme_of(scope, "borgerservice"))
    heading = Heading(text="Goal: More staff take part in exchanges.", level=3)
    assert heading in blocks
    after = texts(blocks[blocks.index(heading) :])
    assert after[1:4] == [
        "**Status update**",
        "**Progress:** Delayed",
        "**Achievements:** Nine exchanges.",
    ]


def test_a_subject_without_update_says_none_was_received(
    portfolio: Portfolio,
) -> None:
    scope = draft_scope(portfolio, 2023)
    blocks = sections_for(portfolio, scope).initiative(
        initiative_of(portfolio, "medarbejderudveksling"), 3
    )
    assert blocks[-2:] == [
        Paragraph(text="**Status update**"),
        Paragraph(text="No update received.", style="note"),
    ]


def test_an_empty_update_says_it_is_empty(portfolio: Portfolio) -> None:
    followup = portfolio.followup(FOLLOWUP)
    assert followup is not None
    empty = StatusUpdate(subject=SubjectRef("initiative", "samarbejdsprogram"))
    changed_followup = attrs.evolve(followup, updates=(empty,))
    changed = attrs.evolve(portfolio, followups=(changed_followup,))
    request = ReportRequest(language="en", followup=FOLLOWUP)
    scope = followup_scope(changed, request, changed_followup)
    blocks = sections_for(changed, scope).initiative(
        initiative_of(changed, "samarbejdsprogram"), 3
    )
    assert blocks[-1] == Paragraph(text="The update is empty.", style="note")


def test_an_initiative_lists_its_facts_and_funding_lines(portfolio: Portfolio) -> None:
    scope = record_scope(portfolio)
    blocks = sections_for(portfolio, scope).initiative(
        initiative_of(portfolio, "samarbejdsprogram"), 3
    )
    assert blocks[0] == Heading(text="Nordic cooperation programme (NSP)", level=3)
    facts = next(b for b in blocks if isinstance(b, ListBlock))
    assert facts.items[:4] == (
        "**Kind:** Programme",
        "**Status:** Implementation",
        "**Period:** 2021–2025",
        "**Responsible:** Finance Committee",
    )
    assert (
        "**Partners:** Egeby Municipality (lead, accountable); Sydstadt"
        " (implementing); 9 other European municipalities (partner)"
    ) in facts.items
    found = texts(blocks)
    lines = found[found.index("**Funding lines**") + 1 :][:2]
    assert lines == [
        "€125,000.50 (The Interreg Secretariat, Interreg, phase fase 1, 2021–2022)",
        "c. DKK\xa0400,000.00 (Municipal fund, phase fase 2)",
    ]
    assert "**Progress:** On track" in found


def test_an_initiative_names_its_parent_and_partnership(portfolio: Portfolio) -> None:
    scope = record_scope(portfolio)
    found = texts(
        sections_for(portfolio, scope).initiative(
            initiative_of(portfolio, "medarbejderudveksling"), 4
        )
    )
    assert found[0] == "Staff exchange with Nordby"
    assert "**Period:** from September 2021" in found
    assert "**Part of:** Nordic cooperation programme (NSP)" in found
    assert "**Partnership:** Twin town: Nordby" in found
    assert "**Partners:** Nordby (partner)" in found


def test_an_initiative_without_period_or_partners_says_not_given(
    portfolio: Portfolio,
) -> None:
    bare = Initiative(
        id="bare", title=LocalizedText.of(en="Bare"), kind="project", status=None
    )
    found = texts(
        sections_for(portfolio, draft_scope(portfolio, 2023)).initiative(bare, 3)
    )
    assert "**Period:** not given" in found
    assert "**Partners:** none named" in found


def test_illustrative_subjects_are_marked_and_noticed(portfolio: Portfolio) -> None:
    scope = draft_scope(portfolio, 2023)
    writer = sections_for(portfolio, scope)
    assert not writer.any_illustrative
    blocks = writer.initiative(initiative_of(portfolio, "klimanetvaerk"), 3)
    assert blocks[:2] == [
        Heading(text="Climate network (illustrative)", level=3),
        Paragraph(text="Illustrative sample data, not fact.", style="illustrative"),
    ]
    assert writer.any_illustrative


def test_a_partnership_shows_its_status_and_events_in_the_period(
    portfolio: Portfolio,
) -> None:
    scope = draft_scope(portfolio, 2019)
    blocks = sections_for(portfolio, scope).partnership(portfolio.partnerships[0])
    found = texts(blocks)
    assert found[0] == "Twin town: Nordby"
    assert (
        "**Status at the end of the period:** Egeby Municipality: Active;"
        " Nordby: Active"
    ) in found
    assert "**Events in 2019**" in found
    assert (
        "March 14, 2019: Resumed (Nordby) \u2014 Nordby resumed the cooperation."
        in found
    )


def test_a_partnership_event_names_who_decided_and_who_carries_on(
    portfolio: Portfolio,
) -> None:
    found = texts(
        sections_for(portfolio, draft_scope(portfolio, 1993)).partnership(
            portfolio.partnerships[0]
        )
    )
    assert (
        "May 1993: Re-signed, decided by The City Council, Byrådets møde maj 1993"
        in found
    )
    # German says who decided without an article that would have to agree
    # with the body's name ("beschlossen von Stadtrat" was wrong).
    german = texts(
        sections_for(portfolio, draft_scope(portfolio, 1993), "de").partnership(
            portfolio.partnerships[0]
        )
    )
    assert any(", Beschluss: " in line for line in german), german
    assert not any("beschlossen von" in line for line in german)
    found = texts(
        sections_for(portfolio, draft_scope(portfolio, 2022)).partnership(
            portfolio.partnerships[0]
        )
    )
    assert (
        "January 2022: Transferred (Egeby Municipality), carried on by Egeby"
        " Twin Town Association"
    ) in found


def test_a_status_read_before_the_period_end_says_its_day(
    portfolio: Portfolio,
) -> None:
    followup = portfolio.followup(FOLLOWUP)
    assert followup is not None
    early = attrs.evolve(followup, submitted=PartialDate.parse("2023-06-15"))
    changed = attrs.evolve(portfolio, followups=(early,))
    scope = followup_scope(
        changed, ReportRequest(language="en", followup=FOLLOWUP), early
    )
    found = texts(sections_for(changed, scope).partnership(changed.partnerships[0]))
    assert any(t.startswith("**Status on June 15, 2023:**") for t in found)


def test_undated_initiatives_are_listed_under_their_own_heading(
    portfolio: Portfolio,
) -> None:
    writer = sections_for(portfolio, draft_scope(portfolio, 2023))
    assert writer.undated([]) == []
    blocks = writer.undated(
        [
            initiative_of(portfolio, "medarbejderudveksling"),
            initiative_of(portfolio, "klimanetvaerk"),
        ]
    )
    assert blocks[0] == Heading(text="Period not given", level=2)
    assert isinstance(blocks[1], Paragraph)
    assert "under way in 2023" in blocks[1].text
    assert blocks[2] == ListBlock(
        items=(
            "Staff exchange with Nordby (Staff exchange)",
            "Climate network (illustrative) (Network membership)",
        )
    )
    assert writer.any_illustrative


def test_sections_are_written_in_the_report_language(portfolio: Portfolio) -> None:
    scope = record_scope(portfolio)
    found = texts(
        sections_for(portfolio, scope, "da").initiative(
            initiative_of(portfolio, "samarbejdsprogram"), 3
        )
    )
    assert found[0] == "Nordisk samarbejdsprogram (NSP)"
    assert found[-5:] == [
        "**Statusopdatering**",
        "**Status:** Under gennemførelse",
        "**Fremdrift:** Planmæssigt",
        "**Resultater:** To workshops.",
        "**Næste skridt:** Fase 2 begynder.",
    ]
