"""The rows of the derived tables for one portfolio.

A save deletes a portfolio's derived rows and inserts these in the same
transaction (see :mod:`munintl.plugins.storage.sql.schema`).  Nothing here
is read back into a portfolio: the document is the data of record.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from munintl.model import LocalizedText, PartialDate, Period, Portfolio, Theme

Row = dict[str, Any]


def _span(period: Period | None) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day a period may cover; None for an open or absent end."""
    if period is None:
        return None, None
    first = period.start.first_day if period.start else None
    last = period.end.last_day if period.end else None
    return first, last


def _day(date: PartialDate | None, *, last: bool = False) -> dt.date | None:
    if date is None:
        return None
    return date.last_day if last else date.first_day


def _approximate(amount: Decimal) -> float | None:
    """The amount as a float for sorting and sums; None where none is finite."""
    value = float(amount)
    return value if math.isfinite(value) else None


def _name(text: LocalizedText, language: str) -> str | None:
    return text.get(language, fallback=text.languages)


def derived_rows(key: str, portfolio: Portfolio) -> dict[str, list[Row]]:
    """Return the derived tables' rows for ``portfolio`` stored under ``key``."""
    language = portfolio.municipality.default_language
    countries = {o.id: o.country for o in portfolio.organisations}
    countries.setdefault(portfolio.municipality.id, portfolio.municipality.country)
    rows: dict[str, list[Row]] = {}

    rows["strategies"] = []
    rows["themes"] = []
    for pos, strategy in enumerate(portfolio.strategies):
        valid_from, valid_to = _span(strategy.period)
        rows["strategies"].append(
            {
                "portfolio": key,
                "pos": pos,
                "id": strategy.id,
                "status": strategy.status,
                "valid_from": valid_from,
                "valid_to": valid_to,
                "supersedes": strategy.supersedes,
                "title": _name(strategy.title, language),
            }
        )
        stack: list[tuple[Theme, str | None]] = [
            (theme, None) for theme in reversed(strategy.themes)
        ]
        while stack:
            theme, parent = stack.pop()
            rows["themes"].append(
                {
                    "portfolio": key,
                    "pos": len(rows["themes"]),
                    "strategy": strategy.id,
                    "id": theme.id,
                    "parent": parent,
                    "cross_cutting": theme.cross_cutting,
                    "title": _name(theme.title, language),
                }
            )
            stack.extend((child, theme.id) for child in reversed(theme.themes))

    rows["initiatives"] = []
    rows["initiative_themes"] = []
    rows["participations"] = []
    rows["funding"] = []
    for pos, initiative in enumerate(portfolio.initiatives):
        active_from, active_to = _span(initiative.period)
        years = initiative.occurrence_years()
        rows["initiatives"].append(
            {
                "portfolio": key,
                "pos": pos,
                "id": initiative.id,
                "kind": initiative.kind,
                "status": initiative.status,
                "active_from": active_from,
                "active_to": active_to,
                "parent": initiative.parent,
                "partnership": initiative.partnership,
                "title": _name(initiative.title, language),
                "dated": initiative.has_period,
                "recurs_every": years.step if years is not None else None,
                "first_occurrence": years[0] if years else None,
                "last_occurrence": years[-1] if years else None,
            }
        )
        rows["initiative_themes"].extend(
            {"portfolio": key, "initiative": initiative.id, "pos": n, "theme": theme}
            for n, theme in enumerate(initiative.themes)
        )
        rows["participations"].extend(
            {
                "portfolio": key,
                "initiative": initiative.id,
                "pos": n,
                "organisation": p.organisation,
                "count": p.count,
                "role": p.role,
                "lead": p.lead,
            }
            for n, p in enumerate(initiative.participations)
        )
        for n, line in enumerate(initiative.funding):
            line_from, line_to = _span(line.period or initiative.period)
            rows["funding"].append(
                {
                    "portfolio": key,
                    "initiative": initiative.id,
                    "pos": n,
                    "funder": line.funder,
                    "programme": line.programme,
                    "currency": line.amount.currency if line.amount else None,
                    "amount": _approximate(line.amount.amount) if line.amount else None,
                    "active_from": line_from,
                    "active_to": line_to,
                }
            )

    rows["organisations"] = [
        {
            "portfolio": key,
            "pos": pos,
            "id": organisation.id,
            "type": organisation.type,
            "country": organisation.country,
            "name": _name(organisation.name, language),
        }
        for pos, organisation in enumerate(portfolio.organisations)
    ]

    rows["partnerships"] = []
    rows["partnership_parties"] = []
    rows["partnership_events"] = []
    rows["partnership_spans"] = []
    own = portfolio.municipality.id
    for pos, partnership in enumerate(portfolio.partnerships):
        start = partnership.start()
        rows["partnerships"].append(
            {
                "portfolio": key,
                "pos": pos,
                "id": partnership.id,
                "kind": partnership.kind,
                "started": _day(start),
                "expires": _day(partnership.expires, last=True),
                "title": _name(partnership.title, language),
            }
        )
        rows["partnership_parties"].extend(
            {
                "portfolio": key,
                "partnership": partnership.id,
                "pos": n,
                "party": party.party,
                "country": countries.get(party.party),
            }
            for n, party in enumerate(partnership.parties)
        )
        rows["partnership_events"].extend(
            {
                "portfolio": key,
                "partnership": partnership.id,
                "pos": n,
                "kind": event.kind,
                "party": event.party,
                "happened_from": event.first_day,
                "happened_to": event.last_day,
            }
            for n, event in enumerate(partnership.events)
            # An event of unknown date has no row: when it happened is not
            # known, and the document keeps it.
            if event.date is not None
        )
        rows["partnership_spans"].extend(
            {
                "portfolio": key,
                "partnership": partnership.id,
                "pos": n,
                "active_from": first,
                "active_to": last,
            }
            for n, (first, last) in enumerate(partnership.active_spans(own))
        )

    rows["followups"] = []
    for pos, followup in enumerate(portfolio.followups):
        period_from, period_to = _span(followup.period)
        rows["followups"].append(
            {
                "portfolio": key,
                "pos": pos,
                "id": followup.id,
                "kind": followup.kind,
                "state": followup.state,
                "addressee": followup.addressee,
                "strategy": followup.strategy,
                "period_from": period_from,
                "period_to": period_to,
                "title": _name(followup.title, language),
                "fixed_period": followup.period is not None,
            }
        )
    rows["match_keys"] = _match_keys(key, portfolio)
    return rows


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
                rows.append(
                    {
                        "portfolio": key,
                        "pos": len(rows),
                        "own": own,
                        "owner": owner,
                        "code": code,
                        "scheme": scheme,
                        "value": value,
                    }
                )
    return rows


def insert_derived(
    connection: Connection, dialect: str, rows: dict[str, list[Row]]
) -> None:
    """Insert the derived rows with the driver itself, in the caller's transaction.

    The rows are plain values the driver takes as they are, so they skip
    SQLAlchemy's per-value processing: SQLite gets ``executemany`` with
    dates as ISO text (what SQLAlchemy's ``Date`` stores there), PostgreSQL
    gets ``COPY``.  On a large portfolio this is most of a save's writing.
    """
    from munintl.plugins.storage.sql import schema

    driver: Any = connection.connection.driver_connection
    cursor = driver.cursor()
    try:
        for table in schema.DERIVED:
            found = rows[table.name]
            if not found:
                continue
            columns = list(found[0])
            names = ", ".join(columns)
            if dialect == "postgresql":
                with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
                    for row in found:
                        copy.write_row([row[column] for column in columns])
                continue
            marks = ", ".join("?" for _ in columns)
            cursor.executemany(
                f"INSERT INTO {table.name} ({names}) VALUES ({marks})",  # noqa: S608 - munintl's own table and column names
                [
                    [
                        value.isoformat() if isinstance(value, dt.date) else value
                        for value in (row[column] for column in columns)
                    ]
                    for row in found
                ],
            )
    finally:
        cursor.close()
