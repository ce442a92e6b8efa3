"""``munintl init DIR --from skanderborg``: start a new municipality's portfolio."""

from __future__ import annotations

import click

from munintl.cli._common import NamedPath, fail, fail_invalid
from munintl.errors import MunintlError, ValidationError
from munintl.i18n import N_, _
from munintl.scaffold import EXAMPLES


def _check_languages(
    _context: click.Context, _parameter: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    from munintl.scaffold import language_problem

    for tag in value:
        problem = language_problem(tag)
        if problem:
            raise click.BadParameter(problem)
    return value


def _check_country(
    _context: click.Context, _parameter: click.Parameter, value: str | None
) -> str | None:
    from munintl.scaffold import country_problem

    if value is None:
        return None
    problem = country_problem(value.upper())
    if problem:
        raise click.BadParameter(problem)
    return value.upper()


@click.command(
    help=N_(
        "Make a new portfolio in DIR from an example that ships with munintl:"
        " its theme structure, its goals as placeholders to fill in, its"
        " configuration, and a city council and a committee to rename."
        " The example's own bodies, partners, initiatives, partnerships and"
        " follow-ups are left out unless --keep-examples is given."
    )
)
@click.argument("directory", type=NamedPath())
@click.option(
    "--from",
    "example",
    type=click.Choice(EXAMPLES),
    default=EXAMPLES[0],
    show_default=True,
    help=N_("The example to start from."),
)
@click.option(
    "--municipality",
    "name",
    required=True,
    help=N_('The municipality\'s name, e.g. "Odder Kommune".'),
)
@click.option(
    "--id", "id_", help=N_("The municipality's id (default: made from the name).")
)
@click.option(
    "--language",
    "languages",
    multiple=True,
    callback=_check_languages,
    help=N_(
        "The language the municipality writes in (default: the example's):"
        " the new portfolio's ids, theme titles and placeholders are in it."
        " Repeat for more working languages, the first being the default"
        " (default: it and English). munintl.toml is written for them."
    ),
)
@click.option(
    "--country",
    callback=_check_country,
    help=N_(
        "ISO 3166 country code (default: the example's, or the one country"
        " that writes in --language: da DK, sv SE, nb NO, pl PL ...)."
    ),
)
@click.option(
    "--keep-examples",
    is_flag=True,
    help=N_(
        "Keep the example's bodies, partners, initiatives, partnerships and follow-ups."
    ),
)
def init(  # noqa: PLR0917 - one parameter per command-line option
    directory: str,
    example: str,
    name: str,
    id_: str | None,
    languages: tuple[str, ...],
    country: str | None,
    keep_examples: bool,
) -> None:
    """Create DIR from an example."""
    from munintl.scaffold import CountryNeeded, create

    try:
        portfolio = create(
            directory,
            municipality=name,
            example=example,
            id=id_,
            languages=languages,
            country=country,
            keep_examples=keep_examples,
        )
    except CountryNeeded as error:
        raise click.UsageError(str(error)) from None
    except ValidationError as error:
        fail_invalid(directory, error.findings, nothing_written=True)
    except MunintlError as error:
        fail(str(error))
    click.echo(
        _(
            "created {directory} for {name} (id {id}) from the {example} example;"
            " read {directory}/README.md for what to fill in first"
        ).format(
            directory=directory,
            name=name,
            id=portfolio.municipality.id,
            example=example,
        ),
        err=True,
    )
