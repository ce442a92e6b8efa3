"""``munintl history LOCATION`` and ``munintl diff A B``: revisions and changes."""

from __future__ import annotations

import json
from typing import Any

import click

from munintl.cli._common import fail, plugin_manager, print_table
from munintl.errors import MunintlError
from munintl.i18n import N_, _


def _short(value: Any, width: int = 60) -> str:
    """A value as compact JSON on one line, cut to ``width`` characters."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@click.command(
    help=N_(
        "List the revisions of the portfolio at LOCATION (a database store"
        " keeps them), oldest first: number, when, who saved it where that is"
        " recorded, and what it changed."
    )
)
@click.argument("location")
@click.option("--json", "as_json", is_flag=True, help=N_("Print the list as JSON."))
def history(location: str, as_json: bool) -> None:
    """List LOCATION's revisions."""
    from munintl.history import history as list_history

    try:
        entries = list_history(location, manager=plugin_manager())
    except MunintlError as error:
        fail(str(error))
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "revision": entry.revision,
                        "saved_at": entry.saved_at.isoformat(),
                        "saved_by": entry.saved_by,
                        "current": entry.current,
                        "deleted": entry.deleted,
                        "changes": entry.changes,
                    }
                    for entry in entries
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    print_table(
        [_("revision"), _("saved"), _("by"), _("changes")],
        [
            (
                entry.revision + (" " + _("(deleted)") if entry.deleted else ""),
                entry.saved_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
                entry.saved_by,
                entry.summary(),
            )
            for entry in entries
        ],
    )


@click.command(
    help=N_(
        "Show what changed from the portfolio at A to the one at B, field by"
        " field: any two stores, or two revisions of one"
        " (sqlite:///portal.db#aarhus@3, @-1 for the revision before the"
        " current one, @FOLLOWUP-ID for the revision a follow-up was made"
        " from)."
    )
)
@click.argument("a")
@click.argument("b")
@click.option("--json", "as_json", is_flag=True, help=N_("Print the changes as JSON."))
def diff(a: str, b: str, as_json: bool) -> None:
    """Compare A with B."""
    from munintl.history import diff as compare
    from munintl.storage import shown

    try:
        changes = compare(a, b, manager=plugin_manager())
    except MunintlError as error:
        fail(str(error))
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "path": change.path,
                        "change": change.change,
                        "old": change.old,
                        "new": change.new,
                    }
                    for change in changes
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    if not changes:
        click.echo(
            _("{a} and {b} hold the same portfolio").format(a=shown(a), b=shown(b)),
            err=True,
        )
        return
    words = {"added": _("added"), "removed": _("removed"), "changed": _("changed")}
    print_table(
        [_("path"), _("change"), _("old"), _("new")],
        [
            (change.path, words[change.change], _short(change.old), _short(change.new))
            for change in changes
        ],
    )
