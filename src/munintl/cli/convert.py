"""``munintl convert SRC DST``: copy a portfolio from one store to another."""

from __future__ import annotations

import click

from munintl.cli._common import fail, open_portfolio, plugin_manager, print_findings
from munintl.errors import MunintlError, ValidationError
from munintl.i18n import _, ngettext


@click.command(
    help=_(
        "Copy the portfolio at SRC into DST, any storage to any storage: a YAML"
        " directory, a .json or .toml file, or a database location.  SRC is"
        " validated first; nothing is written if it has errors."
    )
)
@click.argument("src", type=click.Path(exists=True))
@click.argument("dst", type=click.Path())
@click.option(
    "--force",
    is_flag=True,
    help=_("Replace the portfolio already stored at DST."),
)
def convert(src: str, dst: str, force: bool) -> None:
    """Convert SRC into DST."""
    from munintl.storage import backend_for, open_store
    from munintl.validation import errors_only, validate

    manager = plugin_manager()
    portfolio, source, config = open_portfolio(src)
    findings = errors_only(validate(portfolio, config=config, manager=manager))
    if findings:
        count = len(findings)
        fail(
            ngettext(
                "{src}: {count} error; nothing was written",
                "{src}: {count} errors; nothing was written",
                count,
            ).format(src=src, count=count),
            [source.locate(finding) for finding in findings],
        )
    try:
        backend = backend_for(dst, manager)
        target = open_store(dst, manager=manager)
        if target.exists() and not force:
            fail(
                _("{dst} already holds a portfolio; add --force to replace it").format(
                    dst=dst
                )
            )
        target.save(portfolio)
    except ValidationError as error:
        print_findings(error.findings)
        fail(str(error).splitlines()[0])
    except MunintlError as error:
        fail(str(error))
    click.echo(
        _("{src} → {dst} ({backend})").format(src=src, dst=dst, backend=backend.name),
        err=True,
    )
