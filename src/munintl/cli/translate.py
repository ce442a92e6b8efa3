"""``munintl translate``: how far the texts are translated, and getting them translated.

* ``status PATH`` -- per language and per entity: original, human,
  reviewed (machine-made, checked by a person), machine (not yet
  reviewed), stale, missing; ``--json`` for one document on stdout;
* ``export PATH --lang L -o FILE`` -- a PO or XLIFF 1.2 file for a
  translation agency with what is missing or stale (``--all``: every text);
* ``import FILE PATH`` -- the finished translations back, with provenance;
* ``review PATH --lang L [TEXT...] [--all]`` -- mark machine translations
  as reviewed by a person.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from munintl.cli._common import (
    EXIT_INVALID,
    LanguageTag,
    Location,
    NamedPath,
    fail,
    fail_invalid,
    open_portfolio,
    print_findings,
    read_revision,
)
from munintl.errors import Finding, MunintlError, ValidationError, hide_password
from munintl.i18n import N_, _, ngettext, severity_word

if TYPE_CHECKING:
    from munintl.config import Config
    from munintl.hooks.protocols import Store
    from munintl.model import Portfolio
    from munintl.translation.glossary import Glossary


def languages_to_show(portfolio: Portfolio, config: Config) -> tuple[str, ...]:
    """The languages texts are translated into: working and report languages."""
    from munintl.translation import target_languages

    default = portfolio.municipality.default_language
    found = [*target_languages(portfolio), *config.languages]
    return tuple(dict.fromkeys(lang for lang in found if lang != default))


def glossary_of(location: str, config: Config) -> Glossary:
    """The portfolio's glossary, or exit 1 naming what is wrong with its file."""
    from munintl.translation.glossary import glossary_path, load_glossary

    try:
        return load_glossary(glossary_path(config, location))
    except ValidationError as error:
        fail_invalid(location, error.findings, nothing_written=True)


def save(
    location: str, store: Store, portfolio: Portfolio, revision: str | None
) -> None:
    """Save ``portfolio`` over ``revision``, or exit 1 saying why nothing was written.

    ``revision`` is the one the portfolio was read at (:func:`read_revision`):
    a save over someone else's since is refused, not made over it.
    """
    try:
        store.save(portfolio, expected_revision=revision)
    except ValidationError as error:
        fail_invalid(location, error.findings, nothing_written=True)
    except MunintlError as error:
        fail(str(error))


@click.group(
    help=N_(
        "Translate the portfolio's texts: see how far each language is, export"
        " them for a translation agency (PO or XLIFF) and import the"
        " translations, and mark machine translations as reviewed."
    )
)
def translate() -> None:
    """Translate the texts of a portfolio."""


def state_labels() -> dict[str, str]:
    """The states as table headings, in the language of the run."""
    return {
        "original": _("original"),
        "human": _("human"),
        "reviewed": _("reviewed"),
        "machine": _("machine"),
        "stale": _("stale"),
        "missing": _("missing"),
    }


def _table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [
            cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


@translate.command(
    help=N_(
        "Show how far the texts of the portfolio at PATH are translated: per"
        " language and per entity, the texts that are original, translated by a"
        " person, machine-translated and reviewed, machine-translated and not yet"
        " reviewed, stale (made from an older source text) or missing."
    )
)
@click.argument("path", type=Location(exists=True))
@click.option(
    "--lang",
    "languages",
    multiple=True,
    metavar="LANG",
    type=LanguageTag(),
    help=N_("A language to show (repeat for more); default: the working languages."),
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help=N_("Print the status as one JSON document on stdout."),
)
def status(path: str, languages: tuple[str, ...], as_json: bool) -> None:
    """Show the translation status of PATH."""
    from munintl.translation import STATES
    from munintl.translation import status as count

    portfolio, _store, config = open_portfolio(path)
    languages = languages or languages_to_show(portfolio, config)
    found = count(portfolio, languages)
    if as_json:
        document: dict[str, Any] = {
            "location": hide_password(path, whole=True),
            "source_language": portfolio.municipality.default_language,
            "languages": {
                language: {**counts, "complete": round(found.complete(language), 4)}
                for language, counts in found.languages.items()
            },
            "objects": found.objects,
        }
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    labels = state_labels()
    rows = [[_("language"), *(labels[state] for state in STATES), _("complete")]]
    for language, counts in found.languages.items():
        rows.append(
            [
                language,
                *(str(counts[state]) for state in STATES),
                f"{found.complete(language):.0%}",
            ]
        )
    click.echo(_table(rows))
    unfinished = [
        (owner, language, counts)
        for owner, by_language in found.objects.items()
        for language, counts in by_language.items()
        if counts["missing"] or counts["stale"] or counts["machine"]
    ]
    if unfinished:
        click.echo()
        headings = [labels[state] for state in ("machine", "stale", "missing")]
        rows = [[_("entity"), _("language"), *headings]]
        rows += [
            [
                owner,
                language,
                str(counts["machine"]),
                str(counts["stale"]),
                str(counts["missing"]),
            ]
            for owner, language, counts in unfinished
        ]
        click.echo(_table(rows))


@translate.command(
    "export",
    help=N_(
        "Write the texts of the portfolio at PATH that are missing or stale in"
        " LANG (with --all, every text) to a PO or XLIFF 1.2 file for a"
        " translator. Each entry names where the text is used, its source text,"
        " the current translation as a suggestion, the glossary's terms and the"
        " source text's hash."
    ),
)
@click.argument("path", type=Location(exists=True))
@click.option(
    "--lang",
    "language",
    required=True,
    metavar="LANG",
    type=LanguageTag(),
    help=N_("The language to translate into."),
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["po", "xliff"]),
    help=N_("The file format (default: from the output file's suffix)."),
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=NamedPath(dir_okay=False, path_type=Path),
    help=N_("The file to write."),
)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help=N_("Export every translated text too, not only missing and stale ones."),
)
def export(
    path: str,
    language: str,
    format_name: str | None,
    output: Path,
    everything: bool,
) -> None:
    """Export texts of PATH for translation into LANG."""
    from munintl.translation.exchange import export_catalog, format_for, write_catalog

    portfolio, _store, config = open_portfolio(path, writes=True)
    glossary = glossary_of(path, config)
    try:
        chosen = format_for(output, format_name)
        catalog = export_catalog(
            portfolio, language, glossary=glossary, everything=everything
        )
        write_catalog(catalog, output, chosen)
    except MunintlError as error:
        fail(str(error))
    click.echo(
        ngettext(
            "{n} text to translate into {language} written to {file}",
            "{n} texts to translate into {language} written to {file}",
            len(catalog.entries),
        ).format(n=len(catalog.entries), language=language, file=output),
        err=True,
    )
    click.echo(str(output))


def _report(result: Any, file: str) -> list[Finding]:
    """Warnings for every entry an import left out, by why."""
    reasons = (
        (
            result.stale,
            "translation-stale",
            _(
                "not imported: the source text has changed since the export;"
                " export it again"
            ),
        ),
        (
            result.unfinished,
            "translation-unfinished",
            _(
                "not imported: the entry is marked fuzzy or as needing review;"
                " finish it and import again"
            ),
        ),
        (
            result.gone,
            "translation-gone",
            _("not imported: the portfolio no longer has a text here"),
        ),
        (
            result.frozen,
            "translation-frozen",
            _(
                "not imported: the text belongs to a submitted follow-up, which"
                " must stay as the body received it"
            ),
        ),
    )
    return [
        Finding(code=code, message=message, severity="warning", path=path, file=file)
        for paths, code, message in reasons
        for path in paths
    ]


@translate.command(
    "import",
    help=N_(
        "Read the translations in FILE (PO or XLIFF, as exported) into the"
        " portfolio at PATH. Only finished entries whose source text is"
        " unchanged are written, as human translations with the translator and"
        " date the file names; the others are listed. A file of another"
        " portfolio or language, or with an edited source text, is refused and"
        " nothing is written."
    ),
)
@click.argument("file", type=NamedPath(exists=True, dir_okay=False, path_type=Path))
@click.argument("path", type=Location(exists=True))
@click.option(
    "--lang",
    "language",
    metavar="LANG",
    type=LanguageTag(),
    help=N_("Refuse the file unless it holds translations into LANG."),
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(["po", "xliff"]),
    help=N_("The file format (default: from the file's suffix)."),
)
def import_(
    file: Path, path: str, language: str | None, format_name: str | None
) -> None:
    """Import the translations in FILE into PATH."""
    from munintl.translation.exchange import (
        format_for,
        import_catalog,
        read_catalog,
    )

    portfolio, store, config = open_portfolio(path, writes=True)
    revision = read_revision(store)
    glossary = glossary_of(path, config)
    try:
        catalog = read_catalog(file, format_for(file, format_name))
        result = import_catalog(
            portfolio, catalog, file=str(file), language=language, glossary=glossary
        )
    except ValidationError as error:
        fail_invalid(str(file), error.findings, nothing_written=True)
    except MunintlError as error:
        fail(str(error))
    print_findings([*_report(result, str(file)), *result.warnings])
    if result.imported:
        save(path, store, result.portfolio, revision)
    click.echo(
        _(
            "{file}: {imported} imported, {unchanged} unchanged, {stale} stale,"
            " {unfinished} unfinished, {untranslated} untranslated"
        ).format(
            file=file,
            imported=len(result.imported),
            unchanged=len(result.unchanged),
            stale=len(result.stale),
            unfinished=len(result.unfinished),
            untranslated=len(result.untranslated),
        ),
        err=True,
    )


@translate.command(
    help=N_(
        "Mark the machine translations into LANG of the given texts (portfolio"
        " paths, as status and validate print them) or, with --all, of every"
        " text, as reviewed by a person. Reports then no longer note them as"
        " machine-made and unreviewed."
    )
)
@click.argument("path", type=Location(exists=True))
@click.argument("texts", nargs=-1, metavar="[TEXT]...")
@click.option(
    "--lang",
    "language",
    required=True,
    metavar="LANG",
    type=LanguageTag(),
    help=N_("The language of the translations."),
)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help=N_("Review every machine translation into LANG."),
)
@click.option("--by", "reviewer", metavar="NAME", help=N_("Who reviewed them."))
def review(
    path: str,
    texts: tuple[str, ...],
    language: str,
    everything: bool,
    reviewer: str | None,
) -> None:
    """Mark machine translations in PATH as reviewed."""
    from munintl.translation.review import review as mark_reviewed

    if bool(texts) == everything:
        raise click.UsageError(_("name the texts to mark reviewed, or give --all"))
    portfolio, store, _config = open_portfolio(path, writes=True)
    revision = read_revision(store)
    try:
        result = mark_reviewed(
            portfolio, language, None if everything else texts, reviewer=reviewer
        )
    except MunintlError as error:
        fail(str(error))
    print_findings(result.problems)
    if result.reviewed:
        save(path, store, result.portfolio, revision)
    click.echo(
        ngettext(
            "{n} machine translation marked reviewed",
            "{n} machine translations marked reviewed",
            len(result.reviewed),
        ).format(n=len(result.reviewed)),
        err=True,
    )
    if result.problems and not everything:
        sys.exit(EXIT_INVALID)


def _engine_name(manager: Any, chosen: str | None, config: Config) -> str:
    """The translator: --engine, else ``[translation] engine``, else the only one."""
    names: list[str] = sorted(manager.translators())
    name = chosen or config.translation.engine
    if name is None:
        if len(names) == 1:
            return names[0]
        raise click.UsageError(
            _(
                "choose a translator with --engine (or engine under [translation]"
                " in munintl.toml): {names}"
            ).format(names=", ".join(names) or _("none"))
        )
    if name not in names:
        raise click.UsageError(
            _("no translator is named {name!r}; installed: {names}").format(
                name=name, names=", ".join(names) or _("none")
            )
        )
    return str(name)


@translate.command(
    help=N_(
        "Fill the texts of the portfolio at PATH that are missing in LANG (with"
        " --stale, stale ones too) with a machine translator, in batches. Each"
        " is marked machine-made with the engine and the date, for a person to"
        " review. A translation a person made is never replaced unless --force;"
        " texts of submitted follow-ups are left alone. What is translated is"
        " saved after every batch, so a run that stops can be run again to go on."
    )
)
@click.argument("path", type=Location(exists=True))
@click.option(
    "--lang",
    "language",
    required=True,
    metavar="LANG",
    type=LanguageTag(),
    help=N_("The language to translate into."),
)
@click.option(
    "--engine",
    metavar="NAME",
    help=N_(
        "The translator (deepl, libretranslate or a plugin's); default: engine"
        " under [translation] in munintl.toml."
    ),
)
@click.option(
    "--stale",
    is_flag=True,
    help=N_("Translate again the texts whose source has changed since."),
)
@click.option(
    "--force",
    is_flag=True,
    help=N_("Replace stale translations made by a person too."),
)
def machine(
    path: str, language: str, engine: str | None, stale: bool, force: bool
) -> None:
    """Machine-translate the missing texts of PATH into LANG."""
    from munintl.cli._common import plugin_manager, progress_bar
    from munintl.errors import ConflictError, TranslatorError
    from munintl.translation.machine import MachineTranslation, plan

    portfolio, store, config = open_portfolio(path, writes=True)
    glossary = glossary_of(path, config)
    manager = plugin_manager()
    name = _engine_name(manager, engine, config)
    record = manager.translators()[name]
    if (
        record.languages is not None
        and language.split("-", 1)[0] not in record.languages
    ):
        fail(
            _("the translator {name} does not translate into {language}").format(
                name=name, language=language
            )
        )
    chosen = plan(portfolio, language, stale=stale, force=force)
    for entry in chosen.protected:
        click.echo(
            Finding(
                code="translation-protected",
                severity="warning",
                path=entry.path,
                message=_(
                    "not translated: a person made the {language} translation;"
                    " give --force to replace it"
                ).format(language=language),
            ).format(severity_word),
            err=True,
        )
    if not chosen.todo:
        click.echo(
            _("{path}: nothing to translate into {language}").format(
                path=path, language=language
            ),
            err=True,
        )
        return
    try:
        record.check_installed()
        settings = config.plugin_settings(name, record.settings)
        translator = record.factory(settings)
    except ValidationError as error:
        fail_invalid(path, error.findings, nothing_written=True)
    except MunintlError as error:
        fail(str(error))

    def waiting(seconds: float, busy: Exception) -> None:
        click.echo(
            _("munintl: {error}; trying again in {seconds:.0f} s").format(
                error=busy, seconds=seconds
            ),
            err=True,
        )

    run = MachineTranslation(
        translator, name, language, glossary=glossary, on_wait=waiting
    )
    revision = read_revision(store)
    done = 0
    warnings: list[Finding] = []
    with progress_bar(len(chosen.todo), _("Translating")) as advance:

        def save_batch(batch: Any) -> None:
            nonlocal revision, done
            try:
                revision = store.save(batch.portfolio, expected_revision=revision)
            except ConflictError as error:
                raise TranslatorError(
                    _("{error}; someone else changed the portfolio").format(error=error)
                ) from error
            done += len(batch.paths)
            warnings.extend(batch.warnings)
            advance(len(batch.paths))

        try:
            run.run(portfolio, chosen, save_batch)
        except (TranslatorError, ValidationError, MunintlError) as error:
            print_findings(warnings)
            reason = (
                "; ".join(f.format(severity_word) for f in error.findings)
                if isinstance(error, ValidationError)
                else str(error)
            )
            fail(
                _(
                    "{error}. {done} of {total} texts were translated into"
                    " {language} and saved; run the command again to go on"
                ).format(
                    error=reason, done=done, total=len(chosen.todo), language=language
                )
            )
    print_findings(warnings)
    click.echo(
        ngettext(
            "{path}: {n} text machine-translated into {language} by {engine}"
            " (requests: {requests}); review them with munintl translate review",
            "{path}: {n} texts machine-translated into {language} by {engine}"
            " (requests: {requests}); review them with munintl translate review",
            done,
        ).format(
            path=path, n=done, language=language, engine=name, requests=run.requests
        ),
        err=True,
    )
