"""``munintl --help`` lists every command without importing any of them."""

from __future__ import annotations

import importlib
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from munintl.cli import COMMANDS, main, speak
from munintl.i18n import LANGUAGES, gettext_for, set_language


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_listed_help_is_the_commands_own(name: str) -> None:
    module, function, help_text = COMMANDS[name]
    command = getattr(importlib.import_module(module), function)
    assert isinstance(command, click.Command)
    # The command's help was translated when its module was first imported,
    # in whatever language was chosen then; the list shows its first
    # paragraph (check-pair's goes on about database locations).
    assert command.help is not None
    assert command.help.split("\n\n", 1)[0] in {
        help_text,
        *(gettext_for(lang, help_text) for lang in LANGUAGES),
    }


def test_help_lists_commands_as_click_would_with_them_imported() -> None:
    # The commands as munintl hands them out: their help in the run's language.
    context = click.Context(main)
    eager = click.Group(
        name=main.name,
        help=speak(main).help,
        params=main.params,
        context_settings=main.context_settings,
        commands={name: main.get_command(context, name) for name in COMMANDS},
    )
    for width in (60, 80, 120):
        lazy = CliRunner().invoke(main, ["--help"], terminal_width=width)
        expected = CliRunner().invoke(eager, ["--help"], terminal_width=width)
        assert lazy.exit_code == 0
        assert lazy.output == expected.output


def test_help_imports_no_command_and_not_the_model() -> None:
    code = (
        "import sys\n"
        "from munintl.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "prefixes = ('munintl', 'attr', 'pluggy')\n"
        "print(sorted(m for m in sys.modules if m.startswith(prefixes)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = result.stdout.strip().splitlines()[-1]
    assert (
        loaded
        == "['munintl', 'munintl._compat', 'munintl._version', 'munintl.cli', 'munintl.i18n']"
    )


@pytest.mark.parametrize("first", ["da", "de"])
def test_help_is_in_the_language_of_the_run_not_of_the_first_import(
    first: str,
) -> None:
    """A command's help follows --lang, whichever run imported it first.

    The help texts were translated when a command's module was imported,
    so one run in Danish left every later ``--help`` of the process (a
    test run, an application calling :func:`main`) Danish.
    """
    texts = (
        "Keep a municipality's international strategy as data: validate it,"
        " show it, and work with its plugins.",
        "Check the portfolio at PATH and list every problem.",
        "Treat warnings as errors (exit 1 if there are any).",
    )
    runner = CliRunner()
    for language in (first, "en", first):
        for args in (["--help"], ["validate", "--help"]):
            shown = runner.invoke(
                main, ["--lang", language, *args], terminal_width=1000
            )
            assert shown.exit_code == 0, shown.output
            wanted = [gettext_for(language, text) for text in texts]
            # The list of commands shortens a command's help; a command's
            # own help does not repeat the group's.
            wanted = wanted[:1] if args == ["--help"] else wanted[1:]
            for text in wanted:
                assert text in " ".join(shown.output.split()), (language, text)
    # A subcommand of a group, as munintl hands it out.
    set_language(first)
    context = click.Context(main)
    followup = main.get_command(context, "followup")
    assert isinstance(followup, click.Group)
    prepare = followup.commands["prepare"]
    source = prepare._munintl_help_sources["help"]
    assert prepare.help == gettext_for(first, source) != source
