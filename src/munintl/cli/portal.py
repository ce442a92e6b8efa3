"""``munintl portal metadata LOCATION``: a database of strategies, for datasette."""

from __future__ import annotations

import json
from pathlib import Path

import click

from munintl.cli._common import NamedPath, fail, plugin_manager, print_or_write
from munintl.errors import MunintlError
from munintl.i18n import N_, _


@click.group(
    help=N_(
        "Publish a SQLite database of many municipalities' strategies as a"
        " portal with datasette: write the metadata it reads (metadata)."
    )
)
def portal() -> None:
    """Commands for a portal of strategies."""


@portal.command(
    "metadata",
    help=N_(
        "Write the datasette metadata for the SQLite database at LOCATION:"
        " titles and descriptions of its tables, views and columns, and the"
        " portal's title, licence and source.  Serve it with: datasette"
        " portal.db -m metadata.json"
    ),
)
@click.argument("location")
@click.option(
    "-o",
    "--output",
    type=NamedPath(dir_okay=False, path_type=Path),
    help=N_("The file to write (default, or -: standard output)."),
)
@click.option("--title", help=N_("The portal's title."))
@click.option("--description", help=N_("The portal's description."))
@click.option("--licence", help=N_("The data's licence, e.g. CC-BY-4.0."))
@click.option("--licence-url", help=N_("Where the licence is."))
@click.option("--source", help=N_("Who the data comes from."))
@click.option("--source-url", help=N_("Where the data comes from."))
def metadata(  # noqa: PLR0917 - one parameter per option
    location: str,
    output: Path | None,
    title: str | None,
    description: str | None,
    licence: str | None,
    licence_url: str | None,
    source: str | None,
    source_url: str | None,
) -> None:
    """Write datasette's metadata for LOCATION."""
    from munintl.plugins.storage.sql.portal import datasette_metadata
    from munintl.plugins.storage.sql.store import DatabaseStore
    from munintl.storage import open_store, shown

    try:
        store = open_store(location, manager=plugin_manager())
    except MunintlError as error:
        fail(str(error))
    if not isinstance(store, DatabaseStore) or store.target.dialect != "sqlite":
        fail(
            _(
                "{location}: datasette serves SQLite files; copy the portfolios"
                " into one with munintl convert (sqlite:///portal.db#KEY) first"
            ).format(location=shown(location))
        )
    if output is not None and str(output) == "-":
        output = None  # as -o - means everywhere else
    database = store.target.path
    if output is not None and database is not None and _same_file(output, database):
        fail(
            _(
                "{output} is the database itself; name another file for the"
                " metadata (metadata.json); nothing was written"
            ).format(output=output)
        )
    try:
        if not store.exists():
            fail(
                _("{location}: no portfolio is stored here").format(
                    location=shown(location)
                )
            )
        found = datasette_metadata(
            store,
            title=title,
            description=description,
            licence=licence,
            licence_url=licence_url,
            source=source,
            source_url=source_url,
        )
    except MunintlError as error:
        fail(str(error))
    text = json.dumps(found, ensure_ascii=False, indent=2) + "\n"
    print_or_write(text, output)
    if output is not None:
        click.echo(str(output))


def _same_file(one: Path, other: Path) -> bool:
    """Tell whether ``one`` and ``other`` name one file (or one SQLite side file)."""
    import os

    names = [
        other,
        *(other.with_name(other.name + end) for end in ("-journal", "-wal", "-shm")),
    ]
    for name in names:
        try:
            if os.path.samefile(one, name):
                return True
        except OSError:
            if os.path.abspath(one) == os.path.abspath(name):
                return True
    return False
