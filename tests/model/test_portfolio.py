"""The portfolio: its sorted collections, lookups and the queries reports use."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings

from munintl.model import (
    Body,
    FollowUp,
    Goal,
    Initiative,
    LocalizedText,
    Municipality,
    Organisation,
    PartialDate,
    Partnership,
    PartnershipEvent,
    Party,
    Period,
    Portfolio,
    Strategy,
    SubjectRef,
    Theme,
)
from munintl.testing.strategies import BIG, portfolios

D = dt.date
NAME = LocalizedText.of(da="navn")
SKANDERBORG = Municipality(
    id="skanderborg", name=NAME, country="DK", default_language="da"
)


def body(id: str, parent: str | None = None) -> Body:
    return Body(id=id, name=NAME, type="committee", parent=parent)


def initiative(id: str, period: Period | None = None, *themes: str) -> Initiative:
    return Initiative(id=id, title=NAME, kind="project", period=period, themes=themes)


def partnership(id: str, *events: tuple[str, str, str | None]) -> Partnership:
    return Partnership(
        id=id,
        kind="twinning",
        title=NAME,
        parties=(Party(party="skanderborg"), Party(party=id)),
        events=tuple(
            PartnershipEvent(kind=kind, date=PartialDate.parse(date), party=party)
            for kind, date, party in events
        ),
    )


def strategy(
    id: str,
    *,
    status: str = "adopted",
    start: str | None = None,
    supersedes: str | None = None,
    themes: tuple[Theme, ...] = (),
) -> Strategy:
    return Strategy(
        id=id,
        title=NAME,
        status=status,
        period=Period.parse(start) if start else None,
        supersedes=supersedes,
        themes=themes,
    )


THEMES = (
    Theme(
        id="climate",
        title=NAME,
        responsible=("technical-committee",),
        goals=(Goal(id="fewer-emissions", statement=NAME),),
        themes=(
            Theme(
                id="energy",
                title=NAME,
                responsible=("energy-unit",),
                goals=(Goal(id="solar", statement=NAME),),
            ),
        ),
    ),
    Theme(id="culture", title=NAME, reports_to=("culture-committee",)),
    Theme(id="youth", title=NAME, responsible=("staff-unit",)),
)

PORTFOLIO = Portfolio(
    municipality=SKANDERBORG,
    bodies=(
        body("technical-committee", parent="council"),
        body("council"),
        body("energy-unit", parent="technical-department"),
        body("technical-department", parent="technical-committee"),
        body("culture-committee", parent="council"),
        body("staff-unit"),
    ),
    organisations=(
        Organisation(id="tartu", name=NAME, type="municipality"),
        Organisation(id="arendal", name=NAME, type="municipality"),
    ),
    strategies=(
        strategy("strategy-2016", status="superseded", start="2016"),
        strategy(
            "strategy-2020", start="2020", supersedes="strategy-2016", themes=THEMES
        ),
    ),
    initiatives=(
        initiative("urbact-network", Period.parse("2010", "2012"), "energy"),
        initiative("youth-exchange", None, "youth"),
        initiative("old-project", Period.parse("2005", "2009"), "culture"),
        initiative("solar-study", Period.parse("2013"), "climate"),
    ),
    partnerships=(
        partnership("tartu", ("signed", "1993", None)),
        partnership("arendal", ("signed", "1990", None), ("ended", "2005", None)),
    ),
    followups=(
        FollowUp(id="followup-2011", period=Period.year(2011), addressee="council"),
        FollowUp(id="followup-2010", period=Period.year(2010), addressee="council"),
    ),
)


def ids(items: tuple[Any, ...]) -> list[str]:
    return [item.id for item in items]


# -- collections and lookups ------------------------------------------------------


def test_collections_are_kept_in_id_order() -> None:
    assert ids(PORTFOLIO.bodies) == sorted(ids(PORTFOLIO.bodies))
    assert ids(PORTFOLIO.organisations) == ["arendal", "tartu"]
    assert ids(PORTFOLIO.initiatives) == [
        "old-project",
        "solar-study",
        "urbact-network",
        "youth-exchange",
    ]
    assert ids(PORTFOLIO.followups) == ["followup-2010", "followup-2011"]


def test_collections_accept_lists_and_become_tuples() -> None:
    portfolio = Portfolio(municipality=SKANDERBORG, bodies=[body("b"), body("a")])
    assert portfolio.bodies == (body("a"), body("b"))


def test_portfolios_with_the_same_entities_in_any_order_are_equal() -> None:
    shuffled = Portfolio(
        municipality=SKANDERBORG,
        bodies=tuple(reversed(PORTFOLIO.bodies)),
        organisations=PORTFOLIO.organisations,
        strategies=tuple(reversed(PORTFOLIO.strategies)),
        initiatives=tuple(reversed(PORTFOLIO.initiatives)),
        partnerships=PORTFOLIO.partnerships,
        followups=tuple(reversed(PORTFOLIO.followups)),
    )
    assert shuffled == PORTFOLIO


@settings(BIG, max_examples=10)
@given(portfolios())
def test_generated_portfolios_keep_every_collection_sorted(
    portfolio: Portfolio,
) -> None:
    for collection in (
        portfolio.bodies,
        portfolio.organisations,
        portfolio.strategies,
        portfolio.initiatives,
        portfolio.partnerships,
        portfolio.followups,
    ):
        assert ids(collection) == sorted(ids(collection))


def test_lookups_find_entities_by_id() -> None:
    assert PORTFOLIO.body("council") == body("council")
    assert PORTFOLIO.organisation("tartu") is PORTFOLIO.organisations[1]
    assert PORTFOLIO.initiative("youth-exchange") == initiative(
        "youth-exchange", None, "youth"
    )
    assert PORTFOLIO.partnership("arendal") is PORTFOLIO.partnerships[0]
    assert PORTFOLIO.followup("followup-2011") is PORTFOLIO.followups[1]
    assert PORTFOLIO.strategy("strategy-2016") is PORTFOLIO.strategies[0]


@pytest.mark.parametrize(
    "lookup",
    [
        Portfolio.body,
        Portfolio.organisation,
        Portfolio.initiative,
        Portfolio.partnership,
        Portfolio.followup,
        Portfolio.strategy,
        Portfolio.theme,
        Portfolio.goal,
        Portfolio.theme_of_goal,
    ],
)
def test_lookups_return_none_for_unknown_ids(lookup: Any) -> None:
    assert lookup(PORTFOLIO, "nowhere") is None


def test_theme_and_goal_lookups_reach_nested_themes() -> None:
    energy = PORTFOLIO.theme("energy")
    assert energy is not None
    assert energy.id == "energy"
    solar = PORTFOLIO.goal("solar")
    assert solar is not None
    assert solar.id == "solar"
    theme = PORTFOLIO.theme_of_goal("solar")
    assert theme is not None
    assert theme.id == "energy"


def test_is_party_means_the_municipality_or_an_organisation() -> None:
    assert PORTFOLIO.is_party("skanderborg")
    assert PORTFOLIO.is_party("tartu")
    assert not PORTFOLIO.is_party("council")


@pytest.mark.parametrize(
    ("subject", "exists"),
    [
        ("theme:energy", True),
        ("goal:solar", True),
        ("initiative:urbact-network", True),
        ("partnership:tartu", True),
        ("theme:solar", False),
        ("initiative:tartu", False),
        ("partnership:urbact-network", False),
    ],
)
def test_subject_exists_looks_in_the_collection_its_kind_names(
    subject: str, exists: bool
) -> None:
    assert PORTFOLIO.subject_exists(SubjectRef.parse(subject)) is exists


def test_all_themes_walks_every_strategy_depth_first() -> None:
    assert [(s.id, t.id) for s, t in PORTFOLIO.all_themes()] == [
        ("strategy-2020", "climate"),
        ("strategy-2020", "energy"),
        ("strategy-2020", "culture"),
        ("strategy-2020", "youth"),
    ]


# -- the current strategy --------------------------------------------------------


def current(*strategies: Strategy) -> str | None:
    found = Portfolio(municipality=SKANDERBORG, strategies=strategies).strategy()
    return found.id if found else None


def test_current_strategy_is_the_one_no_other_supersedes() -> None:
    assert (
        current(
            strategy("b-new", start="2016", supersedes="z-old"),
            strategy("z-old", start="2020"),
        )
        == "b-new"
    )


@pytest.mark.parametrize("status", ["superseded", "expired"])
def test_superseded_or_expired_strategy_is_not_current(status: str) -> None:
    assert (
        current(strategy("a", status=status, start="2024"), strategy("b", start="2016"))
        == "b"
    )


def test_newest_candidate_is_current() -> None:
    assert (
        current(strategy("a", start="2016"), strategy("b", start="2020"), strategy("c"))
        == "b"
    )


def test_without_a_current_candidate_the_newest_strategy_is_taken() -> None:
    assert (
        current(
            strategy("a", status="expired", start="2010"),
            strategy("b", status="expired", start="2016"),
        )
        == "b"
    )


def test_no_strategies_means_no_current_strategy() -> None:
    assert current() is None


def test_portfolio_strategy_picks_the_2020_strategy() -> None:
    found = PORTFOLIO.strategy()
    assert found is not None
    assert found.id == "strategy-2020"


# -- active in a period -----------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2011, ["urbact-network"]),
        (2007, ["old-project"]),
        (2013, ["solar-study"]),
        (2030, ["solar-study"]),
        (1990, []),
    ],
)
def test_initiatives_active_in_uses_the_overlap_rule(
    year: int, expected: list[str]
) -> None:
    assert ids(PORTFOLIO.initiatives_active_in(Period.year(year))) == expected
    # The youth exchange has no period: not known to be active in any year.
    assert ids(PORTFOLIO.initiatives_without_period()) == ["youth-exchange"]


def active_partnerships(*partnerships: Partnership, year: int) -> list[str]:
    portfolio = Portfolio(municipality=SKANDERBORG, partnerships=partnerships)
    return ids(portfolio.partnerships_active_in(Period.year(year)))


def test_twinning_signed_before_the_period_is_active_in_it() -> None:
    assert active_partnerships(
        partnership("tartu", ("signed", "1993", None)), year=2011
    ) == ["tartu"]


def test_partnership_signed_after_the_period_is_not_active_in_it() -> None:
    assert (
        active_partnerships(partnership("tartu", ("signed", "2015", None)), year=2011)
        == []
    )


def test_partnership_signed_during_the_period_is_active_in_it() -> None:
    assert active_partnerships(
        partnership("tartu", ("signed", "2011-06-01", None)), year=2011
    ) == ["tartu"]


def test_partnership_ended_before_the_period_is_not_active_in_it() -> None:
    ended = partnership("arendal", ("signed", "1990", None), ("ended", "2005", None))
    assert active_partnerships(ended, year=2011) == []


def test_partnership_ended_during_the_period_is_still_active_in_it() -> None:
    ended = partnership(
        "arendal", ("signed", "1990", None), ("ended", "2011-05-01", None)
    )
    assert active_partnerships(ended, year=2011) == ["arendal"]


def test_partnership_counts_while_one_party_remains() -> None:
    half = partnership(
        "tartu", ("signed", "1993", None), ("ended", "2005", "skanderborg")
    )
    assert active_partnerships(half, year=2011) == ["tartu"]


def test_partnership_transferred_by_every_party_is_gone() -> None:
    gone = partnership("tartu", ("signed", "1993", None), ("transferred", "2005", None))
    assert active_partnerships(gone, year=2011) == []


def test_partnership_without_events_is_not_active() -> None:
    assert active_partnerships(partnership("tartu"), year=2011) == []


def test_partnership_status_reports_each_party() -> None:
    assert PORTFOLIO.partnership_status("arendal", D(2000, 1, 1)) == {
        "skanderborg": "active",
        "arendal": "active",
    }
    with pytest.raises(KeyError):
        PORTFOLIO.partnership_status("nowhere")


# -- bodies and themes ------------------------------------------------------------


def test_descendants_of_a_body_include_grandchildren() -> None:
    assert sorted(PORTFOLIO.descendants_of("technical-committee")) == [
        "energy-unit",
        "technical-department",
    ]
    assert sorted(PORTFOLIO.descendants_of("council")) == [
        "culture-committee",
        "energy-unit",
        "technical-committee",
        "technical-department",
    ]
    assert PORTFOLIO.descendants_of("staff-unit") == ()


def test_descendants_of_a_body_in_a_cycle_terminate() -> None:
    looped = Portfolio(
        municipality=SKANDERBORG,
        bodies=(body("a", parent="c"), body("b", parent="a"), body("c", parent="b")),
    )
    assert sorted(looped.descendants_of("a")) == ["b", "c"]
    selfish = Portfolio(municipality=SKANDERBORG, bodies=(body("a", parent="a"),))
    assert selfish.descendants_of("a") == ()


def test_themes_for_body_include_themes_of_its_sub_bodies() -> None:
    assert ids(PORTFOLIO.themes_for_body("technical-committee")) == [
        "climate",
        "energy",
    ]
    assert ids(PORTFOLIO.themes_for_body("technical-department")) == ["energy"]
    assert ids(PORTFOLIO.themes_for_body("council")) == ["climate", "energy", "culture"]


def test_themes_for_body_include_themes_that_report_to_it() -> None:
    assert ids(PORTFOLIO.themes_for_body("culture-committee")) == ["culture"]


def test_themes_for_unrelated_body_are_empty() -> None:
    assert PORTFOLIO.themes_for_body("nowhere") == ()


def test_initiatives_for_theme_include_those_of_child_themes() -> None:
    assert ids(PORTFOLIO.initiatives_for_theme("climate")) == [
        "solar-study",
        "urbact-network",
    ]
    assert ids(PORTFOLIO.initiatives_for_theme("energy")) == ["urbact-network"]
    assert PORTFOLIO.initiatives_for_theme("nowhere") == ()
