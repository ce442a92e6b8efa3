"""The converter: round trips for every model class, strict hooks, findings."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

import attrs
import pytest
from cattrs.errors import ClassValidationError
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

import munintl.model
from munintl.errors import Finding, ValidationError
from munintl.model import (
    Body,
    CaseReference,
    Codelist,
    CodeRef,
    FollowUp,
    FundingLine,
    Initiative,
    LocalizedText,
    Money,
    Municipality,
    PartialDate,
    Participation,
    Period,
    Portfolio,
    Provenance,
    Source,
    StatusUpdate,
    SubjectRef,
)
from munintl.testing.strategies import (
    BIG,
    adoptions,
    bodies,
    case_references,
    code_items,
    code_refs,
    codelists,
    date_claims,
    decision_rights,
    decisions,
    figures,
    follow_up_rules,
    followups,
    former_names,
    funding_lines,
    goals,
    indicators,
    initiatives,
    links,
    localized_texts,
    measurements,
    members,
    money,
    municipalities,
    organisations,
    partial_dates,
    participations,
    parties,
    partnership_events,
    partnerships,
    periods,
    portfolios,
    provenances,
    recurrences,
    results,
    sources,
    status_updates,
    strategies,
    strategy_documents,
    subject_refs,
    themes,
)
from munintl.wire.convert import (
    converter,
    findings_from,
    fingerprint,
    structure,
    unstructure,
)

# -- round trips ------------------------------------------------------------------

ROUND_TRIPS: dict[type, st.SearchStrategy[Any]] = {
    munintl.model.Adoption: adoptions(),
    munintl.model.Body: bodies(),
    munintl.model.CaseReference: case_references(),
    munintl.model.CodeItem: code_items(),
    munintl.model.CodeRef: code_refs(schemes=()),
    munintl.model.Codelist: codelists(),
    munintl.model.DateClaim: date_claims(),
    munintl.model.Decision: decisions(),
    munintl.model.DecisionRight: decision_rights(),
    munintl.model.FollowUp: followups(),
    munintl.model.FollowUpRule: follow_up_rules(),
    munintl.model.Figure: figures(),
    munintl.model.FormerName: former_names(),
    munintl.model.FundingLine: funding_lines(),
    munintl.model.Goal: goals(),
    munintl.model.Indicator: indicators(),
    munintl.model.Initiative: initiatives(),
    munintl.model.Link: links(),
    munintl.model.LocalizedText: localized_texts(min_languages=0),
    munintl.model.Measurement: measurements(),
    munintl.model.Member: members(),
    munintl.model.Money: money(),
    munintl.model.Municipality: municipalities(),
    munintl.model.Organisation: organisations(),
    munintl.model.PartialDate: partial_dates(bounds=True),
    munintl.model.Participation: participations(),
    munintl.model.Partnership: partnerships(),
    munintl.model.PartnershipEvent: partnership_events(),
    munintl.model.Party: parties(),
    munintl.model.Period: periods(ordered=False),
    munintl.model.Provenance: provenances(),
    munintl.model.Recurrence: recurrences(),
    munintl.model.Result: results(),
    munintl.model.Source: sources(),
    munintl.model.StatusUpdate: status_updates(),
    munintl.model.Strategy: strategies(),
    munintl.model.StrategyDocument: strategy_documents(),
    munintl.model.SubjectRef: subject_refs(),
    munintl.model.Theme: themes(),
}


def test_every_model_class_has_a_round_trip_strategy() -> None:
    # Entity is the base of the entities, not stored on its own; Portfolio has
    # its own test below.
    model_classes = {
        value
        for name in munintl.model.__all__
        if attrs.has(value := getattr(munintl.model, name))
    } - {munintl.model.Entity, munintl.model.Portfolio}
    assert model_classes - set(ROUND_TRIPS) == set()


def _default(field: attrs.Attribute[Any]) -> object:
    if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
        return field.default.factory()  # type: ignore[call-arg]
    return field.default


@pytest.mark.parametrize("cls", list(ROUND_TRIPS), ids=lambda cls: cls.__name__)
def test_strategies_give_every_field_a_value_other_than_its_default(cls: type) -> None:
    # A field the strategies never set is a field no round trip tests (a new
    # model field needs a strategy too).
    if not attrs.has(cls):
        pytest.skip("not an attrs class")
    fields = attrs.fields(cls)
    unset = {f.name for f in fields if f.default is not attrs.NOTHING}

    @settings(
        BIG,
        # Fields drawn only on one branch (an event's, a count's includes)
        # need more examples to be seen.
        max_examples=150
        if cls
        in (
            munintl.model.PartnershipEvent,
            munintl.model.Participation,
            munintl.model.PartialDate,
        )
        else 30
        if cls is munintl.model.Strategy
        else 12,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
    )
    @given(ROUND_TRIPS[cls])
    def record(obj: Any) -> None:
        for field in fields:
            if getattr(obj, field.name) != _default(field):
                unset.discard(field.name)

    record()
    assert unset == set()


def assert_plain(data: object) -> None:
    """Check that ``data`` holds only what JSON, YAML and TOML stores write."""
    if isinstance(data, dict):
        for key, value in data.items():
            assert isinstance(key, str), key
            assert_plain(value)
    elif isinstance(data, list):
        for item in data:
            assert_plain(item)
    else:
        assert data is None or type(data) in (str, int, bool), repr(data)


@pytest.mark.parametrize("cls", list(ROUND_TRIPS), ids=lambda cls: cls.__name__)
@settings(BIG, max_examples=15)
@given(data=st.data())
def test_structure_of_unstructure_gives_back_the_object(
    cls: type, data: st.DataObject
) -> None:
    obj = data.draw(ROUND_TRIPS[cls])
    plain = unstructure(obj)
    assert_plain(plain)
    assert structure(plain, cls) == obj
    assert structure(json.loads(json.dumps(plain)), cls) == obj


@settings(BIG, max_examples=25)
@given(portfolios())
def test_portfolio_survives_a_round_trip_through_json(portfolio: Portfolio) -> None:
    plain = unstructure(portfolio)
    assert_plain(plain)
    again = structure(json.loads(json.dumps(plain, ensure_ascii=False)), Portfolio)
    assert again == portfolio
    assert unstructure(again) == plain


# -- wire shapes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "wire"),
    [
        ("2011", 2011),
        ("0999", 999),
        ("~1993", "~1993"),
        ("2011-03", "2011-03"),
        ("2008-10-06", "2008-10-06"),
        ("1960s", "1960s"),
    ],
)
def test_partial_date_is_written_as_a_year_number_or_its_text(
    text: str, wire: object
) -> None:
    assert unstructure(PartialDate.parse(text)) == wire
    assert structure(wire, PartialDate) == PartialDate.parse(text)


def test_partial_date_reads_a_yaml_timestamp_as_a_day() -> None:
    assert structure(dt.date(2011, 3, 4), PartialDate) == PartialDate.parse(
        "2011-03-04"
    )


def test_partial_date_reads_a_number_as_a_year() -> None:
    assert structure(1993, PartialDate) == PartialDate(year=1993)
    assert structure(800, PartialDate) == PartialDate(year=800)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (dt.datetime(2011, 3, 4, 10, 0), "expected a date, found datetime"),
        (True, "found the boolean true"),
        (2011.0, "found the number 2011.0"),
        (0, "year 0 is outside 1-9999"),
        (-5, "year -5 is outside 1-9999"),
        ("2011-02-30", "2011-02 has no day 30 (it has 28 days)"),
        ([2011], "found a list"),
    ],
)
def test_partial_date_refuses_other_values(value: object, message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        structure(value, PartialDate)


def test_localized_text_is_a_mapping_and_provenance_sits_beside_its_text() -> None:
    text = LocalizedText(
        values={"da": "Hej", "en": "Hi"},
        provenance={"en": Provenance(method="machine", engine="deepl")},
    )
    assert unstructure(text) == {
        "da": "Hej",
        "en": {"text": "Hi", "method": "machine", "engine": "deepl"},
    }


def test_money_amount_is_a_number_when_whole_and_a_string_otherwise() -> None:
    assert unstructure(Money(amount=1500000, currency="DKK")) == {
        "amount": 1500000,
        "currency": "DKK",
    }
    assert unstructure(Money(amount="1000.50", currency="EUR", approximate=True)) == {
        "amount": "1000.50",
        "currency": "EUR",
        "approximate": True,
    }
    assert unstructure(Money(amount=Decimal("1E+3"), currency="SEK"))["amount"] == 1000


@pytest.mark.parametrize(
    ("wire", "amount"),
    [
        ("1000.50", "1000.50"),
        ("1000.0", "1000.0"),
        (" 12 ", "12"),
        (1000, "1000"),
        (1000.5, "1000.5"),
        (0.1, "0.1"),
        ("1e3", "1000"),  # an exponent is written out, within the limits
    ],
)
def test_money_amount_keeps_its_decimal_precision(wire: object, amount: str) -> None:
    money_ = structure({"amount": wire, "currency": "DKK"}, Money)
    assert isinstance(money_.amount, Decimal)
    assert str(money_.amount) == amount


def test_decimal_with_trailing_zeros_round_trips_unchanged() -> None:
    money_ = Money(amount=Decimal("1000.50"), currency="DKK")
    assert str(structure(unstructure(money_), Money).amount) == "1000.50"


def test_codes_and_subjects_are_written_as_text() -> None:
    assert unstructure(CodeRef("sdg", "11")) == "sdg:11"
    assert structure("sdg:11", CodeRef) == CodeRef("sdg", "11")
    assert unstructure(SubjectRef("initiative", "urbact")) == "initiative:urbact"
    assert structure("initiative:urbact", SubjectRef) == SubjectRef(
        "initiative", "urbact"
    )


def test_defaults_are_left_out_so_files_stay_short() -> None:
    initiative = Initiative(id="x", title=LocalizedText.of(da="X"), kind="project")
    assert unstructure(initiative) == {
        "id": "x",
        "title": {"da": "X"},
        "kind": "project",
    }


def test_nested_mappings_of_text_round_trip() -> None:
    codelist = Codelist(scheme="status", mappings={"closed": {"iati": "4"}})
    assert unstructure(codelist) == {
        "scheme": "status",
        "mappings": {"closed": {"iati": "4"}},
    }
    assert structure(unstructure(codelist), Codelist) == codelist


# -- strict hooks -----------------------------------------------------------------


def problems(data: object, cls: type) -> list[tuple[str, str, str]]:
    with pytest.raises(ValidationError) as caught:
        structure(data, cls)
    return [(f.path, f.code, f.message) for f in caught.value.findings]


@pytest.mark.parametrize(
    ("count", "found"),
    [
        ("3", "the text '3'"),
        (3.9, "the number 3.9"),
        (3.0, "the number 3.0"),
        (True, "the boolean true"),
    ],
)
def test_whole_number_field_takes_only_whole_numbers(count: object, found: str) -> None:
    assert problems({"count": count}, Participation) == [
        ("count", "invalid-value", f"expected a whole number, found {found}")
    ]


@pytest.mark.parametrize(
    ("title", "found"),
    [(42, "the number 42"), (True, "the boolean true"), (["a"], "a list")],
)
def test_text_field_takes_only_text(title: object, found: str) -> None:
    assert problems({"title": title}, Source) == [
        ("title", "invalid-value", f"expected text, found {found}")
    ]


@pytest.mark.parametrize("value", ["yes", "true", 1, 0])
def test_boolean_field_takes_only_true_or_false(value: object) -> None:
    data = {"id": "b", "name": {}, "type": "committee", "illustrative": value}
    assert problems(data, Body) == [
        (
            "illustrative",
            "invalid-value",
            f"expected true or false, found {_found(value)}",
        )
    ]


def _found(value: object) -> str:
    return f"the text {value!r}" if isinstance(value, str) else f"the number {value}"


def test_text_where_a_list_is_expected_is_an_error_not_a_list_of_letters() -> None:
    data = {"id": "x", "title": {}, "kind": "project", "themes": "PA1"}
    assert problems(data, Initiative) == [
        ("themes", "invalid-value", "expected a list, found the text 'PA1'")
    ]


def test_mapping_where_a_list_is_expected_is_an_error() -> None:
    data = {"id": "x", "title": {}, "kind": "project", "themes": {"a": 1}}
    assert problems(data, Initiative) == [
        ("themes", "invalid-value", "expected a list, found a mapping")
    ]


def test_list_where_a_mapping_is_expected_is_an_error() -> None:
    data = {
        "id": "m",
        "name": {},
        "country": "DK",
        "default_language": "da",
        "codes": ["x"],
    }
    assert problems(data, Municipality) == [
        ("codes", "invalid-value", "expected a mapping, found a list")
    ]


@pytest.mark.parametrize(
    ("value", "found"),
    [(2011, "the number 2011"), ("2011", "the text '2011'"), (["2011"], "a list")],
)
def test_value_where_an_object_is_expected_says_which_keys_it_needs(
    value: object, found: str
) -> None:
    data = {"id": "x", "title": {}, "kind": "project", "period": value}
    assert problems(data, Initiative) == [
        (
            "period",
            "invalid-value",
            f"expected a mapping with keys such as start, end, found {found}",
        )
    ]


def test_unknown_keys_are_errors_with_a_did_you_mean_hint() -> None:
    data = {
        "id": "x",
        "titel": {},
        "title": {},
        "kind": "project",
        "perod": {},
        "zzz": 1,
    }
    assert problems(data, Initiative) == [
        ("perod", "unknown-key", "unknown key 'perod'; did you mean 'period'?"),
        ("titel", "unknown-key", "unknown key 'titel'; did you mean 'title'?"),
        ("zzz", "unknown-key", "unknown key 'zzz'"),
    ]


def test_unknown_keys_in_a_translation_are_errors_with_a_hint() -> None:
    data = {
        "subject": "theme:a",
        "achievements": {"da": {"text": "x", "method": "human", "reveiw": "reviewed"}},
    }
    assert problems(data, StatusUpdate) == [
        (
            "achievements.da.reveiw",
            "unknown-key",
            "unknown key 'reveiw'; did you mean 'review'?",
        )
    ]


def test_translation_with_provenance_needs_its_text_and_method() -> None:
    assert problems({"da": {"method": "human"}}, LocalizedText) == [
        ("da.text", "missing-field", "this field is required but missing")
    ]
    assert problems({"da": {"text": "Hej"}}, LocalizedText) == [
        ("da.method", "missing-field", "this field is required but missing")
    ]
    assert problems({"da": {"text": 3, "method": "human"}}, LocalizedText) == [
        ("da.text", "invalid-value", "expected text, found the number 3")
    ]


def test_missing_required_fields_are_each_reported() -> None:
    assert problems({"acronym": "X"}, Initiative) == [
        ("id", "missing-field", "this field is required but missing"),
        ("title", "missing-field", "this field is required but missing"),
        ("kind", "missing-field", "this field is required but missing"),
    ]


@pytest.mark.parametrize(
    ("cls", "data", "path", "allowed"),
    [
        (
            Body,
            {"id": "b", "name": {}, "type": "x", "visibility": "secret"},
            "visibility",
            "'public', 'internal'",
        ),
        (
            FollowUp,
            {"id": "f", "period": {}, "addressee": "c", "state": "sent"},
            "state",
            "'draft', 'submitted'",
        ),
        (
            Provenance,
            {"method": "robot"},
            "method",
            "'original', 'human', 'machine', 'imported'",
        ),
        (
            Provenance,
            {"method": "human", "review": "ok"},
            "review",
            "'unreviewed', 'reviewed', 'rejected'",
        ),
    ],
)
def test_literal_fields_take_only_their_listed_values(
    cls: type, data: dict[str, object], path: str, allowed: str
) -> None:
    [(found_path, code, message)] = problems(data, cls)
    assert (found_path, code) == (path, "invalid-value")
    assert "is not allowed here; use one of " + allowed in message


def test_literal_field_refuses_a_boolean() -> None:
    data = {"id": "b", "name": {}, "type": "x", "visibility": True}
    [(path, _, message)] = problems(data, Body)
    assert path == "visibility"
    assert "is not allowed here" in message


@pytest.mark.parametrize("tag", ["DA", "english", "da_DK", "da\n", "d", ""])
def test_text_keys_must_be_language_tags(tag: str) -> None:
    assert problems({tag: "x"}, LocalizedText) == [
        (
            tag,
            "invalid-value",
            f"{tag!r} is not a language tag; use BCP 47 tags such as da, en, de",
        )
    ]


def test_text_key_that_is_not_text_is_refused() -> None:
    [(path, code, message)] = problems({1: "x"}, LocalizedText)
    assert (path, code) == ("1", "invalid-value")
    assert message.startswith("1 is not a language tag")


@pytest.mark.parametrize(
    "tag", ["da", "en", "de", "nb", "sma", "en-GB", "de-CH-1996", "sr-Latn"]
)
def test_text_accepts_language_tags_with_subtags(tag: str) -> None:
    assert structure({tag: "x"}, LocalizedText) == LocalizedText(values={tag: "x"})


def test_text_value_must_be_text_or_a_translation_mapping() -> None:
    assert problems({"da": 3, "en": None}, LocalizedText) == [
        ("da", "invalid-value", "expected text, found the number 3"),
        ("en", "invalid-value", "expected text, found nothing (null)"),
    ]
    assert problems("Hej", LocalizedText) == [
        (
            "",
            "invalid-value",
            "expected texts by language, e.g. {da: '...', en: '...'},"
            " found the text 'Hej'",
        )
    ]


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("abc", "expected a number, found the text 'abc'"),
        (True, "expected a number, found the boolean true"),
        ("NaN", "expected a finite number, found the text 'NaN'"),
        ("Infinity", "expected a finite number, found the text 'Infinity'"),
        (None, "expected a number, found nothing (null)"),
    ],
)
def test_money_amount_must_be_a_finite_number(amount: object, message: str) -> None:
    assert problems({"amount": amount, "currency": "DKK"}, Money) == [
        ("amount", "invalid-value", message)
    ]


def test_money_needs_a_mapping_and_a_currency_code() -> None:
    assert problems("250000 DKK", Money) == [
        (
            "",
            "invalid-value",
            "expected an amount, e.g. {amount: 250000, currency: DKK},"
            " found the text '250000 DKK'",
        )
    ]
    assert problems({"amount": 1, "currency": "kr"}, Money) == [
        (
            "currency",
            "invalid-value",
            "'kr' is not an ISO 4217 currency code such as DKK, EUR or SEK",
        )
    ]


def test_validators_report_the_field_they_check() -> None:
    assert problems({"id": "Not A Slug", "name": {}, "type": "x"}, Body)[0][:2] == (
        "id",
        "invalid-value",
    )
    assert problems({"subject": "project:x"}, StatusUpdate)[0][:2] == (
        "subject",
        "invalid-value",
    )
    assert problems("sdg", CodeRef) == [
        ("", "invalid-value", "'sdg' is not a code; write scheme:code, e.g. sdg:11")
    ]


# -- many problems, nested paths --------------------------------------------------

MUNICIPALITY = {
    "id": "skanderborg",
    "name": {"da": "Skanderborg"},
    "country": "DK",
    "default_language": "da",
}


def test_every_problem_in_a_portfolio_is_reported_with_its_path() -> None:
    data = {
        "municipality": MUNICIPALITY,
        "initiatives": [
            {"id": "ok", "title": {"da": "OK"}, "kind": "project"},
            {
                "id": "bad",
                "title": {"da": "Bad", "EN": "x"},
                "kind": "project",
                "period": {"start": 2010, "end": "2011-02-30"},
                "participations": [{"organisation": "tartu"}, {"role": "lead"}],
                "funding": [{"amount": {"amount": "lots", "currency": "DKK"}}],
            },
        ],
        "followups": [
            {
                "id": "f",
                "period": {"start": 2011},
                "addressee": "council",
                "state": "sent",
                "updates": [{"subject": "theme:a"}, {"subject": "project:x"}],
            }
        ],
        "partnership": [],
    }
    found = problems(data, Portfolio)
    assert [(path, code) for path, code, _ in found] == [
        ("initiatives[1].title.EN", "invalid-value"),
        ("initiatives[1].period.end", "invalid-value"),
        ("initiatives[1].participations[1].organisation", "invalid-value"),
        ("initiatives[1].funding[0].amount.amount", "invalid-value"),
        ("followups[0].state", "invalid-value"),
        ("followups[0].updates[1].subject", "invalid-value"),
        ("partnership", "unknown-key"),
    ]
    messages = {path: message for path, _, message in found}
    assert (
        messages["initiatives[1].period.end"]
        == "2011-02 has no day 30 (it has 28 days)"
    )
    assert (
        messages["partnership"]
        == "unknown key 'partnership'; did you mean 'partnerships'?"
    )
    assert (
        "either an organisation or"
        in messages["initiatives[1].participations[1].organisation"]
    )


def test_validation_error_message_lists_every_problem() -> None:
    with pytest.raises(ValidationError) as caught:
        structure({"count": "3", "lead": "no", "rolle": "partner"}, Participation)
    text = str(caught.value)
    assert text.startswith("3 problems found:")
    assert "count: expected a whole number" in text
    assert "lead: expected true or false" in text
    assert "rolle: unknown key 'rolle'; did you mean 'role'?" in text


def test_findings_can_carry_a_path_prefix() -> None:
    with pytest.raises(ClassValidationError) as caught:
        converter.structure({"period": {"end": "2011-13"}}, FundingLine)
    assert findings_from(caught.value, prefix=("initiatives", 3, "funding", 0)) == [
        Finding(
            code="invalid-value",
            message="month 13 does not exist",
            path="initiatives[3].funding[0].period.end",
        )
    ]


def test_case_reference_keeps_text_that_looks_like_numbers() -> None:
    data = {"number": "24/12345", "agenda_item": "5", "meeting": "2024-03-04"}
    case = structure(data, CaseReference)
    assert case.agenda_item == "5"
    assert unstructure(case) == data


# -- fingerprint ------------------------------------------------------------------

INITIATIVE = Initiative(
    id="urbact-network",
    title=LocalizedText.of(da="Aktiv transport", en="Active travel"),
    kind="network",
    period=Period.parse("2010", "~2012-06"),
    funding=(
        FundingLine(
            programme="urbact",
            amount=Money(amount=Decimal("250000.50"), currency="EUR"),
        ),
    ),
    classifications=(CodeRef("sdg", "11"),),
)


def test_fingerprint_of_a_known_object_never_changes() -> None:
    # Submitted follow-ups store this value; a change would break them all.
    assert fingerprint(INITIATIVE) == "sha256:402bf8ca25f0a8ca67df980c35cc3a01"


def test_fingerprint_ignores_the_order_of_mapping_keys() -> None:
    reordered = attrs.evolve(
        INITIATIVE, title=LocalizedText.of(en="Active travel", da="Aktiv transport")
    )
    assert fingerprint(reordered) == fingerprint(INITIATIVE)
    a = Municipality(
        id="m",
        name=LocalizedText(),
        country="DK",
        default_language="da",
        codes={"a": "1", "b": "2"},
    )
    b = attrs.evolve(a, codes={"b": "2", "a": "1"})
    assert fingerprint(a) == fingerprint(b)


def test_fingerprint_changes_with_the_content() -> None:
    changed = attrs.evolve(
        INITIATIVE, title=INITIATIVE.title.with_translation("en", "Active mobility")
    )
    assert fingerprint(changed) != fingerprint(INITIATIVE)
    assert fingerprint(attrs.evolve(INITIATIVE, classifications=())) != fingerprint(
        INITIATIVE
    )


@settings(BIG, max_examples=10)
@given(initiatives())
def test_fingerprint_is_the_same_after_a_round_trip(initiative: Initiative) -> None:
    value = fingerprint(initiative)
    assert re.fullmatch(r"sha256:[0-9a-f]{32}", value)
    assert fingerprint(structure(unstructure(initiative), Initiative)) == value
