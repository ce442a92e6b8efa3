"""Rules on what reports read as of a date: expired agreements and unknown facts.

An agreement past its ``expires`` date needs a renewal or a decision; an
initiative's period and status and a partner's role are never guessed by
reports, so leaving one out is a warning that says what to add.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from munintl.config import Config
from munintl.errors import Finding
from munintl.hooks.manager import MunintlPluginManager
from munintl.model import (
    Body,
    Decision,
    FollowUp,
    Initiative,
    LocalizedText,
    Municipality,
    Organisation,
    PartialDate,
    Participation,
    Partnership,
    PartnershipEvent,
    Party,
    Period,
    Portfolio,
    SubjectRef,
)
from munintl.validation import RuleContext, run_rules

MANAGER = MunintlPluginManager(strict=True, allow=(), disable=())
MANAGER.load_builtins(["munintl.plugins.codelists", "munintl.plugins.rules.dates"])
NEXT_YEAR = str(dt.date.today().year + 1)


def check(code: str, portfolio: Portfolio) -> list[Finding]:
    """Run one rule, as validation would, with the built-in codelists."""
    context = RuleContext(codelists=MANAGER.codelists(), config=Config())
    return run_rules(portfolio, [MANAGER.rules()[code]], context)


def paths(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.severity, f.path) for f in findings]


def text(value: str) -> LocalizedText:
    return LocalizedText.of(en=value)


def event(kind: str, date: str, **kwargs: Any) -> PartnershipEvent:
    return PartnershipEvent(kind=kind, date=PartialDate.parse(date), **kwargs)


def agreement(*events: PartnershipEvent, expires: str | None = "2019") -> Partnership:
    return Partnership(
        id="bergen",
        kind="cooperation-agreement",
        title=text("Bergen"),
        parties=(Party(party="nordby"), Party(party="bergen")),
        events=events,
        expires=PartialDate.parse(expires) if expires else None,
    )


def portfolio(**kwargs: Any) -> Portfolio:
    return Portfolio(
        municipality=Municipality(
            id="nordby", name=text("Nordby"), country="DK", default_language="en"
        ),
        bodies=(Body(id="council", name=text("Council"), type="city-council"),),
        organisations=(
            Organisation(id="bergen", name=text("Bergen"), type="municipality"),
        ),
        **kwargs,
    )


# -- partnership-expired-without-decision ---------------------------------------


def test_agreement_expired_without_renewal_or_decision_is_a_warning() -> None:
    findings = check(
        "partnership-expired-without-decision",
        portfolio(partnerships=(agreement(event("signed", "2015")),)),
    )
    assert paths(findings) == [("warning", "partnerships[bergen].expires")]
    assert "expired in 2019" in findings[0].message
    assert "renewed" in findings[0].message


def test_renewal_after_the_expiry_settles_it() -> None:
    partnership = agreement(event("signed", "2015"), event("renewed", "2020"))
    assert (
        check(
            "partnership-expired-without-decision",
            portfolio(partnerships=(partnership,)),
        )
        == []
    )


def test_ended_agreement_needs_no_decision() -> None:
    partnership = agreement(event("signed", "2015"), event("ended", "2019-12-31"))
    assert (
        check(
            "partnership-expired-without-decision",
            portfolio(partnerships=(partnership,)),
        )
        == []
    )


def test_decided_event_after_the_expiry_counts_as_a_decision() -> None:
    partnership = agreement(
        event("signed", "2015"), event("reviewed", "2020", decided_by="council")
    )
    assert (
        check(
            "partnership-expired-without-decision",
            portfolio(partnerships=(partnership,)),
        )
        == []
    )
    # A decision before the expiry does not deal with it.
    earlier = agreement(
        event("signed", "2015"), event("reviewed", "2017", decided_by="council")
    )
    assert (
        len(
            check(
                "partnership-expired-without-decision",
                portfolio(partnerships=(earlier,)),
            )
        )
        == 1
    )


def test_follow_up_decision_on_the_partnership_counts() -> None:
    decided = FollowUp(
        id="review-2020",
        kind="partnership-review",
        period=Period.year(2020),
        addressee="council",
        decisions=(
            Decision(
                body="council",
                date=PartialDate.parse("2020-05"),
                outcome="relinquish",
                subjects=(SubjectRef("partnership", "bergen"),),
            ),
        ),
    )
    found = check(
        "partnership-expired-without-decision",
        portfolio(
            partnerships=(agreement(event("signed", "2015")),), followups=(decided,)
        ),
    )
    assert found == []


def test_agreement_not_yet_expired_is_fine() -> None:
    partnership = agreement(event("signed", "2015"), expires=NEXT_YEAR)
    assert (
        check(
            "partnership-expired-without-decision",
            portfolio(partnerships=(partnership,)),
        )
        == []
    )


# -- unknown facts ----------------------------------------------------------------


def initiative(**kwargs: Any) -> Initiative:
    kwargs.setdefault("status", "implementation")
    kwargs.setdefault("period", Period.parse("2020", "2022"))
    return Initiative(id="skole", title=text("School links"), kind="project", **kwargs)


def test_initiative_without_a_period_is_a_warning() -> None:
    findings = check(
        "initiative-period-not-given", portfolio(initiatives=(initiative(period=None),))
    )
    assert paths(findings) == [("warning", "initiatives[skole].period")]
    assert "period not given" in findings[0].message
    # A period with neither end says no more than none.
    empty = initiative(period=Period())
    assert (
        len(check("initiative-period-not-given", portfolio(initiatives=(empty,)))) == 1
    )


def test_initiative_in_the_pipeline_may_have_no_period_yet() -> None:
    planned = initiative(period=None, status="pipeline")
    assert check("initiative-period-not-given", portfolio(initiatives=(planned,))) == []
    open_ended = initiative(period=Period.parse("2020"))
    assert (
        check("initiative-period-not-given", portfolio(initiatives=(open_ended,))) == []
    )


def test_initiative_without_a_status_is_a_warning() -> None:
    findings = check(
        "initiative-status-not-given", portfolio(initiatives=(initiative(status=None),))
    )
    assert paths(findings) == [("warning", "initiatives[skole].status")]
    assert (
        check("initiative-status-not-given", portfolio(initiatives=(initiative(),)))
        == []
    )


def test_partner_without_a_role_is_a_warning() -> None:
    partners = (
        Participation(organisation="bergen", role="partner"),
        Participation(count=3, description=text("other towns")),
    )
    findings = check(
        "participation-role-not-given",
        portfolio(initiatives=(initiative(participations=partners),)),
    )
    assert paths(findings) == [("warning", "initiatives[skole].participations[1].role")]
    assert "3 partners" in findings[0].message


def test_the_example_leaves_no_role_or_status_out(example_path: Any) -> None:
    import munintl

    example = munintl.load(example_path)
    assert check("initiative-status-not-given", example) == []
    assert check("participation-role-not-given", example) == []
    assert check("partnership-expired-without-decision", example) == []
    # The strategy gives no dates for three initiatives: honest warnings.
    undated = check("initiative-period-not-given", example)
    assert {f.path for f in undated} == {
        "initiatives[eu-kontor-samarbejde].period",
        "initiatives[international-borgerservice].period",
        "initiatives[udenlandsk-arbejdskraft].period",
    }
    # And the pipeline's staff exchange is not among them.
    staff = example.initiative("medarbejderudveksling-eisenach")
    assert staff is not None
    assert staff.status == "pipeline"
    assert not staff.has_period
