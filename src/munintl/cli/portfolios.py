"""``munintl portfolios LOCATION``: the portfolios in a database; deleting one."""

from __future__ import annotations

import json

import click

from munintl.cli._common import fail, plugin_manager, print_table
from munintl.errors import MunintlError
from munintl.i18n import N_, _


@click.command(
    help=N_(
        "List the portfolios in the database at LOCATION: key, municipality,"
        " current revision, when and by whom it was saved; or delete one with"
        " --delete KEY (its revisions stay in the history)."
    )
)
@click.argument("location")
@click.option(
    "--delete",
    "key",
    metavar="KEY",
    help=N_("Delete the portfolio stored under KEY (munintl history keeps it)."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print the list as JSON."))
def portfolios(location: str, key: str | None, as_json: bool) -> None:
    """List LOCATION's portfolios, or delete one."""
    from munintl.plugins.storage.sql.store import DatabaseStore
    from munintl.storage import open_store, shown

    try:
        store = open_store(location, manager=plugin_manager())
        if not isinstance(store, DatabaseStore):
            fail(
                _(
                    "{location}: this store holds one portfolio; a database"
                    " (sqlite://, postgresql://) holds many"
                ).format(location=shown(location))
            )
        if key is not None:
            store.delete(key)
            click.echo(
                _(
                    "{location}: deleted {key}; its revisions stay in the"
                    " history (munintl history {place})"
                ).format(location=shown(location), key=key, place=store.place(key)),
                err=True,
            )
            return
        found = store.portfolios()
    except MunintlError as error:
        fail(str(error))
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "key": info.key,
                        "municipality": info.municipality,
                        "name": info.name,
                        "revision": info.revision,
                        "saved_at": info.saved_at.isoformat(),
                        "saved_by": info.saved_by,
                    }
                    for info in found
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    print_table(
        [_("key"), _("municipality"), _("revision"), _("saved"), _("by")],
        [
            (
                info.key,
                info.name or info.municipality,
                info.revision,
                info.saved_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
                info.saved_by,
            )
            for info in found
        ],
    )
