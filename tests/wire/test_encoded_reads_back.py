"""A store's read-back check looks only at the items that are new.

:func:`munintl.wire.fastjson.encoded_reads_back` proves that a portfolio's
own encoding reads back as it.  Items of its collections that the fast
decoder made, or that an earlier check proved, are not checked again
(they are frozen); the rest of the portfolio and every other item are.  Its
answer must be the full check's -- decode, build, compare -- on generated
portfolios, on decoded ones with items replaced by generated ones, and on
items that cannot read back among vouched-for ones.
"""

from __future__ import annotations

import gc

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from munintl.model import LocalizedText, Portfolio
from munintl.testing.samples import sample_portfolio
from munintl.testing.strategies import portfolios
from munintl.wire import fastjson
from munintl.wire.convert import unstructure

pytest.importorskip("msgspec")


def _encoded(portfolio: Portfolio) -> bytes:
    return fastjson.dumps(unstructure(portfolio))


def _full_check(raw: bytes, portfolio: Portfolio) -> bool:
    again = fastjson.decode(raw, keys_unique=True)
    return again is not None and again == portfolio


def _decoded(portfolio: Portfolio) -> Portfolio:
    decoded = fastjson.decode(_encoded(portfolio))
    assert decoded is not None
    return decoded


def _pending(portfolio: Portfolio) -> list[object]:
    return [item for item in _items(portfolio) if not fastjson._vouched_for(item)]


def test_the_sorted_collections_of_the_root_are_checked_item_by_item() -> None:
    plan = fastjson._plan()
    assert plan is not None
    assert set(plan.items) == {
        "bodies",
        "organisations",
        "strategies",
        "initiatives",
        "partnerships",
        "followups",
    }


def test_decoded_items_are_vouched_for_and_a_new_one_is_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    portfolio = _decoded(sample_portfolio())
    assert _pending(portfolio) == []
    first = portfolio.initiatives[0]
    changed = attrs.evolve(first, title=LocalizedText.of(da="Nyt navn", en="New"))
    edited = attrs.evolve(portfolio, initiatives=(changed, *portfolio.initiatives[1:]))
    assert _pending(edited) == [changed]
    # Only the new item and the portfolio without its items are decoded:
    # the whole document is not.
    plan = fastjson._plan()
    assert plan is not None

    seen: list[int] = []
    decode = plan.decode
    monkeypatch.setattr(
        plan, "decode", lambda raw: seen.append(len(raw)) or decode(raw)
    )
    raw = _encoded(edited)
    assert fastjson.encoded_reads_back(raw, edited)
    assert seen
    assert max(seen) < len(raw) // 2
    # Proven once, vouched for after: only the portfolio without its items
    # is decoded again (by the root's decoder: the new item has its own).
    assert _pending(edited) == []
    seen.clear()
    assert fastjson.encoded_reads_back(raw, edited)
    assert len(seen) == 1
    assert seen[0] < len(raw) // 2


def test_a_new_item_that_cannot_read_back_is_caught_among_vouched_ones() -> None:
    portfolio = _decoded(sample_portfolio())
    first = portfolio.initiatives[0]
    odd = attrs.evolve(first, title=LocalizedText.of(**{"not a tag": "x"}))
    edited = attrs.evolve(portfolio, initiatives=(odd, *portfolio.initiatives[1:]))
    raw = _encoded(edited)
    assert not _full_check(raw, edited)
    assert not fastjson.encoded_reads_back(raw, edited)
    assert _pending(edited) == [odd]


def test_a_changed_root_field_is_checked_when_every_item_is_vouched_for() -> None:
    portfolio = _decoded(sample_portfolio())
    odd = attrs.evolve(
        portfolio,
        municipality=attrs.evolve(
            portfolio.municipality, name=LocalizedText.of(**{"not a tag": "Egeby"})
        ),
    )
    assert _pending(odd) == []
    raw = _encoded(odd)
    assert not _full_check(raw, odd)
    assert not fastjson.encoded_reads_back(raw, odd)


def test_a_collection_out_of_order_is_not_proven() -> None:
    portfolio = _decoded(sample_portfolio())
    unsorted = attrs.evolve(portfolio)
    object.__setattr__(unsorted, "initiatives", portfolio.initiatives[::-1])
    raw = _encoded(unsorted)
    assert not _full_check(raw, unsorted)
    assert not fastjson.encoded_reads_back(raw, unsorted)


@pytest.mark.parametrize("vouched", [True, False])
def test_an_item_of_another_class_is_not_proven(vouched: bool) -> None:
    portfolio = _decoded(sample_portfolio())
    partnership = portfolio.partnerships[0]
    if not vouched:
        partnership = attrs.evolve(partnership)
    assert fastjson._vouched_for(partnership) is vouched
    # Alone in its collection: in order, whatever its id.
    wrong = attrs.evolve(portfolio)
    object.__setattr__(wrong, "initiatives", (partnership,))
    raw = _encoded(wrong)
    assert not _full_check(raw, wrong)
    assert not fastjson.encoded_reads_back(raw, wrong)
    # A list where a tuple belongs is not proven either.
    listed = attrs.evolve(portfolio)
    object.__setattr__(listed, "initiatives", list(portfolio.initiatives))
    assert not fastjson.encoded_reads_back(_encoded(listed), listed)


def test_a_value_the_memos_doubt_leaves_the_items_unvouched(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = fastjson._plan()
    assert plan is not None
    memo = plan.build.__globals__["_date"]
    memo.found.clear()
    # A date whose wire form would read back as another date.
    monkeypatch.setattr(memo, "back", lambda _value: "1999")
    portfolio = fastjson.decode(_encoded(sample_portfolio()))
    assert portfolio is not None
    assert _pending(portfolio)
    assert not memo.found
    monkeypatch.undo()
    memo.found.clear()


def test_past_its_limit_the_registry_starts_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = _decoded(sample_portfolio())
    monkeypatch.setattr(fastjson, "_VOUCHED_LIMIT", 1)
    second = _decoded(sample_portfolio())
    assert _pending(second) == []
    # Forgotten (still alive, but past the limit): checked again when saved.
    assert _pending(first) == list(_items(first))
    assert len(fastjson._vouched) == len(_items(second))


def _items(portfolio: Portfolio) -> list[object]:
    plan = fastjson._plan()
    assert plan is not None
    return [item for name in plan.items for item in getattr(portfolio, name)]


def test_a_dead_item_is_not_vouched_for_through_its_id() -> None:
    portfolio = _decoded(sample_portfolio())
    key = id(portfolio.initiatives[0])
    reference = fastjson._vouched[key]
    del portfolio
    gc.collect()
    assert reference() is None
    # Whatever object takes that address next is not vouched for by it.
    entry = fastjson._vouched.get(key)
    assert entry is None or entry() is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios(), portfolios(), st.data())
def test_decoded_portfolios_with_items_swapped_are_judged_as_the_full_check_judges_them(
    first: Portfolio, second: Portfolio, data: st.DataObject
) -> None:
    decoded = _decoded(first)
    # What vouching for decoded items rests on: they read back as themselves.
    assert _pending(decoded) == []
    assert _full_check(_encoded(decoded), decoded)
    assert fastjson.encoded_reads_back(_encoded(decoded), decoded)
    name = data.draw(
        st.sampled_from(["initiatives", "partnerships", "organisations", "followups"])
    )
    keep = data.draw(st.integers(0, len(getattr(decoded, name))), label="kept")
    mixed = attrs.evolve(
        decoded,
        **{name: (*getattr(decoded, name)[:keep], *getattr(second, name))},
    )
    raw = _encoded(mixed)
    assert fastjson.encoded_reads_back(raw, mixed) == _full_check(raw, mixed)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios())
def test_a_generated_portfolio_reads_back_as_itself(portfolio: Portfolio) -> None:
    raw = _encoded(portfolio)
    assert fastjson.encoded_reads_back(raw, portfolio)
    assert _pending(portfolio) == []
    assert fastjson.encoded_reads_back(raw, portfolio)


def test_another_encoder_voids_what_was_vouched_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from munintl.wire import convert
    from storage.test_read_back import losing_participations

    portfolio = _decoded(sample_portfolio())
    assert _pending(portfolio) == []
    monkeypatch.setattr(
        convert, "unstructure", losing_participations(convert.unstructure)
    )
    raw = fastjson.dumps(convert.unstructure(portfolio))
    assert not _full_check(raw, portfolio)
    assert not fastjson.encoded_reads_back(raw, portfolio)
