"""The ``munintl`` command line.

Commands are imported only when run, so ``munintl --help`` loads no plugins
and nothing heavy.  Exit status: 0 success, 1 invalid input (problems on
stderr as ``file:line:col: path: message``), 2 usage error.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from munintl._version import __version__
from munintl.i18n import _

#: Command name → (module, function, one-line help).  The help text is here
#: so listing commands does not import them.
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("munintl.cli.validate", "validate"),
    "show": ("munintl.cli.show", "show"),
    "plugins": ("munintl.cli.plugins", "plugins"),
    "report": ("munintl.cli.report", "report"),
    "convert": ("munintl.cli.convert", "convert"),
    "init": ("munintl.cli.init", "init"),
    "schema": ("munintl.cli.schema", "schema"),
}


class LazyGroup(click.Group):
    """A click group that imports each command's module only when needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """List every command name, without importing any."""
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import and return the command ``cmd_name``."""
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module = importlib.import_module(target[0])
        command: click.Command = getattr(module, target[1])
        return command


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=_(
        "Keep a municipality's international strategy as data: validate it,"
        " show it, and work with its plugins."
    ),
)
@click.version_option(__version__, prog_name="munintl")
def main() -> None:
    """Run the munintl command line."""


def run(*args: Any) -> None:
    """Entry point for ``python -m munintl``."""
    main(*args)
