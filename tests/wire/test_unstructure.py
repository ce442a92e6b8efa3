"""The generated unstructure functions return exactly what cattrs returns.

:func:`munintl.wire.convert.unstructure` uses functions generated once per
model class; the converter's cattrs functions are the reference.  Equal
means equal data *and* the same key order, so the JSON text is compared.
:func:`munintl.wire.fastjson.dumps` writes the bytes ``json.dumps`` writes.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import munintl
from munintl.model import LocalizedText, PartialDate, Portfolio, Provenance
from munintl.testing.samples import sample_portfolio
from munintl.testing.strategies import (
    bodies,
    followups,
    initiatives,
    localized_texts,
    municipalities,
    organisations,
    partial_dates,
    partnerships,
    portfolios,
    provenances,
    strategies,
)
from munintl.wire import convert, fastjson
from munintl.wire.convert import converter, unstructure

ROOT = Path(__file__).resolve().parents[2]


def _text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def _same_as_cattrs(obj: object) -> None:
    assert _text(unstructure(obj)) == _text(converter.unstructure(obj))


def test_example_unstructures_as_cattrs_does(example_path: Path) -> None:
    _same_as_cattrs(munintl.load(example_path))


def test_sample_unstructures_as_cattrs_does() -> None:
    _same_as_cattrs(sample_portfolio())


def test_benchmark_data_unstructures_as_cattrs_does() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    portfolio = convert.structure(generate.portfolio(200, seed=5), Portfolio)
    _same_as_cattrs(portfolio)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios())
def test_any_portfolio_unstructures_as_cattrs_does(portfolio: Portfolio) -> None:
    _same_as_cattrs(portfolio)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        municipalities(),
        bodies(),
        organisations(),
        strategies(),
        initiatives(),
        partnerships(),
        followups(),
        localized_texts(),
        provenances(),
    )
)
def test_any_model_object_unstructures_as_cattrs_does(obj: object) -> None:
    _same_as_cattrs(obj)


def test_texts_with_provenance_and_values_set_to_defaults() -> None:
    made = Provenance(method="machine", engine="pseudo", review="unreviewed")
    text = LocalizedText(values={"da": "Hej", "en": "Hi"}, provenance={"en": made})
    _same_as_cattrs(text)
    assert unstructure(text) == {
        "da": "Hej",
        "en": {"text": "Hi", "method": "machine", "engine": "pseudo"},
    }
    portfolio = sample_portfolio()
    first = portfolio.initiatives[0]
    changed = attrs.evolve(
        portfolio,
        initiatives=(
            attrs.evolve(first, title=text, visibility="public", summary=text),
            *portfolio.initiatives[1:],
        ),
    )
    _same_as_cattrs(changed)


def test_values_that_are_not_model_classes_go_to_the_converter() -> None:
    assert unstructure(PartialDate(year=2011, month=3)) == "2011-03"
    assert unstructure(Decimal("1.50")) == "1.50"
    assert unstructure({"a": 1}) == {"a": 1}


def test_a_class_the_generator_does_not_know_is_left_to_cattrs() -> None:
    @attrs.frozen
    class Odd:
        name: str
        copy: str = attrs.field(
            default=attrs.Factory(lambda self: self.name, takes_self=True)
        )
        tags: tuple[str, ...] = ()

    assert convert._unstructurer(Odd) is converter.get_unstructure_hook(Odd)
    assert unstructure(Odd("a", "b", ("x",))) == {
        "name": "a",
        "copy": "b",
        "tags": ["x"],
    }
    assert unstructure(Odd("a")) == {"name": "a"}


# -- fastjson.dumps ---------------------------------------------------------------

_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


def _reference(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(_JSON.filter(lambda data: "\ud800" not in repr(data)))
def test_dumps_writes_the_bytes_json_dumps_writes(data: Any) -> None:
    try:
        expected = _reference(data)
    except UnicodeEncodeError:
        with pytest.raises(UnicodeEncodeError):
            fastjson.dumps(data)
        return
    assert fastjson.dumps(data) == expected


def test_dumps_of_every_control_and_special_character() -> None:
    data = {"all": "".join(map(chr, range(0x3000))), "ints": [2**63, -(2**64)]}
    assert fastjson.dumps(data) == _reference(data)


@pytest.mark.parametrize("fast", [True, False])
def test_dumps_of_a_lone_surrogate_raises_with_the_json_text(
    fast: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fastjson, "available", lambda: fast)
    with pytest.raises(UnicodeEncodeError) as caught:
        fastjson.dumps({"title": "a\ud800b"})
    assert caught.value.object[caught.value.start] == "\ud800"


def test_dumps_without_msgspec_is_the_standard_library(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = unstructure(sample_portfolio())
    fast = fastjson.dumps(data)
    monkeypatch.setattr(fastjson, "available", lambda: False)
    assert fastjson.dumps(data) == fast == _reference(data)


def _decimal_wire_by_tuple(value: Decimal) -> int | str:
    # The definition: whole (exponent >= 0) as a number, the rest as text.
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= 0:
        return int(value)
    return str(value)


_DECIMALS = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.builds(
        lambda sign, digits, exponent: Decimal((sign, digits, exponent)),
        st.sampled_from([0, 1]),
        st.lists(st.integers(0, 9), min_size=1, max_size=30).map(tuple),
        st.integers(-40, 40),
    ),
)


@settings(max_examples=500)
@given(_DECIMALS)
def test_decimal_wire_is_whole_numbers_as_numbers_the_rest_as_text(
    value: Decimal,
) -> None:
    found = convert.decimal_wire(value)
    expected = _decimal_wire_by_tuple(value)
    assert found == expected
    assert type(found) is type(expected)


@settings(max_examples=200)
@given(partial_dates(bounds=True))
def test_remembered_date_shapes_are_the_shapes(date: PartialDate) -> None:
    expected = convert.date_wire(date)
    # An equal date made anew reads the remembered shape.
    again = attrs.evolve(date)
    for one in (date, again, date):
        found = convert._unstructure_partial_date(one)
        assert found == expected
        assert type(found) is type(expected)
