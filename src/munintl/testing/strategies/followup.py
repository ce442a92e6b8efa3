"""Strategies for follow-ups: status updates, decisions, case references."""

from __future__ import annotations

import functools

import attrs
from hypothesis import strategies as st

from munintl.followups import content_fingerprint
from munintl.model import (
    CaseReference,
    Decision,
    FollowUp,
    Period,
    StatusUpdate,
    SubjectRef,
)
from munintl.model.followup import CASE_PURPOSES, FOLLOW_UP_STATES
from munintl.testing.strategies._base import (
    FIRST_YEAR,
    LAST_YEAR,
    URLS,
    Draw,
    few,
    optional,
)
from munintl.testing.strategies.dates import periods, recent_dates
from munintl.testing.strategies.references import (
    ANY,
    References,
    distinct_refs,
    optional_ref,
    required_ref,
)
from munintl.testing.strategies.text import localized_texts, optional_texts, texts
from munintl.testing.strategies.values import (
    code,
    entity_fields,
    links,
    slugs,
)

__all__ = [
    "case_references",
    "decisions",
    "followups",
    "status_updates",
    "subject_refs",
]


@functools.cache
def subject_refs() -> st.SearchStrategy[SubjectRef]:
    """Generate the ``kind:id`` subject of a status update or decision."""
    return st.builds(
        SubjectRef,
        st.sampled_from(("theme", "goal", "initiative", "partnership")),
        slugs(),
    )


@st.composite
def status_updates(draw: Draw, *, subject: SubjectRef | None = None) -> StatusUpdate:
    """One subject's status, progress, achievements and deviations."""
    return StatusUpdate(
        **entity_fields(draw),
        subject=subject or draw(subject_refs()),
        status=draw(optional(code("initiative-status"))),
        progress=draw(optional(code("progress-status"))),
        achievements=draw(optional_texts()),
        deviations=draw(optional_texts()),
        next_steps=draw(optional_texts()),
    )


@st.composite
def decisions(draw: Draw, *, refs: References = ANY) -> Decision:
    """Generate a decision a body took on the subjects of a follow-up."""
    if refs.subjects is None:
        subjects = draw(st.lists(subject_refs(), max_size=2, unique=True))
    elif refs.subjects:
        pool = refs.subjects
        subjects = draw(st.lists(st.sampled_from(pool), max_size=2, unique=True))
    else:
        subjects = []
    return Decision(
        **entity_fields(draw),
        body=required_ref(draw, refs.bodies),
        date=draw(recent_dates()),
        outcome=draw(code("decision-outcome")),
        recommended_to=optional_ref(draw, refs.bodies),
        text=draw(optional_texts()),
        subjects=tuple(subjects),
        reference=draw(optional(texts(max_size=12))),
    )


@functools.cache
def case_references() -> st.SearchStrategy[CaseReference]:
    """Generate the case number, meeting and agenda item of a follow-up."""
    return st.builds(
        CaseReference,
        number=optional(st.sampled_from(("24/12345", "00.01.00-A00-1-24", "1e3"))),
        meeting=optional(recent_dates()),
        agenda_item=optional(st.sampled_from(("5", "12a", "no"))),
        url=optional(st.sampled_from(URLS)),
        purpose=optional(st.sampled_from(CASE_PURPOSES)),
    )


@st.composite
def followups(
    draw: Draw,
    *,
    id: str | None = None,
    period: Period | None = None,
    ad_hoc: bool | None = None,
    refs: References = ANY,
) -> FollowUp:
    """Generate a follow-up with one update per subject and some decisions.

    With ``refs.subjects`` the updates cover some of those subjects (the
    ones active in ``period``); without, any subjects.  ``ad_hoc`` makes a
    follow-up that covers no fixed period (an ad-hoc review) with at least
    one update; None draws either kind when no ``period`` is given.
    """
    if ad_hoc is None:
        ad_hoc = period is None and refs.subjects != () and draw(st.booleans())
    fixed: Period | None = None
    if not ad_hoc:
        fixed = period or draw(
            st.integers(FIRST_YEAR, LAST_YEAR).map(Period.year)
            | periods(open_ends=False)
        )
    least = 1 if ad_hoc else 0
    if refs.subjects is None:
        subjects = draw(
            st.lists(subject_refs(), min_size=least, max_size=3, unique=True)
        )
    else:
        subjects = draw(st.permutations(refs.subjects))[:3]
    draft = FollowUp(
        **entity_fields(draw),
        id=id or draw(slugs()),
        kind=draw(code("follow-up-kind")),
        title=draw(optional_texts()),
        period=fixed,
        addressee=required_ref(draw, refs.bodies),
        prepared_by=distinct_refs(draw, refs.bodies),
        strategy=optional_ref(draw, refs.strategies),
        due=draw(optional(recent_dates())),
        forms_due=draw(optional(recent_dates())),
        case=draw(optional(case_references())),
        revises=optional_ref(draw, refs.followups),
        revision_note=draw(optional_texts()),
        summary=draw(optional_texts()),
        recommendation=draw(optional_texts()),
        decisions_requested=draw(few(localized_texts(), 2)),
        updates=tuple(draw(status_updates(subject=s)) for s in subjects),
        decisions=tuple(
            draw(
                st.lists(
                    decisions(refs=attrs.evolve(refs, subjects=tuple(subjects))),
                    max_size=2,
                )
            )
        ),
        links=draw(few(links(), 1)),
    )
    state = draw(st.sampled_from(FOLLOW_UP_STATES))
    if state == "draft":
        return draft
    # Submitted follow-ups carry the fingerprint of their content, as
    # munintl.followups.submit records it.
    return attrs.evolve(
        draft,
        state=state,
        submitted=draw(optional(recent_dates())),
        fingerprint=content_fingerprint(draft),
        source_revision=draw(optional(st.integers(1, 10**6).map(str))),
    )
