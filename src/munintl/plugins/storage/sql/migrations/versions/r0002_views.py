"""Who saved each revision, titles, partnership spans and readable views.

Adds ``saved_by`` to ``portfolios`` and ``revisions``; a ``title`` (in the
municipality's own language) to the strategies, themes, initiatives,
partnerships and follow-ups; ``initiatives.dated``; the table
``partnership_spans`` (the days each partnership is active); and the views
that make the file readable in datasette, DB Browser or a spreadsheet:
``portfolio_list``, ``initiative_list``, ``partnership_list``,
``funding_list`` and ``one_sided_partnerships``.

The derived tables are refilled from the documents after every upgrade
(:func:`munintl.plugins.storage.sql.migrate.upgrade`), so the new columns
of an older database are filled in the same transaction.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_ID = sa.String(200)

#: The views, by name; ``{agg(expression, order)}`` is the dialect's string
#: aggregate of a correlated subquery's rows, in ``order``.
VIEWS: dict[str, str] = {
    "portfolio_list": """
SELECT p.key AS portfolio, p.municipality, p.name, p.country,
       p.revision, p.saved_at, p.saved_by,
       (SELECT count(*) FROM strategies x WHERE x.portfolio = p.key) AS strategies,
       (SELECT count(*) FROM initiatives x WHERE x.portfolio = p.key) AS initiatives,
       (SELECT count(*) FROM partnerships x WHERE x.portfolio = p.key) AS partnerships,
       (SELECT count(*) FROM followups x WHERE x.portfolio = p.key) AS followups
FROM portfolios p""",
    "initiative_list": """
SELECT i.portfolio, p.name AS municipality, p.country, i.id, i.title, i.kind,
       i.status, i.active_from, i.active_to, i.parent, i.partnership,
       {themes} AS themes,
       {partners} AS partners,
       {programmes} AS funding_programmes
FROM initiatives i JOIN portfolios p ON p.key = i.portfolio""",
    "partnership_list": """
SELECT s.portfolio, p.name AS municipality, p.country, s.id, s.title, s.kind,
       s.started, s.expires,
       {parties} AS partners,
       {countries} AS partner_countries,
       EXISTS (SELECT 1 FROM partnership_spans a
               WHERE a.portfolio = s.portfolio AND a.partnership = s.id
                 AND a.active_from <= CURRENT_DATE
                 AND (a.active_to IS NULL OR a.active_to >= CURRENT_DATE))
         AS active_today
FROM partnerships s JOIN portfolios p ON p.key = s.portfolio""",
    "funding_list": """
SELECT f.portfolio, p.name AS municipality, f.initiative, i.title AS initiative_title,
       f.funder, o.name AS funder_name, f.programme, f.currency, f.amount,
       f.active_from, f.active_to
FROM funding f
JOIN portfolios p ON p.key = f.portfolio
LEFT JOIN initiatives i ON i.portfolio = f.portfolio AND i.id = f.initiative
LEFT JOIN organisations o ON o.portfolio = f.portfolio AND o.id = f.funder""",
    "one_sided_partnerships": """
SELECT s.portfolio, p.municipality, s.id AS partnership, s.title,
       pp.party AS partner
FROM partnerships s
JOIN portfolios p ON p.key = s.portfolio
JOIN partnership_parties pp
  ON pp.portfolio = s.portfolio AND pp.partnership = s.id
 AND pp.party <> p.municipality
WHERE EXISTS (SELECT 1 FROM portfolios other WHERE other.municipality = pp.party)
  AND NOT EXISTS (
    SELECT 1 FROM partnership_parties back
    JOIN portfolios bp ON bp.key = back.portfolio
    WHERE bp.municipality = pp.party AND back.party = p.municipality)""",
}


def _aggregates(dialect: str) -> dict[str, str]:
    def agg(expression: str, source: str, order: str) -> str:
        if dialect == "postgresql":
            return f"(SELECT string_agg({expression}, ', ' ORDER BY {order}) {source})"
        # SQLite's group_concat follows the order of an ordered subquery.
        return (
            "(SELECT group_concat(v, ', ') FROM"  # noqa: S608 - munintl's own SQL
            f" (SELECT {expression} AS v {source} ORDER BY {order}))"
        )

    return {
        "themes": agg(
            "t.theme",
            "FROM initiative_themes t"
            " WHERE t.portfolio = i.portfolio AND t.initiative = i.id",
            "t.pos",
        ),
        "partners": agg(
            "coalesce(o.name, x.organisation)",
            "FROM participations x LEFT JOIN organisations o"
            " ON o.portfolio = x.portfolio AND o.id = x.organisation"
            " WHERE x.portfolio = i.portfolio AND x.initiative = i.id"
            " AND x.organisation IS NOT NULL",
            "x.pos",
        ),
        "programmes": agg(
            "f.programme",
            "FROM funding f WHERE f.portfolio = i.portfolio"
            " AND f.initiative = i.id AND f.programme IS NOT NULL",
            "f.pos",
        ),
        "parties": agg(
            "coalesce(o.name, x.party)",
            "FROM partnership_parties x LEFT JOIN organisations o"
            " ON o.portfolio = x.portfolio AND o.id = x.party"
            " WHERE x.portfolio = s.portfolio AND x.partnership = s.id"
            " AND x.party <> p.municipality",
            "x.pos",
        ),
        "countries": agg(
            "x.country",
            "FROM partnership_parties x"
            " WHERE x.portfolio = s.portfolio AND x.partnership = s.id"
            " AND x.party <> p.municipality AND x.country IS NOT NULL",
            "x.pos",
        ),
    }


def upgrade() -> None:
    """Add the columns, the spans table and the views."""
    op.add_column("portfolios", sa.Column("saved_by", sa.String(200)))
    op.add_column("revisions", sa.Column("saved_by", sa.String(200)))
    for table in ("strategies", "themes", "initiatives", "partnerships", "followups"):
        op.add_column(table, sa.Column("title", sa.Text))
    op.add_column(
        "initiatives",
        sa.Column("dated", sa.Boolean, nullable=False, server_default=sa.true()),
    )
    op.create_table(
        "partnership_spans",
        sa.Column(
            "portfolio",
            sa.String(200),
            sa.ForeignKey("portfolios.key", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("partnership", _ID, nullable=False),
        sa.Column("pos", sa.Integer, nullable=False),
        sa.Column("active_from", sa.Date, nullable=False),
        sa.Column("active_to", sa.Date),
        sa.PrimaryKeyConstraint("portfolio", "partnership", "pos"),
    )
    op.create_index(
        "ix_partnership_spans_active",
        "partnership_spans",
        ["active_from", "active_to"],
    )
    aggregates = _aggregates(op.get_bind().dialect.name)
    for name, query in VIEWS.items():
        op.execute(f"CREATE VIEW {name} AS {query.format(**aggregates)}")


def downgrade() -> None:
    """Drop what :func:`upgrade` added (for development)."""
    for name in reversed(VIEWS):
        op.execute(f"DROP VIEW {name}")
    op.drop_table("partnership_spans")
    op.drop_column("initiatives", "dated")
    for table in ("strategies", "themes", "initiatives", "partnerships", "followups"):
        op.drop_column(table, "title")
    op.drop_column("revisions", "saved_by")
    op.drop_column("portfolios", "saved_by")
