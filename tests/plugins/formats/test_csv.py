from __future__ import annotations

import csv
import io

import pytest

from munintl.errors import ConfigError
from munintl.plugins.formats.csv import CsvSettings, make_renderer
from munintl.testing.reports import (
    INJECTIONS,
    ReportFormatContract,
    empty_document,
    injection_document,
    sample_document,
)


class TestCsvFormat(ReportFormatContract):
    shows_headings = False
    shows_header_block = False

    @pytest.fixture
    def format_name(self) -> str:
        return "csv"


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_writes_every_table_with_its_title() -> None:
    rows = _rows(make_renderer(None).render(sample_document("da")))
    assert rows[0] == ["Status på Grøn omstilling"]
    assert rows[1] == [
        "Initiativ",
        "Beløb (DKK)",
        "Andel",
        "Startdato",
        "Deltagere",
        "Note",
    ]
    assert rows[2] == ["Ærø og Skødstrup", "125000.50", "0.25", "2024-03-05", "12", ""]
    assert rows[3][0] == "Ølstykke (https://example.org/Ølstykke)"
    assert rows[3][1:5] == ["-3000", "-0.5", "2023-11-30", "-4"]
    assert rows[5] == []
    assert rows[6] == ["Data: Grøn omstilling"]
    assert rows[8][3] == "2023-06-30"


def test_csv_writes_one_table_by_number_or_title() -> None:
    by_number = make_renderer(CsvSettings(table="2")).render(sample_document("da"))
    by_title = make_renderer(CsvSettings(table="Data: Grøn omstilling")).render(
        sample_document("da")
    )
    assert by_number == by_title
    rows = _rows(by_number)
    assert rows[0] == ["Initiativ", "Tema", "Start", "Slut"]
    assert len(rows) == 4


def test_csv_names_the_tables_when_the_asked_one_is_missing() -> None:
    with pytest.raises(ConfigError, match="'Data: Grøn omstilling'"):
        make_renderer(CsvSettings(table="nope")).render(sample_document("da"))
    with pytest.raises(ConfigError, match="none"):
        make_renderer(CsvSettings(table="1")).render(empty_document())


def test_csv_bom_and_line_ends() -> None:
    plain = make_renderer(None).render(sample_document("da"))
    bom = make_renderer(CsvSettings(bom=True)).render(sample_document("da"))
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert bom == b"\xef\xbb\xbf" + plain
    assert b"\r\n" in plain
    assert plain.count(b"\n") == plain.count(b"\r\n")


def test_csv_delimiter_must_be_one_character() -> None:
    assert b";" in make_renderer(CsvSettings(delimiter=";")).render(
        sample_document("da")
    )
    with pytest.raises(ValueError, match="one character"):
        CsvSettings(delimiter=";;")


def test_csv_neutralises_formulas_but_not_negative_numbers() -> None:
    rows = _rows(make_renderer(CsvSettings(table="1")).render(injection_document()))
    for row in rows[1:]:
        for value in (row[0], row[1], row[3]):
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
        assert row[2] == "-1"
    cells = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example","klik")' in cells
    assert "'-2+3" in cells
    assert rows[0][2] == "'" + INJECTIONS[2]
