"""Check a database's schema version, and bring an older one up to date.

A database is munintl's when it holds the version table
(:data:`~munintl.plugins.storage.sql.schema.VERSION_TABLE`); an empty
database is made munintl's by the first save.  Anything else is refused,
and so is a schema revision this munintl does not know (a newer munintl
wrote it): nothing is changed in either case.

An older schema is upgraded in place by the Alembic migrations in
``migrations/versions``, run in one transaction that holds the database's
write lock (SQLite) or an advisory lock (PostgreSQL), so two programs
opening the same old database upgrade it once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from munintl.i18n import _, clipped
from munintl.plugins.storage.sql.errors import DatabaseSchemaError
from munintl.plugins.storage.sql.schema import SCHEMA_REVISIONS, VERSION_TABLE

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from munintl.plugins.storage.sql.location import Target

MIGRATIONS = Path(__file__).parent / "migrations"
HEAD = SCHEMA_REVISIONS[-1]

# Any number will do, as long as it is munintl's own: it names the lock
# PostgreSQL holds while it upgrades a schema.
_ADVISORY_LOCK = 0x6D756E696E746C


def schema_revision(connection: Connection, target: Target) -> str | None:
    """Return the database's schema revision; None for an empty database.

    Raises :class:`~munintl.plugins.storage.sql.errors.DatabaseSchemaError`
    for a database that is not munintl's or is newer than this munintl.
    """
    import sqlalchemy as sa

    tables = set(sa.inspect(connection).get_table_names())
    if VERSION_TABLE not in tables:
        if not tables:
            return None
        if {"portfolios", "revisions"} <= tables:
            # munintl's own tables, their version gone: not another program's.
            raise DatabaseSchemaError(
                _(
                    "{location}: the database holds munintl's tables but not"
                    " {table}, which says their schema's revision: it is"
                    " damaged; restore it from a backup; nothing was changed"
                ).format(location=target.database, table=VERSION_TABLE)
            )
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise DatabaseSchemaError(
            _(
                "{location}: not a munintl database (it holds other tables: {tables});"
                " give munintl an empty database of its own; nothing was changed"
            ).format(location=target.database, tables=shown)
        )
    version = sa.table(VERSION_TABLE, sa.column("version_num", sa.String))
    found = connection.execute(sa.select(version.c.version_num)).scalars().all()
    if len(found) != 1:
        # Not a newer munintl's: Alembic keeps exactly one row.
        raise DatabaseSchemaError(
            _(
                "{location}: {table} holds {count} schema revisions, not one:"
                " the database is damaged; restore it from a backup; nothing"
                " was changed"
            ).format(location=target.database, table=VERSION_TABLE, count=len(found))
        )
    if found[0] not in SCHEMA_REVISIONS:
        raise DatabaseSchemaError(
            _(
                "{location}: the database's schema is revision {found}, which this"
                " munintl does not know (it knows up to {head}): a newer munintl"
                " made it; upgrade munintl to use it; nothing was changed"
            ).format(
                location=target.database,
                found=clipped(str(found[0])),
                head=HEAD,
            )
        )
    return str(found[0])


def upgrade(connection: Connection, target: Target) -> None:
    """Bring the schema to :data:`HEAD` inside the caller's write transaction."""
    if target.dialect == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_ADVISORY_LOCK})")
    found = schema_revision(connection, target)
    if found == HEAD:
        return  # another program upgraded it while this one waited
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, HEAD)
    if found is not None:
        refill(connection, target)


def refill(connection: Connection, target: Target) -> None:
    """Fill every portfolio's derived rows again from its document.

    The derived tables are a copy of what the documents hold, so a
    migration only changes their shape; this fills them for the new shape,
    inside the upgrade's transaction.  A document that cannot be read
    stops the upgrade (:class:`~munintl.errors.ValidationError`, naming
    the portfolio), and the transaction leaves the database as it was.
    """
    import sqlalchemy as sa

    from munintl.plugins.storage.sql import schema
    from munintl.plugins.storage.sql.derive import (
        delete_derived,
        derived_rows,
        insert_derived,
    )
    from munintl.plugins.storage.sql.document import read_document

    table = schema.portfolios
    documents = connection.execute(
        sa.select(table.c.key, sa.cast(table.c.document, sa.Text))
    ).all()
    dialect = connection.dialect.name
    delete_derived(connection, dialect, None)
    for key, text in documents:
        rows = derived_rows(
            key,
            read_document(text, target.at(key)),
            dates_as_text=dialect == "sqlite",
        )
        insert_derived(connection, dialect, rows)
