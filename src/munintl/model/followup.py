"""Reporting back: follow-ups to political bodies, status updates, decisions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import attrs

from munintl.model.dates import N_, ModelValueError, PartialDate, Period
from munintl.model.text import LocalizedText
from munintl.model.values import (
    Entity,
    Link,
    address,
    code,
    ident,
    is_slug,
    many,
    optional_code,
    plain_line,
    ref,
    refs,
    text,
)

SubjectKind = Literal["theme", "goal", "initiative", "partnership"]
SUBJECT_KINDS: tuple[SubjectKind, ...] = ("theme", "goal", "initiative", "partnership")


@attrs.frozen(order=True)
class SubjectRef:
    """What a status update or decision is about, written ``kind:id``.

    >>> SubjectRef.parse("initiative:active-travel-network")
    SubjectRef(kind='initiative', id='active-travel-network')
    """

    kind: SubjectKind = attrs.field(validator=attrs.validators.in_(SUBJECT_KINDS))
    id: str = attrs.field()

    @id.validator
    def _check_id(self, _attribute: object, value: str) -> None:
        if not is_slug(value):
            raise ModelValueError(N_("{value!r} is not a valid id"), value=value)

    @classmethod
    def parse(cls, value: str) -> SubjectRef:
        """Read ``kind:id``, kind one of theme, goal, initiative, partnership.

        Raise :class:`ValueError` for another kind or an id that is not a slug.
        """
        kind, sep, id_ = value.partition(":")
        if not sep or kind not in SUBJECT_KINDS:
            raise ModelValueError(
                N_("{value!r} is not a subject; write one of {kinds}"),
                value=value,
                kinds=", ".join(f"{k}:<id>" for k in SUBJECT_KINDS),
            )
        return cls(kind, id_)

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"


@attrs.frozen(kw_only=True)
class StatusUpdate(Entity):
    """One subject's status in a follow-up: what was achieved, what deviated.

    ``status`` is the subject's status (an initiative status code),
    ``progress`` how it is going (on track, at risk, delayed, ...).
    """

    subject: SubjectRef
    status: str | None = optional_code("initiative-status")
    progress: str | None = optional_code("progress-status")
    achievements: LocalizedText = text()
    deviations: LocalizedText = text()
    next_steps: LocalizedText = text()


@attrs.frozen(kw_only=True)
class Decision(Entity):
    """A decision a body took on a follow-up or on the subjects it covers.

    A body that may only recommend (a scrutiny or audit committee, a
    committee before the council) names the body it recommends to under
    ``recommended_to``: its ``outcome`` is then what it recommends.
    """

    body: str = ref(to="bodies", required=True)
    date: PartialDate
    outcome: str = code("decision-outcome")
    recommended_to: str | None = ref(to="actors")
    text: LocalizedText = text()
    subjects: tuple[SubjectRef, ...] = many()
    reference: str | None = plain_line()


CasePurpose = Literal["decision", "information"]
CASE_PURPOSES: tuple[CasePurpose, ...] = ("decision", "information")


@attrs.frozen(kw_only=True)
class CaseReference:
    """Where the follow-up sits in the case and committee systems.

    ``purpose`` is the agenda item's case type: put to the body ``decision``
    or for its ``information`` (*beslutning* or *orientering*).  Unset, a
    follow-up with decisions requested is for decision, else for information.
    """

    number: str | None = plain_line()
    meeting: PartialDate | None = None
    agenda_item: str | None = plain_line()
    url: str | None = address()
    purpose: CasePurpose | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.in_(CASE_PURPOSES)),
    )


def _by_subject(updates: Iterable[StatusUpdate]) -> tuple[StatusUpdate, ...]:
    # Kept in subject order so a store that keeps one file per update loads
    # exactly what was saved.
    return tuple(sorted(updates, key=lambda update: update.subject))


FollowUpState = Literal["draft", "submitted", "noted", "decided"]
FOLLOW_UP_STATES: tuple[FollowUpState, ...] = ("draft", "submitted", "noted", "decided")


@attrs.frozen(kw_only=True)
class FollowUp(Entity):
    """A report to a body: the yearly follow-up, a review, an evaluation, an audit.

    A follow-up is drafted, then ``submitted`` (from then on frozen: its
    ``fingerprint`` records its content, see :func:`munintl.followups.submit`),
    then ``noted`` or ``decided`` by the body; ``source_revision`` is the
    revision of the store it was made from, where the store keeps them
    (``munintl diff LOCATION@ID LOCATION`` shows what changed since).
    ``recommendation`` is the
    *indstilling*; ``decisions_requested`` what the body is asked to decide.
    ``forms_due`` is when the preparing bodies' status forms are due (see
    :mod:`munintl.followround`).  A correction to a frozen follow-up is a new
    follow-up that ``revises`` it, with a ``revision_note`` saying why.

    ``addressee`` is any actor: a body of the municipality, or one outside
    it (an audit office, a partner's council) entered as an organisation.

    ``period`` is the period followed up (a year, say).  A follow-up
    without one covers no fixed period -- an ad-hoc review of one
    relationship, a review an audit office asked for: it covers only the
    subjects it names (:attr:`subjects`), as of its own date
    (:attr:`as_of`).
    """

    id: str = ident()
    kind: str = code("follow-up-kind", "yearly")
    title: LocalizedText = text(one_line=True)
    period: Period | None = None
    addressee: str = ref(to="actors", required=True)
    prepared_by: tuple[str, ...] = refs(to="bodies")
    strategy: str | None = ref(to="strategies")
    due: PartialDate | None = None
    forms_due: PartialDate | None = None
    case: CaseReference | None = None
    state: FollowUpState = attrs.field(
        default="draft", validator=attrs.validators.in_(FOLLOW_UP_STATES)
    )
    submitted: PartialDate | None = None
    fingerprint: str | None = None
    revises: str | None = ref(to="followups")
    revision_note: LocalizedText = text()
    source_revision: str | None = None
    summary: LocalizedText = text()
    recommendation: LocalizedText = text()
    decisions_requested: tuple[LocalizedText, ...] = many()
    updates: tuple[StatusUpdate, ...] = attrs.field(
        factory=tuple, converter=_by_subject
    )
    decisions: tuple[Decision, ...] = many()
    links: tuple[Link, ...] = many()

    @property
    def subjects(self) -> tuple[SubjectRef, ...]:
        """The subjects named: by a status update or a decision, in order."""
        named = {update.subject for update in self.updates}
        named.update(s for decision in self.decisions for s in decision.subjects)
        return tuple(sorted(named))

    @property
    def as_of(self) -> PartialDate | None:
        """The follow-up's own date: submitted, else its meeting, else due.

        A follow-up without a period reads every status on this day; None
        when none of the three is given (a draft is then read as of the
        day it is rendered).
        """
        meeting = self.case.meeting if self.case else None
        return self.submitted or meeting or self.due

    @property
    def is_frozen(self) -> bool:
        """True once the follow-up has been submitted."""
        return self.state != "draft"

    def update_for(self, subject: SubjectRef) -> StatusUpdate | None:
        """The status update on ``subject``, if the follow-up has one."""
        for update in self.updates:
            if update.subject == subject:
                return update
        return None
