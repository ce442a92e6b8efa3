from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from munintl.hooks.records import ReportFormat
from munintl.plugins.formats.xlsx import XlsxSettings, make_renderer, sheet_names
from munintl.reports.document import Metadata, ReportDocument, Table
from munintl.testing.reports import (
    ReportFormatContract,
    empty_document,
    injection_document,
    libreoffice_convert,
    sample_document,
)

openpyxl = pytest.importorskip("openpyxl")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _workbook(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


class TestXlsxFormat(ReportFormatContract):
    shows_headings = False

    @pytest.fixture
    def format_name(self) -> str:
        return "xlsx"

    def extract_text(self, data: bytes, report_format: ReportFormat) -> str | None:
        workbook = _workbook(data)
        return "\n".join(
            "\t".join("" if cell is None else str(cell) for cell in row)
            for sheet in workbook
            for row in sheet.iter_rows(values_only=True)
        )


def test_xlsx_has_a_sheet_per_table_with_a_frozen_bold_header() -> None:
    workbook = _workbook(make_renderer(None).render(sample_document("da")))
    assert workbook.sheetnames == ["Status på Grøn omstilling", "Data Grøn omstilling"]
    for sheet in workbook:
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.bold
        assert sheet.auto_filter.ref.startswith("A1:")
    status = workbook["Status på Grøn omstilling"]
    assert status.column_dimensions["A"].width > status.column_dimensions["C"].width


def test_xlsx_cells_keep_their_types() -> None:
    sheet = _workbook(make_renderer(None).render(sample_document("da")))[
        "Status på Grøn omstilling"
    ]
    amount, share, start, people = (sheet.cell(2, column) for column in (2, 3, 4, 5))
    assert amount.data_type == "n"
    assert amount.value == 125000.5
    assert amount.number_format == "#,##0.00"
    assert share.value == 0.25
    assert start.is_date
    assert start.value == dt.datetime(2024, 3, 5)
    assert start.number_format == "yyyy-mm-dd"
    assert people.value == 12
    assert people.data_type == "n"
    negative = sheet.cell(3, 2)
    assert negative.value == -3000
    assert negative.data_type == "n"
    assert sheet.cell(2, 6).value is None
    assert sheet.cell(3, 1).value == "Ølstykke (https://example.org/Ølstykke)"


def test_xlsx_date_format_setting() -> None:
    data = make_renderer(XlsxSettings(date_format="dd-mm-yyyy")).render(
        sample_document("da")
    )
    assert _workbook(data).worksheets[0].cell(2, 4).number_format == "dd-mm-yyyy"


def test_xlsx_neutralises_formulas_and_keeps_negative_numbers() -> None:
    workbook = _workbook(make_renderer(None).render(injection_document()))
    # The first sheet is the header block, labels and values, all text.
    for number, sheet in enumerate(workbook):
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_STARTS), cell.value
        if number:
            assert sheet.cell(2, 3).value == -1


def test_xlsx_properties_come_from_the_document() -> None:
    document = sample_document("da")
    properties = _workbook(make_renderer(None).render(document)).properties
    assert properties.title == document.metadata.title
    assert properties.creator == "Skanderborg Kommune"
    assert properties.language == "da"
    assert properties.created == dt.datetime(2025, 3, 4, 9, 30)
    assert properties.modified == dt.datetime(2025, 3, 4, 9, 30)


def test_xlsx_of_an_empty_report_has_one_empty_sheet() -> None:
    workbook = _workbook(make_renderer(None).render(empty_document()))
    assert workbook.sheetnames == ["Tom rapport"]
    assert workbook.active.max_row == 1


def test_xlsx_without_a_time_is_still_deterministic() -> None:
    document = ReportDocument(
        metadata=Metadata(title="t", municipality="m", language="da", kind="k"),
        blocks=(Table(title="t", columns=("a",), rows=((Decimal("1.5"),),)),),
    )
    assert make_renderer(None).render(document) == make_renderer(None).render(document)


@pytest.mark.parametrize(
    ("titles", "expected"),
    [
        (["a/b", "a:b"], ["a b", "a b (2)"]),
        (["[x]*?"], ["x"]),
        (["History"], ["History 1"]),
        (["'quoted'"], ["quoted"]),
        (["x" * 40, "x" * 40], ["x" * 31, "x" * 27 + " (2)"]),
        (["Æble", "æble"], ["Æble", "æble (2)"]),
    ],
)
def test_sheet_names_are_valid_and_unique(
    titles: list[str], expected: list[str]
) -> None:
    assert sheet_names(titles) == expected


def test_libreoffice_reads_the_workbook_as_text_not_formulas(tmp_path: Path) -> None:
    files = {
        "sample.xlsx": make_renderer(None).render(sample_document("da")),
        "german.xlsx": make_renderer(None).render(sample_document("de")),
        "injection.xlsx": make_renderer(None).render(injection_document()),
    }
    outputs = libreoffice_convert(
        files,
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
        tmp_path,
    )
    assert len(outputs["sample.xlsx"]) == 2
    sample = "".join(
        path.read_text(encoding="utf-8") for path in outputs["sample.xlsx"]
    )
    for word in ("Årsopfølgning", "Grøn omstilling", "Ærø", "Skødstrup", "Ølstykke"):
        assert word in sample
    assert "2024-03-05" in sample
    german = "".join(
        path.read_text(encoding="utf-8") for path in outputs["german.xlsx"]
    )
    for word in ("Übersicht", "Größe", "Grüße", "Köln", "Maßnahmen"):
        assert word in german
    # A sheet for the header block, one for the table, one for the figure's data.
    sheets = [
        list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        for path in outputs["injection.xlsx"]
    ]
    assert len(sheets) == 3
    rows = next(rows for rows in sheets if len(rows[0]) == 4)
    # Not evaluated to 2; a plain text cell keeps its tab.
    assert ["'\t=1+1", "'\t=1+1", "-1", "'\t=1+1"] in rows
    assert all(row[2] == "-1" for row in rows[1:])
