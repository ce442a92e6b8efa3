"""The status form as an XLSX workbook: write it, and read a returned one back.

One sheet, one row per subject: the id, title, period and funding columns
are locked (the sheet is protected without a password, so the department
edits only what it should), status and progress are chosen from lists
(data validation).  A hidden sheet holds the form's identity and the lists.
Nothing typed into a cell is ever evaluated: a value that starts with
``=`` is read as text, and the text munintl writes is stored as text.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from munintl.errors import MissingExtraError
from munintl.followround.forms import STATUS_COLUMNS, StatusRow, field_key
from munintl.followround.identity import (
    IDENTITY_NAME,
    FormError,
    FormIdentity,
    FormProblem,
    IdentityError,
)
from munintl.i18n import _
from munintl.reports.building.localize import Localizer

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["read_status_form", "write_status_form"]

#: The hidden sheet's name (a sheet name is at most 31 characters).
HIDDEN_SHEET = IDENTITY_NAME
_CHUNK = 30_000  # a cell holds at most 32,767 characters
_RISKY = ("=", "+", "-", "@")


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - the extra is installed in tests
        raise MissingExtraError(
            _('the XLSX forms need openpyxl: pip install "munintl[xlsx]"')
        ) from None
    return openpyxl


def _set_text(cell: Any, value: str) -> None:
    cell.value = value
    if value.startswith(_RISKY):
        # Stored as a string, never as a formula: spreadsheets do not evaluate it.
        cell.data_type = "s"


def status_sheet_title(localizer: Localizer) -> str:
    """The title of the status sheet in the form's language."""
    return localizer._("Status")[:31]


def write_status_form(  # noqa: PLR0912, PLR0915 - one layout, step by step
    rows: Sequence[StatusRow],
    identity: FormIdentity,
    choices: Mapping[str, Sequence[tuple[str, str]]],
    localizer: Localizer,
) -> bytes:
    """Lay out one department's status form; return the XLSX bytes.

    ``choices`` maps ``status`` and ``progress`` to their (code, label)
    pairs, shown as lists to choose from.
    """
    openpyxl = _openpyxl()
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.properties import PageSetupProperties

    book = openpyxl.Workbook()
    sheet: Worksheet = book.active
    sheet.title = status_sheet_title(localizer)
    hidden: Worksheet = book.create_sheet(HIDDEN_SHEET)
    text = identity.to_json()
    for index in range(0, max(len(text), 1), _CHUNK):
        hidden.cell(
            row=index // _CHUNK + 1, column=1, value=text[index : index + _CHUNK]
        )
    list_columns = {"status": 3, "progress": 4}
    for field, column in list_columns.items():
        for number, (_code, label) in enumerate(choices.get(field, ()), start=1):
            _set_text(hidden.cell(row=number, column=column), label)
    hidden.sheet_state = "hidden"

    grey = PatternFill("solid", fgColor="E7E6E6")
    for column, (_key, label, editable) in enumerate(STATUS_COLUMNS, start=1):
        heading = sheet.cell(row=1, column=column, value=localizer._(label))
        heading.font = Font(bold=True)
        heading.alignment = Alignment(wrap_text=True, vertical="top")
        if not editable:
            heading.fill = grey
    for index, row in enumerate(rows, start=2):
        values: dict[str, Any] = {
            "subject": str(row.subject),
            "title": row.title,
            "start": row.start,
            "end": row.end,
            "amount": row.amount,
            "currency": row.currency,
            "last_status": row.last_status,
            "last_progress": row.last_progress,
            "status": localizer.code("initiative-status", row.status) or None,
            "progress": localizer.code("progress-status", row.progress) or None,
        }
        for column, (key, _label, editable) in enumerate(STATUS_COLUMNS, start=1):
            cell: Any = sheet.cell(row=index, column=column)
            value = values[key]
            if isinstance(value, str):
                _set_text(cell, value)
            else:
                cell.value = value
            if key in {"start", "end"}:
                cell.number_format = "yyyy-mm-dd"
            elif key == "amount":
                cell.number_format = "#,##0.00"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if editable:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = grey
    last = len(rows) + 1
    for field, column in list_columns.items():
        count = len(choices.get(field, ()))
        letter = openpyxl.utils.get_column_letter(column)
        validation = DataValidation(
            type="list",
            formula1=f"'{HIDDEN_SHEET}'!${letter}$1:${letter}${max(count, 1)}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=localizer._("Choose from the list"),
            error=localizer._("Choose a value from the list."),
        )
        sheet.add_data_validation(validation)
        target = next(i for i, c in enumerate(STATUS_COLUMNS, 1) if c[0] == field)
        target_letter = openpyxl.utils.get_column_letter(target)
        if last >= 2:
            validation.add(f"{target_letter}2:{target_letter}{last}")
    widths = {
        "subject": 34,
        "title": 40,
        "last_status": 22,
        "last_progress": 22,
        "status": 24,
        "progress": 24,
    }
    for column, (key, _label, _editable) in enumerate(STATUS_COLUMNS, start=1):
        letter = openpyxl.utils.get_column_letter(column)
        sheet.column_dimensions[letter].width = widths.get(key, 14)
    for index, row in enumerate(rows, start=2):
        # Spreadsheets do not grow a row for wrapped text they did not edit.
        lines = max(
            1,
            -(-len(row.title) // (widths["title"] - 2)),
            -(-len(str(row.subject)) // (widths["subject"] - 2)),
        )
        sheet.row_dimensions[index].height = 15 * lines
    sheet.row_dimensions[1].height = 30
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "1:1"
    sheet.freeze_panes = "C2"
    sheet.protection.sheet = True
    book.properties.title = sheet.title
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _identity(book: Any) -> FormIdentity:
    if HIDDEN_SHEET not in book.sheetnames:
        raise IdentityError(
            _(
                "this workbook is not a munintl status form (it has no hidden"
                " sheet {sheet!r}); use the form munintl followup prepare made"
            ).format(sheet=HIDDEN_SHEET)
        )
    hidden = book[HIDDEN_SHEET]
    parts = []
    for (value,) in hidden.iter_rows(min_col=1, max_col=1, values_only=True):
        if value is None:
            break
        parts.append(str(value))
    return FormIdentity.from_json("".join(parts))


def _unreadable(error: BaseException) -> IdentityError:
    return IdentityError(
        _("this file cannot be read as an XLSX workbook ({error})").format(
            error=type(error).__name__
        )
    )


@contextlib.contextmanager
def _opened(data: bytes) -> Iterator[Any]:
    """The workbook in ``data``, read-only (streamed): whatever it holds.

    Anything openpyxl (or the ZIP and XML readers under it) raises on a
    damaged workbook becomes an :class:`IdentityError`; formulas are read
    as their text, never evaluated, and macros are never loaded.
    """
    openpyxl = _openpyxl()
    try:
        book = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_vba=False
        )
    except Exception as error:  # noqa: BLE001 - a hostile file: any error is "damaged"
        raise _unreadable(error) from None
    try:
        yield book
    except (IdentityError, FormError):
        raise
    except Exception as error:  # noqa: BLE001 - read lazily: errors come late
        raise _unreadable(error) from None
    finally:
        book.close()


def read_identity(data: bytes) -> FormIdentity:
    """Read the identity of an XLSX form; raise :class:`IdentityError` if none."""
    with _opened(data) as book:
        return _identity(book)


def _where(sheet: str, row: int, column: int, label: str) -> str:
    from openpyxl.utils import get_column_letter

    return f"{sheet}!{get_column_letter(column)}{row} ({label})"


#: Rows read below a form's own: a department may leave notes; no more.
SPARE_ROWS = 1_000


def read_status_form(
    data: bytes,
    form: str,
    choices: Mapping[str, Sequence[tuple[str, str]]],
    localizer: Localizer,
) -> tuple[FormIdentity, dict[str, str | None], list[FormProblem]]:
    """Read a returned status form: its identity, its values, its problems.

    The values map ``subject/status`` and ``subject/progress`` to codes
    (None for an empty cell).  Each problem names the sheet, row and column
    and says what to change.  Rows may be in any order; columns are found
    by their headings.  Rows further than :data:`SPARE_ROWS` below the
    form's own are not read (a problem says so).  Raise
    :class:`IdentityError` for a file that is not a status form.
    """
    with _opened(data) as book:
        identity = _identity(book)
        title = status_sheet_title(localizer)
        if title not in book.sheetnames:
            others = [n for n in book.sheetnames if n != HIDDEN_SHEET]
            raise IdentityError(
                _(
                    "the sheet {sheet!r} is missing (the workbook has: {others});"
                    " give it back its name"
                ).format(sheet=title, others=", ".join(others) or "-")
            )
        values, problems = _read_rows(book[title], identity, form, choices, localizer)
    return identity, values, problems


def _sheet_rows(sheet: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(number, values) of each row the sheet's XML holds, in order.

    Unlike ``iter_rows``, rows the XML skips are not made up: a single cell
    in row 1,000,000 (or 10**12) costs one row, not a million empty ones.
    Formulas come as their text.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    with sheet._get_source() as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=False)
        for number, cells in parser.parse():
            values: list[Any] = [None] * max((c["column"] for c in cells), default=0)
            for found in cells:
                values[found["column"] - 1] = found["value"]
            yield number, tuple(values)


def _read_rows(  # noqa: PLR0912 - one check per way a row can be wrong
    sheet: Any,
    identity: FormIdentity,
    form: str,
    choices: Mapping[str, Sequence[tuple[str, str]]],
    localizer: Localizer,
) -> tuple[dict[str, str | None], list[FormProblem]]:
    title = status_sheet_title(localizer)
    problems: list[FormProblem] = []
    expected = {key.rpartition("/")[0] for key in identity.bases}
    last = 1 + len(expected) + SPARE_ROWS
    rows = _sheet_rows(sheet)
    first = next(rows, (1, ()))
    headings = {
        str(value).strip(): column
        for column, value in enumerate(first[1] if first[0] == 1 else (), start=1)
        if value is not None
    }
    columns: dict[str, int] = {}
    for key, label, _editable in STATUS_COLUMNS:
        shown = localizer._(label)
        if shown in headings:
            columns[key] = headings[shown]
        elif key in {"subject", "status", "progress"}:
            problems.append(
                FormProblem(
                    form=form,
                    where=f"{title}!1",
                    message=_(
                        "the column {label!r} is missing; give the heading back"
                        " its text"
                    ).format(label=shown),
                )
            )
    if problems:
        return {}, problems
    seen: set[str] = set()
    values: dict[str, str | None] = {}
    for number, row in rows if first[0] == 1 else (first, *rows):

        def cell(column: int, row: tuple[Any, ...] = row) -> Any:
            return row[column - 1] if column <= len(row) else None

        if all(value in (None, "") for value in row):
            continue
        if number > last:
            problems.append(
                FormProblem(
                    form=form,
                    where=f"{title}!{number}",
                    message=_(
                        "the sheet goes on below row {last}; a form has one row per"
                        " subject: delete the rows below it"
                    ).format(last=last),
                )
            )
            break
        subject_where = _where(
            title, number, columns["subject"], localizer._("Subject")
        )
        subject = str(cell(columns["subject"]) or "").strip()
        if subject not in expected:
            problems.append(
                FormProblem(
                    form=form,
                    where=subject_where,
                    message=_(
                        "{value!r} is not a subject this form asks about; do not"
                        " change the id column (add subjects in the portfolio and"
                        " make the form again)"
                    ).format(value=subject),
                )
            )
            continue
        if subject in seen:
            problems.append(
                FormProblem(
                    form=form,
                    where=subject_where,
                    message=_(
                        "{subject} has a second row; keep one row per subject"
                    ).format(subject=subject),
                )
            )
            continue
        seen.add(subject)
        for field in ("status", "progress"):
            code, problem = _code(cell(columns[field]), choices[field])
            if problem is not None:
                problems.append(
                    FormProblem(
                        form=form,
                        where=_where(
                            title,
                            number,
                            columns[field],
                            localizer._(field.capitalize()),
                        ),
                        message=problem,
                    )
                )
            else:
                values[field_key(subject, field)] = code
    for subject in sorted(expected - seen):
        problems.append(
            FormProblem(
                form=form,
                where=title,
                message=_(
                    "the row of {subject} is missing; put it back (copy it from a"
                    " fresh form) or leave its status and progress empty"
                ).format(subject=subject),
            )
        )
    return values, problems


def _code(
    value: object, choices: Sequence[tuple[str, str]]
) -> tuple[str | None, str | None]:
    """Map a cell's value to a code; return (code, None) or (None, problem)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    allowed = ", ".join(label for _code, label in choices)
    if not isinstance(value, str):
        return None, _("{value!r} is not one of: {allowed}").format(
            value=value, allowed=allowed
        )
    text = value.strip()
    if text.startswith("="):
        return None, _(
            "{value!r} is a formula; formulas are not evaluated, so choose one of:"
            " {allowed}"
        ).format(value=text, allowed=allowed)
    for code, label in choices:
        if text.casefold() in {code.casefold(), label.casefold()}:
            return code, None
    return None, _("{value!r} is not one of: {allowed}").format(
        value=text, allowed=allowed
    )
