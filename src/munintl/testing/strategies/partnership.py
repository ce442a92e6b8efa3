"""Strategies for partnerships, their parties and events."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from munintl.model import (
    Partnership,
    PartnershipEvent,
    Party,
)
from munintl.testing.strategies._base import (
    Draw,
    few,
    optional,
)
from munintl.testing.strategies.dates import recent_dates
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
)

__all__ = [
    "parties",
    "partnership_events",
    "partnerships",
]


def parties(party_ids: Sequence[str] | None = None) -> st.SearchStrategy[Party]:
    """One side of a partnership."""
    party = slugs() if not party_ids else st.sampled_from(party_ids)
    return st.builds(Party, party=party, role=optional_texts())


@st.composite
def partnership_events(
    draw: Draw,
    *,
    party_ids: Sequence[str] | None = None,
    refs: References = ANY,
) -> PartnershipEvent:
    """Generate a dated event, joint or by one of ``party_ids``."""
    # Transfers weighted up so ``transferred_to`` gets exercised too.
    kind = draw(st.sampled_from((*CODES["partnership-event"], "transferred")))
    actors = actor_pool(refs)
    transferred_to = (
        required_ref(draw, actors) if kind == "transferred" and actors != () else None
    )
    return PartnershipEvent(
        **entity_fields(draw),
        kind=kind,
        date=draw(recent_dates()),
        party=optional_ref(draw, party_ids),
        decided_by=optional_ref(draw, refs.bodies),
        reference=draw(optional(texts(max_size=12))),
        transferred_to=transferred_to,
        note=draw(optional_texts()),
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
    events = draw(
        st.lists(partnership_events(party_ids=party_ids, refs=refs), max_size=3)
    )
    return Partnership(
        **entity_fields(draw),
        id=id or draw(slugs()),
        kind=draw(code("partnership-kind")),
        title=draw(localized_texts()),
        parties=tuple(draw(parties((party,))) for party in party_ids),
        areas=distinct_refs(draw, refs.themes),
        description=draw(optional_texts()),
        review=draw(optional(recent_dates())),
        expires=draw(optional(recent_dates())),
        events=tuple(sorted(events, key=lambda event: event.date.sort_key())),
        links=draw(few(links(), 1)),
    )
