"""Rules on dates: reversed periods, inactive subjects, event order, follow-ups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest

from munintl.config import Config
from munintl.errors import Finding
from munintl.followups import submit
from munintl.hooks.manager import MunintlPluginManager
from munintl.model import (
    Body,
    Decision,
    FollowUp,
    FundingLine,
    Initiative,
    LocalizedText,
    Municipality,
    Organisation,
    PartialDate,
    Partnership,
    PartnershipEvent,
    Party,
    Period,
    Portfolio,
    StatusUpdate,
    Strategy,
    SubjectRef,
)
from munintl.validation import RuleContext, run_rules

MANAGER = MunintlPluginManager(strict=True, allow=(), disable=())
MANAGER.load_builtins(["munintl.plugins.codelists", "munintl.plugins.rules.dates"])


def check(code: str, portfolio: Portfolio) -> list[Finding]:
    """Run one rule, as validation would, with the built-in codelists."""
    context = RuleContext(codelists=MANAGER.codelists(), config=Config())
    return run_rules(portfolio, [MANAGER.rules()[code]], context)


def summary(findings: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.severity, f.path, f.message) for f in findings]


def text(value: str) -> LocalizedText:
    return LocalizedText.of(da=value, en=value)


def initiative(id: str, period: Period | None = None, **kwargs: Any) -> Initiative:
    return Initiative(id=id, title=text(id), kind="project", period=period, **kwargs)


def event(kind: str, date: str, **kwargs: Any) -> PartnershipEvent:
    return PartnershipEvent(kind=kind, date=PartialDate.parse(date), **kwargs)


def twinning(*events: PartnershipEvent) -> Partnership:
    return Partnership(
        id="eisenach-twinning",
        kind="twinning",
        title=text("Eisenach"),
        parties=(Party(party="lilleby"), Party(party="eisenach")),
        events=events,
    )


def followup(*subjects: str, **kwargs: Any) -> FollowUp:
    kwargs.setdefault("period", Period.year(2024))
    updates = tuple(StatusUpdate(subject=SubjectRef.parse(s)) for s in subjects)
    return FollowUp(id="followup-2024", addressee="council", updates=updates, **kwargs)


def portfolio(**kwargs: Any) -> Portfolio:
    return Portfolio(
        municipality=Municipality(
            id="lilleby",
            name=text("Lilleby Kommune"),
            country="DK",
            default_language="da",
            working_languages=("da", "en"),
        ),
        bodies=(Body(id="council", name=text("Byråd"), type="city-council"),),
        organisations=(
            Organisation(id="eisenach", name=text("Eisenach"), type="municipality"),
        ),
        **kwargs,
    )


def test_date_rules_are_registered_with_their_severities() -> None:
    assert {name: rule.severity for name, rule in MANAGER.rules().items()} == {
        "recurrence-not-countable": "error",
        "end-before-start": "error",
        "followup-covers-nothing": "error",
        "period-empty": "error",
        "update-subject-not-active": "warning",
        "partnership-events-out-of-order": "error",
        "followup-not-intact": "error",
        "followup-dates-out-of-order": "warning",
        "partnership-expired-without-decision": "warning",
        "initiative-period-not-given": "warning",
        "initiative-status-not-given": "warning",
        "participation-role-not-given": "warning",
    }


# -- end-before-start ----------------------------------------------------------


def test_initiative_ending_before_it_starts_is_an_error() -> None:
    subject = portfolio(initiatives=(initiative("x", Period.parse("2012", "2010")),))
    assert summary(check("end-before-start", subject)) == [
        (
            "error",
            "initiatives[x].period.end",
            "the period ends (2010) before it starts (2012); swap the dates or"
            " correct the one that is wrong",
        )
    ]


def test_reversed_period_anywhere_in_the_portfolio_is_found() -> None:
    funding = FundingLine(period=Period.parse("2020-06", "2020-03"))
    subject = portfolio(
        initiatives=(initiative("x", funding=(funding,)),),
        followups=(followup(period=Period.parse("2025", "2024")),),
    )
    assert [f.path for f in check("end-before-start", subject)] == [
        "followups[followup-2024].period.end",
        "initiatives[x].funding[0].period.end",
    ]


def test_periods_in_order_or_overlapping_at_their_precision_pass() -> None:
    subject = portfolio(
        initiatives=(
            initiative("same-year", Period.parse("2011-05", "2011")),
            initiative("open-start", Period.parse(None, "2011")),
            initiative("open-end", Period.parse("2011")),
            initiative("decade", Period.parse("1960s", "1965")),
        )
    )
    assert check("end-before-start", subject) == []


# -- update-subject-not-active -------------------------------------------------


def test_update_on_an_initiative_that_had_ended_is_a_warning() -> None:
    subject = portfolio(
        initiatives=(initiative("x", Period.parse("2010", "2012")),),
        followups=(followup("initiative:x"),),
    )
    assert summary(check("update-subject-not-active", subject)) == [
        (
            "warning",
            "followups[followup-2024].updates[initiative:x].subject",
            "initiative 'x' ran 2010–2012, outside this follow-up's period 2024;"
            " remove the update or correct the initiative's period",
        )
    ]


def test_update_on_a_partnership_that_had_ended_is_a_warning() -> None:
    subject = portfolio(
        partnerships=(twinning(event("signed", "1993"), event("ended", "2015")),),
        followups=(followup("partnership:eisenach-twinning"),),
    )
    assert summary(check("update-subject-not-active", subject)) == [
        (
            "warning",
            "followups[followup-2024].updates[partnership:eisenach-twinning].subject",
            "partnership 'eisenach-twinning' was not active in 2024 according to its"
            " events; remove the update or add the missing event (for example"
            " signed or renewed)",
        )
    ]


def test_updates_on_active_subjects_pass() -> None:
    subject = portfolio(
        initiatives=(
            initiative("running", Period.parse("2023", "2025")),
            initiative("ended-in-period", Period.parse("2020", "2024-02")),
            initiative("no-period"),
        ),
        partnerships=(twinning(event("signed", "1993")),),
        followups=(
            followup(
                "initiative:running",
                "initiative:ended-in-period",
                "initiative:no-period",
                "partnership:eisenach-twinning",
                "theme:culture",
                "initiative:missing",
            ),
        ),
    )
    assert check("update-subject-not-active", subject) == []


# -- partnership-events-out-of-order -------------------------------------------


def test_event_listed_after_a_later_event_is_an_error() -> None:
    subject = portfolio(
        partnerships=(
            twinning(
                event("signed", "1993"),
                event("re-signed", "2008-10-06"),
                event("reviewed", "2001"),
            ),
        )
    )
    assert summary(check("partnership-events-out-of-order", subject)) == [
        (
            "error",
            "partnerships[eisenach-twinning].events[2].date",
            "this reviewed event (2001) is dated before the re-signed event above it"
            " (2008-10-06); list the events oldest first",
        )
    ]


def test_events_oldest_first_pass_even_at_different_precisions() -> None:
    subject = portfolio(
        partnerships=(
            twinning(
                event("proposed", "~1960s"),
                event("signed", "1993-05-01"),
                event("renewed", "1993"),
                event("ended", "2023", party="eisenach"),
            ),
        )
    )
    assert check("partnership-events-out-of-order", subject) == []


# -- followup-not-intact -------------------------------------------------------


def test_submitted_followup_without_fingerprint_is_an_error() -> None:
    subject = portfolio(followups=(followup(state="submitted"),))
    assert summary(check("followup-not-intact", subject)) == [
        (
            "error",
            "followups[followup-2024].fingerprint",
            "this follow-up is submitted but has no fingerprint, so nobody can tell"
            " whether it changed after it was submitted; set its state back to"
            " draft and submit it again",
        )
    ]


def test_followup_changed_after_submission_is_an_error() -> None:
    sent = submit(
        followup(summary=text("All on track")), on=PartialDate.parse("2025-03-04")
    )
    changed = attrs.evolve(sent, summary=text("Nearly all on track"))
    assert summary(check("followup-not-intact", portfolio(followups=(changed,)))) == [
        (
            "error",
            "followups[followup-2024].fingerprint",
            "this follow-up was changed after it was submitted on 2025-03-04: its"
            " content no longer matches its fingerprint; undo the change, or, if"
            " the body must see it, set the state back to draft and submit it again",
        )
    ]


def test_decided_followup_with_its_decisions_is_intact() -> None:
    sent = submit(
        followup(summary=text("All on track")), on=PartialDate.parse("2025-03-04")
    )
    decision = Decision(
        body="council", date=PartialDate.parse("2025-04-01"), outcome="noted"
    )
    decided = attrs.evolve(sent, state="decided", decisions=(decision,))
    assert check("followup-not-intact", portfolio(followups=(decided,))) == []


def test_draft_followup_needs_no_fingerprint() -> None:
    assert check("followup-not-intact", portfolio(followups=(followup(),))) == []


def test_a_followup_without_period_must_name_what_it_covers() -> None:
    review = followup(period=None)
    found = check("followup-covers-nothing", portfolio(followups=(review,)))
    assert [(f.severity, f.path) for f in found] == [
        ("error", "followups[followup-2024].period")
    ]
    assert "covers no fixed period and names no subject" in found[0].message
    # Naming a subject by an update or by a decision is enough; a follow-up
    # of a period names none and is fine.
    decided = Decision(
        body="council",
        date=PartialDate.parse("2024-06-20"),
        outcome="renew",
        subjects=(SubjectRef.parse("partnership:eisenach-twinning"),),
    )
    for fine in (
        followup("partnership:eisenach-twinning", period=None),
        followup(period=None, decisions=(decided,)),
        followup(),
    ):
        assert check("followup-covers-nothing", portfolio(followups=(fine,))) == []


def test_an_ad_hoc_review_may_report_on_a_partnership_that_has_ended() -> None:
    ended = twinning(event("signed", "1990"), event("ended", "2001"))
    review = followup("partnership:eisenach-twinning", period=None)
    yearly = followup("partnership:eisenach-twinning")
    assert (
        check(
            "update-subject-not-active",
            portfolio(partnerships=(ended,), followups=(review,)),
        )
        == []
    )
    # The same update in the follow-up of 2024 is out of its period.
    assert (
        len(
            check(
                "update-subject-not-active",
                portfolio(partnerships=(ended,), followups=(yearly,)),
            )
        )
        == 1
    )


# -- period-empty --------------------------------------------------------------


def test_an_empty_period_anywhere_is_an_error_at_its_path() -> None:
    """``period: {}`` on an initiative or strategy read as "not given" silently."""
    funding = FundingLine(period=Period())
    strategy = Strategy(id="strategy", title=text("Strategy"), period=Period())
    subject = portfolio(
        initiatives=(initiative("x", Period(), funding=(funding,)),),
        strategies=(strategy,),
        followups=(followup(period=Period()),),
    )
    found = check("period-empty", subject)
    assert sorted((f.severity, f.path) for f in found) == [
        ("error", "followups[followup-2024].period"),
        ("error", "initiatives[x].funding[0].period"),
        ("error", "initiatives[x].period"),
        ("error", "strategies[strategy].period"),
    ]
    messages = {f.path: f.message for f in found}
    # A follow-up is told how to be a review of no fixed period instead.
    assert (
        "remove 'period' for a review of no fixed period"
        in (messages["followups[followup-2024].period"])
    )
    assert messages["initiatives[x].period"] == (
        "the period gives neither a start nor an end; write when it starts or"
        " ends (for example 'start: 2024'), or remove 'period' where it is not"
        " known"
    )


def test_a_period_with_one_end_or_none_at_all_passes() -> None:
    subject = portfolio(
        initiatives=(
            initiative("open-end", Period.parse("2020", None)),
            initiative("open-start", Period.parse(None, "2020")),
            initiative("none"),
        ),
        followups=(followup(), followup("initiative:none", period=None)),
    )
    assert check("period-empty", subject) == []


@pytest.mark.parametrize("store", ["yaml", "json", "toml"])
def test_an_empty_period_is_found_at_its_line_in_every_file_store(
    tmp_path: Path, store: str
) -> None:
    import munintl
    from munintl.storage import open_store

    strategy = Strategy(id="strategy", title=text("Strategy"), period=Period())
    subject = portfolio(
        initiatives=(initiative("x", Period()),), strategies=(strategy,)
    )
    location = tmp_path / ("store" if store == "yaml" else f"p.{store}")
    munintl.save(subject, location, check=False)
    opened = open_store(location)
    found = [
        opened.locate(f)
        for f in munintl.validate(opened.load())
        if f.code == "period-empty"
    ]
    assert sorted(f.path for f in found) == [
        "initiatives[x].period",
        "strategies[strategy].period",
    ]
    for finding in found:
        assert finding.file is not None
        assert finding.line is not None
        line = Path(finding.file).read_text("utf-8").splitlines()[finding.line - 1]
        assert "period" in line, (finding, line)
