"""The CSV report format: a report's tables as comma-separated values.

A report may hold several tables (and every figure has its data as a
table).  By default all of them are written one after another, each as a
row holding only the table's title, its header row and its rows, with an
empty row between tables, so nothing in the report is lost; a report of
sample data begins with a table titled "Illustrative" holding the notes
under its title that say so.  ``table``
(a title, or a 1-based number) writes that one table alone -- just its
header and rows, the shape a data portal or ``pandas.read_csv`` expects.

Cells are written for machines, not for one language: numbers with a ``.``
decimal point, dates as ISO 8601, texts as plain text (a text cell as it
is, never read as Markdown; a prose cell without its marks and a link as
``label (url)``).  Texts that a spreadsheet would run as a formula are
neutralised (:func:`munintl.reports.rendering.markup.neutralise`); number
cells are not, so ``-5`` stays a number.  UTF-8, ``\\r\\n`` line ends (RFC 4180);
``bom = true`` adds a byte order mark so Excel detects UTF-8 and shows
æ, ø and å.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from munintl.errors import ConfigError
from munintl.hooks import hookimpl
from munintl.hooks.records import ReportFormat
from munintl.i18n import N_, _
from munintl.reports.document import Prose
from munintl.reports.rendering.markup import (
    document_tables,
    spreadsheet_cell,
    with_notes_first,
    words_language,
)

if TYPE_CHECKING:
    from munintl.reports.document import Cell, ReportDocument, Table


def _one_character(_instance: object, _attribute: object, value: str) -> None:
    if len(value) != 1 or value in '\r\n"':
        raise ValueError(f"delimiter must be one character, not {value!r}")


@attrs.frozen(kw_only=True)
class CsvSettings:
    """``[plugins.csv]``: ``bom`` for Excel, ``delimiter``, one ``table`` to write."""

    bom: bool = False
    delimiter: str = attrs.field(default=",", validator=_one_character)
    table: str | None = None


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str | Prose):
        return str(spreadsheet_cell(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


@attrs.frozen
class CsvRenderer:
    """Render a report's tables as CSV."""

    settings: CsvSettings = attrs.field(factory=CsvSettings)

    def _select(self, tables: list[Table]) -> Table:
        wanted = self.settings.table
        assert wanted is not None
        if wanted.isdigit() and 1 <= int(wanted) <= len(tables):
            return tables[int(wanted) - 1]
        for table in tables:
            if table.title == wanted:
                return table
        titles = ", ".join(repr(table.title) for table in tables) or _("none")
        raise ConfigError(
            _(
                "the report has no table {wanted!r} to write as CSV; give a number"
                " from 1 to {count} or a title: {titles}"
            ).format(wanted=wanted, count=len(tables), titles=titles)
        )

    def render(self, document: ReportDocument) -> bytes:
        """Return the CSV bytes (UTF-8, with a BOM if asked for)."""
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=self.settings.delimiter)
        tables = document_tables(document)
        if self.settings.table is not None:
            table = self._select(tables)
            writer.writerow([_text(name) for name in table.columns])
            writer.writerows([_text(cell) for cell in row] for row in table.rows)
        else:
            # A report of sample data says so first (its notes are paragraphs).
            tables = with_notes_first(
                tables, document, words_language(document.metadata)
            )
            for number, table in enumerate(tables):
                if number:
                    writer.writerow([])
                writer.writerow([_text(table.title)])
                writer.writerow([_text(name) for name in table.columns])
                writer.writerows([_text(cell) for cell in row] for row in table.rows)
        data = buffer.getvalue().encode("utf-8")
        return b"\xef\xbb\xbf" + data if self.settings.bom else data


def make_renderer(settings: CsvSettings | None) -> CsvRenderer:
    """Build the CSV renderer (``settings`` None: the defaults)."""
    return CsvRenderer(settings or CsvSettings())


@hookimpl
def munintl_report_formats() -> list[ReportFormat]:
    """Register the ``csv`` report format."""
    return [
        ReportFormat(
            name="csv",
            description=N_(
                "The report's tables as CSV (UTF-8; BOM for Excel optional)"
            ),
            suffixes=(".csv",),
            media_type="text/csv",
            factory=make_renderer,
            settings=CsvSettings,
        )
    ]
