"""``munintl check-pair A B``: the same partnerships seen from two portfolios."""

from __future__ import annotations

import datetime as dt
import json
import sys

import click

from munintl.cli._common import (
    EXIT_INVALID,
    Location,
    fail,
    fail_invalid,
    plugin_manager,
)
from munintl.errors import Finding, MunintlError, ValidationError
from munintl.i18n import _


@click.command(
    help=_(
        "Compare what the portfolios at LOCATIONS record about each other:"
        " partnerships recorded by one side only, and pairs whose start dates"
        " differ.  Partners are matched by shared identifiers (wikidata,"
        " iso3166-2, nuts, lau, national codes), else by id or name."
    )
)
@click.argument("locations", nargs=-1, required=True, type=Location(exists=True))
@click.option(
    "--on",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help=_("Compare as of DATE (YYYY-MM-DD; default today)."),
)
@click.option("--json", "as_json", is_flag=True, help=_("Print the findings as JSON."))
def check_pair(
    locations: tuple[str, ...], day: dt.datetime | None, as_json: bool
) -> None:
    """Compare the portfolios at LOCATIONS."""
    from munintl.query import compare_pair
    from munintl.storage import open_store

    if len(locations) < 2:
        fail(_("give at least two portfolios to compare"))
    manager = plugin_manager()
    portfolios = {}
    stores = {}
    for location in locations:
        try:
            store = open_store(location, manager=manager)
            portfolios[location] = store.load()
        except ValidationError as error:
            fail_invalid(location, error.findings)
        except MunintlError as error:
            fail(str(error))
        stores[location] = store
    found = compare_pair(portfolios, day=day.date() if day else None)
    findings = [
        stores[f.portfolio].locate(
            Finding(code=f.code, message=f.message, path=f.path, severity="warning")
        )
        for f in found
    ]
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "portfolio": f.portfolio,
                        "code": f.code,
                        "path": f.path,
                        "file": located.file,
                        "line": located.line,
                        "message": f.message,
                    }
                    for f, located in zip(found, findings, strict=True)
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for located in findings:
            click.echo(located.format(), err=True)
    click.echo(
        _("{count} difference(s) between {n} portfolios").format(
            count=len(findings), n=len(portfolios)
        ),
        err=True,
    )
    if findings:
        sys.exit(EXIT_INVALID)
