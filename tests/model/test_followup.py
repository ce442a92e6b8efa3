"""Follow-ups: subjects, status updates in subject order, state."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from munintl.model import SUBJECT_KINDS, FollowUp, Period, StatusUpdate, SubjectRef
from munintl.testing.strategies import BIG, followups, subject_refs


def update(subject: str) -> StatusUpdate:
    return StatusUpdate(subject=SubjectRef.parse(subject))


def followup(*updates: StatusUpdate, state: Any = "draft") -> FollowUp:
    return FollowUp(
        id="followup-2024",
        period=Period.year(2024),
        addressee="council",
        state=state,
        updates=updates,
    )


@pytest.mark.parametrize("kind", SUBJECT_KINDS)
def test_subject_ref_parse_reads_each_kind(kind: str) -> None:
    ref = SubjectRef.parse(f"{kind}:active-travel-network")
    assert (ref.kind, ref.id) == (kind, "active-travel-network")
    assert str(ref) == f"{kind}:active-travel-network"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("initiative", "'initiative' is not a subject; write one of theme:<id>"),
        ("project:x", "'project:x' is not a subject"),
        (":x", "':x' is not a subject"),
        ("Initiative:x", "is not a subject"),
        ("", "'' is not a subject"),
        ("initiative:", "'' is not a valid id"),
        ("initiative:Not A Slug", "'Not A Slug' is not a valid id"),
        ("initiative:a:b", "'a:b' is not a valid id"),
    ],
)
def test_subject_ref_parse_refuses_unknown_kinds_and_bad_ids(
    text: str, message: str
) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        SubjectRef.parse(text)


def test_subject_ref_parse_error_lists_every_kind() -> None:
    with pytest.raises(ValueError, match="partnership:<id>") as caught:
        SubjectRef.parse("project:x")
    for kind in SUBJECT_KINDS:
        assert f"{kind}:<id>" in str(caught.value)


@given(subject_refs())
def test_subject_ref_reads_back_what_it_writes(ref: SubjectRef) -> None:
    assert SubjectRef.parse(str(ref)) == ref


def test_subject_refs_order_by_kind_then_id() -> None:
    refs = [
        SubjectRef.parse(s) for s in ("theme:b", "goal:z", "theme:a", "initiative:a")
    ]
    assert [str(r) for r in sorted(refs)] == [
        "goal:z",
        "initiative:a",
        "theme:a",
        "theme:b",
    ]


def test_updates_are_kept_in_subject_order() -> None:
    built = followup(
        update("theme:youth"), update("initiative:urbact"), update("theme:climate")
    )
    assert [str(u.subject) for u in built.updates] == [
        "initiative:urbact",
        "theme:climate",
        "theme:youth",
    ]


@given(st.lists(subject_refs(), unique=True, max_size=6), st.randoms())
def test_followups_with_the_same_updates_in_any_order_are_equal(
    subjects: list[SubjectRef], random: Any
) -> None:
    updates = [StatusUpdate(subject=s) for s in subjects]
    shuffled = list(updates)
    random.shuffle(shuffled)
    assert followup(*updates) == followup(*shuffled)
    assert [u.subject for u in followup(*shuffled).updates] == sorted(subjects)


def test_update_for_finds_the_update_on_a_subject() -> None:
    wanted = update("partnership:tartu")
    built = followup(update("theme:climate"), wanted)
    assert built.update_for(SubjectRef("partnership", "tartu")) is wanted
    assert built.update_for(SubjectRef("partnership", "arendal")) is None


@pytest.mark.parametrize(
    ("state", "frozen"),
    [("draft", False), ("submitted", True), ("noted", True), ("decided", True)],
)
def test_followup_is_frozen_once_submitted(state: str, frozen: bool) -> None:
    assert followup(state=state).is_frozen is frozen


def test_followup_state_must_be_a_known_state() -> None:
    with pytest.raises(ValueError, match="state"):
        followup(state="sent")


def test_followup_needs_a_period_and_an_addressee() -> None:
    with pytest.raises(TypeError, match="addressee"):
        FollowUp(id="f", period=Period.year(2024))  # type: ignore[call-arg]  # on purpose


@settings(BIG)
@given(followups())
def test_generated_followups_have_one_update_per_subject(followup: FollowUp) -> None:
    subjects = [u.subject for u in followup.updates]
    assert len(subjects) == len(set(subjects))
    assert subjects == sorted(subjects)
