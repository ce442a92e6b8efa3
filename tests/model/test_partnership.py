"""A partnership's status per party, derived from its dated events."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings

from munintl.model import (
    STATUS_AFTER_EVENT,
    LocalizedText,
    PartialDate,
    Partnership,
    PartnershipEvent,
    Party,
)
from munintl.testing.strategies import BIG, partnerships

D = dt.date


def event(kind: str, date: str, party: str | None = None) -> PartnershipEvent:
    return PartnershipEvent(kind=kind, date=PartialDate.parse(date), party=party)


def twinning(*events: PartnershipEvent) -> Partnership:
    return Partnership(
        id="skanderborg-tartu",
        kind="twinning",
        title=LocalizedText.of(da="Venskabsby Tartu"),
        parties=(Party(party="skanderborg"), Party(party="tartu")),
        events=events,
    )


def test_joint_signature_makes_every_party_active() -> None:
    partnership = twinning(event("signed", "1993-05-01"))
    assert partnership.status_on(D(2000, 1, 1)) == {
        "skanderborg": "active",
        "tartu": "active",
    }


def test_event_by_one_party_changes_only_that_party() -> None:
    partnership = twinning(
        event("signed", "1993"),
        event("suspended", "2020-03-01", party="tartu"),
    )
    assert partnership.status_on(D(2021, 1, 1)) == {
        "skanderborg": "active",
        "tartu": "suspended",
    }


def test_the_two_sides_may_disagree_and_later_agree_again() -> None:
    partnership = twinning(
        event("signed", "1993"),
        event("ended", "2015-06-01", party="skanderborg"),
        event("dormant", "2016", party="tartu"),
        event("re-signed", "2019-09-09"),
    )
    assert partnership.status_on(D(2017, 1, 1)) == {
        "skanderborg": "ended",
        "tartu": "dormant",
    }
    assert partnership.status_on(D(2020, 1, 1)) == {
        "skanderborg": "active",
        "tartu": "active",
    }


def test_status_before_any_event_is_none() -> None:
    partnership = twinning(event("signed", "1993-05-01"))
    assert partnership.status_on(D(1993, 4, 30)) == {
        "skanderborg": None,
        "tartu": None,
    }
    assert twinning().status_on(D(2024, 1, 1)) == {"skanderborg": None, "tartu": None}


def test_event_counts_from_its_own_day() -> None:
    partnership = twinning(event("signed", "1993-05-01"))
    assert partnership.status_on(D(1993, 5, 1))["tartu"] == "active"


def test_event_dated_only_by_year_counts_from_the_end_of_that_year() -> None:
    partnership = twinning(event("signed", "1990"), event("ended", "2023"))
    assert partnership.status_on(D(2023, 6, 1))["tartu"] == "active"
    assert partnership.status_on(D(2023, 12, 30))["tartu"] == "active"
    assert partnership.status_on(D(2023, 12, 31))["tartu"] == "ended"


def test_event_dated_by_decade_counts_from_the_end_of_the_decade() -> None:
    partnership = twinning(event("signed", "~1960s"))
    assert partnership.status_on(D(1965, 1, 1))["tartu"] is None
    assert partnership.status_on(D(1969, 12, 31))["tartu"] == "active"


@pytest.mark.parametrize("kind", ["reviewed", "noted"])
def test_reviews_and_notes_leave_the_status_unchanged(kind: str) -> None:
    partnership = twinning(
        event("signed", "1993"),
        event("suspended", "2010", party="tartu"),
        event(kind, "2015"),
    )
    assert partnership.status_on(D(2016, 1, 1)) == {
        "skanderborg": "active",
        "tartu": "suspended",
    }


def test_review_alone_gives_no_status() -> None:
    assert twinning(event("reviewed", "2015")).status_on(D(2016, 1, 1)) == {
        "skanderborg": None,
        "tartu": None,
    }


def test_events_apply_in_date_order_whatever_order_they_are_listed_in() -> None:
    partnership = twinning(
        event("ended", "2020-01-01"),
        event("signed", "1993-05-01"),
        event("suspended", "2010-01-01", party="tartu"),
    )
    assert partnership.status_on(D(2015, 1, 1)) == {
        "skanderborg": "active",
        "tartu": "suspended",
    }
    assert partnership.status_on(D(2021, 1, 1)) == {
        "skanderborg": "ended",
        "tartu": "ended",
    }


@pytest.mark.parametrize(("kind", "status"), sorted(STATUS_AFTER_EVENT.items()))
def test_each_event_kind_leaves_its_documented_status(kind: str, status: str) -> None:
    partnership = twinning(event(kind, "2001-01-01", party="tartu"))
    assert partnership.status_on(D(2001, 1, 1)) == {
        "skanderborg": None,
        "tartu": status,
    }


def test_status_without_a_day_is_as_of_today() -> None:
    partnership = twinning(
        event("signed", "1993"), event("ended", "9999-12-31", party="tartu")
    )
    assert partnership.status_on() == {"skanderborg": "active", "tartu": "active"}


def test_events_in_returns_events_whose_date_may_fall_in_the_interval() -> None:
    signed = event("signed", "1993-05-01")
    reviewed = event("reviewed", "2011")
    visit = event("noted", "2011-06-15")
    ended = event("ended", "2012-01-01")
    partnership = twinning(signed, reviewed, visit, ended)
    assert partnership.events_in(D(2011, 6, 1), D(2011, 6, 30)) == (reviewed, visit)
    assert partnership.events_in(D(2011, 12, 31), D(2012, 1, 1)) == (reviewed, ended)
    assert partnership.events_in(D(1994, 1, 1), D(2010, 12, 31)) == ()


def test_start_is_the_earliest_event_by_the_interval_it_covers() -> None:
    partnership = twinning(
        event("re-signed", "2001"),
        event("signed", "~1960s"),
        event("reviewed", "1960-05"),
    )
    assert partnership.start() == PartialDate.parse("~1960s")
    assert twinning().start() is None


def test_party_ids_are_listed_in_order() -> None:
    assert twinning().party_ids() == ("skanderborg", "tartu")


@settings(BIG)
@given(partnerships())
def test_every_party_has_a_status_entry(partnership: Partnership) -> None:
    # The day every event has surely happened by (one never sure is left out).
    last = max(
        (by for _event, by in partnership.history() if by < D.max),
        default=D(2000, 1, 1),
    )
    statuses = partnership.status_on(last)
    assert set(partnership.party_ids()) <= set(statuses)
    changing = [e for e in partnership.events_by(last) if e.leads_to() is not None]
    # Past the agreement's expiry an active party reads expired or renewed.
    expired = partnership.expires is not None and partnership.expires.last_day < last
    if changing and changing[-1].party is None and not expired:
        assert set(statuses.values()) == {changing[-1].leads_to()}
