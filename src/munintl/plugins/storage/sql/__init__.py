"""The built-in database stores: SQLite (embedded) and PostgreSQL (shared).

Both keep many portfolios in one database, each under a key (by default
its municipality's id), with every saved revision kept in a history table
and the entities users filter on copied into indexed tables.  A location
is the database's URL, with the portfolio's key as the fragment::

    sqlite:///portal.db#aarhus              (a file beside the current directory)
    sqlite:////srv/munintl/portal.db#aarhus (an absolute path: four slashes)
    postgresql://editor@db.example.org/strategies#aarhus

Without a key, a location names the database's only portfolio.  This
module only registers the two backends: SQLAlchemy, the drivers and the
store are imported when a store is opened, not when plugins are listed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from munintl.hooks import hookimpl
from munintl.hooks.records import StorageBackend
from munintl.i18n import N_
from munintl.plugins.storage.sql.settings import PostgresqlSettings, SqliteSettings

if TYPE_CHECKING:
    from munintl.plugins.storage.sql.store import DatabaseStore


def open_sqlite(location: str, settings: SqliteSettings | None = None) -> DatabaseStore:
    """Open the SQLite store at ``location`` (the backend's factory)."""
    from munintl.plugins.storage.sql.store import DatabaseStore

    return DatabaseStore(location, settings or SqliteSettings())


def open_postgresql(
    location: str, settings: PostgresqlSettings | None = None
) -> DatabaseStore:
    """Open the PostgreSQL store at ``location`` (the backend's factory)."""
    from munintl.plugins.storage.sql.store import DatabaseStore

    return DatabaseStore(location, settings or PostgresqlSettings())


@hookimpl
def munintl_storage_backends() -> list[StorageBackend]:
    """Register the SQLite and PostgreSQL stores for their URL schemes."""
    return [
        StorageBackend(
            name="sqlite",
            schemes=("sqlite",),
            factory=open_sqlite,
            settings=SqliteSettings,
            description=N_("many portfolios in one SQLite file, with history"),
        ),
        StorageBackend(
            name="postgresql",
            schemes=("postgresql", "postgres"),
            factory=open_postgresql,
            settings=PostgresqlSettings,
            description=N_(
                "many portfolios in a shared PostgreSQL database, with history"
            ),
        ),
    ]
