"""Matching keys: partnerships recorded by one side only, matched as check-pair does.

Adds the table ``match_keys``: the keys (:mod:`munintl.model.matching`)
of each portfolio's own municipality and of each organisation its
partnerships name as a party -- shared identifiers (Wikidata QID,
ISO 3166-2, NUTS, LAU, national codes), the id and the folded names --
with indexes, so "partnerships recorded by one side only" finds the other
municipality in SQL the way ``munintl check-pair`` does in Python, not by
id alone.  The view ``one_sided_partnerships`` is made again on them and
gains ``other_portfolio``.

The derived tables are refilled from the documents after the upgrade
(:func:`munintl.plugins.storage.sql.migrate.upgrade`), which fills the new
table of an older database in the same transaction.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from munintl.plugins.storage.sql.migrations.versions.r0002_views import VIEWS

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

#: Which organisation of which portfolio is which other portfolio's
#: municipality: a key in common, and no shared scheme with another code.
REPRESENTS = """
SELECT DISTINCT ok.portfolio AS holder, ok.owner AS organisation,
       mk.portfolio AS other
FROM match_keys ok
JOIN match_keys mk
  ON mk.value = ok.value AND mk.scheme = ok.scheme AND mk.code = ok.code
 AND mk.own = {true} AND mk.portfolio <> ok.portfolio
WHERE ok.own = {false}
  AND NOT EXISTS (
    SELECT 1 FROM match_keys oc JOIN match_keys mc
      ON mc.scheme = oc.scheme AND mc.value <> oc.value
    WHERE oc.portfolio = ok.portfolio AND oc.owner = ok.owner
      AND oc.own = {false} AND oc.code = {true}
      AND mc.portfolio = mk.portfolio AND mc.own = {true} AND mc.code = {true})"""

ONE_SIDED = """
WITH represents AS ({represents})
SELECT DISTINCT s.portfolio, p.municipality, s.id AS partnership, s.title,
       pp.party AS partner, r.other AS other_portfolio
FROM partnerships s
JOIN portfolios p ON p.key = s.portfolio
JOIN partnership_parties pp
  ON pp.portfolio = s.portfolio AND pp.partnership = s.id
JOIN represents r ON r.holder = pp.portfolio AND r.organisation = pp.party
WHERE NOT EXISTS (
  SELECT 1 FROM partnership_parties back
  JOIN represents r2 ON r2.holder = back.portfolio AND r2.organisation = back.party
  WHERE back.portfolio = r.other AND r2.other = s.portfolio)"""


def _booleans(dialect: str) -> dict[str, str]:
    if dialect == "postgresql":
        return {"true": "true", "false": "false"}
    return {"true": "1", "false": "0"}


def upgrade() -> None:
    """Create the table, its indexes and the view on it."""
    op.create_table(
        "match_keys",
        sa.Column(
            "portfolio",
            sa.String(200),
            sa.ForeignKey("portfolios.key", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("pos", sa.Integer, nullable=False),
        sa.Column("own", sa.Boolean, nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("code", sa.Boolean, nullable=False),
        sa.Column("scheme", sa.String(300), nullable=False),
        sa.Column("value", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("portfolio", "pos"),
    )
    op.create_index("ix_match_keys_value", "match_keys", ["value", "scheme"])
    op.create_index("ix_match_keys_owner", "match_keys", ["portfolio", "owner"])
    booleans = _booleans(op.get_bind().dialect.name)
    represents = REPRESENTS.format(**booleans)
    op.execute("DROP VIEW one_sided_partnerships")
    op.execute(
        "CREATE VIEW one_sided_partnerships AS"
        f" {ONE_SIDED.format(represents=represents)}"
    )


def downgrade() -> None:
    """Drop them and make the old view again (for development)."""
    op.execute("DROP VIEW one_sided_partnerships")
    op.execute(
        f"CREATE VIEW one_sided_partnerships AS {VIEWS['one_sided_partnerships']}"
    )
    op.drop_index("ix_match_keys_owner", table_name="match_keys")
    op.drop_index("ix_match_keys_value", table_name="match_keys")
    op.drop_table("match_keys")
