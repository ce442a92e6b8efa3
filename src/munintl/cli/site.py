"""``munintl site init|build``: publish a portfolio as a Sphinx website."""

from __future__ import annotations

from pathlib import Path

import click

from munintl.cli._common import LanguageTag, NamedPath, fail
from munintl.errors import MunintlError
from munintl.i18n import N_, _


def _languages(value: str | None) -> list[str]:
    # Each becomes a Sphinx language and a folder (_build/<lang>).
    check = LanguageTag(underscore=True)
    return [
        check.convert(part.strip(), None, None)
        for part in (value or "").split(",")
        if part.strip()
    ]


@click.group(
    help=N_(
        "Publish the portfolio as a website with Sphinx: scaffold a site"
        " (init) and build it in each language (build)."
    )
)
def site() -> None:
    """Publish the portfolio as a website with Sphinx."""


@site.command(
    "init",
    help=N_(
        "Write a Sphinx project into DIR that shows the portfolio at"
        " --portfolio: a front page with the strategy and a page per theme,"
        " initiative, partnership and follow-up."
    ),
)
@click.argument("directory", type=NamedPath(path_type=Path))
@click.option(
    "--portfolio",
    "portfolio",
    required=True,
    help=N_("The portfolio to show: a directory, a file or a store location."),
)
@click.option(
    "--lang",
    "languages",
    help=N_("The site's languages, comma-separated; the first is the default."),
)
def init(directory: Path, portfolio: str, languages: str | None) -> None:
    """Scaffold a Sphinx site of a portfolio."""
    from munintl.sphinxext import site as scaffold

    try:
        files = scaffold.init(directory, portfolio, languages=_languages(languages))
    except MunintlError as error:
        fail(str(error))
    click.echo(
        _(
            "wrote {count} files to {path}; build it with: munintl site build {path}"
        ).format(count=len(files), path=directory),
        err=True,
    )


@site.command(
    "build",
    help=N_(
        "Build the Sphinx site in DIR as HTML, once per language, into"
        " DIR/_build/<language>; warnings are errors."
    ),
)
@click.argument("directory", type=NamedPath(path_type=Path, file_okay=False))
@click.option(
    "--lang",
    "languages",
    help=N_("The languages to build, comma-separated (default: the site's own)."),
)
@click.option(
    "-o",
    "--output",
    type=NamedPath(path_type=Path),
    help=N_("Build into this directory instead of DIR/_build."),
)
@click.option(
    "-j",
    "--jobs",
    default="1",
    show_default=True,
    help=N_("Build with this many processes (a number or 'auto')."),
)
def build(
    directory: Path, languages: str | None, output: Path | None, jobs: str
) -> None:
    """Build a Sphinx site once per language."""
    from munintl.sphinxext import site as scaffold

    try:
        outputs = scaffold.build(
            directory, languages=_languages(languages), output=output, jobs=jobs
        )
    except MunintlError as error:
        fail(str(error))
    for out in outputs:
        click.echo(str(out / "index.html"))
