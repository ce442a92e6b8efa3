"""Strategies for strategies, their documents, themes, goals and indicators."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from decimal import Decimal

from hypothesis import strategies as st

from munintl.model import (
    Adoption,
    DecisionRight,
    FollowUpRule,
    Goal,
    Indicator,
    Measurement,
    Strategy,
    StrategyDocument,
    Theme,
)
from munintl.testing.strategies._base import (
    URLS,
    Draw,
    few,
    optional,
)
from munintl.testing.strategies.dates import periods, recent_dates
from munintl.testing.strategies.references import (
    ANY,
    References,
    distinct_refs,
    optional_ref,
    unique_slugs,
)
from munintl.testing.strategies.text import localized_texts, optional_texts, texts
from munintl.testing.strategies.values import (
    code,
    code_refs,
    currencies,
    entity_fields,
    links,
    slugs,
)

__all__ = [
    "adoptions",
    "decision_rights",
    "follow_up_rules",
    "goals",
    "indicators",
    "measurements",
    "strategies",
    "strategy_documents",
    "themes",
]


@functools.cache
def measured_values() -> st.SearchStrategy[Decimal]:
    """Generate a measured value or figure, up to the limits of one."""
    return (
        st.decimals(min_value=-(10**6), max_value=10**6, places=2)
        | st.integers(-(10**6), 10**6).map(Decimal)
        # The limits of a measured value: 15 digits before the point, 6 after.
        | st.sampled_from(
            (Decimal("-999999999999999.999999"), Decimal("0.000001"), Decimal(0))
        )
    )


@functools.cache
def measurements() -> st.SearchStrategy[Measurement]:
    """Generate a baseline, target or actual value; every part optional."""
    return st.builds(
        Measurement,
        value=optional(measured_values()),
        text=optional_texts(),
        date=optional(recent_dates()),
    )


@functools.cache
def indicators() -> st.SearchStrategy[Indicator]:
    """Generate an indicator with optional baseline, target and actual."""
    return st.builds(
        Indicator,
        name=localized_texts(),
        unit=optional(st.sampled_from(("%", "persons", "DKK", "antal", "t CO₂e"))),
        currency=optional(currencies()),
        baseline=optional(measurements()),
        target=optional(measurements()),
        actual=optional(measurements()),
    )


@st.composite
def goals(draw: Draw, *, id: str | None = None) -> Goal:
    """Generate a goal with optional indicators and SDG classifications."""
    return Goal(
        **entity_fields(draw),
        id=id or draw(slugs()),
        statement=draw(localized_texts()),
        indicators=draw(few(indicators(), 1)),
        classifications=draw(few(code_refs(), 2)),
    )


def _theme_forest(
    draw: Draw,
    theme_ids: list[str],
    goal_ids: list[str],
    *,
    refs: References,
    depth: int,
    min_count: int = 0,
) -> tuple[Theme, ...]:
    """Build sibling themes, consuming ids from the pools so none repeats."""
    count = draw(st.integers(min(min_count, len(theme_ids)), min(2, len(theme_ids))))
    forest = []
    for _ in range(count):
        if not theme_ids:
            break
        theme_id = theme_ids.pop(0)
        goal_count = draw(st.integers(0, min(2, len(goal_ids))))
        theme_goals = tuple(draw(goals(id=goal_ids.pop(0))) for _ in range(goal_count))
        children = (
            _theme_forest(draw, theme_ids, goal_ids, refs=refs, depth=depth - 1)
            if depth > 1
            else ()
        )
        forest.append(
            Theme(
                **entity_fields(draw),
                id=theme_id,
                title=draw(localized_texts()),
                label=draw(optional_texts()),
                description=draw(optional_texts()),
                cross_cutting=draw(st.booleans()),
                goals=theme_goals,
                themes=children,
                responsible=distinct_refs(draw, refs.bodies),
                reports_to=distinct_refs(draw, refs.bodies),
                classifications=draw(few(code_refs(), 1)),
            )
        )
    return tuple(forest)


@st.composite
def themes(draw: Draw, *, max_depth: int = 3, refs: References = ANY) -> Theme:
    """Generate a theme with goals and sub-themes, ``max_depth`` levels at most."""
    theme_ids = draw(unique_slugs(6, min_size=1))
    goal_ids = draw(unique_slugs(3))
    forest = _theme_forest(
        draw,
        list(theme_ids),
        list(goal_ids),
        refs=refs,
        depth=max_depth,
        min_count=1,
    )
    return forest[0]


@st.composite
def adoptions(draw: Draw, *, refs: References = ANY) -> Adoption:
    """Who adopted a document, and when."""
    return Adoption(
        body=optional_ref(draw, refs.bodies),
        date=draw(optional(recent_dates())),
        reference=draw(optional(texts(max_size=12))),
    )


@st.composite
def strategy_documents(
    draw: Draw,
    *,
    id: str | None = None,
    parents: Sequence[str] | None = None,
    refs: References = ANY,
    themes: Sequence[str] | None = None,
) -> StrategyDocument:
    """Generate a policy, guidelines or action plan, with issuer and adoption.

    An action plan may implement some of ``themes`` (any slugs if None).
    """
    return StrategyDocument(
        **entity_fields(draw),
        id=id or draw(slugs()),
        kind=draw(code("document-kind")),
        title=draw(localized_texts()),
        issuer=optional_ref(draw, refs.bodies),
        adoption=draw(optional(adoptions(refs=refs))),
        parent=optional_ref(draw, parents),
        url=draw(optional(st.sampled_from(URLS))),
        period=draw(optional(periods())),
        implements=distinct_refs(draw, themes, 1),
    )


@st.composite
def follow_up_rules(draw: Draw, *, refs: References = ANY) -> FollowUpRule:
    """How often a strategy is followed up, by whom, to whom."""
    return FollowUpRule(
        frequency=draw(code("follow-up-frequency")),
        prepared_by=distinct_refs(draw, refs.bodies),
        addressed_to=distinct_refs(draw, refs.bodies),
        description=draw(optional_texts()),
    )


@st.composite
def decision_rights(draw: Draw, *, refs: References = ANY) -> DecisionRight:
    """Which bodies decide on a kind of relationship."""
    return DecisionRight(
        partnership_kind=draw(code("partnership-kind")),
        bodies=distinct_refs(draw, refs.bodies),
        note=draw(optional_texts()),
    )


@st.composite
def strategies(
    draw: Draw,
    *,
    id: str | None = None,
    theme_ids: Sequence[str] | None = None,
    goal_ids: Sequence[str] | None = None,
    max_depth: int = 2,
    refs: References = ANY,
) -> Strategy:
    """Generate a strategy with documents and a tree of themes.

    ``theme_ids`` and ``goal_ids`` are the ids its themes and goals use (in
    order, not all need be used); by default fresh ones are drawn.
    """
    if theme_ids is None:
        theme_ids = draw(unique_slugs(4))
    if goal_ids is None:
        goal_ids = draw(unique_slugs(2))
    document_ids = draw(unique_slugs(2))
    documents = tuple(
        draw(
            strategy_documents(
                id=doc_id, parents=document_ids[:n], refs=refs, themes=theme_ids[:1]
            )
        )
        for n, doc_id in enumerate(document_ids)
    )
    return Strategy(
        **entity_fields(draw),
        id=id or draw(slugs()),
        title=draw(localized_texts()),
        vision=draw(optional_texts()),
        summary=draw(optional_texts()),
        principles=draw(few(localized_texts(), 2)),
        period=draw(optional(periods())),
        status=draw(code("strategy-status")),
        adoption=draw(optional(adoptions(refs=refs))),
        supersedes=optional_ref(draw, refs.strategies),
        documents=documents,
        themes=_theme_forest(
            draw,
            list(theme_ids),
            list(goal_ids),
            refs=refs,
            depth=max_depth,
            min_count=1,
        ),
        follow_up=draw(optional(follow_up_rules(refs=refs))),
        decision_rights=tuple(
            {
                right.partnership_kind: right
                for right in draw(st.lists(decision_rights(refs=refs), max_size=2))
            }.values()
        ),
        links=draw(few(links(), 1)),
    )
