"""File the follow-up with its body: submit it, record the decision, correct it.

A submitted follow-up is frozen (:mod:`munintl.followups`): its content is
fingerprinted, and a report of it renders the same bytes every time.  A
correction never edits it: :func:`correct_followup` adds a new follow-up
that ``revises`` it, with a note saying why, as a draft to change and submit.
"""

from __future__ import annotations

import re

import attrs

from munintl.followround.plan import RoundError
from munintl.followups import submit
from munintl.i18n import _
from munintl.model import (
    CaseReference,
    Decision,
    FollowUp,
    LocalizedText,
    PartialDate,
    Portfolio,
)

__all__ = ["correct_followup", "decide_followup", "submit_followup"]


def _get(portfolio: Portfolio, followup_id: str) -> FollowUp:
    followup = portfolio.followup(followup_id)
    if followup is None:
        known = ", ".join(f.id for f in portfolio.followups) or "-"
        raise RoundError(
            _("there is no follow-up {id!r}; the portfolio has: {known}").format(
                id=followup_id, known=known
            )
        )
    return followup


def _replace(portfolio: Portfolio, followup: FollowUp) -> Portfolio:
    others = [f for f in portfolio.followups if f.id != followup.id]
    return attrs.evolve(portfolio, followups=[*others, followup])


def submit_followup(
    portfolio: Portfolio,
    followup_id: str,
    *,
    case_number: str,
    meeting: PartialDate,
    on: PartialDate,
    agenda_item: str | None = None,
    url: str | None = None,
    revision: str | None = None,
) -> Portfolio:
    """Submit the draft follow-up to its body's meeting under ``case_number``.

    Records the case reference, then freezes the follow-up (state
    ``submitted``, submission date ``on``, fingerprint, and ``revision`` --
    the revision of the store the portfolio was loaded from -- as its
    ``source_revision``).  Raise
    :class:`~munintl.followups.FollowUpStateError` if it is not a draft.
    """
    followup = _get(portfolio, followup_id)
    recorded = followup.case or CaseReference()
    case = attrs.evolve(
        recorded,
        number=case_number,
        meeting=meeting,
        agenda_item=recorded.agenda_item if agenda_item is None else agenda_item,
        url=recorded.url if url is None else url,
    )
    if followup.is_frozen:
        # submit() raises the state error with its own advice.
        submit(followup, on=on)
    return _replace(
        portfolio,
        submit(attrs.evolve(followup, case=case), on=on, revision=revision),
    )


def decide_followup(
    portfolio: Portfolio,
    followup_id: str,
    *,
    outcome: str,
    on: PartialDate,
    text: LocalizedText | None = None,
    reference: str | None = None,
    by: str | None = None,
) -> Portfolio:
    """Record the body's decision on a submitted follow-up.

    The decision is the addressee's, or that of the body ``by`` names --
    needed when the follow-up went to an actor outside the municipality
    (an audit office) and one of the municipality's bodies decided.  The
    state becomes ``noted`` for the outcome ``noted``, else ``decided``;
    the follow-up stays intact (decisions are not part of its frozen
    content).  Raise :class:`RoundError` for a draft, or when the deciding
    body is not one of the municipality's.
    """
    followup = _get(portfolio, followup_id)
    if not followup.is_frozen:
        raise RoundError(
            _(
                "the follow-up {id!r} is a draft; submit it (munintl followup"
                " submit) before recording its decision"
            ).format(id=followup.id)
        )
    body = by or followup.addressee
    if portfolio.body(body) is None:
        known = ", ".join(b.id for b in portfolio.bodies) or "-"
        raise RoundError(
            _(
                "the follow-up {id!r} goes to {addressee!r}, which is not a body"
                " of the municipality; name the body that decided with --by (one"
                " of: {known})"
            ).format(id=followup.id, addressee=body, known=known)
            if by is None
            else _(
                "there is no body {body!r} to record the decision of; the"
                " portfolio has: {known}"
            ).format(body=by, known=known)
        )
    decision = Decision(
        body=body,
        date=on,
        outcome=outcome,
        text=text or LocalizedText(),
        reference=reference,
    )
    return _replace(
        portfolio,
        attrs.evolve(
            followup,
            decisions=(*followup.decisions, decision),
            state="noted" if outcome == "noted" else "decided",
        ),
    )


def _next_id(portfolio: Portfolio, followup: FollowUp) -> str:
    stem = re.sub(r"-r\d+$", "", followup.id)
    number = 2
    while portfolio.followup(f"{stem}-r{number}") is not None:
        number += 1
    return f"{stem}-r{number}"


def correct_followup(
    portfolio: Portfolio, followup_id: str, *, note: LocalizedText
) -> tuple[Portfolio, FollowUp]:
    """Start a correction of a frozen follow-up: a new draft revision with ``note``.

    The frozen follow-up is left as it is.  The new one (id ``<id>-r2``,
    ``-r3``, ...) copies its content, ``revises`` it, carries ``note`` as
    its ``revision_note`` and is a draft with no submission, fingerprint,
    source revision or decisions.  Raise :class:`RoundError` for a draft
    (edit it directly), a follow-up already corrected, or an empty note.
    """
    followup = _get(portfolio, followup_id)
    if not followup.is_frozen:
        raise RoundError(
            _(
                "the follow-up {id!r} is still a draft; change it directly, a"
                " correction is only for a submitted follow-up"
            ).format(id=followup.id)
        )
    newer = [f.id for f in portfolio.followups if f.revises == followup.id]
    if newer:
        raise RoundError(
            _("the follow-up {id!r} was already corrected by {newer}").format(
                id=followup.id, newer=", ".join(newer)
            )
        )
    if not note:
        raise RoundError(_("a correction needs a note saying what it corrects"))
    revision = attrs.evolve(
        followup,
        id=_next_id(portfolio, followup),
        state="draft",
        submitted=None,
        fingerprint=None,
        # Made from no revision yet: @<id> named the corrected one's.
        source_revision=None,
        decisions=(),
        revises=followup.id,
        revision_note=note,
    )
    return _replace(portfolio, revision), revision
