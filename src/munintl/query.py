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

import attrs

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
    from munintl.model import (
        Initiative,
        LocalizedText,
        Municipality,
        Organisation,
        Partnership,
        Portfolio,
    )

__all__ = [
    "Hit",
    "InitiativeHit",
    "InitiativeQuery",
    "PairFinding",
    "PartnershipHit",
    "PartnershipQuery",
    "Query",
    "compare_pair",
    "evaluate",
    "find",
    "municipalities",
    "represents",
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
    from munintl.storage import open_store, shown

    store = (
        open_store(location, manager=manager)
        if isinstance(location, (str, os.PathLike))
        else location
    )
    if not store.exists():
        raise StorageError(
            _("{location}: no portfolio is stored here").format(
                location=shown(store.location)
            )
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
        or initiative.is_active_in(Period.year(query.active_in)),
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


# -- the same partner seen from two portfolios ---------------------------------------


@attrs.frozen
class PairFinding:
    """A relationship two portfolios do not record alike.

    ``portfolio`` is the key of the portfolio the finding is about (where
    the partnership is recorded), ``path`` the partnership's portfolio path
    there; ``code`` is ``recorded-by-one-side`` or ``dates-differ``.
    """

    portfolio: str
    code: str
    path: str
    message: str


def represents(organisation: Organisation, municipality: Municipality) -> bool:
    """Tell whether ``organisation`` (in one portfolio) is ``municipality``.

    A shared identifier of the same scheme decides (``wikidata: Q1748`` on
    both); without one in common, the same id or the same name (any
    language, aliases and former names too, compared without case, accents
    or punctuation) does.  A shared scheme with different codes is another
    municipality, whatever the names say.
    """
    from munintl.plugins.rules.sources import fold

    theirs = {k.casefold(): v for k, v in municipality.codes.items()}
    shared = [k for k in organisation.identifiers if k.casefold() in theirs]
    if shared:
        return all(organisation.identifiers[k] == theirs[k.casefold()] for k in shared)
    if organisation.id == municipality.id:
        return True
    names = {
        fold(text)
        for value in (
            organisation.name,
            *(former.name for former in organisation.former_names),
        )
        for text in value.values.values()
    } | {fold(alias) for alias in organisation.aliases}
    names.discard("")
    return any(fold(text) in names for text in municipality.name.values.values())


def compare_pair(
    portfolios: Mapping[str, Portfolio], *, day: dt.date | None = None
) -> list[PairFinding]:
    """Compare what each pair of ``portfolios`` (by key) records about the other.

    For every partnership in one portfolio with a party that is another
    portfolio's municipality (:func:`represents`), the other portfolio
    should record a partnership with the first: one recorded by one side
    only is reported, and so is a pair whose dates of establishment (the
    first event that made each side active) differ.  Like
    ``PartnershipQuery(one_sided=True)``, but matching partners by shared
    identifiers and names, not only by id.
    """
    day = day or dt.date.today()
    found: list[PairFinding] = []
    keys = sorted(portfolios)
    for key in keys:
        portfolio = portfolios[key]
        own = portfolio.municipality
        for other_key in keys:
            if other_key == key:
                continue
            other = portfolios[other_key]
            for partnership in portfolio.partnerships:
                party = _party_for(portfolio, partnership, other.municipality)
                if party is None:
                    continue
                mirror = [
                    theirs
                    for theirs in other.partnerships
                    if _party_for(other, theirs, own) is not None
                ]
                path = f"partnerships[{partnership.id}]"
                if not mirror:
                    found.append(
                        PairFinding(
                            key,
                            "recorded-by-one-side",
                            path,
                            _(
                                "{other} records no partnership with {own}; this"
                                " one is recorded by {own} only"
                            ).format(
                                other=_name(other.municipality),
                                own=_name(own),
                            ),
                        )
                    )
                    continue
                if key > other_key:
                    continue  # a pair recorded on both sides is compared once
                ours = partnership.established(day).get(own.id)
                theirs_dates = [
                    m.established(day).get(other.municipality.id) for m in mirror
                ]
                if ours is not None and all(
                    date is not None and date != ours for date in theirs_dates
                ):
                    found.append(
                        PairFinding(
                            key,
                            "dates-differ",
                            path,
                            _(
                                "{own} records this partnership from {ours}, {other}"
                                " from {theirs}; check which is right"
                            ).format(
                                own=_name(own),
                                ours=ours,
                                other=_name(other.municipality),
                                theirs=", ".join(str(d) for d in theirs_dates),
                            ),
                        )
                    )
    return found


def _party_for(
    portfolio: Portfolio, partnership: Partnership, municipality: Municipality
) -> str | None:
    for party in partnership.party_ids():
        organisation = portfolio.organisation(party)
        if organisation is not None and represents(organisation, municipality):
            return party
    return None


def _name(municipality: Municipality) -> str:
    text = municipality.name.get(
        municipality.default_language, municipality.name.languages
    )
    return text or municipality.id
