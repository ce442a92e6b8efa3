"""Databases for the database store tests: SQLite files and real PostgreSQL.

PostgreSQL tests need a server: set ``MUNINTL_TEST_POSTGRESQL_URL`` to the
URL of a database whose user may create databases
(``postgresql://munintl:secret@127.0.0.1:5432/munintl_test``).  Each test
gets a fresh database of its own, dropped afterwards.  Without the variable,
or when the server cannot be reached, the PostgreSQL tests are skipped with
the reason -- except under CI (``CI=true``), where ``.ci/run`` starts a
server and an unreachable one is a failure.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

ENV = "MUNINTL_TEST_POSTGRESQL_URL"


def _admin_url() -> str:
    url = os.environ.get(ENV)
    if not url:
        reason = f"{ENV} is not set: no PostgreSQL server to test against"
        if os.environ.get("CI"):
            pytest.fail(reason + " (CI must start one: see .ci/run)")
        pytest.skip(reason)
    return url


@pytest.fixture(scope="session")
def postgresql_server() -> str:
    """The URL of the test server's database, once it has answered."""
    import sqlalchemy as sa

    url = _admin_url()
    engine = sa.create_engine(
        url.replace("postgresql://", "postgresql+psycopg://", 1),
        poolclass=sa.pool.NullPool,
        connect_args={"connect_timeout": 5},
    )
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except sa.exc.OperationalError as error:
        reason = f"no PostgreSQL server answers at {ENV}: {error.orig}"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    finally:
        engine.dispose()
    return url


def _admin(url: str, statement: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(
        url.replace("postgresql://", "postgresql+psycopg://", 1),
        poolclass=sa.pool.NullPool,
        isolation_level="AUTOCOMMIT",
    )
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(statement)
    finally:
        engine.dispose()


@pytest.fixture
def postgresql_database(postgresql_server: str) -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL schema of the test database.

    A schema of its own (through libpq's ``options``, which set the
    ``search_path``) looks to munintl exactly like an empty database, and
    is made and dropped much faster than a database.
    """
    name = f"munintl_test_{secrets.token_hex(6)}"
    _admin(postgresql_server, f'CREATE SCHEMA "{name}"')
    separator = "&" if "?" in postgresql_server else "?"
    try:
        yield f"{postgresql_server}{separator}options=-csearch_path%3D{name}"
    finally:
        _admin(postgresql_server, f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


@pytest.fixture
def sqlite_database(tmp_path: Path) -> str:
    """The URL of a SQLite file that does not exist yet."""
    return f"sqlite:///{tmp_path / 'portal.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest) -> str:
    """Each kind of database in turn: a fresh SQLite file, a fresh PostgreSQL database."""
    return str(request.getfixturevalue(f"{request.param}_database"))
