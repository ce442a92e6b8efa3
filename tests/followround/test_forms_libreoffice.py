"""Forms filled and saved by LibreOffice read back; broken and stale documents.

Forms are filled in LibreOffice itself by a Basic macro (``basic.py``), and
forms filled with openpyxl and python-docx are opened and saved again by
headless LibreOffice (its own XLSX and DOCX writers): what comes back is a
file LibreOffice wrote, hidden identity, lists, formatting and all.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

import docx
import openpyxl
import pytest

from followround.basic import literal, open_hidden, run_macro
from followround.testby import fill_document
from munintl.followround import collect_forms, prepare_round
from munintl.model import Codelist, Portfolio, SubjectRef

ID = "followup-2024-udvalg"
NOW = dt.datetime(2025, 1, 10, 9, 30, tzinfo=dt.UTC)
GERMAN = "Gäste aus Weiz: »Grüße«\nZweite Zeile – straße"


@pytest.fixture
def sent(
    portfolio: Portfolio, codelists: Mapping[str, Codelist]
) -> tuple[Portfolio, Mapping[str, bytes]]:
    """The 2024 draft and its forms."""
    prepared = prepare_round(portfolio, 2024, codelists=codelists, made=NOW)
    return prepared.portfolio, prepared.files


def _document(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _save(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_narrative_sections_renamed_missing_or_relabelled_are_named(
    sent: tuple[Portfolio, Mapping[str, bytes]], codelists: Mapping[str, Codelist]
) -> None:
    portfolio, files = sent
    document = _document(files[f"{ID}.kultur.narrative.docx"])
    tables = document.tables
    # A changed key line, a changed label, and a section deleted.
    tables[2].rows[0].cells[0].paragraphs[0].runs[0].text = "goal:andet-maal"
    tables[3].rows[2].cells[0].paragraphs[0].runs[0].text = "Problemer"
    tables[5]._tbl.getparent().remove(tables[5]._tbl)
    result = collect_forms(
        portfolio, [("tekst.docx", _save(document))], codelists=codelists
    )
    assert result.taken == ()
    problems = [(p.where, p.message) for p in result.refused[0].problems]
    assert problems[0] == (
        "table 3 (goal:andet-maal)",
        "'goal:andet-maal' is not a section this form asks for; do not change"
        " the grey key line of a section",
    )
    assert problems[1][0] == "table 4 (initiative:festival): Problemer"
    assert [where for where, _message in problems[2:]] == [
        "goal:kultur-maal",
        "initiative:klima-net",
    ]


def test_two_departments_editing_one_text_the_second_is_stale(
    sent: tuple[Portfolio, Mapping[str, bytes]], codelists: Mapping[str, Codelist]
) -> None:
    portfolio, files = sent
    kultur = fill_document(
        files[f"{ID}.kultur.narrative.docx"],
        {"initiative:klima-net": {"Resultater": ["Kultur: tre møder."]}},
    )
    miljoe = fill_document(
        files[f"{ID}.miljoe.narrative.docx"],
        {"initiative:klima-net": {"Resultater": ["Miljø: fire møder."]}},
    )
    result = collect_forms(
        portfolio,
        [("kultur.docx", kultur), ("miljoe.docx", miljoe)],
        codelists=codelists,
    )
    assert [t.form for t in result.taken] == ["kultur.docx"]
    (problem,) = result.refused[0].problems
    assert problem.where == "initiative:klima-net/achievements"
    assert "(by kultur.docx)" in problem.message


def test_forms_in_german_read_back_in_german(
    portfolio: Portfolio, codelists: Mapping[str, Codelist]
) -> None:
    prepared = prepare_round(portfolio, 2024, codelists=codelists, language="de")
    book = openpyxl.load_workbook(
        io.BytesIO(prepared.files[f"{ID}.miljoe.status.xlsx"])
    )
    sheet = book["Status"]
    assert [c.value for c in sheet[1]][-2:] == ["Status", "Fortschritt"]
    sheet["J3"] = "Verzögert"
    out = io.BytesIO()
    book.save(out)
    document = fill_document(
        prepared.files[f"{ID}.miljoe.narrative.docx"],
        {"initiative:klima-net": {"Erreichtes": [GERMAN]}},
    )
    result = collect_forms(
        prepared.portfolio,
        [("de.xlsx", out.getvalue()), ("de.docx", document)],
        codelists=codelists,
    )
    assert result.refused == ()
    followup = result.portfolio.followup(ID)
    assert followup is not None
    update = followup.update_for(SubjectRef("initiative", "klima-net"))
    assert update is not None
    assert update.progress == "delayed"
    assert update.achievements.values == {"de": GERMAN}


def test_forms_filled_in_libreoffice_by_a_macro(
    sent: tuple[Portfolio, Mapping[str, bytes]],
    codelists: Mapping[str, Codelist],
    tmp_path: Path,
) -> None:
    portfolio, files = sent
    blank_xlsx, blank_docx = tmp_path / "blank.xlsx", tmp_path / "blank.docx"
    blank_xlsx.write_bytes(files[f"{ID}.kultur.status.xlsx"])
    blank_docx.write_bytes(files[f"{ID}.kultur.narrative.docx"])
    filled_xlsx, formula_xlsx = tmp_path / "calc.xlsx", tmp_path / "formula.xlsx"
    filled_docx = tmp_path / "writer.docx"
    # Calc: choose from the lists in the festival's row (row 4), save; then
    # type a formula into the next row and save that as a second file.
    run_macro(
        "Sub Fill\n"
        + open_hidden("book", blank_xlsx)
        + '  sheet = book.Sheets.getByName("Status")\n'
        + f'  sheet.getCellRangeByName("I4").setString({literal("Afsluttet")})\n'
        + f'  sheet.getCellRangeByName("J4").setString({literal("Planmæssigt")})\n'
        + "  Dim save(1) As New com.sun.star.beans.PropertyValue\n"
        + '  save(0).Name = "FilterName"\n'
        + '  save(0).Value = "Calc MS Excel 2007 XML"\n'
        + '  save(1).Name = "Overwrite" : save(1).Value = True\n'
        + f"  book.storeToURL({literal(filled_xlsx.as_uri())}, save())\n"
        + '  sheet.getCellRangeByName("J5").setFormula("=1+1")\n'
        + f"  book.storeToURL({literal(formula_xlsx.as_uri())}, save())\n"
        + "  book.close(True)\n"
        # Writer: a bold run, a new paragraph and a line break in the
        # festival's achievements, in Danish and German.
        + f"  doc = StarDesktop.loadComponentFromURL({literal(blank_docx.as_uri())},"
        + ' "_blank", 0, hidden())\n'
        + "  tables = doc.getTextTables()\n"
        + "  For i = 0 To tables.getCount() - 1\n"
        + "    table = tables.getByIndex(i)\n"
        + '    If table.getCellByName("A1").getString() = "initiative:festival" Then\n'
        + '      text = table.getCellByName("B2").getText()\n'
        + '      text.setString("")\n'
        + "      cursor = text.createTextCursor()\n"
        + f"      text.insertString(cursor, {literal('Festivalen samlede ')}, False)\n"
        + "      cursor.CharWeight = com.sun.star.awt.FontWeight.BOLD\n"
        + '      text.insertString(cursor, "5.000", False)\n'
        + "      cursor.CharWeight = com.sun.star.awt.FontWeight.NORMAL\n"
        + "      text.insertControlCharacter(cursor,"
        + " com.sun.star.text.ControlCharacter.PARAGRAPH_BREAK, False)\n"
        + f"      text.insertString(cursor, {literal('Gäste aus Weiz: »Grüße«')}, False)\n"
        + "      text.insertControlCharacter(cursor,"
        + " com.sun.star.text.ControlCharacter.LINE_BREAK, False)\n"
        + f"      text.insertString(cursor, {literal('Zweite Zeile – straße')}, False)\n"
        + "    End If\n"
        + "  Next i\n"
        + '  save(0).Value = "MS Word 2007 XML"\n'
        + f"  doc.storeToURL({literal(filled_docx.as_uri())}, save())\n"
        + "  doc.close(True)\n"
        + "End Sub\n"
    )
    # LibreOffice wrote them, and kept the hidden identity, protection and lists.
    for path in (filled_xlsx, filled_docx):
        app = zipfile.ZipFile(path).read("docProps/app.xml")
        assert b"LibreOffice" in app
    book = openpyxl.load_workbook(filled_xlsx)
    assert book["munintl-form"].sheet_state == "hidden"
    assert book["Status"].protection.sheet
    lists = [str(v.formula1) for v in book["Status"].data_validations.dataValidation]
    assert len(lists) == 2
    assert all("munintl-form" in f for f in lists)
    result = collect_forms(
        portfolio,
        [
            ("calc.xlsx", filled_xlsx.read_bytes()),
            ("formula.xlsx", formula_xlsx.read_bytes()),
            ("writer.docx", filled_docx.read_bytes()),
        ],
        codelists=codelists,
        now=NOW,
    )
    assert [t.form for t in result.taken] == ["calc.xlsx", "writer.docx"]
    (problem,) = result.refused[0].problems
    assert (problem.form, problem.where) == ("formula.xlsx", "Status!J5 (Fremdrift)")
    assert problem.message.startswith("'=1+1' is a formula")
    followup = result.portfolio.followup(ID)
    assert followup is not None
    update = followup.update_for(SubjectRef("initiative", "festival"))
    assert update is not None
    assert (update.status, update.progress) == ("closed", "on-track")
    assert update.achievements.values == {
        "da": f"Festivalen samlede **5.000**\n\n{GERMAN}"
    }
