"""``munintl --help`` lists every command without importing any of them."""

from __future__ import annotations

import importlib
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from munintl.cli import COMMANDS, main


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_listed_help_is_the_commands_own(name: str) -> None:
    module, function, help_text = COMMANDS[name]
    command = getattr(importlib.import_module(module), function)
    assert isinstance(command, click.Command)
    assert help_text == command.help
    for limit in (30, 45, 80, 300):
        assert click.Command(name, help=help_text).get_short_help_str(limit) == (
            command.get_short_help_str(limit)
        )


def test_help_lists_every_command() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    listed = result.output.split("Commands:")[1].split()
    assert set(COMMANDS) <= set(listed)


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
    assert loaded == "['munintl', 'munintl._version', 'munintl.cli', 'munintl.i18n']"
