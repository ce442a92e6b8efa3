"""The Skanderborg example's reports state its facts right, read back by real readers.

Each test renders a report of the shipped example and reads it the way a
politician's software does -- openpyxl for the workbook, ``pdftotext`` for
the PDF, html5lib for the web page, python-docx for the Word document --
and checks one fact of the strategy or of the sources in
``domain-anchors`` in every report language.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.reports.rendered import pdf

import munintl
from munintl.model import Portfolio
from munintl.testing.reports import libreoffice_convert

openpyxl = pytest.importorskip("openpyxl")

EXAMPLE = Path(__file__).parents[1] / "examples" / "skanderborg"
ON = dt.date(2026, 12, 5)

# The register's sheet and columns, and the Eisenach events, per language.
REGISTER = {
    "da": ("Register", "Titel", "Antal partnere"),
    "en": ("Register", "Title", "Number of partners"),
    "de": ("Verzeichnis", "Titel", "Anzahl der Partner"),
}
# The two events of 2023 in the Eisenach twinning, as the history table
# gives them: date and event.
HANDED_OVER = {
    "da": "12. januar 2023 Overdraget til civilsamfundet",
    "en": "12 January 2023 Handed over to civil society",
    "de": "12. Januar 2023 An die Zivilgesellschaft übergeben",
}
NOTED_BY_EISENACH = {
    "da": "2023 Taget til efterretning Eisenach",
    "en": "2023 Noted Eisenach",
    "de": "2023 Zur Kenntnis genommen Eisenach",
}


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return munintl.load(EXAMPLE)


def _sheet_rows(data: bytes, title: str) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    names = [name for name in book.sheetnames if name.startswith(title)]
    assert names, book.sheetnames
    return [tuple(row) for row in book[names[0]].iter_rows(values_only=True)]


@pytest.mark.parametrize("lang", sorted(REGISTER))
def test_active_travel_network_had_nine_partners_weiz_among_them(
    portfolio: Portfolio, lang: str
) -> None:
    # "i samarbejde med 9 andre europæiske kommuner": Weiz, the lead partner
    # named on its own, is one of the nine, so it is not counted twice.
    sheet, title, count = REGISTER[lang]
    data = munintl.render(portfolio, kind="register", format="xlsx", lang=lang, on=ON)
    rows = _sheet_rows(data, sheet)
    header = next(row for row in rows if title in row and count in row)
    row = next(r for r in rows if r[header.index(title)] == "Active Travel Network")
    assert row[header.index(count)] == 9


@pytest.mark.parametrize("lang", sorted(HANDED_OVER))
def test_eisenach_notes_the_change_after_skanderborg_announced_it(
    portfolio: Portfolio, lang: str
) -> None:
    # Eisenach's paper 1194-BR/2023 (dated only by its year) takes note of
    # what Skanderborg told Eisenach on 12 January 2023: the history lists
    # it after that day, in the order the sources give, not before it
    # because "2023" begins on 1 January.
    text = pdf(portfolio, kind="overview", lang=lang, on=ON)
    assert text.index(HANDED_OVER[lang]) < text.index(NOTED_BY_EISENACH[lang])


# The sample follow-up's note that it is not Skanderborg's: what a reader of
# a workbook or CSV file sees before any status of the sample.
SAMPLE_NOTE = {
    "da": ("Illustrativ", "Denne opfølgning er illustrative eksempeldata, ikke fakta."),
    "en": ("Illustrative", "This follow-up is illustrative sample data, not fact."),
    "de": (
        "Zur Veranschaulichung",
        "Dieser Bericht besteht aus Beispieldaten zur Veranschaulichung,"
        " nicht aus Tatsachen.",
    ),
}


@pytest.mark.parametrize("lang", sorted(SAMPLE_NOTE))
def test_sample_follow_up_workbook_says_first_that_it_is_illustrative(
    portfolio: Portfolio, lang: str
) -> None:
    # The statuses of the sample ("on track", "under way") are invented: a
    # workbook that gave them without the report's note would present them
    # as Skanderborg's.
    name, note = SAMPLE_NOTE[lang]
    data = munintl.render(
        portfolio, format="xlsx", lang=lang, followup="opfoelgning-2011", on=ON
    )
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    first = book.worksheets[0]
    assert first.title == name
    assert list(first.iter_rows(values_only=True)) == [(name,), (note,)]


@pytest.mark.parametrize("lang", sorted(SAMPLE_NOTE))
def test_sample_follow_up_csv_says_first_that_it_is_illustrative(
    portfolio: Portfolio, lang: str
) -> None:
    name, note = SAMPLE_NOTE[lang]
    data = munintl.render(
        portfolio, format="csv", lang=lang, followup="opfoelgning-2011", on=ON
    )
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows[:3] == [[name], [name], [note]]


def test_overview_workbook_prints_each_table_on_one_page_with_its_header(
    portfolio: Portfolio, tmp_path: Path
) -> None:
    # Printed for a committee, a table split column by column over three
    # sheets of paper (32 pages for 10 tables) cannot be read; each table
    # of the overview fits one page wide, and a longer one repeats its
    # header row on every page.
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils (pdfinfo) is not installed")
    data = munintl.render(portfolio, kind="overview", format="xlsx", lang="en", on=ON)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert all(sheet.print_title_rows == "$1:$1" for sheet in book.worksheets)
    (printed,) = libreoffice_convert({"overview.xlsx": data}, "pdf", tmp_path)[
        "overview.xlsx"
    ]
    info = subprocess.run(
        ["pdfinfo", str(printed)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(
        next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1]
    )
    assert pages == len(book.worksheets)
