"""``munintl plugins``: list plugins, what they provide, and their status."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from munintl.cli._common import fail, plugin_manager
from munintl.errors import MunintlError
from munintl.i18n import N_, _

if TYPE_CHECKING:
    from munintl.hooks.manager import PluginInfo


@click.command(help=N_("List installed plugins, what they provide and their status."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print the list as JSON."))
@click.option(
    "--describe",
    is_flag=True,
    help=N_(
        "Say what each storage, format, kind, rule and translator is, one per"
        " line, in the language of the run."
    ),
)
def plugins(as_json: bool, describe: bool) -> None:
    """List plugins."""
    from munintl.hooks.manager import RECORD_FAMILIES

    manager = plugin_manager()
    # Listing never fails on a broken plugin: it is the command that finds it.
    infos = manager.describe()
    if describe and not as_json:
        _describe(infos)
    else:
        _list(infos, as_json=as_json)
    problems: list[str] = []
    for family in RECORD_FAMILIES:
        try:
            manager.records(family)  # name conflicts; failed hooks when strict
        except MunintlError as error:
            problems.append(str(error))
    if problems:
        fail("; ".join(dict.fromkeys(problems)))


def _list(infos: Sequence[PluginInfo], *, as_json: bool) -> None:
    """Print ``infos`` as JSON, as blocks on a terminal, or as plain lines."""
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
                        "descriptions": info.descriptions,
                    }
                    for info in infos
                ],
                indent=2,
            )
        )
        return
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal:
        _print_plain(infos)
        return
    from rich.padding import Padding
    from rich.text import Text

    # One block per plugin: its name whole on the first line, what it
    # provides below, wrapped between names, at any terminal width.
    for info in infos:
        head = Text(info.name, style="bold")
        for part in (info.package, info.version, _status(info)):
            if part:
                head.append(f"  {part}")
        console.print(head, overflow="ignore", crop=False)
        for family, names in info.provides.items():
            console.print(Padding(Text(f"{family}: {', '.join(names)}"), (0, 0, 0, 4)))


#: How a plugin's status is shown (``--json`` keeps the codes).
STATUS_WORDS: dict[str, str] = {
    "active": N_("active"),
    "disabled": N_("disabled"),
    "failed": N_("failed"),
    "needs extra": N_("needs extra"),
}


def _status(info: PluginInfo) -> str:
    word = _(STATUS_WORDS.get(info.status, info.status))
    return word if info.error is None else f"{word}: {info.error}"


def _print_plain(infos: Sequence[PluginInfo]) -> None:
    """Print one line per plugin, tab-separated, nothing cut short.

    The columns are the plugin, its package, its version, its status and
    what it provides (``family: name, name; family: name``), as in the
    table a terminal gets; an empty column is ``-``.
    """
    for info in infos:
        provides = "; ".join(
            f"{family}: {', '.join(names)}" for family, names in info.provides.items()
        )
        fields = (info.name, info.package, info.version, _status(info), provides)
        # A tab or line break inside a field (an error message) would split it.
        click.echo("\t".join(" ".join((field or "-").split()) for field in fields))


def _describe(infos: Sequence[PluginInfo]) -> None:
    """Print one line per named thing a plugin provides, with its description.

    The columns are the family, the name, the description (in the language
    of the run; ``-`` where the plugin gives none) and the plugin, tab-
    separated, so ``munintl plugins --describe | grep rule`` lists every rule.
    """
    for info in infos:
        for family, names in info.provides.items():
            said = info.descriptions.get(family, {})
            for name in names:
                fields = (family, name, said.get(name, ""), info.name)
                click.echo("\t".join(" ".join((f or "-").split()) for f in fields))
