"""Indexes on (portfolio, id) for the tables other tables join to.

Ids are unique within a portfolio, not across the database: in a portal of
many municipalities the same initiative id can occur in every portfolio,
and a join by id alone then reads every portfolio's row (the ESF query of
``bench/bench_db.py`` took 3.4 s on 100 portfolios in PostgreSQL).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_TABLES = ("initiatives", "organisations", "partnerships")


def upgrade() -> None:
    """Create the (portfolio, id) indexes."""
    for table in _TABLES:
        op.create_index(f"ix_{table}_portfolio_id", table, ["portfolio", "id"])


def downgrade() -> None:
    """Drop them (for development)."""
    for table in _TABLES:
        op.drop_index(f"ix_{table}_portfolio_id", table_name=table)
