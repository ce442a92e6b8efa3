"""The overview report kind: the whole strategy in one document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest

import munintl
from munintl.hooks.manager import MunintlPluginManager, get_plugin_manager
from munintl.model import Period, Portfolio
from munintl.plugins.kinds.overview.builder import OverviewBuilder
from munintl.reports.document import (
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    ReportDocument,
    Table,
)
from munintl.reports.request import ReportRequest

EXAMPLE = Path(__file__).resolve().parents[4] / "examples" / "skanderborg"


@pytest.fixture(autouse=True)
def _builtins(plugin_manager: MunintlPluginManager) -> None:
    """Build with the built-in codelists only."""


def build(portfolio: Portfolio, **request: Any) -> ReportDocument:
    request.setdefault("language", "en")
    return OverviewBuilder().build(
        portfolio, ReportRequest(**request, codelists=get_plugin_manager().codelists())
    )


def headings(document: ReportDocument) -> list[tuple[int, str]]:
    return [(b.level, b.text) for b in document.blocks if isinstance(b, Heading)]


def tables(document: ReportDocument) -> dict[str, Table]:
    return {b.title: b for b in document.blocks if isinstance(b, Table)}


def test_overview_has_every_part_of_the_strategy(lilleby: Portfolio) -> None:
    document = build(lilleby)
    assert document.metadata.kind == "overview"
    assert document.metadata.title == "Lilleby in the world"
    assert document.metadata.period == "2019–2026"
    assert [text for level, text in headings(document) if level <= 2] == [
        "Lilleby in the world",
        "Vision",
        "Summary",
        "Principles",
        "Themes and goals",
        "Initiatives by theme",
        "Partnerships",
        "Organisation",
        "Timeline",
        "Texts in another language",
    ]
    assert Paragraph(text="We learn from the world.") in document.blocks
    assert ListBlock(items=("Openness", "Added value")) in document.blocks


def test_themes_nest_with_their_goals_and_bodies(lilleby: Portfolio) -> None:
    document = build(lilleby)
    found = headings(document)
    culture = found.index((3, "Policy area: Culture and leisure"))
    assert found[culture + 1 : culture + 3] == [(3, "Climate"), (4, "Energy")]
    assert ListBlock(items=("More exchanges between associations.",)) in document.blocks
    # Paragraphs, so that they do not read as more goals.
    assert Paragraph(text="**Responsible:** Culture Committee") in document.blocks
    assert Paragraph(text="**Reports to:** Culture Committee") in document.blocks


def test_initiatives_are_tabled_by_theme(lilleby: Portfolio) -> None:
    found = tables(build(lilleby))
    culture = found["Initiatives: Policy area: Culture and leisure"]
    assert [row[0] for row in culture.rows] == [
        "Friendship festival (VF)",
        "Old project",
        "Staff exchange",
    ]
    festival = culture.rows[0]
    assert festival[1:5] == (
        "Event",
        "Implementation",
        "2022–2024",
        "Culture Committee",
    )
    assert festival[5] == "Partnerstadt (lead, partner); 9 other towns (implementing)"
    assert "€20,000.00 (European Commission, Creative Europe, phase 1)" in festival[6]
    # Sub-themes get their own table.
    assert [row[0] for row in found["Initiatives: Energy"].rows] == ["Vindprojekt"]


def test_partnerships_come_with_their_history(lilleby: Portfolio) -> None:
    history = tables(build(lilleby))["History: Twinning with Partnerstadt"]
    assert history.rows == (
        ("1993", "Signed", "all parties", "", "", ""),
        (
            "October 6, 2023",
            "Re-signed",
            "all parties",
            "City Council",
            "Byrådet 2023-09-27, pkt. 4",
            "",
        ),
    )
    approximate = tables(build(lilleby))["History: Twinning with Fjernby"]
    assert approximate.rows[0][0] == "c. 1960s"


def test_organisation_lists_bodies_and_what_they_answer_for(lilleby: Portfolio) -> None:
    bodies = tables(build(lilleby))["Bodies"]
    assert (
        "Culture Committee",
        "Committee",
        "City Council",
        "Policy area: Culture and leisure",
    ) in (bodies.rows)


def test_period_limits_initiatives_and_partnerships(lilleby: Portfolio) -> None:
    document = build(lilleby, period=Period.year(2023))
    culture = tables(document)["Initiatives: Policy area: Culture and leisure"]
    assert "Old project" not in [row[0] for row in culture.rows]
    assert (3, "Twinning with Fjernby") not in headings(document)
    assert document.metadata.period == "2023"


def test_internal_items_stay_out_unless_asked_for(lilleby: Portfolio) -> None:
    public = build(lilleby)
    culture = tables(public)["Initiatives: Policy area: Culture and leisure"]
    assert "Secret project" not in [row[0] for row in culture.rows]
    assert "Hemmelig partner" not in culture.rows[0][5]
    internal = build(lilleby, include_internal=True)
    culture = tables(internal)["Initiatives: Policy area: Culture and leisure"]
    assert "Secret project" in [row[0] for row in culture.rows]


def test_illustrative_items_are_marked(lilleby: Portfolio) -> None:
    festival = attrs.evolve(lilleby.initiative("festival"), illustrative=True)
    portfolio = attrs.evolve(
        lilleby,
        initiatives=[festival, *(i for i in lilleby.initiatives if i.id != "festival")],
    )
    document = build(portfolio)
    culture = tables(document)["Initiatives: Policy area: Culture and leisure"]
    assert culture.rows[0][0] == "Friendship festival (VF) (illustrative)"
    assert document.blocks[1] == Paragraph(
        text="Items marked \u201cillustrative\u201d are sample data, not fact.",
        style="illustrative",
    )


def test_timeline_covers_initiatives_and_partnerships(lilleby: Portfolio) -> None:
    figure = next(b for b in build(lilleby).blocks if isinstance(b, Figure))
    assert figure.timeline is not None
    assert {bar.label for bar in figure.timeline.bars} == {
        "Friendship festival (VF)",
        "Old project",
        "Staff exchange",
        "Vindprojekt",
        "Twinning with Partnerstadt",
        "Twinning with Fjernby",
    }
    assert len(figure.data.rows) == len(figure.timeline.bars) + len(
        figure.timeline.events
    )


def test_portfolio_without_strategy_still_gets_an_overview(lilleby: Portfolio) -> None:
    document = build(attrs.evolve(lilleby, strategies=()))
    assert document.metadata.title == "International work of Lilleby Municipality"
    culture_less = tables(document)["Initiatives without a theme"]
    assert len(culture_less.rows) == 4


def test_skanderborg_overview_in_danish() -> None:
    portfolio = munintl.load(EXAMPLE)
    document = build(portfolio, language="da")
    titles = [text for _level, text in headings(document)]
    assert document.metadata.title in titles
    assert any("Eisenach" in title for title in titles)
    assert not [
        b for b in document.blocks if isinstance(b, Paragraph) and b.style == "fallback"
    ]
