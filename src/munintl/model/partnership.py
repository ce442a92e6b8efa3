"""Long-lived relationships: twin towns, agreements, network memberships."""

from __future__ import annotations

import datetime as dt

import attrs

from munintl.model.dates import PartialDate
from munintl.model.text import LocalizedText
from munintl.model.values import Entity, Link, code, ident, many, ref, refs, text

#: The status each partnership event leaves the party (or parties) in.
#: Events not listed (``reviewed``, ``noted``) leave the status unchanged.
STATUS_AFTER_EVENT: dict[str, str] = {
    "proposed": "proposed",
    "signed": "active",
    "re-signed": "active",
    "renewed": "active",
    "resumed": "active",
    "suspended": "suspended",
    "dormant": "dormant",
    "ended": "ended",
    "transferred": "transferred",
}


@attrs.frozen(kw_only=True)
class Party:
    """One side of a partnership: the municipality or an organisation."""

    party: str = ref(to="parties", required=True)
    role: LocalizedText = text()


@attrs.frozen(kw_only=True)
class PartnershipEvent(Entity):
    """A dated event in a partnership's history.

    ``party`` is the side that acted; without it the event concerns every
    party (a joint signature).  ``decided_by`` and ``reference`` name the
    decision behind it (a council decision, a partner's report paper);
    ``transferred_to`` the body or organisation that carries the relationship
    on after a ``transferred`` event.
    """

    kind: str = code("partnership-event")
    date: PartialDate
    party: str | None = ref(to="parties")
    decided_by: str | None = ref(to="bodies")
    reference: str | None = None
    transferred_to: str | None = ref(to="parties")
    note: LocalizedText = text()


@attrs.frozen(kw_only=True)
class Partnership(Entity):
    """A twin town, partner city, agreement or network membership.

    The status is not stored: it follows from the ``events``, per party,
    as of any date (see :meth:`status_on`); the two sides may disagree.
    """

    id: str = ident()
    kind: str = code("partnership-kind")
    title: LocalizedText
    parties: tuple[Party, ...] = many()
    areas: tuple[str, ...] = refs(to="themes")
    description: LocalizedText = text()
    review: PartialDate | None = None
    expires: PartialDate | None = None
    events: tuple[PartnershipEvent, ...] = many()
    links: tuple[Link, ...] = many()

    def party_ids(self) -> tuple[str, ...]:
        """The ids of the parties, in order."""
        return tuple(party.party for party in self.parties)

    def status_on(self, day: dt.date | None = None) -> dict[str, str | None]:
        """Derive each party's status on ``day`` (today if not given).

        An event counts once it has surely happened: its whole interval lies
        on or before ``day`` (an event "in 2023" counts from 31 Dec 2023).
        A party with no event yet has status ``None``.
        """
        day = day or dt.date.today()
        status: dict[str, str | None] = dict.fromkeys(self.party_ids())
        for event in sorted(self.events, key=lambda e: e.date.sort_key()):
            if event.date.last_day > day:
                continue
            new = STATUS_AFTER_EVENT.get(event.kind)
            if new is None:
                continue
            for party in [event.party] if event.party else list(status):
                status[party] = new
        return status

    def events_in(self, first: dt.date, last: dt.date) -> tuple[PartnershipEvent, ...]:
        """The events whose date may fall between ``first`` and ``last``."""
        return tuple(
            event
            for event in self.events
            if event.date.first_day <= last and first <= event.date.last_day
        )

    def start(self) -> PartialDate | None:
        """The date of the first event, if any."""
        if not self.events:
            return None
        return min(self.events, key=lambda e: e.date.sort_key()).date
