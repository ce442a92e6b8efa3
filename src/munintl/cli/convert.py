"""``munintl convert SRC DST``: copy a portfolio from one store to another."""

from __future__ import annotations

import click

from munintl.cli._common import (
    Location,
    fail,
    fail_invalid,
    open_portfolio,
    plugin_manager,
    print_findings,
)
from munintl.errors import MunintlError, ValidationError
from munintl.i18n import N_, _


@click.command(
    help=N_(
        "Copy the portfolio at SRC into DST, from any store to any other: a"
        " YAML directory, a .json or .toml file, or a location a storage"
        " plugin takes (munintl plugins lists them).  SRC is validated first;"
        " nothing is written if it has errors."
    )
)
@click.argument("src", type=Location(exists=True))
@click.argument("dst", type=Location(exists=False))
@click.option(
    "--force",
    is_flag=True,
    help=N_("Replace the portfolio already stored at DST."),
)
def convert(src: str, dst: str, force: bool) -> None:
    """Convert SRC into DST."""
    from munintl.storage import backend_for, open_store, shown
    from munintl.validation import validate

    if dst == "-":
        # Elsewhere "-" is standard output; a store is no stream, and a
        # folder named "-" is not what anyone asked for.
        raise click.BadParameter(
            _("a portfolio is not written to standard output; name a file or a folder"),
            param_hint="DST",
        )
    manager = plugin_manager()
    portfolio, source, config = open_portfolio(src, writes=True)
    findings = [
        source.locate(finding)
        for finding in validate(portfolio, config=config, manager=manager)
    ]
    if any(finding.severity == "error" for finding in findings):
        fail_invalid(src, findings, nothing_written=True)
    try:
        backend = backend_for(dst, manager)
        target = open_store(dst, manager=manager)
        if target.exists() and not force:
            fail(
                _("{dst} already holds a portfolio; add --force to replace it").format(
                    dst=shown(dst)
                )
            )
        target.save(portfolio)
    except ValidationError as error:
        # The portfolio is valid but DST's format cannot hold all of it.
        print_findings(error.findings)
        fail(str(error).splitlines()[0].removesuffix(":"))
    except MunintlError as error:
        fail(str(error))
    click.echo(
        _("{src} → {dst} ({backend})").format(
            src=shown(src), dst=shown(dst), backend=backend.name
        ),
        err=True,
    )
