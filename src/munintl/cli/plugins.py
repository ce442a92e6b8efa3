"""``munintl plugins``: list plugins, what they provide, and their status."""

from __future__ import annotations

import json

import click

from munintl.cli._common import fail, plugin_manager
from munintl.errors import MunintlError
from munintl.i18n import _


@click.command(help=_("List installed plugins, what they provide and their status."))
@click.option("--json", "as_json", is_flag=True, help=_("Print the list as JSON."))
def plugins(as_json: bool) -> None:
    """List plugins."""
    from munintl.hooks.manager import RECORD_FAMILIES

    manager = plugin_manager()
    try:
        infos = manager.describe()
        for family in RECORD_FAMILIES:
            manager.records(family)  # surfaces name conflicts as errors
    except MunintlError as error:
        fail(str(error))
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "name": info.name,
                        "source": info.source,
                        "package": info.package,
                        "version": info.version,
                        "status": info.status,
                        "error": info.error,
                        "provides": {k: list(v) for k, v in info.provides.items()},
                    }
                    for info in infos
                ],
                indent=2,
            )
        )
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=_("munintl plugins"))
    for header in (_("Plugin"), _("Package"), _("Version"), _("Status"), _("Provides")):
        table.add_column(header)
    for info in infos:
        provides = "\n".join(
            f"{family}: {', '.join(names)}" for family, names in info.provides.items()
        )
        status = info.status if info.error is None else f"{info.status}: {info.error}"
        table.add_row(
            info.name, info.package or "", info.version or "", status, provides
        )
    Console(highlight=False).print(table)
