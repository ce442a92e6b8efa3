"""Alembic's entry point for munintl's database migrations.

munintl runs the migrations itself
(:func:`munintl.plugins.storage.sql.migrate.upgrade`) on a connection it
has opened and locked; there is no ``alembic.ini``.
"""

from __future__ import annotations

from alembic import context

from munintl.plugins.storage.sql.schema import VERSION_TABLE, metadata

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
