"""What every command shares: loading a store and reporting problems."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, NoReturn

import click

from munintl.errors import Finding, MunintlError, ValidationError
from munintl.i18n import _, ngettext

if TYPE_CHECKING:
    from munintl.config import Config
    from munintl.hooks.manager import MunintlPluginManager
    from munintl.hooks.protocols import Store
    from munintl.model import Portfolio

#: Exit status for input that is not valid (bad files, failed validation).
EXIT_INVALID = 1


def print_findings(findings: Iterable[Finding]) -> None:
    """Write findings to stderr, one ``file:line:col: path: message`` per line."""
    for finding in findings:
        click.echo(finding.format(), err=True)


def fail(message: str, findings: Iterable[Finding] = ()) -> NoReturn:
    """Report problems on stderr and exit with status 1."""
    print_findings(findings)
    click.echo(f"munintl: {message}", err=True)
    sys.exit(EXIT_INVALID)


class _OneLineHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        click.echo(record.getMessage(), err=True)


def plugin_manager() -> MunintlPluginManager:
    """The plugin manager, with plugin load failures reported on stderr."""
    from munintl.hooks.manager import get_plugin_manager

    logger = logging.getLogger("munintl.plugins")
    if not any(isinstance(h, _OneLineHandler) for h in logger.handlers):
        logger.addHandler(_OneLineHandler())
        logger.propagate = False
    try:
        return get_plugin_manager()
    except MunintlError as error:
        fail(str(error))


def open_portfolio(location: str) -> tuple[Portfolio, Store, Config]:
    """Load config, store and portfolio, or exit 1 with every problem listed."""
    from munintl.config import load_config
    from munintl.storage import open_store

    manager = plugin_manager()
    try:
        config = load_config(location)
        config.check_plugins(manager)
        store = open_store(location, config=config, manager=manager)
        if not store.exists():
            fail(_("{location}: no portfolio is stored here").format(location=location))
        portfolio = store.load()
    except ValidationError as error:
        count = len(error.findings)
        fail(
            ngettext(
                "{location}: {count} problem; nothing was changed",
                "{location}: {count} problems; nothing was changed",
                count,
            ).format(location=location, count=count),
            error.findings,
        )
    except MunintlError as error:
        fail(str(error))
    return portfolio, store, config
