"""Preparing a round: which department gets which subjects, and what its forms hold."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Mapping
from decimal import Decimal

import docx
import openpyxl
import pytest

from followround.testby import zip_names
from munintl.followround import RoundError, plan_round, prepare_round
from munintl.followround.identity import FormIdentity
from munintl.followups import content_fingerprint
from munintl.model import Codelist, PartialDate, Portfolio

NOW = dt.datetime(2025, 1, 10, 9, 30, tzinfo=dt.UTC)
FORMS = "followup-2024-udvalg.{department}.{kind}"


def _prepare(portfolio: Portfolio, codelists: Mapping[str, Codelist]):
    return prepare_round(
        portfolio,
        2024,
        codelists=codelists,
        deadline=PartialDate.parse("2025-02-15"),
        made=NOW,
    )


def test_plan_gives_each_department_its_subjects_and_shares_the_overlap(
    portfolio: Portfolio,
) -> None:
    plan = plan_round(portfolio, 2024)
    shares = {a.department: [str(s) for s in a.subjects] for a in plan.assignments}
    assert plan.created
    assert plan.followup.id == "followup-2024-udvalg"
    assert plan.previous is not None
    assert plan.previous.id == "followup-2023"
    assert shares["kultur"] == [
        "theme:kultur-tema",
        "goal:kultur-maal",
        "initiative:festival",
        "initiative:formel",
        "initiative:klima-net",
    ]
    assert shares["miljoe"] == ["theme:klima-tema", "initiative:klima-net"]
    assert [a.lead for a in plan.assignments] == [True, False]


def test_plan_needs_a_body_when_the_strategy_names_none(portfolio: Portfolio) -> None:
    import attrs

    strategy = attrs.evolve(portfolio.strategies[0], follow_up=None)
    bare = attrs.evolve(portfolio, strategies=[strategy])
    with pytest.raises(RoundError, match="--body"):
        plan_round(bare, 2024)
    with pytest.raises(RoundError, match="no body 'nowhere'"):
        plan_round(bare, 2024, "nowhere")


def test_prepare_writes_two_forms_per_department_and_a_checklist(
    portfolio: Portfolio, codelists: Mapping[str, Codelist]
) -> None:
    prepared = _prepare(portfolio, codelists)
    assert sorted(prepared.files) == sorted(
        [
            FORMS.format(department="kultur", kind="status.xlsx"),
            FORMS.format(department="kultur", kind="narrative.docx"),
            FORMS.format(department="miljoe", kind="status.xlsx"),
            FORMS.format(department="miljoe", kind="narrative.docx"),
            "followup-2024-udvalg.checklist.md",
        ]
    )
    assert prepared.changed
    saved = prepared.portfolio.followup("followup-2024-udvalg")
    assert saved is not None
    assert saved.forms_due == PartialDate.parse("2025-02-15")
    checklist = prepared.files["followup-2024-udvalg.checklist.md"].decode()
    assert "## Kultur og fritid" in checklist
    assert "## Miljø og klima" in checklist
    assert "- [ ] Klimanetværk (`initiative:klima-net`)" in checklist
    assert "15. februar 2025" in checklist


def test_status_workbook_has_lists_locks_types_and_a_hidden_identity(
    portfolio: Portfolio, codelists: Mapping[str, Codelist]
) -> None:
    prepared = _prepare(portfolio, codelists)
    data = prepared.files[FORMS.format(department="kultur", kind="status.xlsx")]
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet, hidden = book["Status"], book["munintl-form"]
    assert hidden.sheet_state == "hidden"
    identity = FormIdentity.from_json(hidden["A1"].value)
    assert (identity.portfolio, identity.year, identity.body, identity.department) == (
        "testby",
        2024,
        "udvalg",
        "kultur",
    )
    assert identity.made == "2025-01-10T09:30:00+00:00"
    draft = prepared.portfolio.followup("followup-2024-udvalg")
    assert draft is not None
    assert identity.basis == content_fingerprint(draft)
    headings = [c.value for c in sheet[1]]
    assert headings[0] == "Emne"
    assert headings[-2:] == ["Status", "Fremdrift"]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    festival = rows["initiative:festival"]
    assert festival[2].value == dt.datetime(2023, 1, 1)  # a typed date
    assert festival[3].value == dt.datetime(2025, 12, 31)
    assert festival[4].value == Decimal("150000.50") or festival[4].value == 150000.5
    assert festival[5].value == "DKK"
    # Last year's status and progress shown, this year's status prefilled.
    assert festival[6].value == "Under gennemførelse"
    assert festival[7].value == "Planmæssigt"
    assert festival[8].value == "Under gennemførelse"
    assert festival[9].value is None
    assert sheet.protection.sheet
    assert festival[0].protection.locked
    assert not festival[8].protection.locked
    ranges = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert ranges == {
        "I2:I6": "'munintl-form'!$C$1:$C$6",
        "J2:J6": "'munintl-form'!$D$1:$D$7",
    }
    assert [hidden.cell(row=r, column=4).value for r in (1, 2)] == [
        "Ikke startet",
        "Planmæssigt",
    ]


def test_a_title_that_looks_like_a_formula_is_stored_as_text(
    portfolio: Portfolio, codelists: Mapping[str, Codelist]
) -> None:
    data = _prepare(portfolio, codelists).files[
        FORMS.format(department="kultur", kind="status.xlsx")
    ]
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    # An inline string, never a formula element.
    assert b"<f>" not in sheet_xml
    assert b't="inlineStr"><is><t>=HYPERLINK(' in sheet_xml
    book = openpyxl.load_workbook(io.BytesIO(data))
    cell = next(
        row[1]
        for row in book["Status"].iter_rows(min_row=2)
        if row[0].value == "initiative:formel"
    )
    assert cell.data_type == "s"
    assert cell.value.startswith("=HYPERLINK")


def test_narrative_document_prefills_last_years_text_and_carries_its_identity(
    portfolio: Portfolio, codelists: Mapping[str, Codelist]
) -> None:
    files = _prepare(portfolio, codelists).files
    data = files[FORMS.format(department="kultur", kind="narrative.docx")]
    assert "docProps/custom.xml" in zip_names(data)
    document = docx.Document(io.BytesIO(data))
    keys = [t.rows[0].cells[0].text for t in document.tables]
    assert keys == [
        "followup",
        "theme:kultur-tema",
        "goal:kultur-maal",
        "initiative:festival",
        "initiative:formel",
        "initiative:klima-net",
    ]
    festival = document.tables[3]
    cells = {row.cells[0].text: row.cells[1].text for row in festival.rows[1:]}
    assert cells == {
        "Resultater": "Festivalen havde 3.000 gæster.",
        "Afvigelser": "",
        "Næste skridt": "Festivalen gentages i 2024.",
    }
    summary = document.tables[0].rows[1].cells[1].text
    assert summary == "Sidste års resumé."
    # The second department is not the lead: no summary section for it.
    other = docx.Document(
        io.BytesIO(files[FORMS.format(department="miljoe", kind="narrative.docx")])
    )
    assert next(t.rows[0].cells[0].text for t in other.tables) == "theme:klima-tema"
    custom = zipfile.ZipFile(io.BytesIO(data)).read("docProps/custom.xml").decode()
    start = custom.index("<vt:lpwstr>") + len("<vt:lpwstr>")
    identity = json.loads(
        custom[start : custom.index("</vt:lpwstr>")].replace("&quot;", '"')
    )
    assert identity["kind"] == "narrative"
    assert identity["department"] == "kultur"


def test_a_frozen_followup_is_not_prepared_again(
    portfolio: Portfolio, codelists: Mapping[str, Codelist]
) -> None:
    with pytest.raises(RoundError, match="frozen"):
        prepare_round(portfolio, 2023, codelists=codelists)
