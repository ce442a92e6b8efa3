"""Rules on texts and locale codes: translations, languages, currencies, countries."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from munintl.config import Config
from munintl.errors import Finding
from munintl.hooks.manager import MunintlPluginManager
from munintl.model import (
    FundingLine,
    Goal,
    Initiative,
    LocalizedText,
    Money,
    Municipality,
    Organisation,
    Portfolio,
    Provenance,
    Strategy,
    Theme,
    source_hash,
)
from munintl.validation import RuleContext, run_rules

MANAGER = MunintlPluginManager(strict=True, allow=(), disable=())
MANAGER.load_builtins(["munintl.plugins.codelists", "munintl.plugins.rules.text"])


def check(code: str, portfolio: Portfolio) -> list[Finding]:
    """Run one rule, as validation would, with the built-in codelists."""
    context = RuleContext(codelists=MANAGER.codelists(), config=Config())
    return run_rules(portfolio, [MANAGER.rules()[code]], context)


def summary(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.severity, f.path, f.message) for f in findings]


def both(value: str) -> LocalizedText:
    return LocalizedText.of(da=value, en=value)


def initiative(id: str, **kwargs: Any) -> Initiative:
    kwargs.setdefault("title", both(id))
    return Initiative(id=id, kind="project", **kwargs)


def portfolio(*initiatives: Initiative, **kwargs: Any) -> Portfolio:
    municipality = {
        "id": "lilleby",
        "name": both("Lilleby Kommune"),
        "country": "DK",
        "default_language": "da",
        "working_languages": ("da", "en"),
        **kwargs.pop("municipality", {}),
    }
    return Portfolio(
        municipality=Municipality(**municipality), initiatives=initiatives, **kwargs
    )


def test_text_rules_are_registered_with_their_severities() -> None:
    assert {name: rule.severity for name, rule in MANAGER.rules().items()} == {
        "missing-translation": "warning",
        "stale-translation": "warning",
        "unknown-language": "error",
        "unknown-currency": "error",
        "unknown-country": "warning",
        "forbidden-character": "error",
        "number-limits": "error",
        "markdown-subset": "warning",
    }


def test_rule_modules_import_babel_only_when_a_rule_runs() -> None:
    code = (
        "import sys, munintl.plugins.rules.text, munintl.plugins.rules.references,"
        " munintl.plugins.rules.dates, munintl.plugins.codelists;"
        " print(sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# -- missing-translation -------------------------------------------------------


def test_public_text_missing_a_working_language_is_a_warning() -> None:
    subject = portfolio(initiative("x", title=LocalizedText.of(da="Museumsudveksling")))
    assert summary(check("missing-translation", subject)) == [
        (
            "warning",
            "initiatives[x].title",
            "this text has no 'en' version; the municipality works in 'da', 'en', so"
            " add the translation (or remove the language from working_languages)",
        )
    ]


def test_blank_translation_counts_as_missing() -> None:
    title = LocalizedText.of(da="Museumsudveksling", en="  ")
    subject = portfolio(
        initiative("x", title=title),
        municipality={"working_languages": ("da", "en", "de")},
    )
    advice = (
        "the municipality works in 'da', 'en', 'de', so add the translation (or"
        " remove the language from working_languages)"
    )
    assert summary(check("missing-translation", subject)) == [
        (
            "warning",
            "initiatives[x].title",
            f"this text has no 'en', 'de' version; {advice}",
        ),
        ("warning", "municipality.name", f"this text has no 'de' version; {advice}"),
    ]


def test_without_working_languages_the_default_language_is_required() -> None:
    subject = portfolio(
        initiative("x", title=LocalizedText.of(en="Museum exchange")),
        municipality={"working_languages": ()},
    )
    assert summary(check("missing-translation", subject)) == [
        (
            "warning",
            "initiatives[x].title",
            "this text has no 'da' version; the municipality works in 'da', so add"
            " the translation (or remove the language from working_languages)",
        )
    ]


def test_texts_of_internal_entities_and_their_parts_are_not_checked() -> None:
    danish = LocalizedText.of(da="Kun dansk")
    hidden = Theme(
        id="internal-theme",
        title=danish,
        visibility="internal",
        goals=(Goal(id="goal", statement=danish),),
    )
    subject = portfolio(
        initiative("x", title=danish, visibility="internal"),
        strategies=(Strategy(id="s", title=both("Strategi"), themes=(hidden,)),),
    )
    assert check("missing-translation", subject) == []


def test_complete_and_empty_texts_pass() -> None:
    assert check("missing-translation", portfolio(initiative("x"))) == []


# -- stale-translation ---------------------------------------------------------


def _translated(source: str, translated_from: str) -> LocalizedText:
    return LocalizedText(
        values={"da": source, "en": "Two visits to Eisenach"},
        provenance={
            "da": Provenance(method="original"),
            "en": Provenance(
                method="machine",
                source_language="da",
                source_hash=source_hash(translated_from),
            ),
        },
    )


def test_translation_of_an_older_source_is_a_warning() -> None:
    summary_text = _translated("Tre besøg i Eisenach", "To besøg i Eisenach")
    subject = portfolio(initiative("x", summary=summary_text))
    assert summary(check("stale-translation", subject)) == [
        (
            "warning",
            "initiatives[x].summary.en",
            "the 'en' translation was made from an earlier version of the 'da' text,"
            " which has changed since; update the translation and its source hash",
        )
    ]


def test_translation_of_the_current_source_passes() -> None:
    summary_text = _translated("To besøg i Eisenach", "To  besøg i\nEisenach")
    assert (
        check("stale-translation", portfolio(initiative("x", summary=summary_text)))
        == []
    )


# -- unknown-language ----------------------------------------------------------


def test_unknown_language_in_a_text_is_an_error_with_a_suggestion() -> None:
    title = LocalizedText(values={"da": "Udveksling", "dk": "Udveksling"})
    subject = portfolio(initiative("x", title=title))
    assert summary(check("unknown-language", subject)) == [
        (
            "error",
            "initiatives[x].title.dk",
            "'dk' is not a known language code; did you mean 'da'?",
        )
    ]


def test_unknown_working_language_is_an_error() -> None:
    subject = portfolio(
        municipality={"default_language": "dan", "working_languages": ("da", "english")}
    )
    assert summary(check("unknown-language", subject)) == [
        (
            "error",
            "municipality.default_language",
            "'dan' is not a known language code; did you mean 'da'?",
        ),
        (
            "error",
            "municipality.working_languages[1]",
            "'english' is not a known language code; did you mean 'en'?",
        ),
    ]


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("en_GB", "'en_GB' is not a language tag; write 'en-GB'"),
        (
            "en-XY",
            "'en-XY' names the unknown region 'XY'; use a country code, as in 'en-GB'"
            " or 'de-CH'",
        ),
        (
            "xx",
            "'xx' is not a known language code; use an ISO 639 code such as 'da', 'en'"
            " or 'de'",
        ),
        ("ger", "'ger' is not a known language code; did you mean 'de'?"),
    ],
)
def test_malformed_or_unknown_language_tags_are_explained(
    tag: str, message: str
) -> None:
    subject = portfolio(initiative("x", summary=LocalizedText(values={tag: "text"})))
    assert summary(check("unknown-language", subject)) == [
        ("error", f"initiatives[x].summary.{tag}", message)
    ]


def test_unknown_source_language_in_provenance_is_an_error() -> None:
    title = LocalizedText(
        values={"da": "Udveksling", "en": "Exchange"},
        provenance={"en": Provenance(method="human", source_language="dk")},
    )
    subject = portfolio(initiative("x", title=title))
    assert summary(check("unknown-language", subject)) == [
        (
            "error",
            "initiatives[x].title.en.source_language",
            "'dk' is not a known language code; did you mean 'da'?",
        )
    ]


def test_an_unknown_language_is_reported_wherever_it_is_used() -> None:
    # Each distinct tag is judged once a run; every place using it is reported.
    dk = LocalizedText(values={"da": "Udveksling", "dk": "Udveksling"})
    from_dk = LocalizedText(
        values={"da": "Udveksling", "en": "Exchange"},
        provenance={"en": Provenance(method="human", source_language="dk")},
    )
    subject = portfolio(
        initiative("x", title=dk, summary=from_dk), initiative("y", title=dk)
    )
    assert [
        path
        for _severity, path, _message in summary(check("unknown-language", subject))
    ] == [
        "initiatives[x].summary.en.source_language",
        "initiatives[x].title.dk",
        "initiatives[y].title.dk",
    ]


def test_known_language_tags_pass() -> None:
    title = LocalizedText(
        values={
            "da": "a",
            "en-GB": "b",
            "de-CH": "c",
            "kl": "d",
            "se": "e",
            "zh-Hant": "f",
        }
    )
    subject = portfolio(
        initiative("x", title=title),
        municipality={"working_languages": ("da", "kl", "en")},
    )
    assert check("unknown-language", subject) == []


# -- unknown-currency ----------------------------------------------------------


def _funded(*currencies: str) -> Initiative:
    return initiative(
        "x",
        funding=tuple(
            FundingLine(amount=Money(amount=1000, currency=currency))
            for currency in currencies
        ),
    )


def test_unknown_currency_is_an_error_with_a_suggestion() -> None:
    subject = portfolio(_funded("DKR", "EUX", "QQQ"))
    assert summary(check("unknown-currency", subject)) == [
        (
            "error",
            "initiatives[x].funding[0].amount.currency",
            "'DKR' is not an ISO 4217 currency code; did you mean 'DKK'?",
        ),
        (
            "error",
            "initiatives[x].funding[1].amount.currency",
            "'EUX' is not an ISO 4217 currency code; did you mean 'EUR'?",
        ),
        (
            "error",
            "initiatives[x].funding[2].amount.currency",
            "'QQQ' is not an ISO 4217 currency code",
        ),
    ]


def test_current_and_historic_currencies_pass() -> None:
    assert (
        check("unknown-currency", portfolio(_funded("DKK", "EUR", "SEK", "DEM"))) == []
    )


# -- unknown-country -----------------------------------------------------------


def _organisation(id: str, country: str | None) -> Organisation:
    return Organisation(id=id, name=both(id), type="municipality", country=country)


def test_country_code_outside_iso_3166_is_a_warning() -> None:
    subject = portfolio(
        organisations=(_organisation("bristol", "UK"), _organisation("oceania", "QO")),
        municipality={"country": "XY"},
    )
    assert summary(check("unknown-country", subject)) == [
        (
            "warning",
            "municipality.country",
            "'XY' looks like a country code but is not one in ISO 3166-1; write the"
            " two-letter code (DK, DE, NO, ...) or, for a territory without one, its"
            " name",
        ),
        (
            "warning",
            "organisations[bristol].country",
            "'UK' is not an ISO 3166-1 country code; did you mean 'GB'?",
        ),
        (
            "warning",
            "organisations[oceania].country",
            "'QO' looks like a country code but is not one in ISO 3166-1; write the"
            " two-letter code (DK, DE, NO, ...) or, for a territory without one, its"
            " name",
        ),
    ]


def test_country_codes_and_free_text_territories_pass() -> None:
    subject = portfolio(
        organisations=(
            _organisation("bergen", "NO"),
            _organisation("mariehamn", "Åland"),
            _organisation("commission", "EU"),
            _organisation("pristina", "XK"),
            _organisation("lowercase", "dk"),
            _organisation("unknown", None),
        )
    )
    assert check("unknown-country", subject) == []


# -- markdown-subset -----------------------------------------------------------


def test_markdown_outside_the_subset_is_a_warning() -> None:
    description = LocalizedText.of(
        da="# Baggrund\n\n| a | b |\n|---|---|", en="A plain paragraph."
    )
    subject = portfolio(initiative("x", description=description))
    assert summary(check("markdown-subset", subject)) == [
        (
            "warning",
            "initiatives[x].description.da",
            "this text uses headings (#), tables, which munintl's Markdown does not"
            " support (only paragraphs, *emphasis*, **strong**, lists and"
            " [links](url)); outputs will show them as plain text",
        )
    ]


def test_markdown_inside_the_subset_passes() -> None:
    description = LocalizedText.of(
        da="Vi vil:\n\n- *styrke* samarbejdet\n- læse **mere** på [kommunen](https://lilleby.dk)",
        en="1. First\n2. Second",
    )
    assert (
        check("markdown-subset", portfolio(initiative("x", description=description)))
        == []
    )
