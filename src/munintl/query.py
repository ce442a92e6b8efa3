"""Find initiatives and partnerships across the portfolios of a store.

>>> from munintl.query import InitiativeQuery, PartnershipQuery, find
>>> esf_2011 = InitiativeQuery(programme="esf", active_in=2011)
>>> germany = PartnershipQuery(country="DE", active_in=2026)

``find("sqlite:///portal.db", esf_2011)`` answers with SQL in the
database (the ``queries`` capability); ``find("examples/skanderborg",
esf_2011)`` loads the portfolio and answers in Python with
:func:`evaluate`.  Both give the same hits in the same order.
:func:`municipalities` turns hits into the municipalities they belong to:
"every municipality with an active partnership in Germany" is
``municipalities(find(location, germany))``.  What each filter means is
in :mod:`munintl.hooks.queries`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from munintl.errors import StorageError
from munintl.hooks.queries import (
    Hit,
    InitiativeHit,
    InitiativeQuery,
    PartnershipHit,
    PartnershipQuery,
    Query,
    QueryStore,
)
from munintl.i18n import _
from munintl.model import Period

if TYPE_CHECKING:
    from munintl.hooks.manager import MunintlPluginManager
    from munintl.hooks.protocols import Store
    from munintl.model import Initiative, LocalizedText, Partnership, Portfolio

__all__ = [
    "Hit",
    "InitiativeHit",
    "InitiativeQuery",
    "PartnershipHit",
    "PartnershipQuery",
    "Query",
    "evaluate",
    "find",
    "municipalities",
]


def find(
    location: str | os.PathLike[str] | Store,
    query: Query,
    *,
    manager: MunintlPluginManager | None = None,
) -> list[Hit]:
    """Answer ``query`` over the portfolios at ``location`` (or in an open store).

    A store with the ``queries`` capability answers it itself; any other
    store's portfolio is loaded and the answer computed by :func:`evaluate`,
    under the municipality's id as its key.  Raises
    :class:`~munintl.errors.StorageError` when the location holds no
    portfolio.
    """
    from munintl.storage import open_store

    store = (
        open_store(location, manager=manager)
        if isinstance(location, (str, os.PathLike))
        else location
    )
    if not store.exists():
        raise StorageError(
            _("{location}: no portfolio is stored here").format(location=store.location)
        )
    if "queries" in store.capabilities and isinstance(store, QueryStore):
        return store.query(query)
    portfolio = store.load()
    return evaluate(query, {portfolio.municipality.id: portfolio})


def municipalities(hits: Iterable[Hit]) -> list[str]:
    """The municipality ids of ``hits``, each once, sorted."""
    return sorted({hit.municipality for hit in hits})


def _title(text: LocalizedText, language: str) -> str | None:
    # As the database stores it: the municipality's language, else the first.
    return text.get(language, fallback=text.languages)


def evaluate(query: Query, portfolios: Mapping[str, Portfolio]) -> list[Hit]:
    """Answer ``query`` in Python over ``portfolios`` (by key), sorted by key.

    This is what a store without the ``queries`` capability answers, and
    what the database stores' SQL must agree with.
    """
    hits: list[Hit] = []
    if isinstance(query, InitiativeQuery):
        for key in sorted(portfolios):
            portfolio = portfolios[key]
            language = portfolio.municipality.default_language
            hits.extend(
                InitiativeHit(
                    portfolio=key,
                    municipality=portfolio.municipality.id,
                    id=initiative.id,
                    title=_title(initiative.title, language),
                    kind=initiative.kind,
                    status=initiative.status,
                )
                for initiative in portfolio.initiatives
                if _initiative_matches(query, portfolio, initiative)
            )
        return hits
    recorded = {
        (portfolio.municipality.id, party)
        for portfolio in portfolios.values()
        for partnership in portfolio.partnerships
        for party in partnership.party_ids()
    }
    held = {portfolio.municipality.id for portfolio in portfolios.values()}
    for key in sorted(portfolios):
        portfolio = portfolios[key]
        own = portfolio.municipality.id
        language = portfolio.municipality.default_language
        for partnership in portfolio.partnerships:
            if not _partnership_matches(query, portfolio, partnership):
                continue
            if query.one_sided and not any(
                party != own and party in held and (party, own) not in recorded
                for party in partnership.party_ids()
            ):
                continue
            hits.append(
                PartnershipHit(
                    portfolio=key,
                    municipality=own,
                    id=partnership.id,
                    title=_title(partnership.title, language),
                    kind=partnership.kind,
                    partners=tuple(p for p in partnership.party_ids() if p != own),
                )
            )
    return hits


def _initiative_matches(
    query: InitiativeQuery, portfolio: Portfolio, initiative: Initiative
) -> bool:
    countries = {o.id: o.country for o in portfolio.organisations}
    organisations = [p.organisation for p in initiative.participations]
    checks = (
        query.municipality in (None, portfolio.municipality.id),
        query.kind in (None, initiative.kind),
        query.status is None or query.status == initiative.status,
        query.active_in is None
        or (
            initiative.period is not None
            and initiative.period.overlaps(Period.year(query.active_in))
        ),
        query.theme is None or query.theme in initiative.themes,
        query.partner is None or query.partner in organisations,
        query.country is None
        or any(
            o is not None and o in countries and countries[o] == query.country
            for o in organisations
        ),
        query.programme is None
        or any(line.programme == query.programme for line in initiative.funding),
    )
    return all(checks)


def _partnership_matches(
    query: PartnershipQuery, portfolio: Portfolio, partnership: Partnership
) -> bool:
    own = portfolio.municipality.id
    countries = {o.id: o.country for o in portfolio.organisations}
    countries.setdefault(own, portfolio.municipality.country)
    checks = (
        query.municipality in (None, own),
        query.kind in (None, partnership.kind),
        query.active_in is None or _active_in(partnership, own, query.active_in),
        query.partner is None or query.partner in partnership.party_ids(),
        query.country is None
        or any(
            party != own and countries.get(party) == query.country
            for party in partnership.party_ids()
        ),
    )
    return all(checks)


def _active_in(partnership: Partnership, own: str, year: int) -> bool:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return any(
        first <= end and (last is None or last >= start)
        for first, last in partnership.active_spans(own)
    )
