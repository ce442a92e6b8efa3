"""Forms saved by LibreOffice read back; broken and stale narrative documents.

LibreOffice has no Python bridge on the test machines, so the forms are
filled with openpyxl and python-docx and then opened and saved again by
headless LibreOffice (its own XLSX and DOCX writers): what comes back is
a file LibreOffice wrote, hidden identity, lists, formatting and all.
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

from followround.testby import fill_document, fill_workbook
from munintl.followround import collect_forms, prepare_round
from munintl.model import Codelist, Portfolio, SubjectRef
from munintl.testing.reports import libreoffice_convert

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


def _formula_workbook(data: bytes) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    book["Status"]["J3"] = '=CONCATENATE("Plan";"mæssigt")'  # a real formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_forms_saved_by_libreoffice_are_taken_whole(
    sent: tuple[Portfolio, Mapping[str, bytes]],
    codelists: Mapping[str, Codelist],
    tmp_path: Path,
) -> None:
    portfolio, files = sent
    workbook = fill_workbook(
        files[f"{ID}.kultur.status.xlsx"],
        {"initiative:festival": ("Afsluttet", "Gennemført")},
    )
    document = fill_document(
        files[f"{ID}.kultur.narrative.docx"],
        {
            "initiative:festival": {
                "Resultater": [
                    [("Festivalen samlede ", False, False), ("5.000", True, False)],
                    GERMAN,
                ],
                "Afvigelser": [
                    [("Regn", False, True), (" om lørdagen.", False, False)]
                ],
            }
        },
    )
    formula = _formula_workbook(files[f"{ID}.miljoe.status.xlsx"])
    xlsx = libreoffice_convert(
        {
            "kultur.xlsx": workbook,
            "formel.xlsx": formula,
            "blank.xlsx": files[f"{ID}.kultur.status.xlsx"],
        },
        "xlsx:Calc MS Excel 2007 XML",
        tmp_path / "xlsx",
    )
    words = libreoffice_convert(
        {"kultur.docx": document}, "docx:MS Word 2007 XML", tmp_path / "docx"
    )
    # LibreOffice keeps the hidden identity, the protection and the lists.
    book = openpyxl.load_workbook(xlsx["blank.xlsx"][0])
    assert book["munintl-form"].sheet_state == "hidden"
    assert book["Status"].protection.sheet
    lists = [str(v.formula1) for v in book["Status"].data_validations.dataValidation]
    assert len(lists) == 2
    assert all("munintl-form" in f for f in lists)
    saved = {
        "kultur.xlsx": xlsx["kultur.xlsx"][0].read_bytes(),
        "formel.xlsx": xlsx["formel.xlsx"][0].read_bytes(),
        "kultur.docx": words["kultur.docx"][0].read_bytes(),
    }
    # LibreOffice wrote these files, not openpyxl or python-docx.
    for data in saved.values():
        application = zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml")
        assert b"LibreOffice" in application
    result = collect_forms(portfolio, list(saved.items()), codelists=codelists, now=NOW)
    assert [t.form for t in result.taken] == ["kultur.xlsx", "kultur.docx"]
    (refused,) = result.refused
    (problem,) = refused.problems
    assert problem.where == "Status!J3 (Fremdrift)"
    assert problem.message.startswith("'=CONCATENATE(")
    assert "is a formula; formulas are not evaluated" in problem.message
    followup = result.portfolio.followup(ID)
    assert followup is not None
    update = followup.update_for(SubjectRef("initiative", "festival"))
    assert update is not None
    assert (update.status, update.progress) == ("closed", "completed")
    assert update.achievements.values == {
        "da": f"Festivalen samlede **5.000**\n\n{GERMAN}"
    }
    assert update.deviations.values == {"da": "*Regn* om lørdagen."}
    # The klima-net row the formula was in stays untouched.
    assert followup.update_for(SubjectRef("initiative", "klima-net")) is None or (
        followup.update_for(SubjectRef("initiative", "klima-net")).progress is None  # type: ignore[union-attr]
    )


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
