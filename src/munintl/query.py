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
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from munintl.errors import StorageError
from munintl.hooks.queries import (
    Hit,
    InitiativeHit,
    InitiativeQuery,
    PairLink,
    PairStore,
    PartnershipHit,
    PartnershipQuery,
    Query,
    QueryStore,
)
from munintl.i18n import _
from munintl.model import Period
from munintl.model.matching import (
    municipality_keys,
    organisation_keys,
    partner_keys,
    same_municipality,
)

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
    "PairLink",
    "PartnershipHit",
    "PartnershipQuery",
    "Query",
    "compare_links",
    "compare_pair",
    "evaluate",
    "evaluate_links",
    "find",
    "links",
    "municipalities",
    "one_sided_finding",
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
    one_sided = (
        {
            (link.portfolio, link.id)
            for link in evaluate_links(portfolios)
            if not link.recorded_back
        }
        if query.one_sided
        else set()
    )
    for key in sorted(portfolios):
        portfolio = portfolios[key]
        own = portfolio.municipality.id
        language = portfolio.municipality.default_language
        for partnership in portfolio.partnerships:
            if not _partnership_matches(query, portfolio, partnership):
                continue
            if query.one_sided and (key, partnership.id) not in one_sided:
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
    there, ``other`` the key of the portfolio it was compared with;
    ``code`` is ``recorded-by-one-side`` or ``dates-differ``.
    """

    portfolio: str
    code: str
    path: str
    message: str
    other: str | None = None


def represents(organisation: Organisation, municipality: Municipality) -> bool:
    """Tell whether ``organisation`` (in one portfolio) is ``municipality``.

    A shared identifier of the same scheme decides (``wikidata: Q1748`` on
    both); without one in common, the same id or the same name (any
    language, aliases and former names too, compared without case, accents
    or punctuation) does.  A shared scheme with different codes is another
    municipality, whatever the names say.  The rule and the keys it
    compares are in :mod:`munintl.model.matching`.
    """
    return same_municipality(
        organisation_keys(organisation), municipality_keys(municipality)
    )


def links(
    location: str | os.PathLike[str] | Store,
    *,
    manager: MunintlPluginManager | None = None,
) -> list[PairLink]:
    """Every partnership between the portfolios at ``location`` (see :class:`PairLink`).

    A database answers with SQL over all of its portfolios; a store of
    one portfolio has no other to link to.
    """
    from munintl.storage import open_store

    store = (
        open_store(location, manager=manager)
        if isinstance(location, (str, os.PathLike))
        else location
    )
    if "queries" in store.capabilities and isinstance(store, PairStore):
        return store.links()
    if not store.exists():
        return []
    portfolio = store.load()
    return evaluate_links({portfolio.municipality.id: portfolio})


def evaluate_links(portfolios: Mapping[str, Portfolio]) -> list[PairLink]:
    """Find in Python every :class:`PairLink` between ``portfolios`` (by key).

    What a database's ``links`` must agree with: by key, then in each
    portfolio's order of partnerships, then by the other key.
    """
    keys = sorted(portfolios)
    own = {key: municipality_keys(portfolios[key].municipality) for key in keys}
    partners = {key: partner_keys(portfolios[key]) for key in keys}
    # is_[a, b]: the party ids of portfolio a that are b's municipality.
    is_ = {
        (a, b): {
            party
            for party, found in partners[a].items()
            if same_municipality(found, own[b])
        }
        for a in keys
        for b in keys
        if a != b
    }
    found: list[PairLink] = []
    for key in keys:
        portfolio = portfolios[key]
        for partnership in portfolio.partnerships:
            for other in keys:
                if other == key:
                    continue
                parties = tuple(
                    party
                    for party in partnership.party_ids()
                    if party in is_[key, other]
                )
                if not parties:
                    continue
                back = any(
                    party in is_[other, key]
                    for theirs in portfolios[other].partnerships
                    for party in theirs.party_ids()
                )
                found.append(
                    PairLink(
                        portfolio=key,
                        municipality=portfolio.municipality.id,
                        name=_name(portfolio.municipality),
                        id=partnership.id,
                        parties=parties,
                        other=other,
                        other_municipality=portfolios[other].municipality.id,
                        other_name=_name(portfolios[other].municipality),
                        recorded_back=back,
                    )
                )
    return found


def one_sided_finding(link: PairLink) -> PairFinding:
    """The finding for a ``link`` the other portfolio does not record."""
    return PairFinding(
        link.portfolio,
        "recorded-by-one-side",
        f"partnerships[{link.id}]",
        _(
            "{other} records no partnership with {own}; this"
            " one is recorded by {own} only"
        ).format(other=link.other_name, own=link.name),
        link.other,
    )


def compare_pair(
    portfolios: Mapping[str, Portfolio], *, day: dt.date | None = None
) -> list[PairFinding]:
    """Compare what each pair of ``portfolios`` (by key) records about the other.

    For every partnership in one portfolio with a party that is another
    portfolio's municipality (:func:`represents`), the other portfolio
    should record a partnership with the first: one recorded by one side
    only is reported, and so is a pair whose dates of establishment (the
    first event that made each side active) differ.  The partnerships
    recorded by one side only are those ``PartnershipQuery(one_sided=True)``
    finds: both come from :func:`evaluate_links`.
    """
    return compare_links(evaluate_links(portfolios), portfolios.__getitem__, day=day)


#: How many portfolios :func:`compare_links` keeps read at once.
_KEEP_LOADED = 8


def compare_links(
    found: Sequence[PairLink],
    load: Callable[[str], Portfolio],
    *,
    day: dt.date | None = None,
    only: str | None = None,
) -> list[PairFinding]:
    """The findings of :func:`compare_pair` from the links between portfolios.

    ``found`` are every link between the portfolios (:func:`links`: a
    database finds them with SQL); a link not recorded back is a finding
    as it is, and only the portfolios of a pair recorded on both sides are
    read (``load`` by key) to compare the dates.  With ``only``, just the
    findings of pairs that portfolio is in.
    """
    day = day or dt.date.today()
    mirrors: dict[tuple[str, str], set[str]] = {}
    for link in found:
        mirrors.setdefault((link.portfolio, link.other), set()).add(link.id)
    # The links come by key, so a portfolio is wanted again soon or never:
    # keep the last few read, not every portfolio of a large database.
    loaded: dict[str, Portfolio] = {}

    def portfolio(key: str) -> Portfolio:
        if key in loaded:
            loaded[key] = loaded.pop(key)  # the most recently used goes last
        else:
            loaded[key] = load(key)
            if len(loaded) > _KEEP_LOADED:
                del loaded[next(iter(loaded))]
        return loaded[key]

    findings: list[PairFinding] = []
    for link in found:
        if only is not None and only not in {link.portfolio, link.other}:
            continue
        if not link.recorded_back:
            findings.append(one_sided_finding(link))
        elif link.portfolio < link.other:  # a pair on both sides is compared once
            ours = portfolio(link.portfolio)
            theirs = portfolio(link.other)
            differ = _dates_differ(
                link,
                ours.partnerships,
                [
                    mirror
                    for mirror in theirs.partnerships
                    if mirror.id in mirrors[link.other, link.portfolio]
                ],
                day,
            )
            if differ is not None:
                findings.append(differ)
    return findings


def _dates_differ(
    link: PairLink,
    ours: Sequence[Partnership],
    mirrors: Sequence[Partnership],
    day: dt.date,
) -> PairFinding | None:
    """The finding when the partnership starts on a day none of ``mirrors`` does."""
    partnership = next(p for p in ours if p.id == link.id)
    started = partnership.established(day).get(link.municipality)
    theirs = [m.established(day).get(link.other_municipality) for m in mirrors]
    if started is None or not all(d is not None and d != started for d in theirs):
        return None
    return PairFinding(
        link.portfolio,
        "dates-differ",
        f"partnerships[{link.id}]",
        _(
            "{own} records this partnership from {ours}, {other}"
            " from {theirs}; check which is right"
        ).format(
            own=link.name,
            ours=started,
            other=link.other_name,
            theirs=", ".join(str(d) for d in theirs),
        ),
        link.other,
    )


def _name(municipality: Municipality) -> str:
    text = municipality.name.get(
        municipality.default_language, municipality.name.languages
    )
    return text or municipality.id
