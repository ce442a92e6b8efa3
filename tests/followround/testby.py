"""A small portfolio for the follow-up round: two departments that share a subject.

Testby (illustrative, not a real municipality) has a committee and two
departments.  ``kultur`` answers for the culture theme and its festival;
``miljoe`` for the climate theme; both answer for the climate network
(the overlapping subject).  Last year's follow-up (2023) was noted, with
an update on the festival whose texts this year's forms prefill.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from munintl.followups import submit
from munintl.model import (
    Body,
    FollowUp,
    FollowUpRule,
    FundingLine,
    Goal,
    Initiative,
    LocalizedText,
    Money,
    Municipality,
    PartialDate,
    Period,
    Portfolio,
    StatusUpdate,
    Strategy,
    SubjectRef,
    Theme,
)

T = LocalizedText.of


def _initiative(
    id: str, title: str, theme: str, responsible: tuple[str, ...], **extra: Any
) -> Initiative:
    return Initiative(
        id=id,
        title=T(da=title),
        kind="project",
        status="implementation",
        themes=(theme,),
        responsible=responsible,
        illustrative=True,
        **extra,
    )


def make_portfolio() -> Portfolio:
    """Testby, with last year's follow-up noted and no follow-up for 2024 yet."""
    last_year = submit(
        FollowUp(
            id="followup-2023",
            period=Period.year(2023),
            addressee="udvalg",
            prepared_by=("kultur", "miljoe"),
            summary=T(da="Sidste års resumé."),
            updates=(
                StatusUpdate(
                    subject=SubjectRef("initiative", "festival"),
                    status="implementation",
                    progress="on-track",
                    achievements=T(da="Festivalen havde 3.000 gæster."),
                    next_steps=T(da="Festivalen gentages i 2024."),
                ),
            ),
            illustrative=True,
        ),
        on=PartialDate.parse("2024-02-01"),
    )
    last_year = FollowUp(**{**_fields(last_year), "state": "noted"})
    return Portfolio(
        municipality=Municipality(
            id="testby",
            name=T(da="Testby Kommune"),
            country="DK",
            default_language="da",
            working_languages=("da", "de", "en"),
            illustrative=True,
        ),
        bodies=(
            Body(id="udvalg", name=T(da="Udvalget"), type="committee"),
            Body(id="kultur", name=T(da="Kultur og fritid"), type="secretariat"),
            Body(id="miljoe", name=T(da="Miljø og klima"), type="secretariat"),
        ),
        strategies=(
            Strategy(
                id="strategi",
                title=T(da="International strategi"),
                period=Period.parse("2020", "2030"),
                follow_up=FollowUpRule(
                    frequency="yearly",
                    prepared_by=("kultur", "miljoe"),
                    addressed_to=("udvalg",),
                ),
                themes=(
                    Theme(
                        id="kultur-tema",
                        title=T(da="Kultur"),
                        responsible=("kultur",),
                        reports_to=("udvalg",),
                        goals=(Goal(id="kultur-maal", statement=T(da="Mere kultur.")),),
                    ),
                    Theme(
                        id="klima-tema",
                        title=T(da="Klima"),
                        responsible=("miljoe",),
                        reports_to=("udvalg",),
                    ),
                ),
                illustrative=True,
            ),
        ),
        initiatives=(
            _initiative(
                "festival",
                "Venskabsbyfestival",
                "kultur-tema",
                ("kultur",),
                period=Period.parse("2023", "2025"),
                funding=(
                    FundingLine(amount=Money(amount=Decimal("100000"), currency="DKK")),
                    FundingLine(
                        amount=Money(amount=Decimal("50000.50"), currency="DKK")
                    ),
                ),
            ),
            _initiative(
                "klima-net",
                "Klimanetværk",
                "klima-tema",
                ("miljoe", "kultur"),
                period=Period.parse("2024-03", "2024-11"),
            ),
            _initiative(
                "formel",
                '=HYPERLINK("http://example.org","klik")',
                "kultur-tema",
                ("kultur",),
                period=Period.parse("2024", "2024"),
            ),
        ),
        followups=(last_year,),
    )


def _fields(followup: FollowUp) -> dict[str, Any]:
    import attrs

    return attrs.asdict(followup, recurse=False)


def zip_names(data: bytes) -> set[str]:
    """The names of the parts of a zip file (XLSX, DOCX)."""
    return set(zipfile.ZipFile(io.BytesIO(data)).namelist())


def write(directory: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (directory / name).write_bytes(data)


def fill_workbook(data: bytes, answers: Mapping[str, tuple[Any, Any]]) -> bytes:
    """Fill a status workbook with openpyxl: subject -> (status, progress) cells."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Status"]
    headings = {cell.value: cell.column for cell in sheet[1]}
    for row in sheet.iter_rows(min_row=2):
        subject = row[0].value
        if subject in answers:
            status, progress = answers[subject]
            sheet.cell(row=row[0].row, column=headings["Status"], value=status)
            sheet.cell(row=row[0].row, column=headings["Fremdrift"], value=progress)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def fill_document(data: bytes, answers: Mapping[str, Mapping[str, list[Any]]]) -> bytes:
    """Fill a narrative document with python-docx.

    ``answers`` maps a section key to {label: paragraphs}; a paragraph is a
    string (line breaks become breaks) or a list of (text, bold, italic) runs.
    """
    import docx

    document = docx.Document(io.BytesIO(data))
    for table in document.tables:
        key = table.rows[0].cells[0].text.strip()
        for row in table.rows[1:]:
            label = row.cells[0].text.strip()
            paragraphs = answers.get(key, {}).get(label)
            if paragraphs is None:
                continue
            cell = row.cells[1]
            for old in list(cell.paragraphs)[1:]:
                old._p.getparent().remove(old._p)
            first = cell.paragraphs[0]
            for run in list(first.runs):
                run._r.getparent().remove(run._r)
            for number, paragraph in enumerate(paragraphs):
                target = first if number == 0 else cell.add_paragraph()
                runs = (
                    [(paragraph, False, False)]
                    if isinstance(paragraph, str)
                    else paragraph
                )
                for text, bold, italic in runs:
                    for index, line in enumerate(text.split("\n")):
                        if index:
                            target.add_run().add_break()
                        run = target.add_run(line)
                        run.bold, run.italic = bold or None, italic or None
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
