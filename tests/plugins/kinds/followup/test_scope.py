"""What a follow-up report covers (plugins.kinds.followup.scope)."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from munintl.errors import ReportError
from munintl.model import (
    FollowUp,
    PartialDate,
    Period,
    Portfolio,
    StatusUpdate,
    SubjectRef,
)
from munintl.plugins.kinds.followup.scope import (
    FollowUpScope,
    find_followup,
    followup_scope,
)
from munintl.reports.request import ReportRequest
from munintl.testing.samples import sample_portfolio

FOLLOWUP = "opfoelgning-2023"


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return sample_portfolio()


def the_followup(portfolio: Portfolio) -> FollowUp:
    found = portfolio.followup(FOLLOWUP)
    assert found is not None
    return found


def with_followup(portfolio: Portfolio, followup: FollowUp) -> Portfolio:
    return attrs.evolve(portfolio, followups=(followup,))


def draft_scope(
    portfolio: Portfolio,
    year: int = 2023,
    body: str | None = None,
    include_internal: bool = False,
) -> FollowUpScope:
    request = ReportRequest(
        language="en",
        period=Period.year(year),
        body=body,
        include_internal=include_internal,
    )
    return followup_scope(portfolio, request, None)


def record_scope(portfolio: Portfolio, include_internal: bool = False) -> FollowUpScope:
    request = ReportRequest(
        language="en", followup=FOLLOWUP, include_internal=include_internal
    )
    followup = find_followup(portfolio, request)
    assert followup is not None
    return followup_scope(portfolio, request, followup)


# -- find_followup -----------------------------------------------------------------


def test_find_followup_returns_the_record_asked_for(portfolio: Portfolio) -> None:
    request = ReportRequest(language="en", followup=FOLLOWUP)
    assert find_followup(portfolio, request) is the_followup(portfolio)
    addressed = ReportRequest(language="en", followup=FOLLOWUP, body="oekonomiudvalget")
    assert find_followup(portfolio, addressed) is the_followup(portfolio)


def test_a_period_without_followup_is_a_draft(portfolio: Portfolio) -> None:
    request = ReportRequest(language="en", period=Period.year(2023))
    assert find_followup(portfolio, request) is None


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (ReportRequest(language="en"), "needs a follow-up"),
        (
            ReportRequest(language="en", followup=FOLLOWUP, period=Period.year(2023)),
            "either a follow-up or a period, not both",
        ),
        (
            ReportRequest(language="en", followup="nope"),
            "there is no follow-up 'nope'; the portfolio has: opfoelgning-2023",
        ),
        (
            ReportRequest(language="en", followup=FOLLOWUP, body="byraadet"),
            "addressed to 'oekonomiudvalget', not 'byraadet'",
        ),
    ],
)
def test_find_followup_refuses_what_it_cannot_build(
    portfolio: Portfolio, request_: ReportRequest, message: str
) -> None:
    with pytest.raises(ReportError) as caught:
        find_followup(portfolio, request_)
    assert message in str(caught.value)


def test_an_internal_followup_needs_include_internal(portfolio: Portfolio) -> None:
    internal = attrs.evolve(the_followup(portfolio), visibility="internal")
    changed = with_followup(portfolio, internal)
    with pytest.raises(ReportError, match="is internal"):
        find_followup(changed, ReportRequest(language="en", followup=FOLLOWUP))
    asked = ReportRequest(language="en", followup=FOLLOWUP, include_internal=True)
    assert find_followup(changed, asked) is internal


# -- followup_scope --------------------------------------------------------------


def test_a_followup_record_fixes_period_body_and_strategy(portfolio: Portfolio) -> None:
    scope = record_scope(portfolio)
    assert scope.period == Period.year(2023)
    assert (scope.first, scope.last) == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert scope.body == "oekonomiudvalget"
    assert scope.strategy is not None
    assert scope.strategy.id == "international-strategi"
    assert [s.id for s in scope.strategies] == ["international-strategi"]


def test_internal_updates_are_left_out_unless_asked(portfolio: Portfolio) -> None:
    public = record_scope(portfolio)
    internal = record_scope(portfolio, include_internal=True)
    partnership = SubjectRef("partnership", "venskab-nordby")
    assert partnership not in public.updates
    assert partnership in internal.updates
    assert set(public.updates) == {
        SubjectRef("initiative", "samarbejdsprogram"),
        SubjectRef("theme", "klima"),
        SubjectRef("goal", "flere-udvekslinger"),
    }


def test_the_body_answers_for_its_themes_and_updated_ones(portfolio: Portfolio) -> None:
    scope = record_scope(portfolio)
    # livskvalitet is the Finance Committee's; borgerservice (through a goal)
    # and klima come in through their updates; aabenhed is the council's.
    assert [t.id for t in scope.themes] == ["livskvalitet", "borgerservice", "klima"]
    assert {k: [i.id for i in v] for k, v in scope.sections.items()} == {
        "livskvalitet": ["samarbejdsprogram"],
        "borgerservice": ["medarbejderudveksling"],
        "klima": ["klimanetvaerk"],
    }
    assert scope.other == ()
    assert [p.id for p in scope.partnerships] == ["venskab-nordby"]


def test_a_draft_without_body_covers_every_theme(portfolio: Portfolio) -> None:
    scope = draft_scope(portfolio)
    assert scope.followup is None
    assert scope.updates == {}
    assert [t.id for t in scope.themes] == [
        "livskvalitet",
        "borgerservice",
        "klima",
        "aabenhed",
    ]
    assert [g.id for g in scope.goals["borgerservice"]] == [
        "flere-udvekslinger",
        "aaben-service",
    ]


def test_a_draft_for_a_body_covers_its_themes_and_initiatives(
    portfolio: Portfolio,
) -> None:
    scope = draft_scope(portfolio, body="internationalt-sekretariat")
    assert scope.body == "internationalt-sekretariat"
    assert [t.id for t in scope.themes] == ["borgerservice", "klima"]
    assert [i.id for i in scope.initiatives()] == [
        "medarbejderudveksling",
        "klimanetvaerk",
    ]


def test_only_initiatives_active_in_the_period_are_covered(
    portfolio: Portfolio,
) -> None:
    scope = draft_scope(portfolio, year=2016)
    assert [i.id for i in scope.initiatives()] == ["klimanetvaerk"]
    assert draft_scope(portfolio, year=1990).initiatives() == []


def test_an_undated_initiative_is_set_apart(portfolio: Portfolio) -> None:
    undated = attrs.evolve(portfolio.initiative("medarbejderudveksling"), period=None)
    changed = attrs.evolve(
        portfolio,
        initiatives=tuple(
            undated if i.id == undated.id else i for i in portfolio.initiatives
        ),
    )
    scope = draft_scope(changed)
    assert [i.id for i in scope.undated] == ["medarbejderudveksling"]
    assert "medarbejderudveksling" not in [i.id for i in scope.initiatives()]


def test_an_unknown_body_is_a_report_error(portfolio: Portfolio) -> None:
    with pytest.raises(
        ReportError, match="there is no body 'nope'; the portfolio has:"
    ):
        draft_scope(portfolio, body="nope")


def test_statuses_are_read_at_the_period_end_or_an_earlier_submission(
    portfolio: Portfolio,
) -> None:
    assert record_scope(portfolio).day == dt.date(2023, 12, 31)
    early = attrs.evolve(
        the_followup(portfolio), submitted=PartialDate.parse("2023-06-15")
    )
    changed = with_followup(portfolio, early)
    request = ReportRequest(language="en", followup=FOLLOWUP)
    assert followup_scope(changed, request, early).day == dt.date(2023, 6, 15)


def test_initiative_status_prefers_the_update(portfolio: Portfolio) -> None:
    followup = the_followup(portfolio)
    update = StatusUpdate(
        subject=SubjectRef("initiative", "samarbejdsprogram"), status="completed"
    )
    changed = with_followup(portfolio, attrs.evolve(followup, updates=(update,)))
    request = ReportRequest(language="en", followup=FOLLOWUP)
    scope = followup_scope(changed, request, changed.followups[0])
    programme = changed.initiative("samarbejdsprogram")
    climate = changed.initiative("klimanetvaerk")
    assert programme is not None
    assert climate is not None
    assert scope.initiative_status(programme) == "completed"
    assert scope.initiative_status(climate) == climate.status_on(scope.day)


def test_partnership_events_in_the_period_respect_visibility(
    portfolio: Portfolio,
) -> None:
    partnership = portfolio.partnerships[0]
    public = draft_scope(portfolio, year=2022)
    internal = draft_scope(portfolio, year=2022, include_internal=True)
    assert public.events(partnership) == []
    assert [e.kind for e in internal.events(partnership)] == ["transferred"]
    assert [e.kind for e in draft_scope(portfolio, year=2019).events(partnership)] == [
        "resumed"
    ]


def test_the_followup_is_illustrative_when_its_record_is(portfolio: Portfolio) -> None:
    assert not record_scope(portfolio).illustrative
    assert not draft_scope(portfolio).illustrative
    sample = attrs.evolve(the_followup(portfolio), illustrative=True)
    request = ReportRequest(language="en", followup=FOLLOWUP)
    scope = followup_scope(with_followup(portfolio, sample), request, sample)
    assert scope.illustrative
