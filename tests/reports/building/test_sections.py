"""Report pieces shared by report kinds (reports.building.sections)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs
import pytest

import munintl
from munintl.model import (
    FundingLine,
    Initiative,
    LocalizedText,
    Money,
    PartialDate,
    Period,
    Portfolio,
    Theme,
)
from munintl.reports.building import sections
from munintl.reports.building.localize import Localizer
from munintl.reports.document import ListBlock, Paragraph
from munintl.testing.samples import sample_portfolio

P = Period.parse


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return sample_portfolio()


def localizer(language: str = "en") -> Localizer:
    return Localizer(
        language,
        codelists=munintl.get_plugin_manager().codelists(),
        default_language="da",
    )


def theme(portfolio: Portfolio, theme_id: str) -> Theme:
    found = portfolio.theme(theme_id)
    assert found is not None
    return found


def money(amount: str, currency: str, approximate: bool = False) -> Money:
    return Money(amount=Decimal(amount), currency=currency, approximate=approximate)


def funded(
    initiative_id: str, *amounts: Money, period: Period | None = None
) -> Initiative:
    return Initiative(
        id=initiative_id,
        title=LocalizedText.of(en=initiative_id),
        kind="project",
        period=period,
        funding=tuple(FundingLine(amount=a) for a in amounts),
    )


def test_title_notes_put_the_illustrative_note_before_the_fallback_notice(
    portfolio: Portfolio,
) -> None:
    loc = localizer("en")
    assert sections.title_notes(loc) == []
    assert sections.title_notes(loc, "Sample data.") == [
        Paragraph(text="Sample data.", style="illustrative")
    ]
    loc.text(LocalizedText.of(da="Kun dansk"), "Item", "Field")
    notes = sections.title_notes(loc, "Sample data.")
    assert [n.style for n in notes if isinstance(n, Paragraph)] == [
        "illustrative",
        "fallback",
    ]
    assert "1 text is not available in English" in notes[1].text  # type: ignore[union-attr]


def test_a_cross_cutting_theme_says_so_under_its_description(
    portfolio: Portfolio,
) -> None:
    cross = attrs.evolve(
        theme(portfolio, "aabenhed"),
        description=LocalizedText.of(en="Open to all.", da="Åben for alle."),
    )
    assert cross.cross_cutting
    blocks = sections.description_blocks(localizer(), cross, "Openness")
    assert blocks == [
        Paragraph(text="Open to all."),
        Paragraph(text="A cross-cutting theme.", style="note"),
    ]
    plain = attrs.evolve(cross, cross_cutting=False)
    assert sections.description_blocks(localizer(), plain, "Openness") == [
        Paragraph(text="Open to all.")
    ]


def test_a_description_in_a_fallback_language_is_styled_and_recorded(
    portfolio: Portfolio,
) -> None:
    partnership = attrs.evolve(
        portfolio.partnerships[0], description=LocalizedText.of(da="Kun på dansk.")
    )
    loc = localizer("en")
    assert sections.description_blocks(loc, partnership, "Twin town") == [
        Paragraph(text='<span lang="da">Kun på dansk.</span>', style="fallback")
    ]
    assert [(u.item, u.field, u.language) for u in loc.fallbacks] == [
        ("Twin town", "Description", "da")
    ]


def test_an_illustrative_description_is_styled_so(portfolio: Portfolio) -> None:
    partnership = attrs.evolve(
        portfolio.partnerships[0],
        description=LocalizedText.of(en="Sample."),
        illustrative=True,
    )
    assert sections.description_blocks(localizer(), partnership, "T") == [
        Paragraph(text="Sample.", style="illustrative")
    ]


def test_partnership_facts_as_of_a_day(portfolio: Portfolio) -> None:
    partnership = portfolio.partnerships[0]
    facts = sections.partnership_facts(
        portfolio,
        localizer("en"),
        partnership,
        status="Status",
        day=dt.date(2016, 1, 1),
        parties=True,
        areas=[theme(portfolio, "aabenhed")],
    )
    assert facts == ListBlock(
        items=(
            "**Kind:** Twinning",
            "**Parties:** Egeby Municipality, Nordby",
            "**Since:** c. 1960s",
            "**Status:** Egeby Municipality: Active; Nordby: Dormant",
            "**Cooperation areas:** Openness",
            "**Review:** 2026",
            "**Expires:** December 31, 2030",
        )
    )


def test_partnership_facts_leave_out_what_is_not_asked_or_given(
    portfolio: Portfolio,
) -> None:
    partnership = attrs.evolve(portfolio.partnerships[0], review=None, expires=None)
    facts = sections.partnership_facts(
        portfolio,
        localizer("da"),
        partnership,
        status="Status i 2020",
        day=dt.date(2020, 1, 1),
    )
    labels = [item.split(":**")[0].removeprefix("**") for item in facts.items]
    assert labels == ["Type", "Siden", "Status i 2020"]
    assert facts.items[-1] == "**Status i 2020:** Egeby Kommune: Aktiv; Nordby: Aktiv"


def test_funding_table_sums_per_currency_and_counts_initiatives() -> None:
    initiatives = [
        funded("a", money("100", "EUR"), money("50", "EUR"), money("10", "DKK")),
        funded("b", money("25.5", "EUR", approximate=True)),
        funded("c"),
    ]
    table = sections.funding_table(localizer(), initiatives, "Funding")
    assert table is not None
    assert table.title == "Funding"
    assert table.columns == ("Currency", "Initiatives", "Total", "Total (formatted)")
    assert table.rows == (
        ("DKK", 1, Decimal("10"), "DKK\u00a010.00"),
        ("EUR", 2, Decimal("175.5"), "c. €175.50"),
    )


def test_funding_table_counts_only_lines_in_the_period(portfolio: Portfolio) -> None:
    table = sections.funding_table(
        localizer(), portfolio.initiatives, "Funding", P("2024", "2024")
    )
    assert table is not None
    assert [row[0] for row in table.rows] == ["DKK"]
    assert (
        sections.funding_table(
            localizer(), portfolio.initiatives, "Funding", P("1990", "1990")
        )
        is None
    )


def test_funding_table_is_none_without_amounts() -> None:
    no_amount = Initiative(
        id="x",
        title=LocalizedText.of(en="x"),
        kind="project",
        funding=(FundingLine(funder="nordby"),),
    )
    assert sections.funding_table(localizer(), [no_amount], "Funding") is None
    assert sections.funding_table(localizer(), [], "Funding") is None


def test_generated_now_keeps_a_given_time_and_drops_microseconds() -> None:
    given = dt.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
    assert sections.generated_now(given) is given
    now = sections.generated_now()
    assert now.microsecond == 0
    assert now.tzinfo is dt.UTC
    assert abs(dt.datetime.now(dt.UTC) - now) < dt.timedelta(minutes=5)


def test_day_as_datetime_is_midnight_utc_of_the_first_day() -> None:
    assert sections.day_as_datetime(PartialDate.parse("2023-11")) == dt.datetime(
        2023, 11, 1, tzinfo=dt.UTC
    )
    assert sections.day_as_datetime(PartialDate.parse("1960s")) == dt.datetime(
        1960, 1, 1, tzinfo=dt.UTC
    )


def _machine_text(review: str = "unreviewed") -> LocalizedText:
    from munintl.model import Provenance

    return LocalizedText(
        values={"da": "Borgerservice", "en": "Citizen Service"},
        provenance={
            "en": Provenance(
                method="machine", source_language="da", engine="deepl", review=review
            )
        },
    )


def test_title_notes_name_unreviewed_machine_translations_once() -> None:
    loc = localizer("en")
    loc.text(_machine_text(), "Borgerservice", "Title")
    loc.text(_machine_text(), "Borgerservice", "Title")
    loc.text(_machine_text("reviewed"), "Eisenach", "Title")
    loc.name(_machine_text(), "?")
    notes = sections.title_notes(loc)
    assert notes == [
        Paragraph(
            text="2 texts were translated by machine and have not been reviewed"
            " by a person: Borgerservice (Title); Citizen Service (Name).",
            style="note",
        )
    ]


def test_machine_translations_shown_in_danish_are_not_noted() -> None:
    loc = localizer("da")
    loc.text(_machine_text(), "Borgerservice", "Titel")
    assert sections.title_notes(loc) == []


def test_the_machine_note_can_be_turned_off() -> None:
    loc = Localizer("en", note_machine=False)
    loc.text(_machine_text(), "Borgerservice", "Title")
    assert sections.title_notes(loc) == []


def test_reports_note_machine_translations_unless_configured_not_to(
    example_path: Any,
) -> None:
    from munintl.config import TranslationSettings, load_config
    from munintl.reporting import render
    from munintl.translation import by_path, made_now, set_translation

    portfolio = munintl.load(example_path)
    entry = by_path(portfolio)["themes[borgerservice].title"]
    provenance = made_now("machine", entry, engine="deepl")
    portfolio = set_translation(portfolio, entry.path, "en", "Citizen Help", provenance)
    config = load_config(example_path)
    note = "1 text was translated by machine and has not been reviewed by a person"
    report = render(
        portfolio, kind="overview", format="markdown", lang="en", config=config
    )
    assert note in report.decode()
    quiet = attrs.evolve(config, translation=TranslationSettings(note_machine=False))
    report = render(
        portfolio, kind="overview", format="markdown", lang="en", config=quiet
    )
    assert note not in report.decode()
