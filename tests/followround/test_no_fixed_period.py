"""A follow-up that covers no fixed period has no round of forms."""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import pytest

from munintl.followround import RoundError, plan_round, prepare_round
from munintl.followround.plan import (
    current_followup,
    followups_of_year,
    previous_followup,
    round_year,
)
from munintl.model import (
    Codelist,
    FollowUp,
    PartialDate,
    Portfolio,
    StatusUpdate,
    SubjectRef,
)


def _with_review(portfolio: Portfolio) -> tuple[Portfolio, FollowUp]:
    subject = SubjectRef("theme", portfolio.strategies[0].themes[0].id)
    review = FollowUp(
        id="review",
        addressee=portfolio.bodies[0].id,
        due=PartialDate.parse("2024-05-14"),
        updates=(StatusUpdate(subject=subject),),
    )
    return attrs.evolve(portfolio, followups=(*portfolio.followups, review)), review


def test_a_review_is_never_the_follow_up_of_a_year(portfolio: Portfolio) -> None:
    portfolio, review = _with_review(portfolio)
    assert review not in followups_of_year(portfolio, 2024)
    assert current_followup(portfolio, 2024, review.addressee) is not review
    with pytest.raises(RoundError, match="covers no fixed period"):
        round_year(review)
    with pytest.raises(RoundError, match="covers no fixed period"):
        previous_followup(portfolio, review)


def test_the_round_of_a_year_leaves_a_review_alone(
    portfolio: Portfolio, codelists: Mapping[str, Codelist]
) -> None:
    portfolio, review = _with_review(portfolio)
    plan = plan_round(portfolio, 2024, "udvalg")
    assert plan.followup.id != review.id
    assert plan.year == 2024
    prepared = prepare_round(portfolio, 2024, "udvalg", codelists=codelists)
    assert prepared.portfolio.followup("review") == review
