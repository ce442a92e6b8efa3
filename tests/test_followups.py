"""Submitting follow-ups and checking they stay as submitted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from munintl.errors import MunintlError
from munintl.followups import (
    FollowUpStateError,
    content_fingerprint,
    is_intact,
    submit,
)
from munintl.model import (
    Decision,
    FollowUp,
    LocalizedText,
    PartialDate,
    Period,
    StatusUpdate,
    SubjectRef,
)
from munintl.wire.convert import structure, unstructure


def draft(**kwargs: Any) -> FollowUp:
    kwargs.setdefault(
        "updates",
        (
            StatusUpdate(
                subject=SubjectRef("initiative", "museum-exchange"),
                progress="on-track",
                achievements=LocalizedText.of(da="To besøg", en="Two visits"),
            ),
        ),
    )
    return FollowUp(
        id="followup-2024",
        period=Period.year(2024),
        addressee="council",
        summary=LocalizedText.of(da="Alt går godt", en="All is well"),
        **kwargs,
    )


def test_submit_sets_state_date_and_fingerprint() -> None:
    sent = submit(draft(), on=PartialDate.parse("2025-03-04"))
    assert sent.state == "submitted"
    assert sent.submitted == PartialDate.parse("2025-03-04")
    assert sent.fingerprint == content_fingerprint(draft())
    assert sent.fingerprint is not None
    assert sent.fingerprint.startswith("sha256:")


def test_submit_accepts_a_calendar_date() -> None:
    sent = submit(draft(), on=dt.date(2025, 3, 4))
    assert sent.submitted == PartialDate(year=2025, month=3, day=4)


def test_submit_leaves_the_draft_unchanged() -> None:
    original = draft()
    submit(original, on=dt.date(2025, 3, 4))
    assert original.state == "draft"
    assert original.fingerprint is None


def test_submitting_a_submitted_followup_is_an_error() -> None:
    sent = submit(draft(), on=dt.date(2025, 3, 4))
    with pytest.raises(FollowUpStateError) as raised:
        submit(sent, on=dt.date(2025, 3, 5))
    assert isinstance(raised.value, MunintlError)
    assert str(raised.value) == (
        "follow-up 'followup-2024' is already submitted; only a draft can be"
        " submitted (set its state back to draft to change and resubmit it)"
    )


def test_state_date_and_decisions_are_not_part_of_the_content() -> None:
    sent = submit(draft(), on=dt.date(2025, 3, 4))
    decision = Decision(body="council", date=PartialDate(year=2025), outcome="noted")
    decided = attrs.evolve(sent, state="decided", decisions=(decision,))
    assert content_fingerprint(decided) == content_fingerprint(draft())


def test_changing_an_update_changes_the_content_fingerprint() -> None:
    changed = draft(
        updates=(
            StatusUpdate(
                subject=SubjectRef("initiative", "museum-exchange"),
                progress="delayed",
            ),
        )
    )
    assert content_fingerprint(changed) != content_fingerprint(draft())


def test_a_draft_is_always_intact() -> None:
    assert is_intact(draft())


def test_a_submitted_followup_is_intact_until_its_content_changes() -> None:
    sent = submit(draft(), on=dt.date(2025, 3, 4))
    assert is_intact(sent)
    assert is_intact(attrs.evolve(sent, state="noted"))
    assert not is_intact(attrs.evolve(sent, summary=LocalizedText.of(da="Ændret")))


def test_a_submitted_followup_without_fingerprint_is_not_intact() -> None:
    assert not is_intact(draft(state="submitted"))


def test_a_submitted_followup_stays_intact_through_the_wire_shape() -> None:
    sent = submit(draft(), on=dt.date(2025, 3, 4))
    assert is_intact(structure(unstructure(sent), FollowUp))
