"""Strategies, themes, goals and indicators (model.strategy)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from munintl.model import LocalizedText, Strategy, Theme
from munintl.model.strategy import (
    MAX_THEME_DEPTH,
    Goal,
    Measurement,
    StrategyDocument,
)
from munintl.model.values import FieldValueError
from munintl.testing.samples import sample_portfolio

T = LocalizedText.of


def theme(theme_id: str, *children: Theme, goals: tuple[Goal, ...] = ()) -> Theme:
    return Theme(id=theme_id, title=T(en=theme_id), themes=children, goals=goals)


def goal(goal_id: str) -> Goal:
    return Goal(id=goal_id, statement=T(en=goal_id))


def chain(depth: int) -> Theme:
    node = theme(f"t{depth}")
    for level in range(depth - 1, 0, -1):
        node = theme(f"t{level}", node)
    return node


TREE = theme(
    "a",
    theme("b", theme("d"), theme("e")),
    theme("c", theme("f", theme("g"))),
)


def test_walk_yields_a_theme_and_everything_under_it_depth_first() -> None:
    assert [t.id for t in TREE.walk()] == ["a", "b", "d", "e", "c", "f", "g"]
    assert [t.id for t in theme("leaf").walk()] == ["leaf"]


def test_depth_counts_the_levels_below() -> None:
    assert theme("leaf").depth() == 1
    assert TREE.depth() == 4
    assert TREE.themes[0].depth() == 2


def test_walk_and_depth_do_not_recurse() -> None:
    deep = chain(5000)
    assert deep.depth() == 5000
    assert sum(1 for _ in deep.walk()) == 5000
    assert MAX_THEME_DEPTH < 5000


@given(st.integers(min_value=1, max_value=60))
def test_depth_of_a_chain_is_its_length(depth: int) -> None:
    node = chain(depth)
    assert node.depth() == depth
    assert [t.id for t in node.walk()] == [f"t{n}" for n in range(1, depth + 1)]


def test_all_themes_and_all_goals_cover_the_whole_tree() -> None:
    strategy = Strategy(
        id="s",
        title=T(en="S"),
        themes=(
            theme("a", theme("b", goals=(goal("g2"),)), goals=(goal("g1"),)),
            theme("c", goals=(goal("g3"),)),
        ),
    )
    assert [t.id for t in strategy.all_themes()] == ["a", "b", "c"]
    assert [(t.id, g.id) for t, g in strategy.all_goals()] == [
        ("a", "g1"),
        ("b", "g2"),
        ("c", "g3"),
    ]


def test_a_strategy_is_adopted_unless_said_otherwise() -> None:
    strategy = Strategy(id="s", title=T(en="S"))
    assert strategy.status == "adopted"
    assert (strategy.period, strategy.supersedes, strategy.themes) == (None, None, ())


@pytest.mark.parametrize(
    ("given_value", "expected"),
    [(4, Decimal(4)), ("2.50", Decimal("2.50")), (Decimal("1e3"), Decimal(1000))],
)
def test_measurement_values_become_decimals(
    given_value: object, expected: Decimal
) -> None:
    value = Measurement(value=given_value).value  # type: ignore[arg-type]
    assert isinstance(value, Decimal)
    assert value == expected
    assert Measurement().value is None


@pytest.mark.parametrize("bad", [Decimal("NaN"), "Infinity", Decimal("-inf")])
def test_a_measurement_that_is_not_finite_is_refused(bad: object) -> None:
    with pytest.raises(FieldValueError, match="is not a finite number") as caught:
        Measurement(value=bad)  # type: ignore[arg-type]
    assert caught.value.field == "value"


def test_floats_are_read_by_their_shortest_form() -> None:
    assert Measurement(value=0.1).value == Decimal("0.1")  # type: ignore[arg-type]


def test_theme_and_document_references_must_be_slugs() -> None:
    with pytest.raises(FieldValueError) as caught:
        Theme(id="t", title=T(en="t"), responsible=("Byrådet",))
    assert caught.value.field == "responsible"
    with pytest.raises(FieldValueError) as caught:
        StrategyDocument(id="d", kind="policy", title=T(en="d"), issuer="Not A Slug")
    assert caught.value.field == "issuer"
    with pytest.raises(FieldValueError):
        Strategy(id="s", title=T(en="S"), supersedes="Old Strategy")


def test_the_sample_strategy_nests_and_has_goals_with_indicators() -> None:
    strategy = sample_portfolio().strategies[0]
    ids = [t.id for t in strategy.all_themes()]
    assert ids == ["livskvalitet", "borgerservice", "klima", "aabenhed"]
    assert strategy.themes[0].depth() == 2
    goals = {g.id: g for _t, g in strategy.all_goals()}
    indicator = goals["flere-udvekslinger"].indicators[0]
    assert indicator.baseline is not None
    assert indicator.baseline.value == Decimal(4)
