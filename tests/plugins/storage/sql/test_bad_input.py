"""Bad database locations: one clear message each, exit 1, nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from munintl.cli import main
from munintl.errors import StorageError
from munintl.plugins.storage.sql import schema
from munintl.plugins.storage.sql.errors import (
    DatabaseConnectionError,
    DatabaseLocationError,
    DatabaseSchemaError,
    UnknownPortfolioError,
)
from munintl.plugins.storage.sql.store import DatabaseStore
from munintl.storage import open_store
from munintl.testing.samples import sample_portfolio


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _fails_with(result: Result, *parts: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    )
    for part in parts:
        assert part in result.output


def _engine(url: str) -> sa.Engine:
    return sa.create_engine(
        url.replace("postgresql://", "postgresql+psycopg://", 1),
        poolclass=sa.pool.NullPool,
    )


def _tables(url: str) -> set[str]:
    engine = _engine(url)
    try:
        with engine.connect() as connection:
            return set(sa.inspect(connection).get_table_names())
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("postgresql://editor@db.example.org:port/strategies", "not a database URL"),
        ("sqlite://", "name the database file"),
        ("sqlite:///portal.db#Aarhus Kommune", "is not a portfolio key"),
        ("sqlite+apsw:///portal.db", "take sqlite:// and postgresql:// locations"),
        ("postgresql://editor@localhost", "name the database"),
    ],
)
def test_malformed_location_is_refused(
    location: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DatabaseLocationError, match=message):
        open_store(location)
    _fails_with(_run("convert", str(_example()), location), message)
    assert list(tmp_path.iterdir()) == []


def _example() -> Path:
    return Path(__file__).resolve().parents[4] / "examples" / "skanderborg"


def test_unreachable_server_is_one_line() -> None:
    # Nothing listens on port 1 of this machine.
    location = "postgresql://editor:s3cret-pw@127.0.0.1:1/strategies#aarhus"
    with pytest.raises(DatabaseConnectionError, match="cannot connect"):
        open_store(location).exists()
    result = _run("validate", location)
    _fails_with(result, "cannot connect to the database", "Connection refused")
    assert "s3cret-pw" not in result.output
    assert "editor:***@127.0.0.1:1" in result.output


def test_wrong_password_is_refused_and_never_shown(postgresql_server: str) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(postgresql_server)
    wrong = url.set(password="not-the-password-42").render_as_string(
        hide_password=False
    )
    result = _run("convert", str(_example()), f"{wrong}#aarhus")
    _fails_with(result, "password authentication failed")
    assert "not-the-password-42" not in result.output
    assert str(url.password) not in result.output


def test_newer_schema_is_refused_and_left_alone(database: str) -> None:
    store = open_store(f"{database}#aarhus")
    assert isinstance(store, DatabaseStore)
    store.save(sample_portfolio())
    with store.engine.begin() as connection:
        connection.execute(
            sa.text(f"UPDATE {schema.VERSION_TABLE} SET version_num = '9001'")
        )
    store.engine.dispose()
    from munintl.plugins.storage.sql.engine import CURRENT

    CURRENT.clear()
    with pytest.raises(DatabaseSchemaError, match="revision 9001"):
        open_store(f"{database}#aarhus").load()
    _fails_with(_run("validate", f"{database}#aarhus"), "a newer munintl made it")
    _fails_with(
        _run("convert", str(_example()), f"{database}#other"), "upgrade munintl"
    )
    with store.engine.connect() as connection:
        keys = connection.execute(sa.select(schema.portfolios.c.key)).scalars().all()
    assert keys == ["aarhus"]


def test_database_of_another_program_is_refused_and_left_alone(
    database: str,
) -> None:
    url = database
    store = open_store(url)
    assert isinstance(store, DatabaseStore)
    with store.engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE invoices (number INTEGER)"))
    _fails_with(
        _run("convert", str(_example()), f"{url}#aarhus"),
        "not a munintl database",
        "invoices",
    )
    with pytest.raises(DatabaseSchemaError):
        open_store(url).keys()  # type: ignore[attr-defined]
    with store.engine.connect() as connection:
        assert set(sa.inspect(connection).get_table_names()) == {"invoices"}


def test_missing_key_is_named_with_the_keys_there_are(database: str) -> None:
    open_store(f"{database}#aarhus").save(sample_portfolio())
    with pytest.raises(UnknownPortfolioError, match="no portfolio is stored under"):
        open_store(f"{database}#odense").load()
    _fails_with(_run("validate", f"{database}#odense"), "no portfolio is stored")
    with pytest.raises(StorageError):
        open_store(database).delete("odense")  # type: ignore[attr-defined]
    assert open_store(database).keys() == ["aarhus"]  # type: ignore[attr-defined]


def test_missing_sqlite_file_is_not_created_by_reading(tmp_path: Path) -> None:
    location = f"sqlite:///{tmp_path / 'nothing.db'}#aarhus"
    _fails_with(_run("validate", location), "no portfolio is stored")
    assert not (tmp_path / "nothing.db").exists()


def test_missing_driver_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *args: None if name == "psycopg" else real(name, *args),
    )
    with pytest.raises(DatabaseConnectionError, match=r"munintl\[postgres\]"):
        open_store("postgresql://editor@127.0.0.1/no-driver-here#aarhus")
