"""The rows of the derived tables for one portfolio.

A save deletes a portfolio's derived rows and inserts these in the same
transaction (see :mod:`munintl.plugins.storage.sql.schema`).  Nothing here
is read back into a portfolio: the document is the data of record.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import threading

    from sqlalchemy.engine import Connection

    from munintl.model import LocalizedText, PartialDate, Period, Portfolio, Theme

Row = tuple[Any, ...]

#: The columns of each derived table, in the order of the rows' values.
COLUMNS: dict[str, tuple[str, ...]] = {
    "strategies": (
        "portfolio",
        "pos",
        "id",
        "status",
        "valid_from",
        "valid_to",
        "supersedes",
        "title",
    ),
    "themes": (
        "portfolio",
        "pos",
        "strategy",
        "id",
        "parent",
        "cross_cutting",
        "title",
    ),
    "initiatives": (
        "portfolio",
        "pos",
        "id",
        "kind",
        "status",
        "active_from",
        "active_to",
        "parent",
        "partnership",
        "title",
        "dated",
        "recurs_every",
        "first_occurrence",
        "last_occurrence",
    ),
    "initiative_themes": ("portfolio", "initiative", "pos", "theme"),
    "participations": (
        "portfolio",
        "initiative",
        "pos",
        "organisation",
        "count",
        "role",
        "lead",
    ),
    "funding": (
        "portfolio",
        "initiative",
        "pos",
        "funder",
        "programme",
        "currency",
        "amount",
        "active_from",
        "active_to",
    ),
    "organisations": ("portfolio", "pos", "id", "type", "country", "name"),
    "partnerships": ("portfolio", "pos", "id", "kind", "started", "expires", "title"),
    "partnership_parties": ("portfolio", "partnership", "pos", "party", "country"),
    "partnership_events": (
        "portfolio",
        "partnership",
        "pos",
        "kind",
        "party",
        "happened_from",
        "happened_to",
    ),
    "partnership_spans": (
        "portfolio",
        "partnership",
        "pos",
        "active_from",
        "active_to",
    ),
    "followups": (
        "portfolio",
        "pos",
        "id",
        "kind",
        "state",
        "addressee",
        "strategy",
        "period_from",
        "period_to",
        "title",
        "fixed_period",
    ),
    "match_keys": ("portfolio", "pos", "own", "owner", "code", "scheme", "value"),
}


def _as_date(value: dt.date | None) -> dt.date | None:
    return value


def _as_text(value: dt.date | None) -> str | None:
    # What SQLAlchemy's ``Date`` stores in SQLite.
    return None if value is None else value.isoformat()


def _approximate(amount: Decimal) -> float | None:
    """The amount as a float for sorting and sums; None where none is finite."""
    value = float(amount)
    return value if math.isfinite(value) else None


def _name(text: LocalizedText, language: str) -> str | None:
    return text.values.get(language) or text.get(language, fallback=text.languages)


class _Days:
    """The first and last day of dates, as the driver takes them.

    Worked out once per date object (the decoder shares equal dates); the
    portfolio keeps every date alive while its rows are made, so no id is
    reused meanwhile.
    """

    def __init__(self, day: Callable[[dt.date | None], Any]) -> None:
        self.day = day
        self.found: dict[int, tuple[Any, Any]] = {}

    def __call__(self, date: PartialDate) -> tuple[Any, Any]:
        found = self.found.get(id(date))
        if found is None:
            first, last = date.covers()
            found = self.found[id(date)] = (self.day(first), self.day(last))
        return found

    def span(self, period: Period | None) -> tuple[Any, Any]:
        """The first and last day a period may cover; None for an open end."""
        if period is None:
            return None, None
        start, end = period.start, period.end
        return (
            self(start)[0] if start else None,
            self(end)[1] if end else None,
        )


def derived_rows(
    key: str, portfolio: Portfolio, *, dates_as_text: bool = False
) -> dict[str, list[Row]]:
    """Return the derived tables' rows for ``portfolio`` stored under ``key``.

    Each row is a tuple of the values of :data:`COLUMNS` of its table, as
    the driver takes them: dates as :class:`datetime.date`, or with
    ``dates_as_text`` as ISO text (SQLite keeps dates as text).
    """
    days = _Days(_as_text if dates_as_text else _as_date)
    span = days.span
    language = portfolio.municipality.default_language
    countries = {o.id: o.country for o in portfolio.organisations}
    countries.setdefault(portfolio.municipality.id, portfolio.municipality.country)

    strategies: list[Row] = []
    themes: list[Row] = []
    for pos, strategy in enumerate(portfolio.strategies):
        valid_from, valid_to = span(strategy.period)
        strategies.append(
            (
                key,
                pos,
                strategy.id,
                strategy.status,
                valid_from,
                valid_to,
                strategy.supersedes,
                _name(strategy.title, language),
            )
        )
        stack: list[tuple[Theme, str | None]] = [
            (theme, None) for theme in reversed(strategy.themes)
        ]
        while stack:
            theme, parent = stack.pop()
            themes.append(
                (
                    key,
                    len(themes),
                    strategy.id,
                    theme.id,
                    parent,
                    theme.cross_cutting,
                    _name(theme.title, language),
                )
            )
            stack.extend((child, theme.id) for child in reversed(theme.themes))

    initiatives: list[Row] = []
    initiative_themes: list[Row] = []
    participations: list[Row] = []
    funding: list[Row] = []
    for pos, initiative in enumerate(portfolio.initiatives):
        own = initiative.id
        active_from, active_to = span(initiative.period)
        years = initiative.occurrence_years()
        initiatives.append(
            (
                key,
                pos,
                own,
                initiative.kind,
                initiative.status,
                active_from,
                active_to,
                initiative.parent,
                initiative.partnership,
                _name(initiative.title, language),
                initiative.has_period,
                years.step if years is not None else None,
                years[0] if years else None,
                years[-1] if years else None,
            )
        )
        initiative_themes.extend(
            (key, own, n, theme) for n, theme in enumerate(initiative.themes)
        )
        participations.extend(
            (key, own, n, p.organisation, p.count, p.role, p.lead)
            for n, p in enumerate(initiative.participations)
        )
        for n, line in enumerate(initiative.funding):
            line_from, line_to = (
                span(line.period) if line.period else (active_from, active_to)
            )
            amount = line.amount
            funding.append(
                (
                    key,
                    own,
                    n,
                    line.funder,
                    line.programme,
                    amount.currency if amount else None,
                    _approximate(amount.amount) if amount else None,
                    line_from,
                    line_to,
                )
            )

    organisations = [
        (
            key,
            pos,
            organisation.id,
            organisation.type,
            organisation.country,
            _name(organisation.name, language),
        )
        for pos, organisation in enumerate(portfolio.organisations)
    ]

    partnerships: list[Row] = []
    parties: list[Row] = []
    events: list[Row] = []
    spans: list[Row] = []
    municipality = portfolio.municipality.id
    for pos, partnership in enumerate(portfolio.partnerships):
        start = partnership.start()
        expires = partnership.expires
        partnerships.append(
            (
                key,
                pos,
                partnership.id,
                partnership.kind,
                days(start)[0] if start is not None else None,
                days(expires)[1] if expires is not None else None,
                _name(partnership.title, language),
            )
        )
        parties.extend(
            (key, partnership.id, n, party.party, countries.get(party.party))
            for n, party in enumerate(partnership.parties)
        )
        events.extend(
            (
                key,
                partnership.id,
                n,
                event.kind,
                event.party,
                *days(event.date),
            )
            for n, event in enumerate(partnership.events)
            # An event of unknown date has no row: when it happened is not
            # known, and the document keeps it.
            if event.date is not None
        )
        spans.extend(
            (key, partnership.id, n, days.day(first), days.day(last))
            for n, (first, last) in enumerate(partnership.active_spans(municipality))
        )

    followups: list[Row] = []
    for pos, followup in enumerate(portfolio.followups):
        period_from, period_to = span(followup.period)
        followups.append(
            (
                key,
                pos,
                followup.id,
                followup.kind,
                followup.state,
                followup.addressee,
                followup.strategy,
                period_from,
                period_to,
                _name(followup.title, language),
                followup.period is not None,
            )
        )
    return {
        "strategies": strategies,
        "themes": themes,
        "initiatives": initiatives,
        "initiative_themes": initiative_themes,
        "participations": participations,
        "funding": funding,
        "organisations": organisations,
        "partnerships": partnerships,
        "partnership_parties": parties,
        "partnership_events": events,
        "partnership_spans": spans,
        "followups": followups,
        "match_keys": _match_keys(key, portfolio),
    }


def _match_keys(key: str, portfolio: Portfolio) -> list[Row]:
    """The matching keys of the municipality and of each partner organisation."""
    from munintl.model.matching import municipality_keys, partner_keys

    owners = [
        (True, portfolio.municipality.id, municipality_keys(portfolio.municipality))
    ]
    owners.extend(
        (False, party, keys) for party, keys in partner_keys(portfolio).items()
    )
    rows: list[Row] = []
    for own, owner, keys in owners:
        for code, found in ((True, keys.codes), (False, keys.others)):
            for scheme, value in sorted(found):
                rows.append((key, len(rows), own, owner, code, scheme, value))
    return rows


class Stopped(Exception):
    """The save no longer needs the rows it asked for (see :func:`insert_derived`)."""


#: How many rows :func:`insert_derived` sends between looks at ``stop``.
_CHUNK = 8192


def insert_derived(
    connection: Connection,
    dialect: str,
    rows: dict[str, list[Row]],
    *,
    stop: threading.Event | None = None,
) -> None:
    """Insert the derived rows with the driver itself, in the caller's transaction.

    The rows are plain values the driver takes as they are, so they skip
    SQLAlchemy's per-value processing: SQLite gets ``executemany`` (make
    the rows with ``dates_as_text``), PostgreSQL gets ``COPY`` in binary
    (half the client's work of text, and the server parses nothing).  On a large
    portfolio this is most of a save's writing.  When ``stop`` is set, the
    rows still to send are left and :class:`Stopped` is raised: the
    transaction then holds part of them and must be rolled back.
    """
    from munintl.plugins.storage.sql import schema

    driver: Any = connection.connection.driver_connection
    cursor = driver.cursor()
    try:
        for table in schema.DERIVED:
            found = rows[table.name]
            if not found:
                continue
            columns = COLUMNS[table.name]
            names = ", ".join(columns)
            if dialect == "postgresql":
                with cursor.copy(
                    f"COPY {table.name} ({names}) FROM STDIN (FORMAT BINARY)"
                ) as copy:
                    copy.set_types(copy_types(table.name))
                    write = copy.write_row
                    for start in range(0, len(found), _CHUNK):
                        _check(stop)
                        for row in found[start : start + _CHUNK]:
                            write(row)
                continue
            marks = ", ".join("?" for _ in columns)
            statement = f"INSERT INTO {table.name} ({names}) VALUES ({marks})"  # noqa: S608 - munintl's own table and column names
            for start in range(0, len(found), _CHUNK):
                _check(stop)
                cursor.executemany(statement, found[start : start + _CHUNK])
    finally:
        cursor.close()


@functools.cache
def copy_types(table: str) -> tuple[str, ...]:
    """The PostgreSQL types of a derived table's columns, for a binary ``COPY``."""
    import sqlalchemy as sa

    from munintl.plugins.storage.sql import schema

    kinds = (  # Text before String: it is one
        (sa.Text, "text"),
        (sa.String, "varchar"),
        (sa.Integer, "int4"),
        (sa.Date, "date"),
        (sa.Boolean, "bool"),
        (sa.Float, "float8"),
    )
    columns = schema.metadata.tables[table].c
    return tuple(
        next(name for kind, name in kinds if isinstance(columns[column].type, kind))
        for column in COLUMNS[table]
    )


def _check(stop: threading.Event | None) -> None:
    if stop is not None and stop.is_set():
        raise Stopped


def delete_derived(connection: Connection, dialect: str, key: str | None) -> None:
    """Delete the derived rows of portfolio ``key`` (None: of every portfolio).

    PostgreSQL deletes from every derived table in one statement (one round
    trip to the server, not one per table).
    """
    import sqlalchemy as sa

    from munintl.plugins.storage.sql import schema

    tables = tuple(reversed(schema.DERIVED))
    if dialect == "postgresql" and key is not None:
        *first, last = tables
        steps = ", ".join(
            f"d{n} AS (DELETE FROM {table.name} WHERE portfolio = %(key)s)"  # noqa: S608 - munintl's own table names
            for n, table in enumerate(first)
        )
        connection.exec_driver_sql(
            f"WITH {steps} DELETE FROM {last.name} WHERE portfolio = %(key)s",  # noqa: S608 - munintl's own table names
            {"key": key},
        )
        return
    for table in tables:
        statement = sa.delete(table)
        if key is not None:
            statement = statement.where(table.c.portfolio == key)
        connection.execute(statement)
