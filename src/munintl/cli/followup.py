"""``munintl followup ...``: prepare, collect, status, remind, submit, decide, correct.

A thin layer over :mod:`munintl.followround`: each command loads the
portfolio, calls one library function, and saves through the store it came
from (validated first, against the revision it read; nothing is written on
any error).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import click

from munintl.cli._common import (
    EXIT_INVALID,
    NamedPath,
    fail,
    fail_invalid,
    open_portfolio,
    plugin_manager,
    read_revision,
    refuse_blank_language,
    write_file,
)
from munintl.errors import MunintlError
from munintl.i18n import N_, _

if TYPE_CHECKING:
    from munintl.hooks.protocols import Store
    from munintl.model import Codelist, FollowUp, PartialDate, Portfolio


def _date(value: str | None) -> PartialDate | None:
    from munintl.model import PartialDate
    from munintl.wire.convert import said

    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError as error:
        raise click.BadParameter(said(error)) from None


def _today() -> PartialDate:
    from munintl.model import PartialDate

    return PartialDate.from_date(dt.datetime.now(dt.UTC).date())


def _codelists() -> Mapping[str, Codelist]:
    return plugin_manager().codelists()


def _save(
    location: str, store: Store, revision: str | None, portfolio: Portfolio
) -> None:
    """Validate and save ``portfolio``, or exit 1 with nothing written."""
    from munintl.validation import errors_only, validate

    problems = errors_only(validate(portfolio, manager=plugin_manager()))
    if problems:
        fail_invalid(
            location, [store.locate(f) for f in problems], nothing_written=True
        )
    try:
        store.save(portfolio, expected_revision=revision)
    except MunintlError as error:
        fail(str(error))


def _write(directory: Path, files: Mapping[str, bytes]) -> None:
    for name, data in files.items():
        write_file(directory / name, data)
        click.echo(str(directory / name))


def _followup(
    portfolio: Portfolio, followup_id: str | None, year: int | None, body: str | None
) -> FollowUp:
    from munintl.followround.plan import RoundError, current_followup

    if followup_id is not None:
        found = portfolio.followup(followup_id)
        if found is None:
            fail(_("there is no follow-up {id!r}").format(id=followup_id))
        return found
    if year is None:
        raise click.UsageError(
            _("name the follow-up with --followup ID or --year YEAR")
        )
    try:
        found = current_followup(portfolio, year, body)
    except RoundError as error:
        fail(str(error))
    if found is None:
        fail(
            _(
                "there is no follow-up for {year}; start the round with munintl"
                " followup prepare"
            ).format(year=year)
        )
    return found


def _target(
    path: str, followup_id: str | None, year: int | None, body: str | None
) -> tuple[Portfolio, Store, str | None, FollowUp]:
    """Load the portfolio to change, its revision, and the follow-up named."""
    portfolio, store, _config = open_portfolio(path, writes=True)
    revision = read_revision(store)
    return portfolio, store, revision, _followup(portfolio, followup_id, year, body)


_PATH = click.argument("path")
_YEAR = click.option(
    "--year", type=click.IntRange(1, 9999), help=N_("The year the follow-up covers.")
)
_BODY = click.option("--body", help=N_("The body the follow-up goes to (its id)."))
_FOLLOWUP = click.option("--followup", "followup_id", help=N_("The follow-up's id."))
_LANG = click.option(
    "--lang",
    callback=refuse_blank_language,
    help=N_("The language of the forms and texts (default: the municipality's)."),
)


@click.group(
    help=N_(
        "Run the yearly follow-up round: forms for the departments (prepare),"
        " their answers back in (collect), what is missing (status, remind),"
        " and the follow-up filed with its committee (submit, decide, correct)."
    )
)
def followup() -> None:
    """Run the yearly follow-up round."""


@followup.command(
    "prepare",
    help=N_(
        "Write one status workbook (XLSX) and one narrative document (DOCX) per"
        " preparing department, and a checklist of who owes what, into -o DIR."
        " Makes a draft follow-up for the year if there is none."
    ),
)
@_PATH
@click.option(
    "--year",
    type=click.IntRange(1, 9999),
    required=True,
    help=N_("The year the follow-up covers."),
)
@_BODY
@_LANG
@click.option("--deadline", help=N_("When the forms are due (e.g. 2025-02-15)."))
@click.option(
    "-o",
    "--output",
    type=NamedPath(path_type=Path, file_okay=False),
    required=True,
    help=N_("The directory to write the forms into."),
)
def prepare(  # noqa: PLR0917 - one parameter per option
    path: str,
    year: int,
    body: str | None,
    lang: str | None,
    deadline: str | None,
    output: Path,
) -> None:
    """Make the forms of a follow-up round."""
    from munintl.followround import prepare_round

    portfolio, store, _config = open_portfolio(path, writes=True)
    revision = read_revision(store)
    try:
        prepared = prepare_round(
            portfolio,
            year,
            body,
            codelists=_codelists(),
            language=lang,
            deadline=_date(deadline),
        )
    except MunintlError as error:
        fail(str(error))
    if prepared.changed:
        _save(path, store, revision, prepared.portfolio)
    _write(output, prepared.files)


@followup.command(
    "collect",
    help=N_(
        "Take returned forms (XLSX and DOCX) into the follow-up. Each form is"
        " taken whole or refused whole, with every problem listed; then what is"
        " still missing is shown."
    ),
)
@_PATH
@click.argument("forms", nargs=-1, required=True, type=NamedPath(path_type=Path))
@_YEAR
@_BODY
def collect(  # noqa: PLR0912 - one message per outcome
    path: str, forms: tuple[Path, ...], year: int | None, body: str | None
) -> None:
    """Collect returned forms."""
    from munintl.followround.collect import collect_forms
    from munintl.wire.untrusted import MAX_ARCHIVE_BYTES, read_bounded

    portfolio, store, _config = open_portfolio(path, writes=True)
    revision = read_revision(store)
    read = []
    for form in forms:
        try:
            read.append((form.name, read_bounded(form, MAX_ARCHIVE_BYTES)))
        except MunintlError as error:
            fail(str(error))
    try:
        result = collect_forms(
            portfolio, read, codelists=_codelists(), year=year, body=body
        )
    except MunintlError as error:
        fail(str(error))
    for refused in result.refused:
        for problem in refused.problems:
            click.echo(problem.format(), err=True)
    if result.changed:
        _save(path, store, revision, result.portfolio)
    for taken in result.taken:
        if taken.already:
            click.echo(
                _("{form}: already collected; nothing changed").format(form=taken.form),
                err=True,
            )
        else:
            click.echo(
                _("{form}: taken ({count} fields)").format(
                    form=taken.form, count=taken.fields
                ),
                err=True,
            )
    for refused in result.refused:
        click.echo(
            _("{form}: refused; nothing of it was taken").format(
                form=refused.problems[0].form
            ),
            err=True,
        )
    followups = {t.followup for t in result.taken}
    for followup_id in sorted(followups):
        found = result.portfolio.followup(followup_id)
        if found is not None:
            _print_status(result.portfolio, [found], None, as_json=False)
    if result.refused:
        raise SystemExit(EXIT_INVALID)


def _print_status(
    portfolio: Portfolio,
    followups: list[FollowUp],
    lang: str | None,
    *,
    as_json: bool,
) -> None:
    """Print the checklist of each follow-up, or all their statuses as JSON."""
    from munintl.followround import plan_round, round_status
    from munintl.followround.plan import round_year
    from munintl.followround.prepare import localizer_for
    from munintl.followround.texts import checklist_markdown

    try:
        plans = [plan_round(portfolio, round_year(f), f.addressee) for f in followups]
        localizer = localizer_for(portfolio, lang, _codelists())
    except MunintlError as error:
        fail(str(error))
    if as_json:
        data = {"followups": [round_status(plan).to_json() for plan in plans]}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(
        "\n".join(checklist_markdown(portfolio, plan, localizer) for plan in plans),
        nl=False,
    )


@followup.command(
    "status",
    help=N_(
        "Show per body and department what has come in and what is still owed"
        " for the follow-ups of --year (a checklist, or JSON with --json)."
    ),
)
@_PATH
@_YEAR
@_BODY
@_FOLLOWUP
@_LANG
@click.option("--json", "as_json", is_flag=True, help=N_("Print JSON for machines."))
def status(  # noqa: PLR0917 - one parameter per option
    path: str,
    year: int | None,
    body: str | None,
    followup_id: str | None,
    lang: str | None,
    as_json: bool,
) -> None:
    """Show the round's completeness."""
    from munintl.followround.plan import followups_of_year

    portfolio, _store, _config = open_portfolio(path)
    if followup_id is None and body is None and year is not None:
        found = followups_of_year(portfolio, year)
        if not found:
            fail(
                _(
                    "there is no follow-up for {year}; start the round with"
                    " munintl followup prepare"
                ).format(year=year)
            )
    else:
        found = [_followup(portfolio, followup_id, year, body)]
    _print_status(portfolio, found, lang, as_json=as_json)


@followup.command(
    "remind",
    help=N_(
        "Write the round's deadlines and meeting as a calendar (ICS) and one"
        " plain-text reminder per department that still owes something, into"
        " -o DIR."
    ),
)
@_PATH
@_YEAR
@_BODY
@_FOLLOWUP
@_LANG
@click.option(
    "-o",
    "--output",
    type=NamedPath(path_type=Path, file_okay=False),
    required=True,
    help=N_("The directory to write the calendar and reminders into."),
)
def remind(  # noqa: PLR0917 - one parameter per option
    path: str,
    year: int | None,
    body: str | None,
    followup_id: str | None,
    lang: str | None,
    output: Path,
) -> None:
    """Write the calendar and the reminders."""
    from munintl.followround import plan_round
    from munintl.followround.calendar import round_calendar
    from munintl.followround.plan import round_year
    from munintl.followround.prepare import localizer_for
    from munintl.followround.texts import reminder_text

    portfolio, _store, _config = open_portfolio(path)
    found = _followup(portfolio, followup_id, year, body)
    try:
        plan = plan_round(portfolio, round_year(found), found.addressee)
        localizer = localizer_for(portfolio, lang, _codelists())
    except MunintlError as error:
        fail(str(error))
    files = {
        f"{found.id}.ics": round_calendar(portfolio, plan, localizer).encode("utf-8")
    }
    for assignment in plan.assignments:
        text = reminder_text(portfolio, plan, assignment.department, localizer)
        if text is not None:
            files[f"{found.id}.{assignment.department}.reminder.txt"] = text.encode(
                "utf-8"
            )
    _write(output, files)


@followup.command(
    "submit",
    help=N_(
        "Submit the follow-up to its committee's meeting under a case number;"
        " from then on it is frozen and renders the same document every time."
    ),
)
@_PATH
@_YEAR
@_BODY
@_FOLLOWUP
@click.option("--case", "case_number", required=True, help=N_("The case number."))
@click.option("--meeting", required=True, help=N_("The meeting's date."))
@click.option("--agenda-item", help=N_("The agenda item."))
@click.option("--on", "on", help=N_("The submission date (default: today)."))
def submit(  # noqa: PLR0917 - one parameter per option
    path: str,
    year: int | None,
    body: str | None,
    followup_id: str | None,
    case_number: str,
    meeting: str,
    agenda_item: str | None,
    on: str | None,
) -> None:
    """Submit and freeze the follow-up."""
    from munintl.followround.lifecycle import submit_followup

    portfolio, store, revision, found = _target(path, followup_id, year, body)
    meeting_date = _date(meeting)
    assert meeting_date is not None  # a required option
    try:
        updated = submit_followup(
            portfolio,
            found.id,
            case_number=case_number,
            meeting=meeting_date,
            on=_date(on) or _today(),
            agenda_item=agenda_item,
            revision=revision,
        )
    except MunintlError as error:
        fail(str(error))
    _save(path, store, revision, updated)
    click.echo(_("{id}: submitted and frozen").format(id=found.id), err=True)


@followup.command(
    "decide",
    help=N_("Record the committee's decision on a submitted follow-up."),
)
@_PATH
@_YEAR
@_BODY
@_FOLLOWUP
@click.option(
    "--outcome",
    required=True,
    help=N_("The outcome code, e.g. noted, approved, rejected, postponed."),
)
@click.option("--on", "on", help=N_("The date of the decision (default: today)."))
@click.option("--text", help=N_("The decision's text, in the municipality's language."))
@click.option("--reference", help=N_("Where the decision is recorded (minutes, item)."))
@click.option(
    "--by",
    help=N_(
        "The body that decided (its id), when it is not the one the follow-up"
        " goes to (an audit office's review decided by the executive committee)."
    ),
)
def decide(  # noqa: PLR0917 - one parameter per option
    path: str,
    year: int | None,
    body: str | None,
    followup_id: str | None,
    outcome: str,
    on: str | None,
    text: str | None,
    reference: str | None,
    by: str | None,
) -> None:
    """Record the committee's decision."""
    from munintl.followround.lifecycle import decide_followup
    from munintl.model import LocalizedText

    portfolio, store, revision, found = _target(path, followup_id, year, body)
    language = portfolio.municipality.default_language
    try:
        updated = decide_followup(
            portfolio,
            found.id,
            outcome=outcome,
            on=_date(on) or _today(),
            text=LocalizedText.of(**{language: text}) if text else None,
            reference=reference,
            by=by,
        )
    except MunintlError as error:
        fail(str(error))
    _save(path, store, revision, updated)
    click.echo(_("{id}: decision recorded").format(id=found.id), err=True)


@followup.command(
    "correct",
    help=N_(
        "Start a correction of a submitted follow-up: a new draft revision that"
        " revises it, with a note saying why. The submitted one is left as it is."
    ),
)
@_PATH
@_YEAR
@_BODY
@_FOLLOWUP
@click.option(
    "--note", required=True, help=N_("What the correction corrects, and why.")
)
def correct(
    path: str,
    year: int | None,
    body: str | None,
    followup_id: str | None,
    note: str,
) -> None:
    """Start a correction revision."""
    from munintl.followround.lifecycle import correct_followup
    from munintl.model import LocalizedText

    portfolio, store, revision, found = _target(path, followup_id, year, body)
    language = portfolio.municipality.default_language
    try:
        updated, new = correct_followup(
            portfolio, found.id, note=LocalizedText.of(**{language: note})
        )
    except MunintlError as error:
        fail(str(error))
    _save(path, store, revision, updated)
    click.echo(new.id)
