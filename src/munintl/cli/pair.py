"""``munintl check-pair``: partnerships seen from two portfolios, or a database's.

Given two or more locations, each is read as one portfolio and every pair
compared in Python.  Given one database location, the database finds the
partnerships between its portfolios with SQL (:func:`munintl.query.links`)
and only the portfolios of pairs recorded on both sides are read, to
compare their dates; a key in the location keeps the pairs that portfolio
is in.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from munintl.cli._common import (
    EXIT_INVALID,
    Location,
    fail,
    fail_invalid,
    plugin_manager,
)
from munintl.errors import Finding, MunintlError, ValidationError
from munintl.i18n import N_, _, severity_word

if TYPE_CHECKING:
    from munintl.hooks.manager import MunintlPluginManager
    from munintl.model import Portfolio
    from munintl.query import PairFinding

#: What a comparison found: each finding with its located form, where each
#: portfolio is (by key), and how many portfolios were compared.
Compared = tuple[list[tuple["PairFinding", Finding]], Callable[[str], str], int]


@click.command(
    help=N_(
        "Compare what the portfolios at LOCATIONS record about each other:"
        " partnerships recorded by one side only, and pairs whose start dates"
        " differ.  Partners are matched by shared identifiers (wikidata,"
        " iso3166-2, nuts, lau, national codes), else by id or name."
    )
    + "\n\n"
    + N_(
        "Given one database location, compare every pair of the portfolios"
        " in it (the database finds them); with a portfolio key in the"
        " location (sqlite:///portal.db#aarhus), only the pairs that portfolio"
        " is in."
    )
)
@click.argument("locations", nargs=-1, required=True, type=Location(exists=True))
@click.option(
    "--on",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help=N_("Compare as of DATE (YYYY-MM-DD; default today)."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print the findings as JSON."))
def check_pair(
    locations: tuple[str, ...], day: dt.datetime | None, as_json: bool
) -> None:
    """Compare the portfolios at LOCATIONS, or every pair in one database."""
    manager = plugin_manager()
    on = day.date() if day else None
    if len(locations) == 1:
        found, place, count = _database(locations[0], on, manager)
    else:
        found, place, count = _named(locations, on, manager)
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "portfolio": f.portfolio,
                        "other": f.other,
                        "code": f.code,
                        "path": f.path,
                        "file": located.file,
                        "line": located.line,
                        "other_location": place(f.other) if f.other else None,
                        "message": f.message,
                    }
                    for f, located in found
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for f, located in found:
            other = place(f.other) if f.other else None
            shown = located if other is None else _with_other(located, other)
            click.echo(shown.format(severity_word), err=True)
    click.echo(
        _("{count} difference(s) between {n} portfolios").format(
            count=len(found), n=count
        ),
        err=True,
    )
    if found:
        sys.exit(EXIT_INVALID)


def _with_other(finding: Finding, other: str) -> Finding:
    import attrs

    message = _("{message} (compared with {other})").format(
        message=finding.message, other=other
    )
    return attrs.evolve(finding, message=message)


def _finding(found: PairFinding) -> Finding:
    return Finding(
        code=found.code, message=found.message, path=found.path, severity="warning"
    )


def _named(
    locations: tuple[str, ...], day: dt.date | None, manager: MunintlPluginManager
) -> Compared:
    """Read each location as one portfolio and compare them in Python."""
    from munintl.query import compare_pair
    from munintl.storage import open_store, shown

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
    same = {_same_place(location) for location in portfolios}
    if len(same) < 2:  # one portfolio named twice ("x" and "./x/")
        fail(
            _(
                "{location} is one portfolio: give at least two portfolios to"
                " compare, or one database location"
            ).format(location=shown(locations[0]))
        )
    found = [
        (f, stores[f.portfolio].locate(_finding(f)))
        for f in compare_pair(portfolios, day=day)
    ]
    return found, shown, len(portfolios)


def _same_place(location: str) -> str:
    """``location`` as one place: a folder or file by its real path."""
    import os

    return location if "://" in location else os.path.realpath(location)


def _database(
    location: str, day: dt.date | None, manager: MunintlPluginManager
) -> Compared:
    """Compare every pair of the portfolios in the database at ``location``."""
    import attrs

    from munintl.hooks.protocols import ManyStore
    from munintl.hooks.queries import PairStore
    from munintl.query import compare_links
    from munintl.storage import open_store, shown

    try:
        store = open_store(location, manager=manager)
    except MunintlError as error:
        fail(str(error))
    if not (
        "queries" in store.capabilities
        and isinstance(store, PairStore)
        and isinstance(store, ManyStore)
    ):
        fail(
            _(
                "{location} is one portfolio: give at least two portfolios to"
                " compare, or one database location"
            ).format(location=shown(location))
        )

    def load(key: str) -> Portfolio:
        try:
            return store.load_portfolio(key)
        except ValidationError as error:
            fail_invalid(store.place(key), error.findings)

    try:
        if not store.exists():
            fail(
                _("{location}: no portfolio is stored here").format(
                    location=shown(location)
                )
            )
        compared = compare_links(store.links(), load, day=day, only=store.addressed())
        count = len(store.keys())
    except MunintlError as error:
        fail(str(error))
    found = [
        (f, attrs.evolve(_finding(f), file=store.place(f.portfolio))) for f in compared
    ]
    return found, store.place, count
