"""The years a recurring initiative is active in.

Adds ``recurs_every``, ``first_occurrence`` and ``last_occurrence`` to
``initiatives``: a recurring initiative is active in year Y when Y is
``first_occurrence`` plus a multiple of ``recurs_every``, up to
``last_occurrence``, so "active in 2011" honours an exchange held every
second year.  ``dated`` now says whether the period has an end given.

The derived tables are refilled from the documents after the upgrade
(:func:`munintl.plugins.storage.sql.migrate.upgrade`), which fills the new
columns of an older database in the same transaction.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_COLUMNS = ("recurs_every", "first_occurrence", "last_occurrence")


def upgrade() -> None:
    """Add the recurrence columns."""
    for name in _COLUMNS:
        op.add_column("initiatives", sa.Column(name, sa.Integer))


def downgrade() -> None:
    """Drop them (for development)."""
    for name in reversed(_COLUMNS):
        op.drop_column("initiatives", name)
