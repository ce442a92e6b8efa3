"""Money and per-currency totals, codes and codelists, ids and entity fields."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from munintl.model import (
    Body,
    CodeItem,
    Codelist,
    CodeRef,
    LocalizedText,
    Measurement,
    Money,
    is_slug,
    totals,
)
from munintl.model.values import FieldValueError
from munintl.testing.strategies import code_refs, money

# -- Money ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1500000, Decimal("1500000")),
        ("1000.50", Decimal("1000.50")),
        (Decimal("0.10"), Decimal("0.10")),
        (0.1, Decimal("0.1")),
    ],
)
def test_money_amount_becomes_an_exact_decimal(amount: Any, expected: Decimal) -> None:
    value = Money(amount=amount, currency="DKK")
    assert value.amount == expected
    assert str(value.amount) == str(expected)


@pytest.mark.parametrize(
    "amount", ["NaN", "Infinity", Decimal("-Infinity"), float("nan")]
)
def test_money_refuses_amounts_that_are_not_numbers(amount: Any) -> None:
    with pytest.raises(FieldValueError, match="is not an amount of money") as caught:
        Money(amount=amount, currency="EUR")
    assert caught.value.field == "amount"


@pytest.mark.parametrize("currency", ["dkk", "EURO", "KR", "", "DK1", "kr.", "DKK\n"])
def test_money_refuses_what_is_not_an_iso_4217_code(currency: str) -> None:
    with pytest.raises(
        FieldValueError, match="is not an ISO 4217 currency code"
    ) as caught:
        Money(amount=1, currency=currency)
    assert caught.value.field == "currency"


def test_money_prints_amount_with_thousands_and_approximate_marker() -> None:
    assert str(Money(amount=1500000, currency="DKK")) == "1,500,000 DKK"
    assert str(Money(amount="2500.50", currency="EUR", approximate=True)) == (
        "~2,500.50 EUR"
    )


def test_totals_keep_each_currency_apart() -> None:
    amounts = [
        Money(amount=1000, currency="DKK"),
        Money(amount="250.25", currency="EUR"),
        Money(amount="0.75", currency="DKK"),
        Money(amount=100, currency="SEK"),
    ]
    assert totals(amounts) == {
        "DKK": Decimal("1000.75"),
        "EUR": Decimal("250.25"),
        "SEK": Decimal("100"),
    }


def test_totals_add_decimals_without_float_rounding() -> None:
    amounts = (Money(amount="0.1", currency="EUR"), Money(amount="0.2", currency="EUR"))
    assert totals(amounts) == {"EUR": Decimal("0.3")}


def test_totals_of_nothing_is_empty() -> None:
    assert totals([]) == {}


@given(st.lists(money(), max_size=8))
def test_totals_sum_each_currency_on_its_own(amounts: list[Money]) -> None:
    result = totals(amounts)
    assert set(result) == {m.currency for m in amounts}
    for currency, total in result.items():
        assert total == sum(
            (m.amount for m in amounts if m.currency == currency), Decimal(0)
        )


# -- CodeRef --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "scheme", "code"),
    [
        ("sdg:11", "sdg", "11"),
        ("iati-sector:15150", "iati-sector", "15150"),
        ("sdg:11.3", "sdg", "11.3"),
        ("local:a:b", "local", "a:b"),
    ],
)
def test_code_ref_parse_splits_at_the_first_colon(
    text: str, scheme: str, code: str
) -> None:
    ref = CodeRef.parse(text)
    assert (ref.scheme, ref.code) == (scheme, code)
    assert str(ref) == text


@pytest.mark.parametrize("text", ["sdg", "sdg:", ":11", "", ":"])
def test_code_ref_parse_refuses_text_without_scheme_and_code(text: str) -> None:
    with pytest.raises(
        ValueError, match=re.escape("is not a code; write scheme:code, e.g. sdg:11")
    ):
        CodeRef.parse(text)


@pytest.mark.parametrize(
    ("scheme", "code", "message"),
    [
        ("a:b", "1", "is not a codelist scheme"),
        ("", "1", "is not a codelist scheme"),
        ("sdg", "", "a code cannot be empty"),
    ],
)
def test_code_ref_refuses_parts_that_would_not_read_back(
    scheme: str, code: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        CodeRef(scheme, code)


@given(code_refs(schemes=()))
def test_code_ref_reads_back_what_it_writes(ref: CodeRef) -> None:
    assert CodeRef.parse(str(ref)) == ref


# -- Codelist -------------------------------------------------------------------

STATUS = Codelist(
    scheme="initiative-status",
    items=(
        CodeItem(
            code="implementation",
            label=LocalizedText.of(da="Under gennemførelse", en="Implementation"),
        ),
        CodeItem(code="closed", label=LocalizedText.of(en="Closed")),
        CodeItem(code="pipeline", label=LocalizedText.of(de="In Vorbereitung")),
        CodeItem(code="cancelled"),
    ),
)


def test_codelist_label_in_the_requested_language() -> None:
    assert STATUS.label("implementation", "da") == "Under gennemførelse"


def test_codelist_label_follows_the_fallback_chain_then_english() -> None:
    assert STATUS.label("pipeline", "da", fallback=("sv", "de")) == "In Vorbereitung"
    assert STATUS.label("closed", "da") == "Closed"
    assert STATUS.label("closed", "da", fallback=("de",)) == "Closed"


def test_codelist_label_falls_back_to_the_code_itself() -> None:
    assert STATUS.label("pipeline", "da") == "pipeline"
    assert STATUS.label("cancelled", "en") == "cancelled"
    assert STATUS.label("unknown-code", "en") == "unknown-code"


def test_codelist_lists_codes_in_defined_order_and_finds_items() -> None:
    assert STATUS.codes() == ("implementation", "closed", "pipeline", "cancelled")
    assert STATUS.item("closed") == STATUS.items[1]
    assert STATUS.item("nope") is None


# -- ids and entity fields --------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["a", "0", "active-travel-network", "2011", "a-", "no", "x1-2-3"]
)
def test_slugs_are_lower_case_letters_digits_and_hyphens(value: str) -> None:
    assert is_slug(value)


@pytest.mark.parametrize(
    "value", ["", "-a", "Aarhus", "a b", "a_b", "æbeltoft", "a/b", "a.b", "a\n"]
)
def test_other_texts_are_not_slugs(value: str) -> None:
    assert not is_slug(value)


def test_entity_id_must_be_a_slug_and_names_the_field() -> None:
    with pytest.raises(FieldValueError, match="'Byrådet' is not a valid id") as caught:
        Body(id="Byrådet", name=LocalizedText.of(da="Byrådet"), type="city-council")
    assert caught.value.field == "id"


def test_entity_reference_must_be_a_slug() -> None:
    with pytest.raises(FieldValueError, match="is not a valid id") as caught:
        Body(id="udvalg", name=LocalizedText(), type="committee", parent="Byrådet")
    assert caught.value.field == "parent"


def test_entity_defaults_to_public_fact_without_sources() -> None:
    body = Body(id="council", name=LocalizedText.of(da="Byråd"), type="city-council")
    assert body.visibility == "public"
    assert body.illustrative is False
    assert body.sources == ()


def test_entity_visibility_is_public_or_internal() -> None:
    secret: Any = "secret"
    with pytest.raises(ValueError, match="visibility"):
        Body(id="x", name=LocalizedText(), type="committee", visibility=secret)


@pytest.mark.parametrize("value", ["NaN", float("inf"), Decimal("-Infinity")])
def test_measurement_value_must_be_a_finite_number(value: Any) -> None:
    # Such a value could not be saved: the wire shape refuses it.
    with pytest.raises(FieldValueError, match="is not a finite number") as caught:
        Measurement(value=value)
    assert caught.value.field == "value"


def test_measurement_value_becomes_an_exact_decimal() -> None:
    assert Measurement(value="12.50").value == Decimal("12.50")
    assert Measurement(value=3).value == Decimal(3)
    assert Measurement().value is None
