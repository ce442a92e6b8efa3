"""The first schema: portfolios, their history and the derived tables.

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_KEY = sa.String(200)
_ID = sa.String(200)
_CODE = sa.String(200)


def _portfolio() -> sa.Column[str]:
    return sa.Column(
        "portfolio",
        _KEY,
        sa.ForeignKey("portfolios.key", ondelete="CASCADE"),
        nullable=False,
    )


def _indexes(table: str, *columns: str | tuple[str, ...]) -> None:
    for column in columns:
        names = (column,) if isinstance(column, str) else column
        suffix = "active" if names == ("active_from", "active_to") else names[0]
        if names == ("period_from", "period_to"):
            suffix = "period"
        op.create_index(f"ix_{table}_{suffix}", table, list(names))


def upgrade() -> None:
    """Create every table of the first schema."""
    op.create_table(
        "portfolios",
        sa.Column("key", _KEY, primary_key=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("digest", sa.String(80), nullable=False),
        sa.Column("municipality", _ID, nullable=False),
        sa.Column("country", sa.String(100)),
        sa.Column("name", sa.Text),
        sa.Column("document", sa.JSON, nullable=False),
    )
    _indexes("portfolios", "municipality", "country")
    op.create_table(
        "revisions",
        sa.Column("key", _KEY, primary_key=True),
        sa.Column("revision", sa.Integer, primary_key=True),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("digest", sa.String(80), nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
    )
    op.create_table(
        "strategies",
        _portfolio(),
        sa.Column("pos", sa.Integer, nullable=False),
        sa.Column("id", _ID, nullable=False),
        sa.Column("status", _CODE),
        sa.Column("valid_from", sa.Date),
        sa.Column("valid_to", sa.Date),
        sa.Column("supersedes", _ID),
        sa.PrimaryKeyConstraint("portfolio", "pos"),
    )
    _indexes("strategies", "id")
    op.create_table(
        "themes",
        _portfolio(),
        sa.Column("pos", sa.Integer, nullable=False),
        sa.Column("strategy", _ID, nullable=False),
        sa.Column("id", _ID, nullable=False),
        sa.Column("parent", _ID),
        sa.Column("cross_cutting", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("portfolio", "pos"),
    )
    _indexes("themes", "id")
    op.create_table(
        "initiatives",
        _portfolio(),
        sa.Column("pos", sa.Integer, nullable=False),
        sa.Column("id", _ID, nullable=False),
        sa.Column("kind", _CODE, nullable=False),
        sa.Column("status", _CODE),
        sa.Column("active_from", sa.Date),
        sa.Column("active_to", sa.Date),
        sa.Column("parent", _ID),
        sa.Column("partnership", _ID),
        sa.PrimaryKeyConstraint("portfolio", "pos"),
    )
    _indexes("initiatives", "id", "kind", "status", ("active_from", "active_to"))
    op.create_table(
        "initiative_themes",
        _portfolio(),
        sa.Column("initiative", _ID, nullable=False),
        sa.Column("pos", sa.Integer, nullable=False),
        sa.Column("theme", _ID, nullable=False),
        sa.PrimaryKeyConstraint("portfolio", "initiative", "pos"),
    )
    _indexes("initiative_themes", "theme")
    op.create_table(
        "participations",
        _portfolio(),
        sa.Column("initiative", _ID, nullable=False),
        sa.Column("pos", sa.Integer, nullable=False),
        sa.Column("organisation", _ID),
        sa.Column("count", sa.Integer),
        sa.Column("role", _CODE),
        sa.Column("lead", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("portfolio", "initiative", "pos"),
    )
    _indexes("participations", "organisation")
    op.create_table(
        "funding",
        _portfolio(),
        sa.Column("initiative", _ID, nullable=False),
        sa.Column("pos", sa.Integer, nullable=False),
        sa.Column("funder", _ID),
        sa.Column("programme", _CODE),
        sa.Column("currency", sa.String(3)),
        sa.Column("amount", sa.Float),
        sa.Column("active_from", sa.Date),
        sa.Column("active_to", sa.Date),
        sa.PrimaryKeyConstraint("portfolio", "initiative", "pos"),
    )
    _indexes("funding", "programme", "currency", "funder")
    op.create_table(
        "organisations",
        _portfolio(),
        sa.Column("pos", sa.Integer, nullable=False),
        sa.Column("id", _ID, nullable=False),
        sa.Column("type", _CODE, nullable=False),
        sa.Column("country", sa.String(100)),
        sa.Column("name", sa.Text),
        sa.PrimaryKeyConstraint("portfolio", "pos"),
    )
    _indexes("organisations", "id", "country")
    op.create_table(
        "partnerships",
        _portfolio(),
        sa.Column("pos", sa.Integer, nullable=False),
        sa.Column("id", _ID, nullable=False),
        sa.Column("kind", _CODE, nullable=False),
        sa.Column("started", sa.Date),
        sa.Column("expires", sa.Date),
        sa.PrimaryKeyConstraint("portfolio", "pos"),
    )
    _indexes("partnerships", "id", "kind")
    op.create_table(
        "partnership_parties",
        _portfolio(),
        sa.Column("partnership", _ID, nullable=False),
        sa.Column("pos", sa.Integer, nullable=False),
        sa.Column("party", _ID, nullable=False),
        sa.Column("country", sa.String(100)),
        sa.PrimaryKeyConstraint("portfolio", "partnership", "pos"),
    )
    _indexes("partnership_parties", "party", "country")
    op.create_table(
        "partnership_events",
        _portfolio(),
        sa.Column("partnership", _ID, nullable=False),
        sa.Column("pos", sa.Integer, nullable=False),
        sa.Column("kind", _CODE, nullable=False),
        sa.Column("party", _ID),
        sa.Column("happened_from", sa.Date, nullable=False),
        sa.Column("happened_to", sa.Date, nullable=False),
        sa.PrimaryKeyConstraint("portfolio", "partnership", "pos"),
    )
    _indexes("partnership_events", "kind")
    op.create_table(
        "followups",
        _portfolio(),
        sa.Column("pos", sa.Integer, nullable=False),
        sa.Column("id", _ID, nullable=False),
        sa.Column("kind", _CODE, nullable=False),
        sa.Column("state", _CODE, nullable=False),
        sa.Column("addressee", _ID, nullable=False),
        sa.Column("strategy", _ID),
        sa.Column("period_from", sa.Date),
        sa.Column("period_to", sa.Date),
        sa.PrimaryKeyConstraint("portfolio", "pos"),
    )
    _indexes("followups", "addressee", ("period_from", "period_to"))


def downgrade() -> None:
    """Drop every table (for development: a newer munintl is never undone)."""
    for table in (
        "followups",
        "partnership_events",
        "partnership_parties",
        "partnerships",
        "organisations",
        "funding",
        "participations",
        "initiative_themes",
        "initiatives",
        "themes",
        "strategies",
        "revisions",
        "portfolios",
    ):
        op.drop_table(table)
