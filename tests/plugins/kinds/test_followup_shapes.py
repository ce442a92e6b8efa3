"""Follow-ups of every shape: to an outside body, ad hoc, a review with renewal."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
from click.testing import CliRunner

import munintl
from munintl.cli import main
from munintl.model import (
    Decision,
    FollowUp,
    Organisation,
    PartialDate,
    PartnershipEvent,
    Portfolio,
    StatusUpdate,
    SubjectRef,
)
from munintl.reporting import build
from plugins.rules.helpers import organisation, partnership, portfolio, text


def _review() -> Portfolio:
    day = PartialDate.parse("2024-05-14")
    review = FollowUp(
        id="review-partnerby",
        kind="partnership-review",
        title=text("Review of the twinning with Partnerby"),
        # An ad-hoc review: no fixed period, as of the day it was due.
        due=day,
        addressee="audit-office",
        prepared_by=("council",),
        updates=(
            StatusUpdate(
                subject=SubjectRef.parse("partnership:twinning"),
                achievements=text("Two school exchanges a year."),
            ),
        ),
        decisions=(
            Decision(
                body="council",
                date=PartialDate.parse("2024-06-20"),
                outcome="renew",
                text=text("The twinning is renewed for four years."),
                subjects=(SubjectRef.parse("partnership:twinning"),),
            ),
        ),
    )
    return portfolio(
        organisations=(
            organisation("partnerby"),
            Organisation(
                id="audit-office",
                name=text("National Audit Office"),
                type="government-agency",
            ),
        ),
        partnerships=(
            partnership(
                "twinning",
                "lilleby",
                "partnerby",
                events=(
                    PartnershipEvent(kind="signed", date=PartialDate.parse("1993")),
                ),
            ),
        ),
        followups=(review,),
    )


def test_a_review_addressed_to_an_outside_body_validates_and_renders() -> None:
    data = _review()
    assert [f for f in munintl.validate(data) if f.severity == "error"] == []
    text_ = repr(build(data, kind="followup", followup="review-partnerby", lang="en"))
    assert "National Audit Office" in text_
    assert "Two school exchanges a year." in text_
    assert "The twinning is renewed for four years." in text_
    assert "Renew" in text_


def test_an_addressee_that_is_nobody_is_still_an_error() -> None:
    data = _review()
    bad = attrs.evolve(data.followups[0], addressee="audit-ofice")
    findings = munintl.validate(attrs.evolve(data, followups=(bad,)))
    [found] = [f for f in findings if f.path == "followups[review-partnerby].addressee"]
    assert found.severity == "error"
    assert "audit-office" in found.message


def test_show_names_the_outside_addressee(tmp_path: Path) -> None:
    munintl.save(_review(), tmp_path / "store")
    result = CliRunner().invoke(main, ["show", str(tmp_path / "store"), "--json"])
    assert result.exit_code == 0, result.output
    [shown] = json.loads(result.stdout)["followups"]
    assert shown["addressee"] == "National Audit Office"
