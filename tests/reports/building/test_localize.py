"""One report language: labels, codes, texts, dates, amounts (building.localize)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import munintl
from catalogs import write_po
from munintl.errors import ReportError
from munintl.model import (
    CodeItem,
    Codelist,
    LocalizedText,
    Money,
    PartialDate,
    Period,
)
from munintl.reports.building.localize import (
    BUILTIN_LABELS,
    WHEN,
    FallbackUse,
    Localizer,
    Resolved,
    localizer_for,
)
from munintl.reports.document import Heading, Paragraph, Table
from munintl.reports.request import ReportRequest
from munintl.testing.samples import sample_portfolio

D = PartialDate.parse
T = LocalizedText.of


def with_codelists(language: str, *fallback: str) -> Localizer:
    return Localizer(
        language, fallback, codelists=munintl.get_plugin_manager().codelists()
    )


def money(amount: str, currency: str, approximate: bool = False) -> Money:
    return Money(amount=Decimal(amount), currency=currency, approximate=approximate)


# -- labels ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [("da", "Beskrivelse"), ("de", "Beschreibung"), ("en", "Description")],
)
def test_labels_come_from_the_catalog_of_the_language(
    language: str, expected: str
) -> None:
    assert Localizer(language)._("Description") == expected


def test_a_regional_tag_uses_its_language_catalog() -> None:
    loc = Localizer("de-AT")
    assert loc.catalog_language == "de"
    assert loc._("Description") == "Beschreibung"


@pytest.mark.parametrize(
    ("language", "yes", "no"),
    [("da", "ja", "nej"), ("de", "ja", "nein"), ("en", "yes", "no")],
)
def test_yes_no_in_each_language(language: str, yes: str, no: str) -> None:
    loc = Localizer(language)
    assert (loc.yes_no(True), loc.yes_no(False)) == (yes, no)


def test_ngettext_chooses_the_plural_form_by_count() -> None:
    loc = Localizer("en")
    one, many = "{count} text is shown", "{count} texts are shown"
    assert loc.ngettext(one, many, 1) == one
    assert loc.ngettext(one, many, 2) == many


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", "Under gennemførelse"),
        ("de", "In Durchführung"),
        ("en", "Implementation"),
    ],
)
def test_code_labels_come_from_the_given_codelists(
    language: str, expected: str
) -> None:
    loc = with_codelists(language)
    assert loc.code("initiative-status", "implementation") == expected


def test_code_labels_without_codelists_are_the_code_humanised() -> None:
    loc = Localizer("en")
    assert loc.code("initiative-status", "implementation") == "Implementation"
    assert loc.code("progress-status", "on-track") == "On track"
    assert loc.code("x", "not_assessed-yet") == "Not assessed yet"
    assert loc.code("x", None) == ""
    assert loc.code("x", "") == ""


def test_a_code_label_missing_in_the_language_follows_the_chain() -> None:
    codelist = Codelist(
        scheme="colour",
        items=(
            CodeItem(code="red", label=T(da="rød")),
            CodeItem(code="blue", label=T(de="blau", en="blue")),
        ),
    )
    loc = Localizer("de", ("da",), codelists={"colour": codelist})
    assert loc.code("colour", "blue") == "blau"
    assert loc.code("colour", "red") == "rød"
    assert Localizer("da", codelists={"colour": codelist}).code("colour", "blue") == (
        "blue"
    )
    assert loc.code("colour", "green") == "Green"


@pytest.mark.parametrize(
    ("language", "expected"), [("da", "Hvilende"), ("de", "Ruhend"), ("en", "Dormant")]
)
def test_builtin_labels_are_translated_when_no_codelist_has_the_scheme(
    language: str, expected: str
) -> None:
    assert "partnership-status" in BUILTIN_LABELS
    assert Localizer(language).code("partnership-status", "dormant") == expected


def test_language_name_in_the_report_language() -> None:
    assert Localizer("en").language_name("da") == "Danish"
    assert Localizer("da").language_name("de") == "tysk"
    assert Localizer("de").language_name("da") == "Dänisch"
    assert Localizer("en").language_name("not a tag!") == "not a tag!"


def test_an_unknown_language_is_a_report_error() -> None:
    with pytest.raises(ReportError, match="'xx-nolang' is not a language"):
        Localizer("xx-nolang")


# -- content and fallbacks -------------------------------------------------------


def test_the_chain_is_language_primary_fallback_then_default() -> None:
    loc = Localizer("en-GB", ("de", "en"), default_language="da")
    assert loc.chain == ("en-GB", "en", "de", "da")
    assert Localizer("da", default_language="da").chain == ("da",)


def test_a_text_in_the_report_language_is_no_fallback() -> None:
    loc = Localizer("en", ("de",), default_language="da")
    assert loc.resolve(T(en="Hi", de="Hallo"), "Item", "Field") == Resolved(
        text="Hi", language="en", fallback=False
    )
    assert loc.fallbacks == []


def test_fallback_follows_the_chain_and_is_recorded() -> None:
    loc = Localizer("en", ("de",), default_language="da")
    assert loc.resolve(T(da="Hej", de="Hallo"), "Item", "Field") == Resolved(
        text="Hallo", language="de", fallback=True
    )
    assert loc.text(T(da="Hej"), "Other", "Summary") == "Hej"
    assert loc.text(T(fr="Salut"), "Third", "Summary") == "Salut"
    assert loc.fallbacks == [
        FallbackUse(item="Item", field="Field", language="de"),
        FallbackUse(item="Other", field="Summary", language="da"),
        FallbackUse(item="Third", field="Summary", language="fr"),
    ]


def test_a_fallback_is_recorded_once_and_only_when_named() -> None:
    loc = Localizer("en", default_language="da")
    for _ in range(3):
        loc.text(T(da="Hej"), "Item", "Field")
    loc.text(T(da="Uden navn"))
    assert loc.fallbacks == [FallbackUse(item="Item", field="Field", language="da")]


def test_an_empty_text_resolves_to_nothing() -> None:
    loc = Localizer("en")
    assert loc.resolve(LocalizedText(), "Item") == Resolved(
        text="", language=None, fallback=False
    )
    assert loc.fallbacks == []


def test_name_and_title_default_and_record_under_their_own_text() -> None:
    loc = Localizer("en", default_language="da")
    assert loc.name(LocalizedText(), "the-id") == "the-id"
    assert loc.name(T(da="Byrådet"), "byraadet") == "Byrådet"
    assert loc.title(T(da="Kultur"), "kultur") == "Kultur"
    assert loc.fallbacks == [
        FallbackUse(item="Byrådet", field="Name", language="da"),
        FallbackUse(item="Kultur", field="Title", language="da"),
    ]


def test_blocks_are_styled_fallback_or_illustrative() -> None:
    loc = Localizer("en", default_language="da")
    assert loc.blocks(T(da="a\n\nb"), "Item", "Field") == [
        Paragraph(text='<span lang="da">a</span>', style="fallback"),
        Paragraph(text='<span lang="da">b</span>', style="fallback"),
    ]
    assert loc.blocks(T(en="x"), illustrative=True) == [
        Paragraph(text="x", style="illustrative")
    ]
    assert loc.blocks(T(en="x")) == [Paragraph(text="x")]


def test_the_fallback_notice_and_section_list_every_use() -> None:
    loc = Localizer("en", ("de",), default_language="da")
    assert loc.fallback_notice() is None
    assert loc.fallback_blocks() == []
    loc.text(T(de="Hallo"), "I1", "Summary")
    loc.text(T(da="Hej"), "I2", "Title")
    notice = loc.fallback_notice()
    assert notice == Paragraph(
        text="2 texts are not available in English and are shown in Danish,"
        " German; they are listed under \u201cTexts in another language\u201d.",
        style="fallback",
    )
    assert loc.fallback_blocks(3) == [
        Heading(text="Texts in another language", level=3),
        Table(
            title="Texts shown in another language",
            columns=("Item", "Text", "Shown in"),
            rows=(("I1", "Summary", "German"), ("I2", "Title", "Danish")),
        ),
    ]


def test_the_fallback_notice_is_in_the_report_language() -> None:
    loc = Localizer("da", ("en",))
    loc.text(T(en="Hello"), "I", "F")
    notice = loc.fallback_notice()
    assert notice is not None
    assert notice.text.startswith("1 tekst")
    assert "engelsk" in notice.text


# -- dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "date", "expected"),
    [
        ("da", "2008-10-06", "6. oktober 2008"),
        ("da", "2023-11", "november 2023"),
        ("da", "2017", "2017"),
        ("da", "1960s", "1960'erne"),
        ("da", "~1993", "ca. 1993"),
        ("de", "2008-10-06", "6. Oktober 2008"),
        ("de", "2023-11", "November 2023"),
        ("de", "1960s", "1960er-Jahre"),
        ("de", "~1993", "ca. 1993"),
        ("en", "2008-10-06", "October 6, 2008"),
        ("en", "2023-11", "November 2023"),
        ("en", "2017", "2017"),
        ("en", "1960s", "1960s"),
        ("en", "~2008-10-06", "c. October 6, 2008"),
        ("en-GB", "2008-10-06", "6 October 2008"),
    ],
)
def test_date_is_written_to_its_precision(
    language: str, date: str, expected: str
) -> None:
    assert Localizer(language).date(D(date)) == expected


def test_date_of_a_full_date_and_of_none() -> None:
    assert Localizer("da").date(dt.date(2020, 1, 2)) == "2. januar 2020"
    assert Localizer("en").date(None) == ""


@pytest.mark.parametrize(
    ("language", "date", "expected"),
    [
        ("en", "2008-10-06", "on October 6, 2008"),
        ("da", "2008-10-06", "den 6. oktober 2008"),
        ("de", "2017", "im Jahr 2017"),
        ("en", "~1960s", "around the 1960s"),
    ],
)
def test_when_says_the_date_as_a_sentence_does(
    language: str, date: str, expected: str
) -> None:
    assert Localizer(language).when(D(date)) == expected


def test_when_takes_a_full_date_and_none() -> None:
    assert Localizer("en").when(dt.date(2020, 1, 2)) == "on January 2, 2020"
    assert Localizer("en").when(None) == ""


def test_when_has_a_phrase_for_every_precision_and_approximation() -> None:
    precisions = {"day", "month", "year", "decade"}
    assert set(WHEN) == {(p, a) for p in precisions for a in (False, True)}


@given(
    st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31)),
    st.sampled_from(["da", "de", "en"]),
)
def test_a_day_is_written_the_same_as_a_date_or_a_partial_date(
    day: dt.date, language: str
) -> None:
    loc = Localizer(language)
    written = loc.date(day)
    assert loc.date(PartialDate.from_date(day)) == written
    assert str(day.year) in written
    assert written in loc.when(day)


def test_period_writes_both_ends_or_one() -> None:
    loc = Localizer("en")
    assert loc.period(Period.parse("2010", "2012")) == "2010–2012"
    assert loc.period(Period.parse("2010", "2010")) == "2010"
    assert loc.period(Period.parse("1993", None)) == "from 1993"
    assert loc.period(Period.parse(None, "2012")) == "until 2012"
    assert loc.period(Period()) == ""
    assert loc.period(None) == ""
    assert Localizer("de").period(Period.parse("1993", None)) == "ab 1993"


def test_datetime_in_the_report_language() -> None:
    when = dt.datetime(2024, 1, 2, 3, 4, 5)
    assert Localizer("de").datetime(when) == "02.01.2024, 03:04:05"
    assert "2024" in Localizer("en").datetime(when)


# -- amounts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "currency", "expected"),
    [
        ("da", "DKK", "1.234,50\xa0kr."),
        ("da", "EUR", "1.234,50\xa0€"),
        ("da", "SEK", "1.234,50\xa0SEK"),
        ("de", "DKK", "1.234,50\xa0DKK"),
        ("de", "EUR", "1.234,50\xa0€"),
        ("en", "DKK", "DKK\u00a01,234.50"),
        ("en", "EUR", "€1,234.50"),
        ("en", "USD", "$1,234.50"),
    ],
)
def test_money_is_written_per_currency_and_language(
    language: str, currency: str, expected: str
) -> None:
    loc = Localizer(language)
    assert loc.money(money("1234.5", currency)) == expected
    assert loc.amount(Decimal("1234.5"), currency) == expected


def test_an_approximate_amount_says_so() -> None:
    assert (
        Localizer("en").money(money("400000", "DKK", True)) == "c. DKK\u00a0400,000.00"
    )
    assert Localizer("da").money(money("10", "EUR", True)) == "ca. 10,00\xa0€"


def test_totals_are_one_per_currency_never_summed_across() -> None:
    loc = Localizer("en")
    amounts = [money("1", "EUR"), money("2", "DKK"), money("3", "EUR")]
    assert loc.totals(amounts) == ["DKK\u00a02.00", "€4.00"]
    assert loc.totals([]) == []


def test_a_total_of_an_approximate_amount_is_approximate() -> None:
    loc = Localizer("en")
    amounts = [money("400000", "DKK", approximate=True), money("5", "DKK")]
    assert loc.totals(amounts) == ["c. DKK\u00a0400,005.00"]


def test_number_uses_the_language_separators() -> None:
    assert Localizer("da").number(1234567) == "1.234.567"
    assert Localizer("en").number(1234567) == "1,234,567"
    assert Localizer("de").number(Decimal("1234.5")) == "1.234,5"


# -- localizer_for -----------------------------------------------------------------


def test_localizer_for_a_request_tries_the_municipality_language_last() -> None:
    portfolio = sample_portfolio()
    request = ReportRequest(language="de", fallback=("en",))
    codelists = munintl.get_plugin_manager().codelists()
    loc = localizer_for(portfolio, request, codelists)
    assert loc.chain == ("de", "en", "da")
    assert loc.codelists is codelists
    assert loc.name(portfolio.municipality.name, "egeby") == "Egeby Municipality"


# -- one language for munintl's words ------------------------------------------


def test_a_language_without_a_catalog_falls_back_as_a_whole() -> None:
    """Labels, code names, dates and language names: all English, said once."""
    loc = Localizer(
        "kl",
        ("da",),
        codelists=munintl.get_plugin_manager().codelists(),
        default_language="da",
    )
    assert loc.words_fell_back
    assert loc._("Description") == "Description"
    assert loc.code("strategy-status", "adopted") == "Adopted"
    assert loc.code("partnership-status", "dormant") == "Dormant"
    assert loc.date(dt.date(2024, 3, 5)) == "5 March 2024"
    assert loc.language_name("da") == "Danish"
    notice = loc.words_notice()
    assert notice is not None
    assert notice.text == (
        "munintl has no catalog for Kalaallisut, so its labels, code names and"
        " dates in this report are in English."
    )
    # Content still comes in the report's language first, then the chain.
    assert loc.text(T(kl="Nuuk", da="Nuuk Kommune")) == "Nuuk"
    assert Localizer("da").words_notice() is None


def test_a_portfolio_catalog_and_its_labels_speak_a_new_language(
    tmp_path: Path,
) -> None:
    write_po(
        tmp_path / "locale",
        "kl",
        {"Description": "Nassuiaaneq", "Adopted": "Akuerineqarpoq"},
    )
    loc = Localizer(
        "kl",
        codelists=munintl.get_plugin_manager().codelists(),
        catalogs=(tmp_path / "locale",),
        labels={"Title": "Qulequtaa"},
    )
    assert not loc.words_fell_back
    assert loc.words_notice() is None
    assert loc._("Description") == "Nassuiaaneq"
    assert loc._("Title") == "Qulequtaa"
    assert loc.code("strategy-status", "adopted") == "Akuerineqarpoq"


def test_labels_of_the_configuration_override_a_shipped_catalog() -> None:
    loc = Localizer("da", labels={"Description": "Om indsatsen"})
    assert loc._("Description") == "Om indsatsen"
    assert loc._("Title") == "Titel"
