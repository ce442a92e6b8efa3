"""Dates, names and codes are never read as Markdown; prose is read as CommonMark.

Regression tests for reports that printed "6. oktober 2008" as "1. oktober
2008" (a table cell or list item read as a numbered list) and prose starting
"2011. var et godt år" as "1. var et godt år", and for the hand-written
parser that cut links holding parentheses, printed nested emphasis as
asterisks and ignored backslash escapes.  Each case is checked in every
format where it shows, with a real reader: a CommonMark parser for
Markdown, an HTML5 parser for HTML, LibreOffice for DOCX, pdftotext for
PDF, openpyxl for XLSX and the csv module for CSV.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import attrs
import pytest

import munintl
from munintl.followups import content_fingerprint
from munintl.model import LocalizedText, Portfolio
from munintl.testing.reports import libreoffice_convert
from reports.lilleby import make_lilleby

html5lib = pytest.importorskip("html5lib")

T = LocalizedText.of
YEAR_PROSE = "2011. var et godt år"
NESTED = "**stærk og *kursiv* tekst**"
ESCAPED = r"\*ikke kursiv\* og 6\. oktober"
LINK = "[kortet](https://da.wikipedia.org/wiki/Skanderborg_(by))"
AUTOLINK = "<https://skanderborg.dk>"


def portfolio() -> Portfolio:
    """Lilleby with prose that trips a hand-written Markdown parser."""
    base = make_lilleby()
    strategy = base.strategies[0]
    culture = attrs.evolve(
        strategy.themes[0],
        description=T(da=YEAR_PROSE, de="2011. war ein gutes Jahr"),
    )
    strategy = attrs.evolve(strategy, themes=(culture, *strategy.themes[1:]))
    followup = attrs.evolve(
        base.followups[0],
        summary=T(da=f"Se {LINK}, {NESTED}, {ESCAPED} og {AUTOLINK}."),
    )
    # Submitted, so its fingerprint follows the new content.
    followup = attrs.evolve(followup, fingerprint=content_fingerprint(followup))
    return attrs.evolve(base, strategies=(strategy,), followups=(followup,))


def render(fmt: str, kind: str, lang: str, **options: Any) -> bytes:
    if kind == "followup":
        options.setdefault("followup", "kultur-2023")
    return munintl.render(portfolio(), kind=kind, format=fmt, lang=lang, **options)


def markdown_as_html(data: bytes) -> str:
    """Read the Markdown report as a CommonMark reader (with GFM tables) does."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").render(data.decode("utf-8"))


def pdftotext(data: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler) is not installed")
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8")


def lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def year_one(text: str) -> bool:
    """Tell whether a "1. " that is not the end of a longer number is in ``text``."""
    return re.search(r"(?<!\d)1\. (var|oktober|Oktober)", text) is not None


@pytest.fixture(scope="module")
def docx_texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The DOCX reports as LibreOffice reads them (its plain text export)."""
    pytest.importorskip("docx")
    files = {
        "overview-da.docx": render("docx", "overview", "da"),
        "overview-de.docx": render("docx", "overview", "de"),
        "followup-da.docx": render("docx", "followup", "da"),
    }
    outputs = libreoffice_convert(
        files, "txt:Text (encoded):UTF8", tmp_path_factory.mktemp("docx")
    )
    return {
        name: paths[0].read_text(encoding="utf-8-sig")
        for name, paths in outputs.items()
    }


def _rows(data: bytes, fmt: str) -> Iterator[list[Any]]:
    if fmt == "csv":
        yield from csv.reader(io.StringIO(data.decode("utf-8")))
        return
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            yield list(row)


# -- dates in table cells and list items ------------------------------------------


@pytest.mark.parametrize(("lang", "date"), [("da", "6. oktober"), ("de", "6. Oktober")])
def test_a_date_in_a_table_cell_keeps_its_day_in_markdown_and_html(
    lang: str, date: str
) -> None:
    for html in (
        markdown_as_html(render("markdown", "overview", lang)),
        render("html", "overview", lang).decode("utf-8"),
    ):
        assert f"<td>{date} 2023</td>" in html
        assert "<li>oktober" not in html
        assert "<li>Oktober" not in html
        assert not year_one(html)


@pytest.mark.parametrize(("lang", "date"), [("da", "6. oktober"), ("de", "6. Oktober")])
def test_a_date_in_a_table_cell_keeps_its_day_in_docx_and_pdf(
    lang: str, date: str, docx_texts: dict[str, str]
) -> None:
    for text in (
        docx_texts[f"overview-{lang}.docx"],
        pdftotext(render("pdf", "overview", lang)),
    ):
        assert re.search(rf"(?<!\d){date} 2023\b", " ".join(text.split()))
        assert not year_one(text)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_date_in_a_table_cell_is_its_text_in_spreadsheets(fmt: str) -> None:
    cells = [cell for row in _rows(render(fmt, "overview", "da"), fmt) for cell in row]
    assert "6. oktober 2023" in cells
    assert "1. oktober 2023" not in cells


def test_an_event_list_item_starting_with_a_date_stays_one_item() -> None:
    markdown = render("markdown", "followup", "da").decode("utf-8")
    assert "- 6\\. oktober 2023: Genunderskrevet" in markdown
    for html in (
        markdown_as_html(markdown.encode()),
        render("html", "followup", "da").decode("utf-8"),
    ):
        assert "<li>6. oktober 2023: Genunderskrevet" in html


def test_an_event_list_item_starting_with_a_date_in_docx_and_pdf(
    docx_texts: dict[str, str],
) -> None:
    assert "6. oktober 2023: Genunderskrevet" in docx_texts["followup-da.docx"]
    assert "6. oktober 2023: Genunderskrevet" in pdftotext(
        render("pdf", "followup", "da")
    )


# -- prose starting with a year ------------------------------------------------------


def test_prose_starting_with_a_year_keeps_the_year_in_markdown_and_html() -> None:
    markdown = render("markdown", "overview", "da").decode("utf-8")
    assert YEAR_PROSE in markdown
    for html in (
        markdown_as_html(markdown.encode()),
        render("html", "overview", "da").decode("utf-8"),
    ):
        assert '<ol start="2011">' in html
        assert "<li>var et godt år</li>" in html


def test_prose_starting_with_a_year_keeps_the_year_in_docx_and_pdf(
    docx_texts: dict[str, str],
) -> None:
    for text in (
        docx_texts["overview-da.docx"],
        pdftotext(render("pdf", "overview", "da")),
    ):
        assert YEAR_PROSE in lines(text)
        assert not year_one(text)
    assert "2011. war ein gutes Jahr" in lines(docx_texts["overview-de.docx"])


# -- CommonMark in prose: links, nesting, escapes, autolinks ------------------------


def test_prose_is_read_as_commonmark_in_html_and_markdown() -> None:
    html = render("html", "followup", "da").decode("utf-8")
    again = markdown_as_html(render("markdown", "followup", "da"))
    for page in (html, again):
        assert (
            '<a href="https://da.wikipedia.org/wiki/Skanderborg_(by)">kortet</a>'
            in page
        )
        assert "<strong>stærk og <em>kursiv</em> tekst</strong>" in page
        assert "*ikke kursiv* og 6. oktober" in page
        assert '<a href="https://skanderborg.dk">https://skanderborg.dk</a>' in page


def test_prose_is_read_as_commonmark_in_docx(docx_texts: dict[str, str]) -> None:
    import docx

    document = docx.Document(io.BytesIO(render("docx", "followup", "da")))
    targets = {rel.target_ref for rel in document.part.rels.values()}
    assert "https://da.wikipedia.org/wiki/Skanderborg_(by)" in targets
    assert "https://skanderborg.dk" in targets
    runs = [run for p in document.paragraphs for run in p.runs]
    styles = {run.text: (bool(run.bold), bool(run.italic)) for run in runs}
    assert styles["kursiv"] == (True, True)
    assert styles["stærk og "] == (True, False)
    text = " ".join(docx_texts["followup-da.docx"].split())
    assert "Se kortet, stærk og kursiv tekst, *ikke kursiv* og 6. oktober" in text


def test_prose_is_read_as_commonmark_in_pdf() -> None:
    text = " ".join(pdftotext(render("pdf", "followup", "da")).split())
    assert "Se kortet, stærk og kursiv tekst, *ikke kursiv* og 6. oktober" in text
    assert "https://skanderborg.dk" in text


def test_prose_cells_are_plain_text_with_link_targets_in_spreadsheets() -> None:
    base = make_lilleby()
    partnership = base.partnerships[0]
    event = attrs.evolve(
        partnership.events[0],
        note=T(da="Taget til *efterretning*, se [sagen](https://x.dk/a_(b))."),
    )
    changed = attrs.evolve(
        base,
        partnerships=(
            attrs.evolve(partnership, events=(event, *partnership.events[1:])),
            *base.partnerships[1:],
        ),
    )
    for fmt in ("xlsx", "csv"):
        data = munintl.render(changed, format=fmt, lang="da", kind="overview")
        cells = [cell for row in _rows(data, fmt) for cell in row]
        assert "Taget til efterretning, se sagen (https://x.dk/a_(b))." in cells


def test_json_writes_date_cells_as_plain_text() -> None:
    import json

    data = json.loads(render("json", "overview", "da"))
    cells = [
        cell
        for block in data["blocks"]
        if block["kind"] == "table"
        for row in block["rows"]
        for cell in row
    ]
    assert "6. oktober 2023" in cells
    assert data["version"] == 2
