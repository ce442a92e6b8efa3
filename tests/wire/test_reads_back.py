"""The quick read-back check says exactly what building and comparing says.

:func:`munintl.wire.fastjson.reads_back_as` proves that the bytes a store is
about to write decode to the portfolio it was given, walking the decoded
wire structs beside the model objects instead of building a second
portfolio.  It must answer True exactly when the full check --
``decode(raw) == portfolio`` -- does: on generated portfolios, and on their
wire data changed in one nested place (a value replaced by junk, a near
value of the same type, or one taken away or added).
"""

from __future__ import annotations

import copy
import json
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from munintl.model import LocalizedText, Portfolio
from munintl.testing.samples import sample_portfolio
from munintl.testing.strategies import portfolios
from munintl.wire import fastjson
from munintl.wire.convert import unstructure
from wire.test_fastjson import _places

pytest.importorskip("msgspec")


def _full_check(raw: bytes, portfolio: Portfolio) -> bool:
    """The check every store made before: decode, build, compare."""
    again = fastjson.decode(raw, keys_unique=True)
    return again is not None and again == portfolio


def _near(value: Any) -> Any:
    """A value of the same type as ``value`` that differs from it a little."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value[:-1] if value.endswith("x") else value + "x"
    if isinstance(value, list):
        return value[:-1] if value else [None]
    if isinstance(value, dict):
        return dict(list(value.items())[:-1]) if value else {"da": "x"}
    return "x"


def _changed(data: Any, path: tuple[Any, ...], action: str, junk: Any) -> Any:
    data = copy.deepcopy(data)
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "near":
        parent[last] = _near(parent[last])
    elif action == "replace":
        parent[last] = junk
    elif action == "delete":
        del parent[last]
    elif isinstance(parent[last], list) and parent[last]:
        parent[last].append(copy.deepcopy(parent[last][0]))  # one item twice
    elif isinstance(parent[last], dict):
        parent[last]["unexpected"] = junk
    else:
        parent[last] = [parent[last]]
    return data


_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=3000),
    st.sampled_from(
        ["", "x", "2011", "~1960s", "sdg:11", "da", "public", "Not A Slug", "1.5"]
    ),
    st.dictionaries(st.sampled_from(["da", "en", "EN", "text"]), st.text(max_size=2)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios())
def test_a_portfolio_reads_back_as_itself(portfolio: Portfolio) -> None:
    data = unstructure(portfolio)
    raw = fastjson.dumps(data)
    assert fastjson.reads_back_as(raw, portfolio)
    # Indented, as the JSON store writes it, too.
    indented = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
    assert fastjson.reads_back_as(indented, portfolio)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios(), st.data())
def test_changed_wire_data_is_judged_as_the_full_check_judges_it(
    portfolio: Portfolio, data: st.DataObject
) -> None:
    wire = unstructure(portfolio)
    places = [place for place in _places(wire) if place]
    path = data.draw(st.sampled_from(places), label="place")
    action = data.draw(
        st.sampled_from(["near", "near", "replace", "delete", "extend"]),
        label="action",
    )
    junk = data.draw(_JUNK, label="junk")
    raw = fastjson.dumps(_changed(wire, path, action, junk))
    assert fastjson.reads_back_as(raw, portfolio) == _full_check(raw, portfolio)


@pytest.mark.parametrize("action", ["near", "delete", "extend"])
def test_every_place_of_the_sample_changed_is_judged_as_the_full_check_judges_it(
    action: str,
) -> None:
    portfolio = sample_portfolio()
    wire = unstructure(portfolio)
    judged = {True: 0, False: 0}
    for path in _places(wire)[1:]:
        raw = fastjson.dumps(_changed(wire, path, action, "x"))
        quick = fastjson.reads_back_as(raw, portfolio)
        assert quick == _full_check(raw, portfolio), path
        judged[quick] += 1
    # Most changes make another portfolio; a few change nothing the model
    # keeps (a default written out, say).
    assert judged[False] > judged[True]


def test_another_portfolio_does_not_read_back_as_this_one() -> None:
    portfolio = sample_portfolio()
    first = portfolio.initiatives[0]
    other = attrs.evolve(
        portfolio,
        initiatives=(
            attrs.evolve(first, title=LocalizedText.of(da="Nyt navn")),
            *portfolio.initiatives[1:],
        ),
    )
    raw = fastjson.dumps(unstructure(portfolio))
    assert fastjson.reads_back_as(raw, portfolio)
    assert not fastjson.reads_back_as(raw, other)
    assert not fastjson.reads_back_as(fastjson.dumps(unstructure(other)), portfolio)


def test_what_no_file_can_hold_is_not_proven() -> None:
    # The model takes any key for a language; the converter refuses what is
    # not a language tag, so such a portfolio would not load again.
    portfolio = sample_portfolio()
    odd = attrs.evolve(
        portfolio,
        municipality=attrs.evolve(
            portfolio.municipality, name=LocalizedText.of(**{"not a tag": "Egeby"})
        ),
    )
    raw = fastjson.dumps(unstructure(odd))
    assert not fastjson.reads_back_as(raw, odd)
    assert not _full_check(raw, odd)
    forbidden = attrs.evolve(
        portfolio,
        municipality=attrs.evolve(
            portfolio.municipality, name=LocalizedText.of(da="Egeby\x85")
        ),
    )
    raw = fastjson.dumps(unstructure(forbidden))
    assert not fastjson.reads_back_as(raw, forbidden)
    assert not _full_check(raw, forbidden)


def test_without_comparers_nothing_is_proven(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = fastjson._plan()
    assert plan is not None
    assert plan.same is not None
    portfolio = sample_portfolio()
    raw = fastjson.dumps(unstructure(portfolio))
    monkeypatch.setattr(plan, "same", None)
    assert not fastjson.reads_back_as(raw, portfolio)


def test_collections_out_of_order_are_left_to_the_full_check() -> None:
    portfolio = sample_portfolio()
    assert len(portfolio.initiatives) > 1
    wire = unstructure(portfolio)
    wire["initiatives"].reverse()
    raw = fastjson.dumps(wire)
    # The model sorts them again: equal, but not proven by walking in order.
    assert _full_check(raw, portfolio)
    assert not fastjson.reads_back_as(raw, portfolio)
    # A portfolio whose own collection is out of order (made around the
    # model's converter) does not read back as itself: loading sorts it.
    unsorted = attrs.evolve(portfolio)
    object.__setattr__(unsorted, "initiatives", portfolio.initiatives[::-1])
    raw = fastjson.dumps(unstructure(unsorted))
    assert not _full_check(raw, unsorted)
    assert not fastjson.reads_back_as(raw, unsorted)
