"""``munintl schema``: print the JSON Schemas of munintl's files."""

from __future__ import annotations

from pathlib import Path

import click

from munintl.cli._common import (
    LanguageTag,
    NamedPath,
    fail,
    plugin_manager,
    print_or_write,
)
from munintl.cli._complete import complete_languages
from munintl.i18n import N_, _, chosen_language, message_language
from munintl.wire.schema import SCHEMA_NAMES


@click.command(
    help=N_(
        "Print the JSON Schema of a whole portfolio (as the JSON and TOML stores"
        " hold it) or, with --file-type, of one kind of file of the YAML store."
        " With --all, write every schema into the directory given by -o."
    )
)
@click.option(
    "--file-type",
    "file_type",
    type=click.Choice(SCHEMA_NAMES),
    default="portfolio",
    show_default=True,
    help=N_("The kind of file the schema describes."),
)
@click.option(
    "--all",
    "write_all",
    is_flag=True,
    help=N_("Write every schema, one file each, into the directory -o names."),
)
@click.option(
    "-o",
    "--output",
    type=NamedPath(path_type=Path),
    help=N_("Write to this file (or directory, with --all) instead of stdout."),
)
@click.option(
    "--lang",
    "language",
    metavar="LANG",
    type=LanguageTag(),
    shell_complete=complete_languages,
    help=N_(
        "Language of the titles and descriptions (default: the language chosen"
        " for munintl with --lang or MUNINTL_LANG, else English); keys, codes"
        " and patterns are the same in every language."
    ),
)
def schema(
    file_type: str, write_all: bool, output: Path | None, language: str | None
) -> None:
    """Print or write JSON Schemas."""
    from munintl.wire import schema as schemas

    codelists = plugin_manager().codelists()
    # A schema is a file people keep: the locale alone does not change it,
    # so it is the same on every machine unless a language is asked for.
    language = message_language(language) if language else chosen_language()
    if write_all:
        from munintl.scaffold import write_schemas

        if output is None:
            raise click.UsageError(_("--all needs -o DIRECTORY"))
        try:
            written = write_schemas(output, codelists, language)
        except OSError as error:
            fail(
                _("cannot write {path}: {error}").format(
                    path=output, error=error.strerror or error
                )
            )
        click.echo(
            _(
                "wrote {count} schemas to {path}; start a YAML file with a line such as"
                "\n  {modeline}"
            ).format(
                count=len(written),
                path=output,
                modeline=schemas.modeline(
                    (output / schemas.schema_file_name("initiative")).as_posix()
                ),
            ),
            err=True,
        )
        return
    print_or_write(schemas.schema_json(file_type, codelists, language=language), output)
