"""The overview lists an initiative under every theme it serves and shows
every strategy document in force, not only the first of each.

"Green harbour" serves Climate and the cross-cutting Green transition;
from 2010 to 2024 Nordby has a strategy and a separate partner-city policy
in force at once.
"""

from __future__ import annotations

import re

import pytest

from munintl.hooks.manager import MunintlPluginManager
from munintl.model import Initiative, LocalizedText, Period
from munintl.reports.document import Heading
from reports.nordby import make_nordby
from reports.rendered import build, markdown, pdf, tables


@pytest.fixture(autouse=True)
def _builtins(plugin_manager: MunintlPluginManager) -> None:
    """Build with the built-in plugins only."""


def titles(table_title: str, **request: object) -> list[str]:
    document = build(make_nordby(), "overview", **request)
    return [str(row[0]) for row in tables(document)[table_title].rows]


def test_initiative_appears_under_every_theme_it_serves() -> None:
    assert "Green harbour" in titles("Initiatives: Climate")
    # The cross-cutting theme's table is not empty any more.
    assert titles("Initiatives: Green transition") == ["Green harbour"]
    nordby = make_nordby()
    for text in (markdown(nordby, kind="overview"), pdf(nordby, kind="overview")):
        assert re.search(r"Initiatives: Climate\W.{0,600}Green harbour", text)
        assert re.search(r"Initiatives: Green transition\W.{0,200}Green harbour", text)


def test_initiative_serving_a_goal_appears_under_the_goal_s_theme() -> None:
    nordby = make_nordby()
    exchange = Initiative(
        id="udveksling",
        title=LocalizedText.of(en="Youth exchange"),
        kind="event",
        status="implementation",
        period=Period.parse("2020"),
        goals=("kultur-maal",),
    )
    portfolio = type(nordby)(
        municipality=nordby.municipality,
        bodies=nordby.bodies,
        organisations=nordby.organisations,
        strategies=nordby.strategies,
        initiatives=(*nordby.initiatives, exchange),
        partnerships=nordby.partnerships,
    )
    culture = tables(build(portfolio, "overview"))["Initiatives: Culture"]
    assert "Youth exchange" in [row[0] for row in culture.rows]
    assert "Initiatives without a theme" not in tables(build(portfolio, "overview"))


def test_every_document_in_force_is_shown() -> None:
    nordby = make_nordby()
    document = build(nordby, "overview", period=Period.year(2018))
    headings = [(b.level, b.text) for b in document.blocks if isinstance(b, Heading)]
    assert headings[0] == (1, "International work of Nordby Municipality")
    assert (2, "Partner-city policy") in headings
    assert (2, "Nordby in the world") in headings
    assert (4, "Partner cities") in headings
    assert (4, "Culture") in headings
    for text in (
        markdown(nordby, kind="overview", period=2018),
        pdf(nordby, kind="overview", period=2018),
    ):
        assert "Few partners, close ties." in text
        assert "We learn from the world." in text


def test_one_document_in_force_keeps_the_single_strategy_layout() -> None:
    # After the policy (2008-2024) only the strategy is in force.
    document = build(make_nordby(), "overview", period=Period.year(2025))
    headings = [(b.level, b.text) for b in document.blocks if isinstance(b, Heading)]
    assert headings[0] == (1, "Nordby in the world")
    assert (2, "Partner-city policy") not in headings


def test_follow_up_draft_covers_every_document_in_force() -> None:
    nordby = make_nordby()
    document = build(nordby, period=Period.year(2018))
    headings = [(b.level, b.text) for b in document.blocks if isinstance(b, Heading)]
    assert (2, "Background") in headings
    assert (2, "Partner cities") in headings
    assert (2, "Culture") in headings
    text = markdown(nordby, period=2018)
    assert "Few partners, close ties." in text
    assert "We learn from the world." in text
