"""Database locations as people write them (issue 12, item 2).

``?portfolio=KEY`` is another way to write ``#KEY``; a folder is not a
database file; a new database may go in a new folder, as a file store's
file may.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from munintl.cli import main
from munintl.errors import hide_password
from munintl.plugins.storage.sql.errors import DatabaseLocationError
from munintl.plugins.storage.sql.store import DatabaseStore
from munintl.storage import open_store
from munintl.testing.samples import sample_portfolio


def _store(location: str) -> DatabaseStore:
    store = open_store(location)
    assert isinstance(store, DatabaseStore)
    return store


@pytest.mark.parametrize(
    ("query", "rest"),
    [
        ("?portfolio=aarhus", ""),
        ("?portfolio=aarhus#aarhus", ""),
        ("?lock_timeout=5&portfolio=aarhus", "?lock_timeout=5"),
        ("?portfolio=aarh%75s&lock_timeout=5", "?lock_timeout=5"),
        ("?portfolio=aarhus&portfolio=aarhus", ""),
    ],
)
def test_a_portfolio_parameter_is_the_key(
    sqlite_database: str, query: str, rest: str
) -> None:
    _store(f"{sqlite_database}#aarhus").save(sample_portfolio())
    _store(f"{sqlite_database}#odense").save(sample_portfolio())
    store = _store(sqlite_database + query)
    assert store.addressed() == "aarhus"
    assert store.target.display == f"{sqlite_database}{rest}#aarhus"
    assert store.load() == sample_portfolio()


def test_a_portfolio_parameter_reaches_postgresql_as_the_key(
    postgresql_database: str,
) -> None:
    _store(f"{postgresql_database}#aarhus").save(sample_portfolio())
    # libpq would refuse "portfolio" as a connection parameter
    assert _store(f"{postgresql_database}&portfolio=aarhus").load() == (
        sample_portfolio()
    )


@pytest.mark.parametrize(
    "query", ["?portfolio=aarhus#odense", "?portfolio=a&portfolio=b"]
)
def test_two_portfolios_named_at_once_are_refused(
    sqlite_database: str, query: str
) -> None:
    with pytest.raises(DatabaseLocationError, match="names more than one portfolio"):
        open_store(sqlite_database + query)


def test_a_folder_is_not_a_database_file(tmp_path: Path) -> None:
    folder = tmp_path / "portal.db"
    folder.mkdir()
    location = f"sqlite:///{folder}#aarhus"
    with pytest.raises(DatabaseLocationError, match="is a folder"):
        open_store(location).save(sample_portfolio())
    result = CliRunner().invoke(main, ["validate", location])
    assert result.exit_code == 1
    assert "is a folder; name a database file" in result.output
    assert list(folder.iterdir()) == []


def test_a_new_database_may_go_in_a_new_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "portal.db"
    assert _store(f"sqlite:///{path}#aarhus").save(sample_portfolio()) == "1"
    assert _store(f"sqlite:///{path}").keys() == ["aarhus"]


def test_settings_come_from_the_file_then_the_environment_then_the_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "munintl.toml").write_text(
        "[plugins.sqlite]\nlock_timeout = 7\n", encoding="utf-8"
    )
    assert _store("sqlite:///p.db").target.settings.lock_timeout == 7
    monkeypatch.setenv("MUNINTL_SQLITE_LOCK_TIMEOUT", "8")
    assert _store("sqlite:///p.db").target.settings.lock_timeout == 8
    assert _store("sqlite:///p.db?lock_timeout=9").target.settings.lock_timeout == 9
    monkeypatch.setenv("MUNINTL_SQLITE_LOCK_TIMEOUT", "soon")
    with pytest.raises(DatabaseLocationError, match="MUNINTL_SQLITE_LOCK_TIMEOUT"):
        open_store("sqlite:///p.db")
    monkeypatch.setenv("MUNINTL_SQLITE_LOCK_TIMEOUT", "inf")
    with pytest.raises(DatabaseLocationError, match="MUNINTL_SQLITE_LOCK_TIMEOUT"):
        open_store("sqlite:///p.db")
    monkeypatch.setenv("MUNINTL_POSTGRESQL_PASSWORD_ENV", "MY_DB_PASSWORD")
    monkeypatch.setenv("MY_DB_PASSWORD", "Zq9-from-the-environment")
    store = _store("postgresql://editor@127.0.0.1:1/strategies")
    assert store.target.settings.password_env == "MY_DB_PASSWORD"
    assert store.target.secret == "Zq9-from-the-environment"
    assert "Zq9" not in repr(store) + repr(store.target)
    assert list(tmp_path.iterdir()) == [tmp_path / "munintl.toml"]


def test_history_of_a_key_not_there_names_the_keys_there_are(database: str) -> None:
    _store(f"{database}#aarhus").save(sample_portfolio())
    result = CliRunner().invoke(main, ["history", f"{database}#odense"])
    assert result.exit_code == 1
    assert "no portfolio is stored under 'odense'; it holds aarhus" in result.output


def test_a_deleted_portfolio_is_said_deleted_with_its_last_revision(
    database: str,
) -> None:
    _store(f"{database}#aarhus").save(sample_portfolio())
    _store(f"{database}#odense").save(sample_portfolio())
    _store(database).delete("odense")
    for args in (
        ["validate", f"{database}#odense"],
        ["history", f"{database}#nope"],
        ["show", f"{database}#odense"],
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, result.output
        assert "it holds aarhus" in result.output
    said = CliRunner().invoke(main, ["validate", f"{database}#odense"]).output
    shown_at = hide_password(f"{database}#odense@1", whole=True)
    assert f"it was deleted; its last revision is {shown_at}" in said
    shown = CliRunner().invoke(main, ["validate", f"{database}#odense@1"])
    assert shown.exit_code == 0, shown.output
