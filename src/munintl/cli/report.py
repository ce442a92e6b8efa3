"""``munintl report PATH``: make the yearly follow-up and other reports.

One run makes one report kind in one or more languages and formats::

    munintl report examples/skanderborg --followup opfoelgning-2011 -o f.docx
    munintl report examples/skanderborg --year 2011 --body okonomiudvalget \\
        --lang da --lang en --format docx --format pdf -o reports/

Output names are predictable.  With one language and one format, ``-o``
is the file.  With several, ``-o out.docx`` gives ``out.docx``,
``out.pdf`` (and ``out.da.docx``, ``out.en.docx`` for several languages).
Without ``-o``, or with a directory, each file is named
``<report>.<lang>.<suffix>``, where ``<report>`` is the follow-up's id,
``followup-<year>[-<body>]``, ``overview`` or ``register[-<year>]``.

The portfolio is validated first: with errors, they are listed on stderr
and nothing is written (exit 1), unless ``--allow-invalid`` makes the
report anyway, with a notice at its top and a table of the problems.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from munintl.cli._common import (
    Location,
    count_findings,
    empty_path,
    fail,
    fail_invalid,
    failed_plugins,
    open_portfolio,
    plugin_manager,
    print_findings,
    refuse_blank_language,
    verdict,
)
from munintl.cli._complete import (
    CompletingCommand,
    complete_formats,
    complete_ids,
    complete_kinds,
    complete_languages,
)
from munintl.cli._suggest import did_you_mean
from munintl.i18n import N_, _
from munintl.storage.atomic import replace_atomically

if TYPE_CHECKING:
    from munintl.config import Config
    from munintl.errors import Finding
    from munintl.hooks.protocols import Store
    from munintl.hooks.records import ReportFormat
    from munintl.model import Portfolio


def _list_kinds(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from munintl.errors import MunintlError

    try:
        kinds = plugin_manager().report_kinds()
    except MunintlError as error:  # a plugin that failed, in strict mode
        fail(str(error))
    for name, record in sorted(kinds.items()):
        click.echo(f"{name}\t{record.description_here}")
    ctx.exit(0)


def _list_formats(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from munintl.errors import MunintlError

    try:
        formats = plugin_manager().report_formats()
    except MunintlError as error:  # a plugin that failed, in strict mode
        fail(str(error))
    for name, record in sorted(formats.items()):
        suffixes = " ".join(record.suffixes)
        click.echo(
            f"{name}\t{suffixes}\t{record.media_type}\t{record.description_here}"
        )
    ctx.exit(0)


def _format_or_usage(name: str) -> ReportFormat:
    """Return the format named ``name`` or writing its suffix, or a usage error.

    The error names the closest format (or suffix) and lists every one.
    """
    from munintl.errors import UnknownPluginError
    from munintl.reporting import report_format

    manager = plugin_manager()
    try:
        return report_format(name, manager)
    except UnknownPluginError:
        pass
    formats = manager.report_formats()
    installed = (
        ", ".join(
            f"{n} ({' '.join(record.suffixes)})"
            for n, record in sorted(formats.items())
        )
        or _("none")
    ) + failed_plugins(manager)
    suffixes = {suffix for record in formats.values() for suffix in record.suffixes}
    if name.startswith(".") or Path(name).suffix:  # a suffix, or a file name
        suffix = Path(name).suffix.lower() or name.lower()
        message = _("no report format writes {suffix} files{hint}").format(
            suffix=suffix, hint=did_you_mean(suffix, suffixes, installed)
        )
    else:
        names = [*formats, *(suffix.lstrip(".") for suffix in suffixes)]
        message = _("no report format named '{name}'{hint}").format(
            name=name, hint=did_you_mean(name, names, installed)
        )
    raise click.UsageError(message)


def _kind_or_usage(name: str) -> None:
    """Check that the report kind ``name`` is installed, else a usage error."""
    manager = plugin_manager()
    kinds = manager.report_kinds()
    if name in kinds:
        return
    installed = (", ".join(sorted(kinds)) or _("none")) + failed_plugins(manager)
    raise click.UsageError(
        _("no report kind named '{name}'{hint}").format(
            name=name, hint=did_you_mean(name, kinds, installed)
        )
    )


def _templates(values: Sequence[str]) -> dict[str, str]:
    """Read ``--template`` values: ``FORMAT=PATH``, or a path whose suffix says."""
    templates: dict[str, str] = {}
    for value in values:
        name, sep, path = value.partition("=")
        if sep and name and "/" not in name and "\\" not in name:
            record = _format_or_usage(name)
        else:
            path = value
            record = _format_or_usage(Path(path).suffix or path)
        if not Path(path).is_file():
            raise click.BadParameter(
                _("{path} does not exist or is not a file").format(path=path),
                param_hint="--template",
            )
        templates[record.name] = str(Path(path).resolve())
    return templates


def _report_name(
    kind: str,
    followup: str | None,
    year: int | None,
    body: str | None,
) -> str:
    if followup is not None:
        return followup
    parts = [kind]
    if year is not None:
        parts.append(str(year))
    if body is not None and kind == "followup":
        parts.append(body)
    return "-".join(parts)


def _outputs(
    output: str | None,
    name: str,
    languages: Sequence[str],
    formats: Sequence[ReportFormat],
) -> list[tuple[str, ReportFormat, Path | None]]:
    """Pair every language and format with the file it is written to (None: stdout)."""
    jobs = [(lang, record) for lang in languages for record in formats]
    if output == "-":
        if len(jobs) > 1:
            raise click.UsageError(
                _("only one report can be written to standard output (-o -)")
            )
        return [(jobs[0][0], jobs[0][1], None)]
    if output is not None and not (
        output.endswith(("/", os.sep)) or Path(output).is_dir()
    ):
        target = Path(output)
        if len(jobs) == 1:
            return [(jobs[0][0], jobs[0][1], target)]
        known = {suffix for record in formats for suffix in record.suffixes}
        stem = target.with_suffix("") if target.suffix.lower() in known else target
        return [
            (
                lang,
                record,
                stem.with_name(
                    stem.name
                    + (f".{lang}" if len(languages) > 1 else "")
                    + record.suffixes[0]
                ),
            )
            for lang, record in jobs
        ]
    folder = Path(output) if output is not None else Path()
    return [
        (lang, record, folder / f"{name}.{lang}{record.suffixes[0]}")
        for lang, record in jobs
    ]


def _check_suffix(
    output: str | None,
    jobs: Sequence[tuple[str, ReportFormat, Path | None]],
) -> None:
    """Refuse an ``-o`` file whose suffix says another format than is written.

    ``-f pdf -o r.docx`` would write a PDF under a ``.docx`` name: a usage
    error naming both.  A name without a suffix, or with one no format
    writes (``report.v2``), is taken as it is.
    """
    if output is None or output == "-":
        return
    suffix = Path(output).suffix.lower()
    if not suffix:
        return
    chosen = {s.lower() for _lang, record, _target in jobs for s in record.suffixes}
    if suffix in chosen:
        return
    writers = sorted(
        name
        for name, record in plugin_manager().report_formats().items()
        if suffix in (s.lower() for s in record.suffixes)
    )
    if not writers:
        return
    names = ", ".join(dict.fromkeys(record.name for _lang, record, _t in jobs))
    raise click.UsageError(
        _(
            "-o {output} says {suffix} ({writers}), but the format is {formats};"
            " give a file name ending in the format's suffix, or none"
        ).format(
            output=output, suffix=suffix, writers=", ".join(writers), formats=names
        )
    )


def _is_read_only(path: Path) -> bool:
    """Whether ``path`` cannot, or should not, be written (no write bit at all)."""
    mode = path.stat().st_mode
    return not os.access(path, os.W_OK) or not mode & (
        stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    )


def _resolve_target(target: Path, *, force: bool) -> tuple[Path, bool]:
    """Return where to write ``target`` and whether it is a stream.

    A special file (``/dev/stdout``, a FIFO, a character device), or a
    link to one, is a stream: written in place, never replaced by a regular
    file; so is a name of one of this process's descriptors
    (``/dev/stdout`` when the shell sent standard output to a file).  A
    symbolic link to a file (or to nothing) is refused unless ``force``;
    then its target is written and the link kept.  An existing
    read-only file is refused unless ``force``.
    Refusals exit 1 before anything is made or written.
    """
    if _descriptor(target) is not None or (target.exists() and not target.is_file()):
        # Opened by its own name: /dev/stdout is a link into /proc, whose
        # "target" (pipe:[...], or the file the shell redirected to) is
        # this process's descriptor, not a file to replace.
        return target, True
    if target.is_symlink():
        pointee = Path(os.path.realpath(target))
        if not force:
            fail(
                _(
                    "{link} is a symbolic link to {target}; nothing was written"
                    " (--force writes to {target} and keeps the link)"
                ).format(link=target, target=pointee)
            )
        target = pointee
    if target.exists() and not force and _is_read_only(target):
        fail(
            _(
                "{path} is read-only; nothing was written (--force replaces"
                " it, keeping its mode)"
            ).format(path=target)
        )
    return target, False


def _write(
    target: Path | None, data: bytes, targets: dict[Path, tuple[Path, bool]]
) -> bool:
    """Write one report: stdout, a stream or a file; True if a file was written."""
    if target is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return False
    destination, stream = targets[target]
    if stream:
        _write_stream(destination, data)
        return False
    replace_atomically(destination, data)
    return True


#: Names of this process's file descriptors (the number is the group).
_OWN_DESCRIPTOR = re.compile(r"/(?:dev/fd|proc/self/fd|proc/thread-self/fd)/(\d+)")
_STANDARD = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}


def _descriptor(target: Path) -> int | None:
    """The descriptor of this process that ``target`` names, if it names one.

    Follows the links from ``target`` (``/dev/stdout`` to ``/proc/self/fd/1``
    on Linux, ``/dev/fd/1`` elsewhere) without following the last one,
    which points at whatever the descriptor is open on.
    """
    path = os.path.abspath(target)
    for _hop in range(40):
        if path in _STANDARD:
            return _STANDARD[path]
        match = _OWN_DESCRIPTOR.fullmatch(path)
        if match is not None:
            return int(match.group(1))
        if not os.path.islink(path):
            return None
        path = os.path.normpath(os.path.join(os.path.dirname(path), os.readlink(path)))
    return None


def _write_stream(target: Path, data: bytes) -> None:
    """Write ``data`` to a special file such as ``/dev/stdout`` or a FIFO.

    Standard output and error are written through the descriptors this
    process has, at their position (as a shell's ``>>`` expects), not
    opened again.
    """
    descriptor = _descriptor(target)
    if descriptor in (1, 2):
        stream = sys.stdout if descriptor == 1 else sys.stderr
        stream.flush()
        stream.buffer.write(data)
        stream.buffer.flush()
        return
    with target.open("wb") as handle:
        handle.write(data)
        handle.flush()


def _progress(total: int) -> Any:
    """Show a progress bar on a terminal for many documents; stay quiet otherwise."""
    from munintl.cli._common import progress_bar

    return progress_bar(total, _("Rendering"))


def _choose_formats(
    formats: Sequence[str], output: str | None, config: Config
) -> list[ReportFormat]:
    if formats:
        return [_format_or_usage(name) for name in dict.fromkeys(formats)]
    if output not in (None, "-") and Path(output or "").suffix:
        return [_format_or_usage(Path(output or "").suffix)]
    if config.report.formats:
        return [_format_or_usage(name) for name in config.report.formats]
    raise click.UsageError(
        _(
            "say which format to write: --format FORMAT, -o FILE with a known"
            " suffix, or formats under [report] in munintl.toml"
            " (--list-formats lists them)"
        )
    )


def _check(
    path: str,
    portfolio: Portfolio,
    store: Store,
    config: Config,
    *,
    allow_invalid: bool,
) -> list[Finding]:
    """Validate the portfolio; exit 1 listing the problems if it has errors.

    With ``allow_invalid`` the problems are listed and the report is made
    anyway (it says so at its top).  Return the findings, located in the
    store's files.
    """
    from munintl.validation import validate

    findings = [
        store.locate(finding)
        for finding in validate(portfolio, config=config, manager=plugin_manager())
    ]
    errors, _warnings = count_findings(findings)
    if errors and not allow_invalid:
        fail_invalid(path, findings, nothing_written=True)
    if errors:
        print_findings(findings)
        click.echo(
            _("{verdict}; the report says so at its top").format(
                verdict=verdict(path, findings, valid=False)
            ),
            err=True,
        )
    return findings


def _check_extras(records: Sequence[ReportFormat]) -> None:
    """Exit 1 saying which extra to install if a format needs one; before any work."""
    for record in records:
        missing = record.missing_message()
        if missing is not None:
            fail(missing)


def _default_language(portfolio: Portfolio, config: Config) -> str:
    return (
        config.languages[0]
        if config.languages
        else portfolio.municipality.default_language
    )


@click.command(
    cls=CompletingCommand,
    help=N_(
        "Make a report from the portfolio at PATH: the yearly follow-up to a"
        " political body (--followup ID, or a draft for --year YEAR [--body ID]),"
        " the strategy overview or the register of initiatives and partnerships."
    ),
)
@click.argument("path", type=Location(exists=True))
@click.option(
    "--kind",
    "-k",
    metavar="KIND",
    shell_complete=complete_kinds,
    help=N_("Kind of report (default: followup; --list-kinds lists them)."),
)
@click.option(
    "--followup",
    metavar="ID",
    shell_complete=complete_ids("followups"),
    help=N_("The follow-up to report."),
)
@click.option(
    "--year",
    type=click.IntRange(1, 9999),
    help=N_("Report on this year (a draft follow-up, when no --followup is given)."),
)
@click.option(
    "--body",
    metavar="ID",
    shell_complete=complete_ids("bodies"),
    help=N_("The body the draft follow-up is for (with --year)."),
)
@click.option(
    "--lang",
    "-l",
    "languages",
    metavar="LANG",
    multiple=True,
    callback=refuse_blank_language,
    shell_complete=complete_languages,
    help=N_("Report language, e.g. da, en, de; repeat for several."),
)
@click.option(
    "--format",
    "-f",
    "formats",
    metavar="FORMAT",
    multiple=True,
    shell_complete=complete_formats,
    help=N_("Output format; repeat for several (default: from -o's suffix)."),
)
@click.option(
    "--output",
    "-o",
    metavar="FILE|DIR",
    help=N_("Where to write: a file, a directory, or - for standard output."),
)
@click.option(
    "--template",
    "templates",
    metavar="[FORMAT=]FILE",
    multiple=True,
    help=N_(
        "Use FILE instead of the built-in template (HTML, Markdown) or"
        " reference document (DOCX); the format follows from the suffix"
        " unless given as FORMAT=FILE."
    ),
)
@click.option(
    "--include-internal",
    is_flag=True,
    help=N_("Include internal items (never for published reports)."),
)
@click.option(
    "--on",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="DATE",
    help=N_(
        "Make the report as of DATE (YYYY-MM-DD; default today): statuses are"
        " read and a draft is dated on it, so the same data gives the same"
        " report.  A submitted follow-up is dated by its own submission."
    ),
)
@click.option(
    "--allow-invalid",
    is_flag=True,
    help=N_(
        "Make the report even if the portfolio does not pass validation; the"
        " report then says so at its top and lists the problems."
    ),
)
@click.option(
    "--force",
    is_flag=True,
    help=N_(
        "Write through a symbolic link -o names (to its target) and replace"
        " read-only files."
    ),
)
@click.option(
    "--list-kinds",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_list_kinds,
    help=N_("List the report kinds and exit."),
)
@click.option(
    "--list-formats",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_list_formats,
    help=N_("List the report formats and exit."),
)
def report(
    *,
    path: str,
    kind: str | None,
    followup: str | None,
    year: int | None,
    body: str | None,
    languages: tuple[str, ...],
    formats: tuple[str, ...],
    output: str | None,
    templates: tuple[str, ...],
    include_internal: bool,
    on: dt.datetime | None,
    allow_invalid: bool,
    force: bool,
) -> None:
    """Make reports from the portfolio at PATH."""
    from munintl.errors import MunintlError, ValidationError
    from munintl.model import Period
    from munintl.reporting import (
        DEFAULT_KIND,
        build,
        render_document,
    )

    if followup is not None and year is not None:
        raise click.UsageError(_("give either --followup or --year, not both"))
    if output is not None and not output.strip():
        raise click.BadParameter(empty_path(), param_hint="--output")
    chosen_templates = _templates(templates)
    # Mistyped names fail before the portfolio is read.
    if kind is not None:
        _kind_or_usage(kind)
    for name in formats:
        _format_or_usage(name)
    portfolio, store, config = open_portfolio(path, writes=True)
    kind = kind or config.report.kind or DEFAULT_KIND
    _kind_or_usage(kind)
    if kind == DEFAULT_KIND and followup is None and year is None:
        raise click.UsageError(
            _("the follow-up report needs --followup ID or --year YEAR [--body ID]")
        )
    findings = _check(path, portfolio, store, config, allow_invalid=allow_invalid)
    records = _choose_formats(formats, output, config)
    _check_extras(records)
    langs = list(dict.fromkeys(languages)) or [_default_language(portfolio, config)]
    jobs = _outputs(output, _report_name(kind, followup, year, body), langs, records)
    _check_suffix(output, jobs)
    # Every target is checked before anything is rendered or written.
    targets = {
        target: _resolve_target(target, force=force)
        for _lang, _record, target in jobs
        if target is not None
    }
    period = Period.year(year) if year is not None else None
    written: list[Path] = []
    try:
        with _progress(len(jobs)) as advance:
            documents = {}
            for lang, record, target in jobs:
                if lang not in documents:
                    documents[lang] = build(
                        portfolio,
                        kind=kind,
                        lang=lang,
                        followup=followup,
                        period=period,
                        body=body,
                        include_internal=include_internal,
                        config=config,
                        allow_invalid=allow_invalid,
                        findings=findings,
                        on=on.date() if on is not None else None,
                        manager=plugin_manager(),
                    )
                data = render_document(
                    documents[lang],
                    format=record.name,
                    config=config,
                    template=chosen_templates.get(record.name),
                    manager=plugin_manager(),
                )
                if _write(target, data, targets) and target is not None:
                    written.append(target)
                advance()
    except ValidationError as error:
        fail_invalid(path, error.findings, nothing_written=True)
    except MunintlError as error:
        fail(str(error))
    except OSError as error:
        fail(_("cannot write the report: {error}").format(error=error))
    for target in written:
        click.echo(str(target))
