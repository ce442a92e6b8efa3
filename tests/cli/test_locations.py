"""``munintl validate`` and ``show`` take ``scheme://`` locations like every command."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from munintl.cli import main
from munintl.hooks.manager import MunintlPluginManager

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "skanderborg"

Run = Callable[..., Result]


@pytest.fixture
def run(plugin_manager: MunintlPluginManager) -> Run:
    """Run ``munintl`` with the built-in plugins only."""
    if "sqlite" not in plugin_manager.storage_backends():
        pytest.skip("the sqlite storage backend is not installed")
    runner = CliRunner()

    def invoke(*args: str | Path) -> Result:
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture
def database(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The example converted to ``sqlite:///<name>.db``, relative to the test's folder.

    The name differs per test: the SQL store shares one engine per URL in a
    process, and SQLAlchemy fixes a relative SQLite path when it makes one.
    """
    monkeypatch.chdir(tmp_path)
    name = f"{tmp_path.name}.db"
    result = run("convert", EXAMPLE, f"sqlite:///{name}")
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).is_file()
    return f"sqlite:///{name}"


def test_validate_takes_a_database_location(run: Run, database: str) -> None:
    result = run("validate", database)
    assert result.exit_code == 0, result.output
    assert f"{database}: valid" in result.stderr


def test_show_takes_a_database_location(run: Run, database: str) -> None:
    result = run("show", database)
    assert result.exit_code == 0, result.output
    # In English, the language the tests choose for munintl (MUNINTL_LANG).
    assert "Skanderborg Municipality" in result.stdout


@pytest.mark.parametrize("command", ["validate", "show"])
def test_a_missing_database_is_reported_and_not_created(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.chdir(tmp_path)
    location = f"sqlite:///{tmp_path.name}-missing.db"
    result = run(command, location)
    assert result.exit_code == 1
    assert location in result.stderr
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["validate", "show"])
def test_an_unknown_scheme_is_a_usage_error(run: Run, command: str) -> None:
    result = run(command, "foo://x")
    assert result.exit_code == 2
    assert "foo://" in result.stderr
