"""A partnership as of a date: when it was established, and its agreement's expiry."""

from __future__ import annotations

import datetime as dt

import attrs

from munintl.model import (
    PARTNERSHIP_STATUSES,
    LocalizedText,
    PartialDate,
    Partnership,
    PartnershipEvent,
    Party,
)

D = dt.date


def event(kind: str, date: str, party: str | None = None) -> PartnershipEvent:
    return PartnershipEvent(kind=kind, date=PartialDate.parse(date), party=party)


def agreement(*events: PartnershipEvent, expires: str | None = None) -> Partnership:
    return Partnership(
        id="nordby-bergen",
        kind="cooperation-agreement",
        title=LocalizedText.of(en="Cooperation with Bergen"),
        parties=(Party(party="nordby"), Party(party="bergen")),
        events=events,
        expires=PartialDate.parse(expires) if expires else None,
    )


# -- established ("since") ------------------------------------------------------


def test_established_is_the_first_event_that_made_a_party_active() -> None:
    partnership = agreement(
        event("proposed", "2010"),
        event("noted", "2011", party="bergen"),
        event("signed", "2013-05-02"),
        event("re-signed", "2018"),
    )
    signed = PartialDate.parse("2013-05-02")
    assert partnership.established(D(2024, 1, 1)) == {
        "nordby": signed,
        "bergen": signed,
    }
    # The first event of any kind was the proposal of 2010.
    assert partnership.start() == PartialDate.parse("2010")


def test_established_is_per_party() -> None:
    partnership = agreement(
        event("signed", "1993", party="nordby"),
        event("signed", "1994-03", party="bergen"),
    )
    assert partnership.established(D(2000, 1, 1)) == {
        "nordby": PartialDate.parse("1993"),
        "bergen": PartialDate.parse("1994-03"),
    }


def test_nothing_is_established_before_the_signature() -> None:
    partnership = agreement(event("proposed", "2010"), event("signed", "2013"))
    assert partnership.established(D(2012, 12, 31)) == {
        "nordby": None,
        "bergen": None,
    }
    # An event counts once it has surely happened: "2013" by 31 December.
    assert partnership.established(D(2013, 6, 30)) == {"nordby": None, "bergen": None}


# -- expiry -------------------------------------------------------------------


def test_agreement_past_its_expiry_reads_expired() -> None:
    partnership = agreement(event("signed", "2015"), expires="2019")
    assert partnership.status_on(D(2019, 12, 31)) == {
        "nordby": "active",
        "bergen": "active",
    }
    assert partnership.status_on(D(2020, 1, 1)) == {
        "nordby": "expired",
        "bergen": "expired",
    }


def test_renewal_after_the_expiry_reads_renewed_from_its_date() -> None:
    partnership = agreement(
        event("signed", "2015"), event("renewed", "2020-03-01"), expires="2019"
    )
    assert partnership.status_on(D(2020, 2, 1))["nordby"] == "expired"
    assert partnership.status_on(D(2020, 3, 1)) == {
        "nordby": "renewed",
        "bergen": "renewed",
    }


def test_new_signature_after_the_expiry_reads_active() -> None:
    partnership = agreement(
        event("signed", "2015"), event("signed", "2021-05-01"), expires="2019"
    )
    assert partnership.status_on(D(2022, 1, 1)) == {
        "nordby": "active",
        "bergen": "active",
    }


def test_renewal_before_the_recorded_expiry_does_not_carry_past_it() -> None:
    # ``expires`` is the expiry of the agreement as it stands; a renewal before
    # it is taken to be in it already.
    partnership = agreement(
        event("signed", "2010"), event("renewed", "2015"), expires="2019"
    )
    assert partnership.status_on(D(2018, 1, 1))["nordby"] == "active"
    assert partnership.status_on(D(2021, 1, 1))["nordby"] == "expired"


def test_expiry_leaves_a_party_that_is_not_active_alone() -> None:
    partnership = agreement(
        event("signed", "2015"),
        event("suspended", "2017", party="bergen"),
        expires="2019",
    )
    assert partnership.status_on(D(2021, 1, 1)) == {
        "nordby": "expired",
        "bergen": "suspended",
    }


def test_renewal_by_one_party_renews_only_that_party() -> None:
    partnership = agreement(
        event("signed", "2015"),
        event("renewed", "2020", party="nordby"),
        expires="2019",
    )
    assert partnership.status_on(D(2021, 1, 1)) == {
        "nordby": "renewed",
        "bergen": "expired",
    }


def test_every_status_given_is_a_known_status() -> None:
    partnership = agreement(event("signed", "2015"), expires="2019")
    renewed = attrs.evolve(
        partnership, events=(*partnership.events, event("renewed", "2020"))
    )
    seen = {
        *partnership.status_on(D(2021, 1, 1)).values(),
        *renewed.status_on(D(2021, 1, 1)).values(),
    }
    assert seen == {"expired", "renewed"}
    assert seen <= set(PARTNERSHIP_STATUSES)
