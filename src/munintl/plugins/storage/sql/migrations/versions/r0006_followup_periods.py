"""Follow-ups that cover no fixed period.

Adds ``followups.fixed_period``: true for a follow-up of a period (its
first and last day in ``period_from`` and ``period_to``, NULL for an open
end), false for one that covers no fixed period -- an ad-hoc review of one
relationship, a review an audit office asked for -- whose ``period_from``
and ``period_to`` are then both NULL.  Without it, such a review and a
follow-up whose period is open at both ends would look alike.

Every row of an older database covers a period (a period was required), so
the column's default is true; the derived tables are refilled from the
documents after the upgrade all the same
(:func:`munintl.plugins.storage.sql.migrate.upgrade`).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``followups.fixed_period``."""
    op.add_column(
        "followups",
        sa.Column("fixed_period", sa.Boolean, nullable=False, server_default=sa.true()),
    )


def downgrade() -> None:
    """Drop it (for development)."""
    op.drop_column("followups", "fixed_period")
