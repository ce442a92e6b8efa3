"""Shell completion of values: report kinds and formats, languages, ids.

click completes command names, options and file names by itself; these
callbacks (``shell_complete=`` on an option) complete what only munintl
knows.  A callback runs while the user presses Tab, so it never raises,
prints or logs anything, and returns no suggestions when something goes
wrong.  Ids are read cheaply: from the file names of a YAML directory or
the ``id`` keys of a JSON or TOML file, without checking anything; other
stores are loaded through their plugin.
"""

from __future__ import annotations

import functools
import json
import tomllib
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.shell_completion import CompletionItem

if TYPE_CHECKING:
    from munintl.hooks.manager import MunintlPluginManager

Completer = Callable[[click.Context, click.Parameter, str], list[CompletionItem]]

#: The collections whose ids complete, and where the YAML directory store
#: keeps each entity: a file named by its id (``bodies/<id>.yaml``) or a
#: directory named by its id (``followups/<id>/followup.yaml``).
COLLECTIONS: dict[str, tuple[str, Callable[[Path], str]]] = {
    "bodies": ("bodies/*.yaml", lambda found: found.stem),
    "followups": ("followups/*/followup.yaml", lambda found: found.parent.name),
}


class CompletingCommand(click.Command):
    """A command whose other values are known while one option's value completes.

    Completing ``munintl report PATH --followup <Tab>``, click parses the
    words before the cursor; the last, an option still without its value,
    stops the parse before PATH is stored, so nothing could read the
    portfolio.  This command leaves that option out of the parse (only while
    completing), and the completion callback finds PATH in ``ctx.params``.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Parse ``args``; while completing, without a trailing valueless option."""
        if ctx.resilient_parsing and args:
            for param in self.get_params(ctx):
                if (
                    isinstance(param, click.Option)
                    and args[-1] in (*param.opts, *param.secondary_opts)
                    and not param.is_flag
                    and not param.count
                ):
                    return super().parse_args(ctx, args[:-1])
        return super().parse_args(ctx, args)


def _quiet(function: Completer) -> Completer:
    """Turn any error in ``function`` into no suggestions, and show no warning."""

    @functools.wraps(function)
    def complete(
        ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return function(ctx, param, incomplete)
        # A broken plugin or store must not break the user's shell.
        except Exception:  # noqa: BLE001
            return []
        except SystemExit:
            return []

    return complete


def _matching(
    names: Iterable[tuple[str, str | None]], incomplete: str
) -> list[CompletionItem]:
    return [
        CompletionItem(name, help=description or None)
        for name, description in sorted(names)
        if name.startswith(incomplete)
    ]


def _manager() -> MunintlPluginManager:
    from munintl.cli._common import quiet_plugin_manager

    with quiet_plugin_manager() as manager:
        return manager


@_quiet
def complete_kinds(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Complete the name of an installed report kind."""
    kinds = _manager().report_kinds()
    return _matching(
        ((name, record.description_here) for name, record in kinds.items()), incomplete
    )


@_quiet
def complete_formats(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Complete the name of an installed report format."""
    formats = _manager().report_formats()
    return _matching(
        ((name, record.description_here) for name, record in formats.items()),
        incomplete,
    )


@_quiet
def complete_languages(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Complete a language: the portfolio's configured ones, else munintl's own."""
    from munintl.i18n import LANGUAGES

    languages: tuple[str, ...] = ()
    location = ctx.params.get("path")
    if location and Path(location).is_dir():
        from munintl.config import load_config

        languages = load_config(location).languages
    return _matching(((lang, None) for lang in languages or LANGUAGES), incomplete)


def portfolio_ids(location: str, collection: str) -> list[str]:
    """Return the ids in ``collection`` of the portfolio at ``location``, cheaply.

    A YAML directory's ids are its file names and a JSON or TOML file's are
    read without building the model; any other store is loaded.
    """
    from munintl.storage import backend_for

    backend = backend_for(location, _manager())
    path = Path(location)
    if backend.name == "yaml" and path.is_dir():
        pattern, id_of = COLLECTIONS[collection]
        return sorted(id_of(found) for found in path.glob(pattern))
    if backend.name in ("json", "toml") and path.is_file():
        data: Any = (
            json.loads(path.read_bytes())
            if backend.name == "json"
            else tomllib.loads(path.read_text(encoding="utf-8"))
        )
        items = data.get(collection, []) if isinstance(data, dict) else []
        return sorted(
            item["id"]
            for item in items
            if isinstance(item, dict) and isinstance(item.get("id"), str)
        )
    from munintl.storage import open_store

    portfolio = open_store(location, manager=_manager()).load()
    entities: tuple[Any, ...] = getattr(portfolio, collection)
    return sorted(entity.id for entity in entities)


def complete_ids(collection: str) -> Completer:
    """Make a callback completing ids in ``collection`` of the portfolio at PATH.

    It suggests nothing until PATH is on the command line.
    """

    @_quiet
    def complete(
        ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        location = ctx.params.get("path")
        if not location:
            return []
        return _matching(
            ((id_, None) for id_ in portfolio_ids(location, collection)), incomplete
        )

    return complete
