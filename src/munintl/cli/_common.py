"""What every command shares: locations, loading a portfolio, and one voice.

Every command speaks the same way:

* stdout carries only what the command produces (JSON, a report, a
  summary, the names of the files it wrote);
* a problem with a place is one line on stderr,
  ``file:line:col: path: message [code]`` (:func:`print_findings`);
* a check ends with one line on stderr, ``LOCATION: valid (0 errors,
  2 warnings)`` or ``LOCATION: not valid (1 error, 0 warnings)``, the
  same after a problem in a file's shape as after a validation rule; a
  command that would have written something adds ``; nothing was written``
  (:func:`verdict`, :func:`fail_invalid`);
* any other failure is ``munintl: message`` on stderr (:func:`fail`);
* both exit with status 1; a mistake in the command line itself is
  click's ``Error: ...``, with a did-you-mean where a name is close, and
  exits with status 2.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from munintl.errors import (
    Finding,
    MunintlError,
    ValidationError,
    hide_password,
)
from munintl.i18n import _, add_catalog_dir, clipped, ngettext, severity_word

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

    from munintl.config import Config
    from munintl.hooks.manager import MunintlPluginManager
    from munintl.hooks.protocols import Store
    from munintl.hooks.records import StorageBackend
    from munintl.model import Portfolio

#: Exit status for input that is not valid (bad files, failed validation).
EXIT_INVALID = 1

_PLUGIN_LOGGER = "munintl.plugins"


def print_findings(findings: Iterable[Finding]) -> None:
    """Write findings to stderr, one ``file:line:col: path: message`` per line."""
    for finding in findings:
        click.echo(finding.format(severity_word), err=True)


def count_findings(findings: Iterable[Finding]) -> tuple[int, int]:
    """Count the errors and the warnings among ``findings``."""
    errors = warnings = 0
    for finding in findings:
        if finding.severity == "error":
            errors += 1
        elif finding.severity == "warning":
            warnings += 1
    return errors, warnings


def verdict(
    location: str,
    findings: Sequence[Finding],
    *,
    valid: bool,
    nothing_written: bool = False,
) -> str:
    """Say whether ``location`` is valid, with its count of errors and warnings.

    ``nothing_written`` adds that the command wrote nothing, for commands
    that would have (``convert``, ``init``, ``report``).
    """
    errors, warnings = count_findings(findings)
    location = hide_password(location, whole=True)
    summary = ", ".join(
        [
            ngettext("{n} error", "{n} errors", errors).format(n=errors),
            ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
        ]
    )
    if valid:
        return _("{path}: valid ({summary})").format(path=location, summary=summary)
    if nothing_written:
        return _("{path}: not valid ({summary}); nothing was written").format(
            path=location, summary=summary
        )
    return _("{path}: not valid ({summary})").format(path=location, summary=summary)


def fail(message: str) -> NoReturn:
    """Write ``munintl: message`` on stderr and exit with status 1.

    A password in a URL in ``message`` is shown as ``***``.
    """
    click.echo(f"munintl: {hide_password(message)}", err=True)
    sys.exit(EXIT_INVALID)


def write_file(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step, or fail with status 1.

    The one way a command writes a file it made (a schema, forms, portal
    metadata): the old file stays whole if writing fails, and the failure
    is one line naming the file, not a traceback.
    """
    from munintl.storage.atomic import replace_atomically

    try:
        replace_atomically(path, data)
    except OSError as error:
        fail(
            _("cannot write {path}: {error}").format(
                path=path, error=error.strerror or error
            )
        )


def print_or_write(text: str, output: Path | None) -> None:
    """Print ``text`` on standard output, or write it to ``output``.

    A file is written as :func:`write_file` writes it.
    """
    if output is None:
        click.echo(text, nl=False)
    else:
        write_file(output, text.encode("utf-8"))


def fail_invalid(
    location: str, findings: Sequence[Finding], *, nothing_written: bool = False
) -> NoReturn:
    """List ``findings``, say that ``location`` is not valid, and exit with status 1."""
    print_findings(findings)
    click.echo(
        verdict(location, findings, valid=False, nothing_written=nothing_written),
        err=True,
    )
    sys.exit(EXIT_INVALID)


class _OneLineHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        click.echo(record.getMessage(), err=True)


def plugin_manager() -> MunintlPluginManager:
    """The plugin manager, with plugin load failures reported on stderr."""
    from munintl.hooks.manager import get_plugin_manager

    logger = logging.getLogger(_PLUGIN_LOGGER)
    if not any(isinstance(h, _OneLineHandler) for h in logger.handlers):
        logger.addHandler(_OneLineHandler())
        logger.propagate = False
    try:
        return get_plugin_manager()
    except MunintlError as error:
        fail(str(error))


@contextmanager
def quiet_plugin_manager() -> Iterator[MunintlPluginManager]:
    """The plugin manager, with nothing logged: for shell completion.

    Raise what building the manager raises; the caller decides what to do.
    """
    from munintl.hooks.manager import get_plugin_manager

    logger = logging.getLogger(_PLUGIN_LOGGER)
    disabled = logger.disabled
    logger.disabled = True
    try:
        yield get_plugin_manager()
    finally:
        logger.disabled = disabled


# -- locations -------------------------------------------------------------------


def describe_backend(backend: StorageBackend) -> str:
    """Say what locations a storage backend takes: ``json (.json)``."""
    parts = [_("directory")] if backend.directory else []
    parts += [f"{scheme}://" for scheme in backend.schemes]
    parts += list(backend.suffixes)
    return f"{backend.name} ({' '.join(parts)})" if parts else backend.name


def failed_plugins(manager: MunintlPluginManager) -> str:
    """Say which plugins failed to load, to follow a list of what is installed."""
    failed = [info.name for info in manager.failures()]
    if not failed:
        return ""
    return _("; plugins that failed to load: {names}").format(names=", ".join(failed))


def location_problem(location: str, manager: MunintlPluginManager) -> str | None:
    """Say why no installed storage backend takes ``location``; None if one does.

    The message names the closest scheme or suffix and lists every installed
    backend with the locations it takes.
    """
    from munintl.cli._suggest import did_you_mean
    from munintl.errors import UnknownPluginError
    from munintl.storage import backend_for

    slip = _mistyped(location, manager)
    if slip is not None:
        return slip
    try:
        backend_for(location, manager)
    except UnknownPluginError:
        pass
    else:
        return None
    backends = manager.storage_backends()
    installed = (
        ", ".join(describe_backend(backends[name]) for name in sorted(backends))
        or _("none")
    ) + failed_plugins(manager)
    scheme, sep, _rest = location.partition("://")
    if sep:
        name = scheme.lower().split("+")[0]
        schemes = {s for backend in backends.values() for s in backend.schemes}
        return _("no storage backend handles {scheme}:// locations{hint}").format(
            scheme=name, hint=did_you_mean(name, schemes, installed)
        )
    suffix = Path(location).suffix.lower()
    if suffix:
        suffixes = {s for backend in backends.values() for s in backend.suffixes}
        return _("no storage backend reads or writes {suffix} files{hint}").format(
            suffix=suffix, hint=did_you_mean(suffix, suffixes, installed)
        )
    return _("no storage backend handles directories{hint}").format(
        hint=did_you_mean("", (), installed)
    )


def _mistyped(location: str, manager: MunintlPluginManager) -> str | None:
    from munintl.storage.dispatch import mistyped_url

    backends = manager.storage_backends().values()
    return mistyped_url(location, (s for b in backends for s in b.schemes))


class LanguageTag(click.ParamType):  # type: ignore[type-arg]
    """A language tag (``da``, ``en``, ``de-AT``), as texts are keyed by.

    A language names texts, catalogs, files and folders (``_build/<lang>``),
    so ``../../x`` or ten thousand letters are refused here, briefly quoted,
    before any of that is tried.
    """

    name = "LANG"

    def __init__(self, *, underscore: bool = False) -> None:
        #: Accept ``zh_CN`` as well (Sphinx writes its languages so).
        self.underscore = underscore

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> str:
        """Return ``value`` if it is a language tag; fail otherwise."""
        from munintl.wire.convert import LANGUAGE_TAG

        text = str(value)
        tag = text.replace("_", "-") if self.underscore else text
        if not LANGUAGE_TAG.fullmatch(tag):
            self.fail(
                _(
                    "{value!r} is not a language tag; use one such as da, en or de"
                ).format(value=clipped(text, 40)),
                param,
                ctx,
            )
        return text


def empty_path() -> str:
    """Say, in the run's language, that an empty name is no file or folder."""
    return _("an empty name is no file or folder; give one (the current folder is '.')")


class NamedPath(click.Path):
    """A file or folder named on the command line, never the empty string.

    ``click.Path`` takes ``""`` as the current folder, so ``-o "$OUT"`` with
    ``OUT`` unset would write there; an empty name is refused instead.
    """

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Any:
        """Refuse an empty or blank name; check the rest as ``click.Path`` does."""
        if isinstance(value, str) and not value.strip():
            self.fail(empty_path(), param, ctx)
        return super().convert(value, param, ctx)


def refuse_blank_language(
    _ctx: click.Context, _param: click.Parameter, value: Any
) -> Any:
    """Refuse a report language given empty (``-l ""``), as one naming nothing.

    An empty value silently meant the default language; it is said as any
    other language munintl cannot write (exit 1).
    """
    for language in (value,) if isinstance(value, str) else value or ():
        if not language.strip():
            fail(
                _(
                    "{language!r} is not a language munintl can write reports in;"
                    " use a language tag such as da, en or de"
                ).format(language=language)
            )
    return value


# ParamType is generic in newer click; subscripting it fails on click 8.1.
class Location(click.ParamType):  # type: ignore[type-arg]
    """A portfolio's location: a directory, a file or a ``scheme://`` URI.

    The location must be one an installed storage backend takes; with
    ``exists``, a directory or file must also exist (a URI is left to its
    backend).  The shell completes file and directory names.
    """

    name = "location"

    def __init__(self, *, exists: bool) -> None:
        self.exists = exists

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> str:
        """Check ``value`` and return it as a string."""
        text: str = os.fspath(value)
        if ctx is not None and ctx.resilient_parsing:
            return text  # completing a command line: check nothing, load nothing
        if not text.strip():
            from munintl.storage.dispatch import empty_location

            self.fail(empty_location(), param, ctx)
        manager = plugin_manager()
        slip = _mistyped(text, manager)
        if slip is not None:
            # A malformed database URL, as one the database store refuses:
            # said without showing it (it may hold a password), exit 1.
            fail(slip)
        if self.exists and "://" not in text and not Path(text).exists():
            self.fail(_("{location} does not exist").format(location=text), param, ctx)
        problem = location_problem(text, manager)
        if problem is not None:
            self.fail(problem, param, ctx)
        return text

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        """Let the shell complete file and directory names."""
        from click.shell_completion import CompletionItem

        return [CompletionItem(incomplete, type="file")]


# -- portfolios ------------------------------------------------------------------


def load_portfolio(
    location: str, manager: MunintlPluginManager
) -> tuple[Portfolio, Store, Config]:
    """Load the config, store and portfolio at ``location``.

    Raise :class:`~munintl.errors.ValidationError` for a configuration or
    files that do not have the data format's shape, and
    :class:`~munintl.errors.MunintlError` for anything else that stops
    the portfolio being read.
    """
    from munintl.config import load_config
    from munintl.storage import open_store
    from munintl.storage.dispatch import nothing_stored

    config = load_config(location)
    # The portfolio's own catalogs speak its languages from here on.
    for folder in config.catalog_folders:
        add_catalog_dir(folder)
    config.check_plugins(manager)
    store = open_store(location, config=config, manager=manager)
    if not store.exists():
        raise nothing_stored(store, location)
    return store.load(), store, config


def open_portfolio(
    location: str, *, writes: bool = False
) -> tuple[Portfolio, Store, Config]:
    """Load config, store and portfolio, or exit 1 with every problem listed.

    ``writes`` says the command would write something, so a portfolio that
    cannot be read ends with "nothing was written".
    """
    try:
        loaded = load_portfolio(location, plugin_manager())
        # Files the store did not read (a YAML store's ``initiative/``).
        print_findings(getattr(loaded[1], "load_warnings", ()))
        return loaded
    except ValidationError as error:
        fail_invalid(location, error.findings, nothing_written=writes)
    except MunintlError as error:
        fail(str(error))


def read_revision(store: Store) -> str | None:
    """The revision of the portfolio ``store`` last loaded, to save over it only.

    A database store knows the revision it read; for another store it is
    the revision now, asked right after loading.  Saving with it as
    ``expected_revision`` refuses to overwrite what someone else saved
    meanwhile.
    """
    loaded = getattr(store, "loaded_revision", None)
    return str(loaded) if loaded is not None else store.revision()


# -- progress --------------------------------------------------------------------


@contextmanager
def progress_bar(total: int, description: str) -> Iterator[Callable[[int], None]]:
    """Show a progress bar on stderr if it is a terminal; stay quiet otherwise.

    Yields ``advance(steps)``.  Nothing is shown for fewer than two steps.
    """
    from rich.console import Console
    from rich.progress import Progress

    from munintl.cli import terminal

    console = Console(file=terminal())
    with Progress(
        console=console,
        transient=True,
        disable=total < 2 or not console.is_terminal,
    ) as progress:
        task = progress.add_task(description, total=total)

        def advance(steps: int = 1) -> None:
            progress.advance(task, steps)

        yield advance


# -- tables ----------------------------------------------------------------------


def print_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Print ``rows`` under ``headers`` in columns on stdout; an empty cell is ``-``.

    Each column is as wide as its widest cell; a cell's line breaks become
    spaces, so a row stays on one line.
    """
    cells = [list(headers)] + [
        [" ".join(str(cell).split()) if cell not in (None, "") else "-" for cell in row]
        for row in rows
    ]
    widths = [max(len(row[n]) for row in cells) for n in range(len(headers))]
    for row in cells:
        click.echo(
            "  ".join(
                cell.ljust(width) for cell, width in zip(row, widths, strict=True)
            ).rstrip()
        )
