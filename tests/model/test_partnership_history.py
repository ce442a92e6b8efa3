"""Histories as municipalities record them: the open event vocabulary, kind
changes, replacements, and events whose date is bounded or not known."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from munintl.model import (
    ACTIVE_STATUSES,
    LEFT_STATUSES,
    PARTNERSHIP_STATUSES,
    LocalizedText,
    PartialDate,
    Partnership,
    PartnershipEvent,
    Party,
)
from munintl.reports.building.describe import partnership_end
from munintl.testing.strategies import BIG, partnerships

D = dt.date
TODAY = D(2026, 6, 1)


def event(
    kind: str, date: str | None, party: str | None = None, **more: str
) -> PartnershipEvent:
    return PartnershipEvent(
        kind=kind,
        date=PartialDate.parse(date) if date else None,
        party=party,
        **more,
    )


def twinning(*events: PartnershipEvent, **more: object) -> Partnership:
    return Partnership(
        id="lilleby-partnerby",
        kind="twinning",
        title=LocalizedText.of(da="Venskabsby"),
        parties=(Party(party="lilleby"), Party(party="partnerby")),
        events=events,
        **more,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("kind", "status", "taking_part"),
    [
        ("limited", "limited", True),
        ("retained", "active", True),
        ("reaffirmed", "active", True),
        ("relinquished", "relinquished", False),
        ("handed-over", "handed-over", False),
        ("replaced", "replaced", False),
        ("dormant", "dormant", False),
    ],
)
def test_each_new_event_kind_leads_to_its_status(
    kind: str, status: str, taking_part: bool
) -> None:
    history = twinning(event("signed", "1993"), event(kind, "2015-03-01", "lilleby"))
    assert history.status_on(D(2015, 2, 28)) == {
        "lilleby": "active",
        "partnerby": "active",
    }
    assert history.status_on(D(2015, 3, 1)) == {
        "lilleby": status,
        "partnerby": "active",
    }
    assert (status in ACTIVE_STATUSES) is taking_part
    assert (status in LEFT_STATUSES) is (
        kind in ("relinquished", "handed-over", "replaced")
    )


def test_a_decision_to_retain_after_the_expiry_reads_active_not_expired() -> None:
    history = twinning(event("signed", "2010"), expires=PartialDate.parse("2020-12-31"))
    assert set(history.status_on(D(2021, 6, 1)).values()) == {"expired"}
    retained = attrs.evolve(
        history, events=(*history.events, event("retained", "2021-02-01", "lilleby"))
    )
    assert retained.status_on(D(2021, 6, 1)) == {
        "lilleby": "active",
        "partnerby": "expired",
    }


def test_a_limited_partnership_is_active_in_a_period_and_still_expires() -> None:
    history = twinning(
        event("signed", "2010"),
        event("limited", "2018"),
        expires=PartialDate.parse("2020"),
    )
    assert set(history.status_on(D(2019, 1, 1)).values()) == {"limited"}
    assert set(history.status_on(D(2021, 1, 1)).values()) == {"expired"}
    assert history.active_spans() == ((D(2010, 12, 31), D(2020, 12, 31)),)


def test_a_kind_change_gives_the_kind_as_of_a_date() -> None:
    history = twinning(
        event("signed", "1993"),
        event("kind-changed", "2023-01-12", new_kind="partner-city"),
    )
    assert history.kind_on(D(2023, 1, 11)) == "twinning"
    assert history.kind_on(D(2023, 1, 12)) == "partner-city"
    # A kind change leaves every status as it was.
    assert set(history.status_on(D(2024, 1, 1)).values()) == {"active"}


def test_a_replaced_partnership_ends_for_good() -> None:
    history = twinning(
        event("signed", "1993"),
        event("replaced", "2019-06", replaced_by="new-agreement"),
    )
    assert set(history.status_on(D(2019, 7, 1)).values()) == {"replaced"}
    assert partnership_end(history, D(2020, 1, 1)) == PartialDate.parse("2019-06")


def test_an_event_before_a_year_counts_from_the_end_of_the_year_before() -> None:
    history = twinning(event("signed", "before 1990"))
    assert history.status_on(D(1989, 12, 30)) == dict.fromkeys(("lilleby", "partnerby"))
    assert set(history.status_on(D(1989, 12, 31)).values()) == {"active"}
    assert history.established(D(2000, 1, 1))["lilleby"] == PartialDate.parse(
        "before 1990"
    )


def test_an_event_in_the_early_2000s_counts_from_the_end_of_2003() -> None:
    history = twinning(event("signed", "early 2000s"))
    assert set(history.status_on(D(2003, 12, 30)).values()) == {None}
    assert set(history.status_on(D(2003, 12, 31)).values()) == {"active"}


def test_an_event_of_unknown_date_happened_by_the_next_dated_event() -> None:
    history = twinning(
        event("signed", None),
        event("suspended", None, "partnerby"),
        event("resumed", "2012", "partnerby"),
    )
    by = {e.kind: day for e, day in history.history(today=TODAY)}
    assert by == {
        "signed": D(2012, 12, 31),
        "suspended": D(2012, 12, 31),
        "resumed": D(2012, 12, 31),
    }
    # Before then it is not known whether the twinning had begun.
    assert set(history.status_on(D(2011, 1, 1), today=TODAY).values()) == {None}
    # By then it had, and the suspension was lifted again (list order).
    assert history.status_on(D(2013, 1, 1), today=TODAY) == {
        "lilleby": "active",
        "partnerby": "active",
    }


def test_an_event_of_unknown_date_at_the_end_counts_from_today() -> None:
    history = twinning(event("signed", "1993"), event("dormant", None))
    assert set(history.status_on(D(2020, 1, 1), today=TODAY).values()) == {"active"}
    assert set(history.status_on(TODAY, today=TODAY).values()) == {"dormant"}
    # It belongs to no period of a report.
    assert history.events_in(D(1900, 1, 1), D(2100, 1, 1)) == (history.events[0],)


def test_an_added_event_kind_leads_to_the_status_it_says() -> None:
    history = twinning(
        event("signed", "1993"), event("friendship-ceremony", "2001", status="active")
    )
    assert history.events[1].leads_to() == "active"
    quiet = twinning(event("signed", "1993"), event("exhibition", "2001"))
    assert quiet.events[1].leads_to() is None


# -- properties -------------------------------------------------------------------

days = st.dates(min_value=D(1940, 1, 1), max_value=D(2060, 12, 31))


@settings(BIG)
@given(partnerships(), days)
def test_every_status_is_a_known_status_or_one_an_event_says(
    partnership: Partnership, day: dt.date
) -> None:
    said = {e.status for e in partnership.events if e.status}
    for status in partnership.status_on(day, today=TODAY).values():
        assert status is None or status in {*PARTNERSHIP_STATUSES, *said}


@settings(BIG)
@given(
    partnerships(), days, st.sampled_from(("signed", "ended", "limited", "retained"))
)
def test_a_later_event_changes_no_status_before_it(
    partnership: Partnership, day: dt.date, kind: str
) -> None:
    # An event of unknown date is dated by the next dated event listed after
    # it, so a later event would move it; those histories are left aside.
    if any(e.last_day == D.max for e in partnership.events):
        return
    later = PartnershipEvent(
        kind=kind, date=PartialDate.from_date(day + dt.timedelta(days=1))
    )
    after = attrs.evolve(partnership, events=(*partnership.events, later))
    assert after.status_on(day, today=TODAY) == partnership.status_on(day, today=TODAY)
    assert after.kind_on(day) == partnership.kind_on(day)


@settings(BIG)
@given(partnerships(), days)
def test_an_event_by_one_party_leaves_the_others_status(
    partnership: Partnership, day: dt.date
) -> None:
    # A new dated event would date an undated one listed before it.
    if any(e.last_day == D.max for e in partnership.events):
        return
    before = partnership.status_on(day, today=TODAY)
    party = partnership.party_ids()[0]
    extra = PartnershipEvent(
        kind="relinquished", date=PartialDate.from_date(day), party=party
    )
    after = attrs.evolve(partnership, events=(*partnership.events, extra))
    statuses = after.status_on(day, today=TODAY)
    assert statuses[party] in ("relinquished", before[party], "expired")
    for other in partnership.party_ids()[1:]:
        if other != party:
            assert statuses[other] == before[other]


@settings(BIG)
@given(partnerships(), days)
def test_the_kind_before_any_kind_change_is_the_kind_it_began_as(
    partnership: Partnership, day: dt.date
) -> None:
    changes = [
        by for e, by in partnership.history() if e.kind == "kind-changed" and e.new_kind
    ]
    if not changes or day < min(changes):
        assert partnership.kind_on(day) == partnership.kind
    else:
        last = [
            e.new_kind
            for e in partnership.events_by(day)
            if e.kind == "kind-changed" and e.new_kind
        ][-1]
        assert partnership.kind_on(day) == last


@pytest.mark.parametrize("kind", ["relinquished", "handed-over", "replaced", "ended"])
def test_a_partnership_every_party_left_is_in_no_later_period(kind: str) -> None:
    from munintl.model import Municipality, Period, Portfolio

    left = twinning(event("signed", "1993"), event(kind, "2015"))
    portfolio = Portfolio(
        municipality=Municipality(
            id="lilleby",
            name=LocalizedText.of(da="Lilleby"),
            country="DK",
            default_language="da",
        ),
        partnerships=(left,),
    )
    assert portfolio.partnerships_active_in(Period.year(2015)) == (left,)
    assert portfolio.partnerships_active_in(Period.year(2016)) == ()
