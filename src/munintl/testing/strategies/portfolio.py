"""Strategies for whole portfolios whose references resolve."""

from __future__ import annotations

import attrs
from hypothesis import strategies as st

from munintl.model import (
    FollowUp,
    Period,
    Portfolio,
    SubjectRef,
)
from munintl.testing.strategies._base import (
    FIRST_YEAR,
    LAST_YEAR,
    Draw,
)
from munintl.testing.strategies.followup import followups
from munintl.testing.strategies.initiative import initiatives
from munintl.testing.strategies.organisation import (
    bodies,
    municipalities,
    organisations,
)
from munintl.testing.strategies.partnership import partnerships
from munintl.testing.strategies.references import (
    References,
    unique_slugs,
)
from munintl.testing.strategies.strategy import strategies

__all__ = [
    "portfolios",
]


def _active_subjects(portfolio: Portfolio, period: Period) -> tuple[SubjectRef, ...]:
    """List every theme and goal, and what is active in ``period``."""
    subjects = [SubjectRef("theme", theme.id) for _, theme in portfolio.all_themes()]
    subjects += [
        SubjectRef("goal", goal.id)
        for strategy in portfolio.strategies
        for _, goal in strategy.all_goals()
    ]
    subjects += [
        SubjectRef("initiative", i.id) for i in portfolio.initiatives_active_in(period)
    ]
    subjects += [
        SubjectRef("partnership", p.id)
        for p in portfolio.partnerships_active_in(period)
    ]
    return tuple(subjects)


@st.composite
def portfolios(draw: Draw, *, max_size: int = 3) -> Portfolio:
    """Generate a small portfolio whose references all resolve.

    At most ``max_size`` entities per collection (two strategies, each with
    a few nested themes).  Ids are unique per collection; theme and goal ids
    unique across the portfolio; no organisation shares the municipality's
    id; parents, successors and ``supersedes`` only point backwards, so no
    chain loops; partnerships have the municipality and at least one
    organisation as parties, and follow-ups only exist where there is a body
    to address them to.
    """
    municipality = draw(municipalities())
    body_ids = draw(
        unique_slugs(max_size).map(lambda ids: [i for i in ids if i != municipality.id])
    )
    # An organisation shares no id with the municipality or a body, so every
    # actor reference names one actor.
    organisation_ids = draw(
        unique_slugs(max_size).map(
            lambda ids: [i for i in ids if i != municipality.id and i not in body_ids]
        )
    )
    strategy_ids = draw(unique_slugs(min(max_size, 2)))
    theme_pool = draw(unique_slugs(2 * max_size))
    goal_pool = draw(unique_slugs(max_size))
    initiative_ids = draw(unique_slugs(max_size))
    partnership_ids = draw(unique_slugs(min(max_size, 2))) if organisation_ids else []

    refs = References(
        bodies=tuple(body_ids),
        organisations=tuple(organisation_ids),
        parties=(municipality.id, *organisation_ids),
        actors=(municipality.id, *organisation_ids, *body_ids),
        strategies=(),
        themes=(),
        goals=(),
        initiatives=tuple(initiative_ids),
        partnerships=tuple(partnership_ids),
    )
    the_bodies = [
        draw(bodies(id=body_id, refs=attrs.evolve(refs, bodies=tuple(body_ids[:n]))))
        for n, body_id in enumerate(body_ids)
    ]
    the_organisations = [
        draw(
            organisations(
                id=org_id,
                refs=attrs.evolve(refs, organisations=tuple(organisation_ids[:n])),
            )
        )
        for n, org_id in enumerate(organisation_ids)
    ]
    the_strategies = []
    for n, strategy_id in enumerate(strategy_ids):
        half = len(theme_pool) // 2
        own_themes = theme_pool[:half] if n == 0 else theme_pool[half:]
        own_goals = (
            goal_pool[: len(goal_pool) // 2]
            if n == 0
            else goal_pool[len(goal_pool) // 2 :]
        )
        the_strategies.append(
            draw(
                strategies(
                    id=strategy_id,
                    theme_ids=own_themes,
                    goal_ids=own_goals,
                    refs=attrs.evolve(refs, strategies=tuple(strategy_ids[:n])),
                )
            )
        )
    theme_ids = tuple(
        theme.id for strategy in the_strategies for theme in strategy.all_themes()
    )
    goal_ids = tuple(
        goal.id for strategy in the_strategies for _, goal in strategy.all_goals()
    )
    document_ids = tuple(
        document.id for strategy in the_strategies for document in strategy.documents
    )
    refs = attrs.evolve(
        refs,
        strategies=tuple(strategy_ids),
        themes=theme_ids,
        goals=goal_ids,
        documents=document_ids,
    )
    the_initiatives = [
        draw(initiatives(id=initiative_id, parents=initiative_ids[:n], refs=refs))
        for n, initiative_id in enumerate(initiative_ids)
    ]
    the_partnerships = [
        draw(partnerships(id=partnership_id, refs=refs))
        for partnership_id in partnership_ids
    ]
    portfolio = Portfolio(
        municipality=municipality,
        bodies=the_bodies,
        organisations=the_organisations,
        strategies=the_strategies,
        initiatives=the_initiatives,
        partnerships=the_partnerships,
    )
    if not body_ids:
        return portfolio
    followup_ids = draw(unique_slugs(min(max_size, 2)))
    the_followups: list[FollowUp] = []
    for followup_id in followup_ids:
        # Now and then an ad-hoc review, covering no fixed period: it names
        # any subject, running or ended.
        period = draw(st.integers(FIRST_YEAR, LAST_YEAR).map(Period.year))
        ad_hoc = draw(st.booleans()) and bool(_active_subjects(portfolio, Period()))
        subjects = _active_subjects(portfolio, Period() if ad_hoc else period)
        the_followups.append(
            draw(
                followups(
                    id=followup_id,
                    period=None if ad_hoc else period,
                    ad_hoc=ad_hoc,
                    # A correction may revise a follow-up made before it.
                    refs=attrs.evolve(
                        refs,
                        subjects=subjects,
                        followups=tuple(f.id for f in the_followups),
                    ),
                )
            )
        )
    return attrs.evolve(portfolio, followups=the_followups)
