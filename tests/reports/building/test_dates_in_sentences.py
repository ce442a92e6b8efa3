"""Partial dates in sentences: each precision phrased as each language says it.

Regression tests for "Adopted by ... City Council on 2017.", "Vedtaget af
... den 2017.", "... on November 2023." and "... on —.": a year, month or
decade takes its own preposition, an approximate date says "around", and a
clause whose date is unknown is left out.
"""

from __future__ import annotations

import shutil
import subprocess

import attrs
import pytest

import munintl
from munintl.model import Adoption, PartialDate, Period, Portfolio
from munintl.model.markdown import plain_text
from munintl.reporting import build
from munintl.reports.building.localize import Localizer
from munintl.reports.document import Paragraph
from reports.lilleby import make_lilleby

D = PartialDate.parse


@pytest.mark.parametrize(
    ("language", "date", "expected"),
    [
        ("da", "2008-10-06", "den 6. oktober 2008"),
        ("da", "2023-11", "i november 2023"),
        ("da", "2017", "i 2017"),
        ("da", "1960s", "i 1960'erne"),
        ("da", "~1993", "omkring 1993"),
        ("da", "~1960s", "omkring 1960'erne"),
        ("de", "2008-10-06", "am 6. Oktober 2008"),
        ("de", "2023-11", "im November 2023"),
        ("de", "2017", "im Jahr 2017"),
        ("de", "1960s", "in den 1960er-Jahren"),
        ("de", "~1993", "um 1993"),
        ("de", "~2008-10-06", "etwa am 6. Oktober 2008"),
        ("en", "2023-11", "in November 2023"),
        ("en", "2017", "in 2017"),
        ("en", "1960s", "in the 1960s"),
        ("en", "~1993", "around 1993"),
        ("en", "~1960s", "around the 1960s"),
    ],
)
def test_when_phrases_each_precision_in_each_language(
    language: str, date: str, expected: str
) -> None:
    assert Localizer(language).when(D(date)) == expected


def test_when_of_an_unknown_date_is_empty() -> None:
    assert Localizer("da").when(None) == ""


@pytest.mark.parametrize(
    ("language", "start", "end", "expected"),
    [
        ("en", "1960s", None, "from the 1960s"),
        ("da", "1960s", None, "fra 1960'erne"),
        ("de", "1960s", None, "ab den 1960er-Jahren"),
        ("en", None, "1990s", "until the 1990s"),
        ("da", "1993", None, "fra 1993"),
        ("de", None, "2012", "bis 2012"),
    ],
)
def test_an_open_period_is_phrased_to_its_precision(
    language: str, start: str | None, end: str | None, expected: str
) -> None:
    assert Localizer(language).period(Period.parse(start, end)) == expected


def adopted(date: str | None, body: str | None = "byraad") -> Portfolio:
    base = make_lilleby()
    strategy = attrs.evolve(
        base.strategies[0],
        adoption=Adoption(body=body, date=D(date) if date else None),
    )
    return attrs.evolve(base, strategies=(strategy,))


def strategy_sentence(portfolio: Portfolio, language: str) -> str:
    document = build(portfolio, kind="followup", followup="kultur-2023", lang=language)
    paragraph = next(
        block
        for block in document.blocks
        if isinstance(block, Paragraph) and block.text.startswith("**Lilleby")
    )
    return plain_text(paragraph.text)


@pytest.mark.parametrize(
    ("date", "language", "sentence"),
    [
        ("2017", "en", "Adopted by City Council in 2017."),
        ("2017", "da", "Vedtaget af Byrådet i 2017."),
        ("2017", "de", "Beschlossen im Jahr 2017 (Beschlussorgan: Byrådet)."),
        ("2023-11", "en", "Adopted by City Council in November 2023."),
        ("2023-11", "da", "Vedtaget af Byrådet i november 2023."),
        ("2008-10-06", "da", "Vedtaget af Byrådet den 6. oktober 2008."),
        (
            "2008-10-06",
            "de",
            "Beschlossen am 6. Oktober 2008 (Beschlussorgan: Byrådet).",
        ),
        ("~1960s", "en", "Adopted by City Council around the 1960s."),
    ],
)
def test_the_strategy_says_when_it_was_adopted(
    date: str, language: str, sentence: str
) -> None:
    assert strategy_sentence(adopted(date), language).endswith(sentence)


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("en", "Adopted by City Council."),
        ("da", "Vedtaget af Byrådet."),
        # No article that would have to agree with the body's name.
        ("de", "Beschlossen (Beschlussorgan: Byrådet)."),
    ],
)
def test_an_unknown_adoption_date_leaves_the_date_out(
    language: str, sentence: str
) -> None:
    text = strategy_sentence(adopted(None), language)
    assert text.endswith(sentence)
    assert "—" not in text
    assert " on ." not in text


def test_an_unknown_body_leaves_the_body_out() -> None:
    text = strategy_sentence(adopted("2023-11", body=None), "en")
    assert text.endswith("(2019–2026). Adopted in November 2023.")
    assert strategy_sentence(adopted(None, body=None), "en").endswith("(2019–2026)")


def test_the_phrase_reaches_markdown_and_pdf() -> None:
    portfolio = adopted("2017")
    markdown = munintl.render(
        portfolio, format="markdown", lang="da", followup="kultur-2023"
    ).decode("utf-8")
    assert "Vedtaget af Byrådet i 2017." in markdown
    assert "den 2017" not in markdown
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler) is not installed")
    pdf = munintl.render(portfolio, format="pdf", lang="da", followup="kultur-2023")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    assert "Vedtaget af Byrådet i 2017." in " ".join(text.split())
