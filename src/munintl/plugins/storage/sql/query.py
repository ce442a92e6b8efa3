"""Queries across portfolios, answered with SQL on the derived tables.

Each filter of a query (:mod:`munintl.hooks.queries`) becomes a condition
on the ``initiatives`` or ``partnerships`` table, most as an ``EXISTS``
on a table the indexes serve; the answer is the same as
:func:`munintl.query.evaluate` computes from the portfolios in Python (a
property test holds them equal).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs

from munintl.hooks.queries import (
    Hit,
    InitiativeHit,
    InitiativeQuery,
    PairLink,
    PartnershipHit,
    PartnershipQuery,
    Query,
)
from munintl.plugins.storage.sql import schema

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.sql.elements import ColumnElement


def _year(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _overlaps(first: Any, last: Any, year: int) -> ColumnElement[bool]:
    """``first`` to ``last`` (NULL: open) overlaps ``year`` and is not reversed."""
    import sqlalchemy as sa

    start, end = _year(year)
    return sa.and_(
        sa.or_(first.is_(None), first <= end),
        sa.or_(last.is_(None), last >= start),
        sa.or_(first.is_(None), last.is_(None), first <= last),
    )


def _initiative_active(year: int) -> ColumnElement[bool]:
    """An initiative is active in ``year``, as :meth:`Initiative.is_active_in` tells.

    A recurring one where an occurrence falls in the year (the range of
    :meth:`~munintl.model.Initiative.occurrence_years`), any other where
    its period is given and overlaps the year.
    """
    import sqlalchemy as sa

    i = schema.initiatives
    return sa.or_(
        sa.and_(
            i.c.recurs_every.is_(None),
            i.c.dated,
            _overlaps(i.c.active_from, i.c.active_to, year),
        ),
        sa.and_(
            i.c.recurs_every.is_not(None),
            i.c.first_occurrence <= year,
            i.c.last_occurrence >= year,
            (sa.literal(year) - i.c.first_occurrence) % i.c.recurs_every == 0,
        ),
    )


def _initiatives(query: InitiativeQuery, key: str | None) -> Any:
    import sqlalchemy as sa

    i = schema.initiatives
    p = schema.portfolios
    conditions: list[ColumnElement[bool]] = []
    if key is not None:
        conditions.append(i.c.portfolio == key)
    if query.municipality is not None:
        conditions.append(p.c.municipality == query.municipality)
    if query.kind is not None:
        conditions.append(i.c.kind == query.kind)
    if query.status is not None:
        conditions.append(i.c.status == query.status)
    if query.active_in is not None:
        conditions.append(_initiative_active(query.active_in))
    if query.theme is not None:
        t = schema.initiative_themes
        conditions.append(
            sa.exists().where(
                t.c.portfolio == i.c.portfolio,
                t.c.initiative == i.c.id,
                t.c.theme == query.theme,
            )
        )
    if query.partner is not None:
        x = schema.participations
        conditions.append(
            sa.exists().where(
                x.c.portfolio == i.c.portfolio,
                x.c.initiative == i.c.id,
                x.c.organisation == query.partner,
            )
        )
    if query.country is not None:
        x = schema.participations
        o = schema.organisations
        conditions.append(
            sa.exists().where(
                x.c.portfolio == i.c.portfolio,
                x.c.initiative == i.c.id,
                o.c.portfolio == x.c.portfolio,
                o.c.id == x.c.organisation,
                o.c.country == query.country,
            )
        )
    if query.programme is not None:
        f = schema.funding
        conditions.append(
            sa.exists().where(
                f.c.portfolio == i.c.portfolio,
                f.c.initiative == i.c.id,
                f.c.programme == query.programme,
            )
        )
    return (
        sa.select(
            i.c.portfolio,
            i.c.pos,
            p.c.municipality,
            i.c.id,
            i.c.title,
            i.c.kind,
            i.c.status,
        )
        .join(p, p.c.key == i.c.portfolio)
        .where(*conditions)
    )


def _partnerships(query: PartnershipQuery, key: str | None) -> Any:
    import sqlalchemy as sa

    s = schema.partnerships
    p = schema.portfolios
    x = schema.partnership_parties
    conditions: list[ColumnElement[bool]] = []
    if key is not None:
        conditions.append(s.c.portfolio == key)
    if query.municipality is not None:
        conditions.append(p.c.municipality == query.municipality)
    if query.kind is not None:
        conditions.append(s.c.kind == query.kind)
    if query.active_in is not None:
        a = schema.partnership_spans
        start, end = _year(query.active_in)
        conditions.append(
            sa.exists().where(
                a.c.portfolio == s.c.portfolio,
                a.c.partnership == s.c.id,
                a.c.active_from <= end,
                sa.or_(a.c.active_to.is_(None), a.c.active_to >= start),
            )
        )
    if query.partner is not None:
        conditions.append(
            sa.exists().where(
                x.c.portfolio == s.c.portfolio,
                x.c.partnership == s.c.id,
                x.c.party == query.partner,
            )
        )
    if query.country is not None:
        conditions.append(
            sa.exists().where(
                x.c.portfolio == s.c.portfolio,
                x.c.partnership == s.c.id,
                x.c.party != p.c.municipality,
                x.c.country == query.country,
            )
        )
    if query.one_sided:
        # One set, computed once (not a subquery per partnership): the
        # partnerships with a party that is a municipality not linked back.
        r = _represents()
        back = _linked(r)
        one_sided = (
            sa.select(x.c.portfolio, x.c.partnership)
            .join(
                r, sa.and_(r.c.holder == x.c.portfolio, r.c.organisation == x.c.party)
            )
            .outerjoin(
                back, sa.and_(back.c.holder == r.c.other, back.c.other == r.c.holder)
            )
            .where(back.c.holder.is_(None))
        )
        conditions.append(sa.tuple_(s.c.portfolio, s.c.id).in_(one_sided))
    return (
        sa.select(
            s.c.portfolio,
            s.c.pos,
            p.c.municipality,
            s.c.id,
            s.c.title,
            s.c.kind,
        )
        .join(p, p.c.key == s.c.portfolio)
        .where(*conditions)
    )


def _represents() -> Any:
    """Which party organisation of a portfolio is which other portfolio's municipality.

    Rows (holder, organisation, other), as
    :func:`munintl.model.matching.same_municipality` judges them on the
    ``match_keys``: a key in common and no shared scheme with another code.
    """
    import sqlalchemy as sa

    k = schema.match_keys
    ok, mk, oc, mc = (k.alias(name) for name in ("ok", "mk", "oc", "mc"))
    other_code = sa.exists().where(
        oc.c.portfolio == ok.c.portfolio,
        oc.c.owner == ok.c.owner,
        oc.c.own == sa.false(),
        oc.c.code == sa.true(),
        mc.c.portfolio == mk.c.portfolio,
        mc.c.own == sa.true(),
        mc.c.code == sa.true(),
        mc.c.scheme == oc.c.scheme,
        mc.c.value != oc.c.value,
    )
    return (
        sa.select(
            ok.c.portfolio.label("holder"),
            ok.c.owner.label("organisation"),
            mk.c.portfolio.label("other"),
        )
        .distinct()
        .join(
            mk,
            sa.and_(
                mk.c.value == ok.c.value,
                mk.c.scheme == ok.c.scheme,
                mk.c.code == ok.c.code,
                mk.c.own == sa.true(),
                mk.c.portfolio != ok.c.portfolio,
            ),
        )
        .where(ok.c.own == sa.false(), ~other_code)
        .cte("represents")
    )


def _linked(r: Any) -> Any:
    """The pairs (holder, other) where ``holder`` records a partnership with ``other``.

    ``r`` is :func:`_represents`: a partnership of portfolio ``holder``
    has a party that is the municipality of portfolio ``other``.
    """
    import sqlalchemy as sa

    x = schema.partnership_parties.alias("linking")
    return (
        sa.select(r.c.holder, r.c.other)
        .distinct()
        .join(x, sa.and_(x.c.portfolio == r.c.holder, x.c.party == r.c.organisation))
        .cte("linked")
    )


def run_links(connection: Connection) -> list[PairLink]:
    """Every :class:`~munintl.hooks.queries.PairLink` between the portfolios."""
    import sqlalchemy as sa

    s = schema.partnerships
    x = schema.partnership_parties
    p = schema.portfolios
    q = p.alias("q")
    r = _represents()
    back = _linked(r)
    rows = connection.execute(
        sa.select(
            s.c.portfolio,
            s.c.pos,
            s.c.id,
            x.c.pos.label("party_pos"),
            x.c.party,
            p.c.municipality,
            p.c.name,
            r.c.other,
            q.c.municipality.label("other_municipality"),
            q.c.name.label("other_name"),
            back.c.holder.is_not(None).label("recorded_back"),
        )
        .join(p, p.c.key == s.c.portfolio)
        .join(x, sa.and_(x.c.portfolio == s.c.portfolio, x.c.partnership == s.c.id))
        .join(r, sa.and_(r.c.holder == x.c.portfolio, r.c.organisation == x.c.party))
        .join(q, q.c.key == r.c.other)
        .outerjoin(
            back, sa.and_(back.c.holder == r.c.other, back.c.other == r.c.holder)
        )
    ).all()
    grouped: dict[tuple[str, int, str], list[Any]] = {}
    for row in rows:
        grouped.setdefault((row.portfolio, row.pos, row.other), []).append(row)
    found: list[PairLink] = []
    for place in sorted(grouped):
        parties = sorted(grouped[place], key=lambda row: row.party_pos)
        first = parties[0]
        found.append(
            PairLink(
                portfolio=first.portfolio,
                municipality=first.municipality,
                name=first.name or first.municipality,
                id=first.id,
                parties=tuple(row.party for row in parties),
                other=first.other,
                other_municipality=first.other_municipality,
                other_name=first.other_name or first.other_municipality,
                recorded_back=bool(first.recorded_back),
            )
        )
    return found


def _partners(
    connection: Connection, found: Any
) -> dict[tuple[str, str], list[tuple[int, str]]]:
    """The parties other than the municipality of every partnership ``found``."""
    import sqlalchemy as sa

    x = schema.partnership_parties
    matched = found.subquery("matched")
    rows = connection.execute(
        sa.select(x.c.portfolio, x.c.partnership, x.c.pos, x.c.party).join(
            matched,
            sa.and_(
                matched.c.portfolio == x.c.portfolio,
                matched.c.id == x.c.partnership,
                matched.c.municipality != x.c.party,
            ),
        )
    ).all()
    partners: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for portfolio, partnership, pos, party in rows:
        partners.setdefault((portfolio, partnership), []).append((pos, party))
    return partners


def run_query(connection: Connection, query: Query, key: str | None) -> list[Hit]:
    """Answer ``query`` in the database; only portfolio ``key``'s hits if given.

    Hits come by key, then in the portfolio's order (sorted here, not by
    the database, whose collation may order keys otherwise).
    """
    if any(
        isinstance(value, str) and "\x00" in value for value in attrs.astuple(query)
    ):
        # No stored text holds NUL (munintl refuses it in every text), and
        # PostgreSQL refuses it in a parameter: it matches nothing.
        return []
    if isinstance(query, InitiativeQuery):
        rows = sorted(
            connection.execute(_initiatives(query, key)).all(),
            key=lambda row: (row.portfolio, row.pos),
        )
        return [
            InitiativeHit(
                portfolio=row.portfolio,
                municipality=row.municipality,
                id=row.id,
                title=row.title,
                kind=row.kind,
                status=row.status,
            )
            for row in rows
        ]
    found = _partnerships(query, key)
    rows = sorted(
        connection.execute(found).all(), key=lambda row: (row.portfolio, row.pos)
    )
    partners = _partners(connection, found) if rows else {}
    return [
        PartnershipHit(
            portfolio=row.portfolio,
            municipality=row.municipality,
            id=row.id,
            title=row.title,
            kind=row.kind,
            partners=tuple(
                party
                for _pos, party in sorted(partners.get((row.portfolio, row.id), []))
            ),
        )
        for row in rows
    ]
