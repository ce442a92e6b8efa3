"""The XLSX report format: a report's tables as an Excel workbook (openpyxl).

Every table is a sheet (a figure's data table too), named after the table;
a report of sample data has first a sheet "Illustrative" (in the report's
language) with the notes under its title that say so.  Sheet names have
at most 31 characters, without ``[]:*?/\\``, unique in the workbook.  A
report without tables gives one empty sheet named after the report.  Each
sheet has a bold, frozen header row with an auto-filter and column widths
that fit the content (up to a cap); printed, it repeats the header row
on every page and is one page wide (landscape when its columns are wide)
unless it is too wide to read so; then it repeats its first column.

Cells keep their types: numbers (int, float, Decimal) are number cells,
dates are date cells shown with ``date_format``, a Decimal keeps its
decimal places in its number format.  Texts are plain text (a
link as ``label (url)``) and neutralised against formula injection
(:func:`munintl.reports.rendering.markup.neutralise`); a negative number stays a
number.  The workbook's properties carry the report's title, municipality,
language and time, and the same document always gives the same bytes.

openpyxl is imported when a workbook is written, not when plugins are
listed (``pip install 'munintl[xlsx]'``).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

import attrs

from munintl.hooks import hookimpl
from munintl.hooks.records import ReportFormat
from munintl.i18n import N_
from munintl.reports.rendering.markup import (
    clean,
    document_tables,
    format_cell,
    is_number,
    spreadsheet_cell,
    with_notes_first,
    words_language,
)
from munintl.reports.rendering.ooxml import ZIP_EPOCH, stable_zip, utc_naive

if TYPE_CHECKING:
    from openpyxl import Workbook

    from munintl.reports.document import Cell, ReportDocument, Table

#: Characters Excel forbids in a sheet name.
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
#: A sheet name's length limit in Excel.
SHEET_NAME_LIMIT = 31
#: Excel's limit on the characters in one cell.
CELL_LIMIT = 32_767
#: Column width bounds, in characters.
MIN_WIDTH, MAX_WIDTH = 8, 60
#: The columns' total width, in characters, above which a sheet prints landscape.
PORTRAIT_WIDTH = 100
#: The widest sheet, in characters, that still prints legibly on one page.
FIT_WIDTH = 220
#: Rows looked at when fitting column widths (the rest follow the same shape).
WIDTH_SAMPLE = 500


@attrs.frozen(kw_only=True)
class XlsxSettings:
    """``[plugins.xlsx]``: the Excel number format of date cells."""

    date_format: str = "yyyy-mm-dd"


def sheet_names(titles: Iterable[str]) -> list[str]:
    """Turn table titles into valid, unique Excel sheet names, in order.

    >>> sheet_names(["Status: 2024/25", "Status: 2024/25", ""])
    ['Status 2024 25', 'Status 2024 25 (2)', 'Table 3']
    """
    names: list[str] = []
    taken: set[str] = set()
    for number, title in enumerate(titles, start=1):
        base = " ".join(_FORBIDDEN.sub(" ", clean(title)).split()).strip("'")
        if not base or base.casefold() == "history":  # Excel reserves "History"
            base = f"{base} {number}".strip() if base else f"Table {number}"
        name = base[:SHEET_NAME_LIMIT].rstrip().rstrip("'")
        count = 1
        while name.casefold() in taken:
            count += 1
            suffix = f" ({count})"
            name = base[: SHEET_NAME_LIMIT - len(suffix)].rstrip() + suffix
        taken.add(name.casefold())
        names.append(name)
    return names


def _width(value: Cell, language: str) -> int:
    if isinstance(value, dt.date):
        return 11
    text = value if isinstance(value, str) else format_cell(value, language)
    return max((len(line) for line in text.split("\n")), default=0)


def _value(value: Cell) -> Any:
    cell = spreadsheet_cell(value)
    if isinstance(cell, str) and len(cell) > CELL_LIMIT:
        return cell[: CELL_LIMIT - 1] + "…"
    return cell


def _places(value: Decimal) -> int:
    """Return the decimal places a Decimal was given with (``12.50`` has 2)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _print_setup(sheet: Any, sizes: list[int]) -> None:
    """Set how a sheet with columns ``sizes`` wide prints.

    It repeats its header row on every page; it is landscape when wide and
    shrunk to one page wide unless that would make it too small to read --
    then every page repeats the first column instead.
    """
    if sum(sizes) > PORTRAIT_WIDTH:
        sheet.page_setup.orientation = "landscape"
    if sum(sizes) <= FIT_WIDTH:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
    elif len(sizes) > 1:
        sheet.print_title_cols = "A:A"
    if sizes:
        sheet.print_title_rows = "1:1"


@attrs.frozen
class XlsxRenderer:
    """Render a report's tables as an XLSX workbook."""

    settings: XlsxSettings = attrs.field(factory=XlsxSettings)

    def _sheet(
        self, workbook: Workbook, name: str, table: Table, language: str
    ) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        # The stubs leave out what write-only sheets share with ordinary ones.
        sheet: Any = workbook.create_sheet(name)
        columns = max([len(table.columns), *(len(row) for row in table.rows)])
        header = [_value(name) for name in table.columns]
        widths = [_width(value, language) for value in header]
        widths += [0] * (columns - len(widths))
        for row in table.rows[:WIDTH_SAMPLE]:
            for index, value in enumerate(row):
                widths[index] = max(widths[index], _width(_value(value), language))
        sizes = [min(max(width + 2, MIN_WIDTH), MAX_WIDTH) for width in widths]
        for index, size in enumerate(sizes, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = size
        _print_setup(sheet, sizes)
        if columns:
            sheet.freeze_panes = "A2"
            last = get_column_letter(columns)
            sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
        bold = Font(bold=True)
        cells = []
        for value in header:
            cell = WriteOnlyCell(sheet, value=value)
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)
        date_format = self.settings.date_format
        for row in table.rows:
            out: list[Any] = []
            for value in row:
                if isinstance(value, dt.date):
                    cell = WriteOnlyCell(sheet, value=cast(Any, value))
                    cell.number_format = date_format
                    out.append(cell)
                elif isinstance(value, Decimal) and _places(value):
                    cell = WriteOnlyCell(sheet, value=cast(Any, value))
                    cell.number_format = "#,##0." + "0" * _places(value)
                    out.append(cell)
                elif is_number(value) or value is None:
                    out.append(value)
                else:
                    out.append(_value(value))
            sheet.append(out)

    def render(self, document: ReportDocument) -> bytes:
        """Return the workbook's bytes."""
        from openpyxl import Workbook
        from openpyxl.writer.excel import ExcelWriter

        metadata = document.metadata
        workbook = Workbook(write_only=True)
        # A committee paper's header block (municipality, committee, case
        # number, ...) is a sheet of labels and values, in its place.
        words = words_language(metadata)
        tables = document_tables(document, facts_language=words)
        # A report of sample data says so on its first sheet.
        tables = with_notes_first(tables, document, words)
        names = sheet_names(table.title for table in tables)
        for name, table in zip(names, tables, strict=True):
            self._sheet(workbook, name, table, words)
        if not tables:
            workbook.create_sheet(sheet_names([metadata.title])[0])
        properties = workbook.properties
        properties.title = clean(metadata.title)
        properties.creator = clean(metadata.municipality)
        properties.lastModifiedBy = clean(metadata.municipality)
        properties.language = metadata.language
        properties.subject = (
            clean(" · ".join(p for p in (metadata.body, metadata.period) if p)) or None
        )
        properties.identifier = clean(metadata.case_reference or "") or None
        # openpyxl needs a time; a report without one gets the zip epoch.
        moment = utc_naive(metadata.generated_at) or ZIP_EPOCH
        properties.created = moment
        properties.modified = moment
        buffer = io.BytesIO()
        # ExcelWriter rather than Workbook.save, which stamps "modified" with now.
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            ExcelWriter(workbook, archive).save()
        return stable_zip(buffer.getvalue(), metadata.generated_at)


def make_renderer(settings: XlsxSettings | None) -> XlsxRenderer:
    """Build the XLSX renderer (``settings`` None: the defaults)."""
    return XlsxRenderer(settings or XlsxSettings())


@hookimpl
def munintl_report_formats() -> list[ReportFormat]:
    """Register the ``xlsx`` report format."""
    return [
        ReportFormat(
            name="xlsx",
            description=N_("The report's tables as an Excel workbook, one sheet each"),
            suffixes=(".xlsx",),
            media_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
            factory=make_renderer,
            settings=XlsxSettings,
            requires=("openpyxl",),
            install='pip install "munintl[xlsx]"',
        )
    ]
