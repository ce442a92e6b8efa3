"""Shell completion: commands, report kinds and formats, follow-up and body ids.

Completion runs as the shell runs it: ``_MUNINTL_COMPLETE=bash_complete``
with ``COMP_WORDS`` and ``COMP_CWORD`` in the environment, through click's
``CliRunner``; each suggestion comes back as a ``type,value`` line.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import munintl
from munintl.cli import main
from munintl.errors import Finding
from munintl.hooks import ReportKind, StorageBackend, hookimpl
from munintl.hooks.manager import MunintlPluginManager
from munintl.model import Portfolio

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "skanderborg"
BODIES = [
    "byraadet",
    "de-politiske-udvalg",
    "fagsekretariater-og-stabe",
    "international-projektgruppe",
    "okonomiudvalget",
]


def complete(line: str, shell: str = "bash") -> Result:
    """Complete the last word of ``line`` (a trailing space: a new, empty word)."""
    words = line.split(" ")
    return CliRunner().invoke(
        main,
        [],
        prog_name="munintl",
        env={
            "_MUNINTL_COMPLETE": f"{shell}_complete",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
        },
    )


def suggestions(line: str) -> list[str]:
    """The values suggested for ``line``; nothing may go wrong on the way."""
    result = complete(line)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return [entry.split(",", 1)[1] for entry in result.stdout.splitlines() if entry]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_activation_script_for_each_shell(shell: str) -> None:
    result = CliRunner().invoke(
        main, [], prog_name="munintl", env={"_MUNINTL_COMPLETE": f"{shell}_source"}
    )
    assert result.exit_code == 0
    assert "_MUNINTL_COMPLETE" in result.stdout
    assert f"{shell}_complete" in result.stdout


def test_commands_complete() -> None:
    assert suggestions("munintl re") == ["report"]
    assert suggestions("munintl va") == ["validate"]
    assert {"schema", "show"} <= set(suggestions("munintl s"))


def test_mistyped_command_completes_nothing_and_stays_quiet() -> None:
    assert suggestions("munintl validat x") == []


def test_report_kinds_complete(plugin_manager: MunintlPluginManager) -> None:
    assert suggestions("munintl report --kind ") == ["followup", "overview", "register"]
    assert suggestions(f"munintl report {EXAMPLE} -k o") == ["overview"]


def test_report_formats_complete_with_plugins(
    register_plugin: Callable[..., str], plugin_manager: MunintlPluginManager
) -> None:
    class Letters:
        @hookimpl
        def munintl_report_kinds(self) -> list[ReportKind]:
            def factory() -> Any:
                raise AssertionError("not built in these tests")

            return [ReportKind(name="letter", factory=factory)]

    register_plugin(Letters())
    expected = sorted(plugin_manager.report_formats())
    assert suggestions("munintl report --format ") == expected
    assert suggestions("munintl report -f d") == ["docx"]
    assert "letter" in suggestions("munintl report --kind ")


def test_languages_complete_from_the_portfolios_config(tmp_path: Path) -> None:
    target = tmp_path / "skanderborg"
    shutil.copytree(EXAMPLE, target)
    (target / "munintl.toml").write_text('languages = ["da", "sv"]\n', "utf-8")
    assert suggestions(f"munintl report {target} --lang ") == ["da", "sv"]
    assert suggestions(f"munintl show {target} --lang s") == ["sv"]
    # without a portfolio, the languages munintl itself speaks
    assert suggestions("munintl show --lang ") == sorted(
        ["da", "de", "en", "nb", "pl", "sv"]
    )


def test_followup_ids_complete_once_path_is_given() -> None:
    assert suggestions(f"munintl report {EXAMPLE} --followup ") == ["opfoelgning-2011"]
    assert suggestions(f"munintl report {EXAMPLE} --followup=o") == ["opfoelgning-2011"]
    assert suggestions(f"munintl report {EXAMPLE} --followup x") == []


def test_body_ids_complete_after_other_options() -> None:
    line = f"munintl report --kind followup {EXAMPLE} --year 2011 --body "
    assert suggestions(line) == BODIES
    assert suggestions(f"munintl report {EXAMPLE} --body o") == ["okonomiudvalget"]


def test_ids_complete_from_json_and_toml_files(tmp_path: Path) -> None:
    portfolio = munintl.load(EXAMPLE)
    for name in ("p.json", "p.toml"):
        munintl.save(portfolio, tmp_path / name)
        location = tmp_path / name
        assert suggestions(f"munintl report {location} --body ") == BODIES
        assert suggestions(f"munintl report {location} --followup ") == [
            "opfoelgning-2011"
        ]


def test_ids_need_a_path_first() -> None:
    assert suggestions("munintl report --followup ") == []
    assert suggestions("munintl report --body ") == []


@pytest.mark.parametrize(
    "location",
    [
        "/no/such/portfolio",
        "broken.json",
        "notes.txt",
        "nosuchdb://somewhere",
    ],
)
def test_bad_locations_complete_nothing_without_a_traceback(
    location: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.json").write_text('{"followups": [', encoding="utf-8")
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    assert suggestions(f"munintl report {location} --followup ") == []


def test_a_broken_yaml_portfolio_still_completes_its_ids(tmp_path: Path) -> None:
    target = tmp_path / "skanderborg"
    shutil.copytree(EXAMPLE, target)
    (target / "bodies" / "byraadet.yaml").write_text("name: [\n", encoding="utf-8")
    assert suggestions(f"munintl report {target} --body b") == ["byraadet"]


class MemoryStore:
    """A store that holds the example in memory, as a database plugin would."""

    capabilities: frozenset[str] = frozenset()

    def __init__(self, location: str) -> None:
        self.location = location

    def load(self) -> Portfolio:
        return munintl.load(EXAMPLE)

    def save(
        self, portfolio: Portfolio, *, expected_revision: str | None = None
    ) -> str | None:
        raise AssertionError("completion never saves")

    def revision(self) -> str | None:
        return "1"

    def exists(self) -> bool:
        return True

    def locate(self, finding: Finding) -> Finding:
        return finding


class Memory:
    @hookimpl
    def munintl_storage_backends(self) -> list[StorageBackend]:
        return [
            StorageBackend(
                name="memory",
                factory=lambda location, settings: MemoryStore(location),
                schemes=("memory",),
            )
        ]


def test_ids_of_a_plugin_store_complete_through_the_plugin(
    register_plugin: Callable[..., str], plugin_manager: MunintlPluginManager
) -> None:
    register_plugin(Memory())
    assert suggestions("munintl report memory://example --followup ") == [
        "opfoelgning-2011"
    ]


def test_a_failing_plugin_store_completes_nothing(
    register_plugin: Callable[..., str],
    plugin_manager: MunintlPluginManager,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    register_plugin(Memory())

    def fail(self: MemoryStore) -> Portfolio:
        raise RuntimeError("the database is down")

    monkeypatch.setattr(MemoryStore, "load", fail)
    assert suggestions("munintl report memory://example --body ") == []


def test_a_plugin_manager_that_cannot_be_built_completes_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from munintl.errors import PluginConflictError
    from munintl.hooks import manager

    def broken() -> MunintlPluginManager:
        raise PluginConflictError("two plugins register the format 'html'")

    monkeypatch.setattr(manager, "get_plugin_manager", broken)
    assert suggestions("munintl report --format ") == []
    assert suggestions("munintl report --kind ") == []


def test_completing_a_command_name_imports_no_command() -> None:
    code = (
        "import os, sys\n"
        "os.environ.update(_MUNINTL_COMPLETE='zsh_complete',"
        " COMP_WORDS='munintl ', COMP_CWORD='1')\n"
        "from munintl.cli import main\n"
        "try:\n"
        "    main(prog_name='munintl')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('munintl.cli.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    *completions, imported = result.stdout.strip().splitlines()
    assert imported == "[]"
    assert "report" in completions
    assert "Check the portfolio at PATH and list every..." in completions
