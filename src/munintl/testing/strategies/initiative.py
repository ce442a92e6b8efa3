"""Strategies for initiatives: participations, funding, results."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from hypothesis import strategies as st

from munintl.model import (
    FundingLine,
    Initiative,
    Participation,
    Result,
)
from munintl.testing.strategies._base import (
    Draw,
    few,
    optional,
)
from munintl.testing.strategies.dates import partial_dates, periods, recurrences
from munintl.testing.strategies.references import (
    ANY,
    References,
    actor_pool,
    distinct_refs,
    optional_ref,
    required_ref,
)
from munintl.testing.strategies.strategy import indicators
from munintl.testing.strategies.text import localized_texts, optional_texts, texts
from munintl.testing.strategies.values import (
    code,
    code_refs,
    entity_fields,
    links,
    money,
    slugs,
    sources,
)

__all__ = [
    "funding_lines",
    "initiatives",
    "participations",
    "results",
]


@st.composite
def participations(draw: Draw, *, refs: References = ANY) -> Participation:
    """Generate a named partner, or a count of unnamed ones.

    A named partner is any actor (an organisation, a body, the
    municipality); a count may list (``includes``) the actors among the
    counted ones.
    """
    actors = actor_pool(refs)
    named = actors is None or bool(actors)
    includes: tuple[str, ...] = ()
    if named and draw(st.booleans()):
        organisation: str | None = required_ref(draw, actors)
        count = None
    else:
        organisation, count = None, draw(st.integers(1, 40))
        includes = distinct_refs(draw, actors)
    return Participation(
        organisation=organisation,
        count=count,
        includes=includes,
        description=draw(optional_texts()),
        role=draw(code("organisation-role")),
        lead=draw(st.booleans()),
        sources=draw(few(sources(), 1)),
    )


@st.composite
def funding_lines(draw: Draw, *, refs: References = ANY) -> FundingLine:
    """Generate money from one funder or programme, in one phase."""
    return FundingLine(
        funder=optional_ref(draw, refs.organisations),
        programme=draw(optional(code("funding-programme"))),
        amount=draw(optional(money())),
        phase=draw(optional(st.sampled_from(("1", "2", "Fase 1", "phase-2")))),
        period=draw(optional(periods())),
        note=draw(optional_texts()),
        sources=draw(few(sources(), 1)),
    )


@functools.cache
def results() -> st.SearchStrategy[Result]:
    """Generate an output, outcome or impact with an optional indicator."""
    return st.builds(
        Result,
        type=code("result-type"),
        title=localized_texts(),
        description=optional_texts(),
        indicator=optional(indicators()),
        sources=few(sources(), 1),
    )


@st.composite
def initiatives(
    draw: Draw,
    *,
    id: str | None = None,
    parents: Sequence[str] | None = None,
    refs: References = ANY,
) -> Initiative:
    """Generate a project, membership, exchange, ... with partners and funding.

    ``parents`` are the initiatives it may be part of (any slug by default).
    """
    return Initiative(
        **entity_fields(draw),
        id=id or draw(slugs()),
        title=draw(localized_texts()),
        acronym=draw(optional(texts(max_size=8))),
        kind=draw(code("initiative-kind")),
        status=draw(code("initiative-status")),
        status_as_of=draw(optional(partial_dates())),
        period=draw(optional(periods())),
        recurrence=draw(optional(recurrences())),
        summary=draw(optional_texts()),
        description=draw(optional_texts()),
        themes=distinct_refs(draw, refs.themes),
        goals=distinct_refs(draw, refs.goals),
        responsible=distinct_refs(
            draw, refs.bodies if refs.actors is None else refs.actors
        ),
        participations=tuple(draw(st.lists(participations(refs=refs), max_size=2))),
        plans=distinct_refs(draw, refs.documents),
        funding=tuple(draw(st.lists(funding_lines(refs=refs), max_size=2))),
        parent=optional_ref(draw, parents),
        partnership=optional_ref(draw, refs.partnerships),
        results=draw(few(results(), 1)),
        links=draw(few(links(), 1)),
        classifications=draw(few(code_refs(), 2)),
    )
