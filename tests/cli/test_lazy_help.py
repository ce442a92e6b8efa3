"""``munintl --help`` lists every command without importing any of them."""

from __future__ import annotations

import importlib
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from munintl.cli import COMMANDS, main
from munintl.i18n import LANGUAGES, gettext_for


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
    eager = click.Group(
        name=main.name,
        help=main.help,
        params=main.params,
        context_settings=main.context_settings,
        commands={
            name: getattr(importlib.import_module(module), function)
            for name, (module, function, _help) in COMMANDS.items()
        },
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
