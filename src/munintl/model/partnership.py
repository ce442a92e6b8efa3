"""Long-lived relationships: twin towns, agreements, network memberships."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

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

#: Events that carry an agreement on past its ``expires`` date when they
#: happen on or after it: a renewal, a new signature.
RENEWING_EVENTS: frozenset[str] = frozenset({"signed", "re-signed", "renewed"})

#: The statuses in which a party takes part in the relationship.
ACTIVE_STATUSES: frozenset[str] = frozenset({"active", "renewed"})

#: Every status :meth:`Partnership.status_on` gives a party: those its events
#: lead to, and ``expired`` and ``renewed`` from the agreement's expiry.
PARTNERSHIP_STATUSES: tuple[str, ...] = (
    *dict.fromkeys(STATUS_AFTER_EVENT.values()),
    "renewed",
    "expired",
)


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
    ``transferred_to`` the actor (body or organisation) that carries the relationship
    on after a ``transferred`` event.
    """

    kind: str = code("partnership-event")
    date: PartialDate
    party: str | None = ref(to="parties")
    decided_by: str | None = ref(to="bodies")
    reference: str | None = None
    transferred_to: str | None = ref(to="actors")
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

        Once ``expires`` has surely passed, an active party is ``expired``,
        unless a renewal or new signature dated on or after the expiry has
        happened by ``day``: then it is ``renewed`` (or ``active`` after a new
        signature).  ``expires`` is the expiry of the agreement as recorded, so
        a renewal before that date is taken to be in it already.
        """
        day = day or dt.date.today()
        status: dict[str, str | None] = dict.fromkeys(self.party_ids())
        for event in self._events_by(day):
            new = STATUS_AFTER_EVENT.get(event.kind)
            if new is None:
                continue
            for party in self._concerned(event, status):
                status[party] = new
        expires = self.expires
        if expires is None or expires.last_day >= day:
            return status
        for party, value in status.items():
            if value != "active":
                continue
            renewal = next(
                (
                    event
                    for event in reversed(self._events_by(day))
                    if event.kind in RENEWING_EVENTS
                    and event.date.last_day >= expires.first_day
                    and party in self._concerned(event, status)
                ),
                None,
            )
            if renewal is None:
                status[party] = "expired"
            elif renewal.kind != "signed":
                status[party] = "renewed"
        return status

    def _events_by(self, day: dt.date) -> list[PartnershipEvent]:
        """The events that have surely happened by ``day``, oldest first."""
        return [
            event
            for event in sorted(self.events, key=lambda e: e.date.sort_key())
            if event.date.last_day <= day
        ]

    @staticmethod
    def _concerned(event: PartnershipEvent, parties: Iterable[str]) -> list[str]:
        # An event without a party concerns every party.
        return [event.party] if event.party else list(parties)

    def established(self, day: dt.date | None = None) -> dict[str, PartialDate | None]:
        """When the relationship was established for each party, as of ``day``.

        That is the date of the party's first event that made it active (a
        signature, say), not of a proposal or a note before it; ``None`` for a
        party not active by ``day`` (today if not given) at any time.
        """
        day = day or dt.date.today()
        since: dict[str, PartialDate | None] = dict.fromkeys(self.party_ids())
        for event in self._events_by(day):
            if STATUS_AFTER_EVENT.get(event.kind) != "active":
                continue
            for party in self._concerned(event, since):
                if since[party] is None:
                    since[party] = event.date
        return since

    def events_in(self, first: dt.date, last: dt.date) -> tuple[PartnershipEvent, ...]:
        """The events whose date may fall between ``first`` and ``last``."""
        return tuple(
            event
            for event in self.events
            if event.date.first_day <= last and first <= event.date.last_day
        )

    def active_spans(
        self, party: str | None = None
    ) -> tuple[tuple[dt.date, dt.date | None], ...]:
        """The spans of days on which the partnership is active, oldest first.

        Active means :meth:`status_on` gives ``party`` an active status
        (:data:`ACTIVE_STATUSES`); without ``party``, or when ``party`` is
        not one of the parties, any party's active status counts.  Each span
        is its first and last day; the last is None while it lasts.  The
        status only changes on the last day of an event and on the day after
        ``expires``, so those are the only days looked at.
        """
        days = {event.date.last_day for event in self.events}
        if self.expires is not None and self.expires.last_day < dt.date.max:
            days.add(self.expires.last_day + dt.timedelta(days=1))
        spans: list[tuple[dt.date, dt.date | None]] = []
        since: dt.date | None = None
        for day in sorted(days):
            status = self.status_on(day)
            statuses = [status[party]] if party in status else list(status.values())
            active = any(value in ACTIVE_STATUSES for value in statuses)
            if active and since is None:
                since = day
            elif not active and since is not None:
                spans.append((since, day - dt.timedelta(days=1)))
                since = None
        if since is not None:
            spans.append((since, None))
        return tuple(spans)

    def start(self) -> PartialDate | None:
        """The date of the first event, if any."""
        if not self.events:
            return None
        return min(self.events, key=lambda e: e.date.sort_key()).date
