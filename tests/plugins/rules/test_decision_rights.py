"""What a relationship covers and who decides on it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import munintl
from munintl.cli import main
from munintl.model import (
    Decision,
    DecisionRight,
    LocalizedText,
    PartialDate,
    PartnershipEvent,
    Period,
    Portfolio,
    SubjectRef,
)
from munintl.reporting import build
from plugins.rules.helpers import (
    body,
    followup,
    organisation,
    partnership,
    portfolio,
    strategy,
    theme,
)
from plugins.rules.test_partnership_events import check

RIGHTS = (
    DecisionRight(partnership_kind="twinning", bodies=("council",)),
    DecisionRight(partnership_kind="partner-city", bodies=("executive",)),
)


def _decided(*events: PartnershipEvent, **more: object) -> Portfolio:
    return portfolio(
        bodies=(
            body("council", type="city-council"),
            body("executive", type="committee"),
        ),
        strategies=(strategy("strategy", theme("culture"), decision_rights=RIGHTS),),
        organisations=(organisation("partner-town"),),
        partnerships=(
            partnership(
                "twinning",
                "lilleby",
                "partner-town",
                areas=("culture",),
                topics=(LocalizedText.of(en="Youth exchange", da="Ungdomsudveksling"),),
                events=events,
            ),
        ),
        **more,  # type: ignore[arg-type]
    )


def event(kind: str, date: str, by: str, **more: str) -> PartnershipEvent:
    return PartnershipEvent(
        kind=kind, date=PartialDate.parse(date), decided_by=by, **more
    )


def test_decisions_by_the_body_the_strategy_names_pass() -> None:
    fine = _decided(
        event("signed", "1993", "council"),
        # The change of kind is the twin towns' body's decision ...
        event("kind-changed", "2023-01-12", "council", new_kind="partner-city"),
        # ... and after it, partner cities are the executive committee's.
        event("limited", "2024", "executive"),
    )
    assert check("decision-by-body-not-allowed", fine) == []


def test_a_decision_by_another_body_is_an_error() -> None:
    wrong = _decided(
        event("signed", "1993", "council"),
        event("kind-changed", "2023-01-12", "council", new_kind="partner-city"),
        event("relinquished", "2024", "council"),
    )
    assert check("decision-by-body-not-allowed", wrong) == [
        (
            "partnerships[twinning].events[2].decided_by",
            "'council' decided on a partner-city relationship, but the strategy"
            " says decisions on it are taken by 'executive'; correct decided_by or"
            " the strategy's decision_rights",
        )
    ]


def test_a_follow_up_decision_to_end_a_relationship_is_checked_too() -> None:
    ended = Decision(
        body="executive",
        date=PartialDate.parse("2024-03-01"),
        outcome="end",
        subjects=(SubjectRef("partnership", "twinning"),),
    )
    noted = Decision(
        body="executive",
        date=PartialDate.parse("2024-03-01"),
        outcome="noted",
        subjects=(SubjectRef("partnership", "twinning"),),
    )
    subject = _decided(
        event("signed", "1993", "council"),
        followups=(followup(decisions=(ended, noted)),),
    )
    assert [path for path, _ in check("decision-by-body-not-allowed", subject)] == [
        "followups[followup-2024].decisions[0].body"
    ]


def test_a_recommendation_is_judged_by_the_body_it_goes_to() -> None:
    def recommend(to: str) -> Decision:
        # The executive only recommends; on twinning the council decides.
        return Decision(
            body="executive",
            date=PartialDate.parse("2024-03-01"),
            outcome="relinquish",
            recommended_to=to,
            subjects=(SubjectRef("partnership", "twinning"),),
        )

    subject = _decided(
        event("signed", "1993", "council"),
        followups=(followup(decisions=(recommend("council"), recommend("executive"))),),
    )
    assert check("decision-by-body-not-allowed", subject) == [
        (
            "followups[followup-2024].decisions[1].recommended_to",
            "'executive' decided on a twinning relationship, but the strategy"
            " says decisions on it are taken by 'council'; correct decided_by or"
            " the strategy's decision_rights",
        )
    ]
    document = build(
        _decided(
            event("signed", "1993", "council"),
            followups=(followup(decisions=(recommend("council"),)),),
        ),
        kind="followup",
        followup="followup-2024",
        lang="da",
        allow_invalid=True,
    )
    assert "**executive, 1. marts 2024:** Opgivet, indstillet til council" in repr(
        document
    )


def test_without_decision_rights_nothing_is_checked() -> None:
    free = portfolio(
        organisations=(organisation("partner-town"),),
        partnerships=(
            partnership(
                "twinning",
                "lilleby",
                "partner-town",
                events=(event("signed", "1993", "council"),),
            ),
        ),
    )
    assert check("decision-by-body-not-allowed", free) == []


def test_the_strategy_in_force_on_the_day_decides() -> None:
    old = strategy(
        "old",
        theme("culture"),
        period=Period.parse("2000", "2010"),
        status="superseded",
        decision_rights=(
            DecisionRight(partnership_kind="twinning", bodies=("executive",)),
        ),
    )
    new = strategy("new", theme("education"), supersedes="old", decision_rights=RIGHTS)
    subject = _decided(
        event("renewed", "2005", "executive"), event("renewed", "2015", "council")
    )
    subject = Portfolio(
        municipality=subject.municipality,
        bodies=subject.bodies,
        organisations=subject.organisations,
        strategies=(old, new),
        partnerships=subject.partnerships,
    )
    assert check("decision-by-body-not-allowed", subject) == []
    assert subject.deciding_bodies("twinning", PartialDate.parse("2005").first_day) == (
        "executive",
    )


def test_reports_and_show_say_what_it_covers_and_who_decides(tmp_path: Path) -> None:
    decided = _decided(event("signed", "1993", "council"))
    overview = repr(build(decided, kind="overview", lang="en"))
    assert "**Cooperation areas:** culture; Youth exchange" in overview
    assert "**Decisions taken by:** council" in overview
    assert "**Twinning:** council" in overview  # who decides, in the strategy
    followup = repr(build(decided, kind="followup", lang="da", period=2024))
    assert "**Beslutninger træffes af:** council" in followup
    register = repr(build(decided, kind="register", lang="en"))
    assert "'culture; Youth exchange', 'council'" in register
    target = tmp_path / "decided.json"
    munintl.save(decided, str(target))
    result = CliRunner().invoke(main, ["show", str(target), "--json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["strategy"]["decision_rights"] == {
        "Twinning": ["council"],
        "Partner city": ["executive"],
    }
    (shown,) = data["partnerships"]
    assert (shown["areas"], shown["decided_by"]) == (
        ["culture", "Youth exchange"],
        ["council"],
    )
