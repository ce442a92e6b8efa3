"""Questions across portfolios, and the store that answers them in its own way.

A query asks for the initiatives or the partnerships of every portfolio in
a store that match all of the filters given (a filter left at None matches
everything).  :func:`munintl.query.find` answers one on any store: a store
with the ``queries`` capability (the database stores) answers it itself,
with SQL; for any other store munintl loads the portfolio and answers in
Python (:func:`munintl.query.evaluate`), giving the same answer.

The filters mean the same everywhere:

* ``municipality`` -- the portfolio's municipality id;
* ``theme`` -- an initiative that names the theme id among its themes;
* ``kind``, ``status`` -- the code, exactly;
* ``active_in`` -- a year: an initiative whose period may share a day with
  it (:meth:`munintl.model.Period.overlaps`; one without a period is active
  in none); a partnership active for the municipality on a day of it
  (:meth:`munintl.model.Partnership.active_spans`);
* ``partner`` -- an organisation id among an initiative's participations or
  a partnership's parties;
* ``country`` -- the country of such a partner (for a partnership, a party
  other than the municipality itself);
* ``programme`` -- a funding line's programme code;
* ``one_sided`` -- a partnership with another municipality whose portfolio
  is in the same store and records no partnership with this one.  A party
  is another portfolio's municipality when the organisation it names
  matches that municipality (``munintl.model.matching``: a shared
  identifier such as a Wikidata QID or a LAU, NUTS or national code; else
  the same id or name), the same way ``munintl check-pair`` matches them.

:class:`PairLink` rows are what ``munintl check-pair`` reads from a whole
database: every partnership of one portfolio with another portfolio's
municipality, and whether that portfolio records one back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

import attrs

if TYPE_CHECKING:
    from munintl.model import Portfolio

#: The years a query may ask about: those a calendar date can have.
MIN_YEAR, MAX_YEAR = 1, 9999


def _year(
    _instance: object, attribute: attrs.Attribute[int | None], value: int | None
) -> None:
    if value is not None and not MIN_YEAR <= value <= MAX_YEAR:
        raise ValueError(
            f"{attribute.name}={value}: a year from {MIN_YEAR} to {MAX_YEAR}"
        )


__all__ = [
    "Hit",
    "InitiativeHit",
    "InitiativeQuery",
    "PairLink",
    "PairStore",
    "PartnershipHit",
    "PartnershipQuery",
    "Query",
    "QueryStore",
]


@attrs.frozen(kw_only=True)
class InitiativeQuery:
    """Find initiatives; every filter given must match (see the module's notes)."""

    municipality: str | None = None
    theme: str | None = None
    kind: str | None = None
    status: str | None = None
    active_in: int | None = attrs.field(default=None, validator=_year)
    partner: str | None = None
    country: str | None = None
    programme: str | None = None


@attrs.frozen(kw_only=True)
class PartnershipQuery:
    """Find partnerships; every filter given must match (see the module's notes)."""

    municipality: str | None = None
    kind: str | None = None
    active_in: int | None = attrs.field(default=None, validator=_year)
    partner: str | None = None
    country: str | None = None
    one_sided: bool = False


@attrs.frozen(kw_only=True)
class InitiativeHit:
    """An initiative a query found: where it is and what it is.

    ``portfolio`` is the key the store holds it under (for a file store,
    the municipality's id); ``title`` is in the municipality's own language
    (or the first it has).
    """

    portfolio: str
    municipality: str
    id: str
    title: str | None
    kind: str
    status: str | None


@attrs.frozen(kw_only=True)
class PartnershipHit:
    """A partnership a query found; ``partners``: its parties but the municipality."""

    portfolio: str
    municipality: str
    id: str
    title: str | None
    kind: str
    partners: tuple[str, ...]


#: Any query, and any answer's row.
Query = InitiativeQuery | PartnershipQuery
Hit = InitiativeHit | PartnershipHit


@attrs.frozen(kw_only=True)
class PairLink:
    """A partnership recorded in one portfolio with another portfolio's municipality.

    ``portfolio`` is the key it is recorded under and ``id`` the
    partnership's id there; ``parties`` are its parties that are the
    municipality of portfolio ``other`` (in the partnership's order);
    ``recorded_back`` tells whether ``other`` records any partnership with
    this portfolio's municipality.  ``name`` and ``other_name`` are the
    municipalities' names in their own language.
    """

    portfolio: str
    municipality: str
    name: str
    id: str
    parties: tuple[str, ...]
    other: str
    other_municipality: str
    other_name: str
    recorded_back: bool


@runtime_checkable
class QueryStore(Protocol):
    """A store with the ``queries`` capability: it answers queries itself.

    ``query`` returns the hits in the store's order of portfolios (by
    key) and, within one, in the portfolio's order; for a location that
    names one portfolio, only that portfolio's.
    """

    def query(self, query: Query) -> list[Hit]:
        """Answer ``query`` over the portfolios the store holds."""
        ...


@runtime_checkable
class PairStore(Protocol):
    """A database store that finds :class:`PairLink` rows itself.

    It holds many portfolios: ``links`` looks at all of them, whatever key
    the location names (``addressed``); ``load_portfolio`` reads one by
    key and ``place`` says where it is, for messages.
    """

    def links(self) -> list[PairLink]:
        """Every link between the portfolios the store holds.

        By key, then in the portfolio's order of partnerships, then by the
        other portfolio's key.
        """
        ...

    def addressed(self) -> str | None:
        """The key the location names, if it names one."""
        ...

    def load_portfolio(self, key: str) -> Portfolio:
        """Read the current revision of portfolio ``key``."""
        ...

    def place(self, key: str) -> str:
        """The location of portfolio ``key``, as messages show it."""
        ...
