"""``munintl validate PATH``: check a portfolio and list every problem.

A portfolio is checked in two stages: first every file is read and its
shape checked against the data format, then, only if every file has the
right shape, the validation rules run over the whole portfolio.  Either
way the findings are listed the same way and the run ends with the same
line.  With ``--json`` stdout gets one document, whatever the outcome::

    {
      "location": "examples/skanderborg",
      "valid": true,
      "stage": "rules",
      "errors": 0,
      "warnings": 0,
      "findings": [],
      "error": null
    }

``stage`` says how far the check got: ``load`` (the portfolio could not be
read at all; ``error`` says why), ``shape`` (some files do not have the
data format's shape, so the rules did not run) or ``rules`` (every check
ran).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from typing import Any, Literal

import click

from munintl.cli._common import (
    EXIT_INVALID,
    Location,
    count_findings,
    fail,
    load_portfolio,
    plugin_manager,
    print_findings,
    verdict,
)
from munintl.errors import Finding, MunintlError, ValidationError, hide_password
from munintl.i18n import N_

Stage = Literal["load", "shape", "rules"]


def finding_data(finding: Finding) -> dict[str, Any]:
    """One finding as ``validate --json`` prints it."""
    return {
        "code": finding.code,
        "severity": finding.severity,
        "message": finding.message,
        "path": finding.path,
        "file": None
        if finding.file is None
        else hide_password(finding.file, whole=True),
        "line": finding.line,
        "column": finding.column,
    }


def outcome_data(
    location: str,
    *,
    valid: bool,
    stage: Stage,
    findings: Sequence[Finding],
    error: str | None = None,
) -> dict[str, Any]:
    """The document ``validate --json`` prints (see the module docstring)."""
    errors, warnings = count_findings(findings)
    return {
        "location": hide_password(location, whole=True),
        "valid": valid,
        "stage": stage,
        "errors": errors,
        "warnings": warnings,
        "findings": [finding_data(finding) for finding in findings],
        "error": error,
    }


def _check(path: str) -> tuple[Stage, list[Finding], str | None]:
    """Read and check the portfolio at ``path``: how far it got, what it found."""
    from munintl.validation import validate as run_validation

    manager = plugin_manager()
    try:
        portfolio, store, config = load_portfolio(path, manager)
    except ValidationError as error:
        return "shape", list(error.findings), None
    except MunintlError as error:
        return "load", [], str(error)
    findings = [
        *getattr(store, "load_warnings", ()),
        *(
            store.locate(finding)
            for finding in run_validation(portfolio, config=config, manager=manager)
        ),
    ]
    return "rules", findings, None


@click.command(help=N_("Check the portfolio at PATH and list every problem."))
@click.argument("path", type=Location(exists=True))
@click.option(
    "--strict",
    is_flag=True,
    help=N_("Treat warnings as errors (exit 1 if there are any)."),
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help=N_("Print the outcome as one JSON document on stdout."),
)
@click.option(
    "--no-cache",
    is_flag=True,
    help=N_("Parse every file again instead of using the parse cache."),
)
def validate(path: str, strict: bool, as_json: bool, no_cache: bool) -> None:
    """Validate the portfolio at PATH."""
    if no_cache:
        os.environ["MUNINTL_NO_CACHE"] = "1"
    stage, findings, error = _check(path)
    errors, warnings = count_findings(findings)
    valid = error is None and not errors and not (strict and warnings)
    if as_json:
        document = outcome_data(
            path, valid=valid, stage=stage, findings=findings, error=error
        )
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print_findings(findings)
    if error is not None:
        fail(error)
    click.echo(verdict(path, findings, valid=valid), err=True)
    if not valid:
        sys.exit(EXIT_INVALID)
