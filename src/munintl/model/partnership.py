"""Long-lived relationships: twin towns, agreements, network memberships."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from munintl.model.dates import (
    Covering,
    PartialDate,
    Period,
    Recurrence,
    in_date_order,
)
from munintl.model.text import LocalizedText
from munintl.model.values import (
    DateClaim,
    Entity,
    Link,
    code,
    ident,
    line_text,
    many,
    optional_code,
    plain_line,
    ref,
    refs,
    text,
)

#: The status each built-in partnership event leaves the party (or parties)
#: in.  Events not listed (``reviewed``, ``noted``, ``kind-changed``) leave
#: the status unchanged; an event kind a municipality adds says its status
#: itself (:attr:`PartnershipEvent.status`).  The ``partnership-event``
#: codelist carries this table as its ``status`` mapping.
STATUS_AFTER_EVENT: dict[str, str] = {
    "proposed": "proposed",
    "signed": "active",
    "joined": "active",
    "re-signed": "active",
    "renewed": "active",
    "resumed": "active",
    "retained": "active",
    "reaffirmed": "active",
    "limited": "limited",
    "suspended": "suspended",
    "dormant": "dormant",
    "ended": "ended",
    "left": "ended",
    "relinquished": "relinquished",
    "transferred": "transferred",
    "handed-over": "handed-over",
    "replaced": "replaced",
}

#: The event that changes a partnership's kind (a twin town becomes a
#: partner city); its ``new_kind`` is the kind from its date on.
KIND_CHANGE = "kind-changed"

#: Events that carry an agreement on past its ``expires`` date when they
#: happen on or after it: a renewal, a new signature, a decision to retain
#: or reaffirm it.
RENEWING_EVENTS: frozenset[str] = frozenset(
    {"signed", "re-signed", "renewed", "retained", "reaffirmed"}
)

#: The statuses in which a party takes part in the relationship (``limited``:
#: scaled down, but still taking part).
ACTIVE_STATUSES: frozenset[str] = frozenset({"active", "renewed", "limited"})

#: The statuses in which a party has left the relationship for good: ended,
#: relinquished by decision, transferred to another body, handed over to
#: civil society, or replaced by another agreement.
LEFT_STATUSES: frozenset[str] = frozenset(
    {"ended", "relinquished", "transferred", "handed-over", "replaced"}
)

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
    role: LocalizedText = text(one_line=True)


@attrs.frozen(kw_only=True)
class PartnershipEvent(Entity, Covering):
    """An event in a partnership's history.

    ``kind`` comes from the open ``partnership-event`` list; each built-in
    kind leads to a status (``STATUS_AFTER_EVENT``), and ``status``
    says it for a kind a municipality adds.  ``date`` may be bounded
    (``before 1990``) or left out where it is not known.  ``party`` is the
    side that acted; without it the event concerns every party (a joint
    signature).  ``decided_by`` and ``reference`` name the decision behind
    it (a council decision, a partner's report paper); ``transferred_to``
    the actor (body or organisation) that carries the relationship on after
    a ``transferred`` or ``handed-over`` event; ``new_kind`` the kind a
    ``kind-changed`` event turns the partnership into; and ``replaced_by``
    the agreement that replaced it after a ``replaced`` event.  An event
    that recurs (an annual delegation visit) has a ``recurrence``; its date
    is the first occurrence, which alone counts for the status.  Where
    sources disagree on the date (signed in 1993 or 1994), ``date`` is the
    preferred one, with the event's ``sources``, and ``other_dates`` keeps
    each other date with the sources that give it.
    """

    kind: str = code("partnership-event")
    date: PartialDate | None = None
    party: str | None = ref(to="parties")
    decided_by: str | None = ref(to="bodies")
    reference: str | None = plain_line()
    status: str | None = optional_code("partnership-status")
    transferred_to: str | None = ref(to="actors")
    new_kind: str | None = optional_code("partnership-kind")
    replaced_by: str | None = ref(to="partnerships")
    recurrence: Recurrence | None = None
    other_dates: tuple[DateClaim, ...] = many()
    note: LocalizedText = text()

    def occurrences_in(self, period: Period) -> tuple[PartialDate, ...]:
        """The dates the event may fall on in ``period``.

        Its date, if it may fall in the period, or, for a recurring event,
        each occurrence that may.
        """
        if self.date is None:
            return ()
        if self.recurrence is not None:
            return self.recurrence.occurrences(self.date, None, period)
        return (self.date,) if period.overlaps(self.date) else ()

    def leads_to(self) -> str | None:
        """The status the event leaves its party in; None: unchanged."""
        return self.status or STATUS_AFTER_EVENT.get(self.kind)

    def covers(self) -> tuple[dt.date, dt.date]:
        """The days the event may have happened on; every day if not known."""
        if self.date is None:
            return dt.date.min, dt.date.max
        return self.date.covers()


@attrs.frozen(kw_only=True)
class Partnership(Entity):
    """A twin town, partner city, agreement or network membership.

    The status is not stored: it follows from the ``events``, per party,
    as of any date (see :meth:`status_on`); the two sides may disagree.
    What the relationship covers is ``areas`` (themes of a strategy) and
    ``topics`` (the agreement's own words, where they are no theme).
    ``kept_by`` names the actors that keep it going for the municipality,
    such as a twinning association that runs the visits, while the
    municipality stays the party.
    """

    id: str = ident()
    kind: str = code("partnership-kind")
    title: LocalizedText = line_text()
    parties: tuple[Party, ...] = many()
    kept_by: tuple[str, ...] = refs(to="actors")
    areas: tuple[str, ...] = refs(to="themes")
    topics: tuple[LocalizedText, ...] = many(one_line=True)
    description: LocalizedText = text()
    review: PartialDate | None = None
    expires: PartialDate | None = None
    events: tuple[PartnershipEvent, ...] = many()
    links: tuple[Link, ...] = many()

    def party_ids(self) -> tuple[str, ...]:
        """The ids of the parties, in order."""
        return tuple(party.party for party in self.parties)

    def status_on(
        self, day: dt.date | None = None, *, today: dt.date | None = None
    ) -> dict[str, str | None]:
        """Derive each party's status on ``day`` (today if not given).

        An event counts once it has surely happened (see :meth:`history`):
        its whole interval lies on or before ``day`` (an event "in 2023"
        counts from 31 Dec 2023, one "before 1990" from 31 Dec 1989).  Each
        event leads to the status :meth:`PartnershipEvent.leads_to` gives,
        for its party or, without one, for every party.  A party with no
        event yet has status ``None``.

        Once ``expires`` has surely passed, an active (or limited) party is
        ``expired``, unless a renewal, new signature or decision to retain
        or reaffirm it, dated on or after the expiry, has happened by
        ``day``: then it is ``renewed`` after a renewal or re-signature, and
        keeps its status otherwise.  ``expires`` is the expiry of the
        agreement as recorded, so a renewal before that date is taken to be
        in it already.
        """
        day = day or dt.date.today()
        events = self._events_by(day, today)
        status: dict[str, str | None] = dict.fromkeys(self.party_ids())
        for event in events:
            new = event.leads_to()
            if new is None:
                continue
            for party in self._concerned(event, status):
                status[party] = new
        expires = self.expires
        if expires is None or expires.last_day >= day:
            return status
        for party, value in status.items():
            if value not in ("active", "limited"):
                continue
            renewal = next(
                (
                    event
                    for event in reversed(events)
                    if event.kind in RENEWING_EVENTS
                    and event.last_day >= expires.first_day
                    and party in self._concerned(event, status)
                ),
                None,
            )
            if renewal is None:
                status[party] = "expired"
            elif renewal.kind in ("renewed", "re-signed"):
                status[party] = "renewed"
        return status

    def history(
        self, today: dt.date | None = None
    ) -> tuple[tuple[PartnershipEvent, dt.date], ...]:
        """Each event with the day by which it has surely happened, oldest first.

        That is the last day its date covers.  An event whose date is not
        known, or known only as "after" something, has surely happened by
        the time the next event listed after it (with a known last day) did,
        since a history is written oldest first; with no such event, by
        ``today`` (the real today if not given) -- it is recorded, so it has
        happened, unless its date lies wholly after ``today``
        (:data:`datetime.date.max` then).  Such an event is ordered just
        before the event it is dated by.
        """
        today = today or dt.date.today()
        timed: list[tuple[PartnershipEvent, tuple[dt.date, dt.date]]] = []
        following: tuple[dt.date, dt.date] | None = None
        for event in reversed(self.events):
            key = event.sort_key()
            if key[1] == dt.date.max:
                if following is not None and following[1] >= key[0]:
                    key = following
                else:
                    by = today if key[0] <= today else dt.date.max
                    key = (by, by)
            else:
                following = key
            timed.append((event, key))
        timed.reverse()
        # Events whose dates overlap (2023 and 12 January 2023) keep the
        # history's own order.
        ordered = in_date_order(timed, lambda pair: pair[1])
        return tuple((event, key[1]) for event, key in ordered)

    def _events_by(
        self, day: dt.date, today: dt.date | None = None
    ) -> list[PartnershipEvent]:
        """The events that have surely happened by ``day``, oldest first."""
        return [event for event, by in self.history(today) if by <= day]

    def events_by(
        self, day: dt.date, today: dt.date | None = None
    ) -> tuple[PartnershipEvent, ...]:
        """The events that have surely happened by ``day``, oldest first.

        See :meth:`history` for events whose date is not known.
        """
        return tuple(self._events_by(day, today))

    @staticmethod
    def _concerned(event: PartnershipEvent, parties: Iterable[str]) -> list[str]:
        # An event without a party concerns every party.
        return [event.party] if event.party else list(parties)

    def established(self, day: dt.date | None = None) -> dict[str, PartialDate | None]:
        """When the relationship was established for each party, as of ``day``.

        That is the date of the party's first event that made it active (a
        signature, say), not of a proposal or a note before it; ``None`` for a
        party not active by ``day`` (today if not given) at any time, or
        whose first such event has no known date.
        """
        day = day or dt.date.today()
        since: dict[str, PartialDate | None] = dict.fromkeys(self.party_ids())
        done: set[str] = set()
        for event in self._events_by(day):
            if event.leads_to() != "active":
                continue
            for party in self._concerned(event, since):
                if party not in done:
                    done.add(party)
                    since[party] = event.date
        return since

    def kind_on(self, day: dt.date | None = None) -> str:
        """The partnership's kind on ``day`` (today if not given).

        ``kind`` is the kind it began as; each ``kind-changed`` event that
        has surely happened by ``day`` gives the kind from then on (a twin
        town that became a partner city).
        """
        day = day or dt.date.today()
        kind = self.kind
        for event in self._events_by(day):
            if event.kind == KIND_CHANGE and event.new_kind:
                kind = event.new_kind
        return kind

    def events_in(self, first: dt.date, last: dt.date) -> tuple[PartnershipEvent, ...]:
        """The events whose date may fall between ``first`` and ``last``.

        An event whose date is not known is in no period; a recurring event
        is in every period one of its occurrences may fall in.
        """
        window = Period(
            start=PartialDate.from_date(first), end=PartialDate.from_date(last)
        )
        return tuple(event for event in self.events if event.occurrences_in(window))

    def active_spans(
        self, party: str | None = None
    ) -> tuple[tuple[dt.date, dt.date | None], ...]:
        """The spans of days on which the partnership is active, oldest first.

        Active means :meth:`status_on` gives ``party`` an active status
        (``ACTIVE_STATUSES``); without ``party``, or when ``party`` is
        not one of the parties, any party's active status counts.  Each span
        is its first and last day; the last is None while it lasts.  The
        status only changes on the last day of an event and on the day after
        ``expires``, so those are the only days looked at.
        """
        days = {by for _event, by in self.history() if by < dt.date.max}
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
        """The date of the earliest dated event, if any."""
        dated = [e.date for e in self.events if e.date is not None]
        if not dated:
            return None
        return min(dated, key=lambda d: d.sort_key())
