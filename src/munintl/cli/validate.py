"""``munintl validate PATH``: check a portfolio and list every problem."""

from __future__ import annotations

import json
import sys

import click

from munintl.cli._common import (
    EXIT_INVALID,
    open_portfolio,
    plugin_manager,
    print_findings,
)
from munintl.i18n import _, ngettext


@click.command(help=_("Check the portfolio at PATH and list every problem."))
@click.argument("path", type=click.Path(exists=True))
@click.option(
    "--strict",
    is_flag=True,
    help=_("Treat warnings as errors (exit 1 if there are any)."),
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help=_("Print the findings as JSON on stdout."),
)
def validate(path: str, strict: bool, as_json: bool) -> None:
    """Validate the portfolio at PATH."""
    from munintl.validation import validate as run_validation

    portfolio, store, config = open_portfolio(path)
    findings = [
        store.locate(finding)
        for finding in run_validation(
            portfolio, config=config, manager=plugin_manager()
        )
    ]
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning")
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "code": f.code,
                        "severity": f.severity,
                        "message": f.message,
                        "path": f.path,
                        "file": f.file,
                        "line": f.line,
                        "column": f.column,
                    }
                    for f in findings
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print_findings(findings)
    summary = ", ".join(
        [
            ngettext("{n} error", "{n} errors", errors).format(n=errors),
            ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
        ]
    )
    if errors or (strict and warnings):
        click.echo(
            _("{path}: not valid ({summary})").format(path=path, summary=summary),
            err=True,
        )
        sys.exit(EXIT_INVALID)
    click.echo(
        _("{path}: valid ({summary})").format(path=path, summary=summary),
        err=as_json,
    )
