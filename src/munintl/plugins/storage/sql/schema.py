"""The tables of a munintl database, shared by SQLite and PostgreSQL.

Two tables hold the data of record:

* ``portfolios`` -- one row per portfolio: its key, its current revision,
  when that was saved, a digest, and the whole portfolio as its wire-shape
  JSON document (the same shape the JSON store writes), so nothing is lost;
* ``revisions`` -- every earlier revision of every portfolio, kept when a
  save or a delete replaces it.

The other tables are *derived*: a save fills them from the portfolio, in
the same transaction, so that what users filter on -- municipality,
strategy, theme, initiative kind, status and period, partnership kind,
parties and their countries, organisations, funding programme and
currency, follow-up period and body -- can be found with SQL and indexes.
They are never read back into a portfolio.  Dates of a partial date or a
period are kept as the first and last day they may mean (``2011`` covers
2011-01-01 to 2011-12-31; an open end is NULL), the rule
:meth:`munintl.model.Period.overlaps` uses.

The document is PostgreSQL ``json``, not ``jsonb``: ``jsonb`` reorders the
keys of an object, and the order of a text's languages is part of the
data (:attr:`munintl.model.LocalizedText.languages`).

The schema's version is kept by Alembic in :data:`VERSION_TABLE`; every
change to these tables comes with a migration in ``migrations/versions``
and a new :data:`SCHEMA_REVISIONS` entry.
"""

from __future__ import annotations

import sqlalchemy as sa

#: The table Alembic keeps the schema's revision in.  Its presence is what
#: marks a database as munintl's.
VERSION_TABLE = "munintl_schema_version"

#: Every schema revision this munintl knows, oldest first; the last is
#: what a database is upgraded to.
SCHEMA_REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
)

metadata = sa.MetaData()

_KEY = sa.String(200)
_ID = sa.String(200)
_CODE = sa.String(200)


def _portfolio_column() -> sa.Column[str]:
    return sa.Column(
        "portfolio",
        _KEY,
        sa.ForeignKey("portfolios.key", ondelete="CASCADE"),
        nullable=False,
    )


def _timestamp(name: str) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


portfolios = sa.Table(
    "portfolios",
    metadata,
    sa.Column("key", _KEY, primary_key=True),
    sa.Column("revision", sa.Integer, nullable=False),
    _timestamp("saved_at"),
    sa.Column("digest", sa.String(80), nullable=False),
    sa.Column("saved_by", sa.String(200)),
    sa.Column("municipality", _ID, nullable=False),
    sa.Column("country", sa.String(100)),
    sa.Column("name", sa.Text),
    sa.Column("document", sa.JSON, nullable=False),
    sa.Index("ix_portfolios_municipality", "municipality"),
    sa.Index("ix_portfolios_country", "country"),
)

revisions = sa.Table(
    "revisions",
    metadata,
    sa.Column("key", _KEY, primary_key=True),
    sa.Column("revision", sa.Integer, primary_key=True),
    _timestamp("saved_at"),
    # When the revision stopped being current, and whether a delete did it.
    _timestamp("replaced_at"),
    sa.Column("deleted", sa.Boolean, nullable=False),
    sa.Column("digest", sa.String(80), nullable=False),
    sa.Column("document", sa.JSON, nullable=False),
    sa.Column("saved_by", sa.String(200)),
)

strategies = sa.Table(
    "strategies",
    metadata,
    _portfolio_column(),
    sa.Column("pos", sa.Integer, nullable=False),
    sa.Column("id", _ID, nullable=False),
    sa.Column("status", _CODE),
    sa.Column("valid_from", sa.Date),
    sa.Column("valid_to", sa.Date),
    sa.Column("supersedes", _ID),
    sa.Column("title", sa.Text),
    sa.PrimaryKeyConstraint("portfolio", "pos"),
    sa.Index("ix_strategies_id", "id"),
)

themes = sa.Table(
    "themes",
    metadata,
    _portfolio_column(),
    sa.Column("pos", sa.Integer, nullable=False),
    sa.Column("strategy", _ID, nullable=False),
    sa.Column("id", _ID, nullable=False),
    sa.Column("parent", _ID),
    sa.Column("cross_cutting", sa.Boolean, nullable=False),
    sa.Column("title", sa.Text),
    sa.PrimaryKeyConstraint("portfolio", "pos"),
    sa.Index("ix_themes_id", "id"),
)

initiatives = sa.Table(
    "initiatives",
    metadata,
    _portfolio_column(),
    sa.Column("pos", sa.Integer, nullable=False),
    sa.Column("id", _ID, nullable=False),
    sa.Column("kind", _CODE, nullable=False),
    sa.Column("status", _CODE),
    sa.Column("active_from", sa.Date),
    sa.Column("active_to", sa.Date),
    sa.Column("parent", _ID),
    sa.Column("partnership", _ID),
    sa.Column("title", sa.Text),
    # False for an initiative without a period: active in no period at all.
    sa.Column("dated", sa.Boolean, nullable=False, server_default=sa.true()),
    # A recurring initiative (``recurs_every`` not NULL) is active in year Y
    # when Y is first_occurrence + n * recurs_every, up to last_occurrence
    # (both NULL: no occurrence can be told).  Not recurring: by its period.
    sa.Column("recurs_every", sa.Integer),
    sa.Column("first_occurrence", sa.Integer),
    sa.Column("last_occurrence", sa.Integer),
    sa.PrimaryKeyConstraint("portfolio", "pos"),
    sa.Index("ix_initiatives_id", "id"),
    # Joins go by (portfolio, id): ids repeat across portfolios.
    sa.Index("ix_initiatives_portfolio_id", "portfolio", "id"),
    sa.Index("ix_initiatives_kind", "kind"),
    sa.Index("ix_initiatives_status", "status"),
    sa.Index("ix_initiatives_active", "active_from", "active_to"),
)

initiative_themes = sa.Table(
    "initiative_themes",
    metadata,
    _portfolio_column(),
    sa.Column("initiative", _ID, nullable=False),
    sa.Column("pos", sa.Integer, nullable=False),
    sa.Column("theme", _ID, nullable=False),
    sa.PrimaryKeyConstraint("portfolio", "initiative", "pos"),
    sa.Index("ix_initiative_themes_theme", "theme"),
)

participations = sa.Table(
    "participations",
    metadata,
    _portfolio_column(),
    sa.Column("initiative", _ID, nullable=False),
    sa.Column("pos", sa.Integer, nullable=False),
    sa.Column("organisation", _ID),
    sa.Column("count", sa.Integer),
    sa.Column("role", _CODE),
    sa.Column("lead", sa.Boolean, nullable=False),
    sa.PrimaryKeyConstraint("portfolio", "initiative", "pos"),
    sa.Index("ix_participations_organisation", "organisation"),
)

funding = sa.Table(
    "funding",
    metadata,
    _portfolio_column(),
    sa.Column("initiative", _ID, nullable=False),
    sa.Column("pos", sa.Integer, nullable=False),
    sa.Column("funder", _ID),
    sa.Column("programme", _CODE),
    sa.Column("currency", sa.String(3)),
    # The exact amount is in the document; this is for sorting and sums.
    sa.Column("amount", sa.Float),
    sa.Column("active_from", sa.Date),
    sa.Column("active_to", sa.Date),
    sa.PrimaryKeyConstraint("portfolio", "initiative", "pos"),
    sa.Index("ix_funding_programme", "programme"),
    sa.Index("ix_funding_currency", "currency"),
    sa.Index("ix_funding_funder", "funder"),
)

organisations = sa.Table(
    "organisations",
    metadata,
    _portfolio_column(),
    sa.Column("pos", sa.Integer, nullable=False),
    sa.Column("id", _ID, nullable=False),
    sa.Column("type", _CODE, nullable=False),
    sa.Column("country", sa.String(100)),
    sa.Column("name", sa.Text),
    sa.PrimaryKeyConstraint("portfolio", "pos"),
    sa.Index("ix_organisations_id", "id"),
    sa.Index("ix_organisations_portfolio_id", "portfolio", "id"),
    sa.Index("ix_organisations_country", "country"),
)

partnerships = sa.Table(
    "partnerships",
    metadata,
    _portfolio_column(),
    sa.Column("pos", sa.Integer, nullable=False),
    sa.Column("id", _ID, nullable=False),
    sa.Column("kind", _CODE, nullable=False),
    sa.Column("started", sa.Date),
    sa.Column("expires", sa.Date),
    sa.Column("title", sa.Text),
    sa.PrimaryKeyConstraint("portfolio", "pos"),
    sa.Index("ix_partnerships_id", "id"),
    sa.Index("ix_partnerships_portfolio_id", "portfolio", "id"),
    sa.Index("ix_partnerships_kind", "kind"),
)

partnership_parties = sa.Table(
    "partnership_parties",
    metadata,
    _portfolio_column(),
    sa.Column("partnership", _ID, nullable=False),
    sa.Column("pos", sa.Integer, nullable=False),
    sa.Column("party", _ID, nullable=False),
    # The party's country: the organisation's, or the municipality's own.
    sa.Column("country", sa.String(100)),
    sa.PrimaryKeyConstraint("portfolio", "partnership", "pos"),
    sa.Index("ix_partnership_parties_party", "party"),
    sa.Index("ix_partnership_parties_country", "country"),
)

partnership_events = sa.Table(
    "partnership_events",
    metadata,
    _portfolio_column(),
    sa.Column("partnership", _ID, nullable=False),
    sa.Column("pos", sa.Integer, nullable=False),
    sa.Column("kind", _CODE, nullable=False),
    sa.Column("party", _ID),
    sa.Column("happened_from", sa.Date, nullable=False),
    sa.Column("happened_to", sa.Date, nullable=False),
    sa.PrimaryKeyConstraint("portfolio", "partnership", "pos"),
    sa.Index("ix_partnership_events_kind", "kind"),
)

partnership_spans = sa.Table(
    "partnership_spans",
    metadata,
    _portfolio_column(),
    sa.Column("partnership", _ID, nullable=False),
    sa.Column("pos", sa.Integer, nullable=False),
    # A span of days the partnership is active for the municipality
    # (Partnership.active_spans); active_to is NULL while it lasts.
    sa.Column("active_from", sa.Date, nullable=False),
    sa.Column("active_to", sa.Date),
    sa.PrimaryKeyConstraint("portfolio", "partnership", "pos"),
    sa.Index("ix_partnership_spans_active", "active_from", "active_to"),
)

followups = sa.Table(
    "followups",
    metadata,
    _portfolio_column(),
    sa.Column("pos", sa.Integer, nullable=False),
    sa.Column("id", _ID, nullable=False),
    sa.Column("kind", _CODE, nullable=False),
    sa.Column("state", _CODE, nullable=False),
    sa.Column("addressee", _ID, nullable=False),
    sa.Column("strategy", _ID),
    sa.Column("period_from", sa.Date),
    sa.Column("period_to", sa.Date),
    sa.Column("title", sa.Text),
    # False for a follow-up that covers no fixed period (an ad-hoc review);
    # its period_from and period_to are NULL, as an open end's would be.
    sa.Column("fixed_period", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.PrimaryKeyConstraint("portfolio", "pos"),
    sa.Index("ix_followups_addressee", "addressee"),
    sa.Index("ix_followups_period", "period_from", "period_to"),
)

match_keys = sa.Table(
    "match_keys",
    metadata,
    _portfolio_column(),
    sa.Column("pos", sa.Integer, nullable=False),
    # True: a key of the portfolio's own municipality (owner is its id);
    # False: of an organisation the partnerships name as a party.
    sa.Column("own", sa.Boolean, nullable=False),
    sa.Column("owner", _ID, nullable=False),
    # True: a shared identifier (scheme = wikidata, lau, ...), where a
    # different code of the same scheme tells another municipality;
    # False: an id or a folded name (scheme = "id" or "name").
    sa.Column("code", sa.Boolean, nullable=False),
    sa.Column("scheme", sa.String(300), nullable=False),
    sa.Column("value", sa.String(300), nullable=False),
    sa.PrimaryKeyConstraint("portfolio", "pos"),
    # The few rows of the municipalities (own) first, each looked up among
    # the partners' rows in the same index.
    sa.Index("ix_match_keys_match", "own", "code", "scheme", "value"),
    sa.Index("ix_match_keys_owner", "portfolio", "owner"),
)

#: The derived tables, in the order a save fills them.
DERIVED: tuple[sa.Table, ...] = (
    strategies,
    themes,
    initiatives,
    initiative_themes,
    participations,
    funding,
    organisations,
    partnerships,
    partnership_parties,
    partnership_events,
    partnership_spans,
    followups,
    match_keys,
)
