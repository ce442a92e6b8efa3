"""A database is input: what another program or a damaged file leaves in it.

Each case is one clear message, exit 1, the file's bytes unchanged, and no
traceback; passwords in locations are never shown, however they are
written; settings out of range are refused before anything connects.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner, Result

from munintl.cli import main
from munintl.errors import MunintlError, StorageError, ValidationError
from munintl.plugins.storage.sql.errors import (
    DatabaseLocationError,
    DatabaseSchemaError,
)
from munintl.plugins.storage.sql.store import DatabaseStore
from munintl.storage import open_store
from munintl.testing.samples import sample_portfolio


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _fails_with(result: Result, *parts: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit), result.exception
    for part in parts:
        assert part in result.output, result.output


def _saved(tmp_path: Path) -> Path:
    path = tmp_path / "portal.db"
    open_store(f"sqlite:///{path}#aarhus").save(sample_portfolio())
    return path


def _fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("UPDATE portfolios SET document = '{not json'", "not JSON munintl can read"),
        ("UPDATE portfolios SET document = ''", "not JSON munintl can read"),
        (
            "UPDATE portfolios SET document = printf('%.*c', 5000, '[')",
            "nested too deeply",
        ),
        ("UPDATE portfolios SET document = '[1, 2]'", "expected a mapping"),
        ("UPDATE portfolios SET document = x'ff00fe'", "a value munintl cannot read"),
        ("UPDATE portfolios SET saved_at = 'garbage'", "a value munintl cannot read"),
        ("UPDATE portfolios SET revision = 'abc'", "a value munintl cannot read"),
    ],
)
def test_a_tampered_row_is_one_message_and_changes_nothing(
    tmp_path: Path, change: str, message: str
) -> None:
    path = _saved(tmp_path)
    with sqlite3.connect(path) as connection:
        connection.execute(change)
    connection.close()
    before = _fingerprint(path)
    location = f"sqlite:///{path}#aarhus"
    with pytest.raises((StorageError, ValidationError), match=message):
        _load_and_save(location)
    for args in (
        ("validate", location),
        ("history", location),
        ("convert", location, str(tmp_path / "out.json")),
    ):
        result = _run(*args)
        if result.exit_code != 0:  # a command that reads no bad value passes
            _fails_with(result)
    _fails_with(
        _run("validate", location)
        if "document" in change
        else _run("convert", "--force", str(_example()), location),
        message,
    )
    assert _fingerprint(path) == before


def _load_and_save(location: str) -> None:
    store = open_store(location)
    store.load()
    store.save(sample_portfolio(), expected_revision="1")


def test_an_earlier_revision_that_is_not_json_is_a_finding(tmp_path: Path) -> None:
    path = _saved(tmp_path)
    store = open_store(f"sqlite:///{path}#aarhus")
    assert isinstance(store, DatabaseStore)
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO revisions (key, revision, saved_at, replaced_at, deleted,"
            " digest, document) VALUES ('aarhus', 0, '2020-01-01 00:00:00',"
            " '2020-01-02 00:00:00', 0, 'x', '{bad')"
        )
    connection.close()
    with pytest.raises(ValidationError, match="not JSON") as raised:
        store.load_revision("0")
    assert raised.value.findings[0].file == f"sqlite:///{path}#aarhus@0"
    _fails_with(_run("history", f"sqlite:///{path}#aarhus"), "not JSON")


@pytest.mark.parametrize(
    "content",
    [b"", b"hello, not a database\n", os.urandom(3000), b"SQLite format 3\x00" * 4],
)
def test_a_file_that_is_not_a_database_is_refused_and_left_alone(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(content)
    before = _fingerprint(path)
    location = f"sqlite:///{path}#aarhus"
    if content:
        _fails_with(_run("validate", location), "not a SQLite database")
        _fails_with(_run("convert", str(_example()), location), "not a SQLite database")
        with pytest.raises(DatabaseSchemaError, match="not a SQLite database"):
            open_store(location).save(sample_portfolio())
        with pytest.raises(DatabaseSchemaError, match="not a SQLite database"):
            open_store(location).keys()  # type: ignore[attr-defined]
    else:  # an empty file is an empty database: reading finds nothing
        _fails_with(_run("validate", location), "no portfolio is stored")
    assert _fingerprint(path) == before


def test_the_views_and_triggers_of_a_file_are_not_trusted(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{_saved(tmp_path)}#aarhus")
    assert isinstance(store, DatabaseStore)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA trusted_schema").scalar() == 0


# -- keys and settings ------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    ["aarhus%0A", "a" * 101, "%C3%A5rhus", "..", "a%2Fb", "a%00b", "Aarhus"],
)
def test_a_key_that_is_not_an_id_is_refused_briefly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    monkeypatch.chdir(tmp_path)
    location = f"sqlite:///portal.db#{key}"
    with pytest.raises(DatabaseLocationError, match="is not a portfolio key"):
        open_store(location)
    result = _run("convert", str(_example()), location)
    _fails_with(result, "is not a portfolio key")
    assert len(result.output) < 400
    assert list(tmp_path.iterdir()) == []


def _example() -> Path:
    return Path(__file__).resolve().parents[4] / "examples" / "skanderborg"


@pytest.mark.parametrize(
    "query",
    [
        "lock_timeout=inf",
        "lock_timeout=nan",
        "lock_timeout=-1",
        "lock_timeout=1e300",
        "lock_timeout=86401",
    ],
)
def test_a_wait_out_of_range_is_refused_in_the_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    monkeypatch.chdir(tmp_path)
    location = f"sqlite:///portal.db?{query}#aarhus"
    with pytest.raises(DatabaseLocationError, match="number of seconds from 0 to"):
        open_store(location)
    _fails_with(_run("convert", str(_example()), location), "lock_timeout is a number")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value", ["inf", "nan", "1e300", "-0.5"])
def test_a_wait_out_of_range_is_refused_in_munintl_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "munintl.toml").write_text(
        f"[plugins.postgresql]\nlock_timeout = {value}\n", encoding="utf-8"
    )
    result = _run("convert", str(_example()), "postgresql://ed@127.0.0.1:1/db#k")
    _fails_with(result, "munintl.toml", "lock_timeout is a number of seconds")


def test_settings_of_a_database_come_from_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Not from a folder named like the URL ("sqlite:"), and a long key is
    # not a file name the system refuses.
    (tmp_path / "sqlite:").mkdir()
    (tmp_path / "sqlite:" / "munintl.toml").write_text(
        "[plugins.sqlite]\nlock_timeout = 5\n", encoding="utf-8"
    )
    (tmp_path / "munintl.toml").write_text(
        "[plugins.sqlite]\nlock_timeout = 'soon'\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    _fails_with(_run("validate", "sqlite:///portal.db#aarhus"), "lock_timeout")
    (tmp_path / "munintl.toml").unlink()
    result = _run("validate", "sqlite:///portal.db#" + "a" * 5000)
    _fails_with(result, "is not a portfolio key")
    assert "refused" not in result.output


# -- passwords --------------------------------------------------------------------


@pytest.mark.parametrize("password", ["p@Zq9", "Xv/Wq7", "Jk#Lm3", "50%zzoff"])
def test_a_password_not_written_with_percent_is_refused_unseen(
    password: str,
) -> None:
    location = f"postgresql://editor:{password}@127.0.0.1:1/strategies#aarhus"
    with pytest.raises(DatabaseLocationError, match="write them as %40") as raised:
        open_store(location)
    result = _run("validate", location)
    _fails_with(result, "the password in the URL holds")
    for piece in ("Zq9", "Wq7", "Lm3", "zzoff", "Xv", "Jk", "p@"):
        assert piece not in result.output
        assert piece not in str(raised.value)


@pytest.mark.parametrize("form", ["in the user part", "as a parameter"])
def test_no_command_shows_the_password(
    postgresql_database: str, tmp_path: Path, form: str
) -> None:
    made = sa.engine.make_url(postgresql_database)
    password = made.password
    assert password
    open_store(f"{postgresql_database}#aarhus").save(sample_portfolio())
    url = postgresql_database
    if form == "as a parameter":  # libpq's ?password=...
        bare = made.set(password=None).render_as_string(hide_password=False)
        url = f"{bare}&password={password}"
    for args in (
        ("validate", f"{url}#aarhus"),
        ("validate", "--json", f"{url}#aarhus"),
        ("validate", "--json", f"{url}#odense"),
        ("translate", "status", "--json", f"{url}#aarhus"),
        ("check-pair", "--json", url),
        ("portfolios", "--json", url),
        ("validate", url),
        ("validate", f"{url}#odense"),
        ("show", f"{url}#aarhus"),
        ("history", f"{url}#aarhus"),
        ("diff", f"{url}#aarhus@1", f"{url}#aarhus"),
        ("query", url, "initiatives"),
        ("convert", f"{url}#odense", str(tmp_path / "x.json")),
        ("convert", f"{url}#aarhus", f"{url}#aarhus"),
    ):
        result = _run(*args)
        assert password not in result.output, args
        assert "Traceback" not in result.output, args
    assert _run("validate", f"{url}#aarhus").exit_code == 0


@pytest.mark.parametrize("field", ["kind", "country", "partner", "municipality"])
def test_a_filter_holding_nul_matches_nothing_everywhere(
    database: str, tmp_path: Path, field: str
) -> None:
    from munintl.query import InitiativeQuery, PartnershipQuery, find

    open_store(f"{database}#aarhus").save(sample_portfolio())
    open_store(str(tmp_path / "aarhus.json")).save(sample_portfolio())
    for query in (
        InitiativeQuery(**{field: "a\x00b"}),
        PartnershipQuery(**{field: "\x00"}),
    ):
        assert find(database, query) == []
        assert find(str(tmp_path / "aarhus.json"), query) == []


@pytest.mark.parametrize(
    "location",
    [
        "postgresql:/editor:Zq9pw@127.0.0.1/strategies#aarhus",
        "postgresql//editor:Zq9pw@127.0.0.1/strategies#aarhus",
        "postgresql:editor:Zq9pw@127.0.0.1/strategies",
        " postgresql://editor:Zq9pw@127.0.0.1/strategies#aarhus",
        "Postgres+psycopg:/editor:Zq9pw@db/strategies",
        "sqlite:portal.db#aarhus",
    ],
)
def test_a_mistyped_database_url_is_refused_unseen_and_makes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, location: str
) -> None:
    # Read as a path it was made a YAML folder named with the password.
    monkeypatch.chdir(tmp_path)
    with pytest.raises(MunintlError, match="looks like a database URL") as raised:
        open_store(location)
    assert "Zq9" not in str(raised.value)
    for args in (
        ("convert", str(_example()), location),
        ("validate", location),
        ("history", location),
        ("query", location, "initiatives"),
    ):
        result = _run(*args)
        _fails_with(result, "looks like a database URL", "://")
        assert "Zq9" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_an_upgrade_stops_at_a_document_it_cannot_read(tmp_path: Path) -> None:
    from alembic import command
    from alembic.config import Config

    from munintl.plugins.storage.sql.engine import CURRENT
    from munintl.plugins.storage.sql.migrate import MIGRATIONS

    path = tmp_path / "portal.db"
    store = open_store(f"sqlite:///{path}#aarhus")
    assert isinstance(store, DatabaseStore)
    store.save(sample_portfolio())
    open_store(f"sqlite:///{path}#odense").save(sample_portfolio())
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")  # saved by an older munintl
        connection.exec_driver_sql(
            "UPDATE portfolios SET document = '{bad' WHERE key = 'odense'"
        )
    store.engine.dispose()
    CURRENT.clear()
    before = _fingerprint(path)
    with pytest.raises(ValidationError, match="not JSON") as raised:
        open_store(f"sqlite:///{path}#aarhus").load()
    assert raised.value.findings[0].file == f"sqlite:///{path}#odense"
    _fails_with(_run("validate", f"sqlite:///{path}#aarhus"), "#odense", "not JSON")
    assert _fingerprint(path) == before  # still the older schema, untouched


@pytest.mark.parametrize(
    "location",
    [
        "postgresql://ed:pw@127.0.0.1:1/" + "x" * 50_000 + "#aarhus",
        "postgresql://ed:pw@" + "h" * 50_000 + ":1/db#aarhus",
        "postgresql://ed:pw@127.0.0.1:" + "9" * 50_000 + "/db",
        "sqlite:///portal.db?" + "x" * 50_000 + "=1#aarhus",
        "postgresql://ed:pw@127.0.0.1:1/db?lock_timeout=" + "1" * 50_000,
        "postgresql://ed:pw@a..b/db#aarhus",  # no host DNS can encode
    ],
)
def test_a_long_location_is_quoted_briefly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, location: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = _run("validate", location)
    _fails_with(result)
    assert len(result.output) < 1500


def test_munintls_tables_without_their_version_are_said_damaged(
    database: str,
) -> None:
    store = open_store(f"{database}#aarhus")
    assert isinstance(store, DatabaseStore)
    store.save(sample_portfolio())
    with store.engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE munintl_schema_version")
    store.engine.dispose()
    from munintl.plugins.storage.sql.engine import CURRENT

    CURRENT.clear()
    with pytest.raises(DatabaseSchemaError, match="holds munintl's tables but not"):
        open_store(f"{database}#aarhus").load()
    _fails_with(_run("validate", f"{database}#aarhus"), "it is damaged")


def test_a_missing_table_of_munintls_is_said_so(database: str) -> None:
    store = open_store(f"{database}#aarhus")
    assert isinstance(store, DatabaseStore)
    store.save(sample_portfolio())
    with store.engine.begin() as connection:
        cascade = " CASCADE" if database.startswith("postgresql") else ""
        connection.exec_driver_sql(f"DROP TABLE initiative_themes{cascade}")
    from munintl.query import InitiativeQuery, find

    with pytest.raises(DatabaseSchemaError, match="a table or column munintl made"):
        find(database, InitiativeQuery(theme="x"))
    _fails_with(_run("query", database, "initiatives", "--theme", "x"), "is missing")
