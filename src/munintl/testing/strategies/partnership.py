"""Strategies for partnerships, their parties and events."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from munintl.model import (
    KIND_CHANGE,
    STATUS_AFTER_EVENT,
    DateClaim,
    Partnership,
    PartnershipEvent,
    Party,
)
from munintl.testing.strategies._base import (
    Draw,
    few,
    optional,
)
from munintl.testing.strategies.dates import event_dates, recent_dates, recurrences
from munintl.testing.strategies.references import (
    ANY,
    References,
    actor_pool,
    distinct_refs,
    optional_ref,
    required_ref,
    unique_slugs,
)
from munintl.testing.strategies.text import localized_texts, optional_texts, texts
from munintl.testing.strategies.values import (
    CODES,
    code,
    entity_fields,
    links,
    slugs,
    sources,
)

__all__ = [
    "date_claims",
    "parties",
    "partnership_events",
    "partnerships",
]


def parties(party_ids: Sequence[str] | None = None) -> st.SearchStrategy[Party]:
    """One side of a partnership."""
    party = slugs() if not party_ids else st.sampled_from(party_ids)
    return st.builds(Party, party=party, role=optional_texts())


def _status(draw: Draw, kind: str) -> str | None:
    """An event's own status: always for an added kind, the same for a built-in."""
    if kind not in STATUS_AFTER_EVENT:
        return draw(code("partnership-status")) if kind == "twinned" else None
    return draw(optional(st.just(STATUS_AFTER_EVENT[kind])))


@st.composite
def partnership_events(
    draw: Draw,
    *,
    party_ids: Sequence[str] | None = None,
    refs: References = ANY,
    replacements: Sequence[str] | None = None,
) -> PartnershipEvent:
    """Generate an event, joint or by one of ``party_ids``.

    Its date may be bounded or not known; a ``replaced`` event may name one
    of ``replacements`` (any slug if None).
    """
    # Transfers, kind changes and replacements weighted up so the fields
    # only they have get exercised too; "twinned" is a kind a municipality
    # added, which says its status itself.
    kind = draw(
        st.sampled_from(
            (
                "transferred",
                "handed-over",
                KIND_CHANGE,
                "replaced",
                "twinned",
                *CODES["partnership-event"],
            )
        )
    )
    actors = actor_pool(refs)
    transferred_to = (
        required_ref(draw, actors)
        if kind in ("transferred", "handed-over") and actors != ()
        else None
    )
    return PartnershipEvent(
        **entity_fields(draw),
        kind=kind,
        date=draw(event_dates()),
        party=optional_ref(draw, party_ids),
        decided_by=optional_ref(draw, refs.bodies),
        reference=draw(optional(texts(max_size=12))),
        status=_status(draw, kind),
        transferred_to=transferred_to,
        new_kind=draw(code("partnership-kind")) if kind == KIND_CHANGE else None,
        replaced_by=optional_ref(draw, replacements) if kind == "replaced" else None,
        recurrence=draw(optional(recurrences())),
        other_dates=draw(few(date_claims(), 1)),
        note=draw(optional_texts()),
    )


def date_claims() -> st.SearchStrategy[DateClaim]:
    """Generate a date another source gives, with that source."""
    return st.builds(
        DateClaim,
        date=recent_dates(),
        sources=st.lists(sources(), min_size=1, max_size=2).map(tuple),
        note=optional_texts(),
    )


@st.composite
def partnerships(
    draw: Draw,
    *,
    id: str | None = None,
    refs: References = ANY,
) -> Partnership:
    """Generate a twinning or agreement with two or more parties and events.

    The parties are distinct; with ``refs.parties`` the first of those (the
    municipality) is always one of them.  Events are in date order.
    """
    if refs.parties is None:
        party_ids = draw(unique_slugs(3, min_size=2))
    else:
        others = list(refs.parties[1:])
        chosen = (
            draw(st.lists(st.sampled_from(others), min_size=1, max_size=2, unique=True))
            if others
            else []
        )
        party_ids = [refs.parties[0], *chosen] if refs.parties else []
    own = id or draw(slugs())
    replacements = (
        None
        if refs.partnerships is None
        else tuple(p for p in refs.partnerships if p != own)
    )
    events = draw(
        st.lists(
            partnership_events(
                party_ids=party_ids, refs=refs, replacements=replacements
            ),
            max_size=3,
        )
    )
    return Partnership(
        **entity_fields(draw),
        id=own,
        kind=draw(code("partnership-kind")),
        title=draw(localized_texts()),
        parties=tuple(draw(parties((party,))) for party in party_ids),
        kept_by=distinct_refs(draw, actor_pool(refs)),
        areas=distinct_refs(draw, refs.themes),
        topics=draw(few(localized_texts(), 2)),
        description=draw(optional_texts()),
        review=draw(optional(recent_dates())),
        expires=draw(optional(recent_dates())),
        events=tuple(sorted(events, key=lambda event: event.sort_key())),
        links=draw(few(links(), 1)),
    )
