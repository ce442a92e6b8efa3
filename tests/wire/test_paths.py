"""The one field-path convention: field paths, portfolio paths and back."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from munintl.model import Portfolio
from munintl.testing.strategies import BIG, portfolios, slugs
from munintl.wire.convert import unstructure
from munintl.wire.paths import (
    COLLECTIONS,
    FieldPath,
    IdCache,
    format_path,
    join,
    place,
    portfolio_path,
    raw_path,
    split_path,
)

#: Wire data with one of everything a portfolio path names specially.
DATA: dict[str, Any] = {
    "municipality": {"id": "lilleby", "name": {"da": "Lilleby"}},
    "initiatives": [
        {"id": "museum-exchange", "period": {"start": 2020}},
        {"id": "staff-exchange", "period": {"start": 2021, "end": 2023}},
        {"id": "Not A Slug", "title": {"da": "x"}},
        {"title": {"da": "no id"}},
    ],
    "strategies": [
        {
            "id": "strategy",
            "themes": [
                {"id": "culture", "goals": [{"id": "g", "statement": {"da": "x"}}]},
                {
                    "id": "climate",
                    "themes": [{"id": "water", "goals": [{"id": "w"}]}],
                },
            ],
        }
    ],
    "followups": [
        {
            "id": "followup-2024",
            "updates": [
                {"subject": "theme:culture", "progress": "on-track"},
                {"subject": "initiative:staff-exchange", "achievements": {"da": "a"}},
                {"subject": "not a subject", "progress": "delayed"},
            ],
        }
    ],
}


# -- format_path, place, join --------------------------------------------------


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ((), ""),
        (("initiatives",), "initiatives"),
        (("initiatives", 3, "period", "end"), "initiatives[3].period.end"),
        ((0, "title"), "[0].title"),
        (("a", 1, 2), "a[1][2]"),
    ],
)
def test_format_path_writes_dotted_paths_with_indexes(
    path: tuple[str | int, ...], text: str
) -> None:
    assert format_path(path) == text


@pytest.mark.parametrize(
    ("parent", "field", "key", "path"),
    [
        ("bodies[x]", "links", 0, "bodies[x].links[0]"),
        ("bodies[x]", "name", None, "bodies[x].name"),
        ("", "municipality", None, "municipality"),
        ("followups[f]", "updates", "theme:t", "followups[f].updates[theme:t]"),
    ],
)
def test_place_joins_parent_field_and_key(
    parent: str, field: str, key: str | int | None, path: str
) -> None:
    assert place(parent, field, key) == path


@pytest.mark.parametrize(
    ("head", "inner", "path"),
    [
        ("initiatives[x]", ("period", "end"), "initiatives[x].period.end"),
        ("initiatives[x]", (), "initiatives[x]"),
        ("themes[t].goals", (0, "statement"), "themes[t].goals[0].statement"),
        ("municipality", ("name", "da"), "municipality.name.da"),
    ],
)
def test_join_extends_a_portfolio_path(head: str, inner: FieldPath, path: str) -> None:
    assert join(head, inner) == path


# -- portfolio_path --------------------------------------------------------------


@pytest.mark.parametrize(
    ("steps", "path"),
    [
        (("municipality", "name", "da"), "municipality.name.da"),
        (("initiatives", 1, "period", "end"), "initiatives[staff-exchange].period.end"),
        (("initiatives", 2, "title"), "initiatives[2].title"),
        (("initiatives", 3, "title", "da"), "initiatives[3].title.da"),
        (("strategies", 0, "themes", 0, "goals", 0), "themes[culture].goals[0]"),
        (
            ("strategies", 0, "themes", 1, "themes", 0, "goals", 0, "id"),
            "themes[water].goals[0].id",
        ),
        (
            ("followups", 0, "updates", 1, "achievements"),
            "followups[followup-2024].updates[initiative:staff-exchange].achievements",
        ),
        (
            ("followups", 0, "updates", 2, "progress"),
            "followups[followup-2024].updates[2].progress",
        ),
        (("initiatives", 9, "title"), "initiatives[9].title"),
        (
            ("initiatives", 0, "nope", "deeper"),
            "initiatives[museum-exchange].nope.deeper",
        ),
    ],
)
def test_portfolio_path_names_entities_by_id_where_they_have_one(
    steps: FieldPath, path: str
) -> None:
    assert portfolio_path(DATA, steps) == path


def test_portfolio_path_uses_ids_only_for_entities_not_for_items_inside_them() -> None:
    data = {"initiatives": [{"id": "i", "results": [{"id": "r", "title": "x"}]}]}
    assert portfolio_path(data, ("initiatives", 0, "results", 0, "title")) == (
        "initiatives[i].results[0].title"
    )


# -- raw_path ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "steps"),
    [
        ("municipality.name.da", ("municipality", "name", "da")),
        ("initiatives[staff-exchange].period.end", ("initiatives", 1, "period", "end")),
        ("initiatives[3].title", ("initiatives", 3, "title")),
        (
            "themes[water].goals[0]",
            ("strategies", 0, "themes", 1, "themes", 0, "goals", 0),
        ),
        (
            "followups[followup-2024].updates[initiative:staff-exchange]",
            ("followups", 0, "updates", 1),
        ),
    ],
)
def test_raw_path_finds_what_a_portfolio_path_names(
    path: str, steps: FieldPath
) -> None:
    assert raw_path(DATA, path) == steps
    assert raw_path(DATA, path, IdCache()) == steps


@pytest.mark.parametrize(
    ("path", "steps"),
    [
        ("initiatives[staff-exchange].period.nope", ("initiatives", 1, "period")),
        ("initiatives[gone].title", ("initiatives",)),
        ("initiatives[9].title", ("initiatives",)),
        ("themes[gone].goals[0]", ()),
        ("themes[culture].goals[5]", ("strategies", 0, "themes", 0, "goals")),
        ("followups[followup-2024].updates[goal:x]", ("followups", 0, "updates")),
        ("widgets[x].y", ()),
        ("", ()),
    ],
)
def test_raw_path_stops_at_the_deepest_part_that_exists(
    path: str, steps: FieldPath
) -> None:
    assert raw_path(DATA, path) == steps
    assert raw_path(DATA, path, IdCache()) == steps


def test_raw_path_of_data_that_is_no_mapping_is_empty() -> None:
    assert raw_path(["not", "a", "portfolio"], "initiatives[x]") == ()
    assert raw_path(None, "themes[t]") == ()


def every_path(node: object, here: FieldPath = ()) -> Iterator[FieldPath]:
    """Yield the path of every value in wire data, containers included."""
    yield here
    if isinstance(node, dict):
        for key, value in node.items():
            yield from every_path(value, (*here, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from every_path(value, (*here, index))


def digit_ids(portfolio: Portfolio) -> set[str]:
    """Ids made of digits only, which a portfolio path cannot tell from positions."""
    ids = [e.id for name in COLLECTIONS for e in getattr(portfolio, name)]
    ids += [theme.id for _, theme in portfolio.all_themes()]
    return {i for i in ids if i.isdigit()}


@settings(BIG, max_examples=15)
@given(portfolios())
def test_raw_path_inverts_portfolio_path_for_every_value(portfolio: Portfolio) -> None:
    data = unstructure(portfolio)
    ambiguous = digit_ids(portfolio)
    ids = IdCache()  # one for every path, as a store locating many findings
    for steps in every_path(data):
        path = portfolio_path(data, steps)
        # See test_raw_path_finds_an_entity_whose_id_is_all_digits.
        if ambiguous & set(re.findall(r"\[(\d+)\]", path)):
            continue
        assert raw_path(data, path) == steps, path
        assert raw_path(data, path, ids) == steps, path


def test_raw_path_finds_an_entity_whose_id_is_all_digits() -> None:
    # "2011" is a valid id (a slug) and portfolio_path names the entity by
    # it; a finding on it must not be located at another entity's line.
    data = {"initiatives": [{"id": "museum-exchange"}, {"id": "2011", "title": "x"}]}
    path = portfolio_path(data, ("initiatives", 1, "title"))
    assert path == "initiatives[2011].title"
    assert raw_path(data, path) == ("initiatives", 1, "title")
    assert raw_path(data, path, IdCache()) == ("initiatives", 1, "title")


def test_raw_path_of_an_id_given_twice_follows_the_rest_of_the_path() -> None:
    # Validation reports the duplicate; a finding on one of the two is
    # located in the one that has what it names, else in the first.
    data = {
        "bodies": [
            {"id": "a", "name": {"da": "A"}},
            {"id": "b"},
            {"id": "a", "parent": "b", "name": {"da": "A2"}},
        ]
    }
    ids = IdCache()
    for cache in (None, ids, ids):
        assert raw_path(data, "bodies[a].parent", cache) == ("bodies", 2, "parent")
        assert raw_path(data, "bodies[a].name.da", cache) == ("bodies", 0, "name", "da")
        assert raw_path(data, "bodies[a].nope", cache) == ("bodies", 0)
        assert raw_path(data, "bodies[b]", cache) == ("bodies", 1)


def test_one_id_cache_serves_two_portfolios_each_with_its_own_ids() -> None:
    ids = IdCache()
    first = {"bodies": [{"id": "a"}]}
    assert raw_path(first, "bodies[a]", ids) == ("bodies", 0)
    second = {"bodies": [{"id": "b"}, {"id": "a"}]}
    assert raw_path(second, "bodies[a]", ids) == ("bodies", 1)


# -- split_path ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "parts"),
    [
        ("themes[t].goals[0].statement", ("themes", "t", ("goals", 0, "statement"))),
        ("municipality.name", (None, "", ("name",))),
        ("municipality", (None, "", ())),
        ("initiatives[x]", ("initiatives", "x", ())),
        (
            "followups[f].updates[initiative:x].achievements",
            ("followups", "f", ("updates", "initiative:x", "achievements")),
        ),
    ],
)
def test_split_path_gives_collection_id_and_steps(
    path: str, parts: tuple[str | None, str, FieldPath]
) -> None:
    assert split_path(path) == parts


@pytest.mark.parametrize(
    "path",
    [
        "",
        "portfolio",
        "widgets[x].y",
        "initiatives",
        "initiatives[x]..title",
        "initiatives[x]title",
        "initiatives[x].title[",
    ],
)
def test_split_path_refuses_paths_outside_the_convention(path: str) -> None:
    assert split_path(path) is None


_KEYS = st.from_regex(r"[a-z_]{1,8}", fullmatch=True)
_STEPS = st.lists(_KEYS | st.integers(0, 99), max_size=5).map(tuple)


@given(
    st.sampled_from((*COLLECTIONS, "themes")),
    slugs(),
    _STEPS,
)
def test_split_path_undoes_join(collection: str, id: str, steps: FieldPath) -> None:
    assert split_path(join(f"{collection}[{id}]", steps)) == (collection, id, steps)


@given(_STEPS)
def test_split_path_undoes_join_for_the_municipality(steps: FieldPath) -> None:
    assert split_path(join("municipality", steps)) == (None, "", steps)


# -- COLLECTIONS -------------------------------------------------------------------


def test_collections_are_the_portfolios_entity_collections() -> None:
    fields = {field.name for field in attrs.fields(Portfolio)}
    assert set(COLLECTIONS) == fields - {"municipality"}
