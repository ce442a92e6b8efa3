"""The ``munintl`` command line.

Commands are imported only when run, so ``munintl --help`` loads no plugins
and nothing heavy.  Exit status: 0 success, 1 invalid input (problems on
stderr as ``file:line:col: path: message``), 2 usage error.
"""

from __future__ import annotations

import importlib
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from gettext import gettext as _click_text  # click's own messages, not munintl's
from typing import TYPE_CHECKING, Any, TextIO

import click

from munintl import _version
from munintl.i18n import (
    N_,
    _,
    clipped,
    install_click_translations,
    one_run,
    primary,
    set_language,
)

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

#: Command name → (module, function, help).  The help is the command's own
#: (a test keeps them equal), here so that listing the commands in
#: ``munintl --help`` imports none of them.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "validate": (
        "munintl.cli.validate",
        "validate",
        ("Check the portfolio at PATH and list every problem."),
    ),
    "show": (
        "munintl.cli.show",
        "show",
        ("Show a readable summary of the portfolio at PATH."),
    ),
    "plugins": (
        "munintl.cli.plugins",
        "plugins",
        ("List installed plugins, what they provide and their status."),
    ),
    "report": (
        "munintl.cli.report",
        "report",
        (
            "Make a report from the portfolio at PATH: the yearly follow-up to "
            "a political body (--followup ID, or a draft for --year YEAR "
            "[--body ID]), the strategy overview or the register of initiatives "
            "and partnerships."
        ),
    ),
    "convert": (
        "munintl.cli.convert",
        "convert",
        (
            "Copy the portfolio at SRC into DST, from any store to any other: a "
            "YAML directory, a .json or .toml file, or a location a storage "
            "plugin takes (munintl plugins lists them).  SRC is validated "
            "first; nothing is written if it has errors."
        ),
    ),
    "followup": (
        "munintl.cli.followup",
        "followup",
        (
            "Run the yearly follow-up round: forms for the departments (prepare),"
            " their answers back in (collect), what is missing (status, remind),"
            " and the follow-up filed with its committee (submit, decide, correct)."
        ),
    ),
    "history": (
        "munintl.cli.history",
        "history",
        (
            "List the revisions of the portfolio at LOCATION (a database store"
            " keeps them), oldest first: number, when, who saved it where that is"
            " recorded, and what it changed."
        ),
    ),
    "diff": (
        "munintl.cli.history",
        "diff",
        (
            "Show what changed from the portfolio at A to the one at B, field by"
            " field: any two stores, or two revisions of one"
            " (sqlite:///portal.db#aarhus@3, @-1 for the revision before the"
            " current one, @FOLLOWUP-ID for the revision a follow-up was made"
            " from)."
        ),
    ),
    "init": (
        "munintl.cli.init",
        "init",
        (
            "Make a new portfolio in DIR from an example that ships with "
            "munintl: its theme structure, its goals as placeholders to fill "
            "in, its configuration, and a city council and a committee to "
            "rename. The example's own bodies, partners, initiatives, "
            "partnerships and follow-ups are left out unless --keep-examples is "
            "given."
        ),
    ),
    "site": (
        "munintl.cli.site",
        "site",
        (
            "Publish the portfolio as a website with Sphinx: scaffold a site"
            " (init) and build it in each language (build)."
        ),
    ),
    "translate": (
        "munintl.cli.translate",
        "translate",
        (
            "Translate the portfolio's texts: see how far each language is, export"
            " them for a translation agency (PO or XLIFF) and import the"
            " translations, and mark machine translations as reviewed."
        ),
    ),
    "portal": (
        "munintl.cli.portal",
        "portal",
        (
            "Publish a SQLite database of many municipalities' strategies as a"
            " portal with datasette: write the metadata it reads (metadata)."
        ),
    ),
    "portfolios": (
        "munintl.cli.portfolios",
        "portfolios",
        (
            "List the portfolios in the database at LOCATION: key, municipality,"
            " current revision, when and by whom it was saved; or delete one with"
            " --delete KEY (its revisions stay in the history)."
        ),
    ),
    "query": (
        "munintl.cli.query",
        "query",
        (
            "Find the initiatives or partnerships (WHAT) of every portfolio at"
            " LOCATION that match all the options given: a database answers with"
            " SQL, any other store in Python, with the same answer."
        ),
    ),
    "check-pair": (
        "munintl.cli.pair",
        "check_pair",
        (
            "Compare what the portfolios at LOCATIONS record about each other:"
            " partnerships recorded by one side only, and pairs whose start dates"
            " differ.  Partners are matched by shared identifiers (wikidata,"
            " iso3166-2, nuts, lau, national codes), else by id or name."
        ),
    ),
    "schema": (
        "munintl.cli.schema",
        "schema",
        (
            "Print the JSON Schema of a whole portfolio (as the JSON and TOML "
            "stores hold it) or, with --file-type, of one kind of file of the "
            "YAML store. With --all, write every schema into the directory "
            "given by -o."
        ),
    ),
}


# -- standard error: shown, never obeyed --------------------------------------------
#
# Messages quote what a downloaded folder holds -- file names, keys, values --
# and a terminal acts on some characters instead of showing them (ESC starts
# the sequences that set a window's title or rewrite a line; a carriage return
# overwrites it; bidirectional controls reorder it).  For the length of a run,
# standard error is wrapped so that every such character is written as an
# escape (munintl.errors.printable), whichever message carries it.


class PrintableStream(io.TextIOBase):
    """A text stream writing into ``stream`` with controls escaped."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        #: The stream written to; a progress bar draws on it directly.
        self.terminal = stream

    @property
    def encoding(self) -> str:  # type: ignore[override]
        """The encoding of the stream written to."""
        return getattr(self.terminal, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str:  # type: ignore[override]
        """The error handler of the stream written to."""
        return getattr(self.terminal, "errors", None) or "strict"

    @property
    def buffer(self) -> Any:
        """The byte stream under the stream written to: documents pass unchanged."""
        return self.terminal.buffer

    def write(self, text: str) -> int:
        """Write ``text`` with every control character as an escape."""
        from munintl.errors import printable  # not at import: --help stays light

        self.terminal.write(printable(text))
        return len(text)

    def writable(self) -> bool:
        """Always: this is an output stream."""
        return True

    def flush(self) -> None:
        """Flush the stream written to."""
        self.terminal.flush()

    def isatty(self) -> bool:
        """Tell whether the stream written to is a terminal."""
        return self.terminal.isatty()

    def fileno(self) -> int:
        """The file descriptor of the stream written to."""
        return self.terminal.fileno()


@contextmanager
def printable_stderr() -> Iterator[None]:
    """Wrap ``sys.stderr`` (and a terminal's ``sys.stdout``) for the block.

    Standard output is wrapped only when it is a terminal: there a table
    of ``history`` or ``query`` shows what a shared database holds (a
    ``MUNINTL_AUTHOR`` of another user's choosing); piped, it carries
    documents and JSON, which pass as they are.
    """
    originals = (sys.stdout, sys.stderr)
    if sys.stderr is not None and not isinstance(sys.stderr, PrintableStream):
        sys.stderr = PrintableStream(sys.stderr)
    if _is_terminal(sys.stdout) and not isinstance(sys.stdout, PrintableStream):
        sys.stdout = PrintableStream(sys.stdout)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = originals


def _is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # a closed or odd stream
        return False


def terminal() -> TextIO:
    """The real standard error, for a progress bar's own escape sequences."""
    stream = sys.stderr
    return stream.terminal if isinstance(stream, PrintableStream) else stream


class LazyGroup(click.Group):
    """A click group that imports each command's module only when needed."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command line; the language and catalogs it chose end with it.

        ``--lang`` and the catalogs beside the portfolio's ``munintl.toml``
        last the run (:func:`munintl.i18n.one_run`), so that calling the
        command line twice in one process runs it twice afresh.
        """
        with one_run(), printable_stderr():
            return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; the file system refusing a path is a message, exit 1.

        A path the user typed can be one the system cannot look up or write
        (a name longer than it takes, a folder under ``/proc``, a parent
        that is a file): whichever call meets it first, the user reads the
        path and the system's reason, not a traceback.  A closed standard
        output is left to click.
        """
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise
        except OSError as error:
            where = error.filename
            where = os.fsdecode(where) if isinstance(where, str | bytes) else ""
            reason = error.strerror or str(error)
            click.echo(
                "munintl: "
                + _("{path}: the system refused: {reason}").format(
                    path=clipped(where, 120), reason=reason
                ),
                err=True,
            )
            sys.exit(1)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """List every command name, without importing any."""
        return sorted(COMMANDS)

    def format_commands(
        self, ctx: click.Context, formatter: click.HelpFormatter
    ) -> None:
        """List the commands with their help from :data:`COMMANDS`, importing none."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            entry = COMMANDS[name]
            if len(entry) > 2:
                # A stand-in command shortens the help exactly as click would.
                text = click.Command(name, help=_(entry[2])).get_short_help_str(limit)
            else:  # an entry without its help: ask the command itself
                command = self.get_command(ctx, name)
                text = command.get_short_help_str(limit) if command else ""
            rows.append((name, text))
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """Find the command ``args`` start with; suggest the closest for a typo."""
        name = args[0] if args else ""
        # While completing a command line, stay quiet: click suggests nothing.
        if (
            name
            and name not in COMMANDS
            and not name.startswith("-")
            and not ctx.resilient_parsing
        ):
            from munintl.cli._suggest import did_you_mean

            ctx.fail(
                _("no command named '{name}'{hint}").format(
                    name=name, hint=did_you_mean(name, COMMANDS)
                )
            )
        return super().resolve_command(ctx, args)

    def shell_complete(
        self, ctx: click.Context, incomplete: str
    ) -> list[CompletionItem]:
        """Complete command names from :data:`COMMANDS`, importing none."""
        from click.shell_completion import CompletionItem

        items = [
            # A stand-in command shortens the help exactly as click would.
            CompletionItem(
                name,
                help=click.Command(
                    name, help=_(COMMANDS[name][2])
                ).get_short_help_str(),
            )
            for name in self.list_commands(ctx)
            if name.startswith(incomplete)
        ]
        # The group's own options (--help, --version), as click completes them.
        items.extend(click.Command.shell_complete(self, ctx, incomplete))
        return items

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import and return the command ``cmd_name``."""
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module = importlib.import_module(target[0])
        command: click.Command = getattr(module, target[1])
        return speak(command)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Write the help in the language of the run (see :func:`speak`)."""
        speak(self)
        super().format_help(ctx, formatter)


#: The attribute of a command or option that keeps its help texts' source.
_SOURCES = "_munintl_help_sources"
#: The help texts of a command, and of each of its options.
_COMMAND_TEXTS = ("help", "short_help", "epilog")


def _translated(source: str) -> str:
    """``source`` in the language of the run, whole or paragraph by paragraph."""
    whole = _(source)
    if whole != source or "\n\n" not in source:
        return whole
    return "\n\n".join(_(paragraph) for paragraph in source.split("\n\n"))


def speak(command: click.Command) -> click.Command:
    """Give ``command``'s help texts in the language of the run, and return it.

    The help of a command, its options and its subcommands is written in
    English (the source text, marked with ``N_``) when its module is
    imported, and translated here, each time munintl hands the command
    out: the language is the one of the run (``--lang`` is read before
    the command is looked up), not the one of whichever run imported the
    module first in this process.
    """
    owners: list[click.Command | click.Parameter] = [command, *command.params]
    for owner in owners:
        attributes = _COMMAND_TEXTS if owner is command else ("help",)
        sources: dict[str, str] | None = getattr(owner, _SOURCES, None)
        if sources is None:
            sources = {
                name: text
                for name in attributes
                if isinstance(text := getattr(owner, name, None), str)
            }
            setattr(owner, _SOURCES, sources)
        for name, source in sources.items():
            setattr(owner, name, _translated(source))
    if isinstance(command, click.Group) and not isinstance(command, LazyGroup):
        for subcommand in command.commands.values():
            speak(subcommand)
    return command


def show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """Print ``munintl, version X`` and exit, as click's version option does.

    The version is read from the installed metadata only here, so that
    ``munintl --help`` and every command start without that cost.
    """
    if not value or ctx.resilient_parsing:
        return
    click.echo(f"munintl, version {_version.version()}", color=ctx.color)
    ctx.exit()


def choose_language(
    ctx: click.Context, _param: click.Parameter, value: str | None
) -> None:
    """Speak ``value`` for the rest of the run (None: as the environment says).

    ``C`` and ``POSIX`` (the locales of no translation) are English.  A
    value that names no language (``../da``, a path) is refused: it would
    otherwise name a folder of catalogs.
    """
    if ctx.resilient_parsing:
        return
    if value and value.split(".", 1)[0].upper() in ("C", "POSIX"):
        value = "en"  # the locale of no translation: munintl's own English
    if value and not primary(value):
        raise click.BadParameter(
            _(
                "{value!r} is not a language; write a tag such as da, en or de-AT"
            ).format(value=clipped(value))
        )
    set_language(value or None)


class TranslatingFormatter(click.HelpFormatter):
    """Click's help formatter, translating each option's help as it is written.

    Click makes the ``--help`` option (and munintl its ``--version``) with
    an English help text when the command is built, before ``--lang`` is
    read; the text is looked up in the catalogs again as it is shown.
    """

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        """Write the definition list with each definition translated."""
        super().write_dl(
            [(term, _(definition)) for term, definition in rows],
            col_max=col_max,
            col_spacing=col_spacing,
        )


# Click's own words ("Usage:", "Error: Missing option") in the run's language.
install_click_translations()
click.Context.formatter_class = TranslatingFormatter


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_(
        "Keep a municipality's international strategy as data: validate it,"
        " show it, and work with its plugins."
    ),
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=show_version,
    help=_click_text("Show the version and exit."),
)
@click.option(
    "--lang",
    metavar="LANG",
    expose_value=False,
    is_eager=True,
    callback=choose_language,
    help=N_(
        "The language munintl speaks in this run (da, en, de, sv, nb, pl, or one"
        " a catalog is added for); default: MUNINTL_LANG, else the locale."
    ),
)
def main() -> None:
    """Run the munintl command line."""


def run(*args: Any) -> None:
    """Entry point for ``python -m munintl``."""
    main(*args)
